/**
 * Helpers shared by the JSON-line formats (Cloudflare, Caddy, nginx escape=json)
 * and the other cloud formats whose timestamps and URLs look alike (ALB): reading
 * numbers too large for a double, epoch values of unknown unit, ISO timestamps,
 * request targets; and JsonLineScanner / JsonLineReader, which read a JSON line's
 * values in place: docs/performance.md#json-lines.
 */


function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Where the value of the first `"key":` in a JSON line starts, past blanks; -1 when there is none.
 * An occurrence not followed by a colon is a string value that spells the key, and is passed over.
 */
function valueAfterKey(line: string, key: string): number {
  const needle = `"${key}"`;
  let found = line.indexOf(needle);
  while (found >= 0) {
    let at = found + needle.length;
    while (at < line.length && isJsonSpace(line.charCodeAt(at))) at++;
    if (line.charCodeAt(at) === 0x3a /* : */) {
      at++;
      while (at < line.length && isJsonSpace(line.charCodeAt(at))) at++;
      return at;
    }
    found = line.indexOf(needle, found + 1);
  }
  return -1;
}

/**
 * The digits of a JSON number (or numeric string) stored under `key`, read
 * from the raw line: JSON.parse would round integers above 2^53, and
 * Cloudflare's unixnano timestamps (~1.7e18) are such integers.
 */
export function rawDigitsAfterKey(line: string, key: string): string | undefined {
  let at = valueAfterKey(line, key);
  if (at < 0) return undefined;
  if (line.charCodeAt(at) === 0x22 /* " */) at++;
  const start = at;
  while (at < line.length) {
    const c = line.charCodeAt(at);
    if (c < 0x30 || c > 0x39) break;
    at++;
  }
  if (at === start) return undefined;
  // A fraction or exponent means this is not a plain integer: let the caller fall back.
  const next = line.charCodeAt(at);
  if (next === 0x2e || next === 0x65 || next === 0x45) return undefined;
  return line.slice(start, at);
}

/**
 * The exact digits of the integer JSON.parse read as `parsed` under `key`, or
 * undefined when the raw text does not agree with it (the key also occurs
 * nested, say), so that a wrong occurrence is never used.
 */
export function exactIntegerDigits(line: string, key: string, parsed: number): string | undefined {
  const digits = rawDigitsAfterKey(line, key);
  if (digits === undefined) return undefined;
  return Math.abs(Number(digits) - parsed) <= Math.abs(parsed) * 1e-12 ? digits : undefined;
}

/**
 * Epoch ms from an integer epoch of unknown unit, guessed from its length:
 * up to 11 digits seconds, 12-14 milliseconds, 15-17 microseconds, more
 * nanoseconds (dates between 1973 and 5138 are unambiguous this way).
 * Truncates to the millisecond, like the logs' own second-precision forms.
 */
export function epochDigitsToMs(digits: string): number {
  const n = digits.length;
  if (n <= 11) return Number(digits) * 1000;
  if (n <= 14) return Number(digits);
  if (n <= 17) return Number(digits.slice(0, n - 3));
  return Number(digits.slice(0, n - 6));
}

/** The same integer epoch in nanoseconds, exactly, for differences below a millisecond. */
export function epochDigitsToNs(digits: string): bigint {
  const n = digits.length;
  const value = BigInt(digits);
  if (n <= 11) return value * 1_000_000_000n;
  if (n <= 14) return value * 1_000_000n;
  if (n <= 17) return value * 1_000n;
  return value;
}

/** Epoch ms from a float epoch of unknown unit (Caddy `ts`), by magnitude. */
export function epochNumberToMs(value: number): number {
  const abs = Math.abs(value);
  if (abs < 1e11) return Math.round(value * 1000);
  if (abs < 1e14) return Math.round(value);
  if (abs < 1e17) return Math.floor(value / 1000);
  return Math.floor(value / 1e6);
}

export interface PathAndQuery {
  path: string;
  query?: string;
}

/** Splits a request target at the first '?'; the query loses its '?'. */
export function splitPathQuery(target: string): PathAndQuery {
  const q = target.indexOf('?');
  if (q < 0) return { path: target };
  return { path: target.slice(0, q), query: target.slice(q + 1) };
}

/**
 * Host without its port: `example.com:8443` -> `example.com`, `[::1]:80` -> `::1`.
 * A bare IPv6 address (several colons, no brackets) is left whole.
 */
