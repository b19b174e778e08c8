/**
 * AWS Elastic Load Balancing access logs: Application Load Balancer entries
 * (first field the request type) and Classic ELB entries (first field the
 * timestamp). Fields are space-separated, strings double-quoted.
 *
 * The same logs hold records that carry no HTTP status, which are recognised and ignored: a
 * classic ELB's TCP and SSL listeners log each connection with `-` for both statuses and
 * `"- - - "` for the request, and a Network Load Balancer's TLS listeners (`tls 2.0 …`), whose
 * logs sit beside ALB logs under the same S3 prefix, log connections, not requests.
 */
import { ABSENT, type LogRecord } from './record.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from './parser.js';
import { parseIsoTime, parseIsoTimeWithZone } from './clf.js';
import { CH_0, CH_9, CH_COLON, CH_DOT, CH_MINUS, CH_PLUS, CH_QUOTE, CH_SPACE } from './char-codes.js';
import { hostWithoutPort, splitAddressPort, splitPathQuery } from './json-fields.js';
import { ParserBase, present } from './parser-base.js';
import { MATCH_STEP, MatchScore } from './score.js';

/**
 * Splits at spaces; a field starting with `"` ends at a `"` followed by a space
 * or the end of the line, since ALB leaves spaces (and sometimes quotes) raw
 * inside the request and user-agent fields.
 */
// AWS appends new fields at the end; past this many, nothing is read, so stop splitting.
const MAX_FIELDS = 64;

export function splitElbFields(line: string, limit = MAX_FIELDS): string[] {
  const fields: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === 0x20) i++;
    if (i >= n) break;
    if (line.charCodeAt(i) === 0x22) {
      let q = line.indexOf('" ', i + 1);
      if (q < 0) q = n > i + 1 && line.charCodeAt(n - 1) === 0x22 ? n - 1 : -1;
      if (q < 0) {
        fields.push(line.slice(i + 1));
        break;
      }
      fields.push(line.slice(i + 1, q));
      i = q + 1;
      if (fields.length >= limit) break;
      continue;
    }
    let end = line.indexOf(' ', i);
    if (end < 0) end = n;
    fields.push(line.slice(i, end));
    i = end;
    if (fields.length >= limit) break;
  }
  return fields;
}

const ALB_TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);
const ISO_Z_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const STATUS_RE = /^\d{3}$/;

/** An NLB record's first fields: `tls`, the log version, the time (no zone in the examples AWS gives), `net/` and the LB. */
const NLB_VERSION_RE = /^\d+\.\d+$/;
const NLB_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?$/;

/** `tls 2.0 <time> net/<lb>/<id> <listener> <client:port> …`: a Network Load Balancer's TLS connection record. */
function isNlbRecord(fields: readonly string[]): boolean {
  return (
    fields.length >= 7 &&
    fields[0] === 'tls' &&
    NLB_VERSION_RE.test(fields[1]!) &&
    NLB_TIME_RE.test(fields[2]!) &&
    fields[3]!.startsWith('net/') &&
    fields[5]!.includes(':')
  );
}

/** The request field of a classic ELB TCP or SSL listener's record: `"- - - "` (three dashes, no request). */
function isListenerRequest(request: string | undefined): boolean {
  return request !== undefined && request.trim() === '- - -';
}

/** Positions of the shared fields; ALB has the request type in front, classic ELB does not. */
interface ElbLayout {
  time: number;
  elb: number;
  client: number;
  target: number;
  processing: number;
  status: number;
  targetStatus: number;
  receivedBytes: number;
  sentBytes: number;
  request: number;
  userAgent: number;
  sslCipher: number;
  sslProtocol: number;
}

const ALB: ElbLayout = {
  time: 1,
  elb: 2,
  client: 3,
  target: 4,
  processing: 5,
  status: 8,
  targetStatus: 9,
  receivedBytes: 10,
  sentBytes: 11,
  request: 12,
  userAgent: 13,
  sslCipher: 14,
  sslProtocol: 15,
};

