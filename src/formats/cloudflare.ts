/**
 * Cloudflare Logpush / Logpull `http_requests` records, as NDJSON (the
 * default output) or as CSV with a header line naming the fields.
 */
import { ABSENT, type LogRecord } from './record.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from './parser.js';
import { splitCsvLine } from './csv.js';
import { parseIsoTime } from './clf.js';
import {
  epochDigitsToMs,
  epochDigitsToNs,
  exactIntegerDigits,
  JsonKind,
  JsonLineReader,
  parseJsonObject,
  scalarText,
  splitPathQuery,
  writtenAsDigits,
} from './json-fields.js';
import { ParserBase } from './parser-base.js';
import { MatchScore } from './score.js';

/** Fields copied into `extra` because triage reads them (cache, security, pathing, colo). */
const EXTRA_FIELDS = [
  'RayID',
  'EdgeColoCode',
  'CacheCacheStatus',
  'WAFAction',
  'SecurityAction',
  'EdgePathingOp',
  'EdgePathingSrc',
  'EdgePathingStatus',
  'ClientCountry',
  'ZoneName',
  'WorkerSubrequest',
  'OriginResponseDurationMs',
] as const;

/** A timestamp value as it came: JSON number digits (exact), or a string. */
type StampSource = { digits: string } | { text: string } | undefined;

/** Epoch ms and exact ns (when integer) of a Cloudflare timestamp in any timestamp_format. */
function stampToMs(stamp: StampSource): { ms: number; ns?: bigint } {
  if (stamp === undefined) return { ms: ABSENT };
  if ('digits' in stamp) return { ms: epochDigitsToMs(stamp.digits), ns: epochDigitsToNs(stamp.digits) };
  const text = stamp.text.trim();
  if (/^\d{9,20}$/.test(text)) return { ms: epochDigitsToMs(text), ns: epochDigitsToNs(text) };
  return { ms: parseIsoTime(text, 0, text.length) };
}

function durationFrom(start: { ms: number; ns?: bigint }, end: { ms: number; ns?: bigint }): number {
  if (start.ms === ABSENT || end.ms === ABSENT) return ABSENT;
  if (start.ns !== undefined && end.ns !== undefined) {
    const diff = Number(end.ns - start.ns) / 1e6;
    return diff >= 0 ? diff : ABSENT;
  }
  const diff = end.ms - start.ms;
  return diff >= 0 ? diff : ABSENT;
}

function intField(value: unknown): number {
  if (typeof value === 'number') return Number.isInteger(value) ? value : ABSENT;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return ABSENT;
}

