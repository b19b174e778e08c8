/**
 * Reads scalar values out of the raw text of a one-line JSON object without JSON.parse, for the
 * hot path of the JSON formats whose objects are flat where it reads them (Traefik's access
 * entries, a LogEntry's httpRequest). A key is found as `"key"` followed by a colon: in valid JSON a
 * quote inside a string is always escaped, so the needle cannot match inside a value. Anything the
 * raw reader is not sure of (a value that is not a plain scalar, a key it cannot find) is left to
 * the caller's JSON.parse fallback.
 */
import { CH_0, CH_9, CH_BACKSLASH, CH_QUOTE } from './char-codes.js';
import { ABSENT } from './record.js';

/** Where a scalar value lies: text[start, end); a string's range excludes its quotes. */
export interface JsonScalar {
  start: number;
  end: number;
  /** The value was a JSON string. */
  quoted: boolean;
  /** The string holds a backslash escape, so its text must be decoded (decodeJsonString). */
  escaped: boolean;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * Finds the value of the first `"key":` in text[from, to) and sets `out` to it. False when the key
 * is absent or its value is an object, an array or cut short; `null` reads as an empty, unquoted
 * range at the word.
 */
export function scalarAfterKey(text: string, key: string, from: number, to: number, out: JsonScalar): boolean {
  const needle = `"${key}"`;
  let at = text.indexOf(needle, from);
  while (at >= 0 && at + needle.length < to) {
    let i = at + needle.length;
    while (i < to && isBlank(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 0x3a /* : */) return readScalar(text, i + 1, to, out);
    at = text.indexOf(needle, at + 1);
  }
  return false;
}

function readScalar(text: string, from: number, to: number, out: JsonScalar): boolean {
  let i = from;
  while (i < to && isBlank(text.charCodeAt(i))) i++;
  if (i >= to) return false;
  const c = text.charCodeAt(i);
  if (c === CH_QUOTE) {
    let j = i + 1;
    let escaped = false;
    while (j < to) {
      const d = text.charCodeAt(j);
      if (d === CH_QUOTE) break;
      if (d === CH_BACKSLASH) {
        escaped = true;
        j += 2;
        continue;
      }
      j++;
    }
    if (j >= to) return false;
    out.start = i + 1;
    out.end = j;
    out.quoted = true;
    out.escaped = escaped;
    return true;
  }
  if (c === 0x7b /* { */ || c === 0x5b /* [ */) return false;
  let j = i;
  while (j < to) {
    const d = text.charCodeAt(j);
    if (d === 0x2c /* , */ || d === 0x7d /* } */ || d === 0x5d /* ] */ || isBlank(d)) break;
    j++;
  }
  if (j === i) return false;
  out.start = i;
  out.end = j;
  out.quoted = false;
  out.escaped = false;
  return true;
}

/** A non-negative integer written as plain digits in text[start, end), else ABSENT. */
export function plainUint(text: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return ABSENT;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < CH_0 || c > CH_9) return ABSENT;
    value = value * 10 + (c - CH_0);
  }
  return value;
}

/** The text of a scalar: a string decoded as JSON.parse would decode it, a number or word as written. */
export function scalarText(text: string, value: JsonScalar): string {
  if (!value.escaped) return text.slice(value.start, value.end);
  try {
    return JSON.parse(text.slice(value.start - 1, value.end + 1)) as string;
  } catch {
    return text.slice(value.start, value.end);
  }
}

/**
 * Where the object that is the value of the first `"key":` in text[from, to) ends (the index just
 * past its closing brace), skipping strings; -1 when the key has no object value. `out.start` is set
 * to the index of its opening brace.
 */
export function objectAfterKey(text: string, key: string, from: number, to: number, out: { start: number }): number {
  const needle = `"${key}"`;
  let at = text.indexOf(needle, from);
  while (at >= 0 && at + needle.length < to) {
    let i = at + needle.length;
    while (i < to && isBlank(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 0x3a) {
      i++;
      while (i < to && isBlank(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 0x7b) return -1;
      out.start = i;
      return objectEnd(text, i, to);
    }
    at = text.indexOf(needle, at + 1);
  }
  return -1;
}

/** Index just past the brace closing the object that opens at `open`, or -1 when it is cut short. */
function objectEnd(text: string, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === CH_QUOTE) {
      i++;
      while (i < to && text.charCodeAt(i) !== CH_QUOTE) i += text.charCodeAt(i) === CH_BACKSLASH ? 2 : 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