export function hostWithoutPort(hostPort: string): string {
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    return end > 0 ? hostPort.slice(1, end) : hostPort;
  }
  const colon = hostPort.indexOf(':');
  if (colon < 0 || hostPort.indexOf(':', colon + 1) >= 0) return hostPort;
  return hostPort.slice(0, colon);
}

/**
 * Address and port of `addr:port` split at the last colon, which is how ALB
 * writes IPv6 peers (unbracketed: `2601:6bbc::1:50599`).
 */
export function splitAddressPort(value: string): { address: string; port?: string } {
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end > 0) {
      const rest = value.slice(end + 1);
      return rest.startsWith(':') ? { address: value.slice(1, end), port: rest.slice(1) } : { address: value.slice(1, end) };
    }
  }
  const colon = value.lastIndexOf(':');
  if (colon <= 0) return { address: value };
  const port = value.slice(colon + 1);
  if (!/^\d{1,5}$/.test(port)) return { address: value };
  return { address: value.slice(0, colon), port };
}

/** First value of a header in a `{Name: [values]}` map, matching the name without regard to case. */
export function firstHeaderValue(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const map = headers as Record<string, unknown>;
  let values = map[name];
  if (values === undefined) {
    const wanted = name.toLowerCase();
    for (const key of Object.keys(map)) {
      if (key.toLowerCase() === wanted) {
        values = map[key];
        break;
      }
    }
  }
  if (Array.isArray(values)) return typeof values[0] === 'string' ? values[0] : undefined;
  return typeof values === 'string' ? values : undefined;
}

/** A JSON value as an extra-field string, or undefined for empty/absent/structured values. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Parses one line as a JSON object; undefined when it is not one. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Not JSON: the caller reports it as malformed.
  }
  return undefined;
}

/**
 * Whether the number under `key` is written as plain digits (`502`, not `5.02e2`, `502.0` or
 * `+502`): JSON.parse reads all of those as 502, and a status is an integer written as digits. It
 * looks at the key's first occurrence; where the text there is not a number at all (a string, or
 * the key only occurs in a form it cannot read), it says yes and leaves the judgement to the value.
 */
export function writtenAsDigits(line: string, key: string): boolean {
  const start = valueAfterKey(line, key);
  if (start < 0) return true;
  let at = start;
  while (at < line.length && /[-+0-9.eE]/.test(line[at]!)) at++;
  const token = line.slice(start, at);
  return token === '' || /^[0-9]+$/.test(token);
}

/** What a key's value was, as the scanner found it. */
export const enum JsonKind {
  Absent = 0,
  String = 1,
  Number = 2,
  True = 3,
  False = 4,
  Null = 5,
  Object = 6,
  Array = 7,
}

const CH_QUOTE = 0x22;
const CH_BACKSLASH = 0x5c;
const CH_LBRACE = 0x7b;
const CH_RBRACE = 0x7d;
const CH_LBRACKET = 0x5b;
const CH_RBRACKET = 0x5d;
const CH_COMMA = 0x2c;
const CH_COLON = 0x3a;
const CH_MINUS = 0x2d;
const CH_0 = 0x30;
const CH_9 = 0x39;

/** 1 for the four characters JSON allows between tokens. */
const JSON_SPACE = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) JSON_SPACE[c] = 1;
/** 1 where a string's plain run stops: the closing quote, a backslash, a control character. */
const STRING_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[CH_QUOTE] = 1;
STRING_STOP[CH_BACKSLASH] = 1;
/** 1 for the characters JSON allows after a backslash, other than `u`. */
const SHORT_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SHORT_ESCAPE[c.charCodeAt(0)] = 1;
/** 1 for hexadecimal digits. */
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

/** How many places of an object, and how long a name, JsonKeyTable remembers. */
const MAX_PLACES = 128;
const NAME_ROOM = 48;

/** Containers deeper than this are left to JSON.parse. */
const MAX_DEPTH = 256;

/**
 * A hash of a key from its length and three of its characters, read once its end is known: no
 * work per character, and the names of a format's keys rarely share all four.
 */
function keyHash(codes: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n === 0) return 0;
  return (n * 0x9e3 + codes[start]! * 0x3b + codes[end - 1]! * 0x61 + codes[start + (n >> 1)]! * 7) ^ (n >> 2);
}