/** Duration from the origin timing fields when the edge timestamps do not give one. */
function originDuration(get: (name: string) => unknown): number {
  const ms = get('OriginResponseDurationMs');
  if (typeof ms === 'number' || (typeof ms === 'string' && ms !== '')) {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  // Deprecated OriginResponseTime is in nanoseconds.
  const ns = intField(get('OriginResponseTime'));
  return ns === ABSENT ? ABSENT : ns / 1e6;
}

/** Builds the record from a field getter; shared by the JSON and CSV readers. */
function buildRecord(parser: LineParser, get: (name: string) => unknown): LogRecord {
  const rec: LogRecord = { status: parser.hot.status, format: parser.format, vendor: 'cloudflare' };
  if (parser.hot.time !== ABSENT) {
    rec.time = parser.hot.time;
    rec.tzOffsetMinutes = 0;
  }
  const text = (name: string): string | undefined => scalarText(get(name));
  const method = text('ClientRequestMethod');
  if (method !== undefined) rec.method = method;
  const uri = text('ClientRequestURI') ?? text('ClientRequestPath');
  if (uri !== undefined) {
    const split = splitPathQuery(uri);
    rec.path = split.path;
    if (split.query !== undefined && split.query !== '') rec.query = split.query;
  }
  const protocol = text('ClientRequestProtocol');
  if (protocol !== undefined) rec.protocol = protocol;
  const host = text('ClientRequestHost');
  if (host !== undefined) rec.host = host;
  const client = text('ClientIP');
  if (client !== undefined) rec.client = client;
  if (parser.hot.bytes !== ABSENT) rec.bytes = parser.hot.bytes;
  if (parser.hot.durationMs !== ABSENT) rec.durationMs = parser.hot.durationMs;
  const origin = text('OriginIP');
  if (origin !== undefined) rec.upstream = [origin];
  // 0 is meaningful: no request reached the origin (cache hit, edge block, redirect).
  const originStatus = intField(get('OriginResponseStatus'));
  if (originStatus !== ABSENT) rec.originStatus = originStatus;
  const userAgent = text('ClientRequestUserAgent');
  if (userAgent !== undefined) rec.userAgent = userAgent;
  const referer = text('ClientRequestReferer');
  if (referer !== undefined) rec.referer = referer;
  const extra: Record<string, string> = {};
  for (const name of EXTRA_FIELDS) {
    const value = text(name);
    if (value !== undefined) extra[name] = value;
  }
  if (Object.keys(extra).length > 0) rec.extra = extra;
  return rec;
}

abstract class CloudflareParser extends ParserBase implements LineParser {
  abstract readonly format: string;
  readonly vendor = 'cloudflare' as const;
  readonly detailEveryLine = true;

  abstract scan(line: string): ScanOutcome;
  abstract record(): LogRecord;

  protected reset(): void {
    this.resetLine();
  }

  /** Sets the hot fields from a getter; returns false (with reason) when there is no edge status. */
  protected readHot(get: (name: string) => unknown, start: StampSource, end: StampSource): boolean {
    const status = intField(get('EdgeResponseStatus'));
    if (status === ABSENT) {
      this.reason =
        get('EdgeResponseStatus') === undefined
          ? { code: 'status-missing', detail: 'no EdgeResponseStatus field' }
          : { code: 'status-invalid', detail: 'EdgeResponseStatus is not an integer' };
      return false;
    }
    this.hot.status = status;
    const startAt = stampToMs(start);
    this.hot.time = startAt.ms;
    this.hot.bytes = intField(get('EdgeResponseBytes'));
    const edge = durationFrom(startAt, stampToMs(end));
    this.hot.durationMs = edge !== ABSENT ? edge : originDuration(get);
    return true;
  }
}

function stampFromJson(line: string, object: Record<string, unknown>, key: string): StampSource {
  const value = object[key];
  if (typeof value === 'number') {
    // JSON.parse rounded it if it is a unixnano integer: read the digits from the text.
    const digits = exactIntegerDigits(line, key, value);
    if (digits !== undefined) return { digits };
    // String() writes digits only below 1e21 (1e305 would be '1e+305'); beyond that no time is meant.
    return value >= 0 && value < 1e21 ? { digits: String(Math.trunc(value)) } : undefined;
  }
  if (typeof value === 'string' && value !== '') return { text: value };
  return undefined;
}

/** The keys the fast path reads: the hot fields and the tally's part of the record. */
const FAST_KEYS = [
  'EdgeResponseStatus',
  'EdgeStartTimestamp',
  'EdgeEndTimestamp',
  'EdgeResponseBytes',
  'OriginResponseDurationMs',
  'OriginResponseTime',
  'ClientRequestURI',
  'ClientRequestPath',
  'ClientRequestHost',
  'ClientIP',
  'OriginIP',
  'OriginResponseStatus',
] as const;
const K_STATUS = 0;
const K_START = 1;
const K_END = 2;
const K_BYTES = 3;
const K_ORIGIN_MS = 4;
const K_ORIGIN_NS = 5;
const K_URI = 6;
const K_PATH = 7;
const K_HOST = 8;
const K_CLIENT = 9;
const K_ORIGIN_IP = 10;
const K_ORIGIN_STATUS = 11;

/**
 * parseIsoTime() of the last RFC 3339 stamp text, kept with its bytes: a line's start and end
 * stamps, and the lines of one second, repeat the same text. The reader's codes show every
 * character above 0x7f as 0x80; a text holding one is no time whichever character it is, so two
 * texts that differ only there have the same answer.
 */
class IsoStampCache {
  private readonly key = new Uint8Array(40);
  private length = -1;
  private value = ABSENT;

  /** parseIsoTime(text, from, to) of the string value at text[from, to). */
  ms(reader: JsonLineReader, from: number, to: number): number {
    const n = to - from;
    const codes = reader.codes;
    const at = from + reader.shift;
    const key = this.key;
    if (n === this.length) {
      let i = n - 1;
      // From the end: the seconds change first.
      while (i >= 0 && codes[at + i] === key[i]) i--;
      if (i < 0) return this.value;
    }
    this.value = parseIsoTime(reader.text, from, to);
    if (n <= key.length) {
      key.set(codes.subarray(at, at + n));
      this.length = n;
    } else {
      this.length = -1;
    }
    return this.value;
  }
}

/** intField() of a value the reader found. */
function intFieldAt(reader: JsonLineReader, slot: number): number {
  const kind = reader.kind(slot);
  if (kind !== JsonKind.Number && kind !== JsonKind.String) return ABSENT;
  const digits = reader.digitsValue(slot);
  return digits >= 0 ? digits : intField(reader.value(slot));
}

/**
 * The JSON lines parser. scan() and scanAt() read a line in place with a JsonLineReader and
 * fall back to scanParsed(), the JSON.parse reading, for any line the reader is not sure of or
 * whose values take a shape the fast path does not read (a status that is not digits, a
 * fractional timestamp, a malformed line). Both give the same hot fields, detail and record.
 */
export class CloudflareJsonParser extends CloudflareParser {
  readonly format = 'cloudflare-json';
  private object: Record<string, unknown> | undefined = {};
  private readonly reader = new JsonLineReader(FAST_KEYS);
  /** Whether the line last scanned was read in place (the reader holds it), not parsed. */
  private inPlace = false;
  /** Set by readStamp(): epoch ms (or ABSENT), and for an integer epoch the ns within that ms. */
  private stampMs = ABSENT;
  private stampSubNs = 0;
  private stampExact = false;
  private readonly isoStamps = new IsoStampCache();

  scan(line: string): ScanOutcome {
    return this.scanAt(line, 0, line.length);
  }

  scanAt(text: string, start: number, end: number, bytes?: Uint8Array, byteOffset = 0): ScanOutcome {
    if (this.readInPlace(text, start, end, bytes, byteOffset)) return ScanOutcome.Record;
    return this.scanParsed(start === 0 && end === text.length ? text : text.slice(start, end));
  }

  /** The JSON.parse reading of a line: what the fast path falls back to, and what tests hold it to. */
  scanParsed(rawLine: string): ScanOutcome {
    this.reset();
    this.inPlace = false;
    const line = rawLine.trim();
    if (line === '') return this.ignore('blank');
    if (line.charCodeAt(0) !== 0x7b /* { */) return this.malformed('json-invalid', 'not a JSON object');
    const object = parseJsonObject(line);
    if (object === undefined) return this.malformed('json-invalid', 'invalid JSON');
    if (typeof object['EdgeResponseStatus'] === 'number' && !writtenAsDigits(line, 'EdgeResponseStatus')) {
      return this.malformed('status-invalid', 'EdgeResponseStatus is not written as digits');
    }
    const get = (name: string): unknown => object[name];
    const start = stampFromJson(line, object, 'EdgeStartTimestamp');
    const end = stampFromJson(line, object, 'EdgeEndTimestamp');
    if (!this.readHot(get, start, end)) return ScanOutcome.Malformed;
    this.object = object;
    return ScanOutcome.Record;
  }

  /** The hot fields of a line read in place; false when the line must be parsed instead. */
  private readInPlace(text: string, start: number, end: number, bytes: Uint8Array | undefined, byteOffset: number): boolean {
    const reader = this.reader;
    if (!reader.read(text, start, end, bytes, byteOffset)) return false;
    const statusKind = reader.kind(K_STATUS);
    if (statusKind !== JsonKind.Number && statusKind !== JsonKind.String) return false;
    // As written digits only: anything else is judged (and maybe rejected) by the parse.
    const status = reader.digitsValue(K_STATUS);
    if (status < 0) return false;
    if (!this.readStamp(K_START)) return false;
    const startMs = this.stampMs;
    const startSub = this.stampSubNs;
    const startExact = this.stampExact;
    if (!this.readStamp(K_END)) return false;
    let durationMs = ABSENT;
    if (startMs !== ABSENT && this.stampMs !== ABSENT) {
      const diffMs = this.stampMs - startMs;
      if (startExact && this.stampExact) {
        // The exact difference in ns, as the parse computes it with BigInt, while it stays below 2^53.
        if (diffMs > 9e9 || diffMs < -9e9) return false;
        const diff = (diffMs * 1e6 + (this.stampSubNs - startSub)) / 1e6;
        durationMs = diff >= 0 ? diff : ABSENT;
      } else {
        durationMs = diffMs >= 0 ? diffMs : ABSENT;
      }
    }
    if (durationMs === ABSENT) durationMs = this.originDurationInPlace();
    const hot = this.hot;
    hot.status = status;
    hot.time = startMs;
    hot.bytes = intFieldAt(reader, K_BYTES);
    hot.durationMs = durationMs;
    this.inPlace = true;
    this.object = undefined;
    return true;
  }

  /**
   * stampToMs(stampFromJson()) of a timestamp read in place, into stampMs, stampSubNs and
   * stampExact; false for the shapes left to the parse (fractions, signs, escapes, blanks).
   */
  private readStamp(slot: number): boolean {
    const reader = this.reader;
    const kind = reader.kind(slot);
    this.stampMs = ABSENT;
    this.stampSubNs = 0;
    this.stampExact = false;
    if (kind === JsonKind.Number) return this.readEpochDigits(slot, 1);
    if (kind !== JsonKind.String) return true;
    if (reader.isEscaped(slot)) return false;
    const from = reader.valueStart(slot);
    const to = reader.valueEnd(slot);
    if (to === from) return true;
    // trim() would take blanks off either end; the parse does that.
    const first = reader.text.charCodeAt(from);
    const last = reader.text.charCodeAt(to - 1);
    if (first <= 0x20 || first >= 0x7f || last <= 0x20 || last >= 0x7f) return false;
    if (!this.readEpochDigits(slot, 9)) this.stampMs = this.isoStamps.ms(reader, from, to);
    return true;
  }

  /**
   * An epoch of `min` to 20 digits, as epochDigitsToMs() and epochDigitsToNs() read it; false
   * when the value is not such digits.
   */
  private readEpochDigits(slot: number, min: number): boolean {
    const reader = this.reader;
    const n = reader.digitCount(slot);
    if (n < min || n > 20) return false;
    if (n <= 11) this.stampMs = reader.digitsIn(slot, 0, n) * 1000;
    else if (n <= 14) this.stampMs = reader.digitsIn(slot, 0, n);
    else if (n <= 17) {
      this.stampMs = reader.digitsIn(slot, 0, n - 3);
      this.stampSubNs = reader.digitsIn(slot, n - 3, 3) * 1000;
    } else {
      this.stampMs = reader.digitsIn(slot, 0, n - 6);
      this.stampSubNs = reader.digitsIn(slot, n - 6, 6);
    }
    this.stampExact = true;
    return true;
  }

  /** originDuration() of the line read in place. */
  private originDurationInPlace(): number {
    const reader = this.reader;
    const kind = reader.kind(K_ORIGIN_MS);
    if (kind === JsonKind.Number || (kind === JsonKind.String && reader.valueEnd(K_ORIGIN_MS) > reader.valueStart(K_ORIGIN_MS))) {
      const n = kind === JsonKind.Number ? reader.numberValue(K_ORIGIN_MS) : Number(reader.stringValue(K_ORIGIN_MS));
      if (Number.isFinite(n) && n >= 0) return n;
    }
    const ns = intFieldAt(reader, K_ORIGIN_NS);
    return ns === ABSENT ? ABSENT : ns / 1e6;
  }

  record(): LogRecord {
    if (this.object === undefined) this.object = parseJsonObject(this.reader.line().trim()) ?? {};
    const object = this.object;
    return buildRecord(this, (name) => object[name]);
  }

  /**
   * The tally's fields of the record (status, time, path, host, client, duration, origin), read in
   * place; on a line that is not a 4xx/5xx only the status and the origin status, which is all the
   * tally reads of it (LineParser.detail).
   */
  detail(): LogRecord {
    if (!this.inPlace) return this.record();
    const reader = this.reader;
    const hot = this.hot;
    const rec: LogRecord = { status: hot.status, format: this.format, vendor: 'cloudflare' };
    if (!(hot.status >= 400 && hot.status < 600)) {
      const originStatus = intFieldAt(reader, K_ORIGIN_STATUS);
      if (originStatus !== ABSENT) rec.originStatus = originStatus;
      return rec;
    }
    if (hot.time !== ABSENT) {
      rec.time = hot.time;
      rec.tzOffsetMinutes = 0;
    }
    const path = this.pathInPlace(K_URI) ?? this.pathInPlace(K_PATH);
    if (path !== undefined) rec.path = path;
    const host = reader.scalarText(K_HOST);
    if (host !== undefined) rec.host = host;
    const client = reader.scalarText(K_CLIENT);
    if (client !== undefined) rec.client = client;
    if (hot.bytes !== ABSENT) rec.bytes = hot.bytes;
    if (hot.durationMs !== ABSENT) rec.durationMs = hot.durationMs;
    const origin = reader.scalarText(K_ORIGIN_IP);
    if (origin !== undefined) rec.upstream = [origin];
    const originStatus = intFieldAt(reader, K_ORIGIN_STATUS);
    if (originStatus !== ABSENT) rec.originStatus = originStatus;
    return rec;
  }

  /** splitPathQuery(text(name)).path, cutting an unescaped string at its '?' without a copy of the whole target. */
  private pathInPlace(slot: number): string | undefined {
    const reader = this.reader;
    if (reader.kind(slot) !== JsonKind.String || reader.isEscaped(slot)) {
      const uri = reader.scalarText(slot);
      return uri === undefined ? undefined : splitPathQuery(uri).path;
    }
    const from = reader.valueStart(slot);
    const to = reader.valueEnd(slot);
    if (to === from) return undefined;
    const codes = reader.codes;
    const shift = reader.shift;
    let q = from + shift;
    while (q < to + shift && codes[q] !== 0x3f /* ? */) q++;
    return reader.text.slice(from, q - shift);
  }
}

/** Cloudflare's http_requests dataset has a few hundred fields at most. */
const MAX_CSV_FIELDS = 1024;
const HEADER_NAME_RE = /^[A-Za-z][A-Za-z0-9_.]*$/;

class CloudflareCsvParser extends CloudflareParser {
  readonly format = 'cloudflare-csv';
  private columns: Map<string, number> | undefined;
  private values: string[] = [];

  scan(rawLine: string): ScanOutcome {
    this.reset();
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') return this.ignore('blank');
    const values = splitCsvLine(line, ',', MAX_CSV_FIELDS);
    if (isCsvHeader(values)) {
      // Batches may each start with the header (batch_prefix), and field order may change between jobs.
      this.columns = new Map(values.map((name, index) => [name.trim(), index]));
      return this.ignore('directive');
    }
    const columns = this.columns;
    if (columns === undefined) return this.malformed('header-missing', 'no CSV header line naming the fields before this line');
    const get = (name: string): unknown => {
      const index = columns.get(name);
      return index === undefined ? undefined : values[index];
    };
    const stamp = (name: string): StampSource => {
      const value = get(name);
      return typeof value === 'string' && value !== '' ? { text: value } : undefined;
    };
    if (!this.readHot(get, stamp('EdgeStartTimestamp'), stamp('EdgeEndTimestamp'))) return ScanOutcome.Malformed;
    this.values = values;
    return ScanOutcome.Record;
  }

  record(): LogRecord {
    const columns = this.columns!;
    const values = this.values;
    return buildRecord(this, (name) => {
      const index = columns.get(name);
      return index === undefined ? undefined : values[index];
    });
  }
}

function isCsvHeader(values: readonly string[]): boolean {
  return values.length >= 2 && values.includes('EdgeResponseStatus') && values.every((v) => HEADER_NAME_RE.test(v.trim()));
}

function matchJson(line: string): number {
  const start = line.trimStart();
  if (start.charCodeAt(0) !== 0x7b) return 0;
  if (start.includes('"EdgeResponseStatus"')) return MatchScore.distinctive;
  if (start.includes('"RayID"') && (start.includes('"EdgeStartTimestamp"') || start.includes('"ClientRequestHost"'))) return MatchScore.likely;
  return 0;
}

function matchCsv(line: string): number {
  if (line.charCodeAt(0) === 0x7b) return 0;
  if (line.includes('EdgeResponseStatus') && isCsvHeader(splitCsvLine(line.trimEnd(), ',', MAX_CSV_FIELDS))) return MatchScore.declared;
  return 0;
}

export const cloudflareFormats: FormatDefinition[] = [
  {
    name: 'cloudflare-json',
    vendor: 'cloudflare',
    description: 'Cloudflare Logpush/Logpull HTTP request records, one JSON object per line.',
    detection:
      'JSON objects with an EdgeResponseStatus key (or RayID with EdgeStartTimestamp/ClientRequestHost); timestamps may be RFC 3339 strings or unix, unix-ms or unixnano numbers, read exactly from the line text.',
    example:
      '{"ClientIP":"87.226.160.250","ClientRequestHost":"www.ripe.net","ClientRequestMethod":"HEAD","ClientRequestURI":"/","EdgeEndTimestamp":"2022-10-30T00:00:02Z","EdgeResponseBytes":570,"EdgeResponseStatus":301,"EdgeStartTimestamp":"2022-10-30T00:00:02Z","RayID":"761fde4e984e5ab2","CacheCacheStatus":"unknown","CacheTieredFill":false,"CacheResponseBytes":0,"CacheResponseStatus":0,"FirewallMatchesActions":[],"FirewallMatchesRuleIDs":[],"FirewallMatchesSources":[],"OriginResponseBytes":0,"OriginResponseDurationMs":0,"OriginResponseHTTPExpires":"","OriginResponseHTTPLastModified":"","OriginResponseHeaderReceiveDurationMs":0,"OriginResponseStatus":0,"OriginResponseTime":0,"OriginDNSResponseTimeMs":0,"OriginIP":"","OriginRequestHeaderSendDurationMs":0,"OriginSSLProtocol":"unknown","OriginTCPHandshakeDurationMs":0,"OriginTLSHandshakeDurationMs":0,"WAFAction":"unknown","WAFFlags":"0","WAFMatchedVar":"","WAFProfile":"unknown","WAFRuleID":"","WAFRuleMessage":"","ClientASN":12389,"ClientCountry":"ru","ClientDeviceType":"desktop","ClientIPClass":"noRecord","ClientRequestBytes":567,"ClientRequestPath":"/","ClientRequestProtocol":"HTTP/1.1","ClientRequestUserAgent":"","ClientRequestReferer":"","ClientRequestScheme":"http","ClientRequestSource":"eyeball"}',
    match: matchJson,
    create: () => new CloudflareJsonParser(),
  },
  {
    name: 'cloudflare-csv',
    vendor: 'cloudflare',
    description: 'Cloudflare Logpush HTTP request records as CSV, with a header line naming the fields.',
    detection:
      'A header line of comma-separated Cloudflare field names including EdgeResponseStatus; the header is re-read whenever it repeats, and records before any header are reported as malformed.',
    example:
      'ClientIP,ClientRequestHost,ClientRequestMethod,ClientRequestURI,EdgeEndTimestamp,EdgeResponseBytes,EdgeResponseStatus,EdgeStartTimestamp,RayID',
    match: matchCsv,
    create: () => new CloudflareCsvParser(),
  },
];
