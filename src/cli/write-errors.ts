/** Why the report could not be written, in the words a user knows from other tools. */
const WRITE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  EBADF: 'the output is closed',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ECONNRESET: 'the reader closed the connection',
};

/** The one line printed when the report cannot be written (a full disk, a closed descriptor). */
export function describeWriteError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const reason = WRITE_ERRORS[code] ?? (err instanceof Error ? err.message : String(err));
  return `cannot write the report: ${reason}`;
}
