import { execFileSync, spawn } from 'node:child_process';
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { bin, repoRoot, runLogcodes } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-stdin-'));
// Real lines (nginx, Apache) and the generated incident, several runs of the splitter's 64 KB windows long.
const text = ['nginx-combined.log', 'apache-combined.log'].map((name) => readFileSync(`${repoRoot}fixtures/real/${name}`, 'utf8')).join('') +
  readFileSync(`${repoRoot}fixtures/incident/nginx-incident.log`, 'utf8');
const file = join(dir, 'access.log');
writeFileSync(file, text);

/** The report without what names the run: when it was made and what the source was called. */
function counts(stdout: string): Partial<Report> {
  const report = JSON.parse(stdout) as Report;
  expect(report.sources).toHaveLength(1);
  const { generatedAt: _at, sources, ...rest } = report;
  return { ...rest, sources: sources.map(({ name: _name, ...source }) => ({ ...source, name: '' })) };
}

/** Runs logcodes with stdin from `feed`, which writes to the stream it is given and ends it. */
function withStdin(args: readonly string[], feed: (stdin: NodeJS.WritableStream) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}: ${stderr}`))));
    feed(child.stdin);
  });
}

describe('standard input and pipes', () => {
  it('give the same report as the file: a pipe, a file on stdin, a named pipe, and gzip through a pipe', async () => {
    const direct = await runLogcodes(['report', '-o', 'json', file]);
    expect(direct.code).toBe(0);
    const expected = counts(direct.stdout);
    expect(expected.lines!.parsed).toBeGreaterThan(6000);

    // A pipe (live, as `cat access.log | logcodes report -` is), fed in pieces as a writer would.
    const piped = await withStdin(['report', '-o', 'json', '-'], (stdin) => createReadStream(file, { highWaterMark: 4096 }).pipe(stdin));
    expect(counts(piped)).toEqual(expected);

    // A regular file as stdin (`logcodes report - < access.log`).
    const fd = openSync(file, 'r');
    const redirected = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [bin, 'report', '-o', 'json', '-'], { cwd: repoRoot, stdio: [fd, 'pipe', 'inherit'] });
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    closeSync(fd);
    expect(counts(redirected)).toEqual(expected);

    // A named pipe, as `<(zcat access.log.gz)` gives.
    const fifo = join(dir, 'access.fifo');
    execFileSync('mkfifo', [fifo]);
    const reading = runLogcodes(['report', '-o', 'json', fifo]);
    createReadStream(file).pipe(createWriteStream(fifo));
    const named = await reading;
    expect(named.code).toBe(0);
    expect(counts(named.stdout)).toEqual(expected);

    // gzip through a pipe (`zcat` left out: logcodes reads the gzip itself), in small pieces.
    const gzipped = gzipSync(text);
    const unzipped = await withStdin(['report', '-o', 'json'], (stdin) => {
      for (let at = 0; at < gzipped.length; at += 1000) stdin.write(gzipped.subarray(at, at + 1000));
      stdin.end();
    });
    expect(counts(unzipped)).toEqual(expected);
  });

  it('writes the same records from a pipe as from the file', async () => {
    const direct = await runLogcodes(['records', file]);
    const piped = await withStdin(['records', '-'], (stdin) => createReadStream(file, { highWaterMark: 4096 }).pipe(stdin));
    expect(piped).toBe(direct.stdout.replaceAll(`"source":${JSON.stringify(file)}`, '"source":"stdin"'));
    expect(piped.split('\n').length).toBeGreaterThan(6000);
  });
});
