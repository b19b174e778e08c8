/**
 * Compiles an Apache httpd `LogFormat` string, as pasted from the server config,
 * into a FormatDefinition. Accepted forms:
 *   LogFormat "%h %l %u %t \"%r\" %>s %b" common
 *   CustomLog logs/access_log "%h %l %u %t \"%r\" %>s %b"
 *   %h %l %u %t "%r" %>s %b
 */
import type { FormatDefinition } from '../parser.js';
import { defineCompiledFormat, unseparatedVariables, type CompiledFormat, type FieldKind, type FormatPiece } from './engine.js';
import { LogFormatSyntaxError } from './nginx.js';

/** Directives without an argument. */
const SIMPLE: Record<string, FieldKind> = {
  h: 'client',
  a: 'client',
  u: 'user',
  t: 'timeClfBracketed',
  r: 'request',
  s: 'status',
  b: 'bodyBytes',
  B: 'bodyBytes',
  O: 'wireBytes',
  D: 'durationUs',
  T: 'durationSec',
  v: 'serverName',
  V: 'host',
  U: 'path',
  q: 'queryWithMark',
  m: 'method',
  H: 'protocol',
};

/** Directives kept in record.extra, by key. */
const EXTRA: Record<string, string> = {
  I: 'bytesIn',
  S: 'bytesTransferred',
  p: 'port',
  X: 'connectionStatus',
  k: 'keepAliveRequests',
  P: 'pid',
  L: 'errorLogId',
  R: 'handler',
  l: 'ident',
  A: 'localAddr',
  f: 'filename',
  e: 'env',
};

/** Request headers with a record field of their own. */
const HEADERS: Record<string, FieldKind> = {
  referer: 'referer',
  'user-agent': 'userAgent',
  host: 'host',
  'x-forwarded-for': 'forwardedFor',
};

function timeKind(argument: string): FieldKind | undefined {
  // %{begin:...}t / %{end:...}t only choose the moment; the rest is the format.
  const format = argument.replace(/^(begin|end):/, '');
  switch (format) {
    case 'sec': return 'timeEpochSec';
    case 'msec': return 'timeEpochMs';
    case 'usec': return 'timeEpochUs';
    case '': return 'timeClfBracketed';
    default: return undefined;
  }
}

function directive(letter: string, argument: string | undefined, written: string, conditional: boolean): FormatPiece {
  if (argument !== undefined) {
    switch (letter) {
      case 'i': {
        const kind = HEADERS[argument.toLowerCase()];
        return kind === undefined
          ? { kind: 'skip', name: written }
          : { kind, name: written };
      }
      case 't': {
        const kind = timeKind(argument);
        // Other strftime layouts are matched as text; the line then has no time.
        return kind === undefined ? { kind: 'skip', name: written } : { kind, name: written };
      }
      case 'T':
        return { kind: argument === 'us' ? 'durationUs' : argument === 'ms' ? 'durationMs' : 'durationSec', name: written };
      case 'a':
        return { kind: 'client', name: written };
      default:
        return { kind: 'skip', name: written };
    }
  }
  if (letter === 's' && written.includes('>')) return { kind: 'status', name: written };
  if (letter === 's') return { kind: conditional ? 'skip' : 'statusOriginal', name: written };
  const kind = SIMPLE[letter];
  if (kind !== undefined) return { kind, name: written };
  const extraKey = EXTRA[letter];
  if (extraKey !== undefined) return { kind: 'extra', name: written, extraKey };
  throw new LogFormatSyntaxError(`unknown LogFormat directive ${written}`);
}

