import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScanOutcome } from '../../src/formats/parser.js';
import { ABSENT } from '../../src/formats/record.js';
import { TraefikJsonParser, traefikFormats } from '../../src/formats/traefik.js';
import { builtinFormats } from '../../src/formats/builtin.js';
import { detectFormat } from '../../src/formats/detect.js';
import { scanAll } from './scan-all.js';

const dir = fileURLToPath(new URL('../../fixtures/corpus/traefik/', import.meta.url));
const lines = (name: string): string[] => readFileSync(`${dir}${name}`, 'utf8').split('\n').filter((line) => line !== '');

const json = [...lines('crowdsecurity-hub-traefik_json.ndjson'), ...lines('crowdsecurity-hub-traefik_base-http-scenario.ndjson')];
const clf = [...lines('crowdsecurity-hub-traefik_clf.log'), ...lines('elastic-beats-filebeat-traefik-access-test.log')];
const [traefikJson, traefikClf] = traefikFormats as [(typeof traefikFormats)[0], (typeof traefikFormats)[0]];

describe('traefik-json', () => {
  it('counts every request line of the real samples; a plugin debug line is the one malformed', () => {
    const parser = traefikJson.create();
    const outcomes = json.map((line) => parser.scan(line));
    expect(outcomes.filter((o) => o === ScanOutcome.Record)).toHaveLength(json.length - 1);
    const bad = json.filter((_, i) => outcomes[i] !== ScanOutcome.Record);
    expect(bad).toEqual([expect.stringMatching(/^DEBUG: CrowdsecBouncerTraefikPlugin/)]);
  });

  it('reads Duration in ns, StartUTC to the ms, the service address and the origin status', () => {
    const parser = traefikJson.create();
    expect(parser.scan(json[0]!)).toBe(ScanOutcome.Record);
    expect(parser.hot).toMatchObject({ status: 200, bytes: 357, durationMs: 0.357313, time: Date.UTC(2021, 11, 8, 14, 2, 43, 587) });
    expect(parser.record()).toMatchObject({
      vendor: 'traefik',
      method: 'GET',
      path: '/594VAEoi.save',
      host: 'test.docker.localhost',
      client: '172.17.0.1',
      upstream: ['172.17.0.3:80'],
      originStatus: 200,
      userAgent: 'Nikto',
      tzOffsetMinutes: 0,
      extra: { RouterName: 'test@docker', ServiceName: 'test@docker', entryPointName: 'http', OriginDurationMs: '0.324669' },
    });
  });

  it('takes the first entry of a forwarded ClientHost list as the client, and keeps the list', () => {
    const parser = traefikJson.create();
    const line = json.find((l) => l.includes('"ClientHost":"192.168.1.100,10.0.0.50"'))!;
    parser.scan(line);
    expect(parser.record()).toMatchObject({ client: '192.168.1.100', status: 204, originStatus: 0, extra: { ClientHost: '192.168.1.100,10.0.0.50' } });
  });

  it("ignores Traefik's own JSON messages and rejects statuses that are not digits", () => {
    const parser = traefikJson.create();
    expect(parser.scan('{"level":"info","msg":"Configuration loaded from flags.","time":"2024-01-01T00:00:00Z"}')).toBe(ScanOutcome.Ignored);
    expect(parser.scan('{"DownstreamStatus":5.02e2,"RequestMethod":"GET"}')).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('status-invalid');
    expect(parser.scan('{"DownstreamStatus":"502","RequestMethod":"GET"}')).toBe(ScanOutcome.Malformed);
    expect(parser.scan('{"RequestMethod":"GET","RouterName":"r@file"}')).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('status-unset');
    expect(parser.scan('{"DownstreamStatus":502,"Duration":')).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('json-invalid');
  });

  // Hand-written variants of a real line: escapes, spacing, numbers written other ways, other time keys.
  const real = json[0]!;
  const variants = [
    real,
    real.replace('"RequestPath":"/594VAEoi.save"', '"RequestPath":"/a\\"b\\u00e9?q=1"'),
    real.replace('"DownstreamStatus":200', '"DownstreamStatus" : 503'),
    real.replace('"Duration":357313', '"Duration":3.5e5'),
    real.replace('"DownstreamContentSize":357', '"DownstreamContentSize":null'),
    real.replace(/"StartUTC":"[^"]*",/, '').replace(/"StartLocal":"[^"]*",/, '"StartLocal":"2021-12-08T15:02:43.587782192+01:00",'),
    real.replace(/"StartUTC":"[^"]*",/, '').replace(/"StartLocal":"[^"]*",/, ''),
    real.replace('"StartUTC":"2021', '"StartUTC":"\\u0032021'),
    real.replace('"request_User-Agent":"Nikto"', '"request_User-Agent":"x\\"DownstreamStatus\\":999"'),
    `  ${real}  `,
    `${real}\r`,
  ];

  it('reads the hot fields from the raw text exactly as JSON.parse reads them', () => {
    for (const sample of [json, variants]) {
      expect(scanAll(new TraefikJsonParser(true), sample)).toEqual(scanAll(new TraefikJsonParser(false), sample));
    }
  });

  it('reads escaped strings in the record as JSON does', () => {
    const parser = traefikJson.create();
    parser.scan(variants[1]!);
    expect(parser.record()).toMatchObject({ path: '/a"bé', query: 'q=1' });
    parser.scan(variants[5]!);
    expect(parser.hot.time).toBe(Date.UTC(2021, 11, 8, 14, 2, 43, 587));
    expect(parser.record().tzOffsetMinutes).toBe(60);
    parser.scan(variants[6]!);
    expect(parser.hot.time).toBe(Date.UTC(2021, 11, 8, 14, 2, 43));
  });
});

