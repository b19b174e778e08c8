/**
 * nginx JSON-per-line access logs (`log_format x escape=json '{...}'`). The keys
 * are whatever the config author chose, so the common spellings are mapped;
 * values may be strings or numbers, and nginx writes an empty string for an
 * unset variable. Nested objects are not looked into.
 *
 * Unlike the CLF scanners this parses each line with JSON.parse: docs/performance.md#json-lines.
 */
import { writtenAsDigits } from '../json-fields.js';
import {
  ClfTimeCache,
  CLF_TIME_LENGTH,
  firstForwardedFor,
  isNil,
  parseDecimal,
  parseIsoTimeWithZone,
  parseRequestLine,
  splitTarget,
  tzOffsetAt,
  type RequestParts,
} from '../clf.js';
import { ScanOutcome, type LineParser } from '../parser.js';
import { ABSENT, type LogRecord } from '../record.js';
import { parseUpstreamAddrs, parseUpstreamStatuses, parseUpstreamTimesMs } from './upstream.js';
import { ParserBase } from '../parser-base.js';

type JsonObject = Record<string, unknown>;

const STATUS_KEYS = ['status', 'status_code', 'response_status'];
const TIME_KEYS = ['time_local', 'time_iso8601', 'msec', 'time', 'timestamp', '@timestamp', 'ts'];
const BYTES_KEYS = ['body_bytes_sent', 'bytes_sent', 'bytes'];
const DURATION_KEYS = ['request_time', 'duration', 'request_duration'];
const HOST_KEYS = ['http_host', 'host', 'server_name', 'vhost'];
const CLIENT_KEYS = ['remote_addr', 'client', 'client_ip', 'realip_remote_addr'];
const XFF_KEYS = ['http_x_forwarded_for', 'x_forwarded_for', 'xff'];

