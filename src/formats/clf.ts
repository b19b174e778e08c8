/**
 * Helpers shared by the CLF family (nginx, Apache and formats compiled from their
 * format strings): time stamps, numbers, escapes, request lines and the client
 * part of a line. The numeric helpers read the line in place with charCodeAt so
 * the scan phase builds no strings.
 */
import { CH_0, CH_9, CH_BACKSLASH, CH_COLON, CH_DOT, CH_MINUS, CH_PLUS, CH_QUESTION, CH_QUOTE, CH_SLASH, CH_SPACE } from './char-codes.js';
import { ABSENT } from './record.js';

/** Whether `literal` occurs in `line` at `pos`; not startsWith(): docs/performance.md#startswith-on-long-lines. */
export function matchesAt(line: string, literal: string, pos: number): boolean {
  const n = literal.length;
  if (pos < 0 || pos + n > line.length) return false;
  for (let i = 0; i < n; i++) {
    if (line.charCodeAt(pos + i) !== literal.charCodeAt(i)) return false;
  }
  return true;
}

/** Length of `10/Oct/2000:13:55:36 -0700`. */
export const CLF_TIME_LENGTH = 26;

function digit(line: string, i: number): number {
  const c = line.charCodeAt(i);
  return c >= CH_0 && c <= CH_9 ? c - CH_0 : -1;
}

