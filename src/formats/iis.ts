/**
 * Microsoft IIS logs: W3C extended (self-describing through `#Fields:`, also
 * written by other servers such as Oracle Web Cache and Incapsula) and the
 * older IIS native comma-separated format.
 */
import type { InferredLayout } from '../model/report.js';
import { ABSENT, type LogRecord } from './record.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from './parser.js';
import { splitPathQuery } from './json-fields.js';
import { inferIisFields, layoutFit } from './iis-inferred-layout.js';
import { ParserBase, present } from './parser-base.js';
import { MatchScore } from './score.js';
import { CH_0, CH_9, CH_COLON, CH_DOT, CH_MINUS, CH_QUOTE, CH_SPACE } from './char-codes.js';

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
  /** The field names, when they were inferred from the record's shape rather than read from #Fields:. */
  inferred?: readonly string[];
}

type LayoutKey = Exclude<keyof W3cLayout, 'count' | 'local' | 'ftp' | 'inferred'>;

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

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^\d{1,2}:\d{2}:\d{2}(?:\.\d{1,7})?$/;
const DIGITS_RE = /^\d{1,10}$/;
const FTP_COMMAND_RE = /^\[\d+\]/;

/** The layouts inferred so far, by field list: a source repeats one, and each record reuses it. */
const inferredLayouts = new Map<string, W3cLayout>();

/**
 * The IIS field set a record without a usable #Fields: line fits (src/formats/iis-inferred-layout.ts),
 * trying the one the previous such record had first; undefined when none fits.
 */
function defaultLayoutFor(values: readonly string[], previous: W3cLayout | undefined): W3cLayout | undefined {
  // The set the source's previous record fitted, while it fits: a search per record costs far more.
  if (previous?.inferred !== undefined && layoutFit(previous.inferred, values) > 0) return previous;
  const names = inferIisFields(values);
  if (names === undefined) return undefined;
  const key = names.join(' ');
  let layout = inferredLayouts.get(key);
  if (layout === undefined) {
    layout = { ...layoutFromNames(names), inferred: names };
    inferredLayouts.set(key, layout);
  }
  return layout;
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


const CH_TAB = 9;
const CH_CR = 13;
const CH_HASH = 35;
const CH_LBRACKET = 91;
/** Digits past which a number is read by Number() rather than in place (2^53 has 16). */
const MAX_FAST_DIGITS = 15;
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7];
/** Returned by the in-place readers for a value they leave to the string path. */
const NOT_FAST = -2;

/** intOrAbsent of text[start, end) for digits and '-'; NOT_FAST for any other spelling. */
function intOrAbsentAt(text: string, start: number, end: number): number {
  if (end - start === 1 && text.charCodeAt(start) === CH_MINUS) return ABSENT;
  if (end - start > MAX_FAST_DIGITS) return NOT_FAST;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < CH_0 || c > CH_9) return NOT_FAST;
    value = value * 10 + (c - CH_0);
  }
  return value;
}

/** Two digits at i as a number, or -1. */
function twoDigitsAt(text: string, i: number): number {
  const a = text.charCodeAt(i) - CH_0;
  const b = text.charCodeAt(i + 1) - CH_0;
  return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
}

/**
 * utcFromDateTime() of the values text[ds, de) and text[ts, te) for the spellings IIS writes
 * (`yyyy-mm-dd`, `hh:mm:ss[.f{1,7}]`), with the minute's epoch ms cached; NOT_FAST for any other
 * spelling, which the string path reads. The minute plus seconds and ms is the sum Date.UTC
 * makes of them, so the cached result is the same number.
 */
class W3cTimeCache {
  private dayKey = -1;
  private minuteKey = -1;
  private minuteMs = 0;

