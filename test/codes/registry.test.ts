import { describe, expect, it } from 'vitest';
import { classOf } from '../../src/codes/classes.js';
import { allMeanings, describeStatus, meaningFor, meaningsOf, vendorOfLog } from '../../src/codes/registry.js';
import { vendors } from '../../src/codes/vendor-names.js';
import type { CodeVendor } from '../../src/model/status.js';

// Written out by hand from the five reference sheets (and FORMATS.md for ALB 464 and
// Cloudflare 499), independently of src/codes: [code, vendor, a word or phrase the reason
// phrase must contain]. Where a sheet gives no reason phrase, `fact` names something the
// description must mention instead.
interface Expected {
  code: number;
  vendor: CodeVendor;
  reason?: string;
  fact?: string;
}

const std = (code: number, reason: string): Expected => ({ code, vendor: 'standard', reason });

const EXPECTED: Expected[] = [
  std(100, 'Continue'),
  std(101, 'Switching Protocols'),
  std(102, 'Processing'),
  std(103, 'Early Hints'),
  std(200, 'OK'),
  std(201, 'Created'),
  std(202, 'Accepted'),
  std(203, 'Non-Authoritative Information'),
  std(204, 'No Content'),
  std(205, 'Reset Content'),
  std(206, 'Partial Content'),
  std(207, 'Multi-Status'),
  std(208, 'Already Reported'),
  std(226, 'IM Used'),
  std(300, 'Multiple Choice'),
  std(301, 'Moved Permanently'),
  std(302, 'Found'),
  std(303, 'See Other'),
  std(304, 'Not Modified'),
  std(305, 'Use Proxy'),
  std(306, 'Switch Proxy'),
  std(307, 'Temporary Redirect'),
  std(308, 'Permanent Redirect'),
  std(400, 'Bad Request'),
  std(401, 'Unauthorized'),
  std(402, 'Payment Required'),
  std(403, 'Forbidden'),
  std(404, 'Not Found'),
  std(405, 'Method Not Allowed'),
  std(406, 'Not Acceptable'),
  std(407, 'Proxy Authentication Required'),
  std(408, 'Request Timeout'),
  std(409, 'Conflict'),
  std(410, 'Gone'),
  std(411, 'Length Required'),
  std(412, 'Precondition Failed'),
  std(413, 'Too Large'),
  std(414, 'URI Too Long'),
  std(415, 'Unsupported Media Type'),
  std(416, 'Range Not Satisfiable'),
  std(417, 'Expectation Failed'),
  std(418, 'teapot'),
  std(421, 'Misdirected Request'),
  std(422, 'Unprocessable'),
  std(423, 'Locked'),
  std(424, 'Failed Dependency'),
  std(425, 'Too Early'),
  std(426, 'Upgrade Required'),
  std(428, 'Precondition Required'),
  std(429, 'Too Many Requests'),
  std(431, 'Request Header Fields Too Large'),
  std(451, 'Unavailable For Legal Reasons'),
  std(500, 'Internal Server Error'),
  std(501, 'Not Implemented'),
  std(502, 'Bad Gateway'),
  std(503, 'Service Unavailable'),
  std(504, 'Gateway Timeout'),
  std(505, 'HTTP Version Not Supported'),
  std(506, 'Variant Also Negotiates'),
  std(507, 'Insufficient Storage'),
  std(508, 'Loop Detected'),
  std(510, 'Not Extended'),
  std(511, 'Network Authentication Required'),
  // unofficial codes
  { code: 103, vendor: 'proxy', reason: 'Checkpoint' },
  { code: 218, vendor: 'apache', reason: 'This is fine' },
  { code: 419, vendor: 'laravel', reason: 'Page Expired' },
  { code: 420, vendor: 'spring', reason: 'Method Failure' },
  { code: 420, vendor: 'twitter', reason: 'Enhance Your Calm' },
  { code: 430, vendor: 'shopify', reason: 'Request Header Fields Too Large' },
  { code: 450, vendor: 'microsoft', reason: 'Parental Controls' },
  { code: 498, vendor: 'esri', reason: 'Invalid Token' },
  { code: 499, vendor: 'esri', reason: 'Token Required' },
  { code: 499, vendor: 'proxy', reason: 'antivirus' },
  { code: 508, vendor: 'apache', reason: 'Resource Limit' },
  { code: 509, vendor: 'apache', reason: 'Bandwidth Limit Exceeded' },
  { code: 529, vendor: 'qualys', reason: 'overloaded' },
  { code: 530, vendor: 'pantheon', reason: 'frozen' },
  { code: 598, vendor: 'proxy', reason: 'read timeout' },
  // IIS
  { code: 440, vendor: 'iis', reason: 'Login Time' },
  { code: 449, vendor: 'iis', reason: 'Retry With' },
  { code: 451, vendor: 'iis', reason: 'Redirect', fact: 'Autodiscover' },
  // nginx (494-497 are logged as 400)
  { code: 444, vendor: 'nginx', reason: 'No Response' },
  { code: 494, vendor: 'nginx', reason: 'Header Too Large', fact: '400' },
  { code: 495, vendor: 'nginx', reason: 'SSL Certificate Error', fact: '400' },
  { code: 496, vendor: 'nginx', reason: 'SSL Certificate Required', fact: '400' },
  { code: 497, vendor: 'nginx', reason: 'HTTP Request Sent to HTTPS Port', fact: '400' },
  { code: 499, vendor: 'nginx', reason: 'Client Closed Request' },
  // Cloudflare
  { code: 499, vendor: 'cloudflare', reason: 'Client Closed' },
  { code: 520, vendor: 'cloudflare', reason: 'Unknown Error', fact: 'empty' },
  { code: 521, vendor: 'cloudflare', reason: 'Web Server Is Down', fact: 'refused' },
  { code: 522, vendor: 'cloudflare', reason: 'Connection Timed Out' },
  { code: 523, vendor: 'cloudflare', reason: 'Origin Is Unreachable', fact: 'DNS' },
  { code: 524, vendor: 'cloudflare', reason: 'A Timeout Occurred', fact: '100 seconds' },
  { code: 525, vendor: 'cloudflare', reason: 'SSL Handshake Failed' },
  { code: 526, vendor: 'cloudflare', reason: 'Invalid SSL Certificate' },
  { code: 527, vendor: 'cloudflare', reason: 'Railgun' },
  { code: 530, vendor: 'cloudflare', reason: 'DNS', fact: '1xxx' },
  // AWS load balancers: the sheets give no reason phrase for 460/463/464
  { code: 460, vendor: 'aws-elb', fact: 'closed the connection' },
  { code: 463, vendor: 'aws-elb', fact: '30' },
  { code: 464, vendor: 'aws-elb', fact: 'protocol' },
  { code: 561, vendor: 'aws-elb', reason: 'Unauthorized', fact: 'identity provider' },
  // Not in the sheets: Traefik's own status for a cancelled request (its pkg/proxy/httputil, StatusClientClosedRequest)
  { code: 499, vendor: 'traefik', reason: 'Client Closed Request', fact: 'cancelled' },
];