const CLASSIC: ElbLayout = {
  time: 0,
  elb: 1,
  client: 2,
  target: 3,
  processing: 4,
  status: 7,
  targetStatus: 8,
  receivedBytes: 9,
  sentBytes: 10,
  request: 11,
  userAgent: 12,
  sslCipher: 13,
  sslProtocol: 14,
};

/** ALB fields after ssl_protocol that go into `extra` (position -> name). */
const ALB_EXTRA: readonly (readonly [number, string])[] = [
  [0, 'type'],
  [16, 'target_group_arn'],
  [17, 'trace_id'],
  [20, 'matched_rule_priority'],
  [21, 'request_creation_time'],
  [22, 'actions_executed'],
  [23, 'redirect_url'],
  [24, 'error_reason'],
  [25, 'target_port_list'],
  [26, 'target_status_code_list'],
  [27, 'classification'],
  [28, 'classification_reason'],
  [29, 'conn_trace_id'],
];
const ALB_DOMAIN = 18;
const ALB_ERROR_REASON = 24;

function intOrAbsent(value: string | undefined): number {
  if (value === undefined || value === '' || value === '-') return ABSENT;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : ABSENT;
}

/** Sum of the three processing times in ms; absent when any is -1 (no target response) or unreadable. */
function processingMs(fields: readonly string[], from: number): number {
  let total = 0;
  for (let k = from; k < from + 3; k++) {
    const seconds = Number(fields[k]);
    if (fields[k] === '' || !Number.isFinite(seconds) || seconds < 0) return ABSENT;
    total += seconds;
  }
  return total * 1000;
}

interface RequestLine {
  method?: string;
  url?: string;
  protocol?: string;
}

/** `METHOD URL PROTOCOL`; the URL itself may contain spaces (ALB classification SpaceInUri). */
function splitRequest(request: string): RequestLine {
  const first = request.indexOf(' ');
  if (first < 0) return { url: request };
  const last = request.lastIndexOf(' ');
  if (last === first) return { method: request.slice(0, first), url: request.slice(first + 1) };
  return { method: request.slice(0, first), url: request.slice(first + 1, last), protocol: request.slice(last + 1) };
}

/** Host and target of an absolute URL (`https://host:443/path?q`). */
function splitUrl(url: string): { host?: string; target?: string } {
  const scheme = url.indexOf('://');
  if (scheme < 0) return url.startsWith('/') ? { target: url } : {};
  const hostStart = scheme + 3;
  let hostEnd = hostStart;
  while (hostEnd < url.length) {
    const c = url.charCodeAt(hostEnd);
    if (c === 0x2f /* / */ || c === 0x3f /* ? */) break;
    hostEnd++;
  }
  const hostPort = url.slice(hostStart, hostEnd);
  // `:80-` appears in the request field of requests ALB could not parse.
  const host = hostWithoutPort(hostPort.endsWith('-') ? hostPort.slice(0, -1) : hostPort);
  const target = url.slice(hostEnd);
  const result: { host?: string; target?: string } = {};
  if (host !== '') result.host = host;
  if (target !== '') result.target = target.startsWith('?') ? `/${target}` : target;
  return result;
}

const CH_CR = 13;
/** Digits past which a number is read by Number() rather than in place (2^53 has 16). */
const MAX_FAST_DIGITS = 15;
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** Returned by the in-place readers for a value they leave to the string path. */
const NOT_FAST = -2;

/**
 * Number(text.slice(start, end)) for `digits[.digits]`, without the string; NOT_FAST for any other
 * spelling. A whole number of at most 15 digits divided by a power of ten up to 10^15 is exact in
 * both operands, so the one rounding of the division gives the double Number() gives.
 */
