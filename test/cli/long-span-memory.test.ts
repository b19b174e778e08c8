import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, repoRoot } from './run.js';

const MAX_PEAK_MB = 200;
const TIME = '/usr/bin/time';
const dir = mkdtempSync(join(tmpdir(), 'logcodes-span-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const STATUSES = [200, 200, 200, 502, 500, 503, 504, 404];

function clfTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function line(ms: number, status: number, i: number): string {
  return `203.0.113.${i % 250} - - [${clfTime(ms)}] "GET /p/${i % 50} HTTP/1.1" ${status} 512 "-" "curl/8.5.0"`;
}

/** The peak resident set of the command's process, in MB, as GNU time reports it. */
function peakMb(args: readonly string[]): { peak: number; code: number | null; stderr: string } {
  const run = spawnSync(TIME, ['-f', '%M', process.execPath, bin, ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  const lines = run.stderr.trimEnd().split('\n');
  return { peak: Number(lines.pop()) / 1024, code: run.status, stderr: lines.filter((l) => !l.startsWith('Command exited')).join('\n') };
}

describe.runIf(existsSync(TIME))('memory of a report whatever the span of its timestamps', () => {
  it('stays under 200 MB on a pair of 500s dated 1970 and 9999, with a normal record between them', () => {
    const path = join(dir, 'pair.log');
    writeFileSync(path, [line(0, 500, 1), line(Date.UTC(2026, 10, 21, 10), 200, 2), line(Date.UTC(9999, 11, 31, 23, 59, 59), 500, 3)].join('\n') + '\n');
    for (const command of ['report', 'triage']) {
      for (const output of ['json', 'html']) {
        const { peak, code, stderr } = peakMb([command, '-o', output, path]);
        expect(stderr).toBe('');
        expect(code).toBe(0);
        expect(peak, `${command} -o ${output}`).toBeLessThan(MAX_PEAK_MB);
      }
    }
  });

  it('stays under 200 MB on a 20-year log with a record every hour', () => {
    const lines: string[] = [];
    const start = Date.UTC(2006, 11, 1);
    const end = Date.UTC(2026, 10, 30);
    for (let ms = start, i = 0; ms < end; ms += 3_600_000, i++) lines.push(line(ms, STATUSES[i % STATUSES.length]!, i));
    const path = join(dir, 'hourly.log');
    writeFileSync(path, lines.join('\n') + '\n');
    for (const command of ['report', 'triage']) {
      for (const output of ['json', 'html']) {
        const { peak, code } = peakMb([command, '-o', output, path]);
        expect(code).toBe(0);
        expect(peak, `${command} -o ${output}`).toBeLessThan(MAX_PEAK_MB);
      }
    }
  }, 120_000);
});
