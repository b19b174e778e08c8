/**
 * Traefik access logs: the JSON format (one flat object per request, keys such as
 * DownstreamStatus, OriginStatus, Duration in nanoseconds) and Traefik's "common" format,
 * which is Apache combined followed by the request count, the quoted router name and
 * service URL, and the duration as `<n>ms`.
 */
import type { IgnoredCode } from '../model/ignored.js';
import type { MalformedReason } from '../model/malformed.js';
import type { Signal } from '../model/signals.js';
import { ABSENT, type LogRecord } from './record.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from './parser.js';
import { decodeEscapes, firstForwardedFor, isNil, parseIsoTime } from './clf.js';
import { CH_0, CH_9, CH_SPACE } from './char-codes.js';
import { ClfLineScanner, clfShape, tokenizeTail, type TailToken } from './logformat/clfline.js';
import { hostWithoutPort, parseJsonObject, splitPathQuery, writtenAsDigits } from './json-fields.js';
import { plainUint, scalarAfterKey, scalarText, type JsonScalar } from './json-raw.js';
import { isJsonBlank, JsonLineParser } from './json-line-parser.js';
import { MatchScore } from './score.js';

// ---------------------------------------------------------------- JSON

/** Keys read on every line, in the order Traefik writes them (sorted). */
const STATUS_KEY = 'DownstreamStatus';
const BYTES_KEY = 'DownstreamContentSize';
const DURATION_KEY = 'Duration';
/** Start of the request: StartUTC, else StartLocal, else logrus's own `time` (whole seconds). */
const TIME_KEYS = ['StartUTC', 'StartLocal', 'time'] as const;

/** Fields kept in `extra`, by Traefik's name. */
const EXTRA_KEYS = ['RouterName', 'ServiceName', 'ServiceURL', 'entryPointName', 'RetryAttempts', 'RequestScheme', 'TLSVersion'] as const;

/** An object Traefik wrote for a request, rather than one of its own log messages sharing the stream. */
function isAccessEntry(object: Record<string, unknown>): boolean {
  return STATUS_KEY in object || ('RequestMethod' in object && ('RouterName' in object || 'ClientHost' in object));
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== '-' ? value : undefined;
}

function uintOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : ABSENT;
}

export class TraefikJsonParser extends JsonLineParser implements LineParser {
  readonly format = 'traefik-json';
  readonly vendor = 'traefik' as const;
  readonly detailEveryLine = false;
  private readonly value: JsonScalar = { start: 0, end: 0, quoted: false, escaped: false };

  /**
   * The hot fields straight from the text; false when a value is not what Traefik writes (absent
   * status, a number not written as plain digits, an escaped time), which JSON.parse then decides.
   */
  protected readRaw(line: string): boolean {
    const n = line.length;
    if (line.charCodeAt(n - 1) !== 0x7d /* } */) return false;
    const v = this.value;
    if (!scalarAfterKey(line, STATUS_KEY, 0, n, v) || v.quoted) return false;
    const status = plainUint(line, v.start, v.end);
    if (status === ABSENT) return false;
    let bytes = ABSENT;
    if (scalarAfterKey(line, BYTES_KEY, 0, n, v)) {
      bytes = v.quoted ? ABSENT : plainUint(line, v.start, v.end);
      if (bytes === ABSENT) return false;
    }
    let duration = ABSENT;
    if (scalarAfterKey(line, DURATION_KEY, 0, n, v)) {
      const ns = v.quoted ? ABSENT : plainUint(line, v.start, v.end);
      if (ns === ABSENT) return false;
      duration = ns / 1e6;
    }
    let time = ABSENT;
    for (const key of TIME_KEYS) {
      if (!scalarAfterKey(line, key, 0, n, v)) continue;
      if (!v.quoted || v.escaped) return false;
      time = parseIsoTime(line, v.start, v.end);
      break;
    }
    this.hot.status = status;
    this.hot.bytes = bytes;
    this.hot.durationMs = duration;
    this.hot.time = time;
    return true;
  }

