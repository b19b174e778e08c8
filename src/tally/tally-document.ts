import type { DDSketch } from '@datadog/sketches-js';
import type { LogVendor } from '../formats/record.js';
import type { MalformedSample } from '../model/counts.js';
import type { IgnoredCodeCounts } from '../model/ignored.js';
import type { MalformedCodeCounts } from '../model/malformed.js';
import type { StatusClass } from '../model/status.js';
import { newLatencySketch } from './latency.js';
import type { SlicesDocument } from './slice-tops.js';
import type { TopK } from './top-k.js';

/**
 * A tally's state as plain, JSON-ready data: the body of a `logcodes.summary/v1` file
 * (schema/summary.schema.json). Counts are exact; top lists are Space-Saving sketches with their
 * errors; latencies are DDSketch bins with the count, min, max and sum beside them (its protobuf
 * form drops min and max). Times are epoch milliseconds, UTC.
 *
 * Per-minute counts are kept at the width the span allows: minutes up to two weeks, wider buckets
 * beyond (see documentBucketMinutes), so a year of log is some 17,520 buckets and not 525,600.
 */
export interface TallyDocument {
  /** Entries per top list in reports; sketches' own capacity is beside each. */
  top: number;
  requests: number;
  /** Bytes sent by the records that carried a byte count; 0 when none did. */
  bytes: number;
  /**
   * Records that carried a byte count (a format without one, such as IIS without sc-bytes, carries
   * none); absent in files written before it was counted (see bytesRecordsOf).
   */
  bytesRecords?: number;
  firstTime?: number;
  lastTime?: number;
  /**
   * filteredOut: records a filter (--status, --path, ...) left out; absent in files written before
   * filters. ignoredCodes: the ignored lines by why, adding up to `ignored`; absent in files written
   * before ignored lines were counted by reason.
   */
  lines: { malformed: number; ignored: number; ignoredCodes?: IgnoredCodeCounts; outsideWindow: number; filteredOut?: number };
  /** Earliest and latest record outside --since/--until. */
  outsideWindow?: { firstTime: number; lastTime: number };
  /** Records per status, keyed by status. */
  codes: Record<string, number>;
  formats: Record<string, { vendor: LogVendor; count: number }>;
  /** Width in minutes of every series below. */
  bucketMinutes: number;
  /** Records per class per bucket. */
  classes: Partial<Record<StatusClass, SeriesDocument>>;
  latency?: SketchDocument;
  upstreamCodes: Record<string, number>;
  originCodes: Record<string, number>;
  upstreamFailures: UpstreamFailureDocument[];
  errors: ErrorDocument[];
  malformed: { codes: MalformedCodeCounts; samples: MalformedSample[] };
}

/**
 * Counts per bucket from `start` (epoch ms, a multiple of the bucket width since the epoch): one
 * count per bucket when `skips` is absent, else `skips[i]` empty buckets come before count i.
 */
export interface SeriesDocument {
  start: number;
  counts: number[];
  skips?: number[];
}

/** A Space-Saving sketch: its entries, their counts (upper bounds) and errors (count minus error is a lower bound). */
export interface TopKDocument {
  capacity: number;
  /** Weight counted, held or not. */
  total: number;
  keys: string[];
  counts: number[];
  /** Absent while every count is exact. */
  errors?: number[];
}

/** A DDSketch's positive bins from `offset` on, and the zero count; min, max and sum as the sketch saw them. */
export interface SketchDocument {
  relativeAccuracy: number;
  count: number;
  min: number;
  max: number;
  sum: number;
  zeroCount: number;
  offset: number;
  bins: number[];
}

export interface ErrorDocument {
  code: number;
  count: number;
  firstTime?: number;
  lastTime?: number;
  vendors: Partial<Record<LogVendor, number>>;
  minutes: SeriesDocument;
  paths: TopKDocument;
  hosts: TopKDocument;
  upstreams: TopKDocument;
  clients: TopKDocument;
  upstreamStatuses: TopKDocument;
  subStatuses: Record<string, number>;
  win32Statuses: Record<string, number>;
  originStatuses: Record<string, number>;
  latency?: SketchDocument;
  slices?: SlicesDocument;
  /** The format's own evidence (ALB error_reason, …) per kind; absent when there is none. */
  signals?: Record<string, TopKDocument>;
}

export interface UpstreamFailureDocument {
  code: number;
  count: number;
  rescued: number;
  addresses: TopKDocument;
}

const MINUTE_MS = 60_000;
/** Widths in minutes a document's buckets take, the timeline's own (each divides the wider ones it meets). */
const WIDTHS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];
/** Most buckets per series: two weeks of minutes. */
export const DOCUMENT_BUCKETS = 20_160;

