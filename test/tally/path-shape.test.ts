import { describe, expect, it } from 'vitest';
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
  });

  it('keeps words, versions and short names that only contain a digit or two', () => {
    for (const path of ['/', '/api/v2/users', '/html5/player', '/about-us', '/iphone15/cases', '/healthz']) {
      expect(pathShape(path)).toBe(path);
    }
  });

  it('bounds very long paths', () => {
    expect(pathShape(`/${'a'.repeat(5000)}`).length).toBeLessThanOrEqual(300);
  });
});
