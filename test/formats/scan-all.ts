import { ScanOutcome, type LineParser } from '../../src/formats/parser.js';

/**
 * What a parser makes of each line: the outcome, with the reason of a malformed line or the hot
 * fields and full record of a record. Two parsers that agree on this agree on everything the
 * tally and the exports read, which is how the in-place and the JSON.parse readings are compared.
 */
export function scanAll(parser: LineParser, sample: readonly string[]): unknown[] {
  return sample.map((line) => {
    const outcome = parser.scan(line);
    if (outcome !== ScanOutcome.Record) return { outcome, reason: outcome === ScanOutcome.Malformed ? parser.reason : undefined };
    const { status, time, bytes, durationMs } = parser.hot;
    return { outcome, status, time, bytes, durationMs, record: parser.record() };
  });
}
