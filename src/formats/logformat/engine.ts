/**
 * Runs a compiled log format: a fixed sequence of literal separators and
 * variables. A line is matched left to right; a literal must sit exactly where
 * the previous variable ended, and a variable ends at the next occurrence of
 * the literal that follows it (found with indexOf). Nothing backtracks, so a
 * line costs time linear in its length whatever it contains.
 */
import {
  ClfTimeCache,
  CLF_TIME_LENGTH,
  decodeEscapes,
  findClosingQuote,
  firstForwardedFor,
  isNil,
  matchesAt,
  parseClientText,
  parseDecimal,
  parseIsoTimeWithZone,
  parseRequestLine,
  parseUint,
  splitTarget,
  tzOffsetAt,
  type EscapeStyle,
  type RequestParts,
} from '../clf.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from '../parser.js';
import { ABSENT, type LogRecord, type LogVendor } from '../record.js';
import { findListEnd, parseUpstreamAddrs, parseUpstreamStatuses, parseUpstreamTimesMs } from './upstream.js';
import { ParserBase } from '../parser-base.js';
import { MatchScore } from '../score.js';

/** What a format variable means for the record. */
export type FieldKind =
  | 'client'
  | 'forwardedFor'
  | 'user'
  | 'timeClf'
  | 'timeClfBracketed'
  | 'timeIso'
  | 'timeEpochSec'
  | 'timeEpochMs'
  | 'timeEpochUs'
  | 'request'
  | 'method'
  | 'target'
  | 'path'
  | 'query'
  | 'queryWithMark'
  | 'protocol'
  | 'status'
  | 'statusOriginal'
  | 'bodyBytes'
  | 'wireBytes'
  | 'durationSec'
  | 'durationMs'
  | 'durationUs'
  | 'upstreamAddr'
  | 'upstreamStatus'
  | 'upstreamTime'
  | 'host'
  | 'serverName'
  | 'referer'
  | 'userAgent'
  /** Kept in record.extra under the variable's name. */
  | 'extra'
  /** Consumed and dropped. */
  | 'skip';

export interface FormatVariable {
  kind: FieldKind;
  /** As written in the format (`$request_time`, `%D`), for messages and extra keys. */
  name: string;
  /** Key in record.extra for 'extra' variables. */
  extraKey?: string;
  /** The value may be a `, ` / ` : ` list (nginx $upstream_*), even when kept only in extra. */
  list?: boolean;
}

export type FormatPiece = string | FormatVariable;

export interface CompiledFormatSpec {
  name: string;
  vendor: LogVendor;
  escape: EscapeStyle;
  pieces: FormatPiece[];
  description: string;
  detection: string;
  example: string;
  /** Score override for built-in formats; custom formats score by fitting. */
  match?: (line: string) => number;
}

/** Variables whose value can hold `, ` / ` : ` separated lists. */
const LIST_KINDS = new Set<FieldKind>(['upstreamAddr', 'upstreamStatus', 'upstreamTime', 'forwardedFor']);

const FIXED_LENGTH: Partial<Record<FieldKind, number>> = {
  timeClf: CLF_TIME_LENGTH,
  timeClfBracketed: CLF_TIME_LENGTH + 2,
};

interface CompiledItem {
  literal: string | undefined;
  variable: FormatVariable | undefined;
  /** Literal right after this variable, if any. */
  terminator: string | undefined;
  fixedLength: number;
  quoteAware: boolean;
  list: boolean;
  /**
   * For a variable glued to the next one (Apache `%U%q`): the character that
   * starts the next one, and the literal that ends both.
   */
  gluedSplit: string | undefined;
  gluedTerminator: string | undefined;
  /** Reason given when this item does not fit. */
  failure: string;
}

