import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apacheFormats } from '../../src/formats/apache.js';
import { compileApacheLogFormat } from '../../src/formats/logformat/apache.js';
import { nginxFormats } from '../../src/formats/nginx.js';
import { ScanOutcome, type FormatDefinition } from '../../src/formats/parser.js';
import type { LogRecord } from '../../src/formats/record.js';
import { checkedReason } from './reason.js';

const FORMATS = [...nginxFormats, ...apacheFormats];

function readLines(file: string): string[] {
  const text = readFileSync(new URL(`../../fixtures/corpus/apache/${file}`, import.meta.url), 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function ranking(lines: string[]): [string, number][] {
  return FORMATS.map((f): [string, number] => [f.name, lines.reduce((sum, line) => sum + f.match(line), 0)]).sort(
    (a, b) => b[1] - a[1],
  );
}

function format(name: string): FormatDefinition {
  const found = FORMATS.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no format ${name}`);
  return found;
}

function parseAll(definition: FormatDefinition, lines: string[]): { records: (LogRecord | undefined)[]; reasons: string[] } {
  const parser = definition.create();
  const records: (LogRecord | undefined)[] = [];
  const reasons: string[] = [];
  for (const line of lines) {
    const outcome = parser.scan(line);
    if (outcome === ScanOutcome.Record) {
      const rec = parser.record();
      expect(rec.status).toBe(parser.hot.status);
      records.push(rec);
    } else {
      expect(outcome).toBe(ScanOutcome.Malformed);
      reasons.push(checkedReason(parser).detail);
      records.push(undefined);
    }
  }
  return { records, reasons };
}

/**
 * [file, best format, parser used for the parse-rate check, minimum parse rate].
 * Files with no Apache-only signal ('-' bytes, lower-case \xhh, \", a non-'-'
 * ident, status '-') are byte-for-byte valid nginx combined too; by the
 * documented tie rule they go to nginx-combined, with apache-combined next.
 */
const APACHE_FILES: [string, string, string, number][] = [
  ['elastic-examples-apache_logs-semicomplete-2015.log', 'apache-combined', 'apache-combined', 1],
  ['nielsbasjes-logparser-hackers-access-combined.log', 'nginx-combined', 'apache-combined', 1],
  ['nielsbasjes-logparser-test-edgecases.log', 'apache-common', 'apache-common', 1],
  ['elastic-beats-filebeat-apache-access-test.log', 'apache-combined', 'apache-combined', 1],
  ['elastic-beats-filebeat-apache-access-darwin-2.4.23.log', 'apache-common', 'apache-common', 1],
  // Deliberately broken: line 3 has status '-'.
  ['logstash-patterns-core-httpd_spec-access-lines.log', 'apache-combined', 'apache-combined', 2 / 3],
  ['lnav-logfile_access_log.0.log', 'nginx-combined', 'apache-combined', 1],
  ['lnav-logfile_access_log.1-bad-request-dash.log', 'nginx-combined', 'apache-combined', 1],
  // The line without ident/user fields is tolerated.
  ['lnav-logfile_bad_access_log.0-missing-ident-fields.log', 'nginx-combined', 'apache-combined', 1],
  ['lnav-logfile_regexp_access_log.0-vhost-port-D.log', 'apache-vhost-combined', 'apache-vhost-combined', 1],
];

describe('Apache corpus', () => {
  for (const [file, expected, parserName, minParsed] of APACHE_FILES) {
    it(`${file}: best format ${expected}, ${parserName} parses >= ${(minParsed * 100).toFixed(0)}%`, () => {
      const lines = readLines(file);
      const ranked = ranking(lines);
      expect(ranked[0]![0]).toBe(expected);
      if (expected === 'nginx-combined') expect(ranked[1]![0]).toBe('apache-combined');
      const { records } = parseAll(format(parserName), lines);
      expect(records.filter((r) => r !== undefined).length / lines.length).toBeGreaterThanOrEqual(minParsed);
    });
  }

  it('ssl_request_log is recognized, and every line is malformed for lack of a status', () => {
    const lines = readLines('elastic-beats-filebeat-apache-access-ssl-request.log');
    expect(ranking(lines)[0]![0]).toBe('apache-ssl-request');
    const { records, reasons } = parseAll(format('apache-ssl-request'), lines);
    expect(records.every((r) => r === undefined)).toBe(true);
    expect(reasons).toHaveLength(2);
    for (const reason of reasons) expect(reason).toContain('no status field');
  });

  it('semicomplete: times, dash bytes and lower-case escapes in the referer', () => {
    const lines = readLines('elastic-examples-apache_logs-semicomplete-2015.log');
    const { records } = parseAll(format('apache-combined'), lines);
    expect(records[0]).toMatchObject({
      status: 200,
      bytes: 203023,
      client: '83.149.9.216',
      method: 'GET',
      path: '/presentations/logstash-monitorama-2013/images/kibana-search.png',
      protocol: 'HTTP/1.1',
      referer: 'http://semicomplete.com/presentations/logstash-monitorama-2013/',
      tzOffsetMinutes: 0,
      vendor: 'apache',
    });
    expect(records[0]!.time).toBe(Date.UTC(2015, 4, 17, 10, 5, 3));
    // line 77: "-" bytes (nothing sent)
    expect(records[76]).toMatchObject({ status: 200, bytes: 0, path: '/robots.txt' });
    // line 5851: cp1251 bytes, not UTF-8, so they read as Latin-1
    const cp1251 = [0xe4, 0xe5, 0xe3, 0xf2, 0xff, 0xf0, 0xed, 0xee, 0xe5];
    const tail = [0xec, 0xfb, 0xeb, 0xee];
    const expected = `http://${Buffer.from(cp1251).toString('latin1')}-${Buffer.from(tail).toString('latin1')}.${Buffer.from([0xf0, 0xf4]).toString('latin1')}/`;
    expect(records[5850]!.referer).toBe(expected);
    // non-monotonic request-start times stay as logged
    expect(records[77]!.time).toBe(Date.UTC(2015, 4, 17, 11, 5, 46));
    expect(records.filter((r) => r?.status === 500)).toHaveLength(lines.filter((l) => l.includes('" 500 ')).length);
  });

  it('beats test.log: 408 with "-" request, hostname client, vhost prefix', () => {
    const lines = readLines('elastic-beats-filebeat-apache-access-test.log');
    const { records } = parseAll(format('apache-combined'), lines);
    expect(records[0]).toMatchObject({ status: 404, bytes: 209, client: '::1', path: '/favicon.ico' });
    expect(records[2]).toMatchObject({ status: 408, bytes: 0, client: '::1' });
    expect(records[2]!.method).toBeUndefined();
    expect(records[2]!.extra?.request).toBeUndefined();
    expect(records[4]!.client).toBe('monitoring-server');
    expect(records[5]).toMatchObject({ status: 408, bytes: 152 });
    expect(records[6]).toMatchObject({ host: 'vhost1.domaine.fr', client: '123.123.123.123', bytes: 32953 });
  });

  it('edge cases: leading %, escaped quotes in a trailing field, TLS bytes as request', () => {
    const lines = readLines('nielsbasjes-logparser-test-edgecases.log');
    const { records } = parseAll(format('apache-common'), lines);
    expect(records[0]).toMatchObject({ status: 200, bytes: 1213, path: '/icons/powered_by_rh.png', query: 'aap=noot&res=1024x768' });
    expect(records[0]!.time).toBe(Date.UTC(2012, 11, 31, 22, 49, 40));
    expect(records[0]!.extra?.trailing).toContain('"\\"3780ff-4bd-4c1ce3df91380\\""');
    expect(records[2]).toMatchObject({ status: 404, bytes: 419 });
    expect(records[2]!.extra?.request).toBe('\u0016\u0003\u0001');
    expect(records[3]).toMatchObject({ status: 400, method: 'GET', path: ':@bxss.me::80/rpb.png' });
    expect(records[3]!.tzOffsetMinutes).toBe(480);
  });

  it('httpd_spec: e-mail user, empty referer, status "-" reported as malformed', () => {
    const lines = readLines('logstash-patterns-core-httpd_spec-access-lines.log');
    const { records, reasons } = parseAll(format('apache-combined'), lines);
    expect(records[1]).toMatchObject({ status: 400, user: 'username@example.com', query: 'token=blargh&client_id=15' });
    expect(records[1]!.referer).toBeUndefined();
    expect(records[2]).toBeUndefined();
    expect(reasons).toEqual(["status is '-'"]);
  });

  it('missing ident/user fields are tolerated', () => {
    const lines = readLines('lnav-logfile_bad_access_log.0-missing-ident-fields.log');
    const { records } = parseAll(format('apache-combined'), lines);
    expect(records[1]).toMatchObject({ status: 404, bytes: 46210, client: '192.168.202.254', path: '/vmw/vSphere/default/vmkboot.gz' });
    expect(records[1]!.user).toBeUndefined();
  });

  it('vhost_combined: server, port, ident, user; a custom format with %D reads the duration', () => {
    const lines = readLines('lnav-logfile_regexp_access_log.0-vhost-port-D.log');
    const { records } = parseAll(format('apache-vhost-combined'), lines);
    expect(records[0]).toMatchObject({
      status: 200,
      bytes: 17163,
      host: 'localhost',
      client: '178.20.184.42',
      user: 'jsmith',
      protocol: 'HTTP/2.0',
      path: '/secure/RapidBoard.jspa',
      query: 'rapidView=1295&selectedIssue=AA-409111&quickFilter=385508&quickFilter=387097',
      tzOffsetMinutes: -420,
    });
    expect(records[0]!.extra).toMatchObject({ port: '443', ident: '1j0vhgd' });
    expect(records[0]!.time).toBe(Date.UTC(2023, 6, 26, 7, 1, 26));

    const custom = compileApacheLogFormat('LogFormat "%v:%p %h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\" %D" vhost_timed');
    expect(custom.name).toBe('apache-vhost_timed');
    for (const line of lines) expect(custom.match(line)).toBeGreaterThan(format('apache-vhost-combined').match(line));
    const parsed = parseAll(custom, lines).records;
    expect(parsed[0]!.durationMs).toBe(116.075);
    expect(parsed[1]!.durationMs).toBe(156.302);
    expect(parsed[1]!.referer).toBe('https://localhost/secure/RapidBoard.jspa?rapidView=1843&view=planning.nodetail&issueLimit=100');
  });
});
