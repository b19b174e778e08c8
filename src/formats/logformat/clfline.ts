/**
 * The hand-written scanner for the CLF family (nginx combined/main, Apache
 * common/combined) and the shape analysis their match() scores use.
 *
 * scan() finds `[time]`, the quoted request, status and bytes with a few
 * indexOf calls and reads the characters around them as codes from a
 * Uint8Array (see scanAt); it builds no strings, and
 * takes the minute-cached time path for nearly every line. Everything left of
 * the time (client, ident, user, and whatever a config prepended) and right of
 * the bytes (quoted referer/agent/XFF, extra tails) is read only in record().
 */
import {
  ClfTimeCache,
  decodeEscapes,
  findClosingQuote,
  firstForwardedFor,
  isNil,
  parseClientText,
  parseDecimal,
  parseRequestLine,
  requestPathAt,
  requestPathOfBytes,
  tzOffsetAt,
  type ByteRange,
  type EscapeStyle,
} from '../clf.js';
import { ScanOutcome, type DetailRanges, type LineParser, type RecordRanges } from '../parser.js';
import { CH_0, CH_9, CH_BACKSLASH, CH_COMMA, CH_MINUS, CH_QUESTION, CH_QUOTE, CH_RBRACKET, CH_SPACE } from '../char-codes.js';
import { ABSENT, type LogRecord, type LogVendor } from '../record.js';
import { ParserBase } from '../parser-base.js';

/** Quoted fields after the bytes, in order, and the record field each fills. */
export type QuotedTailField = 'referer' | 'userAgent' | 'forwardedFor';

/** Initial size of the scratch array for lines scanned without their bytes; grown for longer ones. */
const SCRATCH_CODES = 4096;
const NON_ASCII = 0x80;

/** How many lines without an `rt=` tail a source shows before scan() stops looking. */
const TIMING_PROBE_LINES = 1000;

export interface ClfScannerOptions {
  format: string;
  vendor: LogVendor;
  escape: Extract<EscapeStyle, 'nginx' | 'apache'>;
  tail: QuotedTailField[];
  /**
   * Look for an `rt=` (request time) key=value tail in scan() too, so the hot
   * durationMs agrees with record(). The indexOf over the rest of the line costs
   * more than the rest of scan(), so it is dropped when the first lines lack it.
   */
  timingTail?: boolean;
}

/** Token after the bytes field: a quoted string or a bare word. */
export interface TailToken {
  quoted: boolean;
  text: string;
}

