/**
 * Soak benchmark for --metrics (not a test): appends nginx combined lines to a file at a steady
 * rate, with the current time in each, while `node bin/logcodes.js --follow FILE --metrics
 * 127.0.0.1:0` follows it; scrapes /metrics every second, as Prometheus would, rotates the file
 * by rename every --rotate seconds, and samples the logcodes process's resident memory and CPU
 * time from /proc. Flat RSS, a lag that does not grow and counters that end equal to the lines
 * written are what --metrics promises.
 *
 *   npx tsx scripts/soak-metrics.ts [--duration 600] [--rate 20000] [--sample 30] [--rotate 60] [--trace-gc FILE]
 *
 * --trace-gc FILE runs the follower under node --trace-gc and writes its collections to FILE, to
 * tell a heap that grows from memory the process holds outside it.
 *
 * Needs Linux /proc. Build first (npm run build): bin/ runs dist/.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, rssMiB } from './child-usage.js';
import { METHODS, PATHS, statusFor } from './soak-traffic.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Settings {
  durationSeconds: number;
  linesPerSecond: number;
  sampleSeconds: number;
  rotateSeconds: number;
  traceGcFile?: string;
}

function parseArgs(argv: readonly string[]): Settings {
  const settings: Settings = { durationSeconds: 600, linesPerSecond: 20_000, sampleSeconds: 30, rotateSeconds: 60 };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--trace-gc') {
      if (argv[i + 1] === undefined) throw new Error('--trace-gc needs a file name');
      settings.traceGcFile = argv[i + 1];
      continue;
    }
    const value = Number(argv[i + 1]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${argv[i]} needs a number above 0`);
    if (argv[i] === '--duration') settings.durationSeconds = value;
    else if (argv[i] === '--rate') settings.linesPerSecond = value;
    else if (argv[i] === '--sample') settings.sampleSeconds = value;
    else if (argv[i] === '--rotate') settings.rotateSeconds = value;
    else throw new Error(`unknown option ${argv[i]} (use --duration, --rate, --sample, --rotate, --trace-gc)`);
  }
  return settings;
}


/** What follows the time in a line: varied clients, paths, statuses; reused cyclically. */
function tails(size: number): { text: string; status: number }[] {
  const pool: { text: string; status: number }[] = [];
  for (let i = 0; i < size; i++) {
    const path = `${PATHS[i % PATHS.length]}${i % 3 === 0 ? `?page=${i % 17}` : ''}`;
    const status = statusFor(i);
    pool.push({ text: `] "${METHODS[i % METHODS.length]} ${path} HTTP/1.1" ${status} ${200 + (i % 5000)} "-" "soak/1.0"\n`, status });
  }
  return pool;
}

