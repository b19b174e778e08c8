import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { parseExposition } from '../export/exposition.js';
import { stdoutOfCleanRun } from './run.js';

// Real IIS records whose #Fields: has neither sc-bytes nor time-taken nor cs-host.
const bare = 'fixtures/corpus/iis/lnav-logfile_w3c.0.log';
// Two #Fields: blocks, the first with sc-bytes, the second without.
const partial = 'fixtures/corpus/iis/handwritten-substatus-500-503.log';
// Envoy's documented example: a request that sent 0 bytes, logged as 0.
const zero = 'fixtures/corpus/envoy/envoyproxy-envoy-docs-access-log-usage-default-format.log';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-absent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: readonly string[]): Promise<string> {
  return await stdoutOfCleanRun(args);
}

describe('a field the log does not carry', () => {
  it('is absent from every human renderer, never 0 B or 0 ms', async () => {
    for (const view of ['report', 'triage']) {
      for (const output of ['table', 'markdown', 'html']) {
        const out = await run([view, '-o', output, bare]);
        expect(out, `${view} -o ${output}`).not.toMatch(/Bytes sent|Latency|\b0 B\b|\b0 ms\b/);
      }
    }
    // The same renderers do show a size that was logged as 0.
    expect(await run(['report', zero])).toMatch(/Bytes sent +0 B\n/);
    expect(await run(['report', '-o', 'markdown', zero])).toContain('- **Bytes sent:** 0 B');
  });

  it('is left out of the JSON report, and a size logged as 0 is kept', async () => {
    const report = JSON.parse(await run(['report', '-o', 'json', bare])) as Report;
    expect(report.lines.parsed).toBeGreaterThan(0);
    for (const key of ['bytes', 'bytesRecords', 'latencyMs'] as const) expect(key in report, key).toBe(false);
    expect(report.top.hosts).toEqual([]);
    expect(report.upstreamCodes).toEqual([]);
    expect(report.originCodes).toEqual([]);
    const logged = JSON.parse(await run(['report', '-o', 'json', zero])) as Report;
    expect([logged.bytes, logged.bytesRecords]).toEqual([0, 1]);
  });

  it('says how many requests carried it when only some lines did', async () => {
    const report = JSON.parse(await run(['report', '-o', 'json', partial])) as Report;
    const requests = Object.values(report.classes).reduce((sum, n) => sum + n, 0);
    expect(report.bytesRecords).toBeGreaterThan(0);
    expect(report.bytesRecords).toBeLessThan(requests);
    const table = await run(['report', partial]);
    expect(table).toContain(`(${report.bytesRecords} of ${requests} requests logged a size)`);
    expect(await run(['report', '-o', 'html', partial])).toContain(`(${report.bytesRecords} of ${requests} requests logged a size)`);
  });

  it('has no Prometheus samples: no duration histogram for a log without durations', async () => {
    const samples = parseExposition(await run(['report', '-o', 'prom', bare]));
    expect(samples.filter((s) => s.name === 'logcodes_http_responses_total').length).toBeGreaterThan(0);
    expect(samples.filter((s) => s.name.startsWith('logcodes_http_request_duration_seconds'))).toEqual([]);
    const timed = parseExposition(await run(['report', '-o', 'prom', partial]));
    expect(timed.find((s) => s.name === 'logcodes_http_request_duration_seconds_count')?.value).toBeGreaterThan(0);
  });

  it('stays absent through a summary file and merge, and CSV is unchanged by it', async () => {
    const file = join(dir, 'bare.json');
    writeFileSync(file, await run(['report', '-o', 'summary', bare]));
    const merged = JSON.parse(await run(['merge', '-o', 'json', file])) as Report;
    expect('bytes' in merged).toBe(false);
    expect(await run(['merge', file])).not.toContain('Bytes sent');
    const partialFile = join(dir, 'partial.json');
    writeFileSync(partialFile, await run(['report', '-o', 'summary', partial]));
    const both = JSON.parse(await run(['merge', '-o', 'json', file, partialFile])) as Report;
    const alone = JSON.parse(await run(['report', '-o', 'json', partial])) as Report;
    expect([both.bytes, both.bytesRecords]).toEqual([alone.bytes, alone.bytesRecords]);
    const csv = await run(['report', '-o', 'csv', bare]);
    expect(csv.split('\r\n')[0]).toBe('code,count,share,class,vendor,meaning');
  });

  it('--by host on a log without hosts says no record carries one', async () => {
    for (const output of ['table', 'markdown', 'html']) {
      expect(await run(['report', '-o', output, '--by', 'host', bare]), output).toContain('No record carries a host: the log does not log one.');
    }
  });
});
