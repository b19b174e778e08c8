/**
 * An empty object for counts keyed by status code ({"502": 9, "504": 3}),
 * the shape of the timeline's per-bucket counts in the report.
 *
 * Status codes are array indexes to V8, and an object given index 404 first
 * gets an array of more than 500 slots to hold it, mostly holes: a timeline of
 * a day of minutes allocated megabytes of them, which the garbage collector
 * then copied, and which JSON.stringify walked hole by hole. An index far
 * beyond the others, added and deleted at once, leaves the object with a hash
 * table of its indexes instead, sized by the codes it holds. V8 keeps that
 * table while the codes are sparse; if they ever were dense it would switch
 * back to an array, which is then the better layout.
 */
const FAR_INDEX = 1 << 20;

export function newCodeCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  counts[FAR_INDEX] = 0;
  delete counts[FAR_INDEX];
  return counts;
}