const key = (code: number, vendor: string): string => `${code}/${vendor}`;

describe('registry contents', () => {
  it.each(EXPECTED)('registers $code for $vendor', ({ code, vendor, reason, fact }) => {
    const entry = allMeanings().find((meaning) => meaning.code === code && meaning.vendor === vendor);
    expect(entry, key(code, vendor)).toBeDefined();
    if (!entry) return;
    if (reason) expect(entry.reason.toLowerCase()).toContain(reason.toLowerCase());
    if (fact) expect(entry.description.toLowerCase()).toContain(fact.toLowerCase());
  });

  it('holds nothing beyond the codes the sheets name', () => {
    const expected = new Set(EXPECTED.map((e) => key(e.code, e.vendor)));
    const extra = allMeanings().filter((meaning) => !expected.has(key(meaning.code, meaning.vendor)));
    expect(extra.map((meaning) => key(meaning.code, meaning.vendor))).toEqual([]);
  });

  it('has one entry per code and vendor, ordered by code with standard first', () => {
    const all = allMeanings();
    expect(new Set(all.map((m) => key(m.code, m.vendor))).size).toBe(all.length);
    for (let i = 1; i < all.length; i++) {
      const previous = all[i - 1]!;
      const current = all[i]!;
      expect(previous.code <= current.code).toBe(true);
      if (previous.code === current.code) expect(current.vendor).not.toBe('standard');
    }
  });

  it('fills every field an on-call engineer reads', () => {
    for (const meaning of allMeanings()) {
      const id = key(meaning.code, meaning.vendor);
      expect(meaning.reason.trim(), id).not.toBe('');
      expect(meaning.description.trim().length, id).toBeGreaterThan(20);
      expect(meaning.class, id).toBe(`${Math.floor(meaning.code / 100)}xx`);
      expect(vendors, id).toContain(meaning.vendor);
      if (meaning.class === '4xx' || meaning.class === '5xx') {
        for (const field of [meaning.cause, meaning.lookFirst, meaning.retry]) {
          expect(field?.trim().length ?? 0, id).toBeGreaterThan(10);
        }
      }
    }
  });

  it('marks only standard codes official, except the April Fools 418', () => {
    for (const meaning of allMeanings()) {
      const expected = meaning.vendor === 'standard' && meaning.code !== 418;
      expect(meaning.official, key(meaning.code, meaning.vendor)).toBe(expected);
    }
  });

  it('marks exactly the heuristically cacheable codes of RFC 9110 as cacheable', () => {
    // The caching sheet lists 304 too; RFC 9110 does not (a 304 refreshes a stored
    // response rather than being stored), and the field follows the RFC.
    const cacheable = [200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501];
    const flagged = allMeanings().filter((m) => m.cacheable).map((m) => m.code);
    expect(flagged).toEqual(cacheable);
    for (const code of [302, 307, 400, 401, 403, 408, 409, 412, 415, 422, 429, 500, 502, 503, 504]) {
      expect(meaningFor(code, 'standard')?.cacheable, String(code)).toBe(false);
    }
  });

  it('keeps the former reason phrases of renamed codes', () => {
    const former: [number, string][] = [
      [302, 'Moved Temporarily'],
      [413, 'Payload Too Large'],
      [413, 'Request Entity Too Large'],
      [414, 'Request-URI Too Long'],
      [416, 'Requested Range Not Satisfiable'],
      [422, 'Unprocessable Entity'],
    ];
    for (const [code, phrase] of former) expect(meaningFor(code, 'standard')?.formerReasons, String(code)).toContain(phrase);
    expect(meaningFor(413, 'standard')?.reason).toBe('Content Too Large');
    expect(meaningFor(422, 'standard')?.reason).toBe('Unprocessable Content');
  });

  it('names the defining RFCs the sheets cite', () => {
    const cited: [number, string][] = [
      [102, 'RFC 2518'], [103, 'RFC 8297'], [206, 'RFC 7233'], [207, 'RFC 4918'], [208, 'RFC 5842'],
      [226, 'RFC 3229'], [304, 'RFC 7232'], [308, 'RFC 7538'], [401, 'RFC 7235'], [407, 'RFC 7235'],
      [412, 'RFC 7232'], [413, 'RFC 7231'], [414, 'RFC 7231'], [416, 'RFC 7233'], [418, 'RFC 2324'],
      [421, 'RFC 7540'], [422, 'RFC 4918'], [423, 'RFC 4918'], [424, 'RFC 4918'], [425, 'RFC 8470'],
      [428, 'RFC 6585'], [429, 'RFC 6585'], [431, 'RFC 6585'], [451, 'RFC 7725'], [506, 'RFC 2295'],
      [507, 'RFC 4918'], [508, 'RFC 5842'], [510, 'RFC 2774'], [511, 'RFC 6585'],
    ];
    for (const [code, rfc] of cited) expect(meaningFor(code, 'standard')?.rfc, String(code)).toContain(rfc);
    for (const meaning of allMeanings()) if (meaning.vendor !== 'standard') expect(meaning.rfc).toBeUndefined();
  });

  it('gives the HTTP version from the version table', () => {
    const table: [number, string][] = [
      [100, 'HTTP/1.1'], [101, 'HTTP/1.1'], [200, 'HTTP/0.9'], [201, 'HTTP/0.9'], [202, 'HTTP/0.9'],
      [203, 'HTTP/0.9'], [204, 'HTTP/0.9'], [205, 'HTTP/1.1'], [206, 'HTTP/1.1'], [300, 'HTTP/1.0'],
      [301, 'HTTP/0.9'], [302, 'HTTP/0.9'], [303, 'HTTP/0.9'], [304, 'HTTP/0.9'], [305, 'HTTP/1.1'],
      [306, 'HTTP/1.1'], [307, 'HTTP/1.1'], [400, 'HTTP/0.9'], [401, 'HTTP/0.9'], [402, 'HTTP/0.9'],
      [403, 'HTTP/0.9'], [404, 'HTTP/0.9'], [405, 'HTTP/1.1'], [406, 'HTTP/1.1'], [407, 'HTTP/1.1'],
      [408, 'HTTP/1.1'], [409, 'HTTP/1.1'], [410, 'HTTP/1.1'], [411, 'HTTP/1.1'], [412, 'HTTP/1.1'],
      [413, 'HTTP/1.1'], [414, 'HTTP/1.1'], [415, 'HTTP/1.1'], [416, 'HTTP/1.1'], [417, 'HTTP/1.1'],
      [500, 'HTTP/0.9'], [501, 'HTTP/0.9'], [502, 'HTTP/0.9'], [503, 'HTTP/0.9'], [504, 'HTTP/1.1'],
      [505, 'HTTP/1.1'],
    ];
    for (const [code, version] of table) {
      expect(meaningFor(code, 'standard')?.httpVersion?.startsWith(version), String(code)).toBe(true);
    }
    // 203, 303 and 402 were in the earliest drafts, left out of 1.0 and came back in 1.1.
    for (const code of [203, 303, 402]) expect(meaningFor(code, 'standard')?.httpVersion).toContain('1.1');
  });

  it('carries the 5xx triage guide', () => {
    expect(meaningFor(500, 'standard')?.cause).toMatch(/unhandled exception/i);
    expect(meaningFor(500, 'standard')?.lookFirst).toMatch(/error log/i);
    expect(meaningFor(500, 'standard')?.retry).toMatch(/never retry non-idempotent/i);
    expect(meaningFor(502, 'standard')?.cause).toMatch(/crashed/i);
    expect(meaningFor(502, 'standard')?.lookFirst).toMatch(/port/i);
    expect(meaningFor(502, 'standard')?.retry).toMatch(/backoff/i);
    expect(meaningFor(503, 'standard')?.cause).toMatch(/overload/i);
    expect(meaningFor(503, 'standard')?.lookFirst).toMatch(/CPU, memory/);
    expect(meaningFor(503, 'standard')?.lookFirst).toMatch(/deploy/);
    expect(meaningFor(503, 'standard')?.retry).toMatch(/Retry-After/);
    expect(meaningFor(504, 'standard')?.cause).toMatch(/too slow/i);
    expect(meaningFor(504, 'standard')?.lookFirst).toMatch(/slow-query/i);
    expect(meaningFor(504, 'standard')?.lookFirst).toMatch(/timeout/i);
    expect(meaningFor(504, 'standard')?.retry).toMatch(/exponential backoff/i);
    expect(meaningFor(504, 'standard')?.retry).toMatch(/raise the timeout/i);
  });

  it('cannot be changed through what it hands out', () => {
    const entry = meaningFor(502, 'standard');
    expect(Object.isFrozen(entry)).toBe(true);
    const list = meaningsOf(499);
    list.length = 0;
    expect(meaningsOf(499).length).toBeGreaterThan(0);
  });
});

