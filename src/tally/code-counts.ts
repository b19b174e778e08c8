/**
 * An empty object for counts keyed by status code ({"502": 9, "504": 3}), the shape of the
 * timeline's per-bucket counts in the report, with a hash table of indexes rather than an array of
 * holes: docs/performance.md#code-keyed-objects.
 */
const FAR_INDEX = 1 << 20;

export function newCodeCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  counts[FAR_INDEX] = 0;
  delete counts[FAR_INDEX];
  return counts;
}
