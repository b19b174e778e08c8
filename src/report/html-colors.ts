import { STATUS_CLASSES, statusClassOf, type StatusClass } from '../model/status.js';
import type { Report } from '../model/report.js';

/** A colour for a light page and its counterpart on a dark one. */
type Pair = readonly [light: string, dark: string];

const CLASS_COLORS: Record<StatusClass, Pair> = {
  '1xx': ['#6272d9', '#8b9cf0'],
  '2xx': ['#2f9e5b', '#4ade80'],
  '3xx': ['#1f9fb4', '#38bdf8'],
  '4xx': ['#b88200', '#fbbf24'],
  '5xx': ['#d64545', '#f87171'],
  other: ['#8a6fb0', '#c4b5fd'],
};
/**
 * Hues for the 5xx codes, so 502 and 504 are told apart at a glance; none of them is a class's
 * green, teal or amber, so a 5xx code never looks like a 2xx, 3xx or 4xx one.
 */
const SERVER_ERROR_COLORS: readonly Pair[] = [
  ['#dc2626', '#f87171'],
  ['#ea580c', '#fb923c'],
  ['#9333ea', '#c084fc'],
  ['#db2777', '#f472b6'],
  ['#4f46e5', '#818cf8'],
  ['#92400e', '#d6a06a'],
  ['#c026d3', '#e879f9'],
  ['#475569', '#94a3b8'],
];

/**
 * One colour per status code for the whole page: the legend, the charts and the tables name a
 * code by the same CSS class (`k503`), which sets `color`; charts fill with `currentColor`. A 5xx
 * code has a hue of its own, by its rank among the page's 5xx codes; any other code has its
 * class's colour. Classes are named `x5xx`.
 */
export class CodeColors {
  private readonly colors = new Map<number, Pair>();

  constructor(report: Pick<Report, 'codes' | 'triage' | 'timeline'>) {
    const codes = new Set<number>([...report.codes.map((row) => row.code), ...report.triage.map((finding) => finding.code)]);
    for (const bucket of report.timeline.buckets) for (const code of Object.keys(bucket.codes)) codes.add(Number(code));
    const serverErrors = [...codes].filter((code) => statusClassOf(code) === '5xx').sort((a, b) => a - b);
    for (const code of codes) {
      const rank = serverErrors.indexOf(code);
      this.colors.set(code, rank >= 0 ? SERVER_ERROR_COLORS[rank % SERVER_ERROR_COLORS.length]! : CLASS_COLORS[statusClassOf(code)]);
    }
  }

  /** The CSS class of a code's colour. */
  codeClass(code: number): string {
    return this.colors.has(code) && Number.isInteger(code) ? `k${code}` : `x${statusClassOf(code)}`;
  }

  classClass(cls: StatusClass): string {
    return `x${cls}`;
  }

  /** The rules behind those classes, for the page's style sheet. */
  css(): string {
    const light: string[] = [];
    const dark: string[] = [];
    for (const cls of STATUS_CLASSES) {
      light.push(`.x${cls}{color:${CLASS_COLORS[cls][0]}}`);
      dark.push(`.x${cls}{color:${CLASS_COLORS[cls][1]}}`);
    }
    for (const [code, [onLight, onDark]] of [...this.colors].sort(([a], [b]) => a - b)) {
      if (!Number.isInteger(code)) continue;
      light.push(`.k${code}{color:${onLight}}`);
      dark.push(`.k${code}{color:${onDark}}`);
    }
    return `${light.join('')}\n@media (prefers-color-scheme:dark){${dark.join('')}}\n`;
  }
}
