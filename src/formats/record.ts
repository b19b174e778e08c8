/**
 * The normalized record every parser yields. Fields a format does not carry are
 * left undefined rather than invented.
 */
import type { Signal } from '../model/signals.js';
import type { LogVendor } from '../model/status.js';

export type { LogVendor };

export interface LogRecord {
  /** Status the client received (Cloudflare EdgeResponseStatus, ALB elb_status_code). */
  status: number;
  /** Epoch milliseconds. */
  time?: number;
  /** Offset from UTC in minutes that the log stated for `time` (e.g. +0330 -> 210). */
  tzOffsetMinutes?: number;
  method?: string;
  /** Request path without the query string. */
  path?: string;
  /** Query string without the leading '?'. */
  query?: string;
  protocol?: string;
  host?: string;
  client?: string;
  user?: string;
  /** Response bytes as the log counts them (body or wire, whichever the format has). */
  bytes?: number;
  /** Request (or total) time in milliseconds. */
  durationMs?: number;
  /** Upstream addresses in order; nginx ' : ' group separators are kept as ':' entries. */
  upstream?: string[];
  /** Upstream statuses in order; null where the log printed '-' (no response). */
  upstreamStatus?: (number | null)[];
  /** Upstream response times in milliseconds, in order; null for '-'. */
  upstreamTimeMs?: (number | null)[];
  /** Cloudflare OriginResponseStatus, ALB target_status_code. */
  originStatus?: number;
  /** IIS sc-substatus. */
  subStatus?: number;
  /** IIS sc-win32-status. */
  win32Status?: number;
  userAgent?: string;
  referer?: string;
  /** Name of the format that parsed the line, e.g. 'nginx-combined'. */
  format: string;
  /** Whose status codes these are. */
  vendor: LogVendor;
  /**
   * What the format itself says about why the request failed (ALB error_reason, HAProxy's
   * termination state): counted per status and read by triage, whatever the format.
   */
  signal?: Signal;
  /** Format-specific extras worth keeping (e.g. ALB error_reason, Cloudflare EdgeResponseStatus source). */
  extra?: Record<string, string>;
}

/** Sentinel meaning "this field is not present" in the numeric hot fields of a scan. */
export const ABSENT = -1;