  protected readParsed(line: string): ScanOutcome {
    const object = parseJsonObject(line);
    if (object === undefined) return this.malformed('json-invalid', 'invalid JSON');
    // Traefik's own messages (startup, configuration, errors) share stdout with the access log.
    if (!isAccessEntry(object)) return this.ignore('not-an-access-entry');
    const status = object[STATUS_KEY];
    if (status === undefined || status === null) return this.malformed('status-unset', 'access entry without a DownstreamStatus');
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 0) return this.malformed('status-invalid', 'DownstreamStatus is not an integer');
    if (!writtenAsDigits(line, STATUS_KEY)) return this.malformed('status-invalid', 'DownstreamStatus is not written as digits');
    this.hot.status = status;
    this.hot.bytes = uintOf(object[BYTES_KEY]);
    const ns = uintOf(object[DURATION_KEY]);
    this.hot.durationMs = ns === ABSENT ? ABSENT : ns / 1e6;
    for (const key of TIME_KEYS) {
      const value = object[key];
      if (value === undefined) continue;
      this.hot.time = typeof value === 'string' ? parseIsoTime(value, 0, value.length) : ABSENT;
      break;
    }
    return ScanOutcome.Record;
  }

  record(): LogRecord {
    const line = this.line;
    const object = parseJsonObject(line);
    // A line whose hot fields read cleanly but whose JSON is broken further on keeps what reads.
    const get = (key: string): unknown => {
      if (object !== undefined) return object[key];
      const v = this.value;
      if (!scalarAfterKey(line, key, 0, line.length, v)) return undefined;
      if (v.quoted) return scalarText(line, v);
      const n = Number(line.slice(v.start, v.end));
      return Number.isFinite(n) ? n : undefined;
    };
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time !== ABSENT) {
      rec.time = this.hot.time;
      const stated = TIME_KEYS.map(get).find((value) => value !== undefined);
      if (typeof stated === 'string') rec.tzOffsetMinutes = zoneOf(stated);
    }
    const method = str(get('RequestMethod'));
    if (method !== undefined) rec.method = method;
    const target = str(get('RequestPath'));
    if (target !== undefined) {
      const split = splitPathQuery(target);
      rec.path = split.path;
      if (split.query !== undefined && split.query !== '') rec.query = split.query;
    }
    const protocol = str(get('RequestProtocol'));
    if (protocol !== undefined) rec.protocol = protocol;
    const host = str(get('RequestHost')) ?? mapStr(get('RequestAddr'), hostWithoutPort);
    if (host !== undefined) rec.host = host;
    // With forwardedHeaders trusted, ClientHost may hold the X-Forwarded-For list: its first entry is the client.
    const clientHost = str(get('ClientHost'));
    const client = clientHost === undefined ? undefined : firstForwardedFor(clientHost);
    if (client !== undefined) rec.client = client;
    const user = str(get('ClientUsername'));
    if (user !== undefined) rec.user = user;
    if (this.hot.bytes !== ABSENT) rec.bytes = this.hot.bytes;
    if (this.hot.durationMs !== ABSENT) rec.durationMs = this.hot.durationMs;
    const upstream = str(get('ServiceAddr')) ?? str(get('ServiceURL'));
    if (upstream !== undefined) rec.upstream = [upstream];
    // 0 is meaningful, as Cloudflare's is: no response came from the service.
    const origin = uintOf(get('OriginStatus'));
    if (origin !== ABSENT) rec.originStatus = origin;
    const userAgent = str(get('request_User-Agent'));
    if (userAgent !== undefined) rec.userAgent = userAgent;
    const referer = str(get('request_Referer'));
    if (referer !== undefined) rec.referer = referer;
    const extra: Record<string, string> = {};
    for (const key of EXTRA_KEYS) {
      const value = get(key);
      if (typeof value === 'string' && value !== '' && value !== '-') extra[key] = value;
      else if (typeof value === 'number' && value !== 0) extra[key] = String(value);
    }
    const originNs = uintOf(get('OriginDuration'));
    if (originNs !== ABSENT && origin !== ABSENT) extra['OriginDurationMs'] = String(originNs / 1e6);
    if (clientHost !== undefined && clientHost !== client) extra['ClientHost'] = clientHost;
    if (Object.keys(extra).length > 0) rec.extra = extra;
    const signal = originSignal(this.hot.status, origin);
    if (signal !== undefined) rec.signal = signal;
    return rec;
  }
}

/**
 * Whether the service answered a server error: OriginStatus 0 says Traefik got no response and
 * wrote the status itself; any other value is the service's own answer.
 */
function originSignal(status: number, origin: number): Signal | undefined {
  if (status < 500 || origin === ABSENT) return undefined;
  return { kind: 'traefik-origin-status', value: String(origin) };
}

function mapStr(value: unknown, f: (s: string) => string): string | undefined {
  const s = str(value);
  return s === undefined ? undefined : f(s);
}