describe('classOf', () => {
  it.each([
    [100, '1xx'], [199, '1xx'], [204, '2xx'], [399, '3xx'], [499, '4xx'], [500, '5xx'], [599, '5xx'],
    [0, 'other'], [9, 'other'], [99, 'other'], [600, 'other'], [1016, 'other'], [-1, 'other'], [404.5, 'other'], [Number.NaN, 'other'],
  ])('%s is %s', (code, expected) => {
    expect(classOf(code)).toBe(expected);
  });
});

describe('lookups', () => {
  it('lists every meaning of a code, standard first', () => {
    expect(meaningsOf(451).map((m) => m.vendor)).toEqual(['standard', 'iis']);
    expect(meaningsOf(451)[0]?.rfc).toBe('RFC 7725');
    expect(meaningsOf(499).map((m) => m.vendor).sort()).toEqual(['cloudflare', 'esri', 'nginx', 'proxy', 'traefik']);
    expect(meaningsOf(530).map((m) => m.vendor).sort()).toEqual(['cloudflare', 'pantheon']);
    expect(meaningsOf(420).map((m) => m.vendor).sort()).toEqual(['spring', 'twitter']);
    expect(meaningsOf(299)).toEqual([]);
  });

  it("prefers the vendor's own meaning, then the standard one", () => {
    expect(meaningFor(451, 'iis')?.reason).toBe('Redirect');
    expect(meaningFor(451, 'nginx')?.vendor).toBe('standard');
    expect(meaningFor(499, 'nginx')?.reason).toBe('Client Closed Request');
    expect(meaningFor(499, 'esri')?.reason).toBe('Token Required');
    expect(meaningFor(502, 'cloudflare')?.vendor).toBe('standard');
    expect(meaningFor(499, 'standard')).toBeUndefined();
    expect(meaningFor(420, 'nginx')).toBeUndefined();
    expect(meaningFor(299, 'standard')).toBeUndefined();
  });

  it('maps log vendors to code vendors', () => {
    for (const v of ['nginx', 'apache', 'iis', 'cloudflare', 'aws-elb'] as const) expect(vendorOfLog(v)).toBe(v);
    expect(vendorOfLog('caddy')).toBe('standard');
    expect(vendorOfLog('something-else')).toBe('standard');
    expect(vendorOfLog('')).toBe('standard');
  });

  it('lists the sixteen vendor ids', () => {
    expect([...vendors].sort()).toEqual(
      ['apache', 'aws-elb', 'cloudflare', 'esri', 'iis', 'laravel', 'microsoft', 'nginx', 'pantheon', 'proxy',
        'qualys', 'shopify', 'spring', 'standard', 'traefik', 'twitter'],
    );
    expect(vendors[0]).toBe('standard');
  });
});

