import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runLogcodes } from './run.js';

const incident = `${repoRoot}fixtures/incident/nginx-incident.log`;
const dir = mkdtempSync(join(tmpdir(), 'logcodes-compact-'));
/** Slack's limit for a message section, which the compact form keeps to. */
const BUDGET = 3000;

function expectChatSized(text: string): void {
  expect(text.length).toBeGreaterThan(200);
  expect(text.length).toBeLessThanOrEqual(BUDGET);
  expect(text).not.toMatch(/^\s*\|/m);
  expect(text).not.toMatch(/^#/m);
}

describe('-o markdown --compact', () => {
  it.each(['report', 'triage'])('gives %s as a chat message: headline, findings with their advice, top codes', async (command) => {
    const result = await runLogcodes([command, '-o', 'markdown', '--compact', incident]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expectChatSized(result.stdout);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^\\*logcodes ${command}\\* · \`nginx-incident\\.log\` · 2026-03-02 09:00:00 → 10:39:59 UTC`));
    // The incident's worst finding comes first with its advice (fixtures/incident/README.md).
    expect(lines[2]).toMatch(/^- \*CRITICAL\* 503 Service Unavailable: 364 /);
    expect(lines.slice(3, 7).map((line) => /^ {2}- (\w[\w ]*):/.exec(line)?.[1])).toEqual(['Episode', 'Cause', 'Look first', 'Retry']);
    for (const code of ['502', '504', '499']) expect(result.stdout).toMatch(new RegExp(`^- \\*[A-Z]+\\* ${code} `, 'm'));
    expect(lines.at(-2)).toMatch(/^\*Top codes:\* 200 OK 3,563 \(59\.9%\) · /);
  });

  it('ends a live run the same way: a stream on standard input', async () => {
    const batch = await runLogcodes(['triage', '-o', 'markdown', '--compact', incident]);
    const live = await runLogcodes(['triage', '-o', 'markdown', '--compact'], { stdin: readFileSync(incident) });
    expect(live.code).toBe(0);
    expectChatSized(live.stdout);
    // Only the source's name differs.
    expect(live.stdout.replace(/^(\*logcodes triage\* · )`[^`]+`/, '$1')).toBe(batch.stdout.replace(/^(\*logcodes triage\* · )`[^`]+`/, '$1'));
  });

  it('merges summaries into one, naming each host in the headline', async () => {
    const lines = readFileSync(incident, 'utf8').trimEnd().split('\n');
    const summaries: string[] = [];
    for (const [host, part] of [
      ['web1', lines.filter((_, i) => i % 2 === 0)],
      ['web2', lines.filter((_, i) => i % 2 === 1)],
    ] as const) {
      const log = join(dir, 'access.log');
      writeFileSync(log, `${part.join('\n')}\n`);
      const summary = await runLogcodes(['report', '-o', 'summary', '--label', `host=${host}`, log]);
      expect(summary.code).toBe(0);
      const file = join(dir, `${host}.json`);
      writeFileSync(file, summary.stdout);
      summaries.push(file);
    }
    const merged = await runLogcodes(['merge', '-o', 'markdown', '--compact', ...summaries]);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expectChatSized(merged.stdout);
    expect(merged.stdout.split('\n')[0]).toContain('`access.log (host=web1), access.log (host=web2)`');
    expect(merged.stdout).toMatch(/^- \*CRITICAL\* 503 Service Unavailable: 364 /m);
  });

  it.each([
    ['report', '-o', 'json'],
    ['triage', '-o', 'html'],
    ['report'],
  ])('is refused with any other output (%s %s %s)', async (...args) => {
    const result = await runLogcodes([...args, '--compact', incident]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('logcodes: --compact is a form of the Markdown report: use it with -o markdown\n');
  });

  it('is in the help of report, triage and merge', async () => {
    for (const command of ['report', 'triage', 'merge']) {
      const help = await runLogcodes([command, '--help']);
      expect(help.stdout).toMatch(/--compact +with -o markdown: a short form for a chat message/);
    }
  });
});
