import type { LogVendor } from '../formats/record.js';
import type { ClassCounts, CodeCount, LatencySummary, MalformedSample, ValueCount } from '../model/counts.js';
import type { IgnoredCodeCounts } from '../model/ignored.js';
import type { MalformedCodeCounts } from '../model/malformed.js';
import type { SignalCounts } from '../model/signals.js';
import type { SliceSummary } from './slice-tops.js';

/** What a Tally knows, as plain data: the input of triage and of the report builder. */
export interface TallySummary {
  lines: {
    /** Records parsed, in the window or not. */
    parsed: number;
    malformed: number;
    ignored: number;
    /** Parsed records outside --since/--until: in `parsed`, not in `requests`. */
    outsideWindow: number;
    /** Parsed records inside the window that a filter left out: in `parsed`, not in `requests`. */
    filteredOut: number;
  };
  /** Parsed records inside the window: the denominator of every share. */
  requests: number;
  classes: ClassCounts;
  /** Every status seen, most frequent first. */
  codes: CodeTotal[];
  /** Records per format name. */
  formats: Record<string, number>;
  /** Records per log vendor. */
  vendors: Partial<Record<LogVendor, number>>;
  /** Bytes sent by the records that carried a byte count. */
  bytes: number;
  /** Records that carried a byte count: 0 when the log's format (or its fields) has none. */
  bytesRecords: number;
  /** Epoch ms of the earliest and latest record time. */
  firstTime?: number;
  lastTime?: number;
  latency?: LatencySummary;
  /**
   * Counts per bucket of timelineBucketSeconds that had records, in time order: one per minute
   * unless the log spans more minutes than the tally's timelineBuckets.
   */
  timeline: MinuteBucket[];
  timelineBucketSeconds: number;
  /**
   * Minutes per bucket of the per-minute counts (requestMinutes, errors[].minutes): 1, or wider for
   * a tally read from a summary file of a long span, whose counts sit at each bucket's first minute.
   */
  minuteResolution?: number;
  /** Requests in each minute that had any, in time order: the denominator of per-minute error ratios. */
  requestMinutes: MinuteSeries;
  /** Epoch ms of the earliest and latest record outside --since/--until, when there were any. */
  outsideWindow?: { firstTime: number; lastTime: number };
  /** Every non-empty element of nginx $upstream_status lists (each is one upstream response). */
  upstreamCodes: CodeCount[];
  /** Cloudflare OriginResponseStatus / ALB target_status_code. */
  originCodes: CodeCount[];
  /** Among 4xx and 5xx records. */
  top: { paths: ValueCount[]; hosts: ValueCount[]; clients: ValueCount[]; upstreams: ValueCount[] };
  /**
   * How far below its true count each entry of a `top` list can be (0 while exact): the lists come
   * from bounded sketches, whose counts are guaranteed lower bounds once there were more distinct
   * values than they hold.
   */
  topBounds: { paths: number; hosts: number; clients: number; upstreams: number };
  /** Detail for each 4xx/5xx status, most frequent first. */
  errors: ErrorCodeSummary[];
  /** Upstream 5xx answers, including those a retry on another upstream hid from the client. */
  upstreamFailures: UpstreamFailureSummary[];
  /** Malformed lines per reason code, and the first few of them. */
  malformed: { codes: MalformedCodeCounts; samples: MalformedSample[] };
  /** Ignored lines per reason code, most first; they add up to lines.ignored. */
  ignoredCodes: IgnoredCodeCounts;
}

export interface CodeTotal {
  code: number;
  count: number;
  /** The log vendor of most records with this status. */
  vendor: LogVendor | undefined;
}

export interface MinuteBucket {
  /** Epoch ms of the bucket's start. */
  minute: number;
  classes: ClassCounts;
  /** Counts of each 4xx/5xx status in the minute. */
  codes: Record<string, number>;
}

/** Counts per minute as two parallel typed arrays. */
export interface MinuteSeries {
  /** Epoch ms of each minute's start, ascending. */
  minutes: Float64Array;
  counts: Float64Array;
}

export interface MinuteCount {
  minute: number;
  count: number;
}

/** Durations that pile up at one value. */
export interface LatencyPile {
  /** Centre of the narrowest window (about ±3%) holding the most durations. */
  valueMs: number;
  /** Share of the code's durations inside that window, 0..1. */
  share: number;
}

export interface ErrorCodeSummary {
  code: number;
  count: number;
  vendor: LogVendor | undefined;
  firstTime?: number;
  lastTime?: number;
  /** Minutes with at least one record of this status, in time order. */
  minutes: MinuteCount[];
  /** Path shapes (see pathShape). */
  paths: ValueCount[];
  hosts: ValueCount[];
  upstreams: ValueCount[];
  clients: ValueCount[];
  /** IIS status.substatus, e.g. '503.2'. */
  subStatuses: ValueCount[];
  win32Statuses: ValueCount[];
  /** $upstream_status lists as logged, e.g. '502, 200'. */
  upstreamStatuses: ValueCount[];
  originStatuses: ValueCount[];
  /** The format's own evidence (ALB error_reason, …), one entry per kind seen. */
  signals: SignalCounts[];
  latency?: LatencySummary;
  latencyPile?: LatencyPile;
  /** Paths, hosts and upstreams per ten-minute slice, for the statuses triage judges (see SliceTops). */
  slices?: SliceSummary[];
}

export interface UpstreamFailureSummary {
  /** The status the upstream answered. */
  code: number;
  /** Upstream responses with this status. */
  count: number;
  /** Of those, how many were followed by a retry that gave the client a status below 400. */
  rescued: number;
  /** The upstream addresses that answered with it. */
  addresses: ValueCount[];
}
