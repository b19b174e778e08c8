/**
 * Compiles an nginx `log_format` string, as pasted from the server config, into
 * a FormatDefinition. Accepted forms:
 *   log_format main escape=json '{"status":"$status", ' '"uri":"$uri"}';
 *   '$remote_addr - $remote_user [$time_local] "$request" ' '$status ...'
 *   $remote_addr - $remote_user [$time_local] "$request" $status ...
 */
import { LogcodesError } from '../../model/errors.js';
import type { EscapeStyle } from '../clf.js';
import type { FormatDefinition } from '../parser.js';
import { defineCompiledFormat, unseparatedVariables, type CompiledFormat, type FieldKind, type FormatPiece } from './engine.js';

const NGINX_VARIABLES: Record<string, FieldKind> = {
  remote_addr: 'client',
  realip_remote_addr: 'client',
  http_x_forwarded_for: 'forwardedFor',
  proxy_add_x_forwarded_for: 'forwardedFor',
  remote_user: 'user',
  time_local: 'timeClf',
  time_iso8601: 'timeIso',
  msec: 'timeEpochSec',
  request: 'request',
  request_method: 'method',
  request_uri: 'target',
  uri: 'path',
  document_uri: 'path',
  args: 'query',
  query_string: 'query',
  server_protocol: 'protocol',
  status: 'status',
  body_bytes_sent: 'bodyBytes',
  bytes_sent: 'wireBytes',
  request_time: 'durationSec',
  upstream_addr: 'upstreamAddr',
  upstream_status: 'upstreamStatus',
  upstream_response_time: 'upstreamTime',
  host: 'host',
  http_host: 'host',
  server_name: 'serverName',
  http_referer: 'referer',
  http_user_agent: 'userAgent',
};

/** Kept in record.extra because triage can use them. */
const NGINX_EXTRAS: Record<string, string> = {
  upstream_connect_time: 'upstreamConnectTime',
  upstream_header_time: 'upstreamHeaderTime',
  upstream_response_length: 'upstreamResponseLength',
  request_length: 'requestLength',
  request_id: 'requestId',
  req_id: 'requestId',
  proxy_upstream_name: 'upstreamName',
  proxy_alternative_upstream_name: 'alternativeUpstreamName',
  upstream_cache_status: 'upstreamCacheStatus',
  server_port: 'serverPort',
};

export class LogFormatSyntaxError extends LogcodesError {
  constructor(message: string) {
    super('usage', 'log-format-syntax', message);
  }
}

interface NginxFormatSource {
  name: string | undefined;
  escape: EscapeStyle;
  body: string;
}

/** Reads the quoted pieces of an nginx directive and concatenates them. */
function unquotePieces(text: string): string {
  let out = '';
  let i = 0;
  let sawQuote = false;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      sawQuote = true;
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        // nginx config strings allow \' \" \\ escapes.
        if (text[j] === '\\' && j + 1 < text.length) {
          out += text[j + 1];
          j += 2;
          continue;
        }
        out += text[j];
        j++;
      }
      if (j >= text.length) throw new LogFormatSyntaxError(`unterminated ${c} quote in log_format`);
      i = j + 1;
    } else if (/\s/.test(c)) {
      i++;
    } else if (!sawQuote) {
      // A bare (unquoted) format: use it as written.
      return text.trim();
    } else {
      throw new LogFormatSyntaxError(`unexpected ${JSON.stringify(c)} between quoted parts of log_format`);
    }
  }
  return out;
}

function readDirective(input: string): NginxFormatSource {
  let text = input.trim();
  if (text.endsWith(';')) text = text.slice(0, -1).trimEnd();
  let name: string | undefined;
  let escapeStyle: EscapeStyle = 'nginx';
  const directive = /^log_format\s+([^\s'"]+)\s*/.exec(text);
  if (directive !== null) {
    name = directive[1];
    text = text.slice(directive[0].length);
  }
  const escapeParam = /^escape=(default|json|none)\s*/.exec(text);
  if (escapeParam !== null) {
    escapeStyle = escapeParam[1] === 'json' ? 'json' : escapeParam[1] === 'none' ? 'none' : 'nginx';
    text = text.slice(escapeParam[0].length);
  }
  // Without the directive, a format starting with '"' is a bare format whose
  // first field is quoted, not a quoted piece of a directive.
  const body = directive === null && !text.startsWith("'") ? text : unquotePieces(text);
  if (body.length === 0) throw new LogFormatSyntaxError('empty log_format');
  return { name, escape: escapeStyle, body };
}

/** Splits an nginx format body into literals and variables. */
export function parseNginxFormatBody(body: string): FormatPiece[] {
  const pieces: FormatPiece[] = [];
  let literal = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c !== '$') {
      literal += c;
      i++;
      continue;
    }
    let name: string;
    if (body[i + 1] === '{') {
      const close = body.indexOf('}', i + 2);
      if (close < 0) throw new LogFormatSyntaxError('unterminated ${ in log_format');
      name = body.slice(i + 2, close);
      i = close + 1;
    } else {
      let j = i + 1;
      while (j < body.length && /[A-Za-z0-9_]/.test(body[j]!)) j++;
      name = body.slice(i + 1, j);
      i = j;
    }
    if (name.length === 0) {
      literal += '$';
      continue;
    }
    if (literal.length > 0) pieces.push(literal);
    literal = '';
    const kind = NGINX_VARIABLES[name];
    const extraKey = NGINX_EXTRAS[name];
    // Every $upstream_* variable is a per-server list.
    const list = name.startsWith('upstream_');
    if (kind !== undefined) pieces.push({ kind, name: `$${name}`, list });
    else pieces.push({ kind: extraKey === undefined ? 'skip' : 'extra', name: `$${name}`, extraKey, list });
  }
  if (literal.length > 0) pieces.push(literal);
  return pieces;
}

export interface NginxCompileOptions {
  description?: string;
  detection?: string;
  example?: string;
  match?: (line: string) => number;
}

/** Compiles an nginx `log_format` (directive or bare format string). */
export function compileNginxLogFormat(
  format: string,
  name?: string,
  options: NginxCompileOptions = {},
): FormatDefinition & { compiled: CompiledFormat } {
  const source = readDirective(format);
  const pieces = parseNginxFormatBody(source.body);
  if (!pieces.some((p) => typeof p !== 'string' && p.kind === 'status')) {
    throw new LogFormatSyntaxError('log_format has no $status: logcodes counts status codes');
  }
  const unseparated = unseparatedVariables(pieces);
  if (unseparated !== undefined) throw new LogFormatSyntaxError(`log_format: ${unseparated}`);
  const formatName = name ?? (source.name === undefined ? 'nginx-custom' : `nginx-${source.name}`);
  return defineCompiledFormat({
    name: formatName,
    vendor: 'nginx',
    escape: source.escape,
    pieces,
    description: options.description ?? `nginx log_format given on the command line: ${source.body}`,
    detection: options.detection ?? 'Lines that fit the given log_format exactly, field by field.',
    example: options.example ?? '',
    match: options.match,
  });
}