/**
 * The keys a format reads, by name, and which of them hold an object the scanner reads the keys
 * of too (Caddy's `request`). A key `a.b` is the key `b` of the object under `a`.
 */
class JsonKeyTable {
  readonly size: number;
  private readonly mask: number;
  /** Slot of each hash bucket, -1 when empty; collisions probe the next bucket. */
  private readonly buckets: Int16Array;
  private readonly names: Uint8Array;
  private readonly nameStart: Int32Array;
  private readonly nameEnd: Int32Array;

  constructor(readonly keys: readonly string[]) {
    this.size = keys.length;
    let buckets = 16;
    while (buckets < keys.length * 4) buckets *= 2;
    this.mask = buckets - 1;
    this.buckets = new Int16Array(buckets).fill(-1);
    const bytes = Buffer.from(keys.join(''), 'latin1');
    this.names = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    this.nameStart = new Int32Array(keys.length);
    this.nameEnd = new Int32Array(keys.length);
    let at = 0;
    keys.forEach((key, slot) => {
      this.nameStart[slot] = at;
      at += key.length;
      this.nameEnd[slot] = at;
      const codes = Buffer.from(key, 'latin1');
      let bucket = keyHash(codes, 0, codes.length) & this.mask;
      while (this.buckets[bucket] !== -1) bucket = (bucket + 1) & this.mask;
      this.buckets[bucket] = slot;
    });
  }

  /**
   * The keys of the line before, by their place in the object: log lines repeat one shape, so
   * the key at a place is nearly always the one the line before had there, and comparing it with
   * that name costs less than finding its end and then its slot. Names up to NAME_ROOM bytes.
   */
  private readonly placeSlot = new Int16Array(MAX_PLACES);
  private readonly placeLength = new Int16Array(MAX_PLACES).fill(-1);
  private readonly placeNames = new Uint8Array(MAX_PLACES * NAME_ROOM);
  private readonly placeView = new DataView(this.placeNames.buffer);

  /**
   * Where the key starting at `start` ends (its closing quote) when it is the name the line
   * before had at `place`; -1 when it is not (or there was none). slotAt(place) is its slot.
   */
  expected(place: number, codes: Uint8Array, view: DataView, start: number, to: number): number {
    if (place >= MAX_PLACES) return -1;
    const n = this.placeLength[place]!;
    const end = start + n;
    if (n < 0 || end >= to || codes[end] !== 0x22) return -1;
    const from = place * NAME_ROOM;
    let k = 0;
    for (; k + 4 <= n; k += 4) if (view.getInt32(start + k, true) !== this.placeView.getInt32(from + k, true)) return -1;
    for (; k < n; k++) if (codes[start + k] !== this.placeNames[from + k]) return -1;
    return end;
  }

  slotAt(place: number): number {
    return this.placeSlot[place]!;
  }

  /** Notes the key codes[start, end), whose slot is `slot`, as the name at `place`. */
  remember(place: number, codes: Uint8Array, start: number, end: number, slot: number): void {
    if (place >= MAX_PLACES) return;
    const n = end - start;
    if (n > NAME_ROOM) {
      this.placeLength[place] = -1;
      return;
    }
    this.placeNames.set(codes.subarray(start, end), place * NAME_ROOM);
    this.placeLength[place] = n;
    this.placeSlot[place] = slot;
  }

  /** The slot of the key codes[start, end), or -1. */
  find(codes: Uint8Array, start: number, end: number): number {
    let bucket = keyHash(codes, start, end) & this.mask;
    for (;;) {
      const slot = this.buckets[bucket]!;
      if (slot < 0) return -1;
      const from = this.nameStart[slot]!;
      if (this.nameEnd[slot]! - from === end - start) {
        let i = 0;
        while (start + i < end && codes[start + i] === this.names[from + i]) i++;
        if (start + i === end) return slot;
      }
      bucket = (bucket + 1) & this.mask;
    }
  }
}

