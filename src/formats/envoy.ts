/**
 * Envoy's default access-log format, and the variants that extend it: Istio's default (response
 * code details, connection termination details and the transport failure reason after the flags;
 * cluster, addresses, SNI and route after the upstream host), or response code details alone.
 *
 *   [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
 *   %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%
 *   "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"
 *
 * The response flags (UF, UH, URX, comma-separated combinations) are the signal triage reads. The
 * scan reads the line in place (scanAt) and builds no strings; record() slices the fields.
 */
import { CH_0, CH_9, CH_MINUS, CH_QUOTE, CH_SPACE } from './char-codes.js';
import { firstForwardedFor, parseIsoTime, parseRequestLine, parseUint } from './clf.js';
import { hostWithoutPort, splitAddressPort } from './json-fields.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from './parser.js';
import { ParserBase, present } from './parser-base.js';
import { ABSENT, type LogRecord } from './record.js';
import { MatchScore } from './score.js';

const CH_LBRACKET = 91;
const CH_CR = 13;

/** End of the token starting at `i`: the next space before `end`, or `end`. */
function tokenEnd(text: string, i: number, end: number): number {
  const space = text.indexOf(' ', i);
  return space < 0 || space > end ? end : space;
}

function allDigits(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < CH_0 || c > CH_9) return false;
  }
  return true;
}

function isDash(text: string, start: number, end: number): boolean {
  return end === start + 1 && text.charCodeAt(start) === CH_MINUS;
}

function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= CH_0 && c <= CH_9 ? c - CH_0 : -1;
}

/**
 * START_TIME as Envoy writes it, `2016-04-15T20:17:00.310Z`, a minute at a time: consecutive lines
 * share the minute, so most lines cost a comparison of 16 characters and five digits. Any other
 * layout (a START_TIME format of the config's own) goes to parseIsoTime.
 */
class StartTimeCache {
  private readonly key = new Uint16Array(16);
  private hasKey = false;
  private minuteMs = 0;

  parse(text: string, start: number, end: number): number {
    if (end - start !== 24 || text.charCodeAt(start + 23) !== 90 /* Z */ || text.charCodeAt(start + 19) !== 46 /* . */) {
      return parseIsoTime(text, start, end);
    }
    const s1 = digitAt(text, start + 17);
    const s2 = digitAt(text, start + 18);
    const m1 = digitAt(text, start + 20);
    const m2 = digitAt(text, start + 21);
    const m3 = digitAt(text, start + 22);
    if (s1 < 0 || s2 < 0 || m1 < 0 || m2 < 0 || m3 < 0 || text.charCodeAt(start + 16) !== 58 /* : */) return ABSENT;
    const sec = s1 * 10 + s2;
    if (sec > 60) return ABSENT;
    const offset = sec * 1000 + m1 * 100 + m2 * 10 + m3;
    if (this.hasKey && this.sameMinute(text, start)) return this.minuteMs + offset;
    const time = parseIsoTime(text, start, end);
    if (time === ABSENT) return ABSENT;
    this.minuteMs = time - offset;
    for (let i = 0; i < 16; i++) this.key[i] = text.charCodeAt(start + i);
    this.hasKey = true;
    return time;
  }

  /** Minute digits first: they are what changes between lines. */
  private sameMinute(text: string, start: number): boolean {
    const key = this.key;
    if (text.charCodeAt(start + 15) !== key[15] || text.charCodeAt(start + 14) !== key[14]) return false;
    for (let i = 0; i < 14; i++) if (text.charCodeAt(start + i) !== key[i]) return false;
    return true;
  }
}

/** Most tokens that may stand between the flags and the byte counts (code details, termination details, failure reason). */
const MAX_DETAIL_TOKENS = 4;
/** The quoted fields after the service time: forwarded-for, user agent, request id, authority, upstream host. */
const QUOTED_FIELDS = 5;

class EnvoyParser extends ParserBase implements LineParser {
  readonly format = 'envoy';
  readonly vendor = 'envoy' as const;
  readonly detailEveryLine = false;
  private text = '';
  private end = 0;
  private requestStart = 0;
  private requestEnd = 0;
  private flagsStart = 0;
  private flagsEnd = 0;
  private detailsStart = 0;
  private detailsEnd = 0;
  private receivedStart = 0;
  private receivedEnd = 0;
  private serviceTime = ABSENT;
  private sent = ABSENT;
  private duration = ABSENT;
  /** Start and end of each quoted field's content, in pairs. */
  private readonly quoted = new Int32Array(QUOTED_FIELDS * 2);
  /** Where the fields after the upstream host begin (Istio's cluster, addresses, route), or -1. */
  private tailStart = -1;
  /** Where the service time ends: the quoted fields follow, read in record(). */
  private serviceEnd = 0;
  private readonly times = new StartTimeCache();

