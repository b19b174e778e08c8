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
const DIGIT = /\d/;
const LETTER = /[A-Za-z]/;

function shapeSegment(segment: string): string {
  if (segment.length === 0) return segment;
  const first = segment.charCodeAt(0);
  const startsWithDigit = first >= 48 && first <= 57;
  if (startsWithDigit && NUMBER.test(segment)) return ':id';
  if (segment.length === 36 && UUID.test(segment)) return ':uuid';
  if (HEX.test(segment) && DIGIT.test(segment)) return ':hash';
  if (PREFIXED_NUMBER.test(segment)) return ':id';
  if (TOKEN.test(segment) && DIGIT.test(segment) && LETTER.test(segment)) return ':id';
  const dot = segment.indexOf('.');
  if (dot > 0) {
    // File names keep their extension: app.3f9a8c1e2b7d.js -> app.:hash.js, 1234.json -> :id.json
    const parts = segment.split('.');
    const shaped = parts.map((part, i) => (i === parts.length - 1 ? part : shapeSegment(part)));
    return shaped.join('.');
  }
  return segment;
}

/** Collapse the identifiers of a request path; a query string, if any, is dropped. */
export function pathShape(path: string): string {
  const queryAt = path.indexOf('?');
  let bare = queryAt >= 0 ? path.slice(0, queryAt) : path;
  if (bare.length > MAX_PATH_LENGTH) bare = bare.slice(0, MAX_PATH_LENGTH);
  // Every identifier shape has a digit: most paths without one need no splitting.
  if (!DIGIT.test(bare)) return bare;
  const segments = bare.split('/');
  for (let i = 0; i < segments.length; i++) segments[i] = shapeSegment(segments[i]!);
  return segments.join('/');
}
