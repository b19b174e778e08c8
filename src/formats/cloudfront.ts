/**
 * Amazon CloudFront standard logs (access logs): tab-separated W3C-style records under
 * `#Version:` and `#Fields:` lines. CloudFront only ever appends fields, so a record that arrives
 * without its header (a shipper dropped it, a line cut from a file) is read with the first fields
 * of the documented order.
 */
import { ABSENT, type LogRecord } from './record.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from './parser.js';
import { CH_0, CH_9, CH_COLON, CH_MINUS } from './char-codes.js';
import { firstForwardedFor, parseDecimal } from './clf.js';
import { ParserBase, present } from './parser-base.js';
import { MATCH_STEP, MatchScore } from './score.js';

/** The standard log fields in the order CloudFront writes them (docs: "Standard log file fields"). */
export const CLOUDFRONT_FIELDS: readonly string[] = [
  'date', 'time', 'x-edge-location', 'sc-bytes', 'c-ip', 'cs-method', 'cs(Host)', 'cs-uri-stem', 'sc-status',
  'cs(Referer)', 'cs(User-Agent)', 'cs-uri-query', 'cs(Cookie)', 'x-edge-result-type', 'x-edge-request-id',
  'x-host-header', 'cs-protocol', 'cs-bytes', 'time-taken', 'x-forwarded-for', 'ssl-protocol', 'ssl-cipher',
  'x-edge-response-result-type', 'cs-protocol-version', 'fle-status', 'fle-encrypted-fields', 'c-port',
  'time-to-first-byte', 'x-edge-detailed-result-type', 'sc-content-type', 'sc-content-len', 'sc-range-start',
  'sc-range-end',
];

/** Fields kept in `extra`, under CloudFront's names. */
const EXTRA_FIELDS = [
  'x-edge-location', 'x-edge-result-type', 'x-edge-response-result-type', 'x-edge-detailed-result-type',
  'x-edge-request-id', 'cs-protocol', 'ssl-protocol', 'time-to-first-byte', 'sc-content-type', 'x-forwarded-for',
] as const;

/** Column of each field a record needs; -1 where the layout lacks it. */
interface Layout {
  count: number;
  /** The layout came from the documented order, not from a #Fields: line. */
  inferred: boolean;
  /** Highest column scan() reads. */
  lastHot: number;
  date: number;
  time: number;
  bytes: number;
  status: number;
  timeTaken: number;
  index: ReadonlyMap<string, number>;
}

function layoutOf(names: readonly string[], inferred: boolean): Layout {
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  const at = (name: string): number => index.get(name) ?? -1;
  const layout = { count: names.length, inferred, date: at('date'), time: at('time'), bytes: at('sc-bytes'), status: at('sc-status'), timeTaken: at('time-taken'), index };
  return { ...layout, lastHot: Math.max(layout.date, layout.time, layout.bytes, layout.status, layout.timeTaken) };
}

/** The documented layout cut to a headerless record's width; fields past the known ones get no name. */
const inferredLayouts = new Map<number, Layout>();
function inferredLayout(count: number): Layout {
  let layout = inferredLayouts.get(count);
  if (layout === undefined) {
    const names = CLOUDFRONT_FIELDS.slice(0, count);
    for (let i = names.length; i < count; i++) names.push(`field-${i + 1}`);
    layout = layoutOf(names, true);
    inferredLayouts.set(count, layout);
  }
  return layout;
}

/** The oldest layout CloudFront wrote ends at time-taken. */
const MIN_INFERRED_FIELDS = 19;
/** Column of time-taken, the last field scan() reads, in the documented order. */
const INFERRED_LAST_HOT = 18;
const MAX_FIELDS = 128;

function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i);
    if (c < CH_0 || c > CH_9) return -1;
    value = value * 10 + (c - CH_0);
  }
  return value;
}