  read(text: string, ds: number, de: number, ts: number, te: number): number {
    if (de - ds !== 10 || text.charCodeAt(ds + 4) !== CH_MINUS || text.charCodeAt(ds + 7) !== CH_MINUS) return NOT_FAST;
    const y1 = twoDigitsAt(text, ds);
    const y2 = twoDigitsAt(text, ds + 2);
    const month = twoDigitsAt(text, ds + 5);
    const day = twoDigitsAt(text, ds + 8);
    if (y1 < 0 || y2 < 0 || month < 0 || day < 0) return NOT_FAST;
    // `hh:mm:ss` (one-digit hours go to the string path), then an optional fraction of 1-7 digits.
    const n = te - ts;
    if (n < 8 || n === 9 || n > 16 || text.charCodeAt(ts + 2) !== CH_COLON || text.charCodeAt(ts + 5) !== CH_COLON) return NOT_FAST;
    const hour = twoDigitsAt(text, ts);
    const minute = twoDigitsAt(text, ts + 3);
    const second = twoDigitsAt(text, ts + 6);
    if (hour < 0 || minute < 0 || second < 0 || hour > 23 || minute > 59 || second > 59) return NOT_FAST;
    let ms = 0;
    if (n > 8) {
      if (text.charCodeAt(ts + 8) !== CH_DOT) return NOT_FAST;
      let fraction = 0;
      for (let i = ts + 9; i < te; i++) {
        const c = text.charCodeAt(i);
        if (c < CH_0 || c > CH_9) return NOT_FAST;
        fraction = fraction * 10 + (c - CH_0);
      }
      // Number('0.fff') is fraction / 10^k, both exact, so this is the string path's arithmetic.
      ms = Math.floor((fraction / POWERS_OF_TEN[n - 9]!) * 1000);
    }
    const dayKey = ((y1 * 100 + y2) * 100 + month) * 100 + day;
    const minuteKey = hour * 60 + minute;
    if (dayKey !== this.dayKey || minuteKey !== this.minuteKey) {
      const t = Date.UTC(y1 * 100 + y2, month - 1, day, hour, minute, 0, 0);
      if (Number.isNaN(t)) return NOT_FAST;
      this.dayKey = dayKey;
      this.minuteKey = minuteKey;
      this.minuteMs = t;
    }
    return this.minuteMs + second * 1000 + ms;
  }
}

const IIS_SOFTWARE_RE = /^#Software:\s*Microsoft (?:Internet Information Serv|HTTP Server API|HTTP API|IIS)/i;
const DIRECTIVE_RE = /^#(?:Software|Version|Date|Start-Date|End-Date|Remark|GMT-Offset):/i;
const W3C_DATA_RE = /^"?\d{4}-\d{2}-\d{2}"?[ \t]+"?\d{1,2}:\d{2}:\d{2}/;

class W3cParser extends ParserBase implements LineParser {
  readonly format = 'iis-w3c';
  readonly vendor = 'iis' as const;
  // A W3C record carries no upstream or origin status, the only thing the tally reads of a line
  // that is not an error, so the record is built for errors alone.
  readonly detailEveryLine = false;

  private declared: W3cLayout | undefined;
  private directiveDate: string | undefined;
  private gmtOffsetMinutes: number | undefined;
  /** Oracle Web Cache writes time-taken in microseconds (inference from its values); IIS in ms. */
  private timeTakenPerMs = 1;
  private softwareIsFtp = false;
  private values: string[] = [];
  private layout: W3cLayout | undefined;
  /** Records read with each inferred layout, for the report to name (inferredLayouts()). */
  private readonly inferredUses = new Map<W3cLayout, number>();
  // The line last read in place: text[lineStart, lineEnd), split into values only when record() asks.
  private text = '';
  private lineStart = 0;
  private lineEnd = 0;
  private valuesStale = false;
  /** Where each value of the line last read in place starts and ends; sized by #Fields:. */
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  private readonly timeCache = new W3cTimeCache();
  /** The text last read in place and the first tab in it at or after the line being read, or -1. */
  private tabText = '';
  private nextTab = -1;
  private tabFrom = 0;