function mergeLiterals(pieces: FormatPiece[]): FormatPiece[] {
  const out: FormatPiece[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (typeof piece === 'string') {
      if (piece.length === 0) continue;
      if (typeof last === 'string') out[out.length - 1] = last + piece;
      else out.push(piece);
    } else {
      out.push(piece);
    }
  }
  return out;
}

/** Preference order when a format has several variables for one hot field. */
const STATUS_KINDS: FieldKind[] = ['status', 'statusOriginal'];
const TIME_KINDS: FieldKind[] = ['timeClfBracketed', 'timeClf', 'timeIso', 'timeEpochMs', 'timeEpochUs', 'timeEpochSec'];
const BYTES_KINDS: FieldKind[] = ['bodyBytes', 'wireBytes'];
const DURATION_KINDS: FieldKind[] = ['durationUs', 'durationMs', 'durationSec'];

function indexOfKind(items: CompiledItem[], kinds: FieldKind[]): { index: number; kind: FieldKind | undefined } {
  for (const kind of kinds) {
    const index = items.findIndex((item) => item.variable?.kind === kind);
    if (index >= 0) return { index, kind };
  }
  return { index: -1, kind: undefined };
}

/** The matcher a compiled format runs; shared by all parsers of that format. */
export class CompiledFormat {
  readonly items: CompiledItem[];
  readonly statusIndex: number;
  readonly timeIndex: number;
  readonly timeKind: FieldKind | undefined;
  readonly bytesIndex: number;
  readonly durationIndex: number;
  readonly durationScale: number;
  readonly hasUpstream: boolean;
  readonly variableCount: number;
  /** Items holding $upstream_status / $upstream_addr, in order (a later one overrides, as in record()). */
  readonly upstreamStatusItems: readonly number[];
  readonly upstreamAddrItems: readonly number[];

  constructor(readonly spec: CompiledFormatSpec) {
    const pieces = mergeLiterals(spec.pieces);
    this.items = pieces.map((piece, i): CompiledItem => {
      if (typeof piece === 'string') {
        return {
          literal: piece,
          variable: undefined,
          terminator: undefined,
          fixedLength: 0,
          quoteAware: false,
          list: false,
          gluedSplit: undefined,
          gluedTerminator: undefined,
          failure: `expected ${JSON.stringify(piece)}${i === 0 ? ' at the start' : ` after ${describe(pieces[i - 1])}`}`,
        };
      }
      const next = pieces[i + 1];
      const terminator = typeof next === 'string' ? next : undefined;
      const afterNext = pieces[i + 2];
      const glued = next !== undefined && typeof next !== 'string' && next.kind === 'queryWithMark';
      return {
        gluedSplit: glued ? '?' : undefined,
        gluedTerminator: glued && typeof afterNext === 'string' ? afterNext : undefined,
        literal: undefined,
        variable: piece,
        terminator,
        fixedLength: FIXED_LENGTH[piece.kind] ?? 0,
        quoteAware: spec.escape !== 'nginx' && spec.escape !== 'none' && terminator?.charCodeAt(0) === 34,
        list: piece.list === true || LIST_KINDS.has(piece.kind),
        failure: `no ${terminator === undefined ? 'value' : JSON.stringify(terminator)} after ${piece.name}`,
      };
    });
    const status = indexOfKind(this.items, STATUS_KINDS);
    this.statusIndex = status.index;
    const time = indexOfKind(this.items, TIME_KINDS);
    this.timeIndex = time.index;
    this.timeKind = time.kind;
    this.bytesIndex = indexOfKind(this.items, BYTES_KINDS).index;
    const duration = indexOfKind(this.items, DURATION_KINDS);
    this.durationIndex = duration.index;
    this.durationScale = duration.kind === 'durationUs' ? 0.001 : duration.kind === 'durationMs' ? 1 : 1000;
    this.hasUpstream = this.items.some(
      (item) => item.variable !== undefined && (item.variable.kind === 'upstreamAddr' || item.variable.kind === 'upstreamStatus' || item.variable.kind === 'upstreamTime'),
    );
    this.variableCount = this.items.filter((item) => item.variable !== undefined).length;
    const itemsOf = (kind: FieldKind): number[] => this.items.flatMap((item, i) => (item.variable?.kind === kind ? [i] : []));
    this.upstreamStatusItems = itemsOf('upstreamStatus');
    this.upstreamAddrItems = itemsOf('upstreamAddr');
  }
}