/** Splits an Apache format into literals and directives. */
export function parseApacheFormatBody(body: string): FormatPiece[] {
  const pieces: FormatPiece[] = [];
  let literal = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c !== '%') {
      literal += c;
      i++;
      continue;
    }
    if (body[i + 1] === '%') {
      literal += '%';
      i += 2;
      continue;
    }
    const start = i;
    let j = i + 1;
    // Status conditions: %400,501{User-agent}i and %!200{Referer}i.
    let conditional = false;
    if (body[j] === '!') {
      conditional = true;
      j++;
    }
    while (j < body.length && /[0-9,]/.test(body[j]!)) {
      conditional = true;
      j++;
    }
    while (body[j] === '<' || body[j] === '>') j++;
    let argument: string | undefined;
    if (body[j] === '{') {
      const close = body.indexOf('}', j + 1);
      if (close < 0) throw new LogFormatSyntaxError(`unterminated %{ in LogFormat at column ${start + 1}`);
      argument = body.slice(j + 1, close);
      j = close + 1;
    }
    while (body[j] === '<' || body[j] === '>') j++;
    const letter = body[j];
    if (letter === undefined || !/[A-Za-z]/.test(letter)) {
      throw new LogFormatSyntaxError(`incomplete LogFormat directive at column ${start + 1}`);
    }
    const written = body.slice(start, j + 1);
    if (literal.length > 0) pieces.push(literal);
    literal = '';
    pieces.push(directive(letter, argument, written, conditional));
    i = j + 1;
  }
  if (literal.length > 0) pieces.push(literal);
  return pieces;
}

function unescapeConfigString(text: string): string {
  return text.replace(/\\(.)/g, (_m, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
}

/** The format string out of a LogFormat / CustomLog line, or the bare format. */
function readFormatSource(input: string): { body: string; nickname: string | undefined } {
  const text = input.trim();
  const directiveMatch = /^(LogFormat|CustomLog)\s+/i.exec(text);
  if (directiveMatch === null) {
    // Bare format: may still be pasted with \" escapes or surrounding quotes.
    const quoted = text.startsWith('"') && text.endsWith('"') && text.length >= 2 ? text.slice(1, -1) : text;
    return { body: quoted.includes('\\"') ? unescapeConfigString(quoted) : quoted, nickname: undefined };
  }
  let rest = text.slice(directiveMatch[0].length);
  if (directiveMatch[1]!.toLowerCase() === 'customlog') {
    // Skip the log file path (or piped program) before the format.
    const pathEnd = rest.startsWith('"') ? rest.indexOf('"', 1) + 1 : rest.search(/\s/);
    if (pathEnd <= 0) throw new LogFormatSyntaxError('CustomLog without a format');
    rest = rest.slice(pathEnd).trimStart();
  }
  if (!rest.startsWith('"')) throw new LogFormatSyntaxError('LogFormat string must be in double quotes');
  let j = 1;
  while (j < rest.length && rest[j] !== '"') j += rest[j] === '\\' ? 2 : 1;
  if (j >= rest.length) throw new LogFormatSyntaxError('unterminated LogFormat string');
  const nickname = rest.slice(j + 1).trim().split(/\s+/)[0];
  return { body: unescapeConfigString(rest.slice(1, j)), nickname: nickname === '' ? undefined : nickname };
}

export interface ApacheCompileOptions {
  description?: string;
  detection?: string;
  example?: string;
  match?: (line: string) => number;
}

/** Compiles an Apache `LogFormat` (directive or bare format string). */
export function compileApacheLogFormat(
  format: string,
  name?: string,
  options: ApacheCompileOptions = {},
): FormatDefinition & { compiled: CompiledFormat } {
  const source = readFormatSource(format);
  if (source.body.length === 0) throw new LogFormatSyntaxError('empty LogFormat');
  const pieces = parseApacheFormatBody(source.body);
  if (!pieces.some((p) => typeof p !== 'string' && (p.kind === 'status' || p.kind === 'statusOriginal'))) {
    throw new LogFormatSyntaxError('LogFormat has no %>s or %s: logcodes counts status codes');
  }
  const unseparated = unseparatedVariables(pieces);
  if (unseparated !== undefined) throw new LogFormatSyntaxError(`LogFormat: ${unseparated}`);
  const formatName = name ?? (source.nickname === undefined ? 'apache-custom' : `apache-${source.nickname}`);
  return defineCompiledFormat({
    name: formatName,
    vendor: 'apache',
    escape: 'apache',
    pieces,
    description: options.description ?? `Apache LogFormat given on the command line: ${source.body}`,
    detection: options.detection ?? 'Lines that fit the given LogFormat exactly, field by field.',
    example: options.example ?? '',
    match: options.match,
  });
}
