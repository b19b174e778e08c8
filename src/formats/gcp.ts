/**
 * Google Cloud external Application Load Balancer (HTTP(S) LB) request logs, exported from Cloud
 * Logging as one LogEntry JSON object per line (a sink to Cloud Storage or Pub/Sub, `gcloud logging
 * read --format=json` flattened). The request is the LogEntry's `httpRequest`; the load balancer's
 * own verdict is `jsonPayload.statusDetails`. Other LogEntry records with an httpRequest (Cloud Run
 * request logs) read the same way.
 */
import { ABSENT, type LogRecord } from './record.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from './parser.js';
import { parseDecimal, parseIsoTime } from './clf.js';
import { hostWithoutPort, parseJsonObject, splitPathQuery } from './json-fields.js';
import { objectAfterKey, plainUint, scalarAfterKey, type JsonScalar } from './json-raw.js';
import { JsonLineParser } from './json-line-parser.js';
import { MatchScore } from './score.js';

/** Seconds written as a Duration string (`0.005192s`) in ms, or ABSENT. */
function latencyMs(text: string, start: number, end: number): number {
  if (end - start < 2 || text.charCodeAt(end - 1) !== 0x73 /* s */) return ABSENT;
  return parseDecimal(text, start, end - 1, 1000);
}

/** An int64 the LogEntry writes as a decimal string (responseSize), or ABSENT. */
function int64Of(value: unknown): number {
  if (typeof value === 'string') return plainUint(value, 0, value.length);
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : ABSENT;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** An address without the port the LB appends (`1.2.3.4:49194`, `[::1]:80`); a bare IPv6 address is left whole. */
export function addressWithoutPort(value: string): string {
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 0 ? value.slice(1, end) : value;
  }
  const colon = value.indexOf(':');
  return colon > 0 && value.indexOf(':', colon + 1) < 0 ? value.slice(0, colon) : value;
}

/** Host, path and query of an absolute request URL. */
function splitUrl(url: string): { host?: string; path?: string; query?: string } {
  const scheme = url.indexOf('://');
  if (scheme < 0) return url.startsWith('/') ? splitPathQuery(url) : {};
  let hostEnd = scheme + 3;
  while (hostEnd < url.length && url[hostEnd] !== '/' && url[hostEnd] !== '?') hostEnd++;
  const host = hostWithoutPort(url.slice(scheme + 3, hostEnd));
  const target = url.slice(hostEnd);
  const split = splitPathQuery(target.startsWith('?') ? `/${target}` : target === '' ? '/' : target);
  return { host: host === '' ? undefined : host, path: split.path, query: split.query };
}

export class GcpLoadBalancerParser extends JsonLineParser implements LineParser {
  readonly format = 'gcp-lb-json';
  readonly vendor = 'gcp' as const;
  readonly detailEveryLine = false;
  private readonly value: JsonScalar = { start: 0, end: 0, quoted: false, escaped: false };
  private readonly objectStart = { start: 0 };

  /** The hot fields from the text: httpRequest's status, responseSize and latency, and the entry's timestamp. */
  protected readRaw(line: string): boolean {
    const n = line.length;
    if (line.charCodeAt(n - 1) !== 0x7d) return false;
    const request = this.objectStart;
    const requestEnd = objectAfterKey(line, 'httpRequest', 0, n, request);
    if (requestEnd < 0) return false;
    const v = this.value;
    if (!scalarAfterKey(line, 'status', request.start, requestEnd, v) || v.quoted) return false;
    const status = plainUint(line, v.start, v.end);
    // 0 (no response sent) is for JSON.parse's path to report.
    if (status === ABSENT || status === 0) return false;
    let bytes = ABSENT;
    if (scalarAfterKey(line, 'responseSize', request.start, requestEnd, v)) {
      if (!v.quoted || v.escaped) return false;
      bytes = plainUint(line, v.start, v.end);
      if (bytes === ABSENT) return false;
    }
    let latency = ABSENT;
    if (scalarAfterKey(line, 'latency', request.start, requestEnd, v)) {
      if (!v.quoted || v.escaped) return false;
      latency = latencyMs(line, v.start, v.end);
      if (latency === ABSENT) return false;
    }
    // The entry's own timestamp lies outside httpRequest; receiveTimestamp's key does not match the needle.
    let time = ABSENT;
    const before = scalarAfterKey(line, 'timestamp', 0, request.start, v);
    if (before || scalarAfterKey(line, 'timestamp', requestEnd, n, v)) {
      if (!v.quoted || v.escaped) return false;
      time = parseIsoTime(line, v.start, v.end);
    }
    this.hot.status = status;
    this.hot.bytes = bytes;
    this.hot.durationMs = latency;
    this.hot.time = time;
    return true;
  }

