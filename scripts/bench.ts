/**
 * Whole-process benchmark of logcodes against what people use instead.
 *
 *   npm run bench -- [--runs 3] [--lines 1000000] [--no-build] [--gzip]
 *   npm run bench -- --format <name> [--runs 3] [--lines 1000000] [--no-build]
 *   npm run bench -- --formats [--runs 3] [--lines 1000000] [--no-build]
 *
 * Generates a deterministic nginx combined log (and a 200,000-line head of it for GoAccess, which
 * is far slower) under bench-data/, then runs each command several times, interleaved, and prints
 * the median wall time, throughput and peak memory of each. Peers that are not installed are
 * skipped with the command that installs them. --gzip adds logcodes on a gzip copy of the log,
 * next to `gzip -dc` as the floor for compressed input.
 *
 * --format <name> writes the same requests in another format (gen-bench-log.ts) and times
 * logcodes on it beside the peer a user of that format would pick (GoAccess, jq, mawk) and
 * beside logcodes on nginx combined; --formats does so for every format in one run and prints
 * one table: each format's rate as a share of the nginx-combined rate, and logcodes against
 * each peer.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdtempSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { BENCH_FORMATS, CUSTOM_LOG_FORMAT, isBenchFormat, writeBenchLog, type BenchFormat } from './gen-bench-log.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = join(ROOT, 'bench-data');
const GOACCESS_LINES = 200_000;
const TIME_BINARY = '/usr/bin/time';

interface Options {
  runs: number;
  lines: number;
  build: boolean;
  gzip: boolean;
  /** The formats to compare (--format, --formats); undefined for the nginx-combined bench. */
  formats: BenchFormat[] | undefined;
}

const USAGE = `usage: npm run bench -- [--runs N] [--lines N] [--no-build] [--gzip | --format ${Object.keys(BENCH_FORMATS).join('|')} | --formats]`;

function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 3, lines: 1_000_000, build: true, gzip: false, formats: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--runs' || flag === '--lines') && value !== undefined && /^[1-9]\d*$/.test(value)) {
      options[flag === '--runs' ? 'runs' : 'lines'] = Number(value);
      i++;
    } else if (flag === '--no-build') {
      options.build = false;
    } else if (flag === '--gzip') {
      options.gzip = true;
    } else if (flag === '--format' && value !== undefined && isBenchFormat(value)) {
      options.formats = [...new Set<BenchFormat>(['nginx-combined', ...(options.formats ?? []), value])];
      i++;
    } else if (flag === '--formats') {
      options.formats = Object.keys(BENCH_FORMATS) as BenchFormat[];
    } else {
      throw new Error(`${USAGE} (bad argument: ${flag}${flag === '--format' && value !== undefined ? ` ${value}` : ''})`);
    }
  }
  if (options.gzip && options.formats !== undefined) throw new Error(`${USAGE} (--gzip times nginx combined only)`);
  return options;
}

function label(lines: number): string {
  return lines % 1_000_000 === 0 ? `${lines / 1_000_000}m` : lines % 1000 === 0 ? `${lines / 1000}k` : String(lines);
}

/** Counts '\n' bytes and returns the byte offset just after the `stopAt`-th one (or the file size). */
function scanNewlines(path: string, stopAt = Infinity): { lines: number; offset: number } {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let lines = 0;
  let offset = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, offset);
      if (read === 0) return { lines, offset };
      let at = buffer.indexOf(10);
      while (at !== -1 && at < read) {
        lines++;
        if (lines === stopAt) return { lines, offset: offset + at + 1 };
        at = buffer.indexOf(10, at + 1);
      }
      offset += read;
    }
  } finally {
    closeSync(fd);
  }
}