function decimalAt(text: string, start: number, end: number): number {
  let value = 0;
  let digits = 0;
  let scale = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= CH_0 && c <= CH_9) {
      value = value * 10 + (c - CH_0);
      digits++;
    } else if (c === CH_DOT && scale < 0 && i > start && i < end - 1) {
      scale = end - 1 - i;
    } else {
      return NOT_FAST;
    }
  }
  if (digits === 0 || digits > MAX_FAST_DIGITS) return NOT_FAST;
  return scale < 0 ? value : value / POWERS_OF_TEN[scale]!;
}

/** intOrAbsent of the field text[start, end), in place for digits and '-'. */
function intOrAbsentAt(text: string, start: number, end: number): number {
  if (end - start === 1 && text.charCodeAt(start) === CH_MINUS) return ABSENT;
  if (end - start <= MAX_FAST_DIGITS) {
    let value = 0;
    let i = start;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < CH_0 || c > CH_9) break;
      value = value * 10 + (c - CH_0);
    }
    if (i === end) return value;
  }
  return intOrAbsent(text.slice(start, end));
}


/** Characters of an ISO time up to its minute (`yyyy-mm-ddThh:mm`), which the cache compares. */
const ISO_MINUTE_LENGTH = 16;

/**
 * parseIsoTime() with the minute cached: a time whose first 16 characters are those of the last
 * time read costs the seconds, fraction and zone only. The tail is read as parseIsoTimeWithZone()
 * reads it, and the minute's epoch ms is what it returned less that tail, so the sum is the same
 * integer it would return.
 */
class IsoMinuteCache {
  private readonly key = new Uint16Array(ISO_MINUTE_LENGTH);
  private hasKey = false;
  private minuteMs = 0;

  read(text: string, start: number, end: number): number {
    if (end - start < 20) return parseIsoTime(text, start, end);
    if (this.hasKey) {
      const key = this.key;
      let same = true;
      for (let k = ISO_MINUTE_LENGTH - 1; k >= 0; k--) {
        if (text.charCodeAt(start + k) !== key[k]) {
          same = false;
          break;
        }
      }
      if (same) {
        const rest = isoTail(text, start, end);
        if (rest !== NOT_FAST) return this.minuteMs + rest;
      }
    }
    const full = parseIsoTimeWithZone(text, start, end);
    if (full === undefined) return ABSENT;
    const rest = isoTail(text, start, end);
    if (rest === NOT_FAST) return full.ms;
    for (let k = 0; k < ISO_MINUTE_LENGTH; k++) this.key[k] = text.charCodeAt(start + k);
    this.hasKey = true;
    this.minuteMs = full.ms - rest;
    return full.ms;
  }
}

function twoDigitsAt(text: string, i: number): number {
  const a = text.charCodeAt(i) - CH_0;
  const b = text.charCodeAt(i + 1) - CH_0;
  return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
}

/** The ms an ISO time's `:ss[.fff...][zone]` adds to its minute, as parseIsoTimeWithZone() reads it; NOT_FAST if it would not read it. */
function isoTail(text: string, start: number, end: number): number {
  const sec = twoDigitsAt(text, start + 17);
  if (sec < 0 || sec > 60 || text.charCodeAt(start + 16) !== CH_COLON) return NOT_FAST;
  let i = start + 19;
  let fractionMs = 0;
  if (i < end && text.charCodeAt(i) === CH_DOT) {
    i++;
    let scale = 100;
    while (i < end) {
      const d = text.charCodeAt(i) - CH_0;
      if (d < 0 || d > 9) break;
      fractionMs += d * scale;
      scale /= 10;
      i++;
    }
  }
  let tz = 0;
  if (i < end) {
    const c = text.charCodeAt(i);
    if (c === 90 /* Z */) {
      i++;
    } else if (c === CH_PLUS || c === CH_MINUS) {
      const hh = twoDigitsAt(text, i + 1);
      const colon = text.charCodeAt(i + 3) === CH_COLON ? 1 : 0;
      const mm = twoDigitsAt(text, i + 3 + colon);
      if (hh < 0 || mm < 0) return NOT_FAST;
      tz = (hh * 60 + mm) * (c === CH_MINUS ? -1 : 1);
      i += 5 + colon;
    } else {
      return NOT_FAST;
    }
  }
  if (i !== end) return NOT_FAST;
  return sec * 1000 + Math.floor(fractionMs) - tz * 60_000;
}

