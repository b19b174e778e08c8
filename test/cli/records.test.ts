import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_KEYS } from '../../src/export/records.js';
import type { CodeCount } from '../../src/model/counts.js';
import type { Report } from '../../src/model/report.js';
import { repoRoot, runLogcodes, stdoutOfCleanRun } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-records-'));
const real = (name: string): string => `${repoRoot}fixtures/real/${name}`;
/** The log_format line from the server config, as a user pastes it. */
const upstreamFormat = readFileSync(real('nginx-upstream.log_format'), 'utf8').trim();

let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
});

afterAll(() => {
  db.closeSync();
  instance.closeSync();
});

async function records(args: readonly string[]): Promise<string> {
  return stdoutOfCleanRun(['records', ...args]);
}

async function report(args: readonly string[]): Promise<Report> {
  const result = await runLogcodes(['report', '-o', 'json', ...args]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

/** Writes NDJSON gzipped, as the README suggests storing it, and returns the path. */
function store(name: string, ndjson: string): string {
  const path = join(dir, `${name}.ndjson.gz`);
  writeFileSync(path, gzipSync(ndjson));
  return path;
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await db.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

function sorted(counts: readonly CodeCount[]): CodeCount[] {
  return [...counts].map(({ code, count }) => ({ code, count })).sort((a, b) => a.code - b.code);
}

describe('logcodes records into DuckDB', () => {
  it("gives the report's per-code and upstream counts over real nginx and Apache logs", async () => {
    const nginx = await records(['--log-format', upstreamFormat, real('nginx-upstream.log')]);
    const apache = await records([real('apache-combined.log')]);
    const path = store('real', nginx + apache);

    const codes = await query(`SELECT status::INTEGER AS code, count(*)::INTEGER AS count FROM read_json_auto('${path}') GROUP BY status ORDER BY status`);
    const nginxReport = await report(['--log-format', upstreamFormat, real('nginx-upstream.log')]);
    const apacheReport = await report([real('apache-combined.log')]);
    const expected = new Map<number, number>();
    for (const row of [...nginxReport.codes, ...apacheReport.codes]) expected.set(row.code, (expected.get(row.code) ?? 0) + row.count);
    expect(codes).toEqual([...expected].sort((a, b) => a[0] - b[0]).map(([code, count]) => ({ code, count })));
    expect(codes.length).toBeGreaterThan(5);

    // Each element of $upstream_status is one upstream response, as the report counts them.
    const upstream = await query(
      `SELECT s::INTEGER AS code, count(*)::INTEGER AS count FROM (SELECT unnest(upstream_status) AS s FROM read_json_auto('${path}'))
       WHERE s IS NOT NULL GROUP BY s ORDER BY s`,
    );
    expect(upstream).toEqual(sorted(nginxReport.upstreamCodes));
    expect(upstream.length).toBeGreaterThan(1);

    const perSource = await query(`SELECT source, format, count(*)::INTEGER AS n, max(line)::INTEGER AS last FROM read_json_auto('${path}') GROUP BY ALL ORDER BY source`);
    expect(perSource).toEqual([
      { source: real('apache-combined.log'), format: 'apache-combined', n: apacheReport.lines.parsed, last: apacheReport.sources[0]!.lines },
      { source: real('nginx-upstream.log'), format: 'nginx-custom', n: nginxReport.lines.parsed, last: nginxReport.sources[0]!.lines },
    ]);
  });

  it('reads times as UTC timestamps and durations in seconds', async () => {
    const path = store('typed', await records(['--log-format', upstreamFormat, real('nginx-upstream.log')]));
    const [types] = await query(`SELECT typeof(time) AS time, typeof(duration_s) AS duration, typeof(upstream_status) AS upstream FROM read_json_auto('${path}') LIMIT 1`);
    expect(types).toEqual({ time: 'TIMESTAMP', duration: 'DOUBLE', upstream: 'BIGINT[]' });
    const nginxReport = await report(['--log-format', upstreamFormat, real('nginx-upstream.log')]);
    const [span] = await query(`SELECT strftime(min(time), '%Y-%m-%dT%H:%M:%S.000Z') AS first, strftime(max(time), '%Y-%m-%dT%H:%M:%S.000Z') AS last, max(duration_s) * 1000 AS maxMs FROM read_json_auto('${path}')`);
    expect(span).toMatchObject({ first: nginxReport.span.first, last: nginxReport.span.last });
    expect(span!.maxMs).toBeCloseTo(nginxReport.latencyMs!.max, 0);
  });

  it('carries origin, sub-status and win32 status, and honours --since/--until like the report', async () => {
    const window = ['--since', '2026-03-02T14:20Z', '--until', '2026-03-02T14:40Z'];
    const cloudflare = `${repoRoot}fixtures/incident/cloudflare-incident.ndjson`;
    const iis = `${repoRoot}fixtures/incident/iis-incident.log`;
    const cfPath = store('cloudflare', await records([...window, cloudflare]));
    const cfReport = await report([...window, cloudflare]);
    expect(cfReport.classes['2xx']).toBeGreaterThan(0);
    expect(await query(`SELECT status::INTEGER AS code, count(*)::INTEGER AS count FROM read_json_auto('${cfPath}') GROUP BY status ORDER BY status`)).toEqual(
      sorted(cfReport.codes),
    );
    expect(
      await query(`SELECT origin_status::INTEGER AS code, count(*)::INTEGER AS count FROM read_json_auto('${cfPath}') WHERE origin_status IS NOT NULL GROUP BY ALL ORDER BY 1`),
    ).toEqual(sorted(cfReport.originCodes));

    const iisPath = store('iis', await records([iis]));
    const iisReport = await report([iis]);
    const finding503 = iisReport.triage.find((f) => f.code === 503);
    const subStatuses = await query(
      `SELECT status || '.' || sub_status AS value, count(*)::INTEGER AS count FROM read_json_auto('${iisPath}') WHERE status = 503 GROUP BY ALL ORDER BY count DESC, value`,
    );
    expect(subStatuses).toEqual(finding503!.evidence.subStatuses);
    const win32 = await query(
      `SELECT win32_status::VARCHAR AS value, count(*)::INTEGER AS count FROM read_json_auto('${iisPath}') WHERE status = 503 GROUP BY ALL ORDER BY count DESC, value`,
    );
    expect(win32).toEqual(finding503!.evidence.win32Statuses);
    expect(win32.length).toBeGreaterThan(0);
  });

  it("carries each format's own reason for a failure as signals, as the report's triage counts them", async () => {
    const proxies = [
      'alb/vectordotdev-vrl-parse_aws_alb_log-tests.log',
      'haproxy/debian-haproxy-2.6-httplog-raw.log',
      'envoy/handwritten-response-flags.log',
      'cloudfront/awsdocs-cloudfront-developer-guide-AccessLogs-example.log',
      'gcp/handwritten-backend-failures.ndjson',
    ].map((name) => `${repoRoot}fixtures/corpus/${name}`);
    const ndjson = await Promise.all(proxies.map((file) => records([file])));
    const path = store('signals', ndjson.join(''));
    const [types] = await query(`SELECT typeof(signals) AS signals FROM read_json_auto('${path}') LIMIT 1`);
    expect(types).toEqual({ signals: 'STRUCT(kind VARCHAR, "value" VARCHAR)[]' });
    const rows = await query(
      `SELECT source, status::INTEGER AS code, s.kind AS kind, s.value AS value, count(*)::INTEGER AS count
       FROM (SELECT source, status, unnest(signals) AS s FROM read_json_auto('${path}')) GROUP BY ALL ORDER BY ALL`,
    );
    const expected: Record<string, unknown>[] = [];
    const triaged = new Set<string>();
    for (const file of proxies) {
      for (const finding of (await report([file])).triage) {
        triaged.add(`${file} ${finding.code}`);
        for (const signal of finding.evidence.signals ?? []) {
          for (const { value, count } of signal.values) expected.push({ source: file, code: finding.code, kind: signal.kind, value, count });
        }
      }
    }
    const key = (row: Record<string, unknown>): string => `${row.source} ${row.code} ${row.kind} ${row.value}`;
    // The triage looks at the codes it finds worth a finding; the records carry every line's signal.
    const ofTriagedCodes = rows.filter((row) => triaged.has(`${row.source} ${row.code}`));
    expect(ofTriagedCodes).toEqual([...expected].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)));
    expect(new Set(expected.map((row) => row.kind)).size).toBe(5);
    expect(rows.length).toBeGreaterThan(ofTriagedCodes.length);
  });

  it('has every key on every line, null where the log has no such field', async () => {
    const lines = (await records([real('nginx-combined.log')])).trimEnd().split('\n');
    for (const line of lines) expect(Object.keys(JSON.parse(line) as object)).toEqual(RECORD_KEYS);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ host: null, duration_s: null, upstream: null, origin_status: null, format: 'nginx-combined', line: 1 });
  });

  it('reports a missing file on stderr with exit code 1 and still writes the others', async () => {
    const result = await runLogcodes(['records', join(dir, 'missing.log'), real('nginx-combined.log')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`logcodes: ${join(dir, 'missing.log')}: no such file\n`);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(177);
  });
});