/** The offset an RFC 3339 time states, in minutes (`Z` is 0); undefined when it states none. */
function zoneOf(text: string): number | undefined {
  if (text.endsWith('Z')) return 0;
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(text);
  return m === null ? undefined : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function matchJson(line: string): number {
  const start = line.trimStart();
  if (start.charCodeAt(0) !== 0x7b) return 0;
  if (start.includes(`"${STATUS_KEY}"`)) return MatchScore.distinctive;
  if (start.includes('"RequestMethod"') && start.includes('"RouterName"')) return MatchScore.typical;
  return 0;
}

// ---------------------------------------------------------------- CLF

/** What Traefik writes after the user agent: request count, "router", "service URL", `<n>ms`. */
interface TraefikTail {
  referer?: string;
  userAgent?: string;
  requestCount?: string;
  router?: string;
  serviceUrl?: string;
}

/** A tail token's value: quotes gone, Traefik's `\"` escapes undone, `-` absent. */
function tokenValue(token: TailToken | undefined): string | undefined {
  if (token === undefined) return undefined;
  // A field whose closing quote is missing ends up as a bare word with a quote at one end.
  const text = (token.quoted ? token.text : token.text.replace(/^"|"$/g, '')).trim();
  if (isNil(text)) return undefined;
  return token.quoted ? decodeEscapes(text, 'apache') : text;
}

const DURATION_TOKEN = /^\d+ms$/;
const COUNT_TOKEN = /^(?:\d+|-)$/;

/**
 * Reads the tail from its end, where its shape is fixed: older Traefik versions wrote a bare `-`
 * for an absent referer, and a quote may be missing inside the router name.
 */
function readTail(tokens: readonly TailToken[]): TraefikTail | undefined {
  const n = tokens.length;
  if (n < 6) return undefined;
  const last = tokens[n - 1]!;
  if (last.quoted || !DURATION_TOKEN.test(last.text)) return undefined;
  const count = tokens[n - 4]!;
  if (count.quoted || !COUNT_TOKEN.test(count.text)) return undefined;
  return {
    referer: tokenValue(tokens[n - 6]),
    userAgent: tokenValue(tokens[n - 5]),
    requestCount: tokenValue(count),
    router: tokenValue(tokens[n - 3]),
    serviceUrl: tokenValue(tokens[n - 2]),
  };
}

/** The `<n>ms` at the end of text[start, end), in ms; ABSENT when the line does not end so. */
function trailingMs(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && isJsonBlank(text.charCodeAt(e - 1))) e--;
  if (e - start < 4 || text.charCodeAt(e - 1) !== 0x73 /* s */ || text.charCodeAt(e - 2) !== 0x6d /* m */) return ABSENT;
  let i = e - 2;
  let value = 0;
  let scale = 1;
  while (i > start) {
    const c = text.charCodeAt(i - 1);
    if (c < CH_0 || c > CH_9) break;
    value += (c - CH_0) * scale;
    scale *= 10;
    i--;
  }
  if (i === e - 2 || text.charCodeAt(i - 1) !== CH_SPACE) return ABSENT;
  return value;
}

const OWN_EXTRA = new Set(['ident', 'request', 'forwardedFor', 'remoteAddr']);

/**
 * The CLF scanner's fast path for the head, time, request, status and bytes, with the duration read
 * from the end of the line. Composed rather than inherited (so not a ParserBase either: the hot
 * fields and reason are the scanner's): its locateDetail() gives the path and client alone, and an
 * error line's tally also needs the service URL, which record() reads.
 */
export class TraefikClfParser implements LineParser {
  readonly format = 'traefik-clf';
  readonly vendor = 'traefik' as const;
  readonly detailEveryLine = false;
  private readonly scanner = new ClfLineScanner({ format: this.format, vendor: this.vendor, escape: 'apache', tail: ['referer', 'userAgent'] });
  readonly hot = this.scanner.hot;

  get reason(): MalformedReason | undefined {
    return this.scanner.reason;
  }

  get ignoredCode(): IgnoredCode | undefined {
    return this.scanner.ignoredCode;
  }

  /** Where the tail after the bytes starts in the line last scanned. */
  get bytesEnd(): number {
    return this.scanner.bytesEnd;
  }

  runStart(text: string, bytes: Uint8Array | undefined, byteOffset: number): void {
    this.scanner.runStart(text, bytes, byteOffset);
  }

  scan(line: string): ScanOutcome {
    return this.scanAt(line, 0, line.length);
  }

  scanAt(text: string, start: number, end: number, bytes?: Uint8Array, byteOffset = 0): ScanOutcome {
    const outcome = this.scanner.scanAt(text, start, end, bytes, byteOffset);
    if (outcome === ScanOutcome.Record) this.hot.durationMs = trailingMs(text, start, end);
    return outcome;
  }

