import { LogcodesError, type ErrorKind } from '../model/errors.js';

/**
 * Every exit code logcodes uses, from one table (README, "Exit codes"). Usage and input errors
 * share 1, as they always have; a bug gets 70 (EX_SOFTWARE in sysexits.h), so a script can tell
 * "my input is bad" from "logcodes is broken".
 */
export const EXIT_CODES = {
  ok: 0,
  usage: 1,
  input: 1,
  'rule-held': 2,
  // The report could not be written (a full disk): like an input error, the run did not do its job.
  output: 1,
  internal: 70,
  // 128 + the signal's number, as a shell reports a command the signal killed; the partial report is written.
  interrupted: 130,
  terminated: 143,
} as const satisfies Record<ErrorKind | 'ok' | 'rule-held' | 'output' | 'internal' | 'interrupted' | 'terminated', number>;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export interface Failure {
  exitCode: ExitCode;
  /** One line for stderr, without the 'logcodes: ' prefix. */
  message: string;
}

/** How an exception that reached the top of the command ends it. */
export function failureOf(err: unknown): Failure {
  if (err instanceof LogcodesError) return { exitCode: EXIT_CODES[err.kind], message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { exitCode: EXIT_CODES.internal, message: `internal error (a bug in logcodes; please report it): ${message}` };
}

/** The exit code of a run whose sources had these problems. */
export function exitCodeOfProblems(problems: readonly LogcodesError[]): ExitCode | undefined {
  const first = problems[0];
  return first === undefined ? undefined : EXIT_CODES[first.kind];
}
