/**
 * HAProxy HTTP logs: the default `option httplog` line and the `option httplog clf` variant, each
 * with or without the syslog prefix a log file has (`Mar  1 12:00:00 host haproxy[123]: `, an
 * RFC 3164 `<134>` priority, an ISO time) or none (`log stdout format raw`). The timers give the
 * duration, backend/server the upstream, and the termination state (`sH--`, `SC--`) the signal
 * triage reads. TCP-mode lines (`option tcplog`) are recognised and rejected: they have no HTTP
 * status.
 *
 * The scan reads the line in place (scanAt) and builds no strings; record() slices the fields.
 */
import { CH_0, CH_9, CH_COLON, CH_DOT, CH_MINUS, CH_PLUS, CH_QUOTE, CH_RBRACKET, CH_SLASH, CH_SPACE } from './char-codes.js';
import { ClfTimeCache, monthAt, parseRequestLine, parseUint } from './clf.js';
import { hostWithoutPort, splitAddressPort } from './json-fields.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from './parser.js';
import { ParserBase, present } from './parser-base.js';
import type { MalformedReason } from '../model/malformed.js';
import { ABSENT, type LogRecord } from './record.js';
import { MatchScore } from './score.js';

const CH_CR = 13;

function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= CH_0 && c <= CH_9 ? c - CH_0 : -1;
}

function twoDigitsAt(text: string, i: number): number {
  const a = digitAt(text, i);
  const b = digitAt(text, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** End of the token starting at `i`: the next space before `end`, or `end`. */
function tokenEnd(text: string, i: number, end: number): number {
  const space = text.indexOf(' ', i);
  return space < 0 || space > end ? end : space;
}

/**
 * Whether text[i] opens a `[dd/Mon/yyyy:HH:MM:SS` date that follows a space: the accept date of
 * a request line, not the `[pid]` of the syslog tag before it.
 */
function opensDate(text: string, i: number, end: number): boolean {
  return (
    i + 21 <= end && text.charCodeAt(i - 1) === CH_SPACE && text.charCodeAt(i + 3) === CH_SLASH &&
    text.charCodeAt(i + 7) === CH_SLASH && text.charCodeAt(i + 12) === CH_COLON && monthAt(text, i + 4) >= 0
  );
}

/** Index of the '[' of the first date in [start, end), or -1. */
function findDate(text: string, start: number, end: number): number {
  let i = text.indexOf('[', start + 1);
  while (i >= 0 && i < end) {
    if (opensDate(text, i, end)) return i;
    i = text.indexOf('[', i + 1);
  }
  return -1;
}

/** Start of the space-separated token that ends at `end` (exclusive), not before `start`. */
function tokenStartBefore(text: string, start: number, end: number): number {
  let i = end - 1;
  while (i >= start && text.charCodeAt(i) !== CH_SPACE) i--;
  return i + 1;
}

/** A timer as HAProxy writes it: digits, -1 for "never reached", `+` in front with option logasap. */
function timerValue(text: string, start: number, end: number): number {
  if (end <= start) return Number.NaN;
  let i = start;
  const first = text.charCodeAt(i);
  if (first === CH_MINUS) {
    return end - start === 2 && text.charCodeAt(start + 1) === 49 /* 1 */ ? -1 : Number.NaN;
  }
  if (first === CH_PLUS) i++;
  const value = parseUint(text, i, end);
  return value === ABSENT ? Number.NaN : value;
}

/** Splits `Tq/Tw/Tc/Tr/Ta` into `out`; returns how many timers there are, or -1 when one is not a timer. */
function readTimers(text: string, start: number, end: number, out: Float64Array): number {
  let count = 0;
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i === end || text.charCodeAt(i) === CH_SLASH) {
      if (count === out.length) return -1;
      const value = timerValue(text, from, i);
      if (Number.isNaN(value)) return -1;
      out[count++] = value;
      from = i + 1;
    }
  }
  return count;
}

/** The time HAProxy took in ms: Ta (the total) when set, else Tr (the server's response time), else ABSENT. */
function durationOf(timers: Float64Array): number {
  if (timers[4]! >= 0) return timers[4]!;
  if (timers[3]! >= 0) return timers[3]!;
  return ABSENT;
}

