/**
 * Helpers shared by the JSON-line formats (Cloudflare, Caddy) and the other
 * cloud formats whose timestamps and URLs look alike (ALB): reading numbers
 * too large for a double, epoch values of unknown unit, ISO timestamps, and
 * request targets.
 */


/** Where the value of the first `"key":` in a JSON line starts, past blanks; -1 when there is none. */
function valueAfterKey(line: string, key: string): number {
  const needle = `"${key}"`;
  let at = line.indexOf(needle);
  if (at < 0) return -1;
  at += needle.length;
  while (at < line.length && (line.charCodeAt(at) === 0x20 || line.charCodeAt(at) === 0x09)) at++;
  if (line.charCodeAt(at) !== 0x3a /* : */) return -1;
  at++;
  while (at < line.length && (line.charCodeAt(at) === 0x20 || line.charCodeAt(at) === 0x09)) at++;
  return at;
}

/**
 * The digits of a JSON number (or numeric string) stored under `key`, read
 * from the raw line: JSON.parse would round integers above 2^53, and
 * Cloudflare's unixnano timestamps (~1.7e18) are such integers.
 */
export function rawDigitsAfterKey(line: string, key: string): string | undefined {
  let at = valueAfterKey(line, key);
  if (at < 0) return undefined;
  if (line.charCodeAt(at) === 0x22 /* " */) at++;
  const start = at;
  while (at < line.length) {
    const c = line.charCodeAt(at);
    if (c < 0x30 || c > 0x39) break;
    at++;
  }
  if (at === start) return undefined;
  // A fraction or exponent means this is not a plain integer: let the caller fall back.
  const next = line.charCodeAt(at);
  if (next === 0x2e || next === 0x65 || next === 0x45) return undefined;
  return line.slice(start, at);
}

/**
 * The exact digits of the integer JSON.parse read as `parsed` under `key`, or
 * undefined when the raw text does not agree with it (the key also occurs
 * nested, say), so that a wrong occurrence is never used.
 */
export function exactIntegerDigits(line: string, key: string, parsed: number): string | undefined {
  const digits = rawDigitsAfterKey(line, key);
  if (digits === undefined) return undefined;
  return Math.abs(Number(digits) - parsed) <= Math.abs(parsed) * 1e-12 ? digits : undefined;
}

/**
 * Epoch ms from an integer epoch of unknown unit, guessed from its length:
 * up to 11 digits seconds, 12-14 milliseconds, 15-17 microseconds, more
 * nanoseconds (dates between 1973 and 5138 are unambiguous this way).
 * Truncates to the millisecond, like the logs' own second-precision forms.
 */
export function epochDigitsToMs(digits: string): number {
  const n = digits.length;
  if (n <= 11) return Number(digits) * 1000;
  if (n <= 14) return Number(digits);
  if (n <= 17) return Number(digits.slice(0, n - 3));
  return Number(digits.slice(0, n - 6));
}

/** The same integer epoch in nanoseconds, exactly, for differences below a millisecond. */
export function epochDigitsToNs(digits: string): bigint {
  const n = digits.length;
  const value = BigInt(digits);
  if (n <= 11) return value * 1_000_000_000n;
  if (n <= 14) return value * 1_000_000n;
  if (n <= 17) return value * 1_000n;
  return value;
}

/** Epoch ms from a float epoch of unknown unit (Caddy `ts`), by magnitude. */
export function epochNumberToMs(value: number): number {
  const abs = Math.abs(value);
  if (abs < 1e11) return Math.round(value * 1000);
  if (abs < 1e14) return Math.round(value);
  if (abs < 1e17) return Math.floor(value / 1000);
  return Math.floor(value / 1e6);
}

export interface PathAndQuery {
  path: string;
  query?: string;
}

/** Splits a request target at the first '?'; the query loses its '?'. */
export function splitPathQuery(target: string): PathAndQuery {
  const q = target.indexOf('?');
  if (q < 0) return { path: target };
  return { path: target.slice(0, q), query: target.slice(q + 1) };
}

/**
 * Host without its port: `example.com:8443` -> `example.com`, `[::1]:80` -> `::1`.
 * A bare IPv6 address (several colons, no brackets) is left whole.
 */
export function hostWithoutPort(hostPort: string): string {
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    return end > 0 ? hostPort.slice(1, end) : hostPort;
  }
  const colon = hostPort.indexOf(':');
  if (colon < 0 || hostPort.indexOf(':', colon + 1) >= 0) return hostPort;
  return hostPort.slice(0, colon);
}

/**
 * Address and port of `addr:port` split at the last colon, which is how ALB
 * writes IPv6 peers (unbracketed: `2601:6bbc::1:50599`).
 */
export function splitAddressPort(value: string): { address: string; port?: string } {
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end > 0) {
      const rest = value.slice(end + 1);
      return rest.startsWith(':') ? { address: value.slice(1, end), port: rest.slice(1) } : { address: value.slice(1, end) };
    }
  }
  const colon = value.lastIndexOf(':');
  if (colon <= 0) return { address: value };
  const port = value.slice(colon + 1);
  if (!/^\d{1,5}$/.test(port)) return { address: value };
  return { address: value.slice(0, colon), port };
}

/** First value of a header in a `{Name: [values]}` map, matching the name without regard to case. */
export function firstHeaderValue(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const map = headers as Record<string, unknown>;
  let values = map[name];
  if (values === undefined) {
    const wanted = name.toLowerCase();
    for (const key of Object.keys(map)) {
      if (key.toLowerCase() === wanted) {
        values = map[key];
        break;
      }
    }
  }
  if (Array.isArray(values)) return typeof values[0] === 'string' ? values[0] : undefined;
  return typeof values === 'string' ? values : undefined;
}

/** A JSON value as an extra-field string, or undefined for empty/absent/structured values. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Parses one line as a JSON object; undefined when it is not one. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Not JSON: the caller reports it as malformed.
  }
  return undefined;
}

/**
 * Whether the number under `key` is written as plain digits (`502`, not `5.02e2`, `502.0` or
 * `+502`): JSON.parse reads all of those as 502, and a status is an integer written as digits. It
 * looks at the key's first occurrence; where the text there is not a number at all (a string, or
 * the key only occurs in a form it cannot read), it says yes and leaves the judgement to the value.
 */
export function writtenAsDigits(line: string, key: string): boolean {
  const start = valueAfterKey(line, key);
  if (start < 0) return true;
  let at = start;
  while (at < line.length && /[-+0-9.eE]/.test(line[at]!)) at++;
  const token = line.slice(start, at);
  return token === '' || /^[0-9]+$/.test(token);
}
