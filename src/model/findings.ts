import type { LatencySummary, ValueCount } from './counts.js';
import type { SignalCounts } from './signals.js';
import type { CodeVendor } from './status.js';

/** What triage concludes about one status code, with the evidence from the log. */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Every severity, worst first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

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
  /**
   * The leading paths, hosts and upstreams of this status during the episode (counted per
   * ten-minute slice, so an edge slice adds a few records from just outside it); absent where the
   * log carries none.
   */
  top?: { paths: ValueCount[]; hosts: ValueCount[]; upstreams: ValueCount[] };
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
  /** The format's own evidence of why (ALB error_reason, …), per kind; absent when the log has none. */
  signals?: SignalCounts[];
  latencyMs?: LatencySummary;
  /** Set when durations pile up at one value: the timeout that fired, in ms. */
  timeoutMs?: number;
}

/**
 * A time or a rate inside a finding's sentence, kept as data: each renderer writes it in the zone
 * it shows times in (--tz) and in the one rate unit of its report, so a sentence never says UTC
 * beside a table in local time, nor /min beside /s.
 */
export type PhraseValue =
  /** A minute as `HH:MM` with its zone; `at` is an ISO 8601 instant. */
  | { kind: 'clock'; at: string }
  /** A minute with its date, `YYYY-MM-DD HH:MM` and its zone. */
  | { kind: 'minute'; at: string }
  /** Events per second, written in the report's rate unit. */
  | { kind: 'rate'; perSecond: number };

/** A sentence as its text and its values, in order: `['From ', {kind: 'minute', …}, ', until ', …]`. */
export type Phrase = Array<string | PhraseValue>;

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
  /**
   * The headline and the notes with their times and rates as data, in the same order: what the
   * renderers word. `headline` and `notes` are these written in UTC and the report's rate unit.
   * Triage always gives them; a report written before they were part of the contract has only
   * the strings, which are then shown as they are.
   */
  phrases?: { headline: Phrase; notes: Phrase[] };
  evidence: FindingEvidence;
}
