import type { StatusClass } from '../model/status.js';
import type { Severity } from '../model/findings.js';

/**
 * Whether to colour terminal output. An explicit "no" (--no-color, NO_COLOR)
 * wins over FORCE_COLOR: turning colour off must always be possible. Without
 * either, colour needs a terminal that is not TERM=dumb.
 */
export function colorEnabled(stream: { isTTY?: boolean }, noColorFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (stream.isTTY !== true) return false;
  return env.TERM !== 'dumb';
}

type Paint = (text: string) => string;

export interface Style {
  readonly color: boolean;
  bold: Paint;
  dim: Paint;
  statusClass(cls: StatusClass): Paint;
  severity(severity: Severity): Paint;
}

function sgr(open: number, close: number): Paint {
  return (text) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`);
}

const identity: Paint = (text) => text;

const CLASS_SGR: Record<StatusClass, number> = {
  '1xx': 34, // blue
  '2xx': 32, // green
  '3xx': 36, // cyan
  '4xx': 33, // yellow
  '5xx': 31, // red
  other: 35, // magenta
};

const SEVERITY_PAINT: Record<Severity, (style: { bold: Paint }) => Paint> = {
  critical: ({ bold }) => (text) => bold(sgr(31, 39)(text)),
  high: () => sgr(31, 39),
  medium: () => sgr(33, 39),
  low: () => sgr(36, 39),
  info: () => sgr(2, 22),
};

/** Painting functions; with colour off every one returns its input unchanged, so no escape code can leak. */
export function createStyle(color: boolean): Style {
  if (!color) {
    return { color, bold: identity, dim: identity, statusClass: () => identity, severity: () => identity };
  }
  const bold = sgr(1, 22);
  return {
    color,
    bold,
    dim: sgr(2, 22),
    statusClass: (cls) => sgr(CLASS_SGR[cls], 39),
    severity: (severity) => SEVERITY_PAINT[severity]({ bold }),
  };
}

/** The class a status code belongs to, for colouring a code column. */

// CSI sequences (ESC [ ... final) and OSC sequences (ESC ] ... BEL or ESC \).
const ANSI_PATTERN = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}

// Combining marks and zero-width characters take no column.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the class is tested against one character at a time, never a sequence
const ZERO_WIDTH = /[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u200b-\u200f\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f]/;

function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0x303e) ||
    (codePoint >= 0x3041 && codePoint <= 0x33ff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0xa000 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
    (codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  );
}

/** Columns a character occupies in a terminal. */
export function charWidth(char: string): number {
  if (ZERO_WIDTH.test(char)) return 0;
  return isWide(char.codePointAt(0) ?? 0) ? 2 : 1;
}

/** Terminal columns a string occupies, ignoring colour codes. */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const char of stripAnsi(text)) width += charWidth(char);
  return width;
}