describe('traefik-clf', () => {
  it('counts every record line of the real samples; the one with status "-" is reported as unset', () => {
    const parser = traefikClf.create();
    const outcomes = clf.map((line) => parser.scan(line));
    expect(outcomes.filter((o) => o === ScanOutcome.Record)).toHaveLength(clf.length - 1);
    const unset = clf.findIndex((_, i) => outcomes[i] !== ScanOutcome.Record);
    parser.scan(clf[unset]!);
    expect(parser.reason?.code).toBe('status-unset');
  });

  it('reads the duration, router, service URL and request count after the user agent', () => {
    const parser = traefikClf.create();
    const line = clf.find((l) => l.includes('"test@docker -> leaf@docker"'))!;
    expect(parser.scan(line)).toBe(ScanOutcome.Record);
    expect(parser.hot).toMatchObject({ status: 200, bytes: 352, durationMs: 42, time: Date.UTC(2024, 10, 24, 13, 38, 4) });
    expect(parser.record()).toMatchObject({
      vendor: 'traefik',
      method: 'GET',
      path: '/birthday',
      protocol: 'HTTP/2',
      client: '172.17.1.2',
      userAgent: 'Nikto',
      upstream: ['http://172.17.0.3:80'],
      extra: { RouterName: 'test@docker -> leaf@docker', RequestCount: '244' },
    });
    expect(parser.record().referer).toBeUndefined();
    // The tally takes the record of an error line, service URL included.
    expect(parser.detail).toBeUndefined();
    expect(parser.locateDetail).toBeUndefined();
  });

  it("reads older Traefik's bare '-' referer and a router name that lost its closing quote", () => {
    const parser = traefikClf.create();
    const beats = lines('elastic-beats-filebeat-traefik-access-test.log');
    parser.scan(beats[2]!);
    expect(parser.hot.durationMs).toBe(247);
    expect(parser.record()).toMatchObject({ upstream: ['http://172.19.0.6:14008'], extra: { RouterName: 'Host-host1-com-0', RequestCount: '13' } });
    expect(parser.record().userAgent).toMatch(/^Mozilla\/5\.0 \(iPhone/);
    parser.scan(beats[1]!);
    expect(parser.hot.durationMs).toBe(3);
    expect(parser.record()).toMatchObject({ referer: 'http://example.com/login', upstream: ['http://172.19.0.3:5601'], extra: { RouterName: 'Host-host1' } });
  });

  it('has no duration when the line does not end in <n>ms', () => {
    const parser = traefikClf.create();
    parser.scan(clf[0]!.replace(/ 0ms$/, ' 0s'));
    expect(parser.hot.durationMs).toBe(ABSENT);
  });

  it('is detected as traefik-clf among all formats, although the lines also fit Apache and nginx combined', () => {
    expect(detectFormat(clf, builtinFormats)?.format.name).toBe('traefik-clf');
    // A hint in the line (a \" escape for Apache, status 499 for nginx) does not tip it over.
    const escaped = clf[0]!.replace('"Nikto"', '"Nik\\"to"').replace('"-" "-"', '"-" "a\\"b"');
    const nginx499 = clf[0]!.replace('" 200 414 ', '" 499 414 ');
    expect(detectFormat([escaped], builtinFormats)?.format.name).toBe('traefik-clf');
    expect(detectFormat([nginx499], builtinFormats)?.format.name).toBe('traefik-clf');
  });
});
