import type { SourceSummary } from '../model/report.js';
import type { LogVendor } from '../model/status.js';
import { IGNORED_CODE_LIST } from '../model/ignored.js';
import { MALFORMED_CODE_LIST } from '../model/malformed.js';
import { STATUS_CLASSES } from '../model/status.js';
import { SOURCE_ERROR_CODE_LIST } from '../model/errors.js';
import type { SlicesDocument } from './slice-tops.js';
import type { SeriesDocument, SketchDocument, TallyDocument, TopKDocument } from './tally-document.js';

/**
 * A `logcodes.summary/v1` file (schema/summary.schema.json): the tally of one run, small and
 * mergeable, for `logcodes merge` and `--baseline`. Later versions add keys and read every v1 file.
 */
export const SUMMARY_SCHEMA = 'logcodes.summary/v1';
const SCHEMA_PATTERN = /^logcodes\.summary\/v(\d+)$/;
/** Every log vendor a summary may name: a Record, so a vendor added to LogVendor must be added here. */
const KNOWN_VENDORS: Record<LogVendor, true> = {
  nginx: true,
  apache: true,
  iis: true,
  cloudflare: true,
  'aws-elb': true,
  caddy: true,
  traefik: true,
  'aws-cloudfront': true,
  gcp: true,
  haproxy: true,
  envoy: true,
};
const VENDORS = Object.keys(KNOWN_VENDORS);

export interface SummaryFile {
  schema: typeof SUMMARY_SCHEMA;
  generatedAt: string;
  /** --label KEY=VALUE pairs: which host, region or day the summary is of. */
  labels: Record<string, string>;
  sources: SourceSummary[];
  /** ISO 8601 starts and ends of the records, for people reading the file. */
  span: { first?: string; last?: string };
  /** --since/--until of the run that wrote it. */
  window?: { since?: string; until?: string };
  /** The offset from UTC the log's last record stated, in minutes. */
  utcOffsetMinutes?: number;
  tally: TallyDocument;
}

export interface SummaryMeta {
  labels: Record<string, string>;
  sources: SourceSummary[];
  window?: { since?: string; until?: string };
  utcOffsetMinutes?: number;
  generatedAt?: Date;
}

export function summaryFile(tally: TallyDocument, meta: SummaryMeta): SummaryFile {
  const file: SummaryFile = {
    schema: SUMMARY_SCHEMA,
    generatedAt: (meta.generatedAt ?? new Date()).toISOString(),
    labels: meta.labels,
    sources: meta.sources,
    span: {},
    tally,
  };
  if (tally.firstTime !== undefined) file.span.first = new Date(tally.firstTime).toISOString();
  if (tally.lastTime !== undefined) file.span.last = new Date(tally.lastTime).toISOString();
  if (meta.window !== undefined) file.window = meta.window;
  if (meta.utcOffsetMinutes !== undefined) file.utcOffsetMinutes = meta.utcOffsetMinutes;
  return file;
}

/** The file as written: one line of JSON (indenting a week of per-minute counts would double it). */
export function renderSummary(file: SummaryFile): string {
  return `${JSON.stringify(file)}\n`;
}

/** Whether parsed JSON says it is a summary, of any version. */
export function looksLikeSummary(value: unknown): boolean {
  return isObject(value) && typeof value.schema === 'string' && SCHEMA_PATTERN.test(value.schema);
}

/**
 * A summary file's parsed JSON, checked key by key: a file cut short, edited by hand or written by
 * a newer logcodes is refused with the first thing wrong, never half read. Throws an Error whose
 * message is one line.
 */
