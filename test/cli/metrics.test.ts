import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { meaningFor } from '../../src/codes/registry.js';
import type { CodeCount } from '../../src/model/counts.js';
import type { Report } from '../../src/model/report.js';
import { parseExposition, sumBy, type Sample } from '../export/exposition.js';
import { bin, repoRoot, runLogcodes } from './run.js';

/** Real lines from a real nginx (fixtures/real): upstream statuses, request times, every class. */
const realLines = readFileSync(`${repoRoot}fixtures/real/nginx-upstreaminfo.log`, 'utf8').trimEnd().split('\n');
const first = realLines.slice(0, 60);
const second = realLines.slice(60, 120);
const third = realLines.slice(120);

const started: ChildProcess[] = [];

afterEach(async () => {
  for (const child of started.splice(0)) await stop(child);
});

/** Stops a process this test started, by its pid, and waits for it to exit. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid!, 'SIGTERM');
  await exited;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Follower {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

/**
 * Starts `logcodes --follow FILE --metrics 127.0.0.1:0 -o json` and reads the port it chose from
 * stderr. The address is said once the file is open, so a line appended after it is counted;
 * `onAddress` runs as soon as the address arrives, in the same turn of the event loop.
 */
async function follow(file: string, onAddress?: () => void): Promise<Follower> {
  const child = spawn(process.execPath, [bin, '--follow', file, '--metrics', '127.0.0.1:0', '-o', 'json'], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    const before = stderr;
    stderr += chunk;
    if (!before.includes('/metrics\n') && stderr.includes('/metrics\n')) onAddress?.();
  });
  const url = await until('the metrics address', async () => /metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(stderr)?.[1]);
  return { child, url, stdout: () => stdout, stderr: () => stderr };
}

async function scrape(url: string, accept?: string): Promise<{ type: string; body: string }> {
  const response = await fetch(url, { headers: accept ? { accept } : {} });
  expect(response.status).toBe(200);
  return { type: response.headers.get('content-type') ?? '', body: await response.text() };
}

function parsedLines(samples: readonly Sample[]): number {
  return samples.find((sample) => sample.name === 'logcodes_lines_total' && sample.labels.outcome === 'parsed')?.value ?? -1;
}

function byCode(counts: readonly CodeCount[]): Map<string, number> {
  return new Map(counts.map((row) => [String(row.code), row.count]));
}