  scan(line: string): ScanOutcome {
    return this.scanAt(line, 0, line.length);
  }

  scanAt(text: string, start: number, lineEnd: number): ScanOutcome {
    this.resetLine();
    let end = lineEnd;
    if (end > start && text.charCodeAt(end - 1) === CH_CR) end--;
    if (end === start) return this.ignore('blank');
    if (text.charCodeAt(start) !== CH_LBRACKET) {
      let first = start;
      while (first < end && text.charCodeAt(first) === CH_SPACE) first++;
      if (first === end) return this.ignore('blank');
      return this.malformed('time-missing', 'no [START_TIME] at the start of the line');
    }
    this.text = text;
    this.end = end;
    const rb = text.indexOf(']', start + 1);
    if (rb < 0 || rb >= end) return this.malformed('time-missing', 'no [START_TIME] at the start of the line');
    const time = this.times.parse(text, start + 1, rb);
    if (time === ABSENT) return this.malformed('time-invalid', 'START_TIME is not an ISO 8601 time');
    if (text.charCodeAt(rb + 1) !== CH_SPACE || text.charCodeAt(rb + 2) !== CH_QUOTE) return this.malformed('request-missing', 'no quoted request after the time');
    this.requestStart = rb + 3;
    const close = text.indexOf('" ', this.requestStart);
    if (close < 0 || close >= end) return this.malformed('request-unterminated', 'the request has no closing quote');
    this.requestEnd = close;
    let i = close + 2;
    const codeEnd = tokenEnd(text, i, end);
    if (!allDigits(text, i, codeEnd) || codeEnd - i > 3) return this.malformed('status-invalid', 'RESPONSE_CODE is not a number');
    const status = parseUint(text, i, codeEnd);
    i = codeEnd + 1;
    this.flagsStart = i;
    this.flagsEnd = tokenEnd(text, i, end);
    if (this.flagsEnd === i || i >= end) return this.malformed('field-count', 'no RESPONSE_FLAGS after the response code');
    // The byte counts come next, or after a few detail fields: BYTES_RECEIVED BYTES_SENT DURATION SERVICE_TIME "…
    i = this.flagsEnd + 1;
    this.detailsStart = i;
    let found = false;
    for (let k = 0; k <= MAX_DETAIL_TOKENS && i < end; k++) {
      if (this.countsAt(text, i, end)) {
        found = true;
        break;
      }
      if (text.charCodeAt(i) === CH_QUOTE) {
        const q = text.indexOf('" ', i + 1);
        if (q < 0 || q >= end) break;
        i = q + 2;
      } else {
        i = tokenEnd(text, i, end) + 1;
      }
    }
    if (!found) return this.malformed('field-count', 'no BYTES_RECEIVED BYTES_SENT DURATION and service time after the response flags');
    this.detailsEnd = this.receivedStart - 1;
    if (status === 0) {
      return this.malformed('status-unset', `response code 0: Envoy sent no response (flags ${text.slice(this.flagsStart, this.flagsEnd)}; DC means the client went away first)`);
    }
    const hot = this.hot;
    hot.status = status;
    hot.time = time;
    hot.bytes = this.sent;
    hot.durationMs = this.duration;
    return ScanOutcome.Record;
  }

  /**
   * Whether `RECEIVED SENT DURATION SERVICE_TIME "` starts at `i`; when it does, reads them and
   * the quoted fields after them.
   */
  private countsAt(text: string, i: number, end: number): boolean {
    const receivedEnd = tokenEnd(text, i, end);
    if (!allDigits(text, i, receivedEnd)) return false;
    const sentStart = receivedEnd + 1;
    const sentEnd = tokenEnd(text, sentStart, end);
    if (!allDigits(text, sentStart, sentEnd)) return false;
    const durationStart = sentEnd + 1;
    const durationEnd = tokenEnd(text, durationStart, end);
    if (!allDigits(text, durationStart, durationEnd)) return false;
    const serviceStart = durationEnd + 1;
    const serviceEnd = tokenEnd(text, serviceStart, end);
    const dash = isDash(text, serviceStart, serviceEnd);
    if (!dash && !allDigits(text, serviceStart, serviceEnd)) return false;
    if (serviceEnd + 1 >= end || text.charCodeAt(serviceEnd + 1) !== CH_QUOTE) return false;
    this.receivedStart = i;
    this.receivedEnd = receivedEnd;
    this.sent = parseUint(text, sentStart, sentEnd);
    this.duration = parseUint(text, durationStart, durationEnd);
    this.serviceTime = dash ? ABSENT : parseUint(text, serviceStart, serviceEnd);
    this.serviceEnd = serviceEnd;
    return true;
  }