/**
 * Parses `dd/Mon/yyyy:HH:MM:SS[.mmm]]` at `pos`, a minute at a time. The accept date of `option
 * httplog` is the server's local time and names no zone: it is read as UTC (run HAProxy in UTC, or
 * use the CLF variant, whose time is GMT with its zone).
 */
class AcceptDateCache {
  private readonly key = new Uint16Array(17);
  private hasKey = false;
  private minuteMs = 0;
  /** Index of the ']' after the date last parsed. */
  close = -1;

  parse(text: string, pos: number, end: number): number {
    if (!this.hasKey || !this.sameMinute(text, pos)) {
      if (!this.parseMinute(text, pos)) return ABSENT;
    }
    const sec = twoDigitsAt(text, pos + 18);
    if (sec < 0 || sec > 60 || text.charCodeAt(pos + 17) !== CH_COLON) return ABSENT;
    let i = pos + 20;
    let ms = 0;
    if (text.charCodeAt(i) === CH_DOT) {
      i++;
      let scale = 100;
      while (i < end) {
        const d = digitAt(text, i);
        if (d < 0) break;
        ms += d * scale;
        scale /= 10;
        i++;
      }
    }
    if (i >= end || text.charCodeAt(i) !== CH_RBRACKET) return ABSENT;
    this.close = i;
    return this.minuteMs + sec * 1000 + Math.floor(ms);
  }

  private sameMinute(text: string, pos: number): boolean {
    const key = this.key;
    if (text.charCodeAt(pos + 16) !== key[16] || text.charCodeAt(pos + 15) !== key[15] || text.charCodeAt(pos + 13) !== key[13]) return false;
    for (let i = 0; i < 13; i++) if (text.charCodeAt(pos + i) !== key[i]) return false;
    return text.charCodeAt(pos + 14) === key[14];
  }

  private parseMinute(text: string, pos: number): boolean {
    const day = twoDigitsAt(text, pos);
    const month = monthAt(text, pos + 3);
    const y1 = twoDigitsAt(text, pos + 7);
    const y2 = twoDigitsAt(text, pos + 9);
    const hour = twoDigitsAt(text, pos + 12);
    const minute = twoDigitsAt(text, pos + 15);
    if (
      day < 1 || day > 31 || month < 0 || y1 < 0 || y2 < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      text.charCodeAt(pos + 2) !== CH_SLASH || text.charCodeAt(pos + 6) !== CH_SLASH ||
      text.charCodeAt(pos + 11) !== CH_COLON || text.charCodeAt(pos + 14) !== CH_COLON
    ) {
      return false;
    }
    this.minuteMs = Date.UTC(y1 * 100 + y2, month, day, hour, minute);
    for (let i = 0; i < 17; i++) this.key[i] = text.charCodeAt(pos + i);
    this.hasKey = true;
    return true;
  }
}

/** A field of the clf variant, quoted (HAProxy 2.x quotes the names) or not: [start, end) without the quotes. */
interface Span {
  start: number;
  end: number;
}

/** Reads the token at `i` into `span` (dropping one pair of quotes); returns the index after it. */
function readToken(text: string, i: number, end: number, span: Span): number {
  if (i < end && text.charCodeAt(i) === CH_QUOTE) {
    let close = text.indexOf('"', i + 1);
    if (close < 0 || close >= end) close = end;
    span.start = i + 1;
    span.end = close;
    return Math.min(end, close + 1);
  }
  const e = tokenEnd(text, i, end);
  span.start = i;
  span.end = e;
  return e;
}

const NO_SERVER = '<NOSRV>';

const TCP_LINE: MalformedReason = { code: 'not-a-request', detail: 'an HAProxy TCP log line (option tcplog): a connection, no HTTP status' };

type Layout = 'httplog' | 'clf';