  record(): LogRecord {
    const rec = this.scanner.record();
    delete rec.referer;
    delete rec.userAgent;
    const extra: Record<string, string> = {};
    for (const [key, value] of Object.entries(rec.extra ?? {})) if (OWN_EXTRA.has(key)) extra[key] = value;
    const tail = readTail(tokenizeTail(this.scanner.lineText(), this.scanner.bytesEnd, true));
    if (tail !== undefined) {
      if (tail.referer !== undefined) rec.referer = tail.referer;
      if (tail.userAgent !== undefined) rec.userAgent = tail.userAgent;
      if (tail.serviceUrl !== undefined) rec.upstream = [tail.serviceUrl];
      if (tail.router !== undefined) extra['RouterName'] = tail.router;
      if (tail.requestCount !== undefined) extra['RequestCount'] = tail.requestCount;
    }
    if (Object.keys(extra).length > 0) rec.extra = extra;
    else delete rec.extra;
    return rec;
  }
}

function matchClf(line: string): number {
  const shape = clfShape(line);
  if (shape === undefined) return 0;
  // Above nginx and Apache combined even with their vendor hints, which these lines can carry: the
  // tier a fitting custom format gets, since the tail is one nobody else writes.
  return readTail(tokenizeTail(line, clfTailStart(line), true)) !== undefined ? MatchScore.customFit : 0;
}

const tailProbe = new TraefikClfParser();

/** Where the tail after the bytes starts, as the scanner finds it. */
function clfTailStart(line: string): number {
  tailProbe.scan(line);
  return tailProbe.bytesEnd;
}

export const traefikFormats: FormatDefinition[] = [
  {
    name: 'traefik-json',
    vendor: 'traefik',
    description: 'Traefik access logs in JSON (accessLog.format json): one object per request with DownstreamStatus, OriginStatus, Duration in ns, RouterName and ServiceAddr.',
    detection:
      "JSON objects with a DownstreamStatus key (or RequestMethod with RouterName); Traefik's own JSON log messages in the same stream are recognised and counted as ignored.",
    example:
      '{"ClientAddr":"172.17.0.1:39496","ClientHost":"172.17.0.1","ClientPort":"39496","ClientUsername":"-","DownstreamContentSize":357,"DownstreamStatus":200,"Duration":357313,"OriginContentSize":357,"OriginDuration":324669,"OriginStatus":200,"Overhead":32644,"RequestAddr":"test.docker.localhost","RequestContentSize":0,"RequestCount":190,"RequestHost":"test.docker.localhost","RequestMethod":"GET","RequestPath":"/594VAEoi.save","RequestPort":"-","RequestProtocol":"HTTP/1.1","RequestScheme":"http","RetryAttempts":0,"RouterName":"test@docker","ServiceAddr":"172.17.0.3:80","ServiceName":"test@docker","ServiceURL":{"Scheme":"http","Opaque":"","User":null,"Host":"172.17.0.3:80","Path":"","RawPath":"","ForceQuery":false,"RawQuery":"","Fragment":"","RawFragment":""},"StartLocal":"2021-12-08T14:02:43.587782192Z","StartUTC":"2021-12-08T14:02:43.587782192Z","downstream_Content-Length":"357","downstream_Content-Type":"text/plain; charset=utf-8","downstream_Date":"Wed, 08 Dec 2021 14:02:43 GMT","entryPointName":"http","level":"info","msg":"","origin_Content-Length":"357","origin_Content-Type":"text/plain; charset=utf-8","origin_Date":"Wed, 08 Dec 2021 14:02:43 GMT","request_Connection":"Keep-Alive","request_User-Agent":"Nikto","request_X-Forwarded-Host":"test.docker.localhost","request_X-Forwarded-Port":"80","request_X-Forwarded-Proto":"http","request_X-Forwarded-Server":"8f4adf27f2ad","request_X-Real-Ip":"172.17.0.1","time":"2021-12-08T14:02:43Z"}',
    match: matchJson,
    create: () => new TraefikJsonParser(),
  },
  {
    name: 'traefik-clf',
    vendor: 'traefik',
    description: 'Traefik access logs in its common format: Apache combined plus the request count, "router name", "service URL" and the duration as <n>ms.',
    detection:
      'A CLF line whose tail after the user agent is a count, two quoted fields and <n>ms; it scores above nginx and Apache combined, which the same lines also fit.',
    example:
      '172.17.0.1 - - [08/Dec/2021:13:59:39 +0000] "GET /index?toto=tata HTTP/1.1" 200 352 "-" "Nikto" 242 "test@docker" "http://172.17.0.3:80" 1ms',
    match: matchClf,
    create: () => new TraefikClfParser(),
  },
];
