/**
 * The shape of a request path: the query dropped and identifiers collapsed, so
 * that /users/123 and /users/456 count as one path, /users/:id.
 *
 * A '/'-separated segment that contains a digit becomes, by the first rule
 * that matches:
 * - ':id' for a number: digits, or digit groups joined by single - _ or .
 *   (1234, 2024-01-15, 1.2.3);
 * - ':uuid' for a UUID (hex 8-4-4-4-12, either case);
 * - ':hash' for a run of 12 or more hex digits;
 * - ':id' for a short word glued to a long number: 1-16 letters, an optional
 *   - or _, then 4 or more digits (ORD-20231, user_48213, inv2024001);
 * - ':id' for an opaque token: 16 or more of A-Z a-z 0-9 _ - with a letter, and a run of
 *   8 or more letters and digits (between - or _) that mixes both, as random tokens do:
 *   a readable slug (how-to-fix-error-502-bad-gateway) has words and numbers apart;
 * - otherwise, if a '.' follows its first character, a file name: every
 *   dot-separated part but the last (the extension) is shaped by the rules
 *   above (app.3f9a8c1e2b7d.js -> app.:hash.js, 1234.json -> :id.json).
 * Segments without a digit, and those no rule matches, are kept.
 */

import type { KeyHash } from './key-hash.js';

/**
 * A path's characters as bytes: those of an ASCII line read in place, or a
 * string's code units copied out, with every code above 0x7f as 0x80 (all of
 * them are OTHER to the rules). One kind of array: docs/performance.md#keeping-optimized-code.
 */
type Codes = Uint8Array;

const MAX_PATH_LENGTH = 300;

// Character codes of its own, so the bundler inlines them: docs/performance.md#inlined-constants.
const CH_0 = 48;
const CH_9 = 57;
const CH_MINUS = 45;
const CH_DOT = 46;
const CH_SLASH = 47;
const CH_UNDERSCORE = 95;
const CH_LOWER_A = 97;
const CH_LOWER_F = 102;
const CH_LOWER_Z = 122;
const LOWER_CASE_BIT = 0x20;

// Character classes, one bit each, so that OR-ing the classes of a segment's
// characters tells which rules its character set allows.
const DIGIT = 1;
const HEX_LETTER = 2;
const OTHER_LETTER = 4;
const JOINER = 8;
const DOT = 16;
const OTHER = 32;
const SLASH = 64;
/** Set with JOINER and DOT, so that two separators in a row show in previous & current. */
const SEPARATOR = 128;

const LETTERS = HEX_LETTER | OTHER_LETTER;
const HEX_CHARS = DIGIT | HEX_LETTER;
const NUMBER_CHARS = DIGIT | JOINER | DOT | SEPARATOR;
const UUID_CHARS = HEX_CHARS | JOINER | SEPARATOR;
const TOKEN_CHARS = DIGIT | LETTERS | JOINER | SEPARATOR;

/** Classes of ASCII codes; any other code is OTHER, since only ASCII letters and digits make identifiers. */
const ASCII_CLASS = new Uint8Array(128).fill(OTHER);
for (let c = CH_0; c <= CH_9; c++) ASCII_CLASS[c] = DIGIT;
for (let c = CH_LOWER_A; c <= CH_LOWER_Z; c++) {
  const letter = c <= CH_LOWER_F ? HEX_LETTER : OTHER_LETTER;
  ASCII_CLASS[c] = letter;
  ASCII_CLASS[c ^ LOWER_CASE_BIT] = letter;
}
ASCII_CLASS[CH_MINUS] = JOINER | SEPARATOR;
ASCII_CLASS[CH_UNDERSCORE] = JOINER | SEPARATOR;
ASCII_CLASS[CH_DOT] = DOT | SEPARATOR;
ASCII_CLASS[CH_SLASH] = SLASH;

function classOf(code: number): number {
  return code < 128 ? ASCII_CLASS[code]! : OTHER;
}

const KEEP = 0;
const ID = 1;
const UUID = 2;
const HASH = 3;
const FILE_NAME = 4;
/** Indexed by ID, UUID and HASH. */
const REPLACEMENT: readonly string[] = ['', ':id', ':uuid', ':hash'];

