/**
 * Caddy v2 access logs: one zap JSON object per line from the
 * `http.log.access[.name]` logger, possibly mixed with Caddy's own runtime
 * log lines and prefixed by docker compose (`caddy  | {...}`).
 */
import { ABSENT, type LogRecord } from './record.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from './parser.js';
import { CLF_TIME_LENGTH, ClfTimeCache, parseIsoTimeWithZone, tzOffsetAt } from './clf.js';
import {
  JsonKind,
  JsonLineReader,
  epochDigitsToMs,
  epochNumberToMs,
  exactIntegerDigits,
  firstHeaderValue,
  hostWithoutPort,
  parseJsonObject,
  splitPathQuery,
  writtenAsDigits,
} from './json-fields.js';
import { ParserBase } from './parser-base.js';
import { MatchScore } from './score.js';

/** Index of the JSON object after a docker compose `service-name  | ` prefix, or 0 when there is none. */
function jsonStart(line: string): number {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 0x20 || line.charCodeAt(i) === 0x09)) i++;
  if (line.charCodeAt(i) === 0x7b) return i;
  const bar = line.indexOf('|');
  if (bar <= 0 || bar > 200) return -1;
  // The prefix is a service/container name, padded with spaces before the bar.
  if (!/^[A-Za-z0-9_.-]+ *$/.test(line.slice(0, bar))) return -1;
  i = bar + 1;
  while (i < line.length && line.charCodeAt(i) === 0x20) i++;
  return line.charCodeAt(i) === 0x7b ? i : -1;
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, 'μs': 0.001, ns: 0.000001 };
const GO_DURATION_PART = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|μs|ns)/y;

/** Milliseconds of a Go duration string (`1.2ms`, `1m2.5s`, `850µs`), or -1. */
export function goDurationToMs(text: string): number {
  if (text === '0') return 0;
  let total = 0;
  let at = 0;
  GO_DURATION_PART.lastIndex = 0;
  while (at < text.length) {
    GO_DURATION_PART.lastIndex = at;
    const m = GO_DURATION_PART.exec(text);
    if (m === null) return ABSENT;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    at = GO_DURATION_PART.lastIndex;
  }
  return at === 0 ? ABSENT : total;
}

/**
 * Duration in ms. Numbers are seconds (Caddy's default) unless they are whole
 * and at least 1000, which only the `ns` duration_format produces in practice.
 * Floats written with duration_format `ms` cannot be told apart from seconds.
 */
function durationToMs(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return ABSENT;
    return Number.isInteger(value) && value >= 1000 ? value / 1e6 : value * 1000;
  }
  if (typeof value === 'string') return goDurationToMs(value.trim());
  return ABSENT;
}

const clfTime = new ClfTimeCache();
const WALL_RE = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;

/** Epoch ms and stated offset of a `ts` string in one of Caddy's time_format layouts. */
function tsStringToMs(text: string): { ms: number; offset?: number } {
  const iso = parseIsoTimeWithZone(text, 0, text.length);
  if (iso !== undefined) return iso.tz === undefined ? { ms: iso.ms } : { ms: iso.ms, offset: iso.tz };
  if (/^\d+(\.\d+)?$/.test(text)) return { ms: epochNumberToMs(Number(text)) };
  if (text.length === CLF_TIME_LENGTH) {
    const ms = clfTime.parse(text, 0);
    if (ms !== ABSENT) return { ms, offset: tzOffsetAt(text, 21) };
  }
  // `wall` layouts carry no zone: read them as UTC wall clock.
  const wall = WALL_RE.exec(text);
  if (wall !== null) {
    const ms = wall[7] === undefined ? 0 : Math.floor(Number(`0${wall[7]}`) * 1000);
    return { ms: Date.UTC(Number(wall[1]), Number(wall[2]) - 1, Number(wall[3]), Number(wall[4]), Number(wall[5]), Number(wall[6]), ms) };
  }
  return { ms: ABSENT };
}

