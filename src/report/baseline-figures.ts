import type { BaselineFigures } from '../model/comparison.js';
import type { ClassCounts, CodeCount, ValueCount } from '../model/counts.js';
import { REPORT_SCHEMA } from '../model/report.js';
import { STATUS_CLASSES } from '../model/status.js';
import type { TallySummary } from '../tally/summary.js';

/** What a comparison needs of a baseline that was a summary file, read into a tally. */
export function figuresOfSummary(file: string, summary: TallySummary): BaselineFigures {
  const figures: BaselineFigures = {
    file,
    kind: 'summary',
    requests: summary.requests,
    minutes: spanMinutes(summary.firstTime, summary.lastTime),
    classes: summary.classes,
    codes: summary.codes.map(({ code, count }) => ({ code, count })),
    topPaths: summary.top.paths,
    topUpstreams: summary.top.upstreams,
  };
  if (summary.firstTime !== undefined) figures.first = new Date(summary.firstTime).toISOString();
  if (summary.lastTime !== undefined) figures.last = new Date(summary.lastTime).toISOString();
  return figures;
}

function spanMinutes(first: number | undefined, last: number | undefined): number {
  return first !== undefined && last !== undefined ? Math.max(1, (last - first) / 60_000) : 1;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function valueCounts(value: unknown): ValueCount[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: ValueCount[] = [];
  for (const item of value) {
    if (!isObject(item) || typeof item.value !== 'string' || !count(item.count)) return undefined;
    out.push({ value: item.value, count: item.count });
  }
  return out;
}

/**
 * What a comparison needs of a baseline that was a `-o json` report, checked key by key. Throws an
 * Error with a one-line message naming what is missing.
 */
export function figuresOfReport(file: string, value: unknown): BaselineFigures {
  if (!isObject(value) || value.schema !== REPORT_SCHEMA) throw new Error(`neither a logcodes summary nor a ${REPORT_SCHEMA} JSON report`);
  const classes = value.classes;
  if (!isObject(classes) || !STATUS_CLASSES.every((name) => count(classes[name]))) throw new Error('report: "classes" must count every class');
  if (!Array.isArray(value.codes) || !value.codes.every((c) => isObject(c) && Number.isInteger(c.code) && count(c.count))) {
    throw new Error('report: "codes" must be a list of {code, count}');
  }
  const span = value.span;
  if (!isObject(span) || !count(span.seconds)) throw new Error('report: "span" must give its seconds');
  const top = value.top;
  const paths = isObject(top) ? valueCounts(top.paths) : undefined;
  const upstreams = isObject(top) ? valueCounts(top.upstreams) : undefined;
  if (paths === undefined || upstreams === undefined) throw new Error('report: "top" must list paths and upstreams');
  const figures: BaselineFigures = {
    file,
    kind: 'report',
    requests: STATUS_CLASSES.reduce((sum, name) => sum + (classes[name] as number), 0),
    minutes: Math.max(1, span.seconds / 60),
    classes: classes as unknown as ClassCounts,
    codes: (value.codes as CodeCount[]).map(({ code, count }) => ({ code, count })),
    topPaths: paths,
    topUpstreams: upstreams,
  };
  if (typeof span.first === 'string') figures.first = span.first;
  if (typeof span.last === 'string') figures.last = span.last;
  return figures;
}