/** The batch report of the same lines, in one file. */
async function reportOf(lines: readonly string[], dir: string): Promise<Report> {
  const file = join(dir, 'all.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const result = await runLogcodes(['report', '-o', 'json', file]);
  return JSON.parse(result.stdout) as Report;
}

/** Appends, renames the file away and starts a new one, appends, then empties it in place (copytruncate). */
async function writeAcrossRotations(file: string, waitFor: (lines: number) => Promise<void>): Promise<void> {
  appendFileSync(file, `${first.join('\n')}\n`);
  await waitFor(first.length);
  renameSync(file, `${file}.1`);
  writeFileSync(file, `${second.join('\n')}\n`);
  await waitFor(first.length + second.length);
  truncateSync(file, 0);
  // The follower must see the file shrink before it grows again, as with logrotate's copytruncate.
  await new Promise((resolve) => setTimeout(resolve, 600));
  appendFileSync(file, `${third.join('\n')}\n`);
  await waitFor(realLines.length);
}

describe('--metrics while following', () => {
  it("serves counters equal to the report's across rotation and truncation", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logcodes-metrics-'));
    const file = join(dir, 'access.log');
    writeFileSync(file, '');
    const follower = await follow(file);
    const waitFor = async (lines: number): Promise<void> => {
      await until(`${lines} lines counted`, async () => (parsedLines(parseExposition((await scrape(follower.url)).body)) === lines ? true : undefined));
    };
    await writeAcrossRotations(file, waitFor);

    const text = await scrape(follower.url);
    expect(text.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const samples = parseExposition(text.body);
    const report = await reportOf(realLines, dir);
    expect(sumBy(samples, 'logcodes_http_responses_total', 'code')).toEqual(byCode(report.codes));
    expect(sumBy(samples, 'logcodes_http_responses_total', 'class')).toEqual(new Map(Object.entries(report.classes).filter(([, n]) => n > 0)));
    expect(sumBy(samples, 'logcodes_upstream_responses_total', 'code')).toEqual(byCode(report.upstreamCodes));
    expect(sumBy(samples, 'logcodes_lines_total', 'outcome')).toEqual(new Map([['parsed', realLines.length], ['malformed', 0], ['ignored', 0]]));
    expect(samples.find((s) => s.name === 'logcodes_follow_rotations_total')?.value).toBe(2);
    expect(samples.find((s) => s.name === 'logcodes_http_request_duration_seconds_count')?.value).toBe(report.latencyMs!.count);
    expect(samples.find((s) => s.name === 'logcodes_last_record_timestamp_seconds')!.value * 1000).toBe(Date.parse(report.span.last!));
    expect(new Set(samples.filter((s) => s.name === 'logcodes_http_responses_total').map((s) => s.labels.source))).toEqual(new Set([file]));
    // Labels are bounded by design: nothing from the request itself.
    const labelNames = new Set(samples.flatMap((sample) => Object.keys(sample.labels)));
    expect([...labelNames].sort()).toEqual(['class', 'code', 'le', 'outcome', 'reason', 'source', 'vendor_meaning']);

    const open = await scrape(follower.url, 'application/openmetrics-text; version=1.0.0; charset=utf-8,text/plain;version=0.0.4;q=0.5');
    expect(open.type).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(open.body.endsWith('# EOF\n')).toBe(true);
    expect(open.body).toContain('# TYPE logcodes_http_responses counter\n');
    expect(sumBy(parseExposition(open.body), 'logcodes_http_responses_total', 'code')).toEqual(byCode(report.codes));
    expect((await fetch(follower.url.replace('/metrics', '/'))).status).toBe(404);

    // The run ends as any live run does, with the final report; its counts are the scraped ones.
    await stop(follower.child);
    const final = JSON.parse(follower.stdout()) as Report;
    expect(byCode(final.codes)).toEqual(byCode(report.codes));
  });

  it('counts every line appended once the address is out, and none that were there before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logcodes-metrics-'));
    const file = join(dir, 'access.log');
    // Lines already in the file are history: following starts at its end.
    writeFileSync(file, `${first.join('\n')}\n`);
    const follower = await follow(file, () => appendFileSync(file, `${second.join('\n')}\n`));
    const counted = await until(`${second.length} lines counted`, async () => {
      const lines = parsedLines(parseExposition((await scrape(follower.url)).body));
      return lines === second.length ? lines : undefined;
    }, 10_000);
    expect(counted).toBe(second.length);
    expect(sumBy(parseExposition((await scrape(follower.url)).body), 'logcodes_http_responses_total', 'code')).toEqual(
      byCode((await reportOf(second, dir)).codes),
    );
  });

  it('refuses --metrics on a batch run, and a port in use, with one line and exit code 1', async () => {
    const batch = await runLogcodes(['report', '--metrics', '9464', `${repoRoot}fixtures/real/nginx-combined.log`]);
    expect(batch.code).toBe(1);
    expect(batch.stderr).toMatch(/^logcodes: --metrics serves a live run[^\n]*\n$/);

    const dir = mkdtempSync(join(tmpdir(), 'logcodes-metrics-'));
    const file = join(dir, 'access.log');
    writeFileSync(file, '');
    const holder = await follow(file);
    const taken = holder.url.replace(/^http:\/\/127\.0\.0\.1:(\d+)\/metrics$/, '$1');
    const clash = await runLogcodes(['--follow', file, '--metrics', `127.0.0.1:${taken}`]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toBe(`logcodes: --metrics 127.0.0.1:${taken}: the port is in use\n`);
  });
});

