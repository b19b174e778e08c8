/**
 * AWS Elastic Load Balancing access logs: Application Load Balancer entries
 * (first field the request type) and Classic ELB entries (first field the
 * timestamp). Fields are space-separated, strings double-quoted.
 */
import { ABSENT, type LogRecord } from './record.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from './parser.js';
import { parseIsoTime } from './clf.js';
import { hostWithoutPort, splitAddressPort, splitPathQuery } from './json-fields.js';
import { ParserBase, present } from './parser-base.js';
import { MATCH_STEP, MatchScore } from './score.js';

/**
 * Splits at spaces; a field starting with `"` ends at a `"` followed by a space
 * or the end of the line, since ALB leaves spaces (and sometimes quotes) raw
 * inside the request and user-agent fields.
 */
// AWS appends new fields at the end; past this many, nothing is read, so stop splitting.
const MAX_FIELDS = 64;

export function splitElbFields(line: string): string[] {
  const fields: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === 0x20) i++;
    if (i >= n) break;
    if (line.charCodeAt(i) === 0x22) {
      let q = line.indexOf('" ', i + 1);
      if (q < 0) q = n > i + 1 && line.charCodeAt(n - 1) === 0x22 ? n - 1 : -1;
      if (q < 0) {
        fields.push(line.slice(i + 1));
        break;
      }
      fields.push(line.slice(i + 1, q));
      i = q + 1;
      if (fields.length >= MAX_FIELDS) break;
      continue;
    }
    let end = line.indexOf(' ', i);
    if (end < 0) end = n;
    fields.push(line.slice(i, end));
    i = end;
    if (fields.length >= MAX_FIELDS) break;
  }
  return fields;
}

const ALB_TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);
const ISO_Z_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const STATUS_RE = /^\d{3}$/;

/** Positions of the shared fields; ALB has the request type in front, classic ELB does not. */
interface ElbLayout {
  time: number;
  elb: number;
  client: number;
  target: number;
  processing: number;
  status: number;
  targetStatus: number;
  receivedBytes: number;
  sentBytes: number;
  request: number;
  userAgent: number;
  sslCipher: number;
  sslProtocol: number;
}

const ALB: ElbLayout = {
  time: 1,
  elb: 2,
  client: 3,
  target: 4,
  processing: 5,
  status: 8,
  targetStatus: 9,
  receivedBytes: 10,
  sentBytes: 11,
  request: 12,
  userAgent: 13,
  sslCipher: 14,
  sslProtocol: 15,
};

const CLASSIC: ElbLayout = {
  time: 0,
  elb: 1,
  client: 2,
  target: 3,
  processing: 4,
  status: 7,
  targetStatus: 8,
  receivedBytes: 9,
  sentBytes: 10,
  request: 11,
  userAgent: 12,
  sslCipher: 13,
  sslProtocol: 14,
};

/** ALB fields after ssl_protocol that go into `extra` (position -> name). */
const ALB_EXTRA: readonly (readonly [number, string])[] = [
  [0, 'type'],
  [16, 'target_group_arn'],
  [17, 'trace_id'],
  [20, 'matched_rule_priority'],
  [21, 'request_creation_time'],
  [22, 'actions_executed'],
  [23, 'redirect_url'],
  [24, 'error_reason'],
  [25, 'target_port_list'],
  [26, 'target_status_code_list'],
  [27, 'classification'],
  [28, 'classification_reason'],
  [29, 'conn_trace_id'],
];
const ALB_DOMAIN = 18;

function intOrAbsent(value: string | undefined): number {
  if (value === undefined || value === '' || value === '-') return ABSENT;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : ABSENT;
}

/** Sum of the three processing times in ms; absent when any is -1 (no target response) or unreadable. */
function processingMs(fields: readonly string[], from: number): number {
  let total = 0;
  for (let k = from; k < from + 3; k++) {
    const seconds = Number(fields[k]);
    if (fields[k] === '' || !Number.isFinite(seconds) || seconds < 0) return ABSENT;
    total += seconds;
  }
  return total * 1000;
}

