import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../scripts/seeded-random.js';
import { pathShape } from '../../src/tally/path-shape.js';

describe('pathShape', () => {
  it.each([
    ['/users/123', '/users/:id'],
    ['/users/456/orders/7', '/users/:id/orders/:id'],
    ['/items/550e8400-e29b-41d4-a716-446655440000', '/items/:uuid'],
    ['/blobs/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', '/blobs/:hash'],
    ['/products/65f1c2a9e4b0a1b2c3d4e5f6', '/products/:hash'],
    ['/orders/ORD-20231', '/orders/:id'],
    ['/invoices/inv2024001/pdf', '/invoices/:id/pdf'],
    ['/t/dGhpcyBpcyBhIHRva2VuMTIz', '/t/:id'],
    ['/archive/2024-01-15', '/archive/:id'],
    ['/static/app.3f9a8c1e2b7d.js', '/static/app.:hash.js'],
    ['/export/1234.json', '/export/:id.json'],
  ])('%s -> %s', (path, shape) => {
    expect(pathShape(path)).toBe(shape);
  });

  it('drops the query string', () => {
    expect(pathShape('/search?q=1&page=2')).toBe('/search');
    expect(pathShape('/users/123?next=/orders/456')).toBe('/users/:id');
  });

  it('keeps words, versions and short names that only contain a digit or two', () => {
    for (const path of ['/', '/api/v2/users', '/html5/player', '/about-us', '/iphone15/cases', '/healthz']) {
      expect(pathShape(path)).toBe(path);
    }
  });

  it('bounds very long paths', () => {
    expect(pathShape(`/${'a'.repeat(5000)}`).length).toBeLessThanOrEqual(300);
  });

  it('shapes what is left of a segment cut at the length bound', () => {
    expect(pathShape(`/${'a'.repeat(295)}/12345`)).toBe(`/${'a'.repeat(295)}/:id`);
  });

  it.each([
    ['', ''],
    ['/users/123/', '/users/:id/'],
    ['//123//456', '//:id//:id'],
    ['/a//b/', '/a//b/'],
    // Hidden files: a leading dot is not a name-extension split.
    ['/.env1', '/.env1'],
    ['/.1.2', '/.1.2'],
    ['/files/.123.json', '/files/.123.json'],
  ])('empty segments and leading dots: %s -> %s', (path, shape) => {
    expect(pathShape(path)).toBe(shape);
  });

  it.each([
    ['/n/0', '/n/:id'],
    ['/n/2024_01', '/n/:id'],
    ['/n/1.2.3', '/n/:id'],
    ['/n/2024--01', '/n/2024--01'],
    ['/n/-2024', '/n/-2024'],
    ['/n/2024-', '/n/2024-'],
    // Not a number as a whole, so a file name whose first part is one.
    ['/n/1..2', '/n/:id..2'],
    ['/n/1234.', '/n/:id.'],
    // All digits is a number before it is a hash or a UUID.
    ['/n/123456789012', '/n/:id'],
    ['/n/12345678-1234-1234-1234-123456789012', '/n/:id'],
  ])('numbers: %s -> %s', (path, shape) => {
    expect(pathShape(path)).toBe(shape);
  });

  it.each([
    ['/h/3F9A8C1E2B7D', '/h/:hash'],
    ['/h/3f9A8c1E2b7D', '/h/:hash'],
    ['/h/3f9a8c1e2b7', '/h/3f9a8c1e2b7'],
    ['/h/3f9a8c1e2b7g', '/h/3f9a8c1e2b7g'],
    ['/u/550E8400-E29B-41D4-A716-446655440000', '/u/:uuid'],
    // 36 characters with the dashes misplaced, or a non-hex letter: a token.
    ['/u/550e8400e-29b-41d4-a716-44665544000', '/u/:id'],
    ['/u/550e8400-e29b-41d4-a716-44665544000g', '/u/:id'],
  ])('hashes and UUIDs: %s -> %s', (path, shape) => {
    expect(pathShape(path)).toBe(shape);
  });

  it.each([
    ['/p/user_48213', '/p/:id'],
    ['/p/a1234', '/p/:id'],
    ['/p/ABC-1234', '/p/:id'],
    ['/p/abcdefghijklmnop1234', '/p/:id'],
    ['/p/ab123', '/p/ab123'],
    ['/p/ORD--20231', '/p/ORD--20231'],
    ['/p/ord-2023a', '/p/ord-2023a'],
    ['/p/a-b-1234', '/p/a-b-1234'],
    ['/p/-ab1234', '/p/-ab1234'],
    ['/p/ab1234-', '/p/ab1234-'],
    // Only ASCII letters make a prefix, as with the /i regex it replaces.
    ['/p/\u017f1234', '/p/\u017f1234'],
    ['/p/\u212a1234', '/p/\u212a1234'],
    ['/p/\u00e92024', '/p/\u00e92024'],
  ])('prefixed numbers: %s -> %s', (path, shape) => {
    expect(pathShape(path)).toBe(shape);
  });

  it.each([
    ['/blog/how-to-fix-error-502-bad-gateway', '/blog/how-to-fix-error-502-bad-gateway'],
    ['/news/2024-election-results-by-county', '/news/2024-election-results-by-county'],
    ['/docs/v2/getting-started-with-http2', '/docs/v2/getting-started-with-http2'],
    ['/products/iphone-15-pro-max-256gb', '/products/iphone-15-pro-max-256gb'],
    ['/reset/eyJhbGciOiJIUzI1NiJ9', '/reset/:id'],
    ['/s/aZ3kL9qP0xW2mN7b', '/s/:id'],
    ['/dl/k3j4h5g6-f7d8s9a0-q1w2e3r4', '/dl/:id'],
  ])('readable slugs are kept, random tokens folded: %s -> %s', (path, shape) => {
    expect(pathShape(path)).toBe(shape);
  });

  it.each([
    ['/t/abcdefghijklmno1', '/t/:id'],
    ['/t/_abcdefghijklmn1', '/t/:id'],
    ['/t/abcdefghijklmn1', '/t/abcdefghijklmn1'],
    ['/t/1234567890-12345_', '/t/1234567890-12345_'],
    ['/t/----------------1', '/t/----------------1'],
  ])('tokens: %s -> %s', (path, shape) => {
    expect(pathShape(path)).toBe(shape);
  });

  it.each([
    ['/f/a.b.c.123', '/f/a.b.c.123'],
    ['/f/v1.2.3', '/f/v1.:id.3'],
    ['/f/report-2024.pdf', '/f/:id.pdf'],
    ['/f/chunk.123.456.js', '/f/chunk.:id.:id.js'],
    ['/f/550e8400-e29b-41d4-a716-446655440000.json', '/f/:uuid.json'],
    ['/f/style.css2', '/f/style.css2'],
  ])('file names: %s -> %s', (path, shape) => {
    expect(pathShape(path)).toBe(shape);
  });

  it('agrees with the regex rules on generated paths', () => {
    const random = seededRandom(20240115);
    const pick = (chars: string): string => chars[Math.floor(random() * chars.length)]!;
    const run = (chars: string, length: number): string => {
      let text = '';
      for (let i = 0; i < length; i++) text += pick(chars);
      return text;
    };
    // Each alphabet leans on some rules; the last adds characters no rule allows.
    const alphabets = [
      '0123456789abcdefABCDEFghijxyzGHXYZ-_.',
      '0123456789-_.',
      '0123456789abcdefABCDEF-',
      'abcdefghijklmnopqrstuvwxyz_-0123456789',
      '0123456789aZ-_.%~ \u017f\u212a\u00e9',
    ];
    const segment = (): string => {
      const alphabet = alphabets[Math.floor(random() * alphabets.length)]!;
      const shape = random();
      // Near misses of the fixed-length and minimum-length rules are the likely bugs.
      if (shape < 0.1) return [8, 4, 4, 4, 12].map((n) => run('0123456789abcdefABCDEF', n)).join(pick('---_'));
      if (shape < 0.2) return run('abcXYZ', Math.floor(random() * 19)) + run('-_', Math.floor(random() * 2)) + run('0123456789', Math.floor(random() * 7));
      if (shape < 0.3) return run('.abc', Math.floor(random() * 2)) + run(alphabet, Math.floor(random() * 12)) + '.' + run('0123456789', Math.floor(random() * 5)) + '.' + run('js', Math.floor(random() * 3));
      const length = shape < 0.4 ? 36 : shape < 0.55 ? 11 + Math.floor(random() * 7) : Math.floor(random() * 41);
      return run(alphabet, length);
    };
    const mismatches: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      let path = random() < 0.9 ? '/' : '';
      const segments = Math.floor(random() * 6);
      for (let s = 0; s < segments; s++) path += (s > 0 ? (random() < 0.05 ? '//' : '/') : '') + segment();
      if (random() < 0.1) path += '/';
      if (random() < 0.1) path += '?id=1/2';
      if (pathShape(path) !== referenceShape(path)) mismatches.push(path);
    }
    expect(mismatches).toEqual([]);
  });
});

