/**
 * Why a line was read but not counted as a request, and is no error either: a blank line, a
 * format's own directive, a record of something that carries no HTTP status. Parsers name one of
 * these codes for every line they ignore (ParserBase.ignore), so the report says what the ignored
 * lines were instead of a bare number, and a whole file of them (an ELB TCP listener's log) is
 * recognised rather than called an unknown format.
 *
 * The codes are part of the `logcodes.report/v1` contract (ignoredReasons[].code) and of
 * `logcodes.summary/v1` (tally.lines.ignoredCodes): add codes, never rename or reuse one. The
 * text is the reason as the report prints it.
 */
export const IGNORED_CODES = {
  blank: 'blank line',
  directive: 'directive or header line (#Fields:, #Version:, a CSV header)',
  'not-an-access-entry': "the server's own log message, not an access entry",
  'elb-tcp-listener': 'TCP listener: no HTTP status',
  'elb-ssl-listener': 'SSL listener: no HTTP status',
  'nlb-tls': 'NLB TLS record: no HTTP status',
  // A v1 summary written before ignored lines were counted by reason gives only their number.
  'reason-unrecorded': 'reason not recorded (a summary from an earlier logcodes)',
} as const satisfies Record<string, string>;

export type IgnoredCode = keyof typeof IGNORED_CODES;

/** Every ignored code, in the order of IGNORED_CODES. */
export const IGNORED_CODE_LIST = Object.keys(IGNORED_CODES) as IgnoredCode[];

/** Ignored lines per code, most first; codes no line had are absent. */
export type IgnoredCodeCounts = Partial<Record<IgnoredCode, number>>;