  /**
   * scan() of text[start, end) without a string per line or per value, for records under a
   * #Fields: line that they fit value for value: the values are found with indexOf, the numbers
   * the tally counts read where they lie. Anything else (directives, quoted values, tabs, a CR, a
   * record wider or narrower than its #Fields:, numbers or times not spelled as IIS writes them)
   * goes to scan(), so the outcome is always scan()'s.
   */
  scanAt(text: string, start: number, end: number): ScanOutcome {
    const layout = this.declared;
    if (layout === undefined || layout.count > MAX_W3C_VALUES || layout.status < 0 || layout.ftp || this.softwareIsFtp) return this.scanSliced(text, start, end);
    const first = text.charCodeAt(start);
    if (first === CH_HASH || first === CH_SPACE || first === CH_TAB || text.charCodeAt(end - 1) === CH_CR) return this.scanSliced(text, start, end);
    const count = layout.count;
    if (this.starts.length < count) {
      this.starts = new Int32Array(count);
      this.ends = new Int32Array(count);
    }
    const starts = this.starts;
    const ends = this.ends;
    let i = start;
    for (let k = 0; k < count; k++) {
      while (i < end && text.charCodeAt(i) === CH_SPACE) i++;
      if (i >= end || text.charCodeAt(i) === CH_QUOTE) return this.scanSliced(text, start, end);
      let e = text.indexOf(' ', i);
      if (e < 0 || e > end) e = end;
      starts[k] = i;
      ends[k] = e;
      i = e;
    }
    while (i < end && text.charCodeAt(i) === CH_SPACE) i++;
    if (i < end) return this.scanSliced(text, start, end);
    // scan() splits at tabs too. The next tab of the run is looked up once per tab, not per line.
    if (text !== this.tabText || start < this.tabFrom || (this.nextTab >= 0 && this.nextTab < start)) {
      this.tabText = text;
      this.tabFrom = start;
      this.nextTab = text.indexOf('\t', start);
    }
    if (this.nextTab >= 0 && this.nextTab < end) return this.scanSliced(text, start, end);
    if (layout.method >= 0 && text.charCodeAt(starts[layout.method]!) === CH_LBRACKET) return this.scanSliced(text, start, end);
    const status = intOrAbsentAt(text, starts[layout.status]!, ends[layout.status]!);
    if (status < 0 || ends[layout.status]! - starts[layout.status]! > 10) return this.scanSliced(text, start, end);
    let time = ABSENT;
    if (layout.time >= 0) {
      if (layout.date < 0) return this.scanSliced(text, start, end);
      time = this.timeCache.read(text, starts[layout.date]!, ends[layout.date]!, starts[layout.time]!, ends[layout.time]!);
      if (time === NOT_FAST) return this.scanSliced(text, start, end);
      if (!layout.local && this.gmtOffsetMinutes !== undefined) time -= this.gmtOffsetMinutes * 60_000;
    }
    let bytes = ABSENT;
    if (layout.bytes >= 0) {
      bytes = intOrAbsentAt(text, starts[layout.bytes]!, ends[layout.bytes]!);
      if (bytes === NOT_FAST) return this.scanSliced(text, start, end);
    }
    let taken = ABSENT;
    if (layout.timeTaken >= 0) {
      taken = intOrAbsentAt(text, starts[layout.timeTaken]!, ends[layout.timeTaken]!);
      if (taken === NOT_FAST) return this.scanSliced(text, start, end);
    }
    const hot = this.hot;
    hot.status = status;
    hot.time = time;
    hot.bytes = bytes;
    hot.durationMs = taken === ABSENT ? ABSENT : taken / this.timeTakenPerMs;
    this.layout = layout;
    this.text = text;
    this.lineStart = start;
    this.lineEnd = end;
    this.valuesStale = true;
    return ScanOutcome.Record;
  }

