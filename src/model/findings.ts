import type { LatencySummary, ValueCount } from './counts.js';
import type { CodeVendor } from './status.js';

/** What triage concludes about one status code, with the evidence from the log. */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface FindingEvidence {
  firstSeen?: string;
  lastSeen?: string;
  /** First minute whose rate rose clearly above the rate before it. */
  onset?: string;
  /** Minute with the most occurrences. */
  peak?: string;
  peakCount?: number;
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