  protected readParsed(line: string): ScanOutcome {
    const entry = parseJsonObject(line);
    if (entry === undefined) return this.malformed('json-invalid', 'invalid JSON');
    const request = objectOf(entry['httpRequest']);
    // Entries without a request (the LB's other logs, audit entries in the same export) are not requests.
    if (request === undefined) return this.ignore('not-an-access-entry');
    const status = request['status'];
    if (status === undefined || status === 0) {
      const details = str(objectOf(entry['jsonPayload'])?.['statusDetails']);
      return this.malformed('status-unset', details === undefined ? 'httpRequest has no status' : `no status sent: ${details}`);
    }
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 0) return this.malformed('status-invalid', 'httpRequest.status is not an integer');
    this.hot.status = status;
    const size = request['responseSize'];
    this.hot.bytes = int64Of(size);
    const latency = request['latency'];
    this.hot.durationMs = typeof latency === 'string' ? latencyMs(latency, 0, latency.length) : ABSENT;
    const timestamp = entry['timestamp'];
    this.hot.time = typeof timestamp === 'string' ? parseIsoTime(timestamp, 0, timestamp.length) : ABSENT;
    return ScanOutcome.Record;
  }

  record(): LogRecord {
    const entry = parseJsonObject(this.line) ?? {};
    const request = objectOf(entry['httpRequest']) ?? {};
    const payload = objectOf(entry['jsonPayload']) ?? {};
    const labels = objectOf(objectOf(entry['resource'])?.['labels']) ?? {};
    const rec: LogRecord = { status: this.hot.status, format: this.format, vendor: this.vendor };
    if (this.hot.time !== ABSENT) {
      rec.time = this.hot.time;
      rec.tzOffsetMinutes = 0;
    }
    const method = str(request['requestMethod']);
    if (method !== undefined) rec.method = method;
    const url = str(request['requestUrl']);
    if (url !== undefined) {
      const split = splitUrl(url);
      if (split.host !== undefined) rec.host = split.host;
      if (split.path !== undefined) rec.path = split.path;
      if (split.query !== undefined && split.query !== '') rec.query = split.query;
    }
    const protocol = str(request['protocol']);
    if (protocol !== undefined) rec.protocol = protocol;
    const remote = str(request['remoteIp']);
    if (remote !== undefined) rec.client = addressWithoutPort(remote);
    if (this.hot.bytes !== ABSENT) rec.bytes = this.hot.bytes;
    if (this.hot.durationMs !== ABSENT) rec.durationMs = this.hot.durationMs;
    // serverIp is the backend the load balancer sent the request to.
    const server = str(request['serverIp']);
    if (server !== undefined) rec.upstream = [server];
    const userAgent = str(request['userAgent']);
    if (userAgent !== undefined) rec.userAgent = userAgent;
    const referer = str(request['referer']);
    if (referer !== undefined) rec.referer = referer;
    const extra: Record<string, string> = {};
    const details = str(payload['statusDetails']);
    if (details !== undefined) extra['statusDetails'] = details;
    const proxyStatus = str(payload['proxyStatus']);
    if (proxyStatus !== undefined) extra['proxyStatus'] = proxyStatus;
    const backend = str(labels['backend_service_name']) ?? str(labels['backend_target_name']);
    if (backend !== undefined) extra['backend_service_name'] = backend;
    const resourceType = str(objectOf(entry['resource'])?.['type']);
    if (resourceType !== undefined) extra['resource.type'] = resourceType;
    for (const key of ['enforcedSecurityPolicy', 'enforcedEdgeSecurityPolicy'] as const) {
      const policy = objectOf(payload[key]);
      const outcome = str(policy?.['outcome']);
      if (outcome !== undefined) extra[key] = `${str(policy?.['name']) ?? '?'}: ${outcome}`;
    }
    if (request['cacheHit'] === true) extra['cacheHit'] = 'true';
    if (Object.keys(extra).length > 0) rec.extra = extra;
    if (details !== undefined) rec.signal = { kind: 'gcp-status-details', value: details };
    return rec;
  }
}

