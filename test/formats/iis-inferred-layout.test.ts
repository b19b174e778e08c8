import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScanOutcome } from '../../src/formats/parser.js';
import { iisFormats, splitW3cValues } from '../../src/formats/iis.js';
import { inferIisFields } from '../../src/formats/iis-inferred-layout.js';

const dir = fileURLToPath(new URL('../../fixtures/corpus/iis/', import.meta.url));
const lines = (name: string): string[] => readFileSync(`${dir}${name}`, 'utf8').split('\n').filter((line) => line !== '');
const w3c = iisFormats[0]!;

const DEFAULT_15 = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';

describe('IIS records without a #Fields: line', () => {
  it("Beats' headerless records: the default set, with X-Forwarded-For, and the extended set", () => {
    const cases: [string, string][] = [
      ['elastic-beats-filebeat-iis-access-test-iis-7.2.log', DEFAULT_15],
      ['elastic-beats-filebeat-iis-access-test-x-forward-for.log', `${DEFAULT_15} X-Forwarded-For`],
      [
        'elastic-beats-filebeat-iis-access-test-x-forward-for-extended.log',
        'date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken X-Forwarded-For',
      ],
    ];
    let counted = 0;
    for (const [file, fields] of cases) {
      const parser = w3c.create();
      for (const line of lines(file)) {
        expect(parser.scan(line), line).toBe(ScanOutcome.Record);
        expect(parser.record().extra?.['layout']).toBe(`inferred (no #Fields: line): ${fields}`);
        counted++;
      }
    }
    expect(counted).toBe(20);
  });

  it('reads the inferred fields into the record', () => {
    const parser = w3c.create();
    parser.scan(lines('elastic-beats-filebeat-iis-access-test-x-forward-for-extended.log')[0]!);
    expect(parser.hot).toMatchObject({ status: 404, bytes: 1437, durationMs: 0, time: Date.UTC(2020, 9, 4, 22, 0, 34) });
    expect(parser.record()).toMatchObject({
      method: 'GET',
      path: '/favicon.ico',
      host: 'images.hogeschoolrotterdam.nl',
      protocol: 'HTTP/1.1',
      client: '10.24.136.240',
      subStatus: 0,
      win32Status: 2,
      extra: { 's-sitename': 'W3SVC2', 's-computername': 'freca1', 'x-forwarded-for': '116.189.86.89' },
    });
  });

  it('prefers a #Fields: line when one appears, and infers again only without one', () => {
    const parser = w3c.create();
    const headerless = lines('elastic-beats-filebeat-iis-access-test-iis-7.2.log')[2]!;
    parser.scan(headerless);
    expect(parser.record().extra?.['layout']).toMatch(/^inferred/);
    // A declared layout that differs from the inferred one is followed: here cs-uri-query is read as the port.
    parser.scan('#Fields: date time s-ip cs-method cs-uri-stem s-port cs-uri-query cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken');
    parser.scan(headerless);
    expect(parser.record().extra?.['layout']).toBeUndefined();
    expect(parser.record().query).toBe('443');
  });

  it('rejects a record no IIS set fits, with the reason', () => {
    const parser = w3c.create();
    expect(parser.scan('2020-10-07 23:00:17 GET 200')).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('header-missing');
    expect(inferIisFields(splitW3cValues('2020-10-07 23:00:17 10.0.0.1 GET /a - notaport - 10.0.0.2 UA - 200 0 0 5'))).toBeUndefined();
  });
});
