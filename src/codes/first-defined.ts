/**
 * Where a code was first defined, in words, from the reference table's "HTTP Version" column. That
 * column says 'HTTP/0.9' for the oldest codes, but HTTP/0.9 had no status line at all: those codes
 * come from the first HTTP specification drafts (1992), which HTTP/1.0 (RFC 1945, 1996) then wrote down.
 */
export function firstDefinedIn(httpVersion: string): string {
  switch (httpVersion) {
    case 'HTTP/0.9':
      return 'the first HTTP drafts (1992), before HTTP/1.0 (HTTP/0.9 itself had no status codes)';
    case 'HTTP/0.9 and HTTP/1.1':
      return 'the first HTTP drafts (1992); left out of HTTP/1.0, back in HTTP/1.1';
    case 'HTTP/1.0':
      return 'HTTP/1.0 (RFC 1945, 1996)';
    default:
      return httpVersion;
  }
}
