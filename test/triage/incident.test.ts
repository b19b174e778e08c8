import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CLOUDFLARE_INCIDENTS,
  CLOUDFLARE_START,
  IIS_INCIDENTS,
  IIS_START,
  NGINX_INCIDENTS,
  NGINX_START,
  cloudflareIncident,
  iisIncident,
  nginxIncident,
  type GeneratedLog,
} from '../../scripts/gen-incident.js';
import { meaningFor } from '../../src/codes/registry.js';
import { findFormat } from '../../src/formats/builtin.js';
import { ScanOutcome } from '../../src/formats/parser.js';
import type { Finding } from '../../src/model/findings.js';
import { Tally } from '../../src/tally/tally.js';
import { triage } from '../../src/triage/triage.js';

const minute = (start: number, offset: number): string => new Date(start + offset * 60_000).toISOString();

function findingsOf(log: GeneratedLog): Finding[] {
  const tally = new Tally();
  for (const record of log.records) tally.addRecord(record);
  return triage(tally.summarize());
}

function finding(findings: Finding[], code: number): Finding {
  const found = findings.find((f) => f.code === code);
  if (found === undefined) throw new Error(`no finding for ${code} among ${findings.map((f) => f.code).join(', ')}`);
  return found;
}

/** Counted straight from the generated records, not through the tally. */
function countOf(log: GeneratedLog, status: number): number {
  return log.records.filter((r) => r.status === status).length;
}

describe('triage of the nginx incident', () => {
  const log = nginxIncident();
  const findings = findingsOf(log);

  it('finds the dead upstream behind the 502s, from its first minute, with the retries that saved GETs', () => {
    const f = finding(findings, 502);
    expect(f.count).toBe(countOf(log, 502));
    expect(f.evidence.onset).toBe(minute(NGINX_START, NGINX_INCIDENTS.deadUpstream.from));
    expect(f.evidence.topUpstreams[0]!.value).toBe(NGINX_INCIDENTS.deadUpstream.upstream);
    expect(f.evidence.upstreamStatuses[0]!.value).toBe('502');
    const rescued = log.records.filter((r) => r.status < 400 && r.upstreamStatus?.join() === `502,${r.status}`).length;
    expect(rescued).toBeGreaterThan(0);
    expect(f.notes.join(' ')).toContain(`Another ${rescued} upstream 502s were retried`);
    expect(f.retry).toContain(meaningFor(502, 'nginx')!.retry!);
    expect(f.retry).toContain(`retry on the next upstream worked for ${rescued} requests`);
    expect(f.severity).toBe('critical');
  });

  it('finds the 60 s timeout behind the 504s on the slow path', () => {
    const f = finding(findings, 504);
    expect(f.count).toBe(countOf(log, 504));
    expect(f.evidence.onset).toBe(minute(NGINX_START, NGINX_INCIDENTS.slowBackend.from));
    expect(f.evidence.timeoutMs).toBe(NGINX_INCIDENTS.slowBackend.timeoutMs);
    expect(f.evidence.topPaths[0]!.value).toBe(NGINX_INCIDENTS.slowBackend.path);
    expect(f.evidence.topUpstreams[0]!.value).toBe(NGINX_INCIDENTS.slowBackend.upstream);
    expect(f.headline).toContain('a 60 s timeout fired (proxy_read_timeout?)');
  });

  it('reads the rising 499s as clients giving up on the slow upstream', () => {
    const f = finding(findings, 499);
    expect(f.evidence.onset).toBe(minute(NGINX_START, NGINX_INCIDENTS.slowBackend.from));
    expect(f.evidence.topPaths[0]!.value).toBe(NGINX_INCIDENTS.slowBackend.path);
    expect(f.headline).toContain('clients gave up on a slow upstream');
    expect(f.evidence.latencyMs!.p50).toBeGreaterThan(8_000);
  });

  it('dates the maintenance 503s and sees that no upstream answered them', () => {
    const f = finding(findings, 503);
    expect(f.count).toBe(countOf(log, 503));
    expect(f.evidence.onset).toBe(minute(NGINX_START, NGINX_INCIDENTS.maintenance.from));
    expect(f.evidence.firstSeen! >= minute(NGINX_START, NGINX_INCIDENTS.maintenance.from)).toBe(true);
    expect(f.evidence.lastSeen! < minute(NGINX_START, NGINX_INCIDENTS.maintenance.to)).toBe(true);
    expect(f.headline).toContain('no upstream');
  });

  it('calls the 500s a baseline trickle and ranks them after the incidents', () => {
    const f = finding(findings, 500);
    expect(f.evidence.onset).toBeUndefined();
    expect(f.headline).toContain('steady trickle');
    expect(['low', 'info']).toContain(f.severity);
    expect(findings[findings.length - 1]!.code).toBe(500);
    // Nothing for the 404s: they are not a server problem.
    expect(findings.some((x) => x.code === 404)).toBe(false);
  });
});