function describe(piece: FormatPiece | undefined): string {
  if (piece === undefined) return 'the start';
  return typeof piece === 'string' ? JSON.stringify(piece) : piece.name;
}

class CompiledParser extends ParserBase implements LineParser {
  readonly format: string;
  readonly vendor: LogVendor;
  readonly detailEveryLine: boolean;

  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly timeCache = new ClfTimeCache();
  private line = '';

  constructor(private readonly compiled: CompiledFormat) {
    super();
    this.format = compiled.spec.name;
    this.vendor = compiled.spec.vendor;
    this.detailEveryLine = compiled.hasUpstream;
    this.starts = new Int32Array(compiled.items.length);
    this.ends = new Int32Array(compiled.items.length);
  }

  scan(line: string): ScanOutcome {
    return this.scanAt(line, 0, line.length);
  }

  /**
   * scan() of the line text[start, end) inside a larger string (a run of lines), so the bulk path
   * builds no string per line: every literal is matched and every search result checked against
   * `end`, since a search may find its match in the lines after this one. The fields stay
   * ranges of `text`; record() and detail() slice only the ones they read.
   */
  scanAt(text: string, start: number, end: number): ScanOutcome {
    this.resetLine();
    if (end === start) return this.ignore('blank');
    const { items } = this.compiled;
    let p = start;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.literal !== undefined) {
        if (p + item.literal.length > end || !matchesAt(text, item.literal, p)) return this.malformed('layout-mismatch', item.failure);
        p += item.literal.length;
        continue;
      }
      let e: number;
      if (item.fixedLength > 0) {
        e = p + item.fixedLength;
        if (e > end) return this.malformed('layout-mismatch', item.failure);
      } else if (item.gluedSplit !== undefined) {
        // %U%q: the path ends where the query's '?' starts, within both fields' extent.
        const extent = item.gluedTerminator === undefined ? -1 : within(text.indexOf(item.gluedTerminator, p), item.gluedTerminator.length, end);
        const limit = extent < 0 ? end : extent;
        const split = text.indexOf(item.gluedSplit, p);
        e = split >= 0 && split < limit ? split : limit;
      } else if (item.terminator === undefined) {
        // Last variable takes the rest; a variable glued to another one gets nothing.
        e = i === items.length - 1 ? end : p;
      } else if (item.quoteAware) {
        e = p;
        for (;;) {
          e = findClosingQuote(text, e, true);
          if (e >= end) e = -1;
          if (e < 0 || (e + item.terminator.length <= end && matchesAt(text, item.terminator, e))) break;
          e++;
        }
      } else if (item.list) {
        e = within(findListEnd(text, item.terminator, p), item.terminator.length, end);
      } else {
        e = within(text.indexOf(item.terminator, p), item.terminator.length, end);
      }
      if (e < 0) return this.malformed('layout-mismatch', item.failure);
      this.starts[i] = p;
      this.ends[i] = e;
      p = e;
    }
    return this.readHotFields(text);
  }

  /**
   * What the tally reads of every line of a format with upstream fields: for an error, the
   * record; for any other line only the upstream statuses (and the addresses when one of them is
   * a 5xx, for the failures a retry rescued), read as record() reads them.
   */
  detail(): LogRecord {
    const status = this.hot.status;
    if ((status >= 400 && status < 600) || !this.detailEveryLine) return this.record();
    const rec: LogRecord = { status, format: this.format, vendor: this.vendor };
    const c = this.compiled;
    const line = this.line;
    let failed = false;
    for (const i of c.upstreamStatusItems) {
      const statuses = upstreamStatusesAt(line, this.starts[i]!, this.ends[i]!);
      if (statuses !== undefined) rec.upstreamStatus = statuses;
    }
    if (rec.upstreamStatus !== undefined) for (const s of rec.upstreamStatus) if (s !== null && s >= 500) failed = true;
    if (failed) {
      for (const i of c.upstreamAddrItems) {
        const addrs = parseUpstreamAddrs(line.slice(this.starts[i], this.ends[i]));
        if (addrs !== undefined) rec.upstream = addrs;
      }
    }
    return rec;
  }

  private readHotFields(line: string): ScanOutcome {
    const c = this.compiled;
    if (c.statusIndex < 0) return this.malformed('status-missing', 'the format has no status field');
    const s = this.starts[c.statusIndex]!;
    const e = this.ends[c.statusIndex]!;
    if (e - s === 1 && line.charCodeAt(s) === 45) return this.malformed('status-unset', "status is '-'");
    const status = parseUint(line, s, e);
    if (status < 0 || e - s > 3) return this.malformed('status-invalid', 'status is not a number');
    this.hot.status = status;
    if (c.timeIndex >= 0) {
      const ts = this.starts[c.timeIndex]!;
      const te = this.ends[c.timeIndex]!;
      switch (c.timeKind) {
        case 'timeClfBracketed':
          if (line.charCodeAt(ts) !== 91 || line.charCodeAt(te - 1) !== 93) return this.malformed('time-invalid', 'time is not [dd/Mon/yyyy:HH:MM:SS ±hhmm]');
          this.hot.time = this.timeCache.parse(line, ts + 1);
          break;
        case 'timeClf':
          this.hot.time = this.timeCache.parse(line, ts);
          break;
        case 'timeIso':
          this.hot.time = parseIsoTimeWithZone(line, ts, te)?.ms ?? ABSENT;
          break;
        case 'timeEpochSec':
          this.hot.time = roundMs(parseDecimal(line, ts, te, 1000));
          break;
        case 'timeEpochMs':
          this.hot.time = roundMs(parseDecimal(line, ts, te, 1));
          break;
        case 'timeEpochUs':
          this.hot.time = roundMs(parseDecimal(line, ts, te, 0.001));
          break;
        default:
          break;
      }
      if (this.hot.time < 0) return this.malformed('time-invalid', 'time field is not a valid time');
    }
    if (c.bytesIndex >= 0) {
      const bs = this.starts[c.bytesIndex]!;
      const be = this.ends[c.bytesIndex]!;
      // Apache %b writes '-' for zero bytes (CLF convention).
      this.hot.bytes = be - bs === 1 && line.charCodeAt(bs) === 45 ? 0 : parseUint(line, bs, be);
    }
    if (c.durationIndex >= 0) {
      this.hot.durationMs = parseDecimal(line, this.starts[c.durationIndex]!, this.ends[c.durationIndex]!, c.durationScale);
    }
    this.line = line;
    return ScanOutcome.Record;
  }

  record(): LogRecord {
    return this.build(true);
  }

  /** record() without the fields an export leaves out (LineParser.exportFields()). */
  exportFields(): LogRecord {
    return this.build(false);
  }

  /** The record, with the user, time zone, referer, user agent, upstream times and extras when `full`. */
  private build(full: boolean): LogRecord {
    const { line } = this;
    const c = this.compiled;
    const style = c.spec.escape;
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time >= 0) rec.time = this.hot.time;
    if (this.hot.bytes >= 0) rec.bytes = this.hot.bytes;
    if (this.hot.durationMs >= 0) rec.durationMs = this.hot.durationMs;
    let extra: Record<string, string> | undefined;
    const setExtra = (key: string, value: string): void => {
      extra ??= {};
      extra[key] = value;
    };
    let forwardedFor: string | undefined;
    let remoteAddr: string | undefined;
    let serverName: string | undefined;
    let target: string | undefined;
    let queryWithMark: string | undefined;
    const request: RequestParts = {};
    for (let i = 0; i < c.items.length; i++) {
      const variable = c.items[i]!.variable;
      if (variable === undefined) continue;
      const raw = line.slice(this.starts[i], this.ends[i]);
      switch (variable.kind) {
        case 'client': {
          if (raw.indexOf(' ') >= 0 || raw.indexOf(',') >= 0) {
            const parts = parseClientText(raw);
            remoteAddr = parts.client;
            if (parts.forwardedFor !== undefined) forwardedFor ??= parts.forwardedFor;
            if (parts.host !== undefined) rec.host ??= parts.host;
          } else if (!isNil(raw)) {
            remoteAddr = raw;
          }
          break;
        }
        case 'forwardedFor':
          if (!isNil(raw)) forwardedFor = decodeEscapes(raw, style);
          break;
        case 'user':
          if (full && !isNil(raw)) rec.user = decodeEscapes(raw, style);
          break;
        case 'timeClf':
        case 'timeClfBracketed': {
          if (full && i === c.timeIndex) {
            const tz = tzOffsetAt(line, this.starts[i]! + (variable.kind === 'timeClf' ? 21 : 22));
            if (!Number.isNaN(tz)) rec.tzOffsetMinutes = tz;
          }
          break;
        }
        case 'timeIso': {
          if (full && i === c.timeIndex) {
            const parsed = parseIsoTimeWithZone(line, this.starts[i]!, this.ends[i]!);
            if (parsed?.tz !== undefined) rec.tzOffsetMinutes = parsed.tz;
          }
          break;
        }
        case 'request': {
          const parts = parseRequestLine(raw, style);
          if (parts.method === undefined) {
            if (!isNil(raw)) setExtra('request', decodeEscapes(raw, style));
          } else {
            Object.assign(request, parts);
          }
          break;
        }
        case 'method':
          if (!isNil(raw)) request.method = raw;
          break;
        case 'target':
          if (!isNil(raw)) target = decodeEscapes(raw, style);
          break;
        case 'path':
          if (!isNil(raw)) request.path ??= decodeEscapes(raw, style);
          break;
        case 'query':
          if (!isNil(raw)) request.query ??= decodeEscapes(raw, style);
          break;
        case 'queryWithMark':
          if (raw.length > 0) queryWithMark = decodeEscapes(raw, style);
          break;
        case 'protocol':
          if (!isNil(raw)) request.protocol ??= raw;
          break;
        case 'host':
          if (!isNil(raw)) rec.host ??= raw;
          break;
        case 'serverName':
          if (!isNil(raw)) serverName = raw;
          break;
        case 'referer':
          if (full && !isNil(raw)) rec.referer = decodeEscapes(raw, style);
          break;
        case 'userAgent':
          if (full && !isNil(raw)) rec.userAgent = decodeEscapes(raw, style);
          break;
        case 'upstreamAddr': {
          const addrs = parseUpstreamAddrs(raw);
          if (addrs !== undefined) rec.upstream = addrs;
          break;
        }
        case 'upstreamStatus': {
          const statuses = parseUpstreamStatuses(raw);
          if (statuses !== undefined) rec.upstreamStatus = statuses;
          break;
        }
        case 'upstreamTime': {
          if (!full) break;
          const times = parseUpstreamTimesMs(raw);
          if (times !== undefined) rec.upstreamTimeMs = times;
          break;
        }
        case 'extra':
          if (full && !isNil(raw)) setExtra(variable.extraKey ?? variable.name, decodeEscapes(raw, style));
          break;
        default:
          break;
      }
    }
    if (target !== undefined) {
      const parts: RequestParts = {};
      splitTarget(target, parts);
      request.path = parts.path;
      if (parts.query !== undefined) request.query = parts.query;
    }
    if (queryWithMark !== undefined && request.query === undefined) {
      request.query = queryWithMark.startsWith('?') ? queryWithMark.slice(1) : queryWithMark;
    }
    if (request.method !== undefined) rec.method = request.method;
    if (request.path !== undefined) rec.path = request.path;
    if (request.query !== undefined) rec.query = request.query;
    if (request.protocol !== undefined) rec.protocol = request.protocol;
    if (serverName !== undefined) rec.host ??= serverName;
    const origin = forwardedFor === undefined ? undefined : firstForwardedFor(forwardedFor);
    if (origin !== undefined) {
      rec.client = origin;
      if (remoteAddr !== undefined) setExtra('remoteAddr', remoteAddr);
    } else if (remoteAddr !== undefined) {
      rec.client = remoteAddr;
    }
    if (forwardedFor !== undefined) setExtra('forwardedFor', forwardedFor);
    if (extra !== undefined) rec.extra = extra;
    return rec;
  }
}