function isAccessEntry(object: Record<string, unknown>): boolean {
  const logger = object['logger'];
  if (typeof logger === 'string') return logger === 'http.log.access' || logger.startsWith('http.log.access.');
  // Without a logger name (stripped by a filter or a shipper), the shape decides.
  return typeof object['request'] === 'object' && object['request'] !== null && 'status' in object;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The keys the fast path reads; the request's own after the top-level ones. */
const FAST_KEYS = ['logger', 'status', 'ts', 'size', 'duration', 'request', 'request.uri', 'request.host', 'request.client_ip', 'request.remote_ip'];
const K_LOGGER = 0;
const K_STATUS = 1;
const K_TS = 2;
const K_SIZE = 3;
const K_DURATION = 4;
const K_REQUEST = 5;
const K_URI = 6;
const K_HOST = 7;
const K_CLIENT_IP = 8;
const K_REMOTE_IP = 9;
const ACCESS_LOGGER = 'http.log.access';

/** jsonStart() of text[start, end): where the object starts, or -1. */
function jsonStartAt(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  if (i < end && text.charCodeAt(i) === 0x7b) return i;
  // A docker compose prefix: a name, spaces, the first '|' of the line within 200 characters.
  let bar = start;
  while (bar < end && bar - start <= 200 && text.charCodeAt(bar) !== 0x7c /* | */) bar++;
  if (bar === start || bar >= end || bar - start > 200) return -1;
  let name = start;
  while (name < bar && isNameChar(text.charCodeAt(name))) name++;
  if (name === start) return -1;
  for (let k = name; k < bar; k++) if (text.charCodeAt(k) !== 0x20) return -1;
  i = bar + 1;
  while (i < end && text.charCodeAt(i) === 0x20) i++;
  return i < end && text.charCodeAt(i) === 0x7b ? i : -1;
}

/** [A-Za-z0-9_.-] */
function isNameChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e || c === 0x2d;
}

/** str() of a value the reader found: a non-empty string. */
function strAt(reader: JsonLineReader, slot: number): string | undefined {
  return reader.kind(slot) === JsonKind.String && reader.valueEnd(slot) > reader.valueStart(slot) ? reader.stringValue(slot) : undefined;
}

/**
 * Reads a line in place with a JsonLineReader, and falls back to scanParsed(), the JSON.parse
 * reading, for any line the reader is not sure of or whose values take a shape it leaves to the
 * parse. No field of the record is counted on every line (no upstream or origin status), so the
 * tally asks for detail() on error lines only.
 */
export class CaddyParser extends ParserBase implements LineParser {
  readonly format = 'caddy-json';
  readonly vendor = 'caddy' as const;
  readonly detailEveryLine = false;
  private object: Record<string, unknown> | undefined = {};
  private tzOffset: number | undefined;
  private readonly reader = new JsonLineReader(FAST_KEYS);
  /** Whether the line last scanned was read in place (the reader holds it), not parsed. */
  private inPlace = false;
  /** Whether `ts` of the line read in place was a number (its record then states UTC). */
  private tsIsNumber = false;

  scan(line: string): ScanOutcome {
    return this.scanAt(line, 0, line.length);
  }

  scanAt(text: string, start: number, end: number, bytes?: Uint8Array, byteOffset = 0): ScanOutcome {
    const from = jsonStartAt(text, start, end);
    const outcome = from < 0 ? -1 : this.readInPlace(text, from, end, bytes, byteOffset);
    if (outcome >= 0) return outcome;
    return this.scanParsed(start === 0 && end === text.length ? text : text.slice(start, end));
  }

  /** The outcome of a line read in place, its hot fields set; -1 when it must be parsed instead. */
  private readInPlace(text: string, start: number, end: number, bytes: Uint8Array | undefined, byteOffset: number): number {
    const reader = this.reader;
    if (!reader.read(text, start, end, bytes, byteOffset)) return -1;
    if (!this.isAccessEntryInPlace()) {
      this.resetLine();
      this.inPlace = false;
      return this.ignore('not-an-access-entry');
    }
    if (reader.kind(K_STATUS) !== JsonKind.Number) return -1;
    const status = reader.digitsValue(K_STATUS);
    if (status < 0) return -1;
    let time = ABSENT;
    this.tzOffset = undefined;
    this.tsIsNumber = false;
    const tsKind = reader.kind(K_TS);
    if (tsKind === JsonKind.Number) {
      this.tsIsNumber = true;
      const n = reader.digitCount(K_TS);
      if (n > 20) return -1;
      // Integer digits are taken as written (unix_nano exceeds 2^53); any other number by its value.
      time = n > 0 ? reader.epochDigitsMs(K_TS, n) : epochNumberToMs(reader.numberValue(K_TS));
    } else if (tsKind === JsonKind.String) {
      const parsed = tsStringToMs(reader.stringValue(K_TS).trim());
      time = parsed.ms;
      this.tzOffset = parsed.offset;
    }
    let size = ABSENT;
    if (reader.kind(K_SIZE) === JsonKind.Number) {
      size = reader.digitsValue(K_SIZE);
      if (size < 0) {
        const value = reader.numberValue(K_SIZE);
        size = Number.isInteger(value) && value >= 0 ? value : ABSENT;
      }
    }
    const durationKind = reader.kind(K_DURATION);
    const hot = this.hot;
    hot.status = status;
    hot.time = time;
    hot.bytes = size;
    hot.durationMs = durationToMs(
      durationKind === JsonKind.Number ? reader.numberValue(K_DURATION) : durationKind === JsonKind.String ? reader.stringValue(K_DURATION) : undefined,
    );
    this.inPlace = true;
    this.object = undefined;
    return ScanOutcome.Record;
  }