  private scanSliced(text: string, start: number, end: number): ScanOutcome {
    return this.scan(text.slice(start, end));
  }

  scan(rawLine: string): ScanOutcome {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    this.valuesStale = false;
    this.resetLine();
    let first = 0;
    while (first < line.length && isBlank(line.charCodeAt(first))) first++;
    if (first === line.length) return this.ignore('blank');
    if (line.charCodeAt(first) === 0x23 /* # */) {
      this.readDirective(line.slice(first));
      return this.ignore('directive');
    }

    const values = splitW3cValues(line);
    let layout = this.declared;
    if (layout === undefined) {
      layout = defaultLayoutFor(values, this.layout);
      if (layout === undefined) return this.malformed('header-missing', 'no #Fields: directive before this line');
    } else if (values.length !== layout.count) {
      // A record wider or narrower than its #Fields: line; an IIS default set that
      // fits the values exactly is a better guess when the declared one lacks sc-status.
      const fallback = layout.status < 0 || layout.status >= values.length ? defaultLayoutFor(values, this.layout) : undefined;
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
    if (layout.inferred !== undefined) this.inferredUses.set(layout, (this.inferredUses.get(layout) ?? 0) + 1);
    return ScanOutcome.Record;
  }

  inferredLayouts(): InferredLayout[] {
    return [...this.inferredUses].map(([layout, records]) => ({ format: this.format, fields: [...layout.inferred!], records }));
  }

  /**
   * The fields the tally reads of an error line, for a line read in place: sliced where scanAt()
   * found them, the others (user agent, referer, extras) left out. As record() otherwise.
   */
  detail(): LogRecord {
    return this.inPlace(false);
  }

  /** LineParser.exportFields(): detail() with the method, the query and the bytes. */
  exportFields(): LogRecord {
    return this.inPlace(true);
  }

  /** detail(), and the method, query and bytes too when `exported`. */
  private inPlace(exported: boolean): LogRecord {
    const layout = this.layout;
    if (!this.valuesStale || layout === undefined || layout.uriStem < 0) return this.record();
    const text = this.text;
    const starts = this.starts;
    const ends = this.ends;
    const at = (index: number): string | undefined => (index >= 0 ? present(text.slice(starts[index], ends[index])) : undefined);
    const number = (index: number): number => {
      const value = intOrAbsentAt(text, starts[index]!, ends[index]!);
      return value === NOT_FAST ? intOrAbsent(text.slice(starts[index], ends[index])) : value;
    };
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time !== ABSENT) rec.time = this.hot.time;
    if (exported) {
      const method = at(layout.method);
      if (method !== undefined) rec.method = method;
    }
    const stem = at(layout.uriStem);
    if (stem !== undefined) rec.path = stem;
    else if (layout.uri >= 0) return this.record();
    if (exported) {
      const query = at(layout.uriQuery);
      if (query !== undefined) rec.query = query;
      if (this.hot.bytes !== ABSENT) rec.bytes = this.hot.bytes;
    }
    const host = at(layout.host);
    if (host !== undefined) rec.host = host;
    const client = at(layout.client);
    if (client !== undefined) rec.client = client;
    if (this.hot.durationMs !== ABSENT) rec.durationMs = this.hot.durationMs;
    if (layout.subStatus >= 0) {
      const sub = number(layout.subStatus);
      if (sub !== ABSENT) rec.subStatus = sub;
    }
    if (layout.win32Status >= 0) {
      const win32 = number(layout.win32Status);
      if (win32 !== ABSENT) rec.win32Status = win32;
    }
    return rec;
  }

  record(): LogRecord {
    if (this.valuesStale) {
      this.values = splitW3cValues(this.text.slice(this.lineStart, this.lineEnd));
      this.valuesStale = false;
    }
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
    if (layout.inferred !== undefined) extra['layout'] = `inferred (no #Fields: line): ${layout.inferred.join(' ')}`;
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
    if (line.trim() === '') return this.ignore('blank');
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