class HaproxyParser extends ParserBase implements LineParser {
  readonly vendor = 'haproxy' as const;
  readonly detailEveryLine = false;
  private readonly dates = new AcceptDateCache();
  private readonly clfDates = new ClfTimeCache();
  private readonly timers = new Float64Array(5);
  private readonly span: Span = { start: 0, end: 0 };
  // The fields of the line last scanned, as ranges of `text`.
  private text = '';
  private clientStart = 0;
  private clientEnd = 0;
  private frontendStart = 0;
  private frontendEnd = 0;
  private backendStart = 0;
  private backendEnd = 0;
  private serverStart = 0;
  private serverEnd = 0;
  private stateStart = 0;
  private stateEnd = 0;
  private requestStart = 0;
  private requestEnd = 0;
  /** Where the field after the status starts (readStatus() sets it). */
  private afterStatus = 0;

  constructor(
    readonly format: string,
    private readonly layout: Layout,
  ) {
    super();
  }

  scan(line: string): ScanOutcome {
    return this.scanAt(line, 0, line.length);
  }

  scanAt(text: string, start: number, lineEnd: number): ScanOutcome {
    this.resetLine();
    let end = lineEnd;
    if (end > start && text.charCodeAt(end - 1) === CH_CR) end--;
    let first = start;
    while (first < end && text.charCodeAt(first) === CH_SPACE) first++;
    if (first === end) return this.ignore('blank');
    this.text = text;
    return this.layout === 'httplog' ? this.scanHttplog(text, first, end) : this.scanClf(text, first, end);
  }

  private scanHttplog(text: string, start: number, end: number): ScanOutcome {
    const lb = findDate(text, start, end);
    if (lb < 0) return this.malformed('not-a-request', 'no client address and [accept date]: an HAProxy event or error message, not a request');
    this.clientEnd = lb - 1;
    this.clientStart = tokenStartBefore(text, start, lb - 1);
    const time = this.dates.parse(text, lb + 1, end);
    if (time === ABSENT) return this.malformed('time-invalid', 'the accept date is not [dd/Mon/yyyy:HH:MM:SS.mmm]');
    let i = this.dates.close + 2;
    if (i >= end) return this.malformed('field-count', 'the line ends after the accept date');
    this.frontendStart = i;
    this.frontendEnd = tokenEnd(text, i, end);
    i = this.frontendEnd + 1;
    const backend = tokenEnd(text, i, end);
    const slash = text.indexOf('/', i);
    if (slash < 0 || slash >= backend) return this.malformed('field-count', 'no backend/server after the frontend');
    this.backendStart = i;
    this.backendEnd = slash;
    this.serverStart = slash + 1;
    this.serverEnd = backend;
    i = backend + 1;
    let timersEnd = tokenEnd(text, i, end);
    let count = readTimers(text, i, timersEnd, this.timers);
    if (count < 0 && timersEnd < end) {
      // One token between the server and the timers (a captured host in some configs).
      i = timersEnd + 1;
      timersEnd = tokenEnd(text, i, end);
      count = readTimers(text, i, timersEnd, this.timers);
    }
    if (count === 3) {
      this.reason = TCP_LINE;
      return ScanOutcome.Malformed;
    }
    if (count !== 5) return this.malformed('field-count', 'no Tq/Tw/Tc/Tr/Ta timers after backend/server');
    const status = this.readStatus(text, timersEnd + 1, end);
    if (status < 0) return ScanOutcome.Malformed;
    i = this.afterStatus;
    const bytesEnd = tokenEnd(text, i, end);
    const bytes = parseUint(text, text.charCodeAt(i) === CH_PLUS ? i + 1 : i, bytesEnd);
    // The captured request and response cookies, then the termination state.
    i = tokenEnd(text, bytesEnd + 1, end) + 1;
    i = tokenEnd(text, i, end) + 1;
    this.stateStart = i;
    this.stateEnd = tokenEnd(text, i, end);
    if (this.stateEnd - this.stateStart !== 4) return this.malformed('field-count', 'no four-letter termination state after the captured cookies');
    const quote = text.indexOf('"', this.stateEnd);
    if (quote < 0 || quote >= end) return this.malformed('request-missing', 'no quoted request after the termination state');
    this.requestStart = quote + 1;
    const close = text.indexOf('"', quote + 1);
    // A request cut by syslog's line limit has no closing quote: the rest of the line is the request.
    this.requestEnd = close < 0 || close >= end ? end : close;
    const hot = this.hot;
    hot.status = status;
    hot.time = time;
    hot.bytes = bytes;
    hot.durationMs = durationOf(this.timers);
    return ScanOutcome.Record;
  }

