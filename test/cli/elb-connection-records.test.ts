import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { parseExposition } from '../export/exposition.js';
import { runLogcodes } from './run.js';

/** A classic ELB's HTTP and HTTPS records, then a TCP listener's and two SSL listeners'. */
const MIXED = 'fixtures/corpus/alb/toshihirock-node-elb-log-parser-test.log';
/** The TCP and SSL listeners' records alone. */
const LISTENERS = 'fixtures/corpus/alb/toshihirock-node-elb-log-parser-test-tcp-ssl.log';
const NLB = 'fixtures/corpus/alb/opentelemetry-collector-contrib-awslogsencoding-nlb_al_valid_logs.log';

const LISTENER_REASONS = [
  { code: 'elb-ssl-listener', reason: 'SSL listener: no HTTP status', lines: 2 },
  { code: 'elb-tcp-listener', reason: 'TCP listener: no HTTP status', lines: 1 },
];

const dir = mkdtempSync(join(tmpdir(), 'logcodes-elb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function json(args: readonly string[]): Promise<{ report: Report; code: number | null; stderr: string }> {
  const result = await runLogcodes([...args, '-o', 'json']);
  return { report: JSON.parse(result.stdout) as Report, code: result.code, stderr: result.stderr };
}

describe('logcodes report on ELB TCP/SSL listener and NLB records', () => {
  it('reads a classic ELB log with TCP and SSL listener records: exit 0, the records counted, the rest ignored with the reason', async () => {
    const result = await runLogcodes(['report', MIXED]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}Lines +5 total · 2 parsed · 0 malformed · 3 ignored$/m);
    expect(result.stdout).toMatch(/^ {2}Ignored +SSL listener: no HTTP status \(2\)(?: · |\n {16})TCP listener: no HTTP status \(1\)$/m);

    const { report, code } = await json(['report', MIXED]);
    expect(code).toBe(0);
    expect(report.sources).toEqual([{ name: MIXED, lines: 5, format: 'aws-elb-classic' }]);
    expect(report.lines).toEqual({ total: 5, parsed: 2, malformed: 0, ignored: 3 });
    expect(report.ignoredReasons).toEqual(LISTENER_REASONS);
    expect(report.codes.map((row) => [row.code, row.count])).toEqual([[200, 2]]);
    expect(report.malformedSamples).toEqual([]);
  });

  it('recognises a file of listener records alone: no unknown format, no malformed line, and the reasons in the message', async () => {
    const result = await runLogcodes(['report', LISTENERS]);
    expect(result.stderr).not.toContain('no known log format');
    // An input that holds no request is exit 1 (README, "Exit codes"), as for an empty file.
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'logcodes: no records: none of the 3 lines read is a request (0 malformed, 3 ignored: SSL listener: no HTTP status (2), TCP listener: no HTTP status (1))\n',
    );
    const { report } = await json(['report', LISTENERS]);
    expect(report.sources).toEqual([{ name: LISTENERS, lines: 3, format: 'aws-elb-classic' }]);
    expect(report.ignoredReasons).toEqual(LISTENER_REASONS);
  });

  it('recognises an NLB log as the ELB format and ignores its TLS records', async () => {
    const { report, stderr } = await json(['report', NLB]);
    expect(stderr).not.toContain('no known log format');
    expect(report.sources[0]).toEqual({ name: NLB, lines: 1, format: 'aws-alb' });
    expect(report.lines).toEqual({ total: 1, parsed: 0, malformed: 0, ignored: 1 });
    expect(report.ignoredReasons).toEqual([{ code: 'nlb-tls', reason: 'NLB TLS record: no HTTP status', lines: 1 }]);
  });

  it('keeps the reasons through -o summary and merge, which adds them up', async () => {
    const summaries = [MIXED, NLB, MIXED].map(async (file, i) => {
      const result = await runLogcodes(['report', '-o', 'summary', '--label', `host=web${i}`, file]);
      const path = join(dir, `web${i}.json`);
      writeFileSync(path, result.stdout);
      return path;
    });
    const { report, code } = await json(['merge', ...(await Promise.all(summaries))]);
    expect(code).toBe(0);
    expect(report.lines).toEqual({ total: 11, parsed: 4, malformed: 0, ignored: 7 });
    expect(report.ignoredReasons).toEqual([
      { code: 'elb-ssl-listener', reason: 'SSL listener: no HTTP status', lines: 4 },
      { code: 'elb-tcp-listener', reason: 'TCP listener: no HTTP status', lines: 2 },
      { code: 'nlb-tls', reason: 'NLB TLS record: no HTTP status', lines: 1 },
    ]);
  });

  it('counts them in logcodes_lines_total by reason', async () => {
    const result = await runLogcodes(['report', '-o', 'prom', MIXED]);
    expect(result.code).toBe(0);
    const ignored = parseExposition(result.stdout)
      .filter((sample) => sample.name === 'logcodes_lines_total' && sample.labels.outcome === 'ignored' && sample.value > 0)
      .map((sample) => [sample.labels.reason, sample.value]);
    expect(ignored).toEqual([['elb-tcp-listener', 1], ['elb-ssl-listener', 2]]);
  });
});