  /** isAccessEntry() of the line read in place. */
  private isAccessEntryInPlace(): boolean {
    const reader = this.reader;
    if (reader.kind(K_LOGGER) === JsonKind.String) {
      const logger = reader.stringValue(K_LOGGER);
      return logger === ACCESS_LOGGER || logger.startsWith(`${ACCESS_LOGGER}.`);
    }
    return reader.kind(K_REQUEST) === JsonKind.Object && reader.kind(K_STATUS) !== JsonKind.Absent;
  }

  /** The tally's fields of the record (status, time, path, host, client, size, duration), read in place. */
  detail(): LogRecord {
    if (!this.inPlace) return this.record();
    const reader = this.reader;
    const hot = this.hot;
    const rec: LogRecord = { status: hot.status, format: this.format, vendor: this.vendor };
    if (hot.time !== ABSENT) {
      rec.time = hot.time;
      if (this.tzOffset !== undefined) rec.tzOffsetMinutes = this.tzOffset;
      else if (this.tsIsNumber) rec.tzOffsetMinutes = 0;
    }
    if (reader.kind(K_REQUEST) === JsonKind.Object) {
      const uri = strAt(reader, K_URI);
      if (uri !== undefined) rec.path = splitPathQuery(uri).path;
      const host = strAt(reader, K_HOST);
      if (host !== undefined) rec.host = hostWithoutPort(host);
      const client = strAt(reader, K_CLIENT_IP) ?? strAt(reader, K_REMOTE_IP);
      if (client !== undefined) rec.client = client;
    }
    if (hot.bytes !== ABSENT) rec.bytes = hot.bytes;
    if (hot.durationMs !== ABSENT) rec.durationMs = hot.durationMs;
    return rec;
  }

  /** The JSON.parse reading of a line: what the fast path falls back to, and what tests hold it to. */
  scanParsed(line: string): ScanOutcome {
    this.resetLine();
    this.tzOffset = undefined;
    this.inPlace = false;
    if (line.trim() === '') return this.ignore('blank');
    const start = jsonStart(line);
    if (start < 0) return this.malformed('json-invalid', 'not a JSON object');
    const text = start === 0 ? line : line.slice(start);
    const object = parseJsonObject(text);
    if (object === undefined) return this.malformed('json-invalid', 'invalid JSON');
    // Caddy's startup and runtime messages share the stream; they are not requests.
    if (!isAccessEntry(object)) return this.ignore('not-an-access-entry');
    const status = object['status'];
    if (status === undefined) return this.malformed('status-missing', 'access entry without a status');
    if (typeof status !== 'number' || !Number.isInteger(status)) return this.malformed('status-invalid', 'access entry without an integer status');
    if (!writtenAsDigits(text, 'status')) return this.malformed('status-invalid', 'status is not written as digits');
    this.hot.status = status;
    const ts = object['ts'];
    if (typeof ts === 'number') {
      // unix_nano timestamps exceed 2^53: take the digits as written.
      const digits = Number.isInteger(ts) ? exactIntegerDigits(text, 'ts', ts) : undefined;
      this.hot.time = digits !== undefined ? epochDigitsToMs(digits) : epochNumberToMs(ts);
    } else if (typeof ts === 'string') {
      const parsed = tsStringToMs(ts.trim());
      this.hot.time = parsed.ms;
      this.tzOffset = parsed.offset;
    }
    const size = object['size'];
    if (typeof size === 'number' && Number.isInteger(size) && size >= 0) this.hot.bytes = size;
    this.hot.durationMs = durationToMs(object['duration']);
    this.object = object;
    return ScanOutcome.Record;
  }