interface RequestLine {
  method?: string;
  url?: string;
  protocol?: string;
}

/** `METHOD URL PROTOCOL`; the URL itself may contain spaces (ALB classification SpaceInUri). */
function splitRequest(request: string): RequestLine {
  const first = request.indexOf(' ');
  if (first < 0) return { url: request };
  const last = request.lastIndexOf(' ');
  if (last === first) return { method: request.slice(0, first), url: request.slice(first + 1) };
  return { method: request.slice(0, first), url: request.slice(first + 1, last), protocol: request.slice(last + 1) };
}

/** Host and target of an absolute URL (`https://host:443/path?q`). */
function splitUrl(url: string): { host?: string; target?: string } {
  const scheme = url.indexOf('://');
  if (scheme < 0) return url.startsWith('/') ? { target: url } : {};
  const hostStart = scheme + 3;
  let hostEnd = hostStart;
  while (hostEnd < url.length) {
    const c = url.charCodeAt(hostEnd);
    if (c === 0x2f /* / */ || c === 0x3f /* ? */) break;
    hostEnd++;
  }
  const hostPort = url.slice(hostStart, hostEnd);
  // `:80-` appears in the request field of requests ALB could not parse.
  const host = hostWithoutPort(hostPort.endsWith('-') ? hostPort.slice(0, -1) : hostPort);
  const target = url.slice(hostEnd);
  const result: { host?: string; target?: string } = {};
  if (host !== '') result.host = host;
  if (target !== '') result.target = target.startsWith('?') ? `/${target}` : target;
  return result;
}

class ElbParser extends ParserBase implements LineParser {
  readonly detailEveryLine = true;
  readonly vendor = 'aws-elb' as const;
  private fields: string[] = [];

  constructor(
    readonly format: string,
    private readonly layout: ElbLayout,
    private readonly isAlb: boolean,
  ) {
    super();
  }

  scan(rawLine: string): ScanOutcome {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    this.resetLine();
    if (line.trim() === '') return ScanOutcome.Ignored;
    const fields = splitElbFields(line);
    const layout = this.layout;
    if (fields.length <= layout.request) {
      return this.malformed('field-count', `expected at least ${layout.request + 1} fields, found ${fields.length}`);
    }
    if (this.isAlb && !ALB_TYPES.has(fields[0]!)) return this.malformed('not-a-request', `unknown ALB request type: ${fields[0]!.slice(0, 20)}`);
    const statusText = fields[layout.status]!;
    if (!STATUS_RE.test(statusText)) return this.malformed('status-invalid', `elb_status_code is not a status: ${statusText.slice(0, 20)}`);
    this.hot.status = Number(statusText);
    this.hot.time = parseIsoTime(fields[layout.time]!, 0, fields[layout.time]!.length);
    this.hot.bytes = intOrAbsent(fields[layout.sentBytes]);
    this.hot.durationMs = processingMs(fields, layout.processing);
    this.fields = fields;
    return ScanOutcome.Record;
  }

  record(): LogRecord {
    const f = this.fields;
    const layout = this.layout;
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time !== ABSENT) {
      rec.time = this.hot.time;
      rec.tzOffsetMinutes = 0;
    }
    const request = splitRequest(f[layout.request]!);
    const method = present(request.method);
    if (method !== undefined) rec.method = method;
    const protocol = present(request.protocol);
    if (protocol !== undefined) rec.protocol = protocol;
    const url = present(request.url) !== undefined ? splitUrl(request.url!) : {};
    if (url.target !== undefined) {
      const split = splitPathQuery(url.target);
      rec.path = split.path;
      if (split.query !== undefined && split.query !== '') rec.query = split.query;
    }
    const domain = this.isAlb ? present(f[ALB_DOMAIN]) : undefined;
    const host = domain ?? url.host;
    if (host !== undefined) rec.host = host;
    const client = present(f[layout.client]);
    if (client !== undefined) rec.client = splitAddressPort(client).address;
    if (this.hot.bytes !== ABSENT) rec.bytes = this.hot.bytes;
    if (this.hot.durationMs !== ABSENT) rec.durationMs = this.hot.durationMs;
    const target = present(f[layout.target]);
    if (target !== undefined) rec.upstream = [target];
    const targetStatus = intOrAbsent(f[layout.targetStatus]);
    if (targetStatus !== ABSENT) rec.originStatus = targetStatus;
    const userAgent = present(f[layout.userAgent]);
    if (userAgent !== undefined) rec.userAgent = userAgent;

