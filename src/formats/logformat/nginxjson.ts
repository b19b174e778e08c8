/**
 * nginx JSON-per-line access logs (`log_format x escape=json '{...}'`). The keys
 * are whatever the config author chose, so the common spellings are mapped;
 * values may be strings or numbers, and nginx writes an empty string for an
 * unset variable. Nested objects are not looked into.
 *
 * A line is read in place by a JsonLineReader, and parsed with JSON.parse only when the reader is
 * not sure of it: docs/performance.md#json-lines.
 */
import { JsonKind, JsonLineReader, writtenAsDigits } from '../json-fields.js';
import {
  ClfTimeCache,
  CLF_TIME_LENGTH,
  firstForwardedFor,
  isNil,
  parseDecimal,
  parseIsoTimeWithZone,
  parseRequestLine,
  requestPathAt,
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

/** The first of `keys` whose value is set: not absent, null, empty or `-`. */
function firstKey(obj: JsonObject, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = obj[key];
    if (value !== undefined && value !== null && value !== '' && value !== '-') return key;
  }
  return undefined;
}

function first(obj: JsonObject, keys: string[]): unknown {
  const key = firstKey(obj, keys);
  return key === undefined ? undefined : obj[key];
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

const PATH_KEYS = ['request_uri'];
const URI_KEYS = ['uri', 'path'];
/** The keys the fast path reads, each once. */
const FAST_KEYS = [
  ...new Set([
    ...STATUS_KEYS, ...TIME_KEYS, ...BYTES_KEYS, ...DURATION_KEYS, ...HOST_KEYS, ...CLIENT_KEYS, ...XFF_KEYS, ...PATH_KEYS, ...URI_KEYS,
    'request', 'upstream_addr', 'upstream_status',
  ]),
];
const slotsOf = (keys: readonly string[]): Int32Array => Int32Array.from(keys, (key) => FAST_KEYS.indexOf(key));
const STATUS_SLOTS = slotsOf(STATUS_KEYS);
const TIME_SLOTS = slotsOf(TIME_KEYS);
const BYTES_SLOTS = slotsOf(BYTES_KEYS);
const DURATION_SLOTS = slotsOf(DURATION_KEYS);
const HOST_SLOTS = slotsOf(HOST_KEYS);
const CLIENT_SLOTS = slotsOf(CLIENT_KEYS);
const XFF_SLOTS = slotsOf(XFF_KEYS);
const REQUEST_URI_SLOTS = slotsOf(PATH_KEYS);
const URI_SLOTS = slotsOf(URI_KEYS);
const REQUEST_SLOT = FAST_KEYS.indexOf('request');
const UPSTREAM_ADDR_SLOT = FAST_KEYS.indexOf('upstream_addr');
const UPSTREAM_STATUS_SLOT = FAST_KEYS.indexOf('upstream_status');

/** first() in place: the first of `slots` whose value is set (not absent, null, empty or `-`), or -1. */
function firstSlot(reader: JsonLineReader, slots: Int32Array): number {
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const kind = reader.kind(slot);
    if (kind === JsonKind.Absent || kind === JsonKind.Null) continue;
    if (kind === JsonKind.String) {
      const length = reader.valueEnd(slot) - reader.valueStart(slot);
      if (length === 0) continue;
      if (reader.isEscaped(slot) ? reader.stringValue(slot) === '-' : length === 1 && reader.text.charCodeAt(reader.valueStart(slot)) === 45 /* - */) continue;
    }
    return slot;
  }
  return -1;
}

/** text() of the value in `slot` (-1: none). */
function textAt(reader: JsonLineReader, slot: number): string | undefined {
  if (slot < 0) return undefined;
  const kind = reader.kind(slot);
  if (kind === JsonKind.String) {
    const value = reader.stringValue(slot);
    return isNil(value) ? undefined : value;
  }
  return kind === JsonKind.Number ? String(reader.numberValue(slot)) : undefined;
}

/** numberOf() of the value in `slot` (-1: none). */
function numberAt(reader: JsonLineReader, slot: number, scale: number): number {
  if (slot < 0) return ABSENT;
  const kind = reader.kind(slot);
  if (kind === JsonKind.Number) {
    const value = reader.numberValue(slot);
    return value >= 0 ? value * scale : ABSENT;
  }
  if (kind !== JsonKind.String) return ABSENT;
  if (reader.isEscaped(slot)) {
    const value = reader.stringValue(slot);
    return parseDecimal(value, 0, value.length, scale);
  }
  return parseDecimal(reader.text, reader.valueStart(slot), reader.valueEnd(slot), scale);
}