/** Splits the text after the bytes into tokens (quoted strings or bare words). Linear. */
export function tokenizeTail(line: string, from: number, backslashEscapes: boolean, limit = 64): TailToken[] {
  const tokens: TailToken[] = [];
  let i = from;
  const n = line.length;
  while (i < n && tokens.length < limit) {
    const c = line.charCodeAt(i);
    if (c === CH_SPACE) {
      i++;
      continue;
    }
    if (c === CH_QUOTE) {
      const close = findClosingQuote(line, i + 1, backslashEscapes);
      const end = close < 0 ? n : close;
      tokens.push({ quoted: true, text: line.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    let end = line.indexOf(' ', i);
    if (end < 0) end = n;
    tokens.push({ quoted: false, text: line.slice(i, end) });
    i = end;
  }
  return tokens;
}

export class ClfLineScanner extends ParserBase implements LineParser, RecordRanges {
  readonly format: string;
  readonly vendor: LogVendor;
  readonly detailEveryLine = false;

  private readonly timeCache = new ClfTimeCache();
  private readonly backslashEscapes: boolean;
  private text = '';
  private lineStart = 0;
  private lineEnd = 0;
  private line: string | undefined;
  // Positions below are relative to the start of the last line scanned.
  /** Index of the space before `[time]` in the last line scanned. */
  timeAt = 0;
  /** Index of the quote closing the request. */
  requestEnd = 0;
  /** Index just past the bytes field. */
  bytesEnd = 0;
  // Set by splitHead(), as indexes into the run's text.
  private userSpace = -1;
  private identSpace = -1;
  /** The run's bytes when it is ASCII (text[i] is bytes[i + byteOffset]), else undefined. */
  private runBytes: Uint8Array | undefined;
  private byteOffset = 0;
  // Set by locateDetail(), as indexes into the run's bytes.
  pathStart = -1;
  pathEnd = -1;
  clientStart = -1;
  clientEnd = -1;
  // Set by locateRecord(), as indexes into the run's bytes.
  methodStart = -1;
  methodEnd = -1;
  queryStart = -1;
  queryEnd = -1;
  private readonly pathRange: ByteRange = { start: -1, end: -1 };
  private readonly forwardedRange: ByteRange = { start: -1, end: -1 };
  /** Whether the client may come from a quoted forwarded-for field after the bytes. */
  private readonly forwardedForTail: boolean;

  /** Lines left to look for an rt= tail in; Infinity once one was seen. */
  private timingLookups: number;
  /** The codes of the line being scanned, when its run came without bytes; see scanAt(). */
  private scratch = new Uint8Array(SCRATCH_CODES);

  constructor(private readonly options: ClfScannerOptions) {
    super();
    this.timingLookups = options.timingTail === true ? TIMING_PROBE_LINES : 0;
    this.format = options.format;
    this.vendor = options.vendor;
    this.backslashEscapes = options.escape === 'apache';
    this.forwardedForTail = options.tail.includes('forwardedFor');
  }

  /**
   * Keeps the run once, not per line: storing a young string into this long-lived object on
   * every line would run the garbage collector's write barrier each time.
   */
  runStart(text: string, bytes: Uint8Array | undefined, byteOffset: number): void {
    this.text = text;
    this.runBytes = bytes;
    this.byteOffset = byteOffset;
    if (bytes !== undefined) this.timeCache.useBytes(bytes);
  }

  get detailText(): string {
    return this.text;
  }

  get detailBytes(): Uint8Array {
    return this.runBytes!;
  }

  get detailShift(): number {
    return this.byteOffset;
  }

  scan(line: string): ScanOutcome {
    return this.scanAt(line, 0, line.length);
  }

  /**
   * scan() for the line text[start, end) inside a larger string, so the bulk
   * path needs no string per line. Every search result is checked against
   * `end`, since indexOf may find a match in the lines after this one.
   */
  scanAt(text: string, start: number, end: number, bytes?: Uint8Array, byteOffset = 0): ScanOutcome {
    this.resetLine();
    // runStart() has set these on the bulk path, so this branch is not taken there. With bytes, the
    // bytes and offset name the run (the reader makes a new view for each buffer): comparing two
    // strings costs a call per line, even when they are the same string.
    if (bytes === undefined ? text !== this.text || this.runBytes !== undefined : bytes !== this.runBytes || byteOffset !== this.byteOffset) {
      this.runStart(text, bytes, byteOffset);
    }
    this.lineStart = start;
    this.lineEnd = end;
    this.line = undefined;
    if (end === start) return this.ignore('blank');
    // codes[k + shift] is the code of text[k].
    const codes = bytes ?? this.codesOf(text, start, end);
    // 0 - start, not -start: for start 0 that is -0, a double, which would make every index below one.
    const shift = bytes === undefined ? 0 - start : byteOffset;
    // The first ` [` followed by a valid time; a prepended field can hold '[' too. A one-character
    // search is cheaper than one for ' [', whose space matches several times before the time.
    let lb = text.indexOf('[', start + 1) - 1;
    let second = -1;
    while (lb >= start && lb + 31 <= end) {
      // The space and ']' reject most non-time '[' before the time is read (which checks the rest).
      if (codes[lb + shift] === CH_SPACE && codes[lb + 28 + shift] === CH_RBRACKET) {
        second = this.timeCache.secondOfBytes(text, lb + 2, codes, shift);
        if (second >= 0) break;
      }
      lb = text.indexOf('[', lb + 2) - 1;
    }
    if (lb < start || lb + 31 > end) return this.malformed('time-missing', 'no [dd/Mon/yyyy:HH:MM:SS ±hhmm] time field');
    if (codes[lb + 29 + shift] !== CH_SPACE || codes[lb + 30 + shift] !== CH_QUOTE) {
      return this.malformed('request-missing', 'no quoted request after the time');
    }
    const requestEnd = this.backslashEscapes ? findClosingQuote(text, lb + 31, true) : text.indexOf('"', lb + 31);
    if (requestEnd < 0 || requestEnd >= end) return this.malformed('request-unterminated', 'the request field has no closing quote');
    this.requestEnd = requestEnd - start;
    // Reads past `end` (the next line's codes, or undefined past the array) are rejected by the
    // bounds tested with them, as charCodeAt's NaN past a string is.
    if (codes[requestEnd + 1 + shift] !== CH_SPACE || requestEnd + 1 >= end) return this.malformed('status-missing', 'no status after the request');
    const s = requestEnd + 2;
    const d0 = codes[s + shift]! - CH_0;
    const d1 = codes[s + 1 + shift]! - CH_0;
    const d2 = codes[s + 2 + shift]! - CH_0;
    if (d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9 || s + 3 >= end || codes[s + 3 + shift] !== CH_SPACE) {
      if (codes[s + shift] === CH_MINUS && codes[s + 1 + shift] === CH_SPACE && s + 1 < end) return this.malformed('status-unset', "status is '-'");
      return this.malformed('status-invalid', 'status is not a 3-digit number');
    }
    // Bytes: digits up to a space or the end; '-' means none sent (Apache %b).
    let i = s + 4;
    let sent = 0;
    const n = end;
    if (i < n && codes[i + shift] === CH_MINUS) {
      i++;
    } else {
      const first = i;
      for (; i < n; i++) {
        const c = codes[i + shift]!;
        if (c < CH_0 || c > CH_9) break;
        sent = sent * 10 + (c - CH_0);
      }
      if (i === first) return this.malformed('bytes-invalid', 'bytes field is not a number');
    }
    if (i < n && codes[i + shift] !== CH_SPACE) return this.malformed('bytes-invalid', 'bytes field is not a number');
    if (this.timingLookups > 0 && i < n) {
      // Searched in this line alone: an indexOf over `text` would run into the following lines.
      const line = this.lineText();
      const rt = line.indexOf(' rt=', i - start);
      // A source whose first lines have no rt= tail stops paying for the lookup.
      if (rt < 0) this.timingLookups--;
      else this.timingLookups = Number.POSITIVE_INFINITY;
      if (rt >= 0) {
        const quoted = line.charCodeAt(rt + 4) === CH_QUOTE ? 1 : 0;
        let valueEnd = line.indexOf(quoted === 1 ? '"' : ' ', rt + 4 + quoted);
        if (valueEnd < 0) valueEnd = line.length;
        this.hot.durationMs = parseDecimal(line, rt + 4 + quoted, valueEnd, 1000);
      }
    }
    this.hot.status = d0 * 100 + d1 * 10 + d2;
    this.hot.time = this.timeCache.minuteEpochMs + second * 1000;
    this.hot.bytes = sent;
    this.timeAt = lb - start;
    this.bytesEnd = i - start;
    return ScanOutcome.Record;
  }

  /** text[start, end) as codes for scanAt(), every code unit above 0x7f as 0x80. */
  private codesOf(text: string, start: number, end: number): Uint8Array {
    const length = end - start;
    if (length > this.scratch.length) this.scratch = new Uint8Array(Math.max(length, 2 * this.scratch.length));
    const codes = this.scratch;
    for (let k = 0; k < length; k++) {
      const c = text.charCodeAt(start + k);
      codes[k] = c < NON_ASCII ? c : NON_ASCII;
    }
    return codes;
  }

  /** The line last scanned, sliced out of its run only when a record or a search needs it. */
  lineText(): string {
    return (this.line ??= this.text.slice(this.lineStart, this.lineEnd));
  }

  record(): LogRecord {
    const line = this.lineText();
    const { timeAt } = this;
    const style = this.options.escape;
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time >= 0) rec.time = this.hot.time;
    rec.tzOffsetMinutes = tzOffsetAt(line, timeAt + 23);
    rec.bytes = this.hot.bytes;
    // As scan() read it from the rt= tail, so the record agrees with the latency the tally counted.
    if (this.hot.durationMs >= 0) rec.durationMs = this.hot.durationMs;
    let extra: Record<string, string> | undefined;
    const setExtra = (key: string, value: string): void => {
      extra ??= {};
      extra[key] = value;
    };

    // Left of the time: <client text> <ident> <user>.
    const clientEnd = this.splitHead() - this.lineStart;
    const userSpace = this.userSpace - this.lineStart;
    const identSpace = this.identSpace - this.lineStart;
    if (userSpace >= 0) {
      const user = line.slice(userSpace + 1, timeAt);
      if (!isNil(user)) rec.user = decodeEscapes(user, style);
      if (identSpace >= 0) {
        const ident = line.slice(identSpace + 1, userSpace);
        if (!isNil(ident)) setExtra('ident', ident);
      }
    }
    const client = parseClientText(line.slice(0, clientEnd));
    if (client.host !== undefined) rec.host = client.host;

    const rawRequest = line.slice(timeAt + 31, this.requestEnd);
    const request = parseRequestLine(rawRequest, style);
    if (request.method === undefined) {
      if (!isNil(rawRequest)) setExtra('request', decodeEscapes(rawRequest, style));
    } else {
      rec.method = request.method;
      if (request.path !== undefined) rec.path = request.path;
      if (request.query !== undefined) rec.query = request.query;
      if (request.protocol !== undefined) rec.protocol = request.protocol;
    }

    // Right of the bytes: the quoted fields this format names, then any tail.
    let forwardedFor = client.forwardedFor;
    // The $remote_addr-position address, when the head also had a forwarded-for list.
    const addr = client.forwardedFor === undefined ? client.client : client.remoteAddr;
    const tokens = tokenizeTail(line, this.bytesEnd, this.backslashEscapes);
    let t = 0;
    for (const field of this.options.tail) {
      const token = tokens[t];
      if (token === undefined || !token.quoted) break;
      t++;
      if (isNil(token.text)) continue;
      const value = decodeEscapes(token.text, style);
      if (field === 'referer') rec.referer = value;
      else if (field === 'userAgent') rec.userAgent = value;
      else forwardedFor ??= value;
    }
    const trailing: string[] = [];
    for (; t < tokens.length; t++) {
      const token = tokens[t]!;
      const eq = token.quoted ? -1 : token.text.indexOf('=');
      if (eq > 0) {
        // key=value tails such as rt=0.192 uct="0.000"
        let value = token.text.slice(eq + 1);
        if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
        const key = token.text.slice(0, eq);
        setExtra(key, value);
      } else {
        trailing.push(token.quoted ? `"${token.text}"` : token.text);
      }
    }
    if (trailing.length > 0) setExtra('trailing', trailing.join(' '));
    const origin = forwardedFor === undefined ? undefined : firstForwardedFor(forwardedFor);
    if (forwardedFor !== undefined && origin !== undefined) setExtra('forwardedFor', forwardedFor);
    const clientAddr = origin ?? addr;
    if (clientAddr !== undefined) rec.client = clientAddr;
    if (origin !== undefined && addr !== undefined && addr !== origin) setExtra('remoteAddr', addr);
    if (extra !== undefined) rec.extra = extra;
    return rec;
  }

  /**
   * Finds, in place, the spaces before the user and the ident fields of the
   * last line scanned (userSpace, identSpace: -1 when absent) and returns
   * where the client text ends. All three are indexes into the run's text.
   */
  private splitHead(): number {
    const { text, lineStart } = this;
    const headEnd = lineStart + this.timeAt;
    let userSpace = headEnd - 1;
    while (userSpace >= lineStart && text.charCodeAt(userSpace) !== CH_SPACE) userSpace--;
    let identSpace = userSpace - 1;
    while (identSpace >= lineStart && text.charCodeAt(identSpace) !== CH_SPACE) identSpace--;
    this.userSpace = userSpace >= lineStart ? userSpace : -1;
    this.identSpace = userSpace >= lineStart && identSpace >= lineStart ? identSpace : -1;
    if (this.identSpace >= 0) return this.identSpace;
    return this.userSpace >= 0 ? this.userSpace : headEnd;
  }

  /**
   * locateDetail(), plus the method and the query as parseRequestLine() cuts them: the method is
   * the token before the target, the query what follows the path's '?' up to the target's end.
   * Undefined, as for locateDetail(), when a field needs decoding: here a backslash in the query.
   */
  locateRecord(): RecordRanges | undefined {
    if (this.locateDetail() === undefined) return undefined;
    this.methodStart = -1;
    this.queryStart = -1;
    if (this.pathStart < 0) return this;
    const bytes = this.runBytes!;
    this.methodStart = this.lineStart + this.byteOffset + this.timeAt + 31;
    this.methodEnd = this.pathStart - 1;
    if (bytes[this.pathEnd] !== CH_QUESTION) return this;
    const requestEnd = this.lineStart + this.byteOffset + this.requestEnd;
    // The target ends before ' HTTP/…' when the request has a protocol, as requestPathOfBytes() reads it.
    let targetEnd = requestEnd;
    let lastSpace = requestEnd - 1;
    while (lastSpace > this.methodEnd && bytes[lastSpace] !== CH_SPACE) lastSpace--;
    if (lastSpace > this.methodEnd && lastSpace + 6 <= requestEnd && isHttpSlash(bytes, lastSpace + 1)) targetEnd = lastSpace;
    for (let i = this.pathEnd + 1; i < targetEnd; i++) if (bytes[i] === CH_BACKSLASH) return undefined;
    this.queryStart = this.pathEnd + 1;
    this.queryEnd = targetEnd;
    return this;
  }

  locateDetail(): DetailRanges | undefined {
    const bytes = this.runBytes;
    if (bytes === undefined || (this.forwardedForTail && this.options.escape !== 'nginx')) return undefined;
    const shift = this.byteOffset;
    const lineStart = this.lineStart + shift;
    const path = this.pathRange;
    if (!requestPathOfBytes(bytes, lineStart + this.timeAt + 31, lineStart + this.requestEnd, this.options.escape, path)) return undefined;
    // Left of the time: <client text> <ident> <user>, as splitHead() reads it.
    let userSpace = lineStart + this.timeAt - 1;
    while (userSpace >= lineStart && bytes[userSpace] !== CH_SPACE) userSpace--;
    let clientEnd = userSpace - 1;
    while (clientEnd >= lineStart && bytes[clientEnd] !== CH_SPACE) clientEnd--;
    if (userSpace < lineStart) clientEnd = lineStart + this.timeAt;
    else if (clientEnd < lineStart) clientEnd = userSpace;
    for (let i = lineStart; i < clientEnd; i++) {
      const c = bytes[i]!;
      if (c === CH_SPACE || c === CH_QUOTE || c === CH_COMMA) return undefined;
    }
    this.pathStart = path.start;
    this.pathEnd = path.end;
    const isDash = clientEnd - lineStart === 1 && bytes[lineStart] === CH_MINUS;
    this.clientStart = clientEnd > lineStart && !isDash ? lineStart : -1;
    this.clientEnd = clientEnd;
    if (this.forwardedForTail) {
      const origin = this.forwardedRange;
      if (!this.forwardedOriginOfBytes(bytes, lineStart + this.bytesEnd, this.lineEnd + shift, origin)) return undefined;
      if (origin.start >= 0) {
        this.clientStart = origin.start;
        this.clientEnd = origin.end;
      }
    }
    return this;
  }

  /**
   * Where the client that the forwarded-for field after the bytes names lies
   * (its first entry, trimmed, as firstForwardedFor() gives it), reading the
   * quoted tail fields of an nginx line as tokenizeTail() does: `out.start` is
   * -1 when the field is absent, '-' or names no one. False when the field
   * holds an escape, which detail() must decode.
   */
  private forwardedOriginOfBytes(bytes: Uint8Array, from: number, end: number, out: ByteRange): boolean {
    out.start = -1;
    const field = this.options.tail.indexOf('forwardedFor');
    let i = from;
    let valueStart = -1;
    let valueEnd = -1;
    for (let token = 0; token <= field; token++) {
      while (i < end && bytes[i] === CH_SPACE) i++;
      // Fewer fields, or a bare word before it: the line names no forwarded-for client.
      if (i >= end || bytes[i] !== CH_QUOTE) return true;
      valueStart = i + 1;
      valueEnd = valueStart;
      while (valueEnd < end && bytes[valueEnd] !== CH_QUOTE) valueEnd++;
      i = valueEnd + 1;
    }
    for (let k = valueStart; k < valueEnd; k++) {
      const c = bytes[k]!;
      if (c === CH_BACKSLASH) return false;
      if (c === CH_COMMA) valueEnd = k;
    }
    while (valueStart < valueEnd && isTrimmed(bytes[valueStart]!)) valueStart++;
    while (valueEnd > valueStart && isTrimmed(bytes[valueEnd - 1]!)) valueEnd--;
    if (valueEnd === valueStart || (valueEnd - valueStart === 1 && bytes[valueStart] === CH_MINUS)) return true;
    out.start = valueStart;
    out.end = valueEnd;
    return true;
  }

  /**
   * The record's tally fields (status, time, path, host, client, durationMs),
   * as record() gives them, without the strings only record() needs: the
   * referer, user agent, method, query, user and key=value tails.
   */
  detail(): LogRecord {
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time >= 0) rec.time = this.hot.time;
    if (this.hot.durationMs >= 0) rec.durationMs = this.hot.durationMs;
    const { text, lineStart } = this;
    const style = this.options.escape;
    const path = requestPathAt(text, lineStart + this.timeAt + 31, lineStart + this.requestEnd, style);
    if (path !== undefined) rec.path = path;

    // Left of the time: <client text> <ident> <user>; the client text is one plain address on most lines.
    const clientEnd = this.splitHead();
    let addr: string | undefined;
    let forwardedFor: string | undefined;
    if (isPlainAddress(text, lineStart, clientEnd)) {
      const isDash = clientEnd - lineStart === 1 && text.charCodeAt(lineStart) === CH_MINUS;
      if (clientEnd > lineStart && !isDash) addr = text.slice(lineStart, clientEnd);
    } else {
      const client = parseClientText(text.slice(lineStart, clientEnd));
      if (client.host !== undefined) rec.host = client.host;
      forwardedFor = client.forwardedFor;
      addr = client.forwardedFor === undefined ? client.client : client.remoteAddr;
    }
    const tailAt = this.options.tail.indexOf('forwardedFor');
    if (forwardedFor === undefined && tailAt >= 0) {
      // As in record(): the tail's quoted fields are read in order, up to the first bare one.
      const tokens = tokenizeTail(this.lineText(), this.bytesEnd, this.backslashEscapes, tailAt + 1);
      const token = tokens[tailAt];
      if (token !== undefined && tokens.every((t) => t.quoted) && !isNil(token.text)) forwardedFor = decodeEscapes(token.text, style);
    }
    const origin = forwardedFor === undefined ? undefined : firstForwardedFor(forwardedFor);
    const clientAddr = origin ?? addr;
    if (clientAddr !== undefined) rec.client = clientAddr;
    return rec;
  }
}

/** Whether bytes[at, at + 5) is 'HTTP/'. */
function isHttpSlash(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 72 && bytes[at + 1] === 84 && bytes[at + 2] === 84 && bytes[at + 3] === 80 && bytes[at + 4] === 47;
}

/** What String.prototype.trim() removes, among ASCII codes. */
function isTrimmed(c: number): boolean {
  return c === CH_SPACE || (c >= 9 && c <= 13);
}

/** Whether text[start, end) is one address, with no host prefix or forwarded-for list. */
function isPlainAddress(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === CH_SPACE || c === CH_QUOTE || c === CH_COMMA) return false;
  }
  return true;
}

