import type { Report } from '../model/report.js';

// JSON.stringify already escapes C0 controls; these others it leaves raw, and a
// raw C1 CSI (U+009B) or bidi override would act on a terminal showing the output,
// and the invisible ones (zero-width space, BOM, tag characters) would hide in it.
// Each UTF-16 unit is escaped on its own, as JSON spells a character beyond U+FFFF.
const RAW_BUT_UNSAFE =
  /[\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\u034f|\udb40[\udc00-\udc7f]/g;

/**
 * The report as the JSON contract (`logcodes.report/v1`): 2-space indented,
 * one trailing newline. The escaping keeps it valid JSON with identical values.
 */
export function renderJson(report: Report): string {
  return `${escapeUnsafe(JSON.stringify(report, null, 2))}\n`;
}

/** Any JSON value on one line, escaped as renderJson escapes: a line of NDJSON. */
export function renderJsonLine(value: unknown): string {
  return `${escapeUnsafe(JSON.stringify(value))}\n`;
}

function escapeUnsafe(json: string): string {
  return json.replace(
    RAW_BUT_UNSAFE,
    (chars) => Array.from({ length: chars.length }, (_, i) => `\\u${chars.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}
