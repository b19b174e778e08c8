import type { ValueCount } from '../model/counts.js';
import { copyString } from './copy-string.js';

/**
 * The paths, hosts and upstreams of one status per ten-minute slice of the log, so that triage can
 * say what a single episode hit: an upstream that failed at 09:12 is often not the one that failed
 * at 19:30, and the whole run's top list blends them. A slice keeps a few distinct values of each
 * kind exactly and drops the rest; an episode's top values are what its slices add up to. Slices
 * double in width whenever there are more than MAX_SLICES of them, so memory follows a bound and not
 * the span of the timestamps (twenty years of hourly errors would otherwise be 175,000 slices).
 */
export const SLICE_MINUTES = 10;
/** Most slices kept: two weeks of ten-minute slices, a month of twenty-minute ones. */
const MAX_SLICES = 2048;
/** Distinct values a slice keeps of each kind; an episode needs its leading ones, not a census. */
const VALUES_PER_SLICE = 8;

export type SliceKind = 'paths' | 'hosts' | 'upstreams';
const KINDS: readonly SliceKind[] = ['paths', 'hosts', 'upstreams'];

export interface SliceSummary {
  /** Epoch ms of the slice's start. */
  start: number;
  /** Its width in minutes: SLICE_MINUTES, or a multiple of it on a long span. */
  minutes: number;
  paths: ValueCount[];
  hosts: ValueCount[];
  upstreams: ValueCount[];
}

/** Slices as a summary file holds them (see tally-document.ts). */
export interface SlicesDocument {
  /** Minutes per slice. */
  minutes: number;
  slices: SliceDocument[];
}

/** One slice's values as [value, count] pairs. */
export interface SliceDocument {
  start: number;
  paths?: [string, number][];
  hosts?: [string, number][];
  upstreams?: [string, number][];
}

type Slice = Partial<Record<SliceKind, Map<string, number>>>;

export class SliceTops {
  private slices = new Map<number, Slice>();
  /** Minutes per slice. */
  private width = SLICE_MINUTES;

  /** The slice add() counted in last: errors come in time order, so most lines land in it again. */
  private lastNumber = Number.NaN;
  private lastSlice: Slice = {};

  /** Counts a value of a kind in the slice of the given minute number (epoch ms / 60,000). */
  add(minute: number, kind: SliceKind, value: string): void {
    const number = Math.floor(minute / this.width);
    if (number !== this.lastNumber) {
      this.lastSlice = this.sliceOf(number);
      // sliceOf() may have widened the slices: the number is worked out again next time.
      this.lastNumber = Math.floor(minute / this.width) === number ? number : Number.NaN;
    }
    this.count(this.lastSlice, kind, value, 1);
  }

  merge(other: SliceTops): void {
    while (this.width < other.width) this.coarsen();
    for (const [number, slice] of other.slices) {
      const mine = this.sliceOf(Math.floor((number * other.width) / this.width));
      for (const kind of KINDS) for (const [value, count] of slice[kind] ?? []) this.count(mine, kind, value, count);
    }
  }

  /** Every slice that counted anything, in time order. */
  summarize(): SliceSummary[] {
    return [...this.slices]
      .sort((a, b) => a[0] - b[0])
      .map(([number, slice]) => ({
        start: number * this.width * 60_000,
        minutes: this.width,
        paths: ordered(slice.paths),
        hosts: ordered(slice.hosts),
        upstreams: ordered(slice.upstreams),
      }));
  }

  /** The slices as plain data, for a summary file. */
  toDocument(): SlicesDocument {
    const slices: SliceDocument[] = [];
    for (const [number, slice] of [...this.slices].sort((a, b) => a[0] - b[0])) {
      const out: SliceDocument = { start: number * this.width * 60_000 };
      for (const kind of KINDS) {
        const counts = slice[kind];
        if (counts !== undefined && counts.size > 0) out[kind] = [...counts];
      }
      slices.push(out);
    }
    return { minutes: this.width, slices };
  }

  /** Slices read back from toDocument()'s data. */
  static fromDocument(document: SlicesDocument): SliceTops {
    const tops = new SliceTops();
    while (tops.width < document.minutes) tops.coarsen();
    for (const slice of document.slices) {
      const mine = tops.sliceOf(Math.floor(slice.start / 60_000 / tops.width));
      for (const kind of KINDS) for (const [value, count] of slice[kind] ?? []) tops.count(mine, kind, value, count);
    }
    return tops;
  }

  private count(slice: Slice, kind: SliceKind, value: string, by: number): void {
    let counts = slice[kind];
    if (counts === undefined) {
      counts = new Map();
      slice[kind] = counts;
    }
    const known = counts.get(value);
    if (known !== undefined) counts.set(value, known + by);
    // Copied: a value cut from an input chunk would keep the whole chunk alive (docs/performance.md#sliced-strings).
    else if (counts.size < VALUES_PER_SLICE) counts.set(copyString(value), by);
  }

  private sliceOf(number: number): Slice {
    let slice = this.slices.get(number);
    if (slice === undefined) {
      slice = {};
      this.slices.set(number, slice);
      if (this.slices.size > MAX_SLICES) {
        this.coarsen();
        return this.sliceOf(Math.floor(number / 2));
      }
    }
    return slice;
  }

  /** Doubles the width: each pair of slices becomes one. */
  private coarsen(): void {
    this.lastNumber = Number.NaN;
    const old = this.slices;
    this.slices = new Map();
    this.width *= 2;
    for (const [number, slice] of old) {
      const merged = this.slices.get(Math.floor(number / 2)) ?? {};
      this.slices.set(Math.floor(number / 2), merged);
      for (const kind of KINDS) for (const [value, count] of slice[kind] ?? []) this.count(merged, kind, value, count);
    }
  }
}

function ordered(counts: Map<string, number> | undefined): ValueCount[] {
  if (counts === undefined) return [];
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([value, count]) => ({ value, count }));
}

/** The leading values of the slices that overlap [fromMs, toMs), summed, most first. */
export function topOfSlices(slices: readonly SliceSummary[], kind: SliceKind, fromMs: number, toMs: number, n: number): ValueCount[] {
  const sums = new Map<string, number>();
  for (const slice of slices) {
    if (slice.start + slice.minutes * 60_000 <= fromMs || slice.start >= toMs) continue;
    for (const { value, count } of slice[kind]) sums.set(value, (sums.get(value) ?? 0) + count);
  }
  return ordered(sums).slice(0, n);
}