function clfTime(ms: number): string {
  const t = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} +0000`;
}

function sampleValue(body: string, name: string, labels = ''): number {
  const line = body.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const settings = parseArgs(process.argv.slice(2));
  const root = fileURLToPath(new URL('..', import.meta.url));
  const work = mkdtempSync(join(tmpdir(), 'logcodes-soak-metrics-'));
  const file = join(work, 'access.log');
  let fd = openSync(file, 'a');

  // --trace-gc writes to stdout, where the final report goes too (after the collections).
  const gcOut = settings.traceGcFile === undefined ? 'ignore' : openSync(settings.traceGcFile, 'w');
  const nodeFlags = settings.traceGcFile === undefined ? [] : ['--trace-gc'];
  const child = spawn(process.execPath, [...nodeFlags, `${root}bin/logcodes.js`, '--follow', file, '--metrics', '127.0.0.1:0', '-o', 'json'], {
    cwd: root,
    stdio: ['ignore', gcOut, 'pipe'],
  });
  if (typeof gcOut === 'number') closeSync(gcOut);
  const pid = child.pid!;
  let stderr = '';
  // stdio[2] is 'pipe': there is a stream.
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let url: string | undefined;
  for (let i = 0; i < 100 && url === undefined; i++) {
    url = /metrics at (http:\/\/\S+\/metrics)/.exec(stderr)?.[1];
    if (url === undefined) await sleep(50);
  }
  if (url === undefined) throw new Error(`logcodes did not start: ${stderr}`);

  const pool = tails(20_011);
  const tickMs = 50;
  const started = Date.now();
  let written = 0;
  const expected5xx = { count: 0 };
  let nextSample = started + settings.sampleSeconds * 1000;
  let nextRotation = started + settings.rotateSeconds * 1000;
  let nextScrape = started + 1000;
  let previous = { at: started, cpu: cpuSeconds(pid) };
  let lastBody = '';
  const scrapeMs: number[] = [];
  const rss: { at: number; mib: number }[] = [];
  let rotations = 0;

  const scrape = async (): Promise<void> => {
    const begin = performance.now();
    const response = await fetch(url!, { headers: { accept: 'application/openmetrics-text; version=1.0.0' } });
    lastBody = await response.text();
    scrapeMs.push(performance.now() - begin);
  };

  console.log(`soak: ${settings.linesPerSecond} lines/s for ${settings.durationSeconds} s into pid ${pid} (${url}), scraping every 1 s, rotating every ${settings.rotateSeconds} s`);
  console.log(['elapsed s', 'written', 'counted', 'lag', 'RSS MiB', 'CPU %', 'scrape ms'].map((h) => h.padStart(11)).join(''));
  const sample = (): void => {
    const now = Date.now();
    const cpu = cpuSeconds(pid);
    const share = (100 * (cpu - previous.cpu)) / Math.max(0.001, (now - previous.at) / 1000);
    const counted = sampleValue(lastBody, 'logcodes_lines_total', '{outcome="parsed"}');
    const mib = rssMiB(pid);
    rss.push({ at: now, mib });
    const recent = scrapeMs.splice(0);
    const worst = recent.length > 0 ? Math.max(...recent) : Number.NaN;
    console.log(
      [((now - started) / 1000).toFixed(0), String(written), String(counted), String(written - counted), mib.toFixed(1), share.toFixed(1), worst.toFixed(1)]
        .map((cell) => cell.padStart(11))
        .join(''),
    );
    previous = { at: now, cpu };
  };

  while (Date.now() - started < settings.durationSeconds * 1000) {
    const now = Date.now();
    // Catch up to the schedule, so the rate holds even when a tick runs late.
    const due = Math.floor(((now - started) / 1000) * settings.linesPerSecond);
    if (due > written) {
      const stamp = `198.51.100.7 - - [${clfTime(now)}`;
      let batch = '';
      for (; written < due; written++) {
        const tail = pool[written % pool.length]!;
        if (tail.status >= 500) expected5xx.count++;
        batch += stamp + tail.text;
      }
      writeSync(fd, batch);
    }
    if (now >= nextRotation) {
      // logrotate's default: rename, then the server reopens a new file.
      closeSync(fd);
      rmSync(`${file}.1`, { force: true });
      renameSync(file, `${file}.1`);
      fd = openSync(file, 'a');
      rotations++;
      nextRotation += settings.rotateSeconds * 1000;
    }
    if (now >= nextScrape) {
      await scrape();
      nextScrape += 1000;
    }
    if (Date.now() >= nextSample) {
      sample();
      nextSample += settings.sampleSeconds * 1000;
    }
    await sleep(tickMs);
  }
  closeSync(fd);
  for (let i = 0; i < 300; i++) {
    await scrape();
    if (sampleValue(lastBody, 'logcodes_lines_total', '{outcome="parsed"}') === written) break;
    await sleep(100);
  }
  sample();

  const counted = sampleValue(lastBody, 'logcodes_lines_total', '{outcome="parsed"}');
  const counted5xx = lastBody
    .split('\n')
    .filter((line) => line.startsWith('logcodes_http_responses_total{') && line.includes('class="5xx"'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  const half = rss.slice(Math.floor(rss.length / 2));
  const mibs = rss.map((r) => r.mib);
  console.log(`\nlines written ${written}, counted ${counted}; 5xx written ${expected5xx.count}, counted ${counted5xx}`);
  console.log(`rotations made ${rotations}, counted ${sampleValue(lastBody, 'logcodes_follow_rotations_total')}`);
  console.log(
    `RSS MiB: min ${Math.min(...mibs).toFixed(1)}, max ${Math.max(...mibs).toFixed(1)}; second half min ${Math.min(...half.map((r) => r.mib)).toFixed(1)}, max ${Math.max(...half.map((r) => r.mib)).toFixed(1)}`,
  );

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(pid, 'SIGTERM');
  await exited;
  rmSync(work, { recursive: true, force: true });
  if (counted !== written || counted5xx !== expected5xx.count) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
