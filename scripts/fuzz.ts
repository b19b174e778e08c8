/**
 * Fuzzes the command with the real corpus: every file under fixtures/corpus/ is read, its lines are
 * mutated (numbers and timestamps replaced by absurd ones, bytes flipped, controls, invisible
 * characters and bare carriage returns inserted, lines cut, joined or repeated), and each batch is
 * run through `logcodes report` in every output mode, as a user would run it.
 *
 *   npm run fuzz -- [--seed 1] [--rounds 24] [--lines 4000]
 *
 * Checks on every run: the exit code is 0, 1 or 2 (never 70, a bug); stderr has no "internal
 * error", "unexpected error" or stack trace; in the JSON, parsed + malformed + ignored = total =
 * the lines written; peak memory under 300 MB; time per line, or per MB for batches of long
 * lines, under a bound. Prints its figures and
 * exits 1 when a check failed, naming the seed, round and mode, with the batch kept to replay.
 * Not part of `npm test`: a few minutes, not seconds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dice } from './seeded-random.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/logcodes.js');
const OUTPUTS = ['table', 'json', 'markdown', 'html'] as const;
const MAX_PEAK_MB = 300;
/** Start-up and rendering allowance, then per line: the command reads about a million lines a second. */
const STARTUP_MS = 500;
const MAX_US_PER_LINE = 200;
/** A batch of long lines is bounded by its size instead: a few hundred KiB a line take longer to read. */
const MAX_MS_PER_MB = 200;

interface Options {
  seed: number;
  rounds: number;
  lines: number;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { seed: 1, rounds: 24, lines: 4000 };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!.replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!(flag in options) || !Number.isInteger(value) || value < 1) {
      throw new Error(`usage: npm run fuzz -- [--seed N] [--rounds N] [--lines N] (bad argument: ${argv[i]})`);
    }
    options[flag as keyof Options] = value;
  }
  return options;
}

function corpusLines(): string[] {
  const lines: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('.md') && !name.endsWith('.gz')) {
        for (const line of readFileSync(path, 'utf8').split('\n')) if (line.trim() !== '') lines.push(line.replace(/\r$/, ''));
      }
    }
  };
  walk(join(ROOT, 'fixtures/corpus'));
  return lines;
}

const ABSURD_NUMBERS = [
  '0', '-1', '1e309', '1e306', '-1e309', '9e15', '1e20', '65536', '4294967297', '1000', '99', '1e2', '0x1f4', 'NaN', 'Infinity',
  '9'.repeat(30), '9'.repeat(400), '0.000000001', '1.5', '-0', '',
];
const ODD_CHARACTERS = ['\u200b', '\ufeff', '\u202e', '\u00ad', '\u{e0041}', '\u001b[31m', '\u0000', '\r', '\t', '"', '\\', '|', '`', '<script>', '\u2028', '\ufffd'];

/** One mutation of a line, chosen by the dice. */
function mutate(line: string, dice: Dice): string {
  switch (dice.int(0, 8)) {
    case 0:
    case 1: {
      // A number: a status, a size, a duration, an epoch, a year.
      const numbers = [...line.matchAll(/\d+(?:\.\d+)?/g)];
      if (numbers.length === 0) return line;
      const match = dice.pick(numbers);
      return line.slice(0, match.index) + dice.pick(ABSURD_NUMBERS) + line.slice(match.index + match[0].length);
    }
    case 2: {
      // A year or a date anywhere from antiquity to the far future.
      return line.replace(/\b(19|20)\d\d\b/, () => String(dice.pick([1, 1969, 1970, 1989, 2100, 3026, 9999, 10000, 275761, 999999])));
    }
    case 3: {
      const at = dice.int(0, line.length);
      return line.slice(0, at) + dice.pick(ODD_CHARACTERS) + line.slice(at);
    }
    case 4: {
      // A flipped byte, as on a bad disk.
      const at = dice.int(0, Math.max(0, line.length - 1));
      return line.slice(0, at) + String.fromCharCode(line.charCodeAt(at) ^ (1 << dice.int(0, 7))) + line.slice(at + 1);
    }
    case 5:
      return line.slice(0, dice.int(0, line.length));
    case 6:
      return line.length < 100_000 ? line + line : line;
    case 7:
      // Long lines, up to a few hundred KiB; the line length limit itself is tested elsewhere.
      return line.length < 2_000 ? line.repeat(dice.int(2, 200)) : line;
    default:
      return line;
  }
}

/** Lines as logcodes counts them: '\n', '\r\n' and a bare '\r' each end one. */
function countLines(text: string): number {
  if (text.length === 0) return 0;
  const ends = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  return /[\r\n]$/.test(text) ? ends : ends + 1;
}

interface RunFigures {
  code: number | null;
  stderr: string;
  stdout: string;
  peakMb: number;
  ms: number;
}

