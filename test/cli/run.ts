import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const bin = `${repoRoot}bin/logcodes.js`;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the installed command as a user would, optionally feeding standard input. */
export function runLogcodes(args: readonly string[], options: { stdin?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.stdin !== undefined) child.stdin.end(options.stdin);
    else child.stdin.end();
  });
}

/** Runs the command and returns its standard output, expecting exit 0 and nothing on stderr. */
export async function stdoutOfCleanRun(args: readonly string[], options: Parameters<typeof runLogcodes>[1] = {}): Promise<string> {
  const result = await runLogcodes(args, options);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

/** Runs the command with its standard output opened on a file (such as /dev/full); stdout is not captured. */
export function runLogcodesToFile(args: readonly string[], stdoutPath: string): Promise<Omit<RunResult, 'stdout'>> {
  return new Promise((resolve, reject) => {
    const out = openSync(stdoutPath, 'w');
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', out, 'pipe'],
    });
    closeSync(out);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