/** One of the ALB request types (ALB_TYPES), read in place. */
function isAlbTypeAt(text: string, start: number, end: number): boolean {
  const c0 = text.charCodeAt(start);
  const n = end - start;
  if (c0 === 104 /* h */) {
    if (n === 2) return text.charCodeAt(start + 1) === 50 /* 2 */;
    if (text.charCodeAt(start + 1) !== 116 || text.charCodeAt(start + 2) !== 116 || text.charCodeAt(start + 3) !== 112) return false; // ttp
    return n === 4 || (n === 5 && text.charCodeAt(start + 4) === 115 /* s */);
  }
  if (c0 === 119 /* w */) return text.charCodeAt(start + 1) === 115 && (n === 2 || (n === 3 && text.charCodeAt(start + 2) === 115));
  return n === 5 && ALB_TYPES.has(text.slice(start, end));
}

class ElbParser extends ParserBase implements LineParser {
  readonly detailEveryLine = true;
  readonly vendor = 'aws-elb' as const;
  private fields: string[] = [];
  /** target_status_code of the line last scanned, which the tally counts on every line. */
  private originStatus = ABSENT;
  // The line last read in place: text[lineStart, lineEnd), split into fields only when record() asks.
  private text = '';
  private lineStart = 0;
  private lineEnd = 0;
  private fieldsStale = false;
  /** Where the fields before the request lie in the line last read in place. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly timeCache = new IsoMinuteCache();

  constructor(
    readonly format: string,
    private readonly layout: ElbLayout,
    private readonly isAlb: boolean,
  ) {
    super();
    this.starts = new Int32Array(layout.request);
    this.ends = new Int32Array(layout.request);
  }

  /**
   * scan() of text[start, end) without a string per line or per field: the fields before the
   * request are found with indexOf, and the numbers the tally counts read where they lie. A line
   * this cannot be sure of (a quote or a double space among those fields, a CR, a number not
   * written as plain digits, anything scan() would reject) goes to scan(), so the outcome is
   * always scan()'s.
   */
  scanAt(text: string, start: number, end: number): ScanOutcome {
    const layout = this.layout;
    const starts = this.starts;
    const ends = this.ends;
    const count = layout.request;
    let i = start;
    for (let k = 0; k < count; k++) {
      const c = text.charCodeAt(i);
      if (i >= end || c === CH_SPACE || c === CH_QUOTE) return this.scanSliced(text, start, end);
      const e = text.indexOf(' ', i);
      // Every field before the request ends at a space inside the line.
      if (e < 0 || e >= end) return this.scanSliced(text, start, end);
      starts[k] = i;
      ends[k] = e;
      i = e + 1;
    }
    if (i >= end || text.charCodeAt(i) === CH_SPACE || text.charCodeAt(end - 1) === CH_CR) return this.scanSliced(text, start, end);
    if (this.isAlb && !isAlbTypeAt(text, starts[0]!, ends[0]!)) return this.scanSliced(text, start, end);
    const ss = starts[layout.status]!;
    if (ends[layout.status]! - ss !== 3) return this.scanSliced(text, start, end);
    const s0 = text.charCodeAt(ss) - CH_0;
    const s1 = text.charCodeAt(ss + 1) - CH_0;
    const s2 = text.charCodeAt(ss + 2) - CH_0;
    if (s0 < 0 || s0 > 9 || s1 < 0 || s1 > 9 || s2 < 0 || s2 > 9) return this.scanSliced(text, start, end);
    const duration = this.processingMsAt(text);
    if (duration === NOT_FAST) return this.scanSliced(text, start, end);
    const hot = this.hot;
    hot.status = s0 * 100 + s1 * 10 + s2;
    hot.time = this.timeCache.read(text, starts[layout.time]!, ends[layout.time]!);
    hot.bytes = intOrAbsentAt(text, starts[layout.sentBytes]!, ends[layout.sentBytes]!);
    hot.durationMs = duration;
    this.originStatus = intOrAbsentAt(text, starts[layout.targetStatus]!, ends[layout.targetStatus]!);
    this.text = text;
    this.lineStart = start;
    this.lineEnd = end;
    this.fieldsStale = true;
    return ScanOutcome.Record;
  }