/** Epoch ms of `yyyy-mm-dd` at `date` and `hh:mm:ss` at `time` (UTC), each field exactly that long. */
function utcAt(text: string, date: number, dateEnd: number, time: number, timeEnd: number): number {
  if (dateEnd - date !== 10 || timeEnd - time !== 8) return ABSENT;
  const y = digitsAt(text, date, 4);
  const mo = digitsAt(text, date + 5, 2);
  const d = digitsAt(text, date + 8, 2);
  const h = digitsAt(text, time, 2);
  const mi = digitsAt(text, time + 3, 2);
  const s = digitsAt(text, time + 6, 2);
  if (
    y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60 ||
    text.charCodeAt(date + 4) !== CH_MINUS || text.charCodeAt(date + 7) !== CH_MINUS ||
    text.charCodeAt(time + 2) !== CH_COLON || text.charCodeAt(time + 5) !== CH_COLON
  ) {
    return ABSENT;
  }
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function uintIn(text: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return ABSENT;
  return digitsAt(text, start, end - start);
}

/** CloudFront URL-encodes the user agent, referer and query (older logs twice); undone once, kept as is if invalid. */
function decodeValue(value: string): string {
  if (value.indexOf('%') < 0) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const DIRECTIVE_RE = /^#(?:Version|Fields|Date|Software|Start-Date|End-Date|Remark):/i;

export class CloudFrontParser extends ParserBase implements LineParser {
  readonly format = 'aws-cloudfront';
  readonly vendor = 'aws-cloudfront' as const;
  readonly detailEveryLine = false;

  private declared: Layout | undefined;
  private layout: Layout | undefined;
  /** Start of each field of the line last scanned (up to the layout's last hot field); ends[i] is its end. */
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);
  private text = '';
  private lineStart = 0;
  private lineEnd = 0;

  /** `fastPath` false splits every line whole: the full reading the fast path is tested against. */
  constructor(private readonly fastPath = true) {
    super();
  }

  /** Whether the record last scanned was read with the documented field order, for want of a #Fields: line. */
  get layoutInferred(): boolean {
    return this.layout?.inferred === true;
  }

  scan(line: string): ScanOutcome {
    return this.scanAt(line, 0, line.length);
  }

  scanAt(text: string, start: number, end: number): ScanOutcome {
    this.resetLine();
    let e = end;
    if (e > start && text.charCodeAt(e - 1) === 0x0d) e--;
    if (e === start || text.slice(start, e).trim() === '') return this.ignore('blank');
    if (text.charCodeAt(start) === 0x23 /* # */) {
      const line = text.slice(start, e);
      if (/^#Fields:/i.test(line)) {
        const names = line.slice(line.indexOf(':') + 1).trim().split(/\s+/).filter((name) => name !== '');
        this.declared = layoutOf(names, false);
      }
      return DIRECTIVE_RE.test(line) ? this.ignore('directive') : this.malformed('format-mismatch', 'a comment line that is not a CloudFront directive');
    }
    this.text = text;
    this.lineStart = start;
    this.lineEnd = e;
    // The fast path splits up to the last field it reads (and counts the rest); the full reading splits all.
    const declared = this.declared;
    const count = this.split(text, start, e, this.fastPath ? (declared?.lastHot ?? INFERRED_LAST_HOT) + 1 : MAX_FIELDS);
    let layout = declared;
    if (layout === undefined || (count < layout.count && count <= layout.lastHot)) {
      if (count < MIN_INFERRED_FIELDS) {
        return this.malformed(layout === undefined ? 'header-missing' : 'field-count', `${count} tab-separated fields: not a CloudFront standard log record`);
      }
      layout = inferredLayout(count);
      // A declared layout that was cut short had fewer fields split than the inferred one reads.
      if (this.fastPath && declared !== undefined && declared.lastHot < layout.lastHot) this.split(text, start, e, layout.lastHot + 1);
    }
    this.layout = layout;
    if (layout.status < 0) return this.malformed('status-missing', '#Fields: declares no sc-status field');
    const s = this.starts[layout.status]!;
    const se = this.ends[layout.status]!;
    const status = se - s === 3 ? digitsAt(text, s, 3) : -1;
    if (status < 0) return this.malformed('status-invalid', `sc-status is not a status: ${text.slice(s, Math.min(se, s + 20))}`);
    // 000: the viewer closed the connection before CloudFront sent a response.
    if (status === 0) return this.malformed('status-unset', 'sc-status 000: the viewer closed the connection before CloudFront responded');
    this.hot.status = status;
    if (layout.date >= 0 && layout.time >= 0) {
      this.hot.time = utcAt(text, this.starts[layout.date]!, this.ends[layout.date]!, this.starts[layout.time]!, this.ends[layout.time]!);
    }
    if (layout.bytes >= 0) this.hot.bytes = uintIn(text, this.starts[layout.bytes]!, this.ends[layout.bytes]!);
    if (layout.timeTaken >= 0) this.hot.durationMs = parseDecimal(text, this.starts[layout.timeTaken]!, this.ends[layout.timeTaken]!, 1000);
    return ScanOutcome.Record;
  }

  /** Records the first `limit` tab-separated fields of text[start, end); returns how many there are, up to MAX_FIELDS. */
  private split(text: string, start: number, end: number, limit: number): number {
    let count = 0;
    let at = start;
    const max = Math.min(limit, MAX_FIELDS);
    while (count < max) {
      let tab = text.indexOf('\t', at);
      if (tab < 0 || tab > end) tab = end;
      this.starts[count] = at;
      this.ends[count] = tab;
      count++;
      if (tab === end) return count;
      at = tab + 1;
    }
    if (max < MAX_FIELDS) {
      // Only the number of fields is needed past the limit.
      let total = count;
      for (let tab = text.indexOf('\t', at); tab >= 0 && tab < end && total < MAX_FIELDS; tab = text.indexOf('\t', tab + 1)) total++;
      return total + 1 > MAX_FIELDS ? MAX_FIELDS : total + 1;
    }
    return count;
  }

  record(): LogRecord {
    const layout = this.layout!;
    const values = this.text.slice(this.lineStart, this.lineEnd).split('\t', MAX_FIELDS);
    const get = (name: string): string | undefined => {
      const i = layout.index.get(name);
      return i === undefined ? undefined : present(values[i]);
    };
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time !== ABSENT) {
      rec.time = this.hot.time;
      rec.tzOffsetMinutes = 0;
    }
    const method = get('cs-method');
    if (method !== undefined) rec.method = method;
    const path = get('cs-uri-stem');
    if (path !== undefined) rec.path = path;
    const query = get('cs-uri-query');
    if (query !== undefined) rec.query = query;
    const protocol = get('cs-protocol-version');
    if (protocol !== undefined) rec.protocol = protocol;
    // The Host the viewer sent; cs(Host) is the distribution's own cloudfront.net name.
    const host = get('x-host-header') ?? get('cs(Host)');
    if (host !== undefined) rec.host = host;
    const forwarded = get('x-forwarded-for');
    const client = (forwarded === undefined ? undefined : firstForwardedFor(forwarded)) ?? get('c-ip');
    if (client !== undefined) rec.client = client;
    if (this.hot.bytes !== ABSENT) rec.bytes = this.hot.bytes;
    if (this.hot.durationMs !== ABSENT) rec.durationMs = this.hot.durationMs;
    const userAgent = get('cs(User-Agent)');
    if (userAgent !== undefined) rec.userAgent = decodeValue(userAgent);
    const referer = get('cs(Referer)');
    if (referer !== undefined) rec.referer = decodeValue(referer);
    const extra: Record<string, string> = {};
    for (const name of EXTRA_FIELDS) {
      const value = get(name);
      if (value !== undefined) extra[name] = value;
    }
    const distribution = get('cs(Host)');
    if (distribution !== undefined && distribution !== host) extra['cs(Host)'] = distribution;
    if (layout.inferred) extra['layout'] = `inferred: the first ${layout.count} CloudFront standard log fields`;
    if (Object.keys(extra).length > 0) rec.extra = extra;
    // The detailed type names the error; it repeats x-edge-result-type when there is none.
    const edgeResult = get('x-edge-detailed-result-type') ?? get('x-edge-result-type');
    if (edgeResult !== undefined && this.hot.status >= 400) rec.signal = { kind: 'cloudfront-edge-result', value: edgeResult };
    return rec;
  }
}

