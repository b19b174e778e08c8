import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, exitCodeOfProblems, failureOf } from '../../src/cli/exit-codes.js';
import { compileNginxLogFormat } from '../../src/formats/logformat/nginx.js';
import { SourceError, UsageError } from '../../src/model/errors.js';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('exit codes', () => {
  it('gives usage and input errors 1, a held rule 2, a bug 70 and a signal 128 + its number, each distinct from success', () => {
    expect(EXIT_CODES).toEqual({ ok: 0, usage: 1, input: 1, 'rule-held': 2, output: 1, internal: 70, interrupted: 130, terminated: 143 });
  });

  it('ends a usage error with its own message and exit 1', () => {
    expect(failureOf(new UsageError("unknown format 'lighttpd'"))).toEqual({ exitCode: 1, message: "unknown format 'lighttpd'" });
  });

  it('treats a --log-format syntax error from the compiler as a usage error', () => {
    const err = thrownBy(() => compileNginxLogFormat("log_format main '$remote_addr"));
    expect(failureOf(err).exitCode).toBe(EXIT_CODES.usage);
    expect(failureOf(err).message).toMatch(/unterminated/);
  });

  it('ends anything else as an internal error, exit 70, saying it is a bug', () => {
    const err = thrownBy(() => (null as unknown as { length: number }).length);
    const failure = failureOf(err);
    expect(failure.exitCode).toBe(70);
    expect(failure.message).toMatch(/^internal error \(a bug in logcodes; please report it\): /);
    expect(failure.message).not.toContain('\n');
    expect(failureOf('a string').exitCode).toBe(70);
  });

  it('are the ones the README documents', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const table = readme.slice(readme.indexOf('Exit codes:'), readme.indexOf('`--fail-on` rules:'));
    const documented = [...table.matchAll(/^\| `(\d+)` \|/gm)].map((match) => Number(match[1]));
    expect(documented).toEqual([...new Set(Object.values(EXIT_CODES))]);
  });

  it('ends a run whose sources had problems with the exit code of their kind', () => {
    expect(exitCodeOfProblems([])).toBeUndefined();
    expect(exitCodeOfProblems([new SourceError('ENOENT', 'a.log: no such file')])).toBe(EXIT_CODES.input);
  });
});