/** A port that was free a moment ago, for a server that cannot be told to pick its own. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface PromVector {
  status: string;
  data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

describe('--metrics scraped by Prometheus', () => {
  it('gives Prometheus the same totals, and the generated rules load and evaluate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logcodes-prometheus-'));
    const file = join(dir, 'access.log');
    writeFileSync(file, '');
    const follower = await follow(file);
    const target = follower.url.replace(/^http:\/\//, '').replace(/\/metrics$/, '');

    const rules = await runLogcodes(['rules', '--fail-on', '5xx>2%', '--fail-on', '502>1', '--for', '0s', '--window', '1m']);
    writeFileSync(join(dir, 'logcodes.rules.yml'), rules.stdout);
    writeFileSync(
      join(dir, 'prometheus.yml'),
      JSON.stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [join(dir, 'logcodes.rules.yml')],
        scrape_configs: [{ job_name: 'logcodes', static_configs: [{ targets: [target] }] }],
      }),
    );
    const port = await freePort();
    const prometheus = spawn(
      'prometheus',
      [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    started.push(prometheus);
    let prometheusLog = '';
    prometheus.stderr!.setEncoding('utf8').on('data', (chunk: string) => (prometheusLog += chunk));
    const api = `http://127.0.0.1:${port}/api/v1`;
    const query = async (promql: string): Promise<PromVector> => {
      const response = await fetch(`${api}/query?query=${encodeURIComponent(promql)}`);
      return (await response.json()) as PromVector;
    };
    try {
      await until('Prometheus to scrape logcodes', async () => ((await query('up{job="logcodes"}')).data.result[0]?.value[1] === '1' ? true : undefined), 45_000);

      const waitFor = async (lines: number): Promise<void> => {
        await until(`Prometheus to see ${lines} lines`, async () => {
          const result = (await query('logcodes_lines_total{outcome="parsed"}')).data.result;
          return result[0]?.value[1] === String(lines) ? true : undefined;
        });
      };
      await writeAcrossRotations(file, waitFor);

      const report = await reportOf(realLines, dir);
      const perCode = (await query('sum by (code) (logcodes_http_responses_total)')).data.result;
      expect(new Map(perCode.map((row) => [row.metric.code!, Number(row.value[1])]))).toEqual(byCode(report.codes));
      const upstream = (await query('sum by (code) (logcodes_upstream_responses_total)')).data.result;
      expect(new Map(upstream.map((row) => [row.metric.code!, Number(row.value[1])]))).toEqual(byCode(report.upstreamCodes));
      const rotations = (await query('logcodes_follow_rotations_total')).data.result;
      expect(rotations.map((row) => row.value[1])).toEqual(['2']);

      const loaded = await until('the rules to be evaluated', async () => {
        const response = (await (await fetch(`${api}/rules`)).json()) as { data: { groups: { rules: { name: string; health: string }[] }[] } };
        const all = response.data.groups.flatMap((group) => group.rules);
        return all.length === 2 && all.every((rule) => rule.health === 'ok') ? all : undefined;
      });
      expect(loaded.map((rule) => rule.name)).toEqual(['LogcodesHttp5xxAbove2Percent', 'LogcodesHttp502Above1']);
      // A series starts when its code is first seen, so rate() and increase() count from its second
      // scrape on: the errors keep coming (the last lines again, with 502s and over 2% 5xx), and both
      // alerts fire, carrying the advice for their code.
      appendFileSync(file, `${third.join('\n')}\n`);
      await waitFor(realLines.length + third.length);
      const firing = await until('the alerts to fire', async () => {
        const response = (await (await fetch(`${api}/alerts`)).json()) as { data: { alerts: { labels: Record<string, string>; annotations: Record<string, string>; state: string }[] } };
        const alerts = response.data.alerts.filter((alert) => alert.state === 'firing');
        return alerts.length === 2 ? alerts : undefined;
      });
      const bad = firing.find((alert) => alert.labels.alertname === 'LogcodesHttp502Above1')!;
      expect(bad.labels).toMatchObject({ instance: target, job: 'logcodes', logcodes_rule: '502>1' });
      expect(bad.annotations.look_first).toBe(meaningFor(502, 'standard')!.lookFirst);
      expect(bad.annotations.summary).toBe(`${target}: more than 1 502 (Bad Gateway) responses in 1m`);
    } catch (err) {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\nprometheus said:\n${prometheusLog.slice(-2000)}`);
    }
  }, 120_000);
});