  record(): LogRecord {
    if (this.object === undefined) this.object = parseJsonObject(this.reader.line()) ?? {};
    const o = this.object;
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time !== ABSENT) {
      rec.time = this.hot.time;
      if (this.tzOffset !== undefined) rec.tzOffsetMinutes = this.tzOffset;
      else if (typeof o['ts'] === 'number') rec.tzOffsetMinutes = 0;
    }
    const request = o['request'];
    if (request !== null && typeof request === 'object') {
      const r = request as Record<string, unknown>;
      const method = str(r['method']);
      if (method !== undefined) rec.method = method;
      const uri = str(r['uri']);
      if (uri !== undefined) {
        const split = splitPathQuery(uri);
        rec.path = split.path;
        if (split.query !== undefined && split.query !== '') rec.query = split.query;
      }
      const protocol = str(r['proto']);
      if (protocol !== undefined) rec.protocol = protocol;
      const host = str(r['host']);
      if (host !== undefined) rec.host = hostWithoutPort(host);
      const client = str(r['client_ip']) ?? str(r['remote_ip']);
      if (client !== undefined) rec.client = client;
      const userAgent = firstHeaderValue(r['headers'], 'User-Agent');
      if (userAgent !== undefined && userAgent !== '') rec.userAgent = userAgent;
      const referer = firstHeaderValue(r['headers'], 'Referer');
      if (referer !== undefined && referer !== '') rec.referer = referer;
      const extra: Record<string, string> = {};
      const remote = str(r['remote_ip']);
      if (remote !== undefined && remote !== client) extra['remote_ip'] = remote;
      const logger = str(o['logger']);
      if (logger !== undefined) extra['logger'] = logger;
      const msg = str(o['msg']);
      if (msg !== undefined && msg !== 'handled request') extra['msg'] = msg;
      if (host !== undefined && host !== rec.host) extra['host'] = host;
      if (Object.keys(extra).length > 0) rec.extra = extra;
    }
    const user = str(o['user_id']);
    if (user !== undefined) rec.user = user;
    if (this.hot.bytes !== ABSENT) rec.bytes = this.hot.bytes;
    if (this.hot.durationMs !== ABSENT) rec.durationMs = this.hot.durationMs;
    return rec;
  }
}

function matchCaddy(line: string): number {
  const start = jsonStart(line);
  if (start < 0) return 0;
  if (line.includes('"logger":"http.log.access')) return MatchScore.declared;
  if (line.includes('"msg":"handled request"') && line.includes('"request":{')) return MatchScore.typical;
  // Caddy's own runtime lines (zap: level, ts, msg) often open a stream before any request.
  if (line.startsWith('{"level":', start) && line.includes('"ts":') && line.includes('"msg":')) return MatchScore.trace;
  return 0;
}

export const caddyFormats: FormatDefinition[] = [
  {
    name: 'caddy-json',
    vendor: 'caddy',
    description: 'Caddy v2 JSON access logs (the http.log.access logger), also behind a docker compose "name | " prefix.',
    detection:
      'JSON objects from the http.log.access logger or with msg "handled request" and a request object; Caddy\'s other JSON log lines (startup, TLS, admin) in the same stream are recognised but counted as ignored, not as requests.',
    example:
      '{"level":"info","ts":1716723772.6014807,"logger":"http.log.access.log17","msg":"handled request","request":{"remote_ip":"10.5.1.1","remote_port":"38574","client_ip":"10.10.10.117","proto":"HTTP/2.0","method":"GET","host":"mirrors.tnonline.net:400","uri":"/gentoo/gentoo-distfiles/distfiles/9b/tl-hrlatex.source-2021.tar.xz","headers":{"Accept":["*/*"],"User-Agent":["facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"],"X-Forwarded-For":["10.10.10.117"],"X-Forwarded-Proto":["https"],"X-Forwarded-Host":["mirrors.tnonline.net"],"Accept-Encoding":["gzip"]}},"bytes_read":0,"user_id":"","duration":0.017557019,"size":3768,"status":200,"resp_headers":{"X-Content-Type-Options":["nosniff"],"X-Frame-Options":["DENY"],"Vary":["Accept-Encoding"],"Content-Length":["3768"],"Strict-Transport-Security":["max-age=31968001; preload"],"Content-Security-Policy":["default-src \'self\'"],"Last-Modified":["Thu, 01 Apr 2021 22:01:15 GMT"],"Permissions-Policy":["none"],"Cache-Control":["max-age=2592000, public"],"Content-Type":["application/x-xz"],"Accept-Ranges":["bytes"],"Server":["Caddy"],"Referrer-Policy":["same-origin"],"Etag":["\\"cacq4sswpg5c2wo\\""]}}',
    match: matchCaddy,
    create: () => new CaddyParser(),
  },
];
