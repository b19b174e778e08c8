import { describe, expect, it } from 'vitest';
import {
  ClfTimeCache,
  decodeEscapes,
  findClosingQuote,
  parseClientText,
  parseDecimal,
  parseIsoTime,
  parseIsoTimeWithZone,
  parseRequestLine,
  parseUint,
  tzOffsetAt,
} from '../../src/formats/clf.js';
import { ABSENT } from '../../src/formats/record.js';

describe('ClfTimeCache', () => {
  it('parses a CLF time with a negative offset', () => {
    const cache = new ClfTimeCache();
    // 13:55:36 at -0700 is 20:55:36 UTC.
    expect(cache.parse('10/Oct/2000:13:55:36 -0700', 0)).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
  });

  it('parses a half-hour offset (+0330, zanbil)', () => {
    const cache = new ClfTimeCache();
    expect(cache.parse('[22/Jan/2019:03:56:14 +0330]', 1)).toBe(Date.UTC(2019, 0, 22, 0, 26, 14));
  });

  it('gives the right answer on cached and uncached paths alike', () => {
    const cache = new ClfTimeCache();
    const stamps = [
      ['07/Dec/2016:11:05:07 +0100', Date.UTC(2016, 11, 7, 10, 5, 7)],
      ['07/Dec/2016:11:05:59 +0100', Date.UTC(2016, 11, 7, 10, 5, 59)],
      // same minute text, other zone: must not reuse the cached minute
      ['07/Dec/2016:11:05:59 +0000', Date.UTC(2016, 11, 7, 11, 5, 59)],
      // same minute digits an hour later
      ['07/Dec/2016:12:05:00 +0000', Date.UTC(2016, 11, 7, 12, 5, 0)],
      ['07/Dec/2016:11:05:07 +0100', Date.UTC(2016, 11, 7, 10, 5, 7)],
      ['29/Feb/2024:23:59:60 +0000', Date.UTC(2024, 1, 29, 23, 59, 60)],
    ] as const;
    for (const [text, expected] of stamps) expect(cache.parse(text, 0)).toBe(expected);
  });

  it('rejects text that is not a CLF time', () => {
    const cache = new ClfTimeCache();
    cache.parse('07/Dec/2016:11:05:07 +0100', 0);
    for (const bad of ['07/Dec/2016:11:05:7x +0100', '07/Foo/2016:11:05:07 +0100', '07/Dec/2016 11:05:07 +0100', '07/Dec/2016:11:05:07 0100', '07/Dec/2016:11:05']) {
      expect(cache.parse(bad, 0)).toBe(ABSENT);
    }
  });
});

describe('numbers and zones', () => {
  it('reads zone offsets in minutes', () => {
    expect(tzOffsetAt('+0330', 0)).toBe(210);
    expect(tzOffsetAt('-0700', 0)).toBe(-420);
    expect(Number.isNaN(tzOffsetAt('0700', 0))).toBe(true);
  });

  it('reads integers and decimals in place', () => {
    expect(parseUint('x 1234 y', 2, 6)).toBe(1234);
    expect(parseUint('-', 0, 1)).toBe(ABSENT);
    expect(parseDecimal('0.001', 0, 5, 1000)).toBe(1);
    expect(parseDecimal('60.000', 0, 6, 1000)).toBe(60000);
    expect(parseDecimal('116075', 0, 6, 0.001)).toBe(116.075);
    expect(parseDecimal('-', 0, 1, 1000)).toBe(ABSENT);
    expect(parseDecimal('1.2.3', 0, 5, 1000)).toBe(ABSENT);
  });

  it('parses ISO 8601 times as nginx writes them', () => {
    const text = '2024-05-01T10:00:00+02:00';
    expect(parseIsoTime(text, 0, text.length)).toBe(Date.UTC(2024, 4, 1, 8, 0, 0));
    const z = '2024-05-01T10:00:00.250Z';
    expect(parseIsoTime(z, 0, z.length)).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 250));
    expect(parseIsoTime('2024-05-01', 0, 10)).toBe(ABSENT);
  });

  it('reads the ISO times of every format: any fraction truncated to the ms, and whether a zone was written', () => {
    // ALB writes microseconds, Cloudflare nanoseconds; a clock reading is truncated, never rounded
    // into the next millisecond (or minute).
    const alb = '2018-07-02T22:23:00.186641Z';
    expect(parseIsoTime(alb, 0, alb.length)).toBe(Date.UTC(2018, 6, 2, 22, 23, 0, 186));
    const edge = '2024-04-10T23:59:59.999999999Z';
    expect(parseIsoTime(edge, 0, edge.length)).toBe(Date.UTC(2024, 3, 10, 23, 59, 59, 999));
    expect(parseIsoTimeWithZone('2024-05-01 10:00:00', 0, 19)).toEqual({ ms: Date.UTC(2024, 4, 1, 10), tz: undefined });
    expect(parseIsoTimeWithZone('2024-05-01T10:00:00Z', 0, 20)).toEqual({ ms: Date.UTC(2024, 4, 1, 10), tz: 0 });
    expect(parseIsoTimeWithZone('2024-05-01T10:00:00-0330', 0, 24)).toEqual({ ms: Date.UTC(2024, 4, 1, 13, 30), tz: -210 });
  });
});

