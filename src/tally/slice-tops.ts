import type { ValueCount } from '../model/counts.js';

/**
 * The paths, hosts and upstreams of one status per ten-minute slice of the log, so that triage can
 * say what a single episode hit: an upstream that failed at 09:12 is often not the one that failed
 * at 19:30, and the whole run's top list blends them. A slice keeps a few distinct values of each
 * kind exactly and counts the rest together; an episode's top values are what its slices add up to.
 */
export const SLICE_MINUTES = 10;
/** Distinct values a slice keeps of each kind; an episode needs its leading ones, not a census. */
const VALUES_PER_SLICE = 8;

export type SliceKind = 'paths' | 'hosts' | 'upstreams';
const KINDS: readonly SliceKind[] = ['paths', 'hosts', 'upstreams'];

export interface SliceSummary {
  /** Epoch ms of the slice's start. */
  start: number;
  paths: ValueCount[];
  hosts: ValueCount[];
  upstreams: ValueCount[];
}

type Slice = Record<SliceKind, Map<string, number>>;

export class SliceTops {
  private readonly slices = new Map<number, Slice>();

  /** Counts a value of a kind in the slice of the given minute number (epoch ms / 60,000). */
  add(minute: number, kind: SliceKind, value: string): void {
    const counts = this.sliceOf(Math.floor(minute / SLICE_MINUTES))[kind];
    const known = counts.get(value);
    if (known !== undefined) counts.set(value, known + 1);
    else if (counts.size < VALUES_PER_SLICE) counts.set(value, 1);
  }

  merge(other: SliceTops): void {
    for (const [number, slice] of other.slices) {
      const mine = this.sliceOf(number);
      for (const kind of KINDS) {
        for (const [value, count] of slice[kind]) {
          const known = mine[kind].get(value);
          if (known !== undefined) mine[kind].set(value, known + count);
          else if (mine[kind].size < VALUES_PER_SLICE) mine[kind].set(value, count);
        }
      }
    }
  }

  /** Every slice that counted anything, in time order. */
  summarize(): SliceSummary[] {
    return [...this.slices]
      .sort((a, b) => a[0] - b[0])
      .map(([number, slice]) => ({
        start: number * SLICE_MINUTES * 60_000,
        paths: ordered(slice.paths),
        hosts: ordered(slice.hosts),
        upstreams: ordered(slice.upstreams),
      }));
  }

  private sliceOf(number: number): Slice {
    let slice = this.slices.get(number);
    if (slice === undefined) {
      slice = { paths: new Map(), hosts: new Map(), upstreams: new Map() };
      this.slices.set(number, slice);
    }
    return slice;
  }
}

function ordered(counts: Map<string, number>): ValueCount[] {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([value, count]) => ({ value, count }));
}

/** The leading values of the slices that overlap [fromMs, toMs), summed, most first. */
export function topOfSlices(slices: readonly SliceSummary[], kind: SliceKind, fromMs: number, toMs: number, n: number): ValueCount[] {
  const sums = new Map<string, number>();
  const sliceMs = SLICE_MINUTES * 60_000;
  for (const slice of slices) {
    if (slice.start + sliceMs <= fromMs || slice.start >= toMs) continue;
    for (const { value, count } of slice[kind]) sums.set(value, (sums.get(value) ?? 0) + count);
  }
  return ordered(sums).slice(0, n);
}
