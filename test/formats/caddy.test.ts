import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScanOutcome } from '../../src/formats/parser.js';
import { ABSENT } from '../../src/formats/record.js';
import { caddyFormats, goDurationToMs } from '../../src/formats/caddy.js';
import { cloudflareFormats } from '../../src/formats/cloudflare.js';

const caddy = caddyFormats[0]!;
const dir = fileURLToPath(new URL('../../fixtures/corpus/caddy/', import.meta.url));

function lines(name: string): string[] {
  return readFileSync(`${dir}${name}`, 'utf8').split('\n').filter((line) => line !== '');
}

const docker = lines('lnav-logfile_caddy_log.0-docker-compose-prefixed.log');
const plain = lines('lnav-logfile_caddy_log.1.ndjson');

describe('caddy-json', () => {
  it('reads an access entry exactly: float ts and duration, client_ip over remote_ip, host without port', () => {
    const parser = caddy.create();
    expect(parser.scan(plain[0]!)).toBe(ScanOutcome.Record);
    expect(parser.hot.status).toBe(200);
    expect(parser.hot.time).toBe(1716723772601);
    expect(parser.hot.bytes).toBe(3768);
    expect(parser.hot.durationMs).toBeCloseTo(17.557019, 9);
    expect(parser.record()).toMatchObject({
      format: 'caddy-json',
      vendor: 'caddy',
      method: 'GET',
      path: '/gentoo/gentoo-distfiles/distfiles/9b/tl-hrlatex.source-2021.tar.xz',
      protocol: 'HTTP/2.0',
      host: 'mirrors.tnonline.net',
      client: '10.10.10.117',
      userAgent: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      extra: { remote_ip: '10.5.1.1', logger: 'http.log.access.log17', host: 'mirrors.tnonline.net:400' },
    });
  });

  it('strips the docker compose prefix and ignores Caddy runtime lines', () => {
    const parser = caddy.create();
    expect(docker[0]!.startsWith('caddy  | {')).toBe(true);
    const outcomes = docker.map((line) => parser.scan(line));
    expect(outcomes.filter((o) => o === ScanOutcome.Record)).toHaveLength(4);
    expect(outcomes.filter((o) => o === ScanOutcome.Ignored)).toHaveLength(docker.length - 4);
    const first = docker.findIndex((line) => line.includes('"logger":"http.log.access"'));
    parser.scan(docker[first]!);
    expect(parser.record()).toMatchObject({ status: 304, method: 'GET', path: '/', host: 'localhost', client: '172.19.0.1' });
    expect(parser.hot.time).toBe(1761019828615);
  });

  it('reads string durations and ISO, nanosecond and common-log timestamps', () => {
    const parser = caddy.create();
    const base = '"logger":"http.log.access","msg":"handled request","request":{"method":"GET","uri":"/a?b=1","headers":{"referer":["https://x/"]}}';
    expect(parser.scan(`{"ts":"2024-05-26T11:42:52.601Z",${base},"duration":"1.2ms","size":10,"status":503}`)).toBe(ScanOutcome.Record);
    expect([parser.hot.status, parser.hot.time, parser.hot.durationMs, parser.hot.bytes]).toEqual([503, Date.UTC(2024, 4, 26, 11, 42, 52, 601), 1.2, 10]);
    expect(parser.record()).toMatchObject({ path: '/a', query: 'b=1', referer: 'https://x/', tzOffsetMinutes: 0 });
    parser.scan(`{"ts":1716723772601480700,${base},"duration":"1m2.5s","status":200}`);
    expect([parser.hot.time, parser.hot.durationMs]).toEqual([1716723772601, 62_500]);
    parser.scan(`{"ts":"26/May/2024:13:42:52 +0200",${base},"duration":17557019,"status":200}`);
    expect(parser.hot.time).toBe(Date.UTC(2024, 4, 26, 11, 42, 52));
    expect(parser.hot.durationMs).toBeCloseTo(17.557019, 9);
    expect(parser.record().tzOffsetMinutes).toBe(120);
  });

  it('parses Go duration strings', () => {
    expect(goDurationToMs('850µs')).toBeCloseTo(0.85, 9);
    expect(goDurationToMs('2h0m0s')).toBe(7_200_000);
    expect(goDurationToMs('0s')).toBe(0);
    expect(goDurationToMs('fast')).toBe(ABSENT);
  });

  it('keeps status 0, and reports non-JSON and statusless access entries as malformed', () => {
    const parser = caddy.create();
    expect(parser.scan('{"logger":"http.log.access","request":{},"status":0}')).toBe(ScanOutcome.Record);
    expect(parser.hot.status).toBe(0);
    expect(parser.scan('caddy exited with code 0')).toBe(ScanOutcome.Malformed);
    expect(parser.scan('{"logger":"http.log.access","request":{}}')).toBe(ScanOutcome.Malformed);
    expect(parser.reason).toEqual({ code: 'status-missing', detail: 'access entry without a status' });
    expect(parser.scan('{"logger":"http.log.access"')).toBe(ScanOutcome.Malformed);
    expect(parser.reason).toEqual({ code: 'json-invalid', detail: 'invalid JSON' });
  });

  it('tolerates a trailing \\r', () => {
    const parser = caddy.create();
    expect(parser.scan(`${plain[1]!}\r`)).toBe(ScanOutcome.Record);
  });

  it('scores access lines high, runtime lines low, and other formats\' JSON zero', () => {
    expect(caddy.match(plain[0]!)).toBeGreaterThanOrEqual(90);
    expect(caddy.match(docker[0]!)).toBeGreaterThan(0);
    expect(caddy.match(docker[0]!)).toBeLessThan(caddy.match(plain[0]!));
    const cf = readFileSync(fileURLToPath(new URL('../../fixtures/corpus/cloudflare/lnav-logfile_cloudflare.json.ndjson', import.meta.url)), 'utf8').trim();
    expect(caddy.match(cf)).toBe(0);
    expect(caddy.match('{"time_local":"26/May/2024:13:42:52 +0200","remote_addr":"1.2.3.4","request":"GET / HTTP/1.1","status":"200"}')).toBe(0);
    for (const line of docker) expect(cloudflareFormats[0]!.match(line)).toBe(0);
  });
});
