import type { MalformedCode } from './malformed.js';
import { STATUS_CLASSES, type StatusClass } from './status.js';

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

/** Class counts from values in STATUS_CLASSES order (a counter's array). */
export function classCountsOf(values: ArrayLike<number>): ClassCounts {
  const counts = {} as ClassCounts;
  for (let i = 0; i < STATUS_CLASSES.length; i++) counts[STATUS_CLASSES[i]!] = values[i] ?? 0;
  return counts;
}

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