function twoDigits(line: string, i: number): number {
  const a = digit(line, i);
  const b = digit(line, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Month index 0-11 of the English abbreviation at `i` (`Jan`…`Dec`), or -1. */
export function monthAt(line: string, i: number): number {
  // Case-sensitive like the servers write it; packs three chars into one number.
  const key = (line.charCodeAt(i) << 16) | (line.charCodeAt(i + 1) << 8) | line.charCodeAt(i + 2);
  switch (key) {
    case 0x4a616e: return 0; // Jan
    case 0x466562: return 1; // Feb
    case 0x4d6172: return 2; // Mar
    case 0x417072: return 3; // Apr
    case 0x4d6179: return 4; // May
    case 0x4a756e: return 5; // Jun
    case 0x4a756c: return 6; // Jul
    case 0x417567: return 7; // Aug
    case 0x536570: return 8; // Sep
    case 0x4f6374: return 9; // Oct
    case 0x4e6f76: return 10; // Nov
    case 0x446563: return 11; // Dec
    default: return -1;
  }
}

/** Offset from UTC in minutes of a `+hhmm` / `-hhmm` zone at `i`, or NaN. */
export function tzOffsetAt(line: string, i: number): number {
  const sign = line.charCodeAt(i);
  if (sign !== CH_PLUS && sign !== CH_MINUS) return NaN;
  const hh = twoDigits(line, i + 1);
  const mm = twoDigits(line, i + 3);
  if (hh < 0 || mm < 0 || hh > 23 || mm > 59) return NaN;
  const minutes = hh * 60 + mm;
  return sign === CH_MINUS ? -minutes : minutes;
}

/** Four character codes (below 256) as the little-endian 32-bit word of their bytes. */
function wordOf(codes: Uint16Array, from: number): number {
  return codes[from]! | (codes[from + 1]! << 8) | (codes[from + 2]! << 16) | (codes[from + 3]! << 24);
}

/**
 * A byte no ASCII text holds, nor the codes scanAt() copies (which stop at 0x80): the cached key's
 * bytes before any minute is cached.
 */
const NO_KEY_BYTE = 0xff;

/**
 * Parses CLF times (`10/Oct/2000:13:55:36 -0700`) to epoch ms. Consecutive lines
 * nearly always share the minute and the zone, so the common case is two
 * character comparisons and two digits; a full parse happens once a minute.
 */
export class ClfTimeCache {
  /** Char codes of the cached `dd/Mon/yyyy:HH:MM` (0-16) and zone (17-21). */
  private readonly key = new Uint16Array(22).fill(NO_KEY_BYTE);
  /**
   * The same key as little-endian 32-bit words of its bytes: `dd/M`, `on/y`,
   * `yyy:`, `HH:M`, and the zone's first four characters. Before the first
   * minute is parsed every byte is NO_KEY_BYTE, which no byte compared with it
   * equals, so secondOfBytes() needs no test of hasKey.
   */
  private readonly keyWords = new Int32Array(5).fill(-1);
  private hasKey = false;
  /** A view of the last `bytes` given to secondOfBytes(), to read four bytes at once. */
  private view: DataView | undefined;
  private viewOf: Uint8Array | undefined;
  /** Epoch ms of the minute (in UTC) that secondOf() last matched. */
  minuteEpochMs = 0;

  /** Epoch ms of the CLF time starting at `pos`, or ABSENT when it is not one. */
  parse(line: string, pos: number): number {
    const sec = this.secondOf(line, pos);
    return sec < 0 ? ABSENT : this.minuteEpochMs + sec * 1000;
  }

  /** Second-of-minute of the CLF time at `pos` (minuteEpochMs then holds its minute), or -1: docs/performance.md#small-integers. */
  secondOf(line: string, pos: number): number {
    if (pos + CLF_TIME_LENGTH > line.length) return -1;
    if (!this.hasKey || !this.sameMinute(line, pos)) {
      if (!this.parseMinute(line, pos)) return -1;
    }
    const sec = twoDigits(line, pos + 18);
    if (sec < 0 || sec > 60 || line.charCodeAt(pos + 17) !== CH_COLON || line.charCodeAt(pos + 20) !== CH_SPACE) return -1;
    return sec;
  }

  /**
   * secondOf() for a line whose characters are also the ASCII bytes
   * `bytes[pos - offset…]`: the cached-minute test and the seconds read the
   * bytes, which costs a fraction of charCodeAt's per-character checks; a new
   * minute is still parsed from the line.
   */
  secondOfBytes(line: string, pos: number, bytes: Uint8Array, offset: number): number {
    if (pos + CLF_TIME_LENGTH > line.length) return -1;
    const at = pos + offset;
    if (bytes !== this.viewOf) this.useBytes(bytes);
    if (!this.sameMinuteBytes(this.view!, at)) {
      if (!this.parseMinute(line, pos)) return -1;
    }
    const tens = bytes[at + 18]! - CH_0;
    const ones = bytes[at + 19]! - CH_0;
    if (tens < 0 || tens > 6 || ones < 0 || ones > 9 || bytes[at + 17] !== CH_COLON || bytes[at + 20] !== CH_SPACE) return -1;
    const sec = tens * 10 + ones;
    return sec > 60 ? -1 : sec;
  }

  /** Readies secondOfBytes() for `bytes`, once per run of lines: docs/performance.md#keeping-optimized-code. */
  useBytes(bytes: Uint8Array): void {
    this.viewOf = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** sameMinute() four bytes at a time: seven reads instead of twenty-two. Hour and minute first. */
  private sameMinuteBytes(view: DataView, at: number): boolean {
    const words = this.keyWords;
    return (
      view.getInt32(at + 12, true) === words[3] && view.getUint8(at + 16) === this.key[16] &&
      view.getInt32(at, true) === words[0] && view.getInt32(at + 4, true) === words[1] && view.getInt32(at + 8, true) === words[2] &&
      view.getInt32(at + 21, true) === words[4] && view.getUint8(at + 25) === this.key[21]
    );
  }

  /**
   * Same date, hour, minute and zone as the cached minute; no strings built.
   * Minute and hour digits first: they are what changes between lines.
   */
  private sameMinute(line: string, pos: number): boolean {
    const key = this.key;
    if (
      line.charCodeAt(pos + 16) !== key[16] || line.charCodeAt(pos + 15) !== key[15] ||
      line.charCodeAt(pos + 13) !== key[13] || line.charCodeAt(pos + 12) !== key[12]
    ) {
      return false;
    }
    for (let i = 0; i < 12; i++) if (line.charCodeAt(pos + i) !== key[i]) return false;
    for (let i = 0; i < 5; i++) if (line.charCodeAt(pos + 21 + i) !== key[17 + i]) return false;
    return true;
  }

  private parseMinute(line: string, pos: number): boolean {
    const day = twoDigits(line, pos);
    const month = monthAt(line, pos + 3);
    const y1 = twoDigits(line, pos + 7);
    const y2 = twoDigits(line, pos + 9);
    const hour = twoDigits(line, pos + 12);
    const minute = twoDigits(line, pos + 15);
    if (
      day < 1 || day > 31 || month < 0 || y1 < 0 || y2 < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      line.charCodeAt(pos + 2) !== CH_SLASH || line.charCodeAt(pos + 6) !== CH_SLASH ||
      line.charCodeAt(pos + 11) !== CH_COLON || line.charCodeAt(pos + 14) !== CH_COLON
    ) {
      return false;
    }
    const offset = tzOffsetAt(line, pos + 21);
    if (Number.isNaN(offset)) return false;
    this.minuteEpochMs = Date.UTC(y1 * 100 + y2, month, day, hour, minute) - offset * 60_000;
    const key = this.key;
    for (let i = 0; i < 17; i++) key[i] = line.charCodeAt(pos + i);
    for (let i = 0; i < 5; i++) key[17 + i] = line.charCodeAt(pos + 21 + i);
    for (let w = 0; w < 4; w++) this.keyWords[w] = wordOf(key, w * 4);
    this.keyWords[4] = wordOf(key, 17);
    this.hasKey = true;
    return true;
  }
}

/**
 * ISO 8601 / RFC 3339 time as nginx `$time_iso8601` writes it (`2024-05-01T10:00:00+02:00`),
 * also accepting a space for the `T`, a fraction of any length (ALB's microseconds,
 * Cloudflare's nanoseconds), `Z` and `+hhmm`; without a zone the time is read as UTC. Returns
 * epoch ms, or ABSENT. `end` bounds the field. The one ISO time parser of every format.
 */
export function parseIsoTime(line: string, start: number, end: number): number {
  const result = parseIsoTimeWithZone(line, start, end);
  return result === undefined ? ABSENT : result.ms;
}

/** Like parseIsoTime, also giving the zone offset the text stated, in minutes (undefined when it stated none). */
export function parseIsoTimeWithZone(line: string, start: number, end: number): { ms: number; tz: number | undefined } | undefined {
  if (end - start < 19) return undefined;
  const y1 = twoDigits(line, start);
  const y2 = twoDigits(line, start + 2);
  const month = twoDigits(line, start + 5);
  const day = twoDigits(line, start + 8);
  const hour = twoDigits(line, start + 11);
  const minute = twoDigits(line, start + 14);
  const sec = twoDigits(line, start + 17);
  const t = line.charCodeAt(start + 10);
  if (
    y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
    minute < 0 || minute > 59 || sec < 0 || sec > 60 || (t !== 84 && t !== CH_SPACE) ||
    line.charCodeAt(start + 4) !== CH_MINUS || line.charCodeAt(start + 7) !== CH_MINUS ||
    line.charCodeAt(start + 13) !== CH_COLON || line.charCodeAt(start + 16) !== CH_COLON
  ) {
    return undefined;
  }
  let i = start + 19;
  let fractionMs = 0;
  if (i < end && line.charCodeAt(i) === CH_DOT) {
    i++;
    let scale = 100;
    while (i < end) {
      const d = digit(line, i);
      if (d < 0) break;
      fractionMs += d * scale;
      scale /= 10;
      i++;
    }
  }
  let tz: number | undefined;
  if (i < end) {
    const c = line.charCodeAt(i);
    if (c === 90 /* Z */) {
      tz = 0;
      i++;
    } else if (c === CH_PLUS || c === CH_MINUS) {
      const hh = twoDigits(line, i + 1);
      const colon = line.charCodeAt(i + 3) === CH_COLON ? 1 : 0;
      const mm = twoDigits(line, i + 3 + colon);
      if (hh < 0 || mm < 0) return undefined;
      tz = (hh * 60 + mm) * (c === CH_MINUS ? -1 : 1);
      i += 5 + colon;
    } else {
      return undefined;
    }
  }
  if (i !== end) return undefined;
  // Truncated to the millisecond, as a clock reads: rounding up could move a time into the next minute.
  const ms = Date.UTC(y1 * 100 + y2, month - 1, day, hour, minute, sec) + Math.floor(fractionMs) - (tz ?? 0) * 60_000;
  return { ms, tz };
}

/** Non-negative integer in [start, end), or ABSENT when the field is empty, `-` or not all digits. */
export function parseUint(line: string, start: number, end: number): number {
  if (end <= start) return ABSENT;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c < CH_0 || c > CH_9) return ABSENT;
    value = value * 10 + (c - CH_0);
  }
  return value;
}

/**
 * Decimal number in [start, end) scaled by `scale` (1000 turns nginx seconds
 * like `0.123` into ms), or ABSENT when it is `-`, empty or not a number.
 */
export function parseDecimal(line: string, start: number, end: number, scale: number): number {
  if (end <= start) return ABSENT;
  let whole = 0;
  let i = start;
  let digits = 0;
  for (; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c < CH_0 || c > CH_9) break;
    whole = whole * 10 + (c - CH_0);
    digits++;
  }
  let fraction = 0;
  let divisor = 1;
  if (i < end && line.charCodeAt(i) === CH_DOT) {
    i++;
    for (; i < end; i++) {
      const c = line.charCodeAt(i);
      if (c < CH_0 || c > CH_9) break;
      fraction = fraction * 10 + (c - CH_0);
      divisor *= 10;
      digits++;
    }
  }
  if (i !== end || digits === 0) return ABSENT;
  // Round away binary noise: 0.001 s must become exactly 1 ms.
  return Math.round((whole + fraction / divisor) * scale * 1000) / 1000;
}