  /** Finds the quoted fields after the service time, and the tail after them; a line cut short keeps those it has. */
  private readQuoted(): void {
    const text = this.text;
    const end = this.end;
    const quoted = this.quoted;
    quoted.fill(-1);
    this.tailStart = -1;
    let q = this.serviceEnd + 1;
    for (let k = 0; k < QUOTED_FIELDS && q < end && text.charCodeAt(q) === CH_QUOTE; k++) {
      let close = text.indexOf('" ', q + 1);
      if (close < 0 || close >= end) close = text.charCodeAt(end - 1) === CH_QUOTE && end - 1 > q ? end - 1 : end;
      quoted[2 * k] = q + 1;
      quoted[2 * k + 1] = close;
      q = close + 2;
    }
    if (q < end) this.tailStart = q;
  }

  private quotedField(k: number): string | undefined {
    const start = this.quoted[2 * k]!;
    return start < 0 ? undefined : present(this.text.slice(start, this.quoted[2 * k + 1]!));
  }

  record(): LogRecord {
    const text = this.text;
    this.readQuoted();
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time !== ABSENT) {
      rec.time = this.hot.time;
      rec.tzOffsetMinutes = 0;
    }
    const request = parseRequestLine(text.slice(this.requestStart, this.requestEnd), 'none');
    if (request.method !== undefined) rec.method = request.method;
    if (request.path !== undefined) rec.path = request.path;
    if (request.query !== undefined && request.query !== '') rec.query = request.query;
    if (request.protocol !== undefined) rec.protocol = request.protocol;
    const authority = this.quotedField(3);
    if (authority !== undefined) rec.host = hostWithoutPort(authority);
    const forwardedFor = this.quotedField(0);
    const tail = this.tailStart >= 0 ? text.slice(this.tailStart, this.end).split(' ') : [];
    // Istio's tail: cluster, upstream local, downstream local, downstream remote address, SNI, route.
    const downstream = present(tail[3]);
    const client = (forwardedFor !== undefined ? firstForwardedFor(forwardedFor) : undefined) ?? (downstream !== undefined ? splitAddressPort(downstream).address : undefined);
    if (client !== undefined) rec.client = client;
    const userAgent = this.quotedField(1);
    if (userAgent !== undefined) rec.userAgent = userAgent;
    if (this.hot.bytes !== ABSENT) rec.bytes = this.hot.bytes;
    if (this.hot.durationMs !== ABSENT) rec.durationMs = this.hot.durationMs;
    const upstream = this.quotedField(4);
    if (upstream !== undefined) {
      rec.upstream = [upstream];
      rec.upstreamTimeMs = [this.serviceTime === ABSENT ? null : this.serviceTime];
    }
    const flags = text.slice(this.flagsStart, this.flagsEnd);
    if (flags !== '-') rec.signal = { kind: 'envoy-response-flags', value: flags };
    const extra: Record<string, string> = { response_flags: flags, bytes_received: text.slice(this.receivedStart, this.receivedEnd) };
    const requestId = this.quotedField(2);
    if (requestId !== undefined) extra['request_id'] = requestId;
    if (this.detailsEnd > this.detailsStart) extra['details'] = text.slice(this.detailsStart, this.detailsEnd);
    const cluster = present(tail[0]);
    if (cluster !== undefined) extra['upstream_cluster'] = cluster;
    const route = present(tail[5]);
    if (route !== undefined) extra['route_name'] = route;
    rec.extra = extra;
    return rec;
  }
}

const probe = new EnvoyParser();

export const envoyFormats: FormatDefinition[] = [
  {
    name: 'envoy',
    vendor: 'envoy',
    description:
      "Envoy's default access-log format (also Istio's, with response code details and the cluster, addresses and route): time, request, response code and flags, bytes, duration, upstream service time, forwarded-for, user agent, request id, authority and upstream host.",
    detection:
      'A line starting with [ISO time] and a quoted request, then the response code, the response flags (- or UF, UH, URX, …), up to four detail fields, and bytes received, bytes sent, duration and service time before the quoted fields.',
    example:
      '[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"',
    match(line) {
      const outcome = probe.scan(line);
      // Response code 0 is Envoy's too: the line is recognised, and counted as having no status.
      return outcome === ScanOutcome.Record || (outcome === ScanOutcome.Malformed && probe.reason?.code === 'status-unset') ? MatchScore.distinctive : 0;
    },
    create: () => new EnvoyParser(),
  },
];
