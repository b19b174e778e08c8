import type { MalformedCode } from './malformed.js';
import type { StatusClass } from './status.js';

/**
 * The counts a tally produces and every later stage reads: triage judges them,
 * renderers lay them out.
 */

export interface ValueCount {
  value: string;
  count: number;
}

export interface CodeCount {
  code: number;
  count: number;
}

export type ClassCounts = Record<StatusClass, number>;

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface MalformedSample {
  line: number;
  source: string;
  code: MalformedCode;
  /** The human text of the reason: MalformedReason.detail. */
  reason: string;
  text: string;
}