/**
 * Index of the `"` closing a quoted field whose content starts at `from`.
 * With `backslashEscapes` (Apache, nginx escape=json), a quote preceded by an
 * odd run of backslashes is content. Each backslash run is looked at once, so
 * the cost stays linear in the line length. Returns -1 when unterminated.
 */
export function findClosingQuote(line: string, from: number, backslashEscapes: boolean): number {
  let q = line.indexOf('"', from);
  if (!backslashEscapes) return q;
  while (q >= 0) {
    let run = 0;
    for (let i = q - 1; i >= from && line.charCodeAt(i) === CH_BACKSLASH; i--) run++;
    if ((run & 1) === 0) return q;
    q = line.indexOf('"', q + 1);
  }
  return -1;
}

export type EscapeStyle = 'nginx' | 'apache' | 'json' | 'none';

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function hexValue(c: number): number {
  if (c >= CH_0 && c <= CH_9) return c - CH_0;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function pushUtf8(bytes: number[], text: string): void {
  for (const b of Buffer.from(text, 'utf8')) bytes.push(b);
}

/**
 * Undoes the escaping a server applied to a logged value. nginx (default) writes
 * `\xHH` upper-case; Apache writes `\xhh` lower-case plus `\"`, `\\` and C
 * escapes; nginx escape=json writes JSON escapes. The bytes are read as UTF-8,
 * falling back to Latin-1 when they are not valid UTF-8 (cp1251 referers, TLS
 * handshakes sent to a plain port).
 */
export function decodeEscapes(value: string, style: EscapeStyle): string {
  if (style === 'none' || value.indexOf('\\') < 0) return value;
  const bytes: number[] = [];
  let plainStart = 0;
  const flushPlain = (end: number): void => {
    for (let j = plainStart; j < end; j++) {
      const c = value.charCodeAt(j);
      if (c < 0x80) bytes.push(c);
      else {
        // Raw non-ASCII text (escape=json passes it through): keep it as UTF-8.
        let k = j + 1;
        while (k < end && value.charCodeAt(k) >= 0x80) k++;
        pushUtf8(bytes, value.slice(j, k));
        j = k - 1;
      }
    }
  };
  let i = 0;
  while (i < value.length) {
    if (value.charCodeAt(i) !== CH_BACKSLASH || i + 1 >= value.length) {
      i++;
      continue;
    }
    const next = value.charCodeAt(i + 1);
    let consumed = 0;
    let produced = -1;
    let unicode = '';
    if (next === 120 /* x */ && i + 3 < value.length + 0) {
      const hi = hexValue(value.charCodeAt(i + 2));
      const lo = hexValue(value.charCodeAt(i + 3));
      if (hi >= 0 && lo >= 0) {
        produced = hi * 16 + lo;
        consumed = 4;
      }
    } else if (style !== 'nginx') {
      switch (next) {
        case CH_QUOTE: produced = CH_QUOTE; consumed = 2; break;
        case CH_BACKSLASH: produced = CH_BACKSLASH; consumed = 2; break;
        case 110: produced = 10; consumed = 2; break; // \n
        case 114: produced = 13; consumed = 2; break; // \r
        case 116: produced = 9; consumed = 2; break; // \t
        case 98: produced = 8; consumed = 2; break; // \b
        case 102: produced = 12; consumed = 2; break; // \f
        case 118: produced = 11; consumed = 2; break; // \v
        case CH_SLASH: produced = CH_SLASH; consumed = 2; break;
        case 117: // \uXXXX (JSON)
          if (style === 'json' && i + 5 < value.length + 0) {
            const code = Number.parseInt(value.slice(i + 2, i + 6), 16);
            if (!Number.isNaN(code)) {
              unicode = String.fromCharCode(code);
              consumed = 6;
            }
          }
          break;
        default: break;
      }
    }
    if (consumed === 0) {
      i++;
      continue;
    }
    flushPlain(i);
    if (unicode.length > 0) pushUtf8(bytes, unicode);
    else bytes.push(produced);
    i += consumed;
    plainStart = i;
  }
  flushPlain(value.length);
  const buffer = Buffer.from(bytes);
  try {
    return utf8Strict.decode(buffer);
  } catch {
    return buffer.toString('latin1');
  }
}

/** The parts of a request line (`GET /a?b=1 HTTP/1.1`). */
export interface RequestParts {
  method?: string;
  path?: string;
  query?: string;
  protocol?: string;
}

/** RFC 9110 tchar, by ASCII code: letters, digits and !#$%&'*+-.^_`|~. */
const TOKEN_CHARS = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TOKEN_CHARS[c.charCodeAt(0)] = 1;

/**
 * Whether a method may hold the character; rejects the garbage 400s log in the
 * method position. A table, not comparisons: docs/performance.md#keeping-optimized-code.
 */
function isTokenChar(c: number): boolean {
  return c < 128 && TOKEN_CHARS[c] === 1;
}

/** Splits a target into path and query (without the `?`). */
export function splitTarget(target: string, into: RequestParts): void {
  const q = target.indexOf('?');
  if (q < 0) {
    into.path = target;
  } else {
    into.path = target.slice(0, q);
    into.query = target.slice(q + 1);
  }
}

/**
 * Splits a logged request line. Lines that are not `METHOD target [HTTP/x]`
 * (empty, `-`, TLS bytes, scanner junk) give no parts; the caller keeps the raw
 * text elsewhere.
 */
export function parseRequestLine(raw: string, style: EscapeStyle): RequestParts {
  const parts: RequestParts = {};
  if (raw.length === 0 || raw === '-') return parts;
  const firstSpace = raw.indexOf(' ');
  if (firstSpace <= 0) return parts;
  for (let i = 0; i < firstSpace; i++) if (!isTokenChar(raw.charCodeAt(i))) return parts;
  const lastSpace = raw.lastIndexOf(' ');
  let target: string;
  if (lastSpace > firstSpace && raw.startsWith('HTTP/', lastSpace + 1)) {
    parts.protocol = raw.slice(lastSpace + 1);
    target = raw.slice(firstSpace + 1, lastSpace);
  } else {
    target = raw.slice(firstSpace + 1);
  }
  parts.method = raw.slice(0, firstSpace);
  splitTarget(decodeEscapes(target, style), parts);
  return parts;
}

/** Where requestPathOfBytes() found a path: bytes[start, end), start -1 when there is none. */
export interface ByteRange {
  start: number;
  end: number;
}

const HTTP_SLASH = [72, 84, 84, 80, CH_SLASH];

/**
 * Where the path parseRequestLine gives for the request bytes[start, end) of
 * an ASCII line lies. Returns false when the target has a backslash escape,
 * which must be decoded before the query is cut off (requestPathAt() does
 * that); `out` then holds the whole target.
 */
export function requestPathOfBytes(bytes: Uint8Array, start: number, end: number, style: EscapeStyle, out: ByteRange): boolean {
  out.start = -1;
  // A '-' request ends up here too: '-' is a token character, and there is no space after it.
  if (end <= start) return true;
  let firstSpace = -1;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c === CH_SPACE) {
      firstSpace = i;
      break;
    }
    if (!isTokenChar(c)) return true;
  }
  if (firstSpace <= start) return true;
  let lastSpace = end - 1;
  while (lastSpace > firstSpace && bytes[lastSpace] !== CH_SPACE) lastSpace--;
  let targetEnd = end;
  if (lastSpace > firstSpace && lastSpace + 6 <= end) {
    let k = 0;
    while (k < 5 && bytes[lastSpace + 1 + k] === HTTP_SLASH[k]) k++;
    if (k === 5) targetEnd = lastSpace;
  }
  out.start = firstSpace + 1;
  out.end = targetEnd;
  for (let i = out.start; i < targetEnd; i++) {
    const c = bytes[i]!;
    if (c === CH_QUESTION) {
      out.end = i;
      return true;
    }
    if (c === CH_BACKSLASH && style !== 'none') return false;
  }
  return true;
}

