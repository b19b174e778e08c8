/**
 * Microsoft IIS logs: W3C extended (self-describing through `#Fields:`, also
 * written by other servers such as Oracle Web Cache and Incapsula) and the
 * older IIS native comma-separated format.
 */
import { ABSENT, type LogRecord } from './record.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from './parser.js';
import { splitPathQuery } from './json-fields.js';
import { ParserBase, present } from './parser-base.js';
import { MatchScore } from './score.js';

/** Column positions of the fields a W3C `#Fields:` line declares; -1 where absent. */
interface W3cLayout {
  count: number;
  date: number;
  time: number;
  /** True when date/time are `date-local`/`time-local` (offset unknown). */
  local: boolean;
  client: number;
  user: number;
  serverIp: number;
  serverPort: number;
  method: number;
  uriStem: number;
  uriQuery: number;
  uri: number;
  status: number;
  subStatus: number;
  win32Status: number;
  bytes: number;
  timeTaken: number;
  userAgent: number;
  referer: number;
  host: number;
  protocol: number;
  siteName: number;
  computerName: number;
  forwardedFor: number;
  action: number;
  /** HTTPERR logs: why http.sys answered itself (AppOffline, QueueFull, Timer_ConnectionIdle...). */
  httpApiReason: number;
  queueName: number;
  /** FTP service logs carry FTP replies in sc-status, not HTTP statuses. */
  ftp: boolean;
}

type LayoutKey = Exclude<keyof W3cLayout, 'count' | 'local' | 'ftp'>;

/** Fields kept in a record's extras, under the name W3C gives them. */
const EXTRA_FIELDS: readonly (readonly [LayoutKey, string])[] = [
  ['serverIp', 's-ip'],
  ['serverPort', 's-port'],
  ['siteName', 's-sitename'],
  ['computerName', 's-computername'],
  ['forwardedFor', 'x-forwarded-for'],
  ['action', 'sc-action'],
  ['httpApiReason', 's-reason'],
  ['queueName', 's-queuename'],
];

/** Field names (lower-cased) as IIS, Advanced Logging, Oracle and Incapsula spell them. */
const FIELD_KEYS: Record<string, LayoutKey> = {
  date: 'date',
  time: 'time',
  'date-local': 'date',
  'time-local': 'time',
  'c-ip': 'client',
  'cs-username': 'user',
  'c-auth-id': 'user',
  's-ip': 'serverIp',
  's-port': 'serverPort',
  'cs-method': 'method',
  'cs-uri-stem': 'uriStem',
  'cs-uri-query': 'uriQuery',
  'cs-uri': 'uri',
  'sc-status': 'status',
  'sc-substatus': 'subStatus',
  'sc-win32-status': 'win32Status',
  'sc-bytes': 'bytes',
  bytes: 'bytes',
  'time-taken': 'timeTaken',
  timetakenms: 'timeTaken',
  'cs(user-agent)': 'userAgent',
  'cs(referer)': 'referer',
  'cs(referrer)': 'referer',
  'cs-host': 'host',
  'cs(host)': 'host',
  'cs-version': 'protocol',
  's-sitename': 'siteName',
  's-computername': 'computerName',
  'x-forwarded-for': 'forwardedFor',
  'cs(x-forwarded-for)': 'forwardedFor',
  'sc-action': 'action',
  's-reason': 'httpApiReason',
  's-queuename': 'queueName',
};

function layoutFromNames(names: readonly string[]): W3cLayout {
  const layout: W3cLayout = {
    count: names.length,
    date: -1,
    time: -1,
    local: false,
    client: -1,
    user: -1,
    serverIp: -1,
    serverPort: -1,
    method: -1,
    uriStem: -1,
    uriQuery: -1,
    uri: -1,
    status: -1,
    subStatus: -1,
    win32Status: -1,
    bytes: -1,
    timeTaken: -1,
    userAgent: -1,
    referer: -1,
    host: -1,
    protocol: -1,
    siteName: -1,
    computerName: -1,
    forwardedFor: -1,
    action: -1,
    httpApiReason: -1,
    queueName: -1,
    ftp: false,
  };
  names.forEach((raw, index) => {
    const name = raw.toLowerCase();
    if (name === 'date-local' || name === 'time-local') layout.local = true;
    // IIS 7.5+ FTP logs declare their session id and full path.
    if (name === 'x-session' || name === 'x-fullpath') layout.ftp = true;
    const key = FIELD_KEYS[name];
    if (key !== undefined && layout[key] < 0) layout[key] = index;
  });
  return layout;
}