/**
 * Finds the values of named keys in one JSON-object line without JSON.parse and without building
 * a string: the scan validates the whole line as JSON and notes where each wanted key's value
 * lies. It answers only when it is sure the line reads as JSON.parse would read it; otherwise
 * scan() returns false and the caller parses the line. It is not sure, and says so, when:
 *
 * - the line is not one JSON object (truncated, trailing text, invalid anywhere);
 * - a key has a backslash escape (it might spell a wanted key);
 * - a wanted key occurs twice (JSON.parse keeps the last one);
 * - a wanted top-level key's name occurs as a key inside a nested object, where a reader that
 *   looks for the key's first occurrence in the text (writtenAsDigits, rawDigitsAfterKey) would
 *   find it instead;
 * - containers nest deeper than MAX_DEPTH.
 *
 * It reads code units from a Uint8Array: the line's bytes when the text is ASCII, or a copy of
 * its code units in which every unit above 0x7f is 0x80, since JSON's syntax outside strings is
 * ASCII. Positions are indexes into that array. Non-ASCII text inside strings is valid JSON, and
 * outside strings 0x80 is, as the real character would be, invalid.
 */
export class JsonLineScanner {
  /** Kind of each wanted key's value in the line last scanned; Absent when it had none. */
  readonly kind: Uint8Array;
  /** Where each value starts: after the opening quote for a string. */
  readonly start: Int32Array;
  /** Where each value ends: at the closing quote for a string. */
  readonly end: Int32Array;
  /** 1 when a string value holds a backslash escape, which must be decoded before use. */
  readonly escaped: Uint8Array;
  private readonly top: JsonKeyTable;
  /** For each top-level slot whose object is read too, the table of its keys; else undefined. */
  private readonly children: (JsonKeyTable | undefined)[];
  /** For each top-level slot read into, the first slot of its keys. */
  private readonly childBase: Int32Array;
  private readonly stack = new Uint8Array(MAX_DEPTH);
  /** The codes last scanned, and a view of them to read four at a time. */
  private viewOf: Uint8Array | undefined;
  private view: DataView = new DataView(new ArrayBuffer(0));
  /** Set by scanString(): whether the string held an escape. */
  private stringEscaped = false;

  /** `keys` are top-level names, or `parent.name` for a key of the object under a top-level key. */
  constructor(readonly keys: readonly string[]) {
    const top = keys.filter((key) => !key.includes('.'));
    this.top = new JsonKeyTable(top);
    this.children = top.map(() => undefined);
    this.childBase = new Int32Array(top.length);
    let base = top.length;
    for (let slot = 0; slot < top.length; slot++) {
      const prefix = `${top[slot]}.`;
      const names = keys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
      if (names.length === 0) continue;
      this.children[slot] = new JsonKeyTable(names);
      this.childBase[slot] = base;
      base += names.length;
    }
    const ordered = [...top];
    for (let slot = 0; slot < top.length; slot++) {
      const child = this.children[slot];
      if (child !== undefined) for (const name of child.keys) ordered.push(`${top[slot]}.${name}`);
    }
    if (ordered.some((key, i) => key !== keys[i])) throw new Error('JsonLineScanner: list nested keys after all top-level keys, grouped by parent');
    this.kind = new Uint8Array(base);
    this.start = new Int32Array(base);
    this.end = new Int32Array(base);
    this.escaped = new Uint8Array(base);
  }

  /** The slot of a key given to the constructor. */
  slot(key: string): number {
    const slot = this.keys.indexOf(key);
    if (slot < 0) throw new Error(`JsonLineScanner: no key ${key}`);
    return slot;
  }

  /**
   * Scans codes[from, to) as one JSON object, with JSON blanks around it. Returns true when the
   * line is valid JSON and the values found are the ones JSON.parse would give; false when the
   * line is not valid JSON or the scan cannot be sure (see the class comment).
   */
  scan(codes: Uint8Array, from: number, to: number): boolean {
    if (codes !== this.viewOf) this.useCodes(codes);
    this.kind.fill(JsonKind.Absent);
    let i = this.skipSpace(codes, from, to);
    if (i >= to || codes[i] !== CH_LBRACE) return false;
    i = this.scanMembers(codes, i, to, this.top, 0, true);
    if (i < 0) return false;
    return this.skipSpace(codes, i, to) === to;
  }

  /** Readies the word reads for a new array of codes: once per run of lines, docs/performance.md#keeping-optimized-code. */
  useCodes(codes: Uint8Array): void {
    this.viewOf = codes;
    this.view = new DataView(codes.buffer, codes.byteOffset, codes.byteLength);
  }

  private skipSpace(codes: Uint8Array, i: number, to: number): number {
    while (i < to && JSON_SPACE[codes[i]!] === 1) i++;
    return i;
  }