const RECORD_RE = /^\d{4}-\d{2}-\d{2}\t\d{2}:\d{2}:\d{2}\t[A-Z0-9-]+\t(?:\d+|-)\t[^\t]+\t[A-Z]+\t[^\t]*\t[^\t]*\t\d{3}\t/;

function matchCloudFront(line: string): number {
  if (line.charCodeAt(0) === 0x23) {
    // A step above IIS, which declares every #Fields: line its own.
    if (/^#Fields:\s*date\s+time\s+x-edge-location\b/i.test(line)) return MatchScore.declared + MATCH_STEP;
    return /^#Version:\s*1\.0\s*$/.test(line) ? MatchScore.likely : 0;
  }
  return RECORD_RE.test(line) ? MatchScore.likely : 0;
}

export const cloudfrontFormats: FormatDefinition[] = [
  {
    name: 'aws-cloudfront',
    vendor: 'aws-cloudfront',
    description: 'Amazon CloudFront standard logs (access logs): tab-separated, #Version/#Fields header, sc-status, x-edge-result-type and x-edge-detailed-result-type.',
    detection:
      'A #Fields: line starting date time x-edge-location, or tab-separated records of date, time, edge location, bytes, client, method, host, path and a 3-digit status; records before any #Fields: are read with the documented field order, and the report says the layout was inferred.',
    example:
      '2019-12-13\t22:36:27\tSEA19-C1\t900\t192.0.2.200\tGET\td111111abcdef8.cloudfront.net\t/favicon.ico\t502\thttp://www.example.com/\tMozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/78.0.3904.108%20Safari/537.36\t-\t-\tError\t1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==\twww.example.com\thttp\t675\t0.102\t-\t-\t-\tError\tHTTP/1.1\t-\t-\t25260\t0.102\tOriginDnsError\ttext/html\t507\t-\t-',
    match: matchCloudFront,
    create: () => new CloudFrontParser(),
  },
];