// Field sets IIS writes unless configured otherwise, tried for records that
// arrive without a usable `#Fields:` line (IIS 8.5 with byte counts, the 7.5+
// default, and the 7.0 default without cs(Referer)).
const DEFAULT_LAYOUTS: readonly W3cLayout[] = [
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken',
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken',
].map((names) => layoutFromNames(names.split(' ')));

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^\d{1,2}:\d{2}:\d{2}(?:\.\d{1,7})?$/;
const STATUS_RE = /^\d{3}$/;
const DIGITS_RE = /^\d{1,10}$/;
const METHOD_RE = /^[A-Z][A-Z-]*$/;
const FTP_COMMAND_RE = /^\[\d+\]/;

function defaultLayoutFor(values: readonly string[]): W3cLayout | undefined {
  for (const layout of DEFAULT_LAYOUTS) {
    if (
      layout.count === values.length &&
      DATE_RE.test(values[layout.date]!) &&
      TIME_RE.test(values[layout.time]!) &&
      STATUS_RE.test(values[layout.status]!) &&
      METHOD_RE.test(values[layout.method]!)
    ) {
      return layout;
    }
  }
  return undefined;
}

/** Far more values than any W3C producer writes; the rest of a longer line is not split. */
const MAX_W3C_VALUES = 512;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * Values of one W3C record: separated by one or more spaces (Oracle pads with
 * several); a value starting with `"` runs to the matching quote, with `""`
 * standing for a literal quote (Incapsula, Advanced Logging).
 */
export function splitW3cValues(line: string): string[] {
  const values: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n && values.length < MAX_W3C_VALUES) {
    while (i < n && isBlank(line.charCodeAt(i))) i++;
    if (i >= n) break;
    if (line.charCodeAt(i) === 0x22) {
      let at = i + 1;
      let close = n;
      let doubled = false;
      for (;;) {
        const q = line.indexOf('"', at);
        if (q < 0) break;
        if (line.charCodeAt(q + 1) === 0x22) {
          doubled = true;
          at = q + 2;
          continue;
        }
        close = q;
        break;
      }
      const body = line.slice(i + 1, close);
      const value = doubled ? body.replaceAll('""', '"') : body;
      i = close + 1;
      let end = i;
      while (end < n && !isBlank(line.charCodeAt(end))) end++;
      values.push(end > i ? value + line.slice(i, end) : value);
      i = end;
      continue;
    }
    let end = i;
    while (end < n && !isBlank(line.charCodeAt(end))) end++;
    values.push(line.slice(i, end));
    i = end;
  }
  return values;
}

/** Unquoted W3C values encode spaces as '+'; quoted ones keep both as written. */
function plusAsSpace(value: string | undefined): string | undefined {
  const v = present(value);
  if (v === undefined || v.includes(' ')) return v;
  // IIS leaves a literal '+' as it is, so `++http` was ` +http`: only the first of a run was a space.
  return v.replace(/\+(\+*)/g, ' $1');
}

function intOrAbsent(value: string | undefined): number {
  if (value === undefined || value === '' || value === '-') return ABSENT;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : ABSENT;
}

/** Epoch ms from `yyyy-mm-dd` and `hh:mm:ss[.fff]` read as UTC wall clock, or -1. */
function utcFromDateTime(date: string, time: string): number {
  if (!DATE_RE.test(date) || !TIME_RE.test(time)) return ABSENT;
  const c1 = time.indexOf(':');
  const hours = Number(time.slice(0, c1));
  const minutes = Number(time.slice(c1 + 1, c1 + 3));
  const seconds = Number(time.slice(c1 + 4, c1 + 6));
  const dot = time.indexOf('.');
  const ms = dot < 0 ? 0 : Math.floor(Number(`0${time.slice(dot)}`) * 1000);
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hours, minutes, seconds, ms);
  return Number.isNaN(t) ? ABSENT : t;
}

function directiveValue(line: string): string {
  const colon = line.indexOf(':');
  return colon < 0 ? '' : line.slice(colon + 1).trim();
}