/** Hex 8-4-4-4-12 in codes[from, from + 36). */
function isUuid(codes: Codes, from: number): boolean {
  for (let k = 0; k < 36; k++) {
    const dashWanted = k === 8 || k === 13 || k === 18 || k === 23;
    const code = codes[from + k]!;
    if (dashWanted ? code !== CH_MINUS : (classOf(code) & HEX_CHARS) === 0) return false;
  }
  return true;
}

/**
 * Letters (1-16), an optional - or _, then 4 or more digits up to the end.
 * Read from the end because the digits decide most misses (v1, page-2).
 */
function isPrefixedNumber(codes: Codes, from: number, to: number): boolean {
  let i = to;
  while (i > from && classOf(codes[i - 1]!) === DIGIT) i--;
  if (to - i < 4) return false;
  if (i > from && (classOf(codes[i - 1]!) & JOINER) !== 0) i--;
  if (i === from || i - from > 16) return false;
  for (let k = from; k < i; k++) {
    if ((classOf(codes[k]!) & LETTERS) === 0) return false;
  }
  return true;
}

/** A run of 8 or more letters and digits between joiners in codes[from, to) with both in it. */
function hasMixedRun(codes: Codes, from: number, to: number): boolean {
  let length = 0;
  let kinds = 0;
  for (let i = from; i <= to; i++) {
    const current = i < to ? classOf(codes[i]!) : JOINER;
    if ((current & JOINER) !== 0) {
      if (length >= 8 && (kinds & DIGIT) !== 0 && (kinds & LETTERS) !== 0) return true;
      length = 0;
      kinds = 0;
    } else {
      length++;
      kinds |= current;
    }
  }
  return false;
}

/**
 * The rule codes[from, to) falls under, given the OR of its characters'
 * classes (seen, which has DIGIT) and whether two separators are adjacent.
 * The order is the rules' precedence: 123456789012 is a number, not a hash.
 */
function kindOf(codes: Codes, from: number, to: number, seen: number, adjacentSeparators: boolean): number {
  const length = to - from;
  const first = classOf(codes[from]!);
  if (
    (seen & ~NUMBER_CHARS) === 0 && !adjacentSeparators &&
    first === DIGIT && classOf(codes[to - 1]!) === DIGIT
  ) {
    return ID;
  }
  if (length === 36 && (seen & ~UUID_CHARS) === 0 && isUuid(codes, from)) return UUID;
  if (length >= 12 && (seen & ~HEX_CHARS) === 0) return HASH;
  if ((seen & ~TOKEN_CHARS) === 0) {
    if ((first & LETTERS) !== 0 && isPrefixedNumber(codes, from, to)) return ID;
    if (length >= 16 && (seen & LETTERS) !== 0 && hasMixedRun(codes, from, to)) return ID;
  }
  // A leading dot (.env1) marks a hidden file, not a name with an extension.
  if ((seen & DOT) !== 0 && (first & DOT) === 0) return FILE_NAME;
  return KEEP;
}

/** kindOf for one dot-free part of a file name. */
function partKindOf(codes: Codes, from: number, to: number): number {
  let seen = 0;
  let adjacent = 0;
  let previous = 0;
  for (let i = from; i < to; i++) {
    const current = classOf(codes[i]!);
    seen |= current;
    adjacent |= previous & current;
    previous = current;
  }
  return (seen & DIGIT) === 0 ? KEEP : kindOf(codes, from, to, seen, (adjacent & SEPARATOR) !== 0);
}

// The shape of one path as pieces: pairs (from, to) for a range of the input kept as it is, or
// (-kind, 0) for a replacement. Paths are cut at MAX_PATH_LENGTH, and every replacement follows a
// kept range, so this holds any path's pieces.
const pieces = new Int32Array(4 * MAX_PATH_LENGTH + 8);
let pieceCount = 0;
/** The replacements as code units, for hashing. */
const REPLACEMENT_CODES = REPLACEMENT.map((text) => Uint8Array.from(text, (c) => c.charCodeAt(0)));
/** A string path's code units, copied here to be classified. */
const stringCodes = new Uint8Array(MAX_PATH_LENGTH);
const NON_ASCII = 0x80;

function keep(from: number, to: number): void {
  pieces[pieceCount++] = from;
  pieces[pieceCount++] = to;
}

function replace(kind: number): void {
  pieces[pieceCount++] = -kind;
  pieces[pieceCount++] = 0;
}