/** A string request's code units for requestPathOfBytes(), with every code above 0x7f as 0x80. */
let requestCodes = new Uint8Array(256);
const pathRange: ByteRange = { start: -1, end: -1 };

/**
 * The path parseRequestLine gives for the request text[start, end), read in
 * place: an error line's tally needs its path alone, not the method, query and
 * protocol strings. Bounded by `end`, since `text` may hold further lines. The
 * request is read by requestPathOfBytes(), through a copy whose non-ASCII codes
 * are all 0x80: the rules look at ASCII characters only.
 */
export function requestPathAt(text: string, start: number, end: number, style: EscapeStyle): string | undefined {
  const length = Math.max(0, end - start);
  if (length > requestCodes.length) requestCodes = new Uint8Array(Math.max(length, requestCodes.length * 2));
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(start + i);
    requestCodes[i] = c < 0x80 ? c : 0x80;
  }
  const plain = requestPathOfBytes(requestCodes, 0, length, style, pathRange);
  if (pathRange.start < 0) return undefined;
  const target = text.slice(start + pathRange.start, start + pathRange.end);
  if (plain) return target;
  // An escape may decode to '?', so decode first and split after, as splitTarget does.
  const decoded = decodeEscapes(target, style);
  const query = decoded.indexOf('?');
  return query < 0 ? decoded : decoded.slice(0, query);
}

