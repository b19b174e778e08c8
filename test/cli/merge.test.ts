import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomScenario, writeTraffic } from '../../scripts/gen-traffic.js';
import type { Report } from '../../src/model/report.js';
import { runLogcodes, stdoutOfCleanRun } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-merge-'));

async function json(args: readonly string[]): Promise<Report> {
  return JSON.parse(await stdoutOfCleanRun(args)) as Report;
}

async function summary(args: string[], out: string): Promise<string> {
  const result = await runLogcodes(args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  writeFileSync(out, result.stdout);
  return out;
}

/** What a merge must give as one run over the whole log does. */
function counted(report: Report) {
  return { lines: report.lines, classes: report.classes, codes: report.codes, timeline: report.timeline, upstreamCodes: report.upstreamCodes };
}

function episodes(report: Report) {
  return report.triage.map((f) => ({ code: f.code, severity: f.severity, episodes: f.evidence.episodes }));
}

describe('logcodes merge of three hosts behind a round-robin balancer', () => {
  // Three days of nginx traffic with planted incidents, dealt line by line to three hosts.
  const scenario = randomScenario(11, 3, 120);
  const log = join(dir, 'all.log');
  writeTraffic(scenario, 11, 'nginx', log);
  const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
  const hosts = ['web1', 'web2', 'web3'].map((host, h) => {
    const file = join(dir, `${host}.log`);
    writeFileSync(file, `${lines.filter((_, i) => i % 3 === h).join('\n')}\n`);
    return { host, file };
  });

  it('counts exactly what one run over the whole log counts, and finds the same episodes', async () => {
    const files = await Promise.all(hosts.map(({ host, file }) => summary([file, '-o', 'summary', '--label', `host=${host}`], join(dir, `${host}.summary.json`))));
    const [whole, merged] = await Promise.all([json([log, '-o', 'json']), json(['merge', ...files, '-o', 'json'])]);
    expect(counted(merged)).toEqual(counted(whole));
    expect(merged.top).toEqual(whole.top);
    expect(episodes(merged)).toEqual(episodes(whole));
    expect(episodes(merged).length).toBe(scenario.incidents.length === 0 ? 0 : episodes(whole).length);
    // Every host's log keeps its name beside its label.
    expect(merged.sources.map((s) => s.name)).toEqual(hosts.map(({ host, file }) => `${file} (host=${host})`));

    // A merged summary merges again to the same report: a roll-up of roll-ups.
    const rollUp = await summary(['merge', ...files, '-o', 'summary', '--label', 'region=eu'], join(dir, 'eu.summary.json'));
    const again = await json(['merge', rollUp, '-o', 'json']);
    expect(counted(again)).toEqual(counted(whole));
    expect(episodes(again)).toEqual(episodes(whole));
  });

  it('refuses a file that is not a summary, one from a newer version, and one given twice, in one line each', async () => {
    const report = join(dir, 'report.json');
    writeFileSync(report, '{"schema":"logcodes.report/v1"}');
    const newer = join(dir, 'newer.json');
    writeFileSync(newer, '{"schema":"logcodes.summary/v2"}');
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, '{"schema":"logcodes.summary/v1","generatedAt":"x","labels":{}');
    const cases: [string[], RegExp][] = [
      [[report], /^logcodes: .*report\.json: not a logcodes summary \(its schema is 'logcodes\.report\/v1'\)\n$/],
      [[newer], /^logcodes: .*newer\.json: written by a newer logcodes \(logcodes\.summary\/v2\); this one reads logcodes\.summary\/v1\n$/],
      [[cut], /^logcodes: .*cut\.json: not JSON \(.*\)\n$/],
      [[join(dir, 'missing.json')], /^logcodes: .*missing\.json: no such file\n$/],
      [[newer, newer], /^logcodes: .*newer\.json is given twice: its counts would be added twice\n$/],
    ];
    for (const [args, message] of cases) {
      const result = await runLogcodes(['merge', ...args]);
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
    }
  });
});

describe('a stored logcodes.summary/v1 file', () => {
  it('still reads, to the counts and findings of the log it was written from', async () => {
    const stored = await json(['merge', 'fixtures/summary/nginx-incident.v1.json', '-o', 'json']);
    const fresh = await json(['fixtures/incident/nginx-incident.log', '-o', 'json']);
    expect(counted(stored)).toEqual(counted(fresh));
    expect(episodes(stored)).toEqual(episodes(fresh));
    expect(stored.latencyMs).toEqual(fresh.latencyMs);
  });
});
