import type { CodeVendor, StatusClass } from '../codes/types.js';

/**
 * The report as data: the JSON contract of DESIGN.md, and the single input of
 * every renderer. Renderers only arrange what is here; they compute nothing.
 */
export const REPORT_SCHEMA = 'logcodes.report/v1';

export interface ValueCount {
  value: string;
  count: number;
}

export interface CodeCount {
  code: number;
  count: number;
}

export interface CodeRow extends CodeCount {
  class: StatusClass;
  /** Share of parsed records, 0..1. */
  share: number;
  vendor: CodeVendor;
  meaning: string;
}

export type ClassCounts = Record<StatusClass, number>;

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface TimelineBucket {
  /** ISO 8601 start of the bucket. */
  start: string;
  classes: ClassCounts;
  /** Counts of each 4xx/5xx code in the bucket, keyed by code. */
  codes: Record<string, number>;
}

export interface SourceSummary {
  name: string;
  lines: number;
  format?: string;
  /** Set when the source could not be read to its end (missing file, truncated gzip, ...). */
  error?: string;
}

export interface MalformedSample {
  line: number;
  source: string;
  reason: string;
  text: string;
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/**
 * A stretch of minutes in which a status's share of requests stood clearly above the share of the
 * hours before. Times are the ISO 8601 starts of minutes (of buckets, for logs that span months).
 */
export interface Episode {
  start: string;
  /** The last elevated minute, inclusive. */
  end: string;
  /** The minute with the most occurrences within the episode. */
  peak: string;
  peakCount: number;
  count: number;
  /** Share of the episode's requests that had this status, 0..1. */
  share: number;
  /** Still elevated when the log (or window) ends. */
  ongoing: boolean;
  /** Elevated from the first minute of the log (or window): it began before the data did. */
  startedBeforeLog: boolean;
}

export interface FindingEvidence {
  firstSeen?: string;
  lastSeen?: string;
  /** Start of the first episode; absent when there is none, or when it was underway as the log began. */
  onset?: string;
  /** Minute with the most occurrences. */
  peak?: string;
  peakCount?: number;
  /** Every episode, in time order, never overlapping. Empty for a steady level. */
  episodes: Episode[];
  /** Occurrences outside every episode, and their share of the requests outside them. */
  background?: { count: number; share: number };
  topPaths: ValueCount[];
  topHosts: ValueCount[];
  topUpstreams: ValueCount[];
  topClients: ValueCount[];
  /** IIS status.substatus, e.g. '503.2'. */
  subStatuses: ValueCount[];
  win32Statuses: ValueCount[];
  /** nginx $upstream_status sequences behind this code, e.g. '502, 200'. */
  upstreamStatuses: ValueCount[];
  /** Cloudflare origin / ALB target statuses behind this code. */
  originStatuses: ValueCount[];
  latencyMs?: LatencySummary;
  /** Set when durations pile up at one value: the timeout that fired, in ms. */
  timeoutMs?: number;
}

export interface Finding {
  code: number;
  vendor: CodeVendor;
  meaning: string;
  severity: Severity;
  count: number;
  /** Share of parsed records, 0..1. */
  share: number;
  /** One-line headline, sharpened by the evidence. */
  headline: string;
  cause: string;
  lookFirst: string;
  retry: string;
  /** Observations drawn from the log, each one sentence. */
  notes: string[];
  evidence: FindingEvidence;
}

export interface ReportWindow {
  since?: string;
  until?: string;
  /** The same-length period before the window, used for comparison. */
  baseline?: { since: string; until: string; requests: number; classes: ClassCounts };
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  sources: SourceSummary[];
  lines: { total: number; parsed: number; malformed: number; ignored: number };
  formats: Record<string, number>;
  span: { first?: string; last?: string; seconds: number; requestsPerSecond: number };
  classes: ClassCounts;
  /** Fractions of parsed records, 0..1. */
  errorRates: { '4xx': number; '5xx': number };
  bytes: number;
  codes: CodeRow[];
  originCodes: CodeCount[];
  upstreamCodes: CodeCount[];
  top: { paths: ValueCount[]; hosts: ValueCount[]; clients: ValueCount[]; upstreams: ValueCount[] };
  latencyMs?: LatencySummary;
  timeline: { bucketSeconds: number; buckets: TimelineBucket[] };
  triage: Finding[];
  malformedSamples: MalformedSample[];
  window?: ReportWindow;
  /** --fail-on rules that held. */
  failedRules?: string[];
}
