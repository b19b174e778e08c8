/** Bucket widths in minutes that read well on a time axis. */
const WIDTHS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];

/**
 * The width in minutes of the timeline's buckets for a log that spans `spanMinutes` minutes: the
 * narrowest readable width that keeps it within `maxBuckets` buckets (a month of minutes does not
 * fit a chart), whole days beyond the widest.
 */
export function timelineWidth(spanMinutes: number, maxBuckets: number): number {
  return WIDTHS.find((w) => spanMinutes / w <= maxBuckets) ?? Math.ceil(spanMinutes / maxBuckets / 1440) * 1440;
}