function first(obj: JsonObject, keys: string[]): unknown {
  for (const key of keys) {
    const value = obj[key];
    if (value !== undefined && value !== null && value !== '' && value !== '-') return value;
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return isNil(value) ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function numberOf(value: unknown, scale: number): number {
  if (typeof value === 'number') return value >= 0 ? value * scale : ABSENT;
  if (typeof value === 'string') return parseDecimal(value, 0, value.length, scale);
  return ABSENT;
}

const timeCache = new ClfTimeCache();

/** Epoch ms and stated zone of a time value in any of nginx's three layouts. */
export function jsonTime(value: unknown): { ms: number; tz?: number } | undefined {
  if (typeof value === 'number') {
    // $msec is seconds with a fraction; be lenient with ms integers.
    return { ms: Math.round(value > 1e11 ? value : value * 1000) };
  }
  if (typeof value !== 'string' || value.length === 0) return undefined;
  if (value.length === CLF_TIME_LENGTH) {
    const ms = timeCache.parse(value, 0);
    if (ms >= 0) return { ms, tz: tzOffsetAt(value, 21) };
  }
  const iso = parseIsoTimeWithZone(value, 0, value.length);
  if (iso !== undefined) return iso.tz === undefined ? { ms: iso.ms } : { ms: iso.ms, tz: iso.tz };
  const seconds = parseDecimal(value, 0, value.length, 1000);
  return seconds >= 0 ? { ms: Math.round(seconds > 1e14 ? seconds / 1000 : seconds) } : undefined;
}

/** Whether a line looks like an nginx JSON access log line. */
export function looksLikeNginxJson(line: string): JsonObject | undefined {
  if (line.charCodeAt(0) !== 123 /* { */) return undefined;
  let last = line.length - 1;
  while (last > 0 && line.charCodeAt(last) <= 32) last--;
  // One object per line: anything else is not worth a full parse.
  if (line.charCodeAt(last) !== 125 /* } */) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  return parsed as JsonObject;
}

export class NginxJsonParser extends ParserBase implements LineParser {
  readonly format = 'nginx-json';
  readonly vendor = 'nginx' as const;
  readonly detailEveryLine = true;
  private current: JsonObject = {};

  scan(line: string): ScanOutcome {
    this.resetLine();
    if (line.trim().length === 0) return ScanOutcome.Ignored;
    const obj = looksLikeNginxJson(line);
    if (obj === undefined) return this.malformed('json-invalid', 'not a JSON object');
    const rawStatus = first(obj, STATUS_KEYS);
    if (rawStatus === undefined) return this.malformed('status-missing', 'no status field');
    const statusKey = STATUS_KEYS.find((key) => obj[key] !== undefined);
    // JSON.parse reads 5.02e2 and 502.0 as 502: a status must be written as digits.
    const asDigits = typeof rawStatus !== 'number' || statusKey === undefined || writtenAsDigits(line, statusKey);
    const status = !asDigits ? NaN : typeof rawStatus === 'number' ? rawStatus : /^\d{1,3}$/.test(String(rawStatus)) ? Number(rawStatus) : NaN;
    if (!Number.isInteger(status) || status < 0 || status > 999) return this.malformed('status-invalid', `status is ${JSON.stringify(rawStatus)}`);
    this.hot.status = status;
    const time = jsonTime(first(obj, TIME_KEYS));
    if (time !== undefined) this.hot.time = time.ms;
    this.hot.bytes = numberOf(first(obj, BYTES_KEYS), 1);
    this.hot.durationMs = numberOf(first(obj, DURATION_KEYS), 1000);
    this.current = obj;
    return ScanOutcome.Record;
  }

  record(): LogRecord {
    const obj = this.current;
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    const time = jsonTime(first(obj, TIME_KEYS));
    if (time !== undefined) {
      rec.time = time.ms;
      if (time.tz !== undefined && !Number.isNaN(time.tz)) rec.tzOffsetMinutes = time.tz;
    }
    if (this.hot.bytes >= 0) rec.bytes = this.hot.bytes;
    if (this.hot.durationMs >= 0) rec.durationMs = this.hot.durationMs;
    const request: RequestParts = {};
    const rawRequest = text(obj.request);
    if (rawRequest !== undefined) Object.assign(request, parseRequestLine(rawRequest, 'none'));
    const method = text(first(obj, ['request_method', 'method']));
    if (method !== undefined) request.method = method;
    const target = text(first(obj, ['request_uri']));
    if (target !== undefined) splitTarget(target, request);
    const uri = text(first(obj, ['uri', 'path']));
    if (uri !== undefined && target === undefined) request.path = uri;
    const args = text(first(obj, ['args', 'query_string', 'query']));
    if (args !== undefined && request.query === undefined) request.query = args;
    const protocol = text(first(obj, ['server_protocol', 'protocol']));
    if (protocol !== undefined) request.protocol ??= protocol;
    if (request.method !== undefined) rec.method = request.method;
    if (request.path !== undefined) rec.path = request.path;
    if (request.query !== undefined) rec.query = request.query;
    if (request.protocol !== undefined) rec.protocol = request.protocol;
    const host = text(first(obj, HOST_KEYS));
    if (host !== undefined) rec.host = host;
    const remote = text(first(obj, CLIENT_KEYS));
    const xff = text(first(obj, XFF_KEYS));
    const origin = xff === undefined ? undefined : firstForwardedFor(xff);
    const client = origin ?? remote;
    if (client !== undefined) rec.client = client;
    const extra: Record<string, string> = {};
    if (origin !== undefined && remote !== undefined) extra.remoteAddr = remote;
    if (xff !== undefined) extra.forwardedFor = xff;
    const user = text(obj.remote_user);
    if (user !== undefined) rec.user = user;
    const referer = text(first(obj, ['http_referer', 'referer', 'referrer']));
    if (referer !== undefined) rec.referer = referer;
    const userAgent = text(first(obj, ['http_user_agent', 'user_agent', 'agent']));
    if (userAgent !== undefined) rec.userAgent = userAgent;
    const upstreamAddr = text(obj.upstream_addr);
    const addrs = upstreamAddr === undefined ? undefined : parseUpstreamAddrs(upstreamAddr);
    if (addrs !== undefined) rec.upstream = addrs;
    const upstreamStatus = text(obj.upstream_status);
    const statuses = upstreamStatus === undefined ? undefined : parseUpstreamStatuses(upstreamStatus);
    if (statuses !== undefined) rec.upstreamStatus = statuses;
    const upstreamTime = text(obj.upstream_response_time);
    const times = upstreamTime === undefined ? undefined : parseUpstreamTimesMs(upstreamTime);
    if (times !== undefined) rec.upstreamTimeMs = times;
    for (const key of ['request_id', 'req_id', 'upstream_connect_time', 'upstream_header_time', 'upstream_cache_status']) {
      const value = text(obj[key]);
      if (value !== undefined) extra[key] = value;
    }
    if (Object.keys(extra).length > 0) rec.extra = extra;
    return rec;
  }
}

/** Score for a line: a JSON object with a status key. */
export function matchNginxJson(line: string): number {
  const obj = looksLikeNginxJson(line);
  if (obj === undefined) return 0;
  if (first(obj, STATUS_KEYS) === undefined) return 0;
  // Other JSON formats (Caddy, Cloudflare) also have a status; require nginx variable names.
  let nginxKeys = typeof obj.request === 'string' ? 1 : 0;
  for (const key of ['time_local', 'time_iso8601', 'msec', 'remote_addr', 'request_uri', 'body_bytes_sent', 'request_time', 'upstream_status', 'http_user_agent', 'http_x_forwarded_for']) {
    if (key in obj) nginxKeys++;
  }
  if (nginxKeys === 0) return 0;
  const score = 5 + nginxKeys;
  return score;
}