describe('describeStatus', () => {
  it("uses the log vendor's meaning when it has one", () => {
    expect(describeStatus(499, 'nginx')).toMatchObject({ code: 499, class: '4xx', vendor: 'nginx', meaning: 'Client Closed Request' });
    expect(describeStatus(499, 'nginx').entry?.vendor).toBe('nginx');
    expect(describeStatus(460, 'aws-elb')).toMatchObject({ vendor: 'aws-elb', class: '4xx' });
    expect(describeStatus(521, 'cloudflare')).toMatchObject({ vendor: 'cloudflare', meaning: 'Web Server Is Down' });
    expect(describeStatus(451, 'iis')).toMatchObject({ vendor: 'iis', meaning: 'Redirect' });
  });

  it('falls back to the standard meaning', () => {
    expect(describeStatus(502, 'nginx')).toMatchObject({ vendor: 'standard', meaning: 'Bad Gateway', class: '5xx' });
    expect(describeStatus(451, 'nginx')).toMatchObject({ vendor: 'standard', meaning: 'Unavailable For Legal Reasons' });
    expect(describeStatus(200, 'caddy')).toMatchObject({ vendor: 'standard', meaning: 'OK' });
  });

  it('names codes the registry does not cover for that log', () => {
    expect(describeStatus(499, 'caddy')).toEqual({ code: 499, class: '4xx', vendor: 'standard', meaning: 'Unknown 4xx' });
    expect(describeStatus(530, 'apache')).toEqual({ code: 530, class: '5xx', vendor: 'standard', meaning: 'Unknown 5xx' });
    expect(describeStatus(299, 'nginx')).toEqual({ code: 299, class: '2xx', vendor: 'standard', meaning: 'Unknown 2xx' });
    expect(describeStatus(0, 'nginx')).toEqual({ code: 0, class: 'other', vendor: 'standard', meaning: 'Non-standard status' });
    expect(describeStatus(700, 'iis')).toMatchObject({ class: 'other', meaning: 'Non-standard status' });
  });
});