  /** The three-digit status at `i`; -1 with the reason set when it is not one. afterStatus is the index after its space. */
  private readStatus(text: string, i: number, end: number): number {
    const statusEnd = tokenEnd(text, i, end);
    const d0 = digitAt(text, i);
    const d1 = digitAt(text, i + 1);
    const d2 = digitAt(text, i + 2);
    if (statusEnd - i !== 3 || d0 < 0 || d1 < 0 || d2 < 0) {
      this.malformed('status-invalid', 'the status is not three digits');
      return -1;
    }
    this.afterStatus = statusEnd + 1;
    return d0 * 100 + d1 * 10 + d2;
  }

  /** `client - - [time] "request" status bytes "" "" port ms frontend backend server Tq Tw Tc Tr Ta state …` */
  private scanClf(text: string, start: number, end: number): ScanOutcome {
    const lb = findDate(text, start, end);
    if (lb < 0) return this.malformed('time-missing', 'no [dd/Mon/yyyy:HH:MM:SS +zone] time');
    // The client is three tokens before the time: `client - -`.
    let tokenStart = lb - 1;
    for (let k = 0; k < 3 && tokenStart > start; k++) tokenStart = tokenStartBefore(text, start, tokenStart - 1);
    this.clientStart = tokenStart;
    this.clientEnd = tokenEnd(text, tokenStart, lb);
    const time = this.clfDates.parse(text, lb + 1);
    if (time === ABSENT || text.charCodeAt(lb + 27) !== CH_RBRACKET) return this.malformed('time-invalid', 'the time is not [dd/Mon/yyyy:HH:MM:SS +zone]');
    if (text.charCodeAt(lb + 29) !== CH_QUOTE) return this.malformed('request-missing', 'no quoted request after the time');
    this.requestStart = lb + 30;
    const close = text.indexOf('"', this.requestStart);
    if (close < 0 || close >= end) return this.malformed('request-unterminated', 'the request has no closing quote');
    this.requestEnd = close;
    const status = this.readStatus(text, close + 2, end);
    if (status < 0) return ScanOutcome.Malformed;
    let i = this.afterStatus;
    const bytesEnd = tokenEnd(text, i, end);
    const bytes = parseUint(text, i, bytesEnd);
    const span = this.span;
    // Two empty quoted fields, the client port and the accept milliseconds, then the names.
    i = bytesEnd + 1;
    for (let k = 0; k < 4 && i < end; k++) i = readToken(text, i, end, span) + 1;
    i = readToken(text, i, end, span) + 1;
    this.frontendStart = span.start;
    this.frontendEnd = span.end;
    i = readToken(text, i, end, span) + 1;
    this.backendStart = span.start;
    this.backendEnd = span.end;
    i = readToken(text, i, end, span) + 1;
    this.serverStart = span.start;
    this.serverEnd = span.end;
    const timers = this.timers;
    for (let k = 0; k < 5; k++) {
      const e = tokenEnd(text, i, end);
      const value = timerValue(text, i, e);
      if (i >= end || Number.isNaN(value)) return this.malformed('field-count', 'no Tq Tw Tc Tr Ta timers after frontend, backend and server');
      timers[k] = value;
      i = e + 1;
    }
    this.stateStart = i;
    this.stateEnd = tokenEnd(text, i, end);
    if (this.stateEnd - this.stateStart !== 4) return this.malformed('field-count', 'no four-letter termination state after the timers');
    const hot = this.hot;
    hot.status = status;
    hot.time = time;
    hot.bytes = bytes;
    hot.durationMs = durationOf(timers);
    return ScanOutcome.Record;
  }

