import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { repoRoot, runLogcodes } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-merge-topk-'));
/** Entries each per-code sketch holds (TallyOptions.trackCapacity's default). */
const CAPACITY = 2000;

describe('top lists after a merge of high-cardinality summaries', () => {
  const log = join(dir, 'cardinality.log');
  // 40,000 distinct paths and clients, each seen rarely: far more than a sketch holds.
  execFileSync(join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/gen-cardinality-log.ts', '--lines', '240000', '--distinct', '40000', '--out', log], { cwd: repoRoot });
  const lines = readFileSync(log, 'utf8').trimEnd().split('\n');

  /** The exact count of each path and client among the 4xx/5xx lines. */
  const exact = { paths: new Map<string, number>(), clients: new Map<string, number>() };
  const errorsByCode = new Map<number, number>();
  for (const line of lines) {
    const match = /^(\S+) .*"GET (\S+) HTTP\/1\.1" (\d{3}) /.exec(line)!;
    const status = Number(match[3]);
    if (status < 400) continue;
    errorsByCode.set(status, (errorsByCode.get(status) ?? 0) + 1);
    exact.paths.set(match[2]!, (exact.paths.get(match[2]!) ?? 0) + 1);
    exact.clients.set(match[1]!, (exact.clients.get(match[1]!) ?? 0) + 1);
  }

  it('gives counts that are lower bounds within the stated error bound of the exact answer', async () => {
    const files = [0, 1, 2].map((h) => {
      const share = join(dir, `host${h}.log`);
      writeFileSync(share, `${lines.filter((_, i) => i % 3 === h).join('\n')}\n`);
      return share;
    });
    const summaries: string[] = [];
    for (const [h, file] of files.entries()) {
      const result = await runLogcodes([file, '-o', 'summary', '--label', `host=host${h}`]);
      expect(result.code).toBe(0);
      summaries.push(join(dir, `host${h}.summary.json`));
      writeFileSync(summaries[h]!, result.stdout);
    }
    const result = await runLogcodes(['merge', ...summaries, '-o', 'json', '--top', '20']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    // The Space-Saving guarantee: a sketch's floor is at most its total weight over its capacity.
    const guarantee = [...errorsByCode.values()].reduce((sum, n) => sum + n / CAPACITY, 0);
    for (const kind of ['paths', 'clients'] as const) {
      const bound = report.topErrorBounds?.[kind];
      expect(bound, kind).toBeGreaterThan(0);
      expect(bound!, kind).toBeLessThanOrEqual(guarantee);
      expect(report.top[kind]).toHaveLength(20);
      for (const { value, count } of report.top[kind]) {
        const truth = exact[kind].get(value) ?? 0;
        expect(count, `${kind} ${value}`).toBeLessThanOrEqual(truth);
        expect(truth - count, `${kind} ${value}`).toBeLessThanOrEqual(bound!);
      }
    }
    const table = await runLogcodes(['merge', ...summaries]);
    // The table wraps the sentence to the terminal's width.
    expect(table.stdout.replace(/\s+/g, ' ')).toMatch(/Estimated: more distinct values than logcodes keeps\. Each count is a guaranteed lower bound, at most \d+ for paths/);
  });
});
