import { newCodeCounts } from './code-counts.js';
import type { MinuteBucket } from './summary.js';

/** Bucket widths in minutes that read well on a time axis. */
const WIDTHS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];
const MINUTE_MS = 60_000;

/**
 * Per-minute buckets regrouped into the narrowest readable width that keeps
 * the span of the log within `maxBuckets` buckets (a month of minutes does
 * not fit a chart). Buckets start at multiples of the width since the epoch.
 *
 * `codes` lists every status that appears in the buckets' `codes` (the 4xx/5xx
 * of the summary): reading those keys is several times faster than a for-in
 * over each of thousands of minutes.
 */
export function rebucketTimeline(
  minutes: MinuteBucket[],
  maxBuckets: number,
  codes: readonly string[] = codesIn(minutes),
): { bucketSeconds: number; buckets: MinuteBucket[] } {
  if (minutes.length === 0) return { bucketSeconds: 60, buckets: [] };
  const spanMinutes = (minutes[minutes.length - 1]!.minute - minutes[0]!.minute) / MINUTE_MS + 1;
  const width = WIDTHS.find((w) => spanMinutes / w <= maxBuckets) ?? Math.ceil(spanMinutes / maxBuckets / 1440) * 1440;
  if (width === 1) return { bucketSeconds: 60, buckets: minutes };
  const widthMs = width * MINUTE_MS;
  // Status keys are element indexes: read as numbers they skip a string-to-index conversion per access.
  const numericCodes = codes.map(Number);
  const grouped = new Map<number, MinuteBucket>();
  for (const bucket of minutes) {
    const start = bucket.minute - (bucket.minute % widthMs);
    let into = grouped.get(start);
    if (into === undefined) {
      into = { minute: start, classes: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 }, codes: newCodeCounts() };
      grouped.set(start, into);
    }
    // Named adds, not a loop over the class names: a variable key makes each access a slow lookup.
    const to = into.classes;
    const from = bucket.classes;
    to['1xx'] += from['1xx'];
    to['2xx'] += from['2xx'];
    to['3xx'] += from['3xx'];
    to['4xx'] += from['4xx'];
    to['5xx'] += from['5xx'];
    to.other += from.other;
    for (const code of numericCodes) {
      const count = bucket.codes[code];
      if (count !== undefined) into.codes[code] = (into.codes[code] ?? 0) + count;
    }
  }
  // Buckets were made in the order of their minutes, which is time order unless the input was not.
  const buckets = [...grouped.values()];
  for (let i = 1; i < buckets.length; i++) {
    if (buckets[i]!.minute < buckets[i - 1]!.minute) return { bucketSeconds: width * 60, buckets: buckets.sort((a, b) => a.minute - b.minute) };
  }
  return { bucketSeconds: width * 60, buckets };
}

function codesIn(minutes: readonly MinuteBucket[]): string[] {
  const codes = new Set<string>();
  for (const bucket of minutes) for (const code in bucket.codes) codes.add(code);
  return [...codes];
}