function prepareData(lines: number): { full: string; head: string; headLines: number } {
  const full = join(DATA_DIR, `bench-${label(lines)}.log`);
  if (existsSync(full)) {
    const counted = scanNewlines(full).lines;
    if (counted !== lines) throw new Error(`${full} has ${counted} lines, expected ${lines}: delete it to regenerate`);
  } else {
    process.stdout.write(`generating ${full} (${lines} lines)...\n`);
    writeBenchLog({ lines, out: full, seed: 1 });
  }
  const headLines = Math.min(lines, GOACCESS_LINES);
  if (headLines === lines) return { full, head: full, headLines };
  const head = join(DATA_DIR, `bench-${label(lines)}-head-${label(headLines)}.log`);
  if (!existsSync(head)) writeHead(full, head, headLines);
  return { full, head, headLines };
}

async function prepareGzip(full: string): Promise<string> {
  const gz = `${full}.gz`;
  if (!existsSync(gz)) {
    process.stdout.write(`compressing ${gz}...\n`);
    await pipeline(createReadStream(full), createGzip(), createWriteStream(`${gz}.partial`));
    renameSync(`${gz}.partial`, gz);
  }
  return gz;
}

function which(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

interface Contender {
  /** Short label for the progress line. */
  tag: string;
  name: string;
  argv: string[];
  /** Bytes of log text it reads (uncompressed), for MB/s. */
  bytes: number;
  lines: number;
  /** Capture stdout (else it goes to /dev/null) and check it. Returns a problem, or undefined. */
  check?: (stdout: string) => string | undefined;
  skipped?: string;
}

interface RunResult {
  seconds: number;
  rssKiB: number | undefined;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

function runOnce(contender: Contender, timeFile: string | undefined, devNull: number): Promise<RunResult> {
  const argv = timeFile ? [TIME_BINARY, '-f', '%e %M', '-o', timeFile, ...contender.argv] : contender.argv;
  const captured = contender.check !== undefined;
  const started = process.hrtime.bigint();
  const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, stdio: ['ignore', captured ? 'pipe' : devNull, 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let rssKiB: number | undefined;
      if (timeFile) {
        // GNU time writes "Command exited with non-zero status N" before the format line.
        const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
        const kib = Number(last.split(' ')[1]);
        if (Number.isFinite(kib)) rssKiB = kib;
      }
      resolve({ seconds, rssKiB, exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 160 ? line.slice(0, 157) + '...' : line;
}

function checkReportTotal(expected: number) {
  return (stdout: string): string | undefined => {
    let total: unknown;
    try {
      total = (JSON.parse(stdout) as { lines?: { total?: unknown } }).lines?.total;
    } catch {
      return 'output is not JSON';
    }
    return total === expected ? undefined : `lines.total is ${String(total)}, expected ${expected}`;
  };
}

const INGEST_ONLY_SCRIPT = `
import { readSource } from './dist/ingest/read-source.js';
let lines = 0;
const outcome = await readSource({ kind: 'file', path: process.argv[1] }, { line() { lines++; }, overlong() { lines++; } });
if (outcome.error) { process.stderr.write(outcome.error.message + '\\n'); process.exit(1); }
process.stdout.write(JSON.stringify({ lines: { total: lines } }) + '\\n');
`;

/** Lines a format writes before its records (the IIS directives), which are not requests. */
function headerLines(format: BenchFormat): number {
  const header = BENCH_FORMATS[format].header;
  return header === undefined ? 0 : header().split('\n').length;
}

/** The bench log of `lines` requests in `format`, and a head of it for the slow peers. */
function prepareFormatData(lines: number, format: BenchFormat): { full: string; head: string; headLines: number } {
  if (format === 'nginx-combined') return prepareData(lines);
  const header = headerLines(format);
  const full = join(DATA_DIR, `bench-${label(lines)}-${format}.log`);
  if (existsSync(full)) {
    const counted = scanNewlines(full).lines;
    if (counted !== lines + header) throw new Error(`${full} has ${counted} lines, expected ${lines + header}: delete it to regenerate`);
  } else {
    process.stdout.write(`generating ${full} (${lines} lines)...\n`);
    writeBenchLog({ lines, out: full, seed: 1, format });
  }
  const headLines = Math.min(lines, GOACCESS_LINES);
  if (headLines === lines) return { full, head: full, headLines };
  const head = join(DATA_DIR, `bench-${label(lines)}-${format}-head-${label(headLines)}.log`);
  if (!existsSync(head)) writeHead(full, head, headLines + header);
  return { full, head, headLines };
}

function checkReportLines(total: number, parsed: number) {
  return (stdout: string): string | undefined => {
    let lines: { total?: unknown; parsed?: unknown } | undefined;
    try {
      lines = (JSON.parse(stdout) as { lines?: { total?: unknown; parsed?: unknown } }).lines;
    } catch {
      return 'output is not JSON';
    }
    if (lines?.total !== total) return `lines.total is ${String(lines?.total)}, expected ${total}`;
    return lines.parsed === parsed ? undefined : `lines.parsed is ${String(lines.parsed)}, expected ${parsed}`;
  };
}

const MAWK_END = ' END{for(k in c) print k, c[k]}';
/** GoAccess's own format for the custom log: the combined fields, then %T for $request_time. */
const GOACCESS_CUSTOM = ['--log-format=%h %^[%d:%t %^] "%r" %s %b "%R" "%u" %T %^', '--date-format=%d/%b/%Y', '--time-format=%T'];

interface FormatPeer {
  tag: string;
  name: string;
  /** The command for a log file; `head` reads the head of the log (GoAccess, jq). */
  argv: (file: string, scratch: string) => string[];
  head: boolean;
  needs: string;
}

function goaccessPeer(format: BenchFormat, logFormat: string[]): FormatPeer {
  const shown = logFormat.length === 1 ? logFormat[0]! : '--log-format=<combined + %T>';
  return { tag: 'goaccess', name: `goaccess ${shown}`, argv: (file, scratch) => ['goaccess', file, ...logFormat, '-o', join(scratch, `goaccess-${format}.json`)], head: true, needs: 'goaccess' };
}

function mawkPeer(field: number, skipDirectives = false): FormatPeer {
  const program = `${skipDirectives ? '!/^#/' : ''}{c[$${field}]++}`;
  return { tag: 'mawk', name: `mawk '${program}'`, argv: (file) => ['mawk', program + MAWK_END, file], head: false, needs: 'mawk' };
}

function jqPeer(key: string): FormatPeer {
  return { tag: 'jq', name: `jq -r .${key} | sort | uniq -c`, argv: (file) => ['sh', '-c', `jq -r .${key} "$1" | sort | uniq -c`, 'sh', file], head: true, needs: 'jq' };
}

/** What a user of each format would run instead. */
const FORMAT_PEERS: Record<BenchFormat, FormatPeer[]> = {
  'nginx-combined': [mawkPeer(9), goaccessPeer('nginx-combined', ['--log-format=COMBINED'])],
  'iis-w3c': [mawkPeer(12, true), goaccessPeer('iis-w3c', ['--log-format=W3C'])],
  'aws-alb': [mawkPeer(9), goaccessPeer('aws-alb', ['--log-format=AWSALB'])],
  'cloudflare-json': [jqPeer('EdgeResponseStatus')],
  'nginx-json': [jqPeer('status')],
  'caddy-json': [jqPeer('status')],
  'custom-log-format': [mawkPeer(9), goaccessPeer('custom-log-format', GOACCESS_CUSTOM)],
};

/** Writes the first `lines` lines of `full` to `head`: the part a slower peer reads. */
function writeHead(full: string, head: string, lines: number): void {
  const { offset } = scanNewlines(full, lines);
  const fd = openSync(full, 'r');
  const bytes = Buffer.allocUnsafe(offset);
  readSync(fd, bytes, 0, offset, 0);
  closeSync(fd);
  writeFileSync(head, bytes);
}

/**
 * Runs every command that is not skipped once a round, in turn, for `runs` rounds, printing each
 * time as it comes. A command that fails or gives a wrong answer is run no more, and says why.
 * The scratch folder is removed afterwards.
 */
async function runRounds<T extends Contender>(
  items: readonly T[],
  runs: number,
  hasTime: boolean,
  scratch: string,
): Promise<{ results: Map<T, RunResult[]>; problems: Map<T, string> }> {
  const devNull = openSync('/dev/null', 'w');
  const results = new Map<T, RunResult[]>();
  const problems = new Map<T, string>();
  try {
    for (let run = 1; run <= runs; run++) {
      process.stdout.write(`run ${run}/${runs}:`);
      for (const item of items) {
        if (item.skipped || problems.has(item)) continue;
        const result = await runOnce(item, hasTime ? join(scratch, 'time.txt') : undefined, devNull);
        if (result.exitCode !== 0) {
          problems.set(item, `failed (exit ${result.exitCode}): ${firstLine(result.stderr) || firstLine(result.stdout)}`);
          continue;
        }
        const problem = item.check?.(result.stdout);
        if (problem) problems.set(item, `wrong output: ${problem}`);
        const list = results.get(item) ?? [];
        list.push(result);
        results.set(item, list);
        process.stdout.write(` ${item.tag} ${result.seconds.toFixed(2)}s`);
      }
      process.stdout.write('\n');
    }
  } finally {
    closeSync(devNull);
    rmSync(scratch, { recursive: true, force: true });
  }
  return { results, problems };
}

interface FormatRow extends Contender {
  format: BenchFormat;
  /** The logcodes row of this format, for a peer row; undefined for logcodes itself. */
  versus: FormatRow | undefined;
}

/** --format / --formats: each format's rate beside nginx combined's, and beside its peers. */
async function formatsBench(options: Options, formats: BenchFormat[]): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'logcodes-bench-'));
  const rows: FormatRow[] = [];
  for (const format of formats) {
    const { full, head, headLines } = prepareFormatData(options.lines, format);
    const fullBytes = statSync(full).size;
    const headBytes = statSync(head).size;
    const custom = format === 'custom-log-format' ? ['--log-format', CUSTOM_LOG_FORMAT] : [];
    const logcodes: FormatRow = {
      format,
      versus: undefined,
      tag: `${format}:logcodes`,
      name: `logcodes report -o json${custom.length > 0 ? " --log-format '<combined + 3>'" : ''}`,
      argv: [process.execPath, 'bin/logcodes.js', 'report', '-o', 'json', ...custom, full],
      bytes: fullBytes,
      lines: options.lines,
      check: checkReportLines(options.lines + headerLines(format), options.lines),
    };
    rows.push(logcodes);
    for (const peer of FORMAT_PEERS[format]) {
      const row: FormatRow = {
        format,
        versus: logcodes,
        tag: `${format}:${peer.tag}`,
        name: peer.name,
        argv: peer.argv(peer.head ? head : full, scratch),
        bytes: peer.head ? headBytes : fullBytes,
        lines: peer.head ? headLines : options.lines,
      };
      if (!which(peer.needs)) row.skipped = `${peer.needs} not installed: apt-get install ${peer.needs}`;
      rows.push(row);
    }
  }
  process.stdout.write(`data: ${options.lines} requests per format under ${DATA_DIR}; GoAccess and jq read the first ${Math.min(options.lines, GOACCESS_LINES)}\n`);

  if (options.build) {
    process.stdout.write('building dist/ (npm run build)...\n');
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) process.stdout.write(`  the build reported errors (dist may be partial): ${firstLine(build.stdout + build.stderr)}\n`);
  }
  const hasTime = existsSync(TIME_BINARY);
  if (!hasTime) process.stdout.write(`note: ${TIME_BINARY} is missing, so peak RSS is not measured; install it with: apt-get install time\n`);

  const { results, problems } = await runRounds(rows, options.runs, hasTime, scratch);

  const secondsPerLine = (row: FormatRow | undefined): number | undefined => {
    const runs = row === undefined || problems.has(row) ? undefined : results.get(row);
    return runs && runs.length > 0 ? median(runs.map((r) => r.seconds)) / row!.lines : undefined;
  };
  const combined = secondsPerLine(rows.find((row) => row.format === 'nginx-combined' && row.versus === undefined));
  const table = new Table({
    head: ['format', 'command', 'lines', 'median s', 'lines/s', 'MB/s', 'peak RSS MiB', 'share of nginx combined', 'logcodes speed-up'],
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  for (const row of rows) {
    const runs = results.get(row);
    const formatCell = row.versus === undefined ? row.format : '';
    if (!runs || runs.length === 0) {
      table.push([formatCell, row.name, row.lines, { colSpan: 6, content: row.skipped ? 'skipped (see below)' : 'failed (see below)' }]);
      continue;
    }
    const seconds = median(runs.map((r) => r.seconds));
    const rss = runs.map((r) => r.rssKiB).filter((k): k is number => k !== undefined);
    const perLine = seconds / row.lines;
    const own = secondsPerLine(row.versus);
    table.push([
      formatCell,
      row.name,
      row.lines,
      seconds.toFixed(3),
      Math.round(row.lines / seconds).toLocaleString('en-US'),
      (row.bytes / 1e6 / seconds).toFixed(0),
      rss.length ? (Math.max(...rss) / 1024).toFixed(0) : 'n/a',
      row.versus === undefined && combined !== undefined ? `${((combined / perLine) * 100).toFixed(0)}%` : '',
      row.versus !== undefined && own !== undefined ? `${(perLine / own).toFixed(1)}x` : '',
    ]);
  }
  process.stdout.write(`\n${table.toString()}\n`);
  process.stdout.write(
    `median of ${options.runs} run(s) per command. Share: the format's lines/s as a share of logcodes on nginx combined. Speed-up: the peer's time per line over logcodes' on the same format. GoAccess and jq read the first ${Math.min(options.lines, GOACCESS_LINES)} lines, so compare per-line rates.\n`,
  );
  for (const row of rows) {
    const note = row.skipped ?? problems.get(row);
    if (note) process.stdout.write(`${row.format}: ${row.name}: ${note}\n`);
  }
  const checked = rows.filter((row) => row.versus === undefined && results.has(row) && !problems.has(row)).length;
  process.stdout.write(`sanity: ${checked} of ${formats.length} logcodes runs read all ${options.lines} requests (lines.parsed).\n`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(`machine: ${availableParallelism()} CPUs (${cpu}), node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  if (options.formats !== undefined) return formatsBench(options, options.formats);

  const { full, head, headLines } = prepareData(options.lines);
  const fullBytes = statSync(full).size;
  const headBytes = statSync(head).size;
  process.stdout.write(`data: ${full} (${options.lines} lines, ${(fullBytes / 1048576).toFixed(1)} MiB); GoAccess reads ${head} (${headLines} lines)\n`);

  if (options.build) {
    process.stdout.write('building dist/ (npm run build)...\n');
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) process.stdout.write(`  the build reported errors (dist may be partial): ${firstLine(build.stdout + build.stderr)}\n`);
  }

  const hasTime = existsSync(TIME_BINARY);
  if (!hasTime) process.stdout.write(`note: ${TIME_BINARY} is missing, so peak RSS is not measured; install it with: apt-get install time\n`);

  const checkTotal = checkReportTotal(options.lines);
  const contenders: Contender[] = [
    { tag: 'report', name: 'logcodes report -o json', argv: [process.execPath, 'bin/logcodes.js', 'report', '-o', 'json', full], bytes: fullBytes, lines: options.lines, check: checkTotal },
    { tag: 'ingest', name: 'logcodes ingest only (readSource, count)', argv: [process.execPath, '--input-type=module', '-e', INGEST_ONLY_SCRIPT, full], bytes: fullBytes, lines: options.lines, check: checkTotal },
    { tag: 'mawk', name: "mawk '{c[$9]++}'", argv: ['mawk', '{c[$9]++} END{for(k in c) print k, c[k]}', full], bytes: fullBytes, lines: options.lines },
    { tag: 'goaccess', name: 'goaccess --log-format=COMBINED -o json', argv: [], bytes: headBytes, lines: headLines },
    { tag: 'cat', name: 'cat > /dev/null (I/O floor)', argv: ['cat', full], bytes: fullBytes, lines: options.lines },
  ];
  if (options.gzip) {
    const gz = await prepareGzip(full);
    contenders.push(
      { tag: 'report.gz', name: 'logcodes report -o json (.gz input)', argv: [process.execPath, 'bin/logcodes.js', 'report', '-o', 'json', gz], bytes: fullBytes, lines: options.lines, check: checkTotal },
      { tag: 'gunzip', name: 'gzip -dc > /dev/null (gunzip floor)', argv: ['gzip', '-dc', gz], bytes: fullBytes, lines: options.lines, ...(which('gzip') ? {} : { skipped: 'gzip not installed: apt-get install gzip' }) },
    );
  }
  if (!which('mawk')) contenders[2]!.skipped = 'mawk not installed: apt-get install mawk';
  const goaccess = contenders[3]!;
  const scratch = mkdtempSync(join(tmpdir(), 'logcodes-bench-'));
  if (which('goaccess')) goaccess.argv = ['goaccess', head, '--log-format=COMBINED', '-o', join(scratch, 'goaccess.json')];
  else goaccess.skipped = 'goaccess not installed: apt-get install goaccess';

  const { results, problems } = await runRounds(contenders, options.runs, hasTime, scratch);

  // Ratios are against logcodes report; while it cannot run, against the ingest-only row.
  const usable = (c: Contender): boolean => (results.get(c)?.length ?? 0) > 0 && !problems.has(c);
  const report = contenders[0]!;
  const reference = usable(report) ? report : usable(contenders[1]!) ? contenders[1]! : undefined;
  const referenceRuns = reference ? results.get(reference) : undefined;
  const referencePerLine = reference && referenceRuns ? median(referenceRuns.map((r) => r.seconds)) / reference.lines : undefined;
  const ratioHead = reference === contenders[1] ? 'time/line vs ingest only' : 'time/line vs logcodes';

  const table = new Table({
    head: ['command', 'lines', 'median s', 'lines/s', 'MB/s', 'peak RSS MiB', ratioHead],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  for (const contender of contenders) {
    const runs = results.get(contender);
    if (!runs || runs.length === 0) {
      const note = contender.skipped ? 'skipped (see below)' : 'failed (see below)';
      table.push([contender.name, contender.lines, { colSpan: 5, content: note }]);
      continue;
    }
    const seconds = median(runs.map((r) => r.seconds));
    const rss = runs.map((r) => r.rssKiB).filter((k): k is number => k !== undefined);
    const bytes = contender.bytes;
    const ratio = referencePerLine ? `${(seconds / contender.lines / referencePerLine).toFixed(2)}x` : 'n/a';
    table.push([
      contender.name,
      contender.lines,
      seconds.toFixed(3),
      Math.round(contender.lines / seconds).toLocaleString('en-US'),
      (bytes / 1e6 / seconds).toFixed(0),
      rss.length ? (Math.max(...rss) / 1024).toFixed(0) : 'n/a',
      contender === reference ? '1.00x' : ratio,
    ]);
  }
  process.stdout.write(`\n${table.toString()}\n`);
  process.stdout.write(`median of ${options.runs} run(s) per command; MB = 10^6 bytes of log text (uncompressed); GoAccess reads the first ${headLines} lines, so compare per-line rates.\n`);

  for (const contender of contenders) {
    const note = contender.skipped ?? problems.get(contender);
    if (note) process.stdout.write(`${contender.name}: ${note}\n`);
  }
  if (usable(report)) {
    process.stdout.write(`sanity: logcodes lines.total = ${options.lines}, the whole file was read.\n`);
  } else {
    process.stdout.write(`logcodes report gave no usable result; ratios are against the ingest-only row${reference ? '' : ' (also unusable: n/a)'}.\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
