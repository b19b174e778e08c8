import { describe, expect, it } from 'vitest';
import {
  apacheCombined,
  apacheCombinedIo,
  apacheCommon,
  apacheFormats,
  apacheSslRequest,
  apacheVhostCombined,
} from '../../src/formats/apache.js';
import { nginxCombined, nginxMain } from '../../src/formats/nginx.js';
import { ScanOutcome } from '../../src/formats/parser.js';

// Hand-written lines following mod_log_config's output rules (FORMATS.md section 2).
const COMBINED = '192.0.2.10 - - [18/Sep/2011:19:18:28 -0400] "GET /index.html HTTP/1.1" 200 4523 "http://example.org/" "Mozilla/5.0"';
const COMMON = '192.0.2.10 - - [18/Sep/2011:19:18:28 -0400] "GET /index.html HTTP/1.1" 200 4523';

describe('Apache format definitions', () => {
  it('each has a description, detection rule and an example it recognizes', () => {
    for (const definition of apacheFormats) {
      expect(definition.vendor).toBe('apache');
      expect(definition.description.length).toBeGreaterThan(20);
      expect(definition.detection.length).toBeGreaterThan(20);
      expect(definition.match(definition.example)).toBeGreaterThan(0);
    }
  });

  it('Apache-only signals give Apache the line and nginx nothing', () => {
    for (const line of [
      COMBINED.replace('" 200 4523', '" 304 -'),
      COMBINED.replace('Mozilla/5.0', 'Mozilla \\xe4\\xe5'),
      COMBINED.replace('Mozilla/5.0', 'say \\"hi\\"'),
      COMBINED.replace('192.0.2.10 - -', '192.0.2.10 identd -'),
    ]) {
      expect(apacheCombined.match(line)).toBeGreaterThan(nginxCombined.match(COMBINED));
      expect(nginxCombined.match(line)).toBe(0);
      expect(nginxMain.match(line)).toBe(0);
    }
  });

  it('common lines go to apache-common, combined lines to apache-combined', () => {
    expect(apacheCommon.match(COMMON)).toBeGreaterThan(apacheCombined.match(COMMON));
    expect(nginxCombined.match(COMMON)).toBe(0);
    expect(apacheCombined.match(COMBINED)).toBeGreaterThan(apacheCommon.match(COMBINED));
  });

  it('combinedio scores above combined on lines with %I %O and reads them', () => {
    const line = `${COMBINED} 431 4890`;
    expect(apacheCombinedIo.match(line)).toBeGreaterThan(apacheCombined.match(line));
    expect(apacheCombinedIo.match(line)).toBeGreaterThan(nginxCombined.match(line));
    const parser = apacheCombinedIo.create();
    expect(parser.scan(line)).toBe(ScanOutcome.Record);
    expect(parser.hot.bytes).toBe(4523);
    expect(parser.record().extra).toMatchObject({ bytesIn: '431' });
    expect(apacheCombinedIo.match(COMBINED)).toBe(0);
  });

  it('vhost_combined needs name:port before the client', () => {
    const line = `www.example.org:80 ${COMBINED}`;
    expect(apacheVhostCombined.match(line)).toBeGreaterThan(apacheCombined.match(line));
    expect(apacheVhostCombined.match(line)).toBeGreaterThan(nginxCombined.match(line));
    expect(apacheVhostCombined.match(COMBINED)).toBe(0);
    const parser = apacheVhostCombined.create();
    expect(parser.scan(line)).toBe(ScanOutcome.Record);
    expect(parser.record()).toMatchObject({ host: 'www.example.org', client: '192.0.2.10', status: 200 });
  });

  it('reads time, zone, "-" bytes as 0, and C escapes in quoted fields', () => {
    const parser = apacheCombined.create();
    expect(parser.scan('192.0.2.10 - - [18/Sep/2011:19:18:28 -0400] "GET /a\\\\b HTTP/1.1" 304 - "-" "tab\\there"')).toBe(ScanOutcome.Record);
    expect(parser.hot.time).toBe(Date.UTC(2011, 8, 18, 23, 18, 28));
    expect(parser.hot.bytes).toBe(0);
    const rec = parser.record();
    expect(rec.tzOffsetMinutes).toBe(-240);
    expect(rec.path).toBe('/a\\b');
    expect(rec.userAgent).toBe('tab\there');
  });

  it('a request with an escaped quote does not end the request field early', () => {
    const parser = apacheCombined.create();
    expect(parser.scan('192.0.2.10 - - [18/Sep/2011:19:18:28 -0400] "GET /q?a=\\" 200 1 HTTP/1.1" 404 10 "-" "-"')).toBe(ScanOutcome.Record);
    expect(parser.hot.status).toBe(404);
    expect(parser.record().query).toBe('a=" 200 1');
  });

  it('ssl_request_log lines are recognized but never records', () => {
    const parser = apacheSslRequest.create();
    expect(parser.scan(apacheSslRequest.example)).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('status-missing');
    expect(parser.reason?.detail).toContain('no status field');
    expect(parser.scan(COMBINED)).toBe(ScanOutcome.Malformed);
    expect(parser.reason?.code).toBe('format-mismatch');
    expect(apacheSslRequest.match(COMBINED)).toBe(0);
    expect(nginxCombined.match(apacheSslRequest.example)).toBe(0);
  });
});