const IIS_SOFTWARE_RE = /^#Software:\s*Microsoft (?:Internet Information Serv|HTTP Server API|HTTP API|IIS)/i;
const DIRECTIVE_RE = /^#(?:Software|Version|Date|Start-Date|End-Date|Remark|GMT-Offset):/i;
const W3C_DATA_RE = /^"?\d{4}-\d{2}-\d{2}"?[ \t]+"?\d{1,2}:\d{2}:\d{2}/;

class W3cParser extends ParserBase implements LineParser {
  readonly format = 'iis-w3c';
  readonly vendor = 'iis' as const;
  readonly detailEveryLine = true;

  private declared: W3cLayout | undefined;
  private directiveDate: string | undefined;
  private gmtOffsetMinutes: number | undefined;
  /** Oracle Web Cache writes time-taken in microseconds (inference from its values); IIS in ms. */
  private timeTakenPerMs = 1;
  private softwareIsFtp = false;
  private values: string[] = [];
  private layout: W3cLayout | undefined;

  scan(rawLine: string): ScanOutcome {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    this.resetLine();
    let first = 0;
    while (first < line.length && isBlank(line.charCodeAt(first))) first++;
    if (first === line.length) return ScanOutcome.Ignored;
    if (line.charCodeAt(first) === 0x23 /* # */) {
      this.readDirective(line.slice(first));
      return ScanOutcome.Ignored;
    }

    const values = splitW3cValues(line);
    let layout = this.declared;
    if (layout === undefined) {
      layout = defaultLayoutFor(values);
      if (layout === undefined) return this.malformed('header-missing', 'no #Fields: directive before this line');
    } else if (values.length !== layout.count) {
      // A record wider or narrower than its #Fields: line; an IIS default set that
      // fits the values exactly is a better guess when the declared one lacks sc-status.
      const fallback = layout.status < 0 || layout.status >= values.length ? defaultLayoutFor(values) : undefined;
      if (fallback !== undefined) layout = fallback;
    }
    if (layout.status < 0) return this.malformed('status-missing', '#Fields: declares no sc-status field');
    if (layout.status >= values.length) {
      return this.malformed('field-count', `record has ${values.length} values but #Fields: declares ${layout.count}; sc-status is missing`);
    }
    if (layout.ftp || this.softwareIsFtp || (layout.method >= 0 && FTP_COMMAND_RE.test(values[layout.method] ?? ''))) {
      return this.malformed('not-a-request', 'IIS FTP service record: FTP command and reply, not an HTTP request');
    }

    const statusText = values[layout.status]!;
    if ((statusText === '' || statusText === '-') && (layout.method < 0 || present(values[layout.method]) === undefined)) {
      // HTTPERR writes connection events (Timer_ConnectionIdle...) with neither.
      return this.malformed('not-a-request', 'no status and no request: a connection event, not a request');
    }
    if (statusText === '' || statusText === '-') {
      // The server logged the request without a response status (Incapsula
      // REQ_BAD_SERVER_CLOSED_CONNECTION): a real request, counted under "other".
      this.hot.status = ABSENT;
    } else {
      if (!DIGITS_RE.test(statusText)) return this.malformed('status-invalid', `sc-status is not a number: ${statusText.slice(0, 40)}`);
      this.hot.status = Number(statusText);
    }

    this.hot.time = this.timeOf(values, layout);
    if (layout.bytes >= 0) this.hot.bytes = intOrAbsent(values[layout.bytes]);
    if (layout.timeTaken >= 0) {
      const taken = intOrAbsent(values[layout.timeTaken]);
      if (taken !== ABSENT) this.hot.durationMs = taken / this.timeTakenPerMs;
    }
    this.values = values;
    this.layout = layout;
    return ScanOutcome.Record;
  }

