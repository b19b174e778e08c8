import type { BaselineComparison } from './comparison.js';
import type { ClassCounts, CodeCount, LatencySummary, MalformedSample, ValueCount } from './counts.js';
import type { SourceErrorCode } from './errors.js';
import type { Finding } from './findings.js';
import type { IgnoredCode } from './ignored.js';
import type { MalformedCodeCounts } from './malformed.js';
import type { CodeVendor, StatusClass } from './status.js';

/**
 * The report as data: the `logcodes.report/v1` JSON contract
 * (schema/report.schema.json), and the single input of every renderer.
 * Renderers only arrange what is here; they compute nothing.
 */
export const REPORT_SCHEMA = 'logcodes.report/v1';

export interface CodeRow extends CodeCount {
  class: StatusClass;
  /** Share of parsed records, 0..1. */
  share: number;
  vendor: CodeVendor;
  meaning: string;
}

export interface TimelineBucket {
  /** ISO 8601 start of the bucket. */
  start: string;
  classes: ClassCounts;
  /** Counts of each 4xx/5xx code in the bucket, keyed by code. */
  codes: Record<string, number>;
}

/**
 * A field list read from the shape of a source's records, for records that came without the line
 * that declares it: IIS W3C records without a #Fields: line (a log cut from the middle, a shipper
 * that drops directives). A #Fields: line, when one comes, is read instead.
 */
export interface InferredLayout {
  /** The format whose records were read with it, e.g. 'iis-w3c'. */
  format: string;
  /** The field names, in the record's order, e.g. ['date', 'time', 's-ip', 'cs-method', ...]. */
  fields: string[];
  /** Records read with it. */
  records: number;
}

export interface SourceSummary {
  name: string;
  lines: number;
  format?: string;
  /** Set when some of its records were read with a field layout inferred from their shape, not declared. */
  inferredLayouts?: InferredLayout[];
  /** Set when the source could not be read to its end (missing file, truncated gzip, ...). */
  error?: string;
  /** The code of that error: ENOENT, gzip-truncated, unknown-format, ... */
  errorCode?: SourceErrorCode;
}

/** One reason lines were ignored: the code, the reason in words (what renderers print), the lines. */
export interface IgnoredReason {
  code: IgnoredCode;
  reason: string;
  lines: number;
}

export interface ReportWindow {
  since?: string;
  until?: string;
  /** The hour before --since, the baseline the window is compared with. */
  baseline?: { since: string; until: string; requests: number; classes: ClassCounts };
}

/** --status, --path, --host, --method, --client, --upstream as applied: each option's values, split at commas. */
export interface ReportFilter {
  status?: string[];
  path?: string[];
  host?: string[];
  method?: string[];
  client?: string[];
  upstream?: string[];
  /** Records inside the window that the filter left out: in lines.parsed, in no count. */
  excluded: number;
}

/** --by: what the breakdown groups records by. */
export type BreakdownKey = 'host' | 'vhost' | 'upstream' | 'source' | 'path';

export interface BreakdownRow {
  value: string;
  /** Records with this value (a guaranteed lower bound once `approximate`). */
  requests: number;
  /** The class mix of those records. */
  classes: ClassCounts;
  /** Their most frequent statuses, most first. */
  codes: CodeCount[];
}

/** The class mix and top codes per value of --by, for the values with the most records, up to --top. */
export interface ReportBreakdown {
  by: BreakdownKey;
  rows: BreakdownRow[];
  /** Distinct values seen (at most the number held once approximate). */
  values: number;
  /** Records that carry no such value (a log without hosts, a request no upstream served). */
  missing: number;
  /** True once more distinct values were seen than are held: counts are then lower bounds. */
  approximate: boolean;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  sources: SourceSummary[];
  lines: { total: number; parsed: number; malformed: number; ignored: number };
  formats: Record<string, number>;
  /** requestsPerSecond is 0 when seconds is: one instant, or no timestamps, has no rate. */
  span: { first?: string; last?: string; seconds: number; requestsPerSecond: number };
  classes: ClassCounts;
  /** Fractions of parsed records, 0..1. */
  errorRates: { '4xx': number; '5xx': number };
  /**
   * Bytes sent by the records that carried a byte count; absent when none did (the log's format
   * has no such field), which is unknown, not 0.
   */
  bytes?: number;
  /** The records that carried a byte count, with `bytes`: fewer than the requests when only some did. */
  bytesRecords?: number;
  codes: CodeRow[];
  originCodes: CodeCount[];
  upstreamCodes: CodeCount[];
  top: { paths: ValueCount[]; hosts: ValueCount[]; clients: ValueCount[]; upstreams: ValueCount[] };
  /**
   * Set when a top list is an estimate (more distinct values than its sketches hold): each of its
   * counts is a guaranteed lower bound, at most this much below the true count.
   */
  topErrorBounds?: Partial<Record<'paths' | 'hosts' | 'clients' | 'upstreams', number>>;
  latencyMs?: LatencySummary;
  timeline: { bucketSeconds: number; buckets: TimelineBucket[] };
  triage: Finding[];
  malformedSamples: MalformedSample[];
  /** Malformed lines per reason code, over all lines; most first. */
  malformedCodes: MalformedCodeCounts;
  /** Ignored lines per reason, over all lines; most first. Their lines add up to lines.ignored. */
  ignoredReasons: IgnoredReason[];
  window?: ReportWindow;
  /** --by: the class mix and top codes per value. */
  breakdown?: ReportBreakdown;
  /** Set when a filter option was given; every count in the report is of the records it let through. */
  filter?: ReportFilter;
  /** --fail-on rules that held. */
  failedRules?: string[];
  /** This run against --baseline FILE. */
  comparison?: BaselineComparison;
}
