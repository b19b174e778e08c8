import type { Report } from '../model/report.js';

// JSON.stringify already escapes C0 controls; these others it leaves raw, and a
// raw C1 CSI (U+009B) or bidi override would act on a terminal showing the output.
const RAW_BUT_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * The report as the JSON contract (`logcodes.report/v1`): 2-space indented,
 * one trailing newline. The escaping keeps it valid JSON with identical values.
 */
export function renderJson(report: Report): string {
  const text = JSON.stringify(report, null, 2).replace(
    RAW_BUT_UNSAFE,
    (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
  return `${text}\n`;
}