function run(file: string, output: string): RunFigures {
  const started = process.hrtime.bigint();
  // GNU time reports the child's peak resident set; its line is the last of stderr.
  const child = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'report', '-o', output, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const stderrLines = child.stderr.trimEnd().split('\n');
  const peakKb = Number(stderrLines.pop());
  const stderr = stderrLines.filter((line) => !line.startsWith('Command exited with non-zero status')).join('\n');
  return { code: child.status, stderr, stdout: child.stdout, peakMb: peakKb / 1024, ms };
}

const options = parseArgs(process.argv.slice(2));
const dice = new Dice(options.seed);
const corpus = corpusLines();
const dir = mkdtempSync(join(tmpdir(), 'logcodes-fuzz-'));
const failures: string[] = [];
let linesWritten = 0;
let runs = 0;
let worstPeak = 0;
let worstUsPerLine = 0;
let worstMsPerMb = 0;
let totalMs = 0;
const exitCodes = new Map<number | null, number>();

for (let round = 1; round <= options.rounds; round++) {
  const lines: string[] = [];
  for (let i = 0; i < options.lines; i++) {
    let line = dice.pick(corpus);
    const mutations = dice.chance(0.2) ? 0 : dice.int(1, 3);
    for (let m = 0; m < mutations; m++) line = mutate(line, dice);
    lines.push(line);
  }
  const text = lines.join('\n') + '\n';
  const file = join(dir, `round-${round}.log`);
  writeFileSync(file, text);
  const written = countLines(text);
  const megabytes = Buffer.byteLength(text) / 1e6;
  linesWritten += written;
  for (const output of OUTPUTS) {
    const figures = run(file, output);
    runs++;
    totalMs += figures.ms;
    exitCodes.set(figures.code, (exitCodes.get(figures.code) ?? 0) + 1);
    worstPeak = Math.max(worstPeak, figures.peakMb);
    const usPerLine = (Math.max(0, figures.ms - STARTUP_MS) * 1000) / written;
    const msPerMb = Math.max(0, figures.ms - STARTUP_MS) / megabytes;
    worstUsPerLine = Math.max(worstUsPerLine, usPerLine);
    worstMsPerMb = Math.max(worstMsPerMb, msPerMb);
    const where = `seed ${options.seed}, round ${round}, -o ${output} (${file})`;
    if (figures.code !== 0 && figures.code !== 1 && figures.code !== 2) failures.push(`${where}: exit code ${figures.code}`);
    if (/internal error|unexpected error|\n\s+at |^\s+at /m.test(figures.stderr)) failures.push(`${where}: ${figures.stderr.split('\n')[0]}`);
    if (figures.stderr.split('\n').some((line) => line !== '' && !line.startsWith('logcodes: '))) failures.push(`${where}: stderr line without 'logcodes: '`);
    if (figures.peakMb > MAX_PEAK_MB) failures.push(`${where}: peak ${figures.peakMb.toFixed(0)} MB`);
    if (usPerLine > MAX_US_PER_LINE && msPerMb > MAX_MS_PER_MB) failures.push(`${where}: ${usPerLine.toFixed(0)} µs a line, ${msPerMb.toFixed(0)} ms a MB`);
    if (output === 'json' && figures.stdout !== '') {
      const report = JSON.parse(figures.stdout) as { lines: { total: number; parsed: number; malformed: number; ignored: number }; bytes: unknown };
      const { total, parsed, malformed, ignored } = report.lines;
      if (parsed + malformed + ignored !== total || total !== written) {
        failures.push(`${where}: lines ${JSON.stringify(report.lines)}, ${written} written`);
      }
      if (typeof report.bytes !== 'number' || !Number.isFinite(report.bytes)) failures.push(`${where}: bytes ${String(report.bytes)}`);
    }
  }
  process.stdout.write(`round ${round}/${options.rounds}: ${written} lines, ${failures.length} failure(s) so far\n`);
}

const codes = [...exitCodes].map(([code, count]) => `${code}: ${count}`).join(', ');
process.stdout.write(
  [
    `seed ${options.seed}: ${options.rounds} rounds, ${linesWritten.toLocaleString('en-US')} mutated lines from ${corpus.length.toLocaleString('en-US')} corpus lines, ${runs} runs (${OUTPUTS.join(', ')})`,
    `exit codes ${codes}`,
    `peak memory at most ${worstPeak.toFixed(0)} MB (bound ${MAX_PEAK_MB}); at most ${worstUsPerLine.toFixed(1)} µs a line past ${STARTUP_MS} ms of start-up (bound ${MAX_US_PER_LINE}), at most ${worstMsPerMb.toFixed(0)} ms a MB (bound ${MAX_MS_PER_MB}; a run fails only past both); ${(totalMs / 1000).toFixed(1)} s of runs`,
    failures.length === 0 ? 'no failures' : `${failures.length} failure(s):\n${failures.slice(0, 20).join('\n')}`,
  ].join('\n') + '\n',
);
if (failures.length === 0) rmSync(dir, { recursive: true, force: true });
process.exitCode = failures.length === 0 ? 0 : 1;