  /** processingMs() over the three fields in place; NOT_FAST when one is not plain digits or -1. */
  private processingMsAt(text: string): number {
    let total = 0;
    let absent = false;
    const from = this.layout.processing;
    for (let k = from; k < from + 3; k++) {
      const s = this.starts[k]!;
      const e = this.ends[k]!;
      if (text.charCodeAt(s) === CH_MINUS) {
        if (e - s !== 2 || text.charCodeAt(s + 1) !== 49 /* 1 */) return NOT_FAST;
        absent = true;
        continue;
      }
      const seconds = decimalAt(text, s, e);
      if (seconds === NOT_FAST) return NOT_FAST;
      total += seconds;
    }
    return absent ? ABSENT : total * 1000;
  }

  private scanSliced(text: string, start: number, end: number): ScanOutcome {
    return this.scan(text.slice(start, end));
  }

  scan(rawLine: string): ScanOutcome {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    this.fieldsStale = false;
    this.resetLine();
    if (line.trim() === '') return this.ignore('blank');
    const fields = splitElbFields(line);
    const layout = this.layout;
    if (this.isAlb && isNlbRecord(fields)) return this.ignore('nlb-tls');
    if (fields.length <= layout.request) {
      return this.malformed('field-count', `expected at least ${layout.request + 1} fields, found ${fields.length}`);
    }
    if (this.isAlb && !ALB_TYPES.has(fields[0]!)) return this.malformed('not-a-request', `unknown ALB request type: ${fields[0]!.slice(0, 20)}`);
    const statusText = fields[layout.status]!;
    if (!this.isAlb && statusText === '-' && fields[layout.targetStatus] === '-' && isListenerRequest(fields[layout.request])) {
      // A TCP listener logs no cipher; an SSL one does (older logs have neither field).
      return this.ignore(present(fields[layout.sslCipher]) === undefined ? 'elb-tcp-listener' : 'elb-ssl-listener');
    }
    if (!STATUS_RE.test(statusText)) return this.malformed('status-invalid', `elb_status_code is not a status: ${statusText.slice(0, 20)}`);
    this.hot.status = Number(statusText);
    this.hot.time = parseIsoTime(fields[layout.time]!, 0, fields[layout.time]!.length);
    this.hot.bytes = intOrAbsent(fields[layout.sentBytes]);
    this.hot.durationMs = processingMs(fields, layout.processing);
    this.originStatus = intOrAbsent(fields[layout.targetStatus]);
    this.fields = fields;
    return ScanOutcome.Record;
  }

  /**
   * What the tally reads of every line: for an error, the record; for any other line only the
   * target status (the origin count), so a line that is not an error costs no strings.
   */
  detail(): LogRecord {
    const status = this.hot.status;
    const rec: LogRecord = { status, format: this.format, vendor: this.vendor };
    if (this.originStatus !== ABSENT) rec.originStatus = this.originStatus;
    if (status < 400 || status >= 600) return rec;
    return this.fieldsStale ? this.inPlace(rec, false) : this.record();
  }