/**
 * Finds the pieces of the shape of the path codes[start, pathEnd), which has
 * no query. Runs once per error line, so the segments are found and their
 * characters classified in one pass (slicing each segment out and testing a
 * regex per rule cost about twice as much). Returns false when the shape is
 * the path unchanged, up to the length limit; then `pieces` holds that one
 * range.
 */
function findPieces(codes: Codes, start: number, pathEnd: number, raw: boolean): boolean {
  pieceCount = 0;
  // Not Math.min: docs/performance.md#small-integers.
  const limit = start + MAX_PATH_LENGTH;
  const end = pathEnd < limit ? pathEnd : limit;
  if (raw) {
    keep(start, end);
    return false;
  }
  // A local: a module-level binding is loaded again for every character.
  const classes = ASCII_CLASS;
  let copiedUpTo = start;
  let from = start;
  for (;;) {
    let seen = 0;
    let adjacent = 0;
    let previous = 0;
    let to = from;
    for (; to < end; to++) {
      const code = codes[to]!;
      const current = code < 128 ? classes[code]! : OTHER;
      if (current === SLASH) break;
      seen |= current;
      adjacent |= previous & current;
      previous = current;
    }
    if ((seen & DIGIT) !== 0) {
      const kind = kindOf(codes, from, to, seen, (adjacent & SEPARATOR) !== 0);
      if (kind === FILE_NAME) {
        // The part after the last dot is the extension and stays as it is.
        let partFrom = from;
        for (let k = from; k < to; k++) {
          if (codes[k] !== CH_DOT) continue;
          const partKind = partKindOf(codes, partFrom, k);
          if (partKind !== KEEP) {
            keep(copiedUpTo, partFrom);
            replace(partKind);
            copiedUpTo = k;
          }
          partFrom = k + 1;
        }
      } else if (kind !== KEEP) {
        keep(copiedUpTo, from);
        replace(kind);
        copiedUpTo = to;
      }
    }
    if (to >= end) break;
    from = to + 1;
  }
  const changed = copiedUpTo !== start;
  keep(copiedUpTo, end);
  return changed;
}

/** The shape from the last pieces found, cut from `text`, where code i is text[i - shift]. */
function piecesText(text: string, shift: number): string {
  let shaped = '';
  for (let p = 0; p < pieceCount; p += 2) {
    const from = pieces[p]!;
    shaped += from < 0 ? REPLACEMENT[-from]! : text.slice(from - shift, pieces[p + 1]! - shift);
  }
  return shaped;
}

/**
 * Collapse the identifiers of a request path; a query string, if any, is dropped. `raw` (--raw-paths)
 * keeps the path as logged, without its query and cut at the same length.
 */
export function pathShape(path: string, raw = false): string {
  const queryAt = path.indexOf('?');
  const end = Math.min(queryAt >= 0 ? queryAt : path.length, MAX_PATH_LENGTH);
  for (let i = 0; i < end; i++) {
    const c = path.charCodeAt(i);
    stringCodes[i] = c < NON_ASCII ? c : NON_ASCII;
  }
  if (!findPieces(stringCodes, 0, end, raw)) return end === path.length ? path : path.slice(0, end);
  return piecesText(path, 0);
}

/**
 * pathShape() of a path with no query that is bytes[start, end) of ASCII
 * text, where bytes[i] is text[i - shift]; the string is cut from `text`.
 */
export function pathShapeOfBytes(text: string, bytes: Uint8Array, start: number, end: number, shift: number, raw = false): string {
  findPieces(bytes, start, end, raw);
  return piecesText(text, shift);
}

/** Feeds pathShape() of the ASCII path bytes[start, end), which has no query, to `hash` without building it. */
export function hashPathShapeOfBytes(bytes: Uint8Array, start: number, end: number, hash: KeyHash, raw = false): KeyHash {
  findPieces(bytes, start, end, raw);
  hash.begin();
  for (let p = 0; p < pieceCount; p += 2) {
    const from = pieces[p]!;
    if (from >= 0) hash.addBytes(bytes, from, pieces[p + 1]!);
    else hash.addBytes(REPLACEMENT_CODES[-from]!, 0, REPLACEMENT[-from]!.length);
  }
  return hash.finish();
}