export function readSummary(value: unknown): SummaryFile {
  if (!isObject(value) || typeof value.schema !== 'string') throw new Error('not a logcodes summary (no "schema" key)');
  const version = SCHEMA_PATTERN.exec(value.schema);
  if (version === null) throw new Error(`not a logcodes summary (its schema is '${value.schema}')`);
  if (Number(version[1]) > 1) {
    throw new Error(`written by a newer logcodes (${value.schema}); this one reads ${SUMMARY_SCHEMA}`);
  }
  const at: Checker = new Checker();
  at.object(value, '');
  at.string(value.generatedAt, 'generatedAt');
  at.object(value.labels, 'labels');
  for (const [key, label] of Object.entries(value.labels as object)) at.string(label, `labels.${key}`);
  at.array(value.sources, 'sources');
  (value.sources as unknown[]).forEach((source, i) => {
    at.source(source, `sources[${i}]`);
  });
  at.object(value.span, 'span');
  if (value.window !== undefined) at.object(value.window, 'window');
  if (value.utcOffsetMinutes !== undefined) at.number(value.utcOffsetMinutes, 'utcOffsetMinutes', -1440);
  at.tally(value.tally, 'tally');
  return value as unknown as SummaryFile;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks of each part of a summary; each throws naming the key that is wrong. */
class Checker {
  private fail(path: string, expected: string): never {
    throw new Error(`${path || 'the file'}: expected ${expected}`);
  }

  object(value: unknown, path: string): asserts value is Record<string, unknown> {
    if (!isObject(value)) this.fail(path, 'an object');
  }

  array(value: unknown, path: string): asserts value is unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'an array');
  }

  string(value: unknown, path: string): void {
    if (typeof value !== 'string') this.fail(path, 'a string');
  }

  number(value: unknown, path: string, least = 0): void {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < least) this.fail(path, least === 0 ? 'a number of 0 or more' : 'a number');
  }

  optionalNumber(value: unknown, path: string, least = 0): void {
    if (value !== undefined) this.number(value, path, least);
  }

  numbers(value: unknown, path: string): asserts value is number[] {
    this.array(value, path);
    for (const n of value) if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) this.fail(path, 'an array of numbers of 0 or more');
  }

  /** An object of counts; `key` checks each key. */
  counts(value: unknown, path: string, key: (k: string) => boolean = () => true): void {
    this.object(value, path);
    for (const [k, count] of Object.entries(value)) {
      if (!key(k)) this.fail(`${path}.${k}`, 'a known key');
      this.number(count, `${path}.${k}`);
    }
  }

  codeCounts(value: unknown, path: string): void {
    this.counts(value, path, (k) => /^-?\d{1,9}$/.test(k));
  }

  source(value: unknown, path: string): void {
    this.object(value, path);
    this.string(value.name, `${path}.name`);
    this.number(value.lines, `${path}.lines`);
    if (value.format !== undefined) this.string(value.format, `${path}.format`);
    if (value.error !== undefined) this.string(value.error, `${path}.error`);
    if (value.errorCode !== undefined && !SOURCE_ERROR_CODE_LIST.includes(value.errorCode as never)) this.fail(`${path}.errorCode`, 'a source error code');
    if (value.inferredLayouts !== undefined) {
      this.array(value.inferredLayouts, `${path}.inferredLayouts`);
      value.inferredLayouts.forEach((layout, i) => {
        const where = `${path}.inferredLayouts[${i}]`;
        this.object(layout, where);
        this.string(layout.format, `${where}.format`);
        this.array(layout.fields, `${where}.fields`);
        if (layout.fields.length === 0 || layout.fields.some((field) => typeof field !== 'string')) this.fail(`${where}.fields`, 'an array of field names');
        this.number(layout.records, `${where}.records`);
      });
    }
  }

  series(value: unknown, path: string): asserts value is SeriesDocument {
    this.object(value, path);
    this.number(value.start, `${path}.start`);
    this.numbers(value.counts, `${path}.counts`);
    if (value.skips !== undefined) {
      this.numbers(value.skips, `${path}.skips`);
      if (value.skips.length !== value.counts.length) this.fail(`${path}.skips`, 'as many skips as counts');
    }
  }

  topK(value: unknown, path: string): asserts value is TopKDocument {
    this.object(value, path);
    this.number(value.capacity, `${path}.capacity`);
    if ((value.capacity as number) < 1) this.fail(`${path}.capacity`, 'a capacity of 1 or more');
    this.number(value.total, `${path}.total`);
    this.array(value.keys, `${path}.keys`);
    for (const key of value.keys) if (typeof key !== 'string') this.fail(`${path}.keys`, 'an array of strings');
    this.numbers(value.counts, `${path}.counts`);
    if (value.counts.length !== value.keys.length) this.fail(`${path}.counts`, 'as many counts as keys');
    if (value.errors !== undefined) {
      this.numbers(value.errors, `${path}.errors`);
      if (value.errors.length !== value.keys.length) this.fail(`${path}.errors`, 'as many errors as keys');
    }
  }

  sketch(value: unknown, path: string): asserts value is SketchDocument {
    this.object(value, path);
    if (value.relativeAccuracy !== 0.01) this.fail(`${path}.relativeAccuracy`, 'the 0.01 logcodes writes');
    for (const key of ['count', 'min', 'max', 'sum', 'zeroCount'] as const) this.number(value[key], `${path}.${key}`);
    this.number(value.offset, `${path}.offset`, -1e6);
    this.numbers(value.bins, `${path}.bins`);
    if (value.bins.length > 100_000) this.fail(`${path}.bins`, 'at most 100,000 bins');
  }

  slices(value: unknown, path: string): asserts value is SlicesDocument {
    this.object(value, path);
    this.number(value.minutes, `${path}.minutes`);
    if ((value.minutes as number) < 1) this.fail(`${path}.minutes`, 'a width of 1 minute or more');
    this.array(value.slices, `${path}.slices`);
    value.slices.forEach((slice, i) => {
      const where = `${path}.slices[${i}]`;
      this.object(slice, where);
      this.number(slice.start, `${where}.start`);
      for (const kind of ['paths', 'hosts', 'upstreams'] as const) {
        const pairs = slice[kind];
        if (pairs === undefined) continue;
        this.array(pairs, `${where}.${kind}`);
        for (const pair of pairs) {
          if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') this.fail(`${where}.${kind}`, '[value, count] pairs');
          this.number(pair[1], `${where}.${kind}`);
        }
      }
    });
  }

  tally(value: unknown, path: string): asserts value is TallyDocument {
    this.object(value, path);
    for (const key of ['top', 'requests', 'bytes'] as const) this.number(value[key], `${path}.${key}`);
    this.optionalNumber(value.bytesRecords, `${path}.bytesRecords`);
    this.optionalNumber(value.firstTime, `${path}.firstTime`);
    this.optionalNumber(value.lastTime, `${path}.lastTime`);
    if ((value.firstTime === undefined) !== (value.lastTime === undefined)) this.fail(`${path}.lastTime`, 'firstTime and lastTime together');
    this.object(value.lines, `${path}.lines`);
    for (const key of ['malformed', 'ignored', 'outsideWindow'] as const) this.number(value.lines[key], `${path}.lines.${key}`);
    this.optionalNumber(value.lines.filteredOut, `${path}.lines.filteredOut`);
    if (value.lines.ignoredCodes !== undefined) {
      const where = `${path}.lines.ignoredCodes`;
      this.counts(value.lines.ignoredCodes, where, (k) => IGNORED_CODE_LIST.includes(k as never));
      const sum = Object.values(value.lines.ignoredCodes as Record<string, number>).reduce((total, count) => total + count, 0);
      if (sum !== value.lines.ignored) this.fail(where, 'counts adding up to lines.ignored');
    }
    if (value.outsideWindow !== undefined) {
      this.object(value.outsideWindow, `${path}.outsideWindow`);
      this.number(value.outsideWindow.firstTime, `${path}.outsideWindow.firstTime`);
      this.number(value.outsideWindow.lastTime, `${path}.outsideWindow.lastTime`);
    }
    this.codeCounts(value.codes, `${path}.codes`);
    this.object(value.formats, `${path}.formats`);
    for (const [name, format] of Object.entries(value.formats)) {
      this.object(format, `${path}.formats.${name}`);
      if (!VENDORS.includes(format.vendor as string)) this.fail(`${path}.formats.${name}.vendor`, `one of ${VENDORS.join(', ')}`);
      this.number(format.count, `${path}.formats.${name}.count`);
    }
    this.number(value.bucketMinutes, `${path}.bucketMinutes`);
    if (!Number.isInteger(value.bucketMinutes) || (value.bucketMinutes as number) < 1) this.fail(`${path}.bucketMinutes`, 'a whole number of minutes');
    this.object(value.classes, `${path}.classes`);
    for (const [name, series] of Object.entries(value.classes)) {
      if (!STATUS_CLASSES.includes(name as never)) this.fail(`${path}.classes.${name}`, 'a status class');
      this.series(series, `${path}.classes.${name}`);
    }
    if (value.latency !== undefined) this.sketch(value.latency, `${path}.latency`);
    this.codeCounts(value.upstreamCodes, `${path}.upstreamCodes`);
    this.codeCounts(value.originCodes, `${path}.originCodes`);
    this.array(value.upstreamFailures, `${path}.upstreamFailures`);
    value.upstreamFailures.forEach((failure, i) => {
      const where = `${path}.upstreamFailures[${i}]`;
      this.object(failure, where);
      for (const key of ['code', 'count', 'rescued'] as const) this.number(failure[key], `${where}.${key}`);
      this.topK(failure.addresses, `${where}.addresses`);
    });
    this.array(value.errors, `${path}.errors`);
    value.errors.forEach((error, i) => {
      const where = `${path}.errors[${i}]`;
      this.object(error, where);
      this.number(error.code, `${where}.code`);
      if (!Number.isInteger(error.code) || (error.code as number) < 400 || (error.code as number) > 599) this.fail(`${where}.code`, 'a status from 400 to 599');
      this.number(error.count, `${where}.count`);
      this.optionalNumber(error.firstTime, `${where}.firstTime`);
      this.optionalNumber(error.lastTime, `${where}.lastTime`);
      this.counts(error.vendors, `${where}.vendors`, (k) => VENDORS.includes(k));
      this.series(error.minutes, `${where}.minutes`);
      for (const key of ['paths', 'hosts', 'upstreams', 'clients', 'upstreamStatuses'] as const) this.topK(error[key], `${where}.${key}`);
      for (const key of ['subStatuses', 'win32Statuses', 'originStatuses'] as const) this.counts(error[key], `${where}.${key}`);
      if (error.latency !== undefined) this.sketch(error.latency, `${where}.latency`);
      if (error.slices !== undefined) this.slices(error.slices, `${where}.slices`);
      if (error.signals !== undefined) {
        this.object(error.signals, `${where}.signals`);
        for (const [kind, values] of Object.entries(error.signals)) this.topK(values, `${where}.signals.${kind}`);
      }
    });
    this.object(value.malformed, `${path}.malformed`);
    this.counts(value.malformed.codes, `${path}.malformed.codes`, (k) => MALFORMED_CODE_LIST.includes(k as never));
    this.array(value.malformed.samples, `${path}.malformed.samples`);
    value.malformed.samples.forEach((sample, i) => {
      const where = `${path}.malformed.samples[${i}]`;
      this.object(sample, where);
      this.number(sample.line, `${where}.line`);
      for (const key of ['source', 'reason', 'text'] as const) this.string(sample[key], `${where}.${key}`);
      if (!MALFORMED_CODE_LIST.includes(sample.code as never)) this.fail(`${where}.code`, 'a malformed-line code');
    });
  }
}
