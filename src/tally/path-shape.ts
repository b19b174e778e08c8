/**
 * The shape of a request path: the query dropped and identifiers collapsed, so
 * that /users/123 and /users/456 count as one path, /users/:id.
 */

const MAX_PATH_LENGTH = 300;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Digits, or digit groups joined by - or _ (dates such as 2024-01-15). */
const NUMBER = /^\d+(?:[-_.]\d+)*$/;
const HEX = /^[0-9a-f]{12,}$/i;
/** A short word glued to a long number: ORD-20231, user_48213, inv2024001. */
const PREFIXED_NUMBER = /^[a-z]{1,16}[-_]?\d{4,}$/i;
/** Opaque tokens: base64url-like runs long enough not to be words. */
const TOKEN = /^[A-Za-z0-9_-]{16,}$/;
const LETTER = /[A-Za-z]/;

function hasDigitIn(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function shapeSegment(segment: string): string {
  // Every identifier shape below has a digit: plain words need no pattern tests.
  if (!hasDigitIn(segment, 0, segment.length)) return segment;
  const first = segment.charCodeAt(0);
  const startsWithDigit = first >= 48 && first <= 57;
  if (startsWithDigit && NUMBER.test(segment)) return ':id';
  if (segment.length === 36 && UUID.test(segment)) return ':uuid';
  if (HEX.test(segment)) return ':hash';
  if (PREFIXED_NUMBER.test(segment)) return ':id';
  if (TOKEN.test(segment) && LETTER.test(segment)) return ':id';
  const dot = segment.indexOf('.');
  if (dot > 0) {
    // File names keep their extension: app.3f9a8c1e2b7d.js -> app.:hash.js, 1234.json -> :id.json
    const parts = segment.split('.');
    const shaped = parts.map((part, i) => (i === parts.length - 1 ? part : shapeSegment(part)));
    return shaped.join('.');
  }
  return segment;
}

/**
 * Collapse the identifiers of a request path; a query string, if any, is dropped.
 * Runs once per error line, so segments without a digit are never cut out and
 * the path is only rebuilt when a segment changed.
 */
export function pathShape(path: string): string {
  const queryAt = path.indexOf('?');
  let bare = queryAt >= 0 ? path.slice(0, queryAt) : path;
  if (bare.length > MAX_PATH_LENGTH) bare = bare.slice(0, MAX_PATH_LENGTH);
  let shaped = '';
  let copiedUpTo = 0;
  let from = 0;
  while (from <= bare.length) {
    let to = bare.indexOf('/', from);
    if (to < 0) to = bare.length;
    if (to > from && hasDigitIn(bare, from, to)) {
      const segment = bare.slice(from, to);
      const shape = shapeSegment(segment);
      if (shape !== segment) {
        shaped += bare.slice(copiedUpTo, from) + shape;
        copiedUpTo = to;
      }
    }
    from = to + 1;
  }
  return copiedUpTo === 0 ? bare : shaped + bare.slice(copiedUpTo);
}