/** Whether an unescaped string value is one plain token: nothing splitUpstreamList() would split at or trim. */
function isPlainToken(reader: JsonLineReader, slot: number): boolean {
  if (reader.kind(slot) !== JsonKind.String || reader.isEscaped(slot)) return false;
  const codes = reader.codes;
  const from = reader.valueStart(slot) + reader.shift;
  const to = reader.valueEnd(slot) + reader.shift;
  if (to === from) return false;
  for (let i = from; i < to; i++) {
    const c = codes[i]!;
    if (c === 44 /* , */ || c <= 32 || c >= 0x7f) return false;
  }
  return true;
}

/** parseUpstreamAddrs(text(upstream_addr)): one address is sliced as it is. */
function upstreamAddrsAt(reader: JsonLineReader, slot: number): string[] | undefined {
  if (isPlainToken(reader, slot)) {
    const value = reader.stringValue(slot);
    return value === '-' ? undefined : [value];
  }
  const value = textAt(reader, slot);
  return value === undefined ? undefined : parseUpstreamAddrs(value);
}

/** parseUpstreamStatuses(text(upstream_status)): one status of up to three digits is read in place. */
function upstreamStatusesAt(reader: JsonLineReader, slot: number): (number | null)[] | undefined {
  if (reader.kind(slot) === JsonKind.String) {
    const length = reader.valueEnd(slot) - reader.valueStart(slot);
    const status = length <= 3 ? reader.digitsValue(slot) : -1;
    if (status >= 0) return [status];
  }
  const value = textAt(reader, slot);
  return value === undefined ? undefined : parseUpstreamStatuses(value);
}

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
  private current: JsonObject | undefined = {};
  private readonly reader = new JsonLineReader(FAST_KEYS);
  /** Whether the line last scanned was read in place (the reader holds it), not parsed. */
  private inPlace = false;
  /** The time of the line read in place, as jsonTime() gives it: found, epoch ms, zone. */
  private timeFound = false;
  private timeMs = 0;
  private timeZone: number | undefined;

  scan(line: string): ScanOutcome {
    return this.scanAt(line, 0, line.length);
  }

  scanAt(text: string, start: number, end: number, bytes?: Uint8Array, byteOffset = 0): ScanOutcome {
    if (end > start && text.charCodeAt(start) === 123 /* { */ && this.readInPlace(text, start, end, bytes, byteOffset)) return ScanOutcome.Record;
    return this.scanParsed(start === 0 && end === text.length ? text : text.slice(start, end));
  }

  /** The hot fields of a line read in place; false when it must be parsed instead. */
  private readInPlace(text: string, start: number, end: number, bytes: Uint8Array | undefined, byteOffset: number): boolean {
    const reader = this.reader;
    if (!reader.read(text, start, end, bytes, byteOffset)) return false;
    const statusSlot = firstSlot(reader, STATUS_SLOTS);
    if (statusSlot < 0) return false;
    const statusKind = reader.kind(statusSlot);
    // Digits as written, a string of one to three: anything else is judged (and maybe rejected) by the parse.
    const status = reader.digitsValue(statusSlot);
    if (status < 0 || status > 999 || (statusKind === JsonKind.String && reader.valueEnd(statusSlot) - reader.valueStart(statusSlot) > 3)) return false;
    if (statusKind !== JsonKind.Number && statusKind !== JsonKind.String) return false;
    this.readTime(firstSlot(reader, TIME_SLOTS));
    const hot = this.hot;
    hot.status = status;
    hot.time = this.timeFound ? this.timeMs : ABSENT;
    hot.bytes = numberAt(reader, firstSlot(reader, BYTES_SLOTS), 1);
    hot.durationMs = numberAt(reader, firstSlot(reader, DURATION_SLOTS), 1000);
    this.inPlace = true;
    this.current = undefined;
    return true;
  }

  /** jsonTime() of the value in `slot` (-1: none), into timeFound, timeMs and timeZone. */
  private readTime(slot: number): void {
    this.timeFound = false;
    this.timeZone = undefined;
    if (slot < 0) return;
    const reader = this.reader;
    const kind = reader.kind(slot);
    if (kind === JsonKind.Number || (kind === JsonKind.String && reader.isEscaped(slot))) {
      const time = jsonTime(kind === JsonKind.Number ? reader.numberValue(slot) : reader.stringValue(slot));
      if (time === undefined) return;
      this.timeFound = true;
      this.timeMs = time.ms;
      this.timeZone = time.tz;
      return;
    }
    if (kind !== JsonKind.String) return;
    const text = reader.text;
    const from = reader.valueStart(slot);
    const to = reader.valueEnd(slot);
    if (to - from === CLF_TIME_LENGTH) {
      const ms = timeCache.parse(text, from);
      if (ms >= 0) {
        this.timeFound = true;
        this.timeMs = ms;
        this.timeZone = tzOffsetAt(text, from + 21);
        return;
      }
    }
    const iso = parseIsoTimeWithZone(text, from, to);
    if (iso !== undefined) {
      this.timeFound = true;
      this.timeMs = iso.ms;
      this.timeZone = iso.tz;
      return;
    }
    const seconds = parseDecimal(text, from, to, 1000);
    if (seconds >= 0) {
      this.timeFound = true;
      this.timeMs = Math.round(seconds > 1e14 ? seconds / 1000 : seconds);
    }
  }

  /**
   * The tally's fields of the record (status, time, path, host, client, duration, upstreams), read
   * in place; on a line that is not a 4xx/5xx only the status, the upstream statuses and, when one
   * of those is a 5xx, the upstream addresses, which is all the tally reads of it (LineParser.detail).
   */
  detail(): LogRecord {
    if (!this.inPlace) return this.record();
    const reader = this.reader;
    const hot = this.hot;
    const rec: LogRecord = { status: hot.status, format: this.format, vendor: this.vendor };
    if (!(hot.status >= 400 && hot.status < 600)) {
      const statuses = upstreamStatusesAt(reader, UPSTREAM_STATUS_SLOT);
      if (statuses === undefined) return rec;
      rec.upstreamStatus = statuses;
      if (statuses.some((status) => status !== null && status >= 500)) {
        const addrs = upstreamAddrsAt(reader, UPSTREAM_ADDR_SLOT);
        if (addrs !== undefined) rec.upstream = addrs;
      }
      return rec;
    }
    if (this.timeFound) {
      rec.time = this.timeMs;
      if (this.timeZone !== undefined && !Number.isNaN(this.timeZone)) rec.tzOffsetMinutes = this.timeZone;
    }
    if (hot.bytes >= 0) rec.bytes = hot.bytes;
    if (hot.durationMs >= 0) rec.durationMs = hot.durationMs;
    const path = this.pathInPlace();
    if (path !== undefined) rec.path = path;
    const host = textAt(reader, firstSlot(reader, HOST_SLOTS));
    if (host !== undefined) rec.host = host;
    const remote = textAt(reader, firstSlot(reader, CLIENT_SLOTS));
    const xff = textAt(reader, firstSlot(reader, XFF_SLOTS));
    const origin = xff === undefined ? undefined : firstForwardedFor(xff);
    const client = origin ?? remote;
    if (client !== undefined) rec.client = client;
    const addrs = upstreamAddrsAt(reader, UPSTREAM_ADDR_SLOT);
    if (addrs !== undefined) rec.upstream = addrs;
    const statuses = upstreamStatusesAt(reader, UPSTREAM_STATUS_SLOT);
    if (statuses !== undefined) rec.upstreamStatus = statuses;
    return rec;
  }

  /** The path record() gives: request_uri cut at '?', else uri or path, else the request line's. */
  private pathInPlace(): string | undefined {
    const reader = this.reader;
    const targetSlot = firstSlot(reader, REQUEST_URI_SLOTS);
    if (targetSlot >= 0 && reader.kind(targetSlot) === JsonKind.String && !reader.isEscaped(targetSlot)) {
      const from = reader.valueStart(targetSlot);
      const to = reader.valueEnd(targetSlot);
      const codes = reader.codes;
      const shift = reader.shift;
      let q = from + shift;
      while (q < to + shift && codes[q] !== 0x3f /* ? */) q++;
      return reader.text.slice(from, q - shift);
    }
    const target = textAt(reader, targetSlot);
    if (target !== undefined) {
      const parts: RequestParts = {};
      splitTarget(target, parts);
      return parts.path;
    }
    const uri = textAt(reader, firstSlot(reader, URI_SLOTS));
    if (uri !== undefined) return uri;
    if (reader.kind(REQUEST_SLOT) === JsonKind.String && !reader.isEscaped(REQUEST_SLOT)) {
      const from = reader.valueStart(REQUEST_SLOT);
      const to = reader.valueEnd(REQUEST_SLOT);
      if (to === from || (to - from === 1 && reader.text.charCodeAt(from) === 45 /* - */)) return undefined;
      return requestPathAt(reader.text, from, to, 'none');
    }
    const request = textAt(reader, REQUEST_SLOT);
    return request === undefined ? undefined : parseRequestLine(request, 'none').path;
  }

  /** The JSON.parse reading of a line: what the fast path falls back to, and what tests hold it to. */
  scanParsed(line: string): ScanOutcome {
    this.resetLine();
    this.inPlace = false;
    if (line.trim().length === 0) return this.ignore('blank');
    const obj = looksLikeNginxJson(line);
    if (obj === undefined) return this.malformed('json-invalid', 'not a JSON object');
    const statusKey = firstKey(obj, STATUS_KEYS);
    if (statusKey === undefined) return this.malformed('status-missing', 'no status field');
    const rawStatus = obj[statusKey];
    // JSON.parse reads 5.02e2 and 502.0 as 502: a status must be written as digits.
    const asDigits = typeof rawStatus !== 'number' || writtenAsDigits(line, statusKey);
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
    if (this.current === undefined) this.current = looksLikeNginxJson(this.reader.line()) ?? {};
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
