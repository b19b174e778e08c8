import type { ClassCounts, CodeCount, ValueCount } from './counts.js';
import type { StatusClass } from './status.js';

/**
 * A run compared with a baseline run (--baseline FILE: a `logcodes.summary/v1` file or a
 * `logcodes.report/v1` JSON report): by share of requests, so a busier or quieter day compares
 * fairly, and by rate per minute.
 */

/** What is read of a baseline file. */
export interface BaselineFigures {
  /** The file, as given. */
  file: string;
  kind: 'summary' | 'report';
  requests: number;
  /** ISO 8601 first and last record. */
  first?: string;
  last?: string;
  /** Minutes the baseline spans, at least 1: the denominator of its rates. */
  minutes: number;
  classes: ClassCounts;
  codes: CodeCount[];
  /** Its top lists among 4xx/5xx records (as long as the file kept them). */
  topPaths: ValueCount[];
  topUpstreams: ValueCount[];
}

/** One class or code, now and in the baseline. */
export interface Change {
  count: number;
  /** Of this run's requests, 0..1. */
  share: number;
  perMinute: number;
  baselineCount: number;
  baselineShare: number;
  baselinePerMinute: number;
  /** share / baselineShare; absent when the baseline had none. */
  shareRatio?: number;
  /** share - baselineShare, as a fraction (0.01 is one percentage point). */
  shareChange: number;
}

export interface CodeChange extends Change {
  code: number;
  /** Seen in this run, not once in the baseline. */
  new: boolean;
}

/** A path or upstream of this run's top list, against the baseline's. */
export interface ValueChange {
  value: string;
  count: number;
  /** Its count in the baseline's top list; 0 when it is not in it. */
  baselineCount: number;
  /** Not in the baseline's top list (which holds its leading values only). */
  new: boolean;
  /** Its share of requests over the baseline's; absent when new. */
  shareRatio?: number;
}

export interface BaselineComparison {
  baseline: { file: string; kind: BaselineFigures['kind']; first?: string; last?: string; requests: number; perMinute: number };
  requests: number;
  perMinute: number;
  classes: Record<StatusClass, Change>;
  /** Every code of this run or the baseline, most frequent now first. */
  codes: CodeChange[];
  /** Codes of this run the baseline never had, most frequent first. */
  newCodes: number[];
  /** Top paths and upstreams (of 4xx/5xx records) that are new to the baseline's top list, or grew to twice its share or more. */
  paths: ValueChange[];
  upstreams: ValueChange[];
}