// The rules as regexes, exactly as pathShape applied them before it scanned by
// character codes: the specification the scan must keep to.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d+(?:[-_.]\d+)*$/;
const HEX = /^[0-9a-f]{12,}$/i;
const PREFIXED_NUMBER = /^[a-z]{1,16}[-_]?\d{4,}$/i;
const TOKEN = /^[A-Za-z0-9_-]{16,}$/;
const LETTER = /[A-Za-z]/;
const DIGIT = /\d/;

function referenceSegment(segment: string): string {
  if (!DIGIT.test(segment)) return segment;
  if (NUMBER.test(segment)) return ':id';
  if (UUID.test(segment)) return ':uuid';
  if (HEX.test(segment)) return ':hash';
  if (PREFIXED_NUMBER.test(segment)) return ':id';
  if (TOKEN.test(segment) && LETTER.test(segment) && segment.split(/[-_]/).some((run) => run.length >= 8 && LETTER.test(run) && DIGIT.test(run))) return ':id';
  if (segment.indexOf('.') > 0) {
    const parts = segment.split('.');
    return parts.map((part, i) => (i === parts.length - 1 ? part : referenceSegment(part))).join('.');
  }
  return segment;
}

function referenceShape(path: string): string {
  const queryAt = path.indexOf('?');
  const bare = (queryAt >= 0 ? path.slice(0, queryAt) : path).slice(0, 300);
  return bare.split('/').map(referenceSegment).join('/');
}

describe('pathShape with raw paths (--raw-paths)', () => {
  it('keeps the path as logged, without its query, cut at the same length', () => {
    expect(pathShape('/users/123/orders/550e8400-e29b-41d4-a716-446655440000?x=1', true)).toBe('/users/123/orders/550e8400-e29b-41d4-a716-446655440000');
    expect(pathShape(`/${'a'.repeat(5000)}`, true).length).toBe(300);
  });
});
