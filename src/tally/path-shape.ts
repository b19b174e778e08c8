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
 * - ':id' for an opaque token: 16 or more of A-Z a-z 0-9 _ - with a letter;
 * - otherwise, if a '.' follows its first character, a file name: every
 *   dot-separated part but the last (the extension) is shaped by the rules
 *   above (app.3f9a8c1e2b7d.js -> app.:hash.js, 1234.json -> :id.json).
 * Segments without a digit, and those no rule matches, are kept.
 */

const MAX_PATH_LENGTH = 300;

// This module imports nothing, so the bundler inlines its constants (see formats/char-codes.ts);
// hence character codes of its own.
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

/** Hex 8-4-4-4-12 in text[from, from + 36). */
function isUuid(text: string, from: number): boolean {
  for (let k = 0; k < 36; k++) {
    const dashWanted = k === 8 || k === 13 || k === 18 || k === 23;
    const code = text.charCodeAt(from + k);
    if (dashWanted ? code !== CH_MINUS : (classOf(code) & HEX_CHARS) === 0) return false;
  }
  return true;
}

/**
 * Letters (1-16), an optional - or _, then 4 or more digits up to the end.
 * Read from the end because the digits decide most misses (v1, page-2).
 */
function isPrefixedNumber(text: string, from: number, to: number): boolean {
  let i = to;
  while (i > from && classOf(text.charCodeAt(i - 1)) === DIGIT) i--;
  if (to - i < 4) return false;
  if (i > from && (classOf(text.charCodeAt(i - 1)) & JOINER) !== 0) i--;
  if (i === from || i - from > 16) return false;
  for (let k = from; k < i; k++) {
    if ((classOf(text.charCodeAt(k)) & LETTERS) === 0) return false;
  }
  return true;
}

/**
 * The rule text[from, to) falls under, given the OR of its characters'
 * classes (seen, which has DIGIT) and whether two separators are adjacent.
 * The order is the rules' precedence: 123456789012 is a number, not a hash.
 */
function kindOf(text: string, from: number, to: number, seen: number, adjacentSeparators: boolean): number {
  const length = to - from;
  const first = classOf(text.charCodeAt(from));
  if (
    (seen & ~NUMBER_CHARS) === 0 && !adjacentSeparators &&
    first === DIGIT && classOf(text.charCodeAt(to - 1)) === DIGIT
  ) {
    return ID;
  }
  if (length === 36 && (seen & ~UUID_CHARS) === 0 && isUuid(text, from)) return UUID;
  if (length >= 12 && (seen & ~HEX_CHARS) === 0) return HASH;
  if ((seen & ~TOKEN_CHARS) === 0) {
    if ((first & LETTERS) !== 0 && isPrefixedNumber(text, from, to)) return ID;
    if (length >= 16 && (seen & LETTERS) !== 0) return ID;
  }
  // A leading dot (.env1) marks a hidden file, not a name with an extension.
  if ((seen & DOT) !== 0 && (first & DOT) === 0) return FILE_NAME;
  return KEEP;
}

/** kindOf for one dot-free part of a file name. */
function partKindOf(text: string, from: number, to: number): number {
  let seen = 0;
  let adjacent = 0;
  let previous = 0;
  for (let i = from; i < to; i++) {
    const current = classOf(text.charCodeAt(i));
    seen |= current;
    adjacent |= previous & current;
    previous = current;
  }
  return (seen & DIGIT) === 0 ? KEEP : kindOf(text, from, to, seen, (adjacent & SEPARATOR) !== 0);
}

/**
 * Collapse the identifiers of a request path; a query string, if any, is dropped.
 * Runs once per error line, so the segments are found and their characters
 * classified in one pass (slicing each segment out and testing a regex per rule
 * cost about twice as much), and nothing is cut out of the path unless a
 * segment changed.
 */
export function pathShape(path: string): string {
  const queryAt = path.indexOf('?');
  const end = Math.min(queryAt >= 0 ? queryAt : path.length, MAX_PATH_LENGTH);
  let shaped = '';
  let copiedUpTo = 0;
  let from = 0;
  for (;;) {
    let seen = 0;
    let adjacent = 0;
    let previous = 0;
    let to = from;
    for (; to < end; to++) {
      const current = classOf(path.charCodeAt(to));
      if (current === SLASH) break;
      seen |= current;
      adjacent |= previous & current;
      previous = current;
    }
    if ((seen & DIGIT) !== 0) {
      const kind = kindOf(path, from, to, seen, (adjacent & SEPARATOR) !== 0);
      if (kind === FILE_NAME) {
        // The part after the last dot is the extension and stays as it is.
        let partFrom = from;
        for (let k = from; k < to; k++) {
          if (path.charCodeAt(k) !== CH_DOT) continue;
          const partKind = partKindOf(path, partFrom, k);
          if (partKind !== KEEP) {
            shaped += path.slice(copiedUpTo, partFrom) + REPLACEMENT[partKind];
            copiedUpTo = k;
          }
          partFrom = k + 1;
        }
      } else if (kind !== KEEP) {
        shaped += path.slice(copiedUpTo, from) + REPLACEMENT[kind];
        copiedUpTo = to;
      }
    }
    if (to >= end) break;
    from = to + 1;
  }
  if (copiedUpTo === 0) return end === path.length ? path : path.slice(0, end);
  return shaped + path.slice(copiedUpTo, end);
}