/** A search result `at` for a match of `length` characters, or -1 when it does not end by `end`. */
function within(at: number, length: number, end: number): number {
  return at >= 0 && at + length <= end ? at : -1;
}

/** parseUpstreamStatuses() of text[start, end), without a string for the common `-` and one status. */
function upstreamStatusesAt(text: string, start: number, end: number): (number | null)[] | undefined {
  const n = end - start;
  if (n === 0 || (n === 1 && text.charCodeAt(start) === 45)) return undefined;
  if (n === 3) {
    const a = text.charCodeAt(start) - 48;
    const b = text.charCodeAt(start + 1) - 48;
    const d = text.charCodeAt(start + 2) - 48;
    if (a >= 0 && a <= 9 && b >= 0 && b <= 9 && d >= 0 && d <= 9) return [a * 100 + b * 10 + d];
  }
  return parseUpstreamStatuses(text.slice(start, end));
}

function roundMs(value: number): number {
  return value < 0 ? ABSENT : Math.round(value);
}

/** Score of a custom format on a line that fits: above any built-in (at most 12 + the vendor-hint bonus 30). */
const CUSTOM_FIT_SCORE = MatchScore.customFit;

/** Builds the FormatDefinition of a compiled format. */
/**
 * Why no line could be split by these pieces, if that is so: two variables with nothing between
 * them (`$status$body_bytes_sent`) leave no place where the first one ends, unless the first has a
 * fixed length (a CLF time) or the second starts with its own mark (Apache `%U%q`, the `?`). Such a
 * format would accept the command line and then call every line malformed.
 */