function matchGcp(line: string): number {
  const start = line.trimStart();
  if (start.charCodeAt(0) !== 0x7b || !/"httpRequest"\s*:\s*\{/.test(start)) return 0;
  if (start.includes('google.cloud.loadbalancing.type.LoadBalancerLogEntry') || start.includes('"statusDetails"')) return MatchScore.distinctive;
  return start.includes('"logName"') ? MatchScore.likely : 0;
}

export const gcpFormats: FormatDefinition[] = [
  {
    name: 'gcp-lb-json',
    vendor: 'gcp',
    description:
      'Google Cloud external Application Load Balancer request logs as Cloud Logging LogEntry JSON, one per line (httpRequest, jsonPayload.statusDetails); other LogEntry records with an httpRequest, such as Cloud Run requests, read the same way.',
    detection:
      'JSON objects with an httpRequest object and a LoadBalancerLogEntry payload or statusDetails (or a logName); entries without an httpRequest are counted as ignored.',
    example:
      '{"insertId":"96b8mog16i6va6","jsonPayload":{"securityPolicyRequestData":{"remoteIpInfo":{"regionCode":"US","asn":6939}},"enforcedSecurityPolicy":{"priority":2147483647,"name":"test-armor-policy","configuredAction":"ALLOW","outcome":"ACCEPT"},"backendTargetProjectNumber":"projects/8560181848","enforcedEdgeSecurityPolicy":{"name":"test-edge-policy","outcome":"ACCEPT","configuredAction":"ALLOW","priority":2147483647},"@type":"type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry","cacheDecision":["RESPONSE_HAS_CONTENT_TYPE","CACHE_MODE_USE_ORIGIN_HEADERS"],"statusDetails":"failed_to_pick_backend","remoteIp":"64.62.156.212"},"httpRequest":{"requestMethod":"GET","requestUrl":"http://136.110.215.198/geoserver/web/","requestSize":"211","status":503,"responseSize":"155","userAgent":"Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36","remoteIp":"64.62.156.212","latency":"0.011213s"},"resource":{"type":"http_load_balancer","labels":{"backend_service_name":"bakcend-test-2","target_proxy_name":"cloud-armor-test-lb-target-proxy","url_map_name":"cloud-armor-test-lb","forwarding_rule_name":"cloud-armor-test-lb-forwarding-rule","project_id":"elastic-observability","zone":"global"}},"timestamp":"2025-11-20T11:55:28.882791Z","severity":"WARNING","logName":"projects/elastic-observability/logs/requests","trace":"projects/elastic-observability/traces/5e9d5546ce04737d7f2bb8a01ebe42de","receiveTimestamp":"2025-11-20T11:55:30.099810516Z","spanId":"5c3a7dccbe97b56f"}',
    match: matchGcp,
    create: () => new GcpLoadBalancerParser(),
  },
];
