import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Logs written by real nginx and Apache servers (fixtures/real, made by
 * scripts/real-servers/run.sh), read by the installed command exactly as a user
 * runs it. The expected counts come from scripts/real-servers/count.py, which
 * shares no code with logcodes.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = `${root}fixtures/real/`;

interface ExpectedCount {
  lines: number;
  /** Lines the independent count could not read; logcodes should call them malformed. */
  unreadable: number;
  statuses: Record<string, number>;
  /** Every $upstream_status element except '-', when the format has the field. */
  upstreamStatuses?: Record<string, number>;
}

interface CodeCountJson {
  code: number;
  count: number;
}

interface ReportJson {
  lines: { total: number; parsed: number; malformed: number; ignored: number };
  formats: Record<string, number>;
  codes: CodeCountJson[];
  upstreamCodes?: CodeCountJson[];
}

interface Reading {
  log: string;
  /** Pass fixtures/real/<log>.log_format as --log-format. */
  withLogFormat?: boolean;
  /** Pass --format with this name. */
  format?: string;
  /** Auto-detection: the names acceptable for the format that reads most lines. */
  detected?: string[];
}

const readings: Reading[] = [
  { log: 'nginx-combined', detected: ['nginx-combined'] },
  { log: 'nginx-upstreaminfo', detected: ['nginx-upstreaminfo'] },
  { log: 'nginx-json', detected: ['nginx-json'] },
  { log: 'nginx-json-typed', detected: ['nginx-json'] },
  // Its first lines are ordinary 200s that nginx would write byte for byte the
  // same; the `-` sizes that only Apache writes come later, so detection needs
  // its larger sample and the server name in the file name.
  { log: 'apache-combined', detected: ['apache-combined'] },
  { log: 'apache-vhost-combined', detected: ['apache-vhost-combined'] },
  { log: 'apache-combined', format: 'apache-combined' },
  { log: 'nginx-combined', format: 'nginx-combined' },
  { log: 'nginx-upstream', withLogFormat: true },
  { log: 'nginx-upstreaminfo', withLogFormat: true },
  { log: 'nginx-json', withLogFormat: true },
  { log: 'nginx-json-typed', withLogFormat: true },
  { log: 'apache-vhost-combined', withLogFormat: true },
  { log: 'apache-duration', withLogFormat: true },
];

function expectedFor(log: string): ExpectedCount {
  return JSON.parse(readFileSync(`${fixtures}${log}.expected.json`, 'utf8')) as ExpectedCount;
}

function report(reading: Reading): ReportJson {
  const args = [`${root}bin/logcodes.js`, 'report', '-o', 'json', `${fixtures}${reading.log}.log`];
  if (reading.withLogFormat === true) {
    args.push('--log-format', readFileSync(`${fixtures}${reading.log}.log_format`, 'utf8').trim());
  }
  if (reading.format !== undefined) args.push('--format', reading.format);
  const stdout = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  return JSON.parse(stdout) as ReportJson;
}

function byCode(rows: CodeCountJson[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[String(row.code)] = (counts[String(row.code)] ?? 0) + row.count;
  return counts;
}

describe('logs written by real nginx and Apache servers', () => {
  for (const reading of readings) {
    const how =
      reading.withLogFormat === true ? 'with --log-format' : reading.format !== undefined ? `with --format ${reading.format}` : 'detected';
    const title = `${reading.log}, ${how}`;

    describe(title, () => {
      const expected = expectedFor(reading.log);
      // One run of the command per reading, made on first use so a failure is reported by the tests.
      let cached: ReportJson | undefined;
      const run = (): ReportJson => (cached ??= report(reading));

      it('reads every line, calling malformed only what the independent count could not read', () => {
        const result = run();
        expect(result.lines.total).toBe(expected.lines);
        expect(result.lines.malformed).toBe(expected.unreadable);
        expect(result.lines.parsed).toBe(expected.lines - expected.unreadable);
      });

      it('counts each status as the independent count does', () => {
        const result = run();
        expect(byCode(result.codes)).toEqual(expected.statuses);
      });

      if (expected.upstreamStatuses !== undefined) {
        const upstream = expected.upstreamStatuses;
        it('counts each $upstream_status element as the independent count does', () => {
          expect(byCode(run().upstreamCodes ?? [])).toEqual(upstream);
        });
      }

      if (reading.detected === undefined) {
        it('reads every line with the format it was given', () => {
          const result = run();
          expect(Object.values(result.formats)).toEqual([result.lines.parsed]);
        });
      } else {
        const acceptable = reading.detected;
        it(`detects ${acceptable.join(' or ')}`, () => {
          const result = run();
          const ranked = Object.entries(result.formats).sort((a, b) => b[1] - a[1]);
          expect(acceptable).toContain(ranked[0]?.[0]);
          expect(ranked.reduce((sum, [, count]) => sum + count, 0)).toBe(result.lines.parsed);
        });
      }
    });
  }
});
