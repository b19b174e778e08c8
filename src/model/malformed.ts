/**
 * Why a line was not counted as a request. Every reason a parser or the
 * pipeline gives carries one of these codes, so code can branch on the code
 * and a report can count by it; the detail is the human sentence, which may
 * quote the line and so takes any number of values.
 *
 * The codes are part of the `logcodes.report/v1` contract (malformedSamples[].code
 * and malformedCodes): add codes, never rename or reuse one.
 */
export const MALFORMED_CODES = {
  'line-too-long': 'the line is longer than --max-line-bytes',
  'format-unknown': 'no known log format matches the source',
  'format-mismatch': 'the line is not in the format of the rest of its source',
  'layout-mismatch': 'the line does not follow the --log-format string at some field',
  'header-missing': 'no header line (IIS #Fields:, CSV field names) before the record',
  'field-count': 'the record has fewer or more fields than its format declares',
  'json-invalid': 'not a JSON object, or JSON that does not parse',
  'not-a-request': 'a record of something other than an HTTP request (FTP, a connection event, an unknown request type)',
  'time-missing': 'no time field where the format puts one',
  'time-invalid': 'the time field is not a valid time',
  'request-missing': 'no quoted request line where the format puts one',
  'request-unterminated': 'the quoted request line has no closing quote',
  'status-missing': 'no status field in the line or in its format',
  'status-unset': "the status was logged as '-' or empty: the server never set one",
  'status-invalid': 'the status field is not a status code',
  'bytes-invalid': 'the bytes field is not a number',
  'time-out-of-range': 'the time is before 1990 or more than a day after the clock of the machine reading the log',
} as const satisfies Record<string, string>;

export type MalformedCode = keyof typeof MALFORMED_CODES;

/** Every malformed code, in the order of MALFORMED_CODES. */
export const MALFORMED_CODE_LIST = Object.keys(MALFORMED_CODES) as MalformedCode[];

/** Lines per malformed code, most first; codes no line had are absent. */
export type MalformedCodeCounts = Partial<Record<MalformedCode, number>>;

export interface MalformedReason {
  readonly code: MalformedCode;
  /** One sentence for people, e.g. "status is '-'"; may quote the line. */
  readonly detail: string;
}