    const extra: Record<string, string> = {};
    const elb = present(f[layout.elb]);
    if (elb !== undefined) extra['elb'] = elb;
    const received = present(f[layout.receivedBytes]);
    if (received !== undefined) extra['received_bytes'] = received;
    const cipher = present(f[layout.sslCipher]);
    if (cipher !== undefined) extra['ssl_cipher'] = cipher;
    const sslProtocol = present(f[layout.sslProtocol]);
    if (sslProtocol !== undefined) extra['ssl_protocol'] = sslProtocol;
    if (this.isAlb) {
      for (const [index, name] of ALB_EXTRA) {
        const value = present(f[index]);
        if (value !== undefined) extra[name] = value;
      }
    }
    rec.extra = extra;
    const errorReason = extra['error_reason'];
    if (errorReason !== undefined) rec.signal = { kind: 'alb-error-reason', value: errorReason };
    return rec;
  }
}

/** Cheap prefix checks on the first fields, without splitting the whole line. */
function leadingFields(line: string, count: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (out.length < count && i < line.length) {
    let end = line.indexOf(' ', i);
    if (end < 0) end = line.length;
    out.push(line.slice(i, end));
    i = end + 1;
  }
  return out;
}

const PROCESSING_RE = /^(?:-1|\d+(?:\.\d+)?)$/;
const TARGET_STATUS_RE = /^(?:\d{3}|-)$/;

function matchAlb(line: string): number {
  const f = leadingFields(line, 10);
  if (f.length < 10 || !ALB_TYPES.has(f[0]!) || !ISO_Z_RE.test(f[1]!)) return 0;
  if (!PROCESSING_RE.test(f[5]!) || !STATUS_RE.test(f[8]!) || !TARGET_STATUS_RE.test(f[9]!)) return 0;
  return MatchScore.distinctive;
}

function matchClassic(line: string): number {
  const f = leadingFields(line, 9);
  if (f.length < 9 || !ISO_Z_RE.test(f[0]!) || !f[2]!.includes(':')) return 0;
  if (!PROCESSING_RE.test(f[4]!) || !PROCESSING_RE.test(f[6]!) || !STATUS_RE.test(f[7]!) || !TARGET_STATUS_RE.test(f[8]!)) return 0;
  // A step below ALB: ALB lines carry a request type in front, which makes them the more specific.
  return MatchScore.distinctive - MATCH_STEP;
}

export const albFormats: FormatDefinition[] = [
  {
    name: 'aws-alb',
    vendor: 'aws-elb',
    description: 'AWS Application Load Balancer access logs (http, https, h2, grpcs, ws, wss entries).',
    detection:
      'Lines starting with a request type (http, https, h2, grpcs, ws, wss) and an ISO UTC timestamp, with processing times and elb/target status codes in their places; trailing fields added by AWS are ignored.',
    example:
      'https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2018-07-02T22:22:48.364000Z "authenticate,forward" "-" "-" 10.0.0.1:80 200 "-" "-" TID_dc57cebed65b444ebc8177bb698fe166',
    match: matchAlb,
    create: () => new ElbParser('aws-alb', ALB, true),
  },
  {
    name: 'aws-elb-classic',
    vendor: 'aws-elb',
    description: 'AWS Classic Load Balancer (ELB) access logs, with or without the user-agent and TLS fields.',
    detection: 'Lines starting with an ISO UTC timestamp, the load balancer name and client:port, followed by three processing times and the elb/backend status codes.',
    example:
      '2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000086 0.001048 0.001337 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.38.0 (#56-0ef1d4a5)" DHE-RSA-AES128-SHA TLSv1.2',
    match: matchClassic,
    create: () => new ElbParser('aws-elb-classic', CLASSIC, false),
  },
];