/** The bucket width of a document over minute numbers `firstMinute`..`lastMinute`, never below `least`. */
export function documentBucketMinutes(firstMinute: number, lastMinute: number, least = 1): number {
  const span = lastMinute - firstMinute + 1;
  const fits = WIDTHS.find((w) => w >= least && w % least === 0 && span / w <= DOCUMENT_BUCKETS);
  return fits ?? Math.max(least, Math.ceil(span / DOCUMENT_BUCKETS / 1440) * 1440);
}

/**
 * The records of a document that carried a byte count. A file written before they were counted says
 * only the sum: a sum above 0 means its records had byte counts, 0 is read as none carried one
 * (a log whose every response had an empty body is rare beside a format that logs no size).
 */
export function bytesRecordsOf(document: Pick<TallyDocument, 'bytes' | 'bytesRecords' | 'requests'>): number {
  if (document.bytesRecords !== undefined) return document.bytesRecords;
  return document.bytes > 0 ? document.requests : 0;
}

/** A series of counts keyed by minute number (epoch ms / 60,000), summed into buckets of `width` minutes. */
export function encodeSeries(minutes: Iterable<[number, number]>, width: number): SeriesDocument {
  const buckets = new Map<number, number>();
  for (const [minute, count] of minutes) {
    if (count === 0) continue;
    const bucket = Math.floor(minute / width);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + count);
  }
  const order = [...buckets.keys()].sort((a, b) => a - b);
  if (order.length === 0) return { start: 0, counts: [] };
  const first = order[0]!;
  const range = order[order.length - 1]! - first + 1;
  // Dense while at least a third of the buckets have counts: a skip costs about what a zero does.
  if (order.length * 3 >= range) {
    const counts = new Array<number>(range).fill(0);
    for (const bucket of order) counts[bucket - first] = buckets.get(bucket)!;
    return { start: first * width * MINUTE_MS, counts };
  }
  const counts: number[] = [];
  const skips: number[] = [];
  let previous = first - 1;
  for (const bucket of order) {
    skips.push(bucket - previous - 1);
    counts.push(buckets.get(bucket)!);
    previous = bucket;
  }
  return { start: first * width * MINUTE_MS, counts, skips };
}

/** Calls `each` with the minute number at the start of every bucket of a series that has a count. */
export function forEachInSeries(series: SeriesDocument, width: number, each: (minute: number, count: number) => void): void {
  let bucket = Math.floor(series.start / MINUTE_MS / width);
  for (let i = 0; i < series.counts.length; i++) {
    if (series.skips !== undefined) bucket += series.skips[i]!;
    const count = series.counts[i]!;
    if (count > 0) each(bucket * width, count);
    bucket++;
  }
}

export function encodeTopK(sketch: TopK): TopKDocument {
  const { keys, counts, errors } = sketch.entries();
  const document: TopKDocument = { capacity: sketch.capacity, total: sketch.total, keys, counts };
  if (errors.some((error) => error > 0)) document.errors = errors;
  return document;
}

/** Adds a document's sketch to a sketch of the tally, by the Space-Saving merge rule. */
export function mergeTopKDocument(into: TopK, document: TopKDocument): void {
  into.mergeDocument(document.total, document.keys, document.counts, document.errors);
}

export function encodeSketch(sketch: DDSketch): SketchDocument {
  const store = sketch.store;
  const bins: number[] = [];
  const offset = store.count > 0 ? store.minKey : 0;
  if (store.count > 0) for (let key = store.minKey; key <= store.maxKey; key++) bins.push(store.bins[key - store.offset] ?? 0);
  return {
    relativeAccuracy: sketch.mapping.relativeAccuracy,
    count: sketch.count,
    min: sketch.min,
    max: sketch.max,
    sum: sketch.sum,
    zeroCount: sketch.zeroCount,
    offset,
    bins,
  };
}

/** A sketch with the document's bins; its count, min, max and sum are the document's, not recomputed from bins. */
export function decodeSketch(document: SketchDocument): DDSketch {
  const sketch = newLatencySketch();
  for (let i = 0; i < document.bins.length; i++) if (document.bins[i]! > 0) sketch.store.add(document.offset + i, document.bins[i]!);
  sketch.zeroCount = document.zeroCount;
  sketch.count = document.count;
  sketch.min = document.min;
  sketch.max = document.max;
  sketch.sum = document.sum;
  return sketch;
}

/** A count map as an object keyed by its keys. */
export function recordOf<K extends string | number>(map: Map<K, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, count] of map) out[String(key)] = count;
  return out;
}