/** Who sent a request, as the first fields of a CLF-style line tell it. */
export interface ClientParts {
  client?: string;
  /** $remote_addr / %h when the line also names a forwarded-for client. */
  remoteAddr?: string;
  forwardedFor?: string;
  host?: string;
}

/** First entry of an X-Forwarded-For list, or undefined for `-` / empty. */
export function firstForwardedFor(list: string): string | undefined {
  const comma = list.indexOf(',');
  const first = (comma < 0 ? list : list.slice(0, comma)).trim();
  return first.length === 0 || first === '-' ? undefined : first;
}

/**
 * Reads the text before the ident/user fields. It is usually one address, but
 * real configs prepend `$host` or `host:port`, or log an X-Forwarded-For list
 * (quoted, or bare with `, ` separators) before or instead of $remote_addr.
 * The client is the first forwarded-for entry when there is one (the origin
 * behind the proxies), else the address.
 */
export function parseClientText(text: string): ClientParts {
  const items: { value: string; list: boolean; quoted: boolean }[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === CH_SPACE) i++;
    if (i >= n) break;
    if (text.charCodeAt(i) === CH_QUOTE) {
      const close = text.indexOf('"', i + 1);
      const end = close < 0 ? n : close;
      items.push({ value: text.slice(i + 1, end), list: true, quoted: true });
      i = end + 1;
      continue;
    }
    const start = i;
    // A token ending in ',' continues a bare list: `10.0.0.2, 10.0.0.1`.
    for (;;) {
      while (i < n && text.charCodeAt(i) !== CH_SPACE) i++;
      if (text.charCodeAt(i - 1) === 44 /* , */ && i < n) {
        i++;
        continue;
      }
      break;
    }
    const value = text.slice(start, i);
    items.push({ value, list: value.indexOf(',') >= 0, quoted: false });
  }
  const parts: ClientParts = {};
  if (items.length === 0) return parts;
  const last = items[items.length - 1]!;
  let rest = items.length - 1;
  if (last.list) {
    parts.forwardedFor = last.value;
  } else {
    parts.remoteAddr = last.value;
    if (rest > 0 && items[rest - 1]!.list) {
      parts.forwardedFor = items[rest - 1]!.value;
      rest--;
    }
  }
  if (rest > 0) parts.host = items[0]!.value;
  const origin = parts.forwardedFor === undefined ? undefined : firstForwardedFor(parts.forwardedFor);
  parts.client = origin ?? parts.remoteAddr;
  if (origin === undefined) parts.remoteAddr = undefined;
  if (parts.forwardedFor === '-' || parts.forwardedFor === '') parts.forwardedFor = undefined;
  if (parts.client === '-') parts.client = undefined;
  return parts;
}

/** A logged value meaning "nothing": `-` or empty. */
export function isNil(value: string | undefined): boolean {
  return value === undefined || value.length === 0 || value === '-';
}