  record(): LogRecord {
    const v = this.values;
    const layout = this.layout!;
    const at = (index: number): string | undefined => (index >= 0 ? present(v[index]) : undefined);
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time !== ABSENT) {
      rec.time = this.hot.time;
      if (!layout.local) rec.tzOffsetMinutes = this.gmtOffsetMinutes ?? 0;
    }
    const method = at(layout.method);
    if (method !== undefined) rec.method = method;
    let host = at(layout.host);
    const stem = at(layout.uriStem);
    if (stem !== undefined) {
      rec.path = stem;
    } else {
      const uri = at(layout.uri);
      if (uri !== undefined) {
        // Incapsula writes cs-uri as host + path without a scheme.
        const slash = uri.indexOf('/');
        const target = slash > 0 ? uri.slice(slash) : uri;
        if (slash > 0) host ??= uri.slice(0, slash);
        const split = splitPathQuery(target);
        rec.path = split.path;
        if (split.query !== undefined && split.query !== '') rec.query = split.query;
      }
    }
    const query = at(layout.uriQuery);
    if (query !== undefined) rec.query = query;
    const protocol = at(layout.protocol);
    if (protocol !== undefined) rec.protocol = protocol;
    if (host !== undefined) rec.host = host;
    const client = at(layout.client);
    if (client !== undefined) rec.client = client;
    const user = at(layout.user);
    if (user !== undefined) rec.user = user;
    if (this.hot.bytes !== ABSENT) rec.bytes = this.hot.bytes;
    if (this.hot.durationMs !== ABSENT) rec.durationMs = this.hot.durationMs;
    if (layout.subStatus >= 0) {
      const sub = intOrAbsent(v[layout.subStatus]);
      if (sub !== ABSENT) rec.subStatus = sub;
    }
    if (layout.win32Status >= 0) {
      const win32 = intOrAbsent(v[layout.win32Status]);
      if (win32 !== ABSENT) rec.win32Status = win32;
    }
    const userAgent = plusAsSpace(at(layout.userAgent));
    if (userAgent !== undefined) rec.userAgent = userAgent;
    const referer = plusAsSpace(at(layout.referer));
    if (referer !== undefined) rec.referer = referer;

    const extra: Record<string, string> = {};
    for (const [field, name] of EXTRA_FIELDS) {
      const value = at(layout[field]);
      if (value !== undefined) extra[name] = value;
    }
    if (v.length !== layout.count) extra['fieldCountMismatch'] = `${v.length} values, ${layout.count} fields`;
    if (Object.keys(extra).length > 0) rec.extra = extra;
    return rec;
  }

  private timeOf(values: readonly string[], layout: W3cLayout): number {
    if (layout.time < 0) return ABSENT;
    const time = values[layout.time];
    const date = layout.date >= 0 ? values[layout.date] : this.directiveDate;
    if (date === undefined || time === undefined) return ABSENT;
    const wall = utcFromDateTime(date, time);
    if (wall === ABSENT || layout.local || this.gmtOffsetMinutes === undefined) return wall;
    return wall - this.gmtOffsetMinutes * 60_000;
  }

  private readDirective(line: string): void {
    if (/^#Fields:/i.test(line)) {
      const names = directiveValue(line).split(/\s+/).filter((name) => name !== '');
      this.declared = layoutFromNames(names);
      return;
    }
    if (/^#(?:Date|Start-Date):/i.test(line)) {
      const date = directiveValue(line).slice(0, 10);
      if (DATE_RE.test(date)) this.directiveDate = date;
      return;
    }
    if (/^#GMT-Offset:/i.test(line)) {
      const m = /^([+-])(\d{2}):?(\d{2})/.exec(directiveValue(line));
      if (m !== null) this.gmtOffsetMinutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
      return;
    }
    if (/^#Software:/i.test(line)) {
      const software = directiveValue(line);
      this.softwareIsFtp = /\bFTP\b/i.test(software);
      this.timeTakenPerMs = /oracle/i.test(software) ? 1000 : 1;
    }
  }
}

// IIS native: `client, user, M/D/YY, H:MM:SS, service, server, s-ip, time-taken,
// client bytes, server bytes, status, win32, method, target, parameters,`
const NATIVE_RE = /^[^,\s]+, [^,]*, \d{1,2}\/\d{1,2}\/\d{2,4}, \d{1,2}:\d{2}:\d{2}, [^,]*, [^,]*, [^,]*, -?\d+, /;

/** Epoch ms from the native format's local `M/D/YY` and `H:MM:SS`, read as wall clock. */
function nativeTime(date: string, time: string): number {
  const d = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(time);
  if (d === null || t === null) return ABSENT;
  let year = Number(d[3]);
  // Two-digit years: IIS native logs date from the late 1990s onwards.
  if (d[3]!.length === 2) year += year < 70 ? 2000 : 1900;
  return Date.UTC(year, Number(d[1]) - 1, Number(d[2]), Number(t[1]), Number(t[2]), Number(t[3]));
}

class NativeParser extends ParserBase implements LineParser {
  readonly format = 'iis-native';
  readonly vendor = 'iis' as const;
  readonly detailEveryLine = true;
  private parts: string[] = [];

