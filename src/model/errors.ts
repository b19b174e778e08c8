/**
 * The errors logcodes reports to the person running it. Each has a kind, which
 * decides the exit code (one table, in cli/exit-codes.ts), and a stable code
 * that scripts and tests can branch on instead of the wording. Any other
 * exception is a bug in logcodes, and exits with a code of its own.
 */

/** usage: the command line asks for something impossible; input: a source could not be read. */
export type ErrorKind = 'usage' | 'input';

export class LogcodesError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An error the user can fix by changing the command line. */
export class UsageError extends LogcodesError {
  constructor(message: string, code = 'usage') {
    super('usage', code, message);
  }
}

/**
 * Why a source could not be read to its end. The system's own codes keep their names, so
 * they read as in any other tool's messages. Add codes, never rename one: reports carry them
 * (sources[].errorCode).
 */
export const SOURCE_ERROR_CODES = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  'gzip-truncated': 'gzip data is truncated',
  'gzip-corrupt': 'gzip data is corrupt',
  'read-error': 'the system reported an error while reading',
  'unknown-format': 'no known log format recognized',
  'gzip-trailing-garbage': 'bytes that are not gzip after the gzip data',
  compressed: 'compressed with something other than gzip',
  'no-line-breaks': 'no line breaks: not a text log',
  interrupted: 'interrupted (Ctrl-C or SIGTERM) before its end',
} as const satisfies Record<string, string>;

export type SourceErrorCode = keyof typeof SOURCE_ERROR_CODES;

/** Every source error code, in the order of SOURCE_ERROR_CODES. */
export const SOURCE_ERROR_CODE_LIST = Object.keys(SOURCE_ERROR_CODES) as SourceErrorCode[];

/**
 * A source that could not be read, or not understood. Returned as a value, not thrown: the other
 * sources are still read and reported. The message is one line and names the source.
 */
export class SourceError extends LogcodesError {
  constructor(
    override readonly code: SourceErrorCode,
    message: string,
  ) {
    super('input', code, message);
  }
}