/** What match() scores look at in a CLF-family line. */
export interface ClfShape {
  /** Tokens left of the time (client text, ident, user). */
  headTokens: number;
  /** First head token is `name:port` and the head has exactly 4 tokens (`%v:%p %h %l %u`). */
  vhostPort: boolean;
  /** Number of quoted tokens right after the bytes. */
  quotedAfterBytes: number;
  /** Bare or quoted tokens after those quoted ones. */
  tokensAfterQuoted: TailToken[];
  /** Only Apache writes this: `-` bytes, lower-case `\xhh`, `\"`, a non-`-` ident. */
  apacheHint: boolean;
  /** Only nginx writes this: upper-case `\xHH`, status 499/444/000/009. */
  nginxHint: boolean;
  status: number;
}

const VHOST_PORT = /^[^\s",]+:\d{1,5}$/;

function hexCase(line: string): { lower: boolean; upper: boolean } {
  let lower = false;
  let upper = false;
  let i = line.indexOf('\\x');
  while (i >= 0 && !(lower && upper)) {
    for (let k = i + 2; k < i + 4; k++) {
      const c = line.charCodeAt(k);
      if (c >= 97 && c <= 102) lower = true;
      else if (c >= 65 && c <= 70) upper = true;
    }
    i = line.indexOf('\\x', i + 2);
  }
  return { lower, upper };
}

const shapeScanner = new ClfLineScanner({ format: 'shape', vendor: 'apache', escape: 'apache', tail: [] });
let lastShapeLine: string | undefined;
let lastShape: ClfShape | undefined;

/** Shape of a CLF-family line, or undefined when it is not one. Cached for the last line. */
export function clfShape(line: string): ClfShape | undefined {
  if (line === lastShapeLine) return lastShape;
  lastShapeLine = line;
  lastShape = computeShape(line);
  return lastShape;
}

function computeShape(line: string): ClfShape | undefined {
  if (shapeScanner.scan(line) !== ScanOutcome.Record) {
    // Apache prints '-' for a status it never set; nginx always prints digits.
    if (shapeScanner.reason?.code !== 'status-unset') return undefined;
    const s = shapeScanner.requestEnd + 2;
    const shape = computeShape(`${line.slice(0, s)}000${line.slice(s + 1)}`);
    if (shape === undefined) return undefined;
    return { ...shape, apacheHint: true, nginxHint: false, status: ABSENT };
  }
  const positions = shapeScanner;
  const head = line.slice(0, positions.timeAt).split(' ');
  const tokens = tokenizeTail(line, positions.bytesEnd, true);
  let quoted = 0;
  while (quoted < tokens.length && tokens[quoted]!.quoted) quoted++;
  const hex = hexCase(line);
  const ident = head.length >= 2 ? head[head.length - 2] : '-';
  const bytesDash = line.charCodeAt(positions.bytesEnd - 1) === CH_MINUS;
  const status = shapeScanner.hot.status;
  return {
    headTokens: head.length,
    vhostPort: head.length === 4 && VHOST_PORT.test(head[0]!),
    quotedAfterBytes: quoted,
    tokensAfterQuoted: tokens.slice(quoted),
    apacheHint: bytesDash || hex.lower || line.includes('\\"') || (ident !== '-' && head.length >= 3),
    nginxHint: hex.upper || status === 499 || status === 444 || status === 0 || status === 9,
    status,
  };
}

/** Added to a format's shape score when the line carries its vendor's signature. */
export const VENDOR_HINT_BONUS = 30;

/**
 * Applies the vendor rule to a shape score: a line only one vendor could write
 * goes to that vendor's formats; neutral lines keep the shape score.
 */
export function vendorScore(shapeScore: number, shape: ClfShape, vendor: 'nginx' | 'apache'): number {
  if (shapeScore <= 0) return 0;
  const own = vendor === 'nginx' ? shape.nginxHint : shape.apacheHint;
  const other = vendor === 'nginx' ? shape.apacheHint : shape.nginxHint;
  if (own && other) return shapeScore;
  if (other) return 0;
  return own ? shapeScore + VENDOR_HINT_BONUS : shapeScore;
}