describe('escapes', () => {
  it('decodes nginx upper-case \\xHH as UTF-8', () => {
    // "Пр" in UTF-8 is D0 9F D1 80
    expect(decodeEscapes('/\\xD0\\x9F\\xD1\\x80', 'nginx')).toBe('/Пр');
  });

  it('falls back to Latin-1 for bytes that are not UTF-8', () => {
    expect(decodeEscapes('\\xe4\\xe5V', 'apache')).toBe('\u00e4\u00e5V');
  });

  it('decodes Apache \\", \\\\ and lower-case \\xhh', () => {
    expect(decodeEscapes('\\"3780ff-4bd\\"', 'apache')).toBe('"3780ff-4bd"');
    expect(decodeEscapes('a\\\\b', 'apache')).toBe('a\\b');
    expect(decodeEscapes('\\x16\\x03\\x01', 'apache')).toBe('\u0016\u0003\u0001');
  });

  it('leaves nginx text without escapes untouched and keeps a lone backslash', () => {
    const plain = '/a%20b?c=d';
    expect(decodeEscapes(plain, 'nginx')).toBe(plain);
    expect(decodeEscapes('end\\', 'apache')).toBe('end\\');
  });

  it('does not treat \\" as an escape in nginx text', () => {
    expect(decodeEscapes('a\\"b', 'nginx')).toBe('a\\"b');
  });
});

describe('findClosingQuote', () => {
  it('skips quotes escaped with an odd run of backslashes', () => {
    const line = '"a \\"b\\" c\\\\" rest';
    expect(findClosingQuote(line, 1, true)).toBe(line.indexOf('" rest'));
    expect(findClosingQuote(line, 1, false)).toBe(4);
  });
});

describe('parseRequestLine', () => {
  it('splits method, path, query and protocol', () => {
    expect(parseRequestLine('GET /a/b?x=1&y=2 HTTP/1.1', 'nginx')).toEqual({
      method: 'GET',
      path: '/a/b',
      query: 'x=1&y=2',
      protocol: 'HTTP/1.1',
    });
  });

  it('accepts HTTP/0.9 style requests without protocol', () => {
    expect(parseRequestLine('GET /index.html', 'nginx')).toEqual({ method: 'GET', path: '/index.html' });
  });

  it('gives no parts for empty, dash, TLS bytes and scanner junk', () => {
    for (const raw of ['', '-', '\\x16\\x03\\x01', 'x00Cookie: mstshash=Administr', 'hello']) {
      expect(parseRequestLine(raw, 'apache')).toEqual({});
    }
  });
});

describe('parseClientText', () => {
  it('reads a plain address', () => {
    expect(parseClientText('::1')).toEqual({ client: '::1', remoteAddr: undefined });
  });

  it('takes the first entry of a bare X-Forwarded-For list', () => {
    const parts = parseClientText('10.0.0.2, 10.0.0.1, 127.0.0.1');
    expect(parts.client).toBe('10.0.0.2');
    expect(parts.forwardedFor).toBe('10.0.0.2, 10.0.0.1, 127.0.0.1');
  });

  it('separates a prepended host, a quoted list and the remote address', () => {
    expect(parseClientText('example.com:80 "10.5.102.222, 175.16.199.1" 10.2.1.185')).toEqual({
      client: '10.5.102.222',
      remoteAddr: '10.2.1.185',
      forwardedFor: '10.5.102.222, 175.16.199.1',
      host: 'example.com:80',
    });
  });

  it('reads host + unix: client', () => {
    const parts = parseClientText('example.com:80 unix:');
    expect(parts.client).toBe('unix:');
    expect(parts.host).toBe('example.com:80');
  });
});