  scan(rawLine: string): ScanOutcome {
    let line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    this.resetLine();
    if (line.trim() === '') return ScanOutcome.Ignored;
    line = line.trimEnd();
    if (line.endsWith(',')) line = line.slice(0, -1);
    const raw = line.split(', ');
    if (raw.length < 15) return this.malformed('field-count', `expected 15 comma-separated fields, found ${raw.length}`);
    // A target containing ", " would split in two: rejoin everything between method and parameters.
    const parts = raw.length === 15 ? raw : [...raw.slice(0, 13), raw.slice(13, raw.length - 1).join(', '), raw[raw.length - 1]!];
    if (!DIGITS_RE.test(parts[10]!)) return this.malformed('status-invalid', `status is not a number: ${parts[10]!.slice(0, 40)}`);
    this.hot.status = Number(parts[10]);
    this.hot.time = nativeTime(parts[2]!, parts[3]!);
    this.hot.bytes = intOrAbsent(parts[9]);
    this.hot.durationMs = intOrAbsent(parts[7]);
    this.parts = parts;
    return ScanOutcome.Record;
  }

  record(): LogRecord {
    const p = this.parts;
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time !== ABSENT) rec.time = this.hot.time;
    const client = present(p[0]);
    if (client !== undefined) rec.client = client;
    const user = present(p[1]);
    if (user !== undefined) rec.user = user;
    const method = present(p[12]);
    if (method !== undefined) rec.method = method;
    const path = present(p[13]);
    if (path !== undefined) rec.path = path;
    const query = present(p[14]);
    if (query !== undefined) rec.query = query;
    if (this.hot.bytes !== ABSENT) rec.bytes = this.hot.bytes;
    if (this.hot.durationMs !== ABSENT) rec.durationMs = this.hot.durationMs;
    const win32 = intOrAbsent(p[11]);
    if (win32 !== ABSENT) rec.win32Status = win32;
    const extra: Record<string, string> = {};
    const service = present(p[4]);
    if (service !== undefined) extra['s-sitename'] = service;
    const server = present(p[5]);
    if (server !== undefined) extra['s-computername'] = server;
    const serverIp = present(p[6]);
    if (serverIp !== undefined) extra['s-ip'] = serverIp;
    if (Object.keys(extra).length > 0) rec.extra = extra;
    return rec;
  }
}

function matchW3c(line: string): number {
  if (line.charCodeAt(0) === 0x23) {
    if (IIS_SOFTWARE_RE.test(line)) return MatchScore.declared;
    if (/^#Fields:/i.test(line)) return MatchScore.declared;
    if (/^#Software:/i.test(line)) return MatchScore.typical;
    return DIRECTIVE_RE.test(line) ? 60 : 0;
  }
  if (W3C_DATA_RE.test(line)) return MatchScore.shape;
  return 0;
}

export const iisFormats: FormatDefinition[] = [
  {
    name: 'iis-w3c',
    vendor: 'iis',
    description: 'W3C extended log files as IIS and http.sys (HTTPERR) write them, also Oracle Web Cache, IIS Advanced Logging and Incapsula exports; columns named by #Fields:.',
    detection:
      '#Software:/#Version:/#Date:/#Fields: directive lines, or records starting with an ISO date and time; columns are re-read at every #Fields: line, and records before any #Fields: are read with the IIS default field set when they fit it.',
    example:
      '2015-01-13 00:32:17 100.79.192.81 GET /robots.txt - 80 - 157.55.39.146 Mozilla/5.0+(compatible;+bingbot/2.0;++http://www.bing.com/bingbot.htm) - 404 0 2 1405 242 283',
    match: matchW3c,
    create: () => new W3cParser(),
  },
  {
    name: 'iis-native',
    vendor: 'iis',
    description: 'The older IIS native log format: fixed comma-separated fields in local time with M/D/YY dates.',
    detection: 'Lines of comma-and-space separated fields with an M/D/YY date and H:MM:SS time in the third and fourth places.',
    example: '192.168.114.201, -, 03/20/01, 7:55:20, W3SVC2, SERVER, 172.21.13.45, 4502, 163, 3223, 200, 0, GET, /DeptLogo.gif, -,',
    match: (line) => (NATIVE_RE.test(line) ? 80 : 0),
    create: () => new NativeParser(),
  },
];
