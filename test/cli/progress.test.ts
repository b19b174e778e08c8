import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { bin, repoRoot } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(50);
  }
}

function lines(from: number, to: number): string {
  let text = '';
  for (let i = from; i <= to; i++) {
    text += `192.0.2.${i % 200} - - [22/Nov/2026:03:50:${String(i % 60).padStart(2, '0')} +0000] "GET /p/${i} HTTP/1.1" ${i % 10 === 0 ? 502 : 200} 321 "-" "curl/8.5.0"\n`;
  }
  return text;
}

/**
 * A batch report on a named pipe the test writes at its own pace, in tmux so stderr is a
 * terminal: the progress line shows while lines arrive and is gone when the report is written.
 */
async function runInTmux(extra: string[]): Promise<{ during: string; after: string; report: Report }> {
  const socket = `logcodes-progress-${process.pid}-${extra.length}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const capture = (): string => tmux('capture-pane', '-p', '-t', 'p');
  const fifo = join(dir, `in-${extra.length}.log`);
  const out = join(dir, `out-${extra.length}.json`);
  execFileSync('mkfifo', [fifo]);
  const command = `cd ${JSON.stringify(repoRoot)} && node bin/logcodes.js report -o json ${extra.join(' ')} ${JSON.stringify(fifo)} > ${JSON.stringify(out)}; echo "EXIT=$?"; sleep 60`;
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'p', '-x', '120', '-y', '20', command);
  try {
    const writer = createWriteStream(fifo);
    writer.write(lines(1, 5000));
    // The line is drawn from 300 ms on; give it a few redraws' time, then look.
    let during = '';
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      await pause(100);
      during = capture();
      if (during.includes('lines/s')) break;
    }
    writer.end(lines(5001, 6000));
    await waitFor('the exit', () => capture().includes('EXIT='));
    return { during, after: capture(), report: JSON.parse(readFileSync(out, 'utf8')) as Report };
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
  }
}

describe('the progress line', () => {
  it('shows bytes and lines/s on a terminal while a batch run reads, and is cleared before the report', async () => {
    const { during, after, report } = await runInTmux([]);
    expect(during).toMatch(/logcodes: [\d.]+ [kMG]?B read · [\d,]+ lines\/s · .*in-0\.log/);
    expect(after).toContain('EXIT=0');
    expect(after).not.toContain('lines/s');
    expect(report.lines.total).toBe(6000);
  });

  it('stays off with --no-progress', async () => {
    const { during, after, report } = await runInTmux(['--no-progress']);
    expect(during).not.toContain('lines/s');
    expect(after).toContain('EXIT=0');
    expect(report.lines.total).toBe(6000);
  });

  it('stays off when stderr is not a terminal', async () => {
    const fifo = join(dir, 'piped.log');
    execFileSync('mkfifo', [fifo]);
    const child = spawn(process.execPath, [bin, 'report', '-o', 'json', fifo], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let stdout = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    const writer = createWriteStream(fifo);
    writer.write(lines(1, 5000));
    // Long enough for several redraws, had there been a terminal.
    await pause(1200);
    writer.end(lines(5001, 6000));
    expect(await exit).toBe(0);
    expect(stderr).toBe('');
    expect((JSON.parse(stdout) as Report).lines.total).toBe(6000);
  });
});
