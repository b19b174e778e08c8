/**
 * Soak benchmark for live mode (not a test): pipes a steady stream of access
 * log lines into `node bin/logcodes.js` running under a tmux pseudo-terminal,
 * so the live view redraws for real, and samples the logcodes process's
 * resident memory and CPU time from /proc at a fixed period. Flat RSS and a
 * CPU share that does not creep up over time are what live mode promises.
 *
 *   npx tsx scripts/soak.ts [--duration 600] [--rate 20000] [--sample 10]
 *
 * Needs tmux and Linux /proc. Build first (npm run build): bin/ runs dist/.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, rssMiB } from './child-usage.js';
import { METHODS, PATHS, statusFor } from './soak-traffic.js';

interface Settings {
  durationSeconds: number;
  linesPerSecond: number;
  sampleSeconds: number;
}

function parseArgs(argv: readonly string[]): Settings {
  const settings: Settings = { durationSeconds: 600, linesPerSecond: 20_000, sampleSeconds: 10 };
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${argv[i]} needs a number above 0`);
    if (argv[i] === '--duration') settings.durationSeconds = value;
    else if (argv[i] === '--rate') settings.linesPerSecond = value;
    else if (argv[i] === '--sample') settings.sampleSeconds = value;
    else throw new Error(`unknown option ${argv[i]} (use --duration, --rate, --sample)`);
  }
  return settings;
}


/** A pool of distinct lines (varied clients, paths, timestamps) reused cyclically. */
function linePool(size: number): Buffer[] {
  const pool: Buffer[] = [];
  const start = Date.UTC(2026, 10, 22, 4, 0, 0);
  for (let i = 0; i < size; i++) {
    const t = new Date(start + i * 50);
    const stamp = `${String(t.getUTCDate()).padStart(2, '0')}/Nov/2026:${t.toISOString().slice(11, 19)} +0000`;
    const path = `${PATHS[i % PATHS.length]}${i % 3 === 0 ? `?page=${i % 17}` : ''}`;
    const line = `198.51.100.${i % 250} - - [${stamp}] "${METHODS[i % METHODS.length]} ${path} HTTP/1.1" ${statusFor(i)} ${200 + (i % 5000)} "-" "soak/1.0"\n`;
    pool.push(Buffer.from(line));
  }
  return pool;
}

/** The node process whose parent is the pane's shell. */
function findChildNode(parent: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && comm.startsWith('node')) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const settings = parseArgs(process.argv.slice(2));
  const root = fileURLToPath(new URL('..', import.meta.url));
  const work = mkdtempSync(join(tmpdir(), 'logcodes-soak-'));
  const fifo = join(work, 'input.fifo');
  execFileSync('mkfifo', [fifo]);
  const socket = `logcodes-soak-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
  } catch {
    throw new Error('tmux is needed: apt-get install -y tmux');
  }

  const command = `cd ${JSON.stringify(root)} && node bin/logcodes.js < ${JSON.stringify(fifo)}; echo "EXIT=$?"; sleep 3600`;
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'soak', '-x', '120', '-y', '40', command);
  try {
    const shellPid = Number(tmux('display-message', '-p', '-t', 'soak', '#{pane_pid}').trim());
    const out = createWriteStream(fifo);
    let pid: number | undefined;
    for (let i = 0; i < 100 && pid === undefined; i++) {
      pid = findChildNode(shellPid);
      if (pid === undefined) await sleep(50);
    }
    if (pid === undefined) throw new Error('could not find the logcodes process');

    const pool = linePool(20_000);
    const tickMs = 50;
    const perTick = Math.max(1, Math.round((settings.linesPerSecond * tickMs) / 1000));
    const started = Date.now();
    let written = 0;
    let next = 0;
    let nextSample = started;
    let previous = { at: started, cpu: cpuSeconds(pid) };

    console.log(`soak: ${settings.linesPerSecond} lines/s for ${settings.durationSeconds} s into pid ${pid}, sampling every ${settings.sampleSeconds} s`);
    console.log(['elapsed s', 'lines', 'lines/s', 'RSS MiB', 'CPU s', 'CPU %'].map((h) => h.padStart(10)).join(''));
    const sample = (): void => {
      const now = Date.now();
      const cpu = cpuSeconds(pid!);
      const share = (100 * (cpu - previous.cpu)) / Math.max(0.001, (now - previous.at) / 1000);
      const elapsed = (now - started) / 1000;
      console.log(
        [elapsed.toFixed(0), String(written), (written / Math.max(0.001, elapsed)).toFixed(0), rssMiB(pid!).toFixed(1), cpu.toFixed(2), share.toFixed(1)]
          .map((cell) => cell.padStart(10))
          .join(''),
      );
      previous = { at: now, cpu };
    };

    while (Date.now() - started < settings.durationSeconds * 1000) {
      // Catch up to the schedule, so the rate holds even when a tick runs late.
      const due = Math.floor(((Date.now() - started) / tickMs + 1) * perTick);
      const batch: Buffer[] = [];
      while (written + batch.length < due) batch.push(pool[(next++ + batch.length) % pool.length]!);
      if (batch.length > 0 && !out.write(Buffer.concat(batch))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      written += batch.length;
      if (Date.now() >= nextSample) {
        sample();
        nextSample += settings.sampleSeconds * 1000;
      }
      await sleep(tickMs);
    }
    sample();
    console.log('\nscreen before the end of input:');
    console.log(tmux('capture-pane', '-p', '-t', 'soak').trimEnd());
    await new Promise<void>((resolve) => out.end(resolve));
    for (let i = 0; i < 600 && !tmux('capture-pane', '-p', '-t', 'soak').includes('EXIT='); i++) await sleep(100);
    console.log('\nscreen after the end of input (final report):');
    console.log(tmux('capture-pane', '-p', '-t', 'soak').trimEnd());
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