describe('triage of the Cloudflare incident', () => {
  const log = cloudflareIncident();
  const findings = findingsOf(log);

  it.each([CLOUDFLARE_INCIDENTS.originTimeout, CLOUDFLARE_INCIDENTS.originRefused])(
    'finds the $code burst on $host from its first minute, with the origin never answering',
    (incident) => {
      const f = finding(findings, incident.code);
      expect(f.count).toBe(countOf(log, incident.code));
      expect(f.vendor).toBe(meaningFor(incident.code, 'cloudflare')!.vendor);
      expect(f.evidence.onset).toBe(minute(CLOUDFLARE_START, incident.from));
      expect(f.evidence.topHosts[0]).toEqual({ value: incident.host, count: f.count });
      expect(f.evidence.originStatuses).toEqual([{ value: '0', count: f.count }]);
      expect(f.notes.join(' ')).toContain('the origin never answered');
    },
  );

  it('reads the 19 s of the 522s as the connection timeout to the origin', () => {
    const f = finding(findings, 522);
    expect(f.evidence.timeoutMs).toBe(19_000);
    expect(f.notes.join(' ')).toContain("Cloudflare's connection timeout to the origin");
  });
});

describe('triage of the IIS incident', () => {
  const log = iisIncident();
  const findings = findingsOf(log);

  it('finds the 503.2 run as the concurrent request limit', () => {
    const f = finding(findings, 503);
    expect(f.count).toBe(countOf(log, 503));
    expect(f.evidence.onset).toBe(minute(IIS_START, IIS_INCIDENTS.concurrencyLimit.from));
    expect(f.evidence.subStatuses).toEqual([{ value: IIS_INCIDENTS.concurrencyLimit.status, count: f.count }]);
    expect(f.headline).toContain('appConcurrentRequestLimit');
    // The sub-status decides whether a retry helps: its advice stands instead of the 503's generic one.
    expect(f.retry).toBe('Retry after a short delay; the limit frees up as running requests finish.');
  });

  it('finds the 500.19 after the deploy as broken configuration, where retrying does not help', () => {
    const f = finding(findings, 500);
    expect(f.evidence.onset).toBe(minute(IIS_START, IIS_INCIDENTS.brokenConfig.from));
    expect(f.evidence.subStatuses[0]!.value).toBe(IIS_INCIDENTS.brokenConfig.status);
    expect(f.headline).toContain('web.config');
    expect(f.retry).toBe('Retrying will not help until the configuration is fixed.');
    expect(findings[0]!.code).toBe(500);
  });
});

describe('the written fixture files, read by the real parsers', () => {
  const cases = [
    { file: 'nginx-incident.log', formatName: 'nginx-upstreaminfo', generate: nginxIncident },
    { file: 'cloudflare-incident.ndjson', formatName: 'cloudflare-json', generate: cloudflareIncident },
    { file: 'iis-incident.log', formatName: 'iis-w3c', generate: iisIncident },
  ];

  it.each(cases)('$file read as $formatName gives the same findings as the generated records', ({ formatName, generate }) => {
    const log = generate();
    const format = findFormat(formatName);
    expect(format).toBeDefined();
    const parser = format!.create();
    const tally = new Tally();
    const text = readFileSync(new URL(`../../fixtures/incident/${log.file}`, import.meta.url), 'utf8');
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    expect(lines).toEqual(log.lines);
    let malformed = 0;
    for (const line of lines) {
      const outcome = parser.scan(line);
      if (outcome === ScanOutcome.Record) tally.addScanned(parser);
      else if (outcome === ScanOutcome.Malformed) malformed++;
      else tally.addIgnored(parser.ignoredCode!);
    }
    expect(malformed).toBe(0);
    const parsed = tally.summarize();
    expect(parsed.requests).toBe(log.records.length);
    const fromFile = triage(parsed);
    const fromRecords = findingsOf(log);
    const essentials = (f: Finding): unknown => ({
      code: f.code,
      count: f.count,
      severity: f.severity,
      headline: f.headline,
      onset: f.evidence.onset,
      peak: f.evidence.peak,
      timeoutMs: f.evidence.timeoutMs,
      topPaths: f.evidence.topPaths,
      topHosts: f.evidence.topHosts,
      topUpstreams: f.evidence.topUpstreams,
      subStatuses: f.evidence.subStatuses,
      originStatuses: f.evidence.originStatuses,
      upstreamStatuses: f.evidence.upstreamStatuses,
    });
    expect(fromFile.map(essentials)).toEqual(fromRecords.map(essentials));
  });
});
