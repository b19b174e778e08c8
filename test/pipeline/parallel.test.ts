import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinFormats, findFormat } from '../../src/formats/index.js';
import { analyze, type AnalyzeOptions } from '../../src/pipeline/analyze.js';
import { parallelAllowedByEnv } from '../../src/pipeline/parallel.js';
import type { TimeWindow } from '../../src/pipeline/window.js';
import { assembleReport } from '../../src/cli/run-report.js';
import type { Report } from '../../src/report/model.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (path: string): string => join(repoRoot, 'fixtures', path);
const NGINX_INCIDENT = fixture('incident/nginx-incident.log');
const ZANBIL = fixture('corpus/nginx/lnav-logfile_shop_access_log.0-zanbil-combined-xff.log');
const APACHE = fixture('corpus/apache/elastic-examples-apache_logs-semicomplete-2015.log');
const IIS = fixture('incident/iis-incident.log');

const scratch = mkdtempSync(join(tmpdir(), 'logcodes-parallel-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeScratch(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

interface Run {
  report: Omit<Report, 'generatedAt'>;
  /** Per file read over two threads: whether the worker's part was merged. */
  merged: boolean[];
}

type Extra = Partial<AnalyzeOptions> & { splitFraction?: number; readChunkBytes?: number };

async function run(paths: string[], parallel: boolean, extra: Extra = {}): Promise<Run> {
  const merged: boolean[] = [];
  const { splitFraction, readChunkBytes, ...options } = extra;
  const result = await analyze(
    paths.map((path) => ({ kind: 'file' as const, path })),
    {
      formats: { candidates: builtinFormats },
      top: 10,
      ...options,
      parallelThresholdBytes: parallel ? 1 : Infinity,
      parallelTuning: { splitFraction, readChunkBytes, onRead: (_path, wasMerged) => merged.push(wasMerged) },
    },
  );
  const { generatedAt: _generatedAt, ...report } = assembleReport(result, options.window, 10);
  expect(result.problems).toEqual([]);
  return { report, merged };
}

/** The parallel run must give the sequential report, whatever the split. */
async function expectSameReport(paths: string[], extra: Extra = {}): Promise<Run> {
  const sequential = await run(paths, false, extra);
  expect(sequential.merged).toEqual([]);
  const parallel = await run(paths, true, extra);
  expect(parallel.report).toEqual(sequential.report);
  // Key order too: the JSON output must be byte for byte the same.
  expect(JSON.stringify(parallel.report)).toBe(JSON.stringify(sequential.report));
  return parallel;
}

describe('reading a file over two threads', () => {
  it('gives the sequential report for an nginx incident log, wherever the split lands', async () => {
    for (const [splitFraction, readChunkBytes] of [[0.5, undefined], [0.13, 4096], [0.77, 65536], [0.97, undefined]] as const) {
      const parallel = await expectSameReport([NGINX_INCIDENT], { splitFraction, readChunkBytes });
      expect(parallel.merged).toEqual([true]);
    }
  });

  it('gives the sequential report for real nginx and Apache logs', async () => {
    expect((await expectSameReport([ZANBIL])).merged).toEqual([true]);
    expect((await expectSameReport([APACHE], { splitFraction: 0.4 })).merged).toEqual([true]);
  });

  it('gives the sequential report with small top-k sketches that fill up in both halves', async () => {
    // Capacity is fixed inside Tally; a log with many distinct error clients and paths fills it.
    const lines: string[] = [];
    for (let i = 0; i < 12000; i++) {
      const status = i % 3 === 0 ? 404 : i % 7 === 0 ? 502 : 200;
      const client = `10.${(i * 7919) % 251}.${(i * 104729) % 253}.${i % 97}`;
      const minute = String(Math.floor(i / 600) % 60).padStart(2, '0');
      lines.push(`${client} - - [21/Nov/2026:14:${minute}:${String(i % 60).padStart(2, '0')} +0000] "GET /item/${(i * 31) % 5003}/x${i % 41} HTTP/1.1" ${status} ${i % 900} "-" "bench"`);
    }
    const path = writeScratch('many-keys.log', lines.join('\n') + '\n');
    expect((await expectSameReport([path])).merged).toEqual([true]);
  });

  it('keeps malformed lines of both halves, with their line numbers, in line order', async () => {
    const lines = readFileSync(NGINX_INCIDENT, 'utf8').split('\n');
    const broken: string[] = [];
    lines.forEach((line, index) => {
      broken.push(line);
      if (index % 400 === 150) broken.push(`garbage line ${index} that no format accepts`);
      if (index % 1000 === 500) broken.push('   ');
    });
    const path = writeScratch('broken.log', broken.join('\n'));
    const parallel = await expectSameReport([path]);
    expect(parallel.merged).toEqual([true]);
    const samples = parallel.report.malformedSamples;
    // Both halves contributed samples, numbered as in the whole file.
    const lineNumbers = samples.map((sample) => sample.line);
    expect(lineNumbers).toEqual([...lineNumbers].sort((a, b) => a - b));
    expect(Math.max(...lineNumbers)).toBeGreaterThan(broken.length / 2);
    for (const sample of samples) expect(broken[sample.line - 1]).toBe(sample.text);
  });

  it('gives the sequential report with a --since/--until window and its baseline', async () => {
    const { report } = await run([NGINX_INCIDENT], false);
    const first = Date.parse(report.span.first!);
    const last = Date.parse(report.span.last!);
    const window: TimeWindow = { sinceMs: first + Math.round((last - first) * 0.45), untilMs: first + Math.round((last - first) * 0.8) };
    const parallel = await expectSameReport([NGINX_INCIDENT], { window });
    expect(parallel.merged).toEqual([true]);
    const { classes } = parallel.report;
    const inWindow = classes['1xx'] + classes['2xx'] + classes['3xx'] + classes['4xx'] + classes['5xx'] + classes.other;
    expect(inWindow).toBeLessThan(parallel.report.lines.parsed / 2);
    expect(parallel.report.window?.baseline?.requests).toBeGreaterThan(0);
  });

  it('continues several sources into one tally as the sequential path does', async () => {
    const parallel = await expectSameReport([ZANBIL, NGINX_INCIDENT, APACHE]);
    expect(parallel.merged).toEqual([true, true, true]);
  });

  it('reads an IIS log on the main thread: a range starting mid-file has not seen #Fields:', async () => {
    const parallel = await expectSameReport([IIS]);
    expect(parallel.merged).toEqual([false]);
  });

  it('reads the second half on the main thread when the format changed in the first', async () => {
    // nginx lines with a few Caddy JSON lines among them: the fallbacks reorder before the split.
    const head = readFileSync(ZANBIL, 'utf8').split('\n').slice(0, 300).join('\n');
    const caddy = readFileSync(fixture('corpus/caddy/lnav-logfile_caddy_log.1.ndjson'), 'utf8').trim();
    const nginx = readFileSync(NGINX_INCIDENT, 'utf8');
    const path = writeScratch('mixed.log', `${head}\n${caddy}\n${nginx}`);
    // Small reads: the worker starts after the first 4 KiB, before the Caddy lines are met.
    const parallel = await expectSameReport([path], { splitFraction: 0.9, readChunkBytes: 4096 });
    expect(parallel.merged).toEqual([false]);
    // Had the worker started after the Caddy lines, its part is merged, from the state they left.
    expect((await expectSameReport([path], { splitFraction: 0.9 })).merged).toEqual([true]);
  });

  it('reads on the main thread when the first part is too short for format detection', async () => {
    const parallel = await expectSameReport([ZANBIL], { splitFraction: 0.01 });
    expect(parallel.merged).toEqual([false]);
  });

  it('reads on the main thread when the worker cannot start', async () => {
    const merged: boolean[] = [];
    const options = { formats: { candidates: builtinFormats }, top: 10 };
    const specs = [{ kind: 'file' as const, path: ZANBIL }];
    const sequential = await analyze(specs, { ...options, parallelThresholdBytes: Infinity });
    const parallel = await analyze(specs, {
      ...options,
      parallelThresholdBytes: 1,
      parallelTuning: { workerUrl: new URL('./no-such-worker.js', import.meta.url), onRead: (_path, wasMerged) => merged.push(wasMerged) },
    });
    expect(merged).toEqual([false]);
    expect(parallel.sources).toEqual(sequential.sources);
    expect(parallel.tally.summarize()).toEqual(sequential.tally.summarize());
  });

  it('uses the forced format in the worker too', async () => {
    const forced = findFormat('nginx-combined')!;
    const parallel = await expectSameReport([ZANBIL], { formats: { candidates: builtinFormats, forced } });
    expect(parallel.merged).toEqual([true]);
  });

  it('leaves gzip files to the ordinary reader', async () => {
    const path = join(scratch, 'incident.log.gz');
    writeFileSync(path, gzipSync(readFileSync(NGINX_INCIDENT)));
    const parallel = await expectSameReport([path]);
    expect(parallel.merged).toEqual([]);
  });
});

describe('logcodes report over two threads', () => {
  function reportJson(env: Record<string, string>): unknown {
    const result = spawnSync(process.execPath, [join(repoRoot, 'bin/logcodes.js'), 'report', '-o', 'json', NGINX_INCIDENT, ZANBIL], {
      encoding: 'utf8',
      env: { ...process.env, LOGCODES_WORKERS: '', LOGCODES_PARALLEL_MIN_BYTES: '', ...env },
    });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    delete report.generatedAt;
    return report;
  }

  it('prints the same JSON as the sequential path', () => {
    const sequential = reportJson({ LOGCODES_WORKERS: '1', LOGCODES_PARALLEL_MIN_BYTES: '1' });
    const parallel = reportJson({ LOGCODES_PARALLEL_MIN_BYTES: '1' });
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(sequential));
    expect((parallel as Report).lines.total).toBe(5951 + 1000);
  });
});

describe('LOGCODES_WORKERS', () => {
  it('allows workers unless set to 1 or 0', () => {
    expect(parallelAllowedByEnv({ LOGCODES_WORKERS: '' })).toBe(true);
    expect(parallelAllowedByEnv({})).toBe(true);
    expect(parallelAllowedByEnv({ LOGCODES_WORKERS: '2' })).toBe(true);
    expect(parallelAllowedByEnv({ LOGCODES_WORKERS: '1' })).toBe(false);
    expect(parallelAllowedByEnv({ LOGCODES_WORKERS: '0' })).toBe(false);
  });
});
