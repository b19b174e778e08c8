import type { MinuteCount, MinuteSeries } from '../tally/summary.js';

const MINUTE_MS = 60_000;
/**
 * Most buckets a series has: 131,072 minutes are three months. A longer span gets wider buckets,
 * so memory and time follow a bound, not the distance between the first and last timestamp (a
 * single record dated 1970 in a log of 2026 would otherwise ask for 29 million minutes).
 */
export const MAX_BUCKETS = 131_072;

/** Consecutive buckets of equal width, zeros included, with the requests of each. */
export interface MinuteGrid {
  /** Epoch ms of bucket 0's start, a multiple of the bucket width since the epoch. */
  startMs: number;
  bucketMinutes: number;
  requests: Float64Array;
}

/**
 * The grid from the first to the last minute of the given series (all of them together), its
 * buckets a multiple of `leastMinutes` wide: series read from a summary of a long span count in
 * buckets of that width, and a narrower grid would see gaps between them.
 */
export function gridOver(series: readonly MinuteSeries[], maxBuckets = MAX_BUCKETS, leastMinutes = 1): MinuteGrid | undefined {
  let first = Infinity;
  let last = -Infinity;
  for (const { minutes } of series) {
    if (minutes.length === 0) continue;
    first = Math.min(first, minutes[0]!);
    last = Math.max(last, minutes[minutes.length - 1]!);
  }
  if (first === Infinity) return undefined;
  const firstMinute = Math.floor(first / MINUTE_MS);
  const lastMinute = Math.floor(last / MINUTE_MS);
  const least = Math.max(1, leastMinutes);
  const bucketMinutes = least * Math.max(1, Math.ceil((lastMinute - firstMinute + 1) / maxBuckets / least));
  const startBucket = Math.floor(firstMinute / bucketMinutes);
  const length = Math.floor(lastMinute / bucketMinutes) - startBucket + 1;
  const grid: MinuteGrid = { startMs: startBucket * bucketMinutes * MINUTE_MS, bucketMinutes, requests: new Float64Array(length) };
  for (const { minutes, counts } of series) {
    for (let i = 0; i < minutes.length; i++) {
      const index = bucketOf(grid, minutes[i]!);
      grid.requests[index]! += counts[i]!;
    }
  }
  return grid;
}

/** The bucket a time falls in. */
export function bucketOf(grid: MinuteGrid, timeMs: number): number {
  return Math.floor((timeMs - grid.startMs) / (grid.bucketMinutes * MINUTE_MS));
}

/** Epoch ms of a bucket's start. */
export function bucketStart(grid: MinuteGrid, bucket: number): number {
  return grid.startMs + bucket * grid.bucketMinutes * MINUTE_MS;
}

/** A status's counts laid on the grid; minutes outside it are left out. */
export function countsOnGrid(grid: MinuteGrid, ...lists: readonly MinuteCount[][]): Float64Array {
  const counts = new Float64Array(grid.requests.length);
  for (const list of lists) {
    for (const { minute, count } of list) {
      const index = bucketOf(grid, minute);
      if (index >= 0 && index < counts.length) counts[index]! += count;
    }
  }
  return counts;
}