  /**
   * The members of the object whose `{` is at `i`, recording the keys of `table` from slot
   * `base`. Returns the index after its `}`, or -1.
   */
  private scanMembers(codes: Uint8Array, i: number, to: number, table: JsonKeyTable, base: number, isTop: boolean): number {
    i = this.skipSpace(codes, i + 1, to);
    if (i < to && codes[i] === CH_RBRACE) return i + 1;
    for (let place = 0; ; place++) {
      if (i >= to || codes[i] !== CH_QUOTE) return -1;
      const keyStart = i + 1;
      let keyEnd = table.expected(place, codes, this.view, keyStart, to);
      let found: number;
      if (keyEnd >= 0) {
        found = table.slotAt(place);
      } else {
        keyEnd = this.scanKey(codes, keyStart, to);
        if (keyEnd < 0) return -1;
        found = table.find(codes, keyStart, keyEnd);
        // In an object read into, a top-level name is as ambiguous as in any nested object.
        if (!isTop && this.top.find(codes, keyStart, keyEnd) >= 0) return -1;
        table.remember(place, codes, keyStart, keyEnd, found);
      }
      i = this.skipSpace(codes, keyEnd + 1, to);
      if (i >= to || codes[i] !== CH_COLON) return -1;
      i = this.skipSpace(codes, i + 1, to);
      if (i >= to) return -1;
      const slot = found < 0 ? -1 : base + found;
      if (slot >= 0 && this.kind[slot] !== JsonKind.Absent) return -1;
      const c = codes[i]!;
      const valueStart = i;
      let kind: number;
      if (c === CH_QUOTE) {
        const close = this.scanString(codes, i + 1, to);
        if (close < 0) return -1;
        kind = JsonKind.String;
        if (slot >= 0) {
          this.start[slot] = i + 1;
          this.end[slot] = close;
          this.escaped[slot] = this.stringEscaped ? 1 : 0;
        }
        i = close + 1;
      } else {
        if (c === CH_LBRACE) {
          const child = isTop && found >= 0 ? this.children[found] : undefined;
          i = child !== undefined ? this.scanMembers(codes, i, to, child, this.childBase[found]!, false) : this.skipContainer(codes, i, to);
          kind = JsonKind.Object;
        } else if (c === CH_LBRACKET) {
          i = this.skipContainer(codes, i, to);
          kind = JsonKind.Array;
        } else if (c === CH_MINUS || (c >= CH_0 && c <= CH_9)) {
          i = scanNumber(codes, i, to);
          kind = JsonKind.Number;
        } else {
          kind = literalAt(codes, i, to);
          i = kind === JsonKind.Absent ? -1 : i + (kind === JsonKind.False ? 5 : 4);
        }
        if (i < 0) return -1;
        if (slot >= 0) {
          this.start[slot] = valueStart;
          this.end[slot] = i;
          this.escaped[slot] = 0;
        }
      }
      if (slot >= 0) this.kind[slot] = kind;
      i = this.skipSpace(codes, i, to);
      if (i >= to) return -1;
      const next = codes[i]!;
      if (next === CH_RBRACE) return i + 1;
      if (next !== CH_COMMA) return -1;
      i = this.skipSpace(codes, i + 1, to);
    }
  }

  /** A key starting after its quote: index of the closing quote, -1 for an escape, a control character or no end. */
  private scanKey(codes: Uint8Array, i: number, to: number): number {
    while (STRING_STOP[codes[i]!] === 0) i++;
    return i < to && codes[i] === CH_QUOTE ? i : -1;
  }