  /** LineParser.exportFields(): the error lines' detail() on every line, with the method, query and bytes. */
  exportFields(): LogRecord {
    if (!this.fieldsStale) return this.record();
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.originStatus !== ABSENT) rec.originStatus = this.originStatus;
    return this.inPlace(rec, true);
  }

  /**
   * A line read in place: the fields from the request on are split (a few strings, not all
   * thirty), the ones before it sliced where scanAt() found them. The method, the query and the
   * bytes too when `exported`.
   */
  private inPlace(rec: LogRecord, exported: boolean): LogRecord {
    const layout = this.layout;
    const text = this.text;
    const tail = splitElbFields(text.slice(this.ends[layout.request - 1]! + 1, this.lineEnd), this.isAlb ? ALB_ERROR_REASON - layout.request + 1 : 1);
    if (this.hot.time !== ABSENT) rec.time = this.hot.time;
    const request = tail[0] === undefined ? {} : splitRequest(tail[0]);
    if (exported) {
      const method = present(request.method);
      if (method !== undefined) rec.method = method;
    }
    const url = present(request.url) !== undefined ? splitUrl(request.url!) : {};
    if (url.target !== undefined) {
      const split = splitPathQuery(url.target);
      rec.path = split.path;
      if (exported && split.query !== undefined && split.query !== '') rec.query = split.query;
    }
    if (exported && this.hot.bytes !== ABSENT) rec.bytes = this.hot.bytes;
    const domain = this.isAlb ? present(tail[ALB_DOMAIN - layout.request]) : undefined;
    const host = domain ?? url.host;
    if (host !== undefined) rec.host = host;
    const client = present(text.slice(this.starts[layout.client]!, this.ends[layout.client]!));
    if (client !== undefined) rec.client = splitAddressPort(client).address;
    if (this.hot.durationMs !== ABSENT) rec.durationMs = this.hot.durationMs;
    const target = present(text.slice(this.starts[layout.target]!, this.ends[layout.target]!));
    if (target !== undefined) rec.upstream = [target];
    const errorReason = this.isAlb ? present(tail[ALB_ERROR_REASON - layout.request]) : undefined;
    if (errorReason !== undefined) rec.signal = { kind: 'alb-error-reason', value: errorReason };
    return rec;
  }

  record(): LogRecord {
    if (this.fieldsStale) {
      this.fields = splitElbFields(this.text.slice(this.lineStart, this.lineEnd));
      this.fieldsStale = false;
    }
    const f = this.fields;
    const layout = this.layout;
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time !== ABSENT) {
      rec.time = this.hot.time;
      rec.tzOffsetMinutes = 0;
    }
    const request = splitRequest(f[layout.request]!);
    const method = present(request.method);
    if (method !== undefined) rec.method = method;
    const protocol = present(request.protocol);
    if (protocol !== undefined) rec.protocol = protocol;
    const url = present(request.url) !== undefined ? splitUrl(request.url!) : {};
    if (url.target !== undefined) {
      const split = splitPathQuery(url.target);
      rec.path = split.path;
      if (split.query !== undefined && split.query !== '') rec.query = split.query;
    }
    const domain = this.isAlb ? present(f[ALB_DOMAIN]) : undefined;
    const host = domain ?? url.host;
    if (host !== undefined) rec.host = host;
    const client = present(f[layout.client]);
    if (client !== undefined) rec.client = splitAddressPort(client).address;
    if (this.hot.bytes !== ABSENT) rec.bytes = this.hot.bytes;
    if (this.hot.durationMs !== ABSENT) rec.durationMs = this.hot.durationMs;
    const target = present(f[layout.target]);
    if (target !== undefined) rec.upstream = [target];
    if (this.originStatus !== ABSENT) rec.originStatus = this.originStatus;
    const userAgent = present(f[layout.userAgent]);
    if (userAgent !== undefined) rec.userAgent = userAgent;

    const extra: Record<string, string> = {};
    const elb = present(f[layout.elb]);
    if (elb !== undefined) extra['elb'] = elb;
    const received = present(f[layout.receivedBytes]);
    if (received !== undefined) extra['received_bytes'] = received;
    const cipher = present(f[layout.sslCipher]);
    if (cipher !== undefined) extra['ssl_cipher'] = cipher;
    const sslProtocol = present(f[layout.sslProtocol]);
    if (sslProtocol !== undefined) extra['ssl_protocol'] = sslProtocol;
    if (this.isAlb) {
      for (const [index, name] of ALB_EXTRA) {
        const value = present(f[index]);
        if (value !== undefined) extra[name] = value;
      }
    }
    rec.extra = extra;
    const errorReason = extra['error_reason'];
    if (errorReason !== undefined) rec.signal = { kind: 'alb-error-reason', value: errorReason };
    return rec;
  }
}