  record(): LogRecord {
    const text = this.text;
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time !== ABSENT) {
      rec.time = this.hot.time;
      if (this.layout === 'clf') rec.tzOffsetMinutes = 0;
    }
    const request = parseRequestLine(text.slice(this.requestStart, this.requestEnd), 'none');
    if (request.method !== undefined) rec.method = request.method;
    if (request.protocol !== undefined) rec.protocol = request.protocol;
    if (request.path !== undefined) {
      const absolute = /^https?:\/\/([^/?]*)(.*)$/.exec(request.path);
      if (absolute !== null) {
        // A proxy request names the host in the target: `GET http://host:8080/a?b`.
        rec.host = hostWithoutPort(absolute[1]!);
        rec.path = absolute[2] === '' ? '/' : absolute[2]!;
      } else {
        rec.path = request.path;
      }
    }
    if (request.query !== undefined && request.query !== '') rec.query = request.query;
    const client = present(text.slice(this.clientStart, this.clientEnd));
    if (client !== undefined) {
      const address = present(splitAddressPort(client).address);
      if (address !== undefined) rec.client = address;
    }
    if (this.hot.bytes !== ABSENT) rec.bytes = this.hot.bytes;
    if (this.hot.durationMs !== ABSENT) rec.durationMs = this.hot.durationMs;
    const backend = text.slice(this.backendStart, this.backendEnd);
    const server = text.slice(this.serverStart, this.serverEnd);
    if (server !== NO_SERVER && present(server) !== undefined) {
      rec.upstream = [`${backend}/${server}`];
      const tr = this.timers[3]!;
      rec.upstreamTimeMs = [tr >= 0 ? tr : null];
    }
    const state = text.slice(this.stateStart, this.stateEnd);
    // '--' first: the session ended normally (the last two letters are about persistence cookies).
    if (!state.startsWith('--')) rec.signal = { kind: 'haproxy-termination', value: state };
    const t = this.timers;
    rec.extra = {
      frontend: text.slice(this.frontendStart, this.frontendEnd),
      backend,
      server,
      timers: `${t[0]}/${t[1]}/${t[2]}/${t[3]}/${t[4]}`,
      termination_state: state,
    };
    return rec;
  }
}

const httplogProbe = new HaproxyParser('haproxy-http', 'httplog');
const clfProbe = new HaproxyParser('haproxy-http-clf', 'clf');

function matchHttplog(line: string): number {
  const outcome = httplogProbe.scan(line);
  if (outcome === ScanOutcome.Record) return MatchScore.distinctive;
  // A TCP-mode line is HAProxy's too: the file is recognised, and the line counted as no request.
  if (outcome === ScanOutcome.Malformed && httplogProbe.reason === TCP_LINE) return MatchScore.likely;
  return 0;
}

function matchClf(line: string): number {
  // Seventeen or more fields after the bytes, the termination state among them: no other CLF line has them.
  return clfProbe.scan(line) === ScanOutcome.Record ? MatchScore.distinctive : 0;
}

export const haproxyFormats: FormatDefinition[] = [
  {
    name: 'haproxy-http',
    vendor: 'haproxy',
    description:
      'HAProxy HTTP logs (option httplog), with or without a syslog prefix: accept date, frontend, backend/server, the Tq/Tw/Tc/Tr/Ta timers, status, bytes and the termination state.',
    detection:
      'A client address and [dd/Mon/yyyy:HH:MM:SS.mmm] accept date followed by frontend, backend/server, five slash-separated timers and a status; TCP-mode lines (three timers) are recognised and counted as not a request.',
    example:
      'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"',
    match: matchHttplog,
    create: () => new HaproxyParser('haproxy-http', 'httplog'),
  },
  {
    name: 'haproxy-http-clf',
    vendor: 'haproxy',
    description: 'HAProxy HTTP logs in the CLF variant (option httplog clf): a CLF line followed by frontend, backend, server, the timers and the termination state.',
    detection: 'A CLF line whose bytes are followed by two empty quoted fields, client port, milliseconds, frontend, backend, server, five timers and a four-letter termination state.',
    example:
      '127.0.0.1 - - [02/Dec/2026:04:58:54 +0000] "GET /slow HTTP/1.1" 504 198 "" "" 49062 878 "fe_clf" "be_app" "app1" 0 0 0 -1 1001 sH-- 1 1 0 0 0 0 0 "" "" ',
    match: matchClf,
    create: () => new HaproxyParser('haproxy-http-clf', 'clf'),
  },
];