  /** A string starting after its quote: index of the closing quote, or -1 when invalid or unterminated. Sets stringEscaped. */
  private scanString(codes: Uint8Array, i: number, to: number): number {
    let escaped = false;
    const view = this.view;
    for (;;) {
      // Four bytes at a time while none of them is a quote, a backslash or a control character.
      while (i + 4 <= to) {
        const w = view.getInt32(i, true);
        const quote = w ^ 0x22222222;
        const backslash = w ^ 0x5c5c5c5c;
        if ((((w - 0x20202020) & ~w) | ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash)) & 0x80808080) break;
        i += 4;
      }
      // No bound in the loop: the byte at `to` ends the line ('\n' or '\r', or past the array's
      // end), which stops it; should it run on into the next line, the test after it says no.
      while (STRING_STOP[codes[i]!] === 0) i++;
      if (i >= to) return -1;
      const c = codes[i]!;
      if (c === CH_QUOTE) break;
      if (c !== CH_BACKSLASH) return -1;
      escaped = true;
      const e = codes[i + 1]!;
      if (i + 1 < to && SHORT_ESCAPE[e] === 1) i += 2;
      else if (e === 0x75 /* u */ && i + 5 < to && HEX[codes[i + 2]!]! & HEX[codes[i + 3]!]! & HEX[codes[i + 4]!]! & HEX[codes[i + 5]!]!) i += 6;
      else return -1;
    }
    this.stringEscaped = escaped;
    return i;
  }

  /**
   * Validates the array or object whose bracket is at `i` and returns the index after its end,
   * or -1. Iterative, with a stack of open containers, so deep nesting costs no call depth.
   * Object keys are checked against the top-level names (see the class comment).
   */
  private skipContainer(codes: Uint8Array, i: number, to: number): number {
    const stack = this.stack;
    let depth = 0;
    open: for (;;) {
      // codes[i] opens a container.
      if (depth >= MAX_DEPTH) return -1;
      stack[depth++] = codes[i]!;
      i = this.skipSpace(codes, i + 1, to);
      if (i >= to) return -1;
      let wantElement = codes[i] !== closerOf(stack[depth - 1]!);
      if (!wantElement) {
        i++;
        if (--depth === 0) return i;
      }
      for (;;) {
        if (wantElement) {
          if (stack[depth - 1] === CH_LBRACE) {
            if (codes[i] !== CH_QUOTE) return -1;
            const keyEnd = this.scanString(codes, i + 1, to);
            if (keyEnd < 0) return -1;
            if (!this.stringEscaped && this.top.find(codes, i + 1, keyEnd) >= 0) return -1;
            i = this.skipSpace(codes, keyEnd + 1, to);
            if (i >= to || codes[i] !== CH_COLON) return -1;
            i = this.skipSpace(codes, i + 1, to);
            if (i >= to) return -1;
          }
          const c = codes[i]!;
          if (c === CH_LBRACE || c === CH_LBRACKET) continue open;
          if (c === CH_QUOTE) {
            const close = this.scanString(codes, i + 1, to);
            if (close < 0) return -1;
            i = close + 1;
          } else if (c === CH_MINUS || (c >= CH_0 && c <= CH_9)) {
            i = scanNumber(codes, i, to);
            if (i < 0) return -1;
          } else {
            const kind = literalAt(codes, i, to);
            if (kind === JsonKind.Absent) return -1;
            i += kind === JsonKind.False ? 5 : 4;
          }
        }
        // After a value: a comma and the next element, or the end of the container.
        i = this.skipSpace(codes, i, to);
        if (i >= to) return -1;
        const c = codes[i]!;
        if (c === CH_COMMA) {
          i = this.skipSpace(codes, i + 1, to);
          if (i >= to) return -1;
          wantElement = true;
          continue;
        }
        if (c !== closerOf(stack[depth - 1]!)) return -1;
        i++;
        if (--depth === 0) return i;
        wantElement = false;
      }
    }
  }
}

function closerOf(bracket: number): number {
  return bracket === CH_LBRACE ? CH_RBRACE : CH_RBRACKET;
}

/** `true`, `false` or `null` at `i`, or Absent. */
function literalAt(codes: Uint8Array, i: number, to: number): number {
  const c = codes[i];
  if (c === 0x74 /* t */) return i + 4 <= to && codes[i + 1] === 0x72 && codes[i + 2] === 0x75 && codes[i + 3] === 0x65 ? JsonKind.True : JsonKind.Absent;
  if (c === 0x66 /* f */) {
    return i + 5 <= to && codes[i + 1] === 0x61 && codes[i + 2] === 0x6c && codes[i + 3] === 0x73 && codes[i + 4] === 0x65 ? JsonKind.False : JsonKind.Absent;
  }
  if (c === 0x6e /* n */) return i + 4 <= to && codes[i + 1] === 0x75 && codes[i + 2] === 0x6c && codes[i + 3] === 0x6c ? JsonKind.Null : JsonKind.Absent;
  return JsonKind.Absent;
}