export function unseparatedVariables(pieces: readonly FormatPiece[]): string | undefined {
  const items = pieces.filter((piece) => piece !== '');
  for (let i = 0; i + 1 < items.length; i++) {
    const first = items[i]!;
    const second = items[i + 1]!;
    if (typeof first === 'string' || typeof second === 'string') continue;
    if (FIXED_LENGTH[first.kind] !== undefined || second.kind === 'queryWithMark') continue;
    return `${first.name} and ${second.name} have nothing between them, so no line shows where one ends; write the separator the server puts there (a space, say) between them`;
  }
  return undefined;
}

export function defineCompiledFormat(spec: CompiledFormatSpec): FormatDefinition & { compiled: CompiledFormat } {
  const compiled = new CompiledFormat(spec);
  let probe: CompiledParser | undefined;
  const fits = (line: string): number => {
    probe ??= new CompiledParser(compiled);
    // A user-supplied format that fits should win over the built-in guesses.
    return probe.scan(line) === ScanOutcome.Record ? CUSTOM_FIT_SCORE + compiled.variableCount : 0;
  };
  return {
    name: spec.name,
    vendor: spec.vendor,
    description: spec.description,
    detection: spec.detection,
    example: spec.example,
    match: spec.match ?? fits,
    create: () => new CompiledParser(compiled),
    compiled,
  };
}