/** Cheap prefix checks on the first fields, without splitting the whole line. */
function leadingFields(line: string, count: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (out.length < count && i < line.length) {
    let end = line.indexOf(' ', i);
    if (end < 0) end = line.length;
    out.push(line.slice(i, end));
    i = end + 1;
  }
  return out;
}

const PROCESSING_RE = /^(?:-1|\d+(?:\.\d+)?)$/;
const TARGET_STATUS_RE = /^(?:\d{3}|-)$/;

function matchAlb(line: string): number {
  const f = leadingFields(line, 10);
  // NLB logs sit beside ALB logs in the same bucket: recognised here, and ignored by the parser.
  if (isNlbRecord(f)) return MatchScore.distinctive;
  if (f.length < 10 || !ALB_TYPES.has(f[0]!) || !ISO_Z_RE.test(f[1]!)) return 0;
  if (!PROCESSING_RE.test(f[5]!) || !STATUS_RE.test(f[8]!) || !TARGET_STATUS_RE.test(f[9]!)) return 0;
  return MatchScore.distinctive;
}

function matchClassic(line: string): number {
  const f = leadingFields(line, 9);
  if (f.length < 9 || !ISO_Z_RE.test(f[0]!) || !f[2]!.includes(':')) return 0;
  if (!PROCESSING_RE.test(f[4]!) || !PROCESSING_RE.test(f[6]!) || !TARGET_STATUS_RE.test(f[8]!)) return 0;
  // A TCP or SSL listener's record: no status either side, and `"- - - "` for the request.
  if (f[7] === '-') return f[8] === '-' && isListenerRequest(splitElbFields(line, CLASSIC.request + 1)[CLASSIC.request]) ? MatchScore.distinctive - MATCH_STEP : 0;
  if (!STATUS_RE.test(f[7]!)) return 0;
  // A step below ALB: ALB lines carry a request type in front, which makes them the more specific.
  return MatchScore.distinctive - MATCH_STEP;
}

export const albFormats: FormatDefinition[] = [
  {
    name: 'aws-alb',
    vendor: 'aws-elb',
    description: 'AWS Application Load Balancer access logs (http, https, h2, grpcs, ws, wss entries).',
    detection:
      'Lines starting with a request type (http, https, h2, grpcs, ws, wss) and an ISO UTC timestamp, with processing times and elb/target status codes in their places; trailing fields added by AWS are ignored. Network Load Balancer TLS records (tls 2.0 … net/…), which carry no HTTP status, are recognised and counted as ignored.',
    example:
      'https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2018-07-02T22:22:48.364000Z "authenticate,forward" "-" "-" 10.0.0.1:80 200 "-" "-" TID_dc57cebed65b444ebc8177bb698fe166',
    match: matchAlb,
    create: () => new ElbParser('aws-alb', ALB, true),
  },
  {
    name: 'aws-elb-classic',
    vendor: 'aws-elb',
    description: 'AWS Classic Load Balancer (ELB) access logs, with or without the user-agent and TLS fields.',
    detection:
      'Lines starting with an ISO UTC timestamp, the load balancer name and client:port, followed by three processing times and the elb/backend status codes; TCP and SSL listener records (no status, request "- - - ") are recognised and counted as ignored.',
    example:
      '2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000086 0.001048 0.001337 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.38.0 (#56-0ef1d4a5)" DHE-RSA-AES128-SHA TLSv1.2',
    match: matchClassic,
    create: () => new ElbParser('aws-elb-classic', CLASSIC, false),
  },
];