function digitsFrom(codes: Uint8Array, i: number, to: number): number {
  while (i < to && codes[i]! >= CH_0 && codes[i]! <= CH_9) i++;
  return i;
}

/** A JSON number at `i` (`-`? int frac? exp?): the index after it, or -1. */
function scanNumber(codes: Uint8Array, i: number, to: number): number {
  if (codes[i] === CH_MINUS) i++;
  if (i >= to) return -1;
  const first = codes[i]!;
  if (first === CH_0) i++;
  else if (first > CH_0 && first <= CH_9) i = digitsFrom(codes, i + 1, to);
  else return -1;
  if (i < to && codes[i] === 0x2e /* . */) {
    const from = i + 1;
    i = digitsFrom(codes, from, to);
    if (i === from) return -1;
  }
  if (i < to && (codes[i] === 0x65 || codes[i] === 0x45) /* e E */) {
    i++;
    if (i < to && (codes[i] === 0x2b || codes[i] === CH_MINUS)) i++;
    const from = i;
    i = digitsFrom(codes, from, to);
    if (i === from) return -1;
  }
  return i;
}

/** Powers of ten a double holds exactly. */
const EXACT_POWERS = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A JsonLineScanner over one line of text, with readers for the values it found that give what
 * the same value read from JSON.parse's object would give, building a string only where a value
 * must be one (an escape to decode, a field of the record).
 */
export class JsonLineReader {
  readonly scanner: JsonLineScanner;
  /** The text the positions refer to, and the codes they index: text[i] is codes[i + shift]. */
  text = '';
  codes: Uint8Array = new Uint8Array(0);
  shift = 0;
  /** The line's range in `text`. */
  lineStart = 0;
  lineEnd = 0;
  /** The copy of a line's code units when no bytes are given; one memory, seen as a Buffer to write into and as a plain array to read. */
  private scratchBuffer = Buffer.allocUnsafe(256);
  private scratch = new Uint8Array(this.scratchBuffer.buffer, this.scratchBuffer.byteOffset, 256);

  constructor(keys: readonly string[]) {
    this.scanner = new JsonLineScanner(keys);
  }

  /**
   * Scans text[start, end), reading `bytes` (from byteOffset) when the text is ASCII and given
   * as bytes, else a copy of its code units. True when the scanner is sure of the line.
   */
  read(text: string, start: number, end: number, bytes: Uint8Array | undefined, byteOffset: number): boolean {
    this.text = text;
    this.lineStart = start;
    this.lineEnd = end;
    if (bytes !== undefined) {
      this.codes = bytes;
      this.shift = byteOffset;
      return this.scanner.scan(bytes, start + byteOffset, end + byteOffset);
    }
    const length = end - start;
    // Room for the whole UTF-8 of the line, so that the count written is its UTF-8 length.
    if (length * 3 > this.scratch.length) this.growScratch(length);
    const scratch = this.scratch;
    // An ASCII line (most lines of a run that is not ASCII) is copied by the native encoder, which
    // writes one byte per character exactly when every character is ASCII.
    if (this.scratchBuffer.write(start === 0 && end === text.length ? text : text.slice(start, end), 0, 'utf8') !== length) {
      for (let i = 0; i < length; i++) {
        const c = text.charCodeAt(start + i);
        scratch[i] = c < 0x80 ? c : 0x80;
      }
    }
    this.codes = scratch;
    this.shift = -start;
    return this.scanner.scan(scratch, 0, length);
  }

  private growScratch(length: number): void {
    // Room for the UTF-8 of the longest line: up to 3 bytes per code unit.
    const size = Math.max(length * 3, this.scratch.length * 2);
    this.scratchBuffer = Buffer.allocUnsafe(size);
    this.scratch = new Uint8Array(this.scratchBuffer.buffer, this.scratchBuffer.byteOffset, size);
  }

  kind(slot: number): number {
    return this.scanner.kind[slot]!;
  }

  /** Start of the value in `text` (after the quote for a string). */
  valueStart(slot: number): number {
    return this.scanner.start[slot]! - this.shift;
  }

  valueEnd(slot: number): number {
    return this.scanner.end[slot]! - this.shift;
  }

  /** Whether a string value holds an escape. */
  isEscaped(slot: number): boolean {
    return this.scanner.escaped[slot] === 1;
  }

  /** The line's own text, as the fallback parses it. */
  line(): string {
    return this.text.slice(this.lineStart, this.lineEnd);
  }

  /**
   * The value of a number, or of an unescaped string, that is nothing but 1-15 decimal digits;
   * -1 for anything else (a sign, a fraction, an exponent, more digits, an empty string).
   */
  digitsValue(slot: number): number {
    const codes = this.codes;
    const start = this.scanner.start[slot]!;
    const end = this.scanner.end[slot]!;
    if (end <= start || end - start > 15 || this.scanner.escaped[slot] === 1) return -1;
    let value = 0;
    for (let i = start; i < end; i++) {
      const d = codes[i]! - CH_0;
      if (d < 0 || d > 9) return -1;
      value = value * 10 + d;
    }
    return value;
  }

  /** Number of characters of a value that is only digits (see digitsValue), or -1. */
  digitCount(slot: number): number {
    const codes = this.codes;
    const start = this.scanner.start[slot]!;
    const end = this.scanner.end[slot]!;
    if (end <= start || this.scanner.escaped[slot] === 1) return -1;
    for (let i = start; i < end; i++) {
      const d = codes[i]! - CH_0;
      if (d < 0 || d > 9) return -1;
    }
    return end - start;
  }

  /** The value of digits [start, start + count) of a value, count at most 15. */
  digitsIn(slot: number, from: number, count: number): number {
    const codes = this.codes;
    const at = this.scanner.start[slot]! + from;
    let value = 0;
    for (let i = 0; i < count; i++) value = value * 10 + (codes[at + i]! - CH_0);
    return value;
  }

  /** epochDigitsToMs() of a value that is `n` digits (see digitCount), n at most 20. */
  epochDigitsMs(slot: number, n: number): number {
    if (n <= 11) return this.digitsIn(slot, 0, n) * 1000;
    if (n <= 14) return this.digitsIn(slot, 0, n);
    return this.digitsIn(slot, 0, n <= 17 ? n - 3 : n - 6);
  }

  /**
   * The double JSON.parse reads for a number value. A token of at most 15 digits is an exact
   * integer divided by an exact power of ten, which IEEE division rounds as the parser rounds
   * the decimal; other tokens go through Number(), which reads JSON numbers as JSON.parse does.
   */
  numberValue(slot: number): number {
    const codes = this.codes;
    let i = this.scanner.start[slot]!;
    const end = this.scanner.end[slot]!;
    const negative = codes[i] === CH_MINUS;
    if (negative) i++;
    let mantissa = 0;
    let digits = 0;
    let scale = -1;
    for (; i < end; i++) {
      const c = codes[i]!;
      if (c >= CH_0 && c <= CH_9) {
        mantissa = mantissa * 10 + (c - CH_0);
        digits++;
        if (scale >= 0) scale++;
      } else if (c === 0x2e && scale < 0) {
        scale = 0;
      } else {
        break;
      }
    }
    if (i !== end || digits > 15) return Number(this.text.slice(this.valueStart(slot), this.valueEnd(slot)));
    const value = scale > 0 ? mantissa / EXACT_POWERS[scale]! : mantissa;
    return negative ? -value : value;
  }

  /** The string of a string value, decoded. */
  stringValue(slot: number): string {
    const start = this.valueStart(slot);
    const end = this.valueEnd(slot);
    if (this.scanner.escaped[slot] === 1) return JSON.parse(this.text.slice(start - 1, end + 1)) as string;
    return this.text.slice(start, end);
  }

  /** The value as JSON.parse gives it, for the rarer shapes a reader does not take in place. */
  value(slot: number): unknown {
    const kind = this.scanner.kind[slot]!;
    if (kind === JsonKind.Absent) return undefined;
    if (kind === JsonKind.String) return this.stringValue(slot);
    return JSON.parse(this.text.slice(this.valueStart(slot), this.valueEnd(slot)));
  }

  /**
   * scalarText() of the value: a string unless empty, a number or boolean as String() writes
   * it, else undefined.
   */
  scalarText(slot: number): string | undefined {
    const kind = this.scanner.kind[slot]!;
    if (kind === JsonKind.String) return this.valueEnd(slot) === this.valueStart(slot) ? undefined : this.stringValue(slot);
    if (kind === JsonKind.Number) return String(this.numberValue(slot));
    if (kind === JsonKind.True) return 'true';
    if (kind === JsonKind.False) return 'false';
    return undefined;
  }
}
