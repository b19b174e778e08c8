/**
 * Generates the incident fixtures in fixtures/incident/: an ingress-nginx log,
 * a Cloudflare Logpush log and an IIS W3C log, each a calm period followed by
 * known incidents at known minutes. Deterministic (seeded), so the files only
 * change when this script does.
 *
 *   npx tsx scripts/gen-incident.ts
 *
 * The same events are exported as LogRecord objects, so tests can check
 * triage without going through the parsers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LogRecord } from '../src/formats/record.js';
import { Dice } from './seeded-random.js';

/** One generated log: its lines as written, and the records the access lines stand for. */
export interface GeneratedLog {
  file: string;
  lines: string[];
  records: LogRecord[];
}

const MINUTE = 60_000;



/** Times of `count` events spread over one minute, in order. */
function spread(dice: Dice, minuteStart: number, count: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(minuteStart + dice.int(0, 59_999));
  return times.sort((a, b) => a - b);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function clfTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'okhttp/4.12.0',
];

// ---------------------------------------------------------------- nginx ----

/** Start of the ingress-nginx log; every incident minute below is relative to it. */
export const NGINX_START = Date.UTC(2026, 2, 2, 9, 0, 0);
export const NGINX_MINUTES = 100;
/** Minute offsets (from NGINX_START) of the nginx incidents. */
export const NGINX_INCIDENTS = {
  /** 10.0.3.12:8080 refuses connections: POSTs get 502, GETs are retried ('502, 200'). */
  deadUpstream: { from: 65, to: 90, upstream: '10.0.3.12:8080' },
  /** The reports service hangs: 504 after exactly 60 s on the export path; 499s rise. */
  slowBackend: { from: 70, to: 90, path: '/api/reports/:id/export', upstream: '10.0.5.21:8080', timeoutMs: 60_000 },
  /** A maintenance page: 503 for everything but health checks. */
  maintenance: { from: 90, to: 97 },
} as const;

const API_UPSTREAMS = ['10.0.3.11:8080', '10.0.3.12:8080', '10.0.3.13:8080'];
const REPORTS_UPSTREAM = '10.0.5.21:8080';
const NGINX_CLIENTS = Array.from({ length: 40 }, (_, i) => `198.51.100.${10 + i}`);

interface NginxEvent {
  time: number;
  method: string;
  path: string;
  query?: string;
  status: number;
  bytes: number;
  requestTimeMs: number;
  upstreamName: string;
  upstream?: string[];
  upstreamStatus?: (number | null)[];
  upstreamTimeMs?: (number | null)[];
  upstreamLength?: (number | null)[];
  client: string;
  userAgent: string;
}

function nginxLine(e: NginxEvent, reqId: string): string {
  const target = e.query === undefined ? e.path : `${e.path}?${e.query}`;
  const list = <T>(values: T[] | undefined, show: (v: T) => string): string =>
    values === undefined ? '-' : values.map(show).join(', ');
  const secs = (ms: number | null): string => (ms === null ? '-' : (ms / 1000).toFixed(3));
  return (
    `${e.client} - - [${clfTime(e.time)}] "${e.method} ${target} HTTP/1.1" ${e.status} ${e.bytes} "-" "${e.userAgent}" ` +
    `${e.method === 'POST' ? 612 : 388} ${secs(e.requestTimeMs)} [${e.upstreamName}] [] ` +
    `${list(e.upstream, String)} ${list(e.upstreamLength, (v) => (v === null ? '-' : String(v)))} ` +
    `${list(e.upstreamTimeMs, secs)} ${list(e.upstreamStatus, (v) => (v === null ? '-' : String(v)))} ${reqId}`
  );
}

function nginxRecord(e: NginxEvent): LogRecord {
  const record: LogRecord = {
    status: e.status,
    time: e.time - (e.time % 1000),
    tzOffsetMinutes: 0,
    method: e.method,
    path: e.path,
    protocol: 'HTTP/1.1',
    client: e.client,
    bytes: e.bytes,
    durationMs: e.requestTimeMs,
    userAgent: e.userAgent,
    format: 'nginx-upstreaminfo',
    vendor: 'nginx',
  };
  if (e.query !== undefined) record.query = e.query;
  if (e.upstream !== undefined) record.upstream = e.upstream;
  // A lone '-' reads as "no upstream status at all", as nginx prints it when no upstream was involved.
  const lone = e.upstreamStatus !== undefined && e.upstreamStatus.length === 1 && e.upstreamStatus[0] === null;
  if (e.upstreamStatus !== undefined && !lone) record.upstreamStatus = e.upstreamStatus;
  if (e.upstreamTimeMs !== undefined) record.upstreamTimeMs = e.upstreamTimeMs;
  return record;
}

function inRange(minute: number, range: { from: number; to: number }): boolean {
  return minute >= range.from && minute < range.to;
}

export function nginxIncident(): GeneratedLog {
  const dice = new Dice(20260302);
  const events: NginxEvent[] = [];
  const { deadUpstream, slowBackend, maintenance } = NGINX_INCIDENTS;
  for (let minute = 0; minute < NGINX_MINUTES; minute++) {
    const start = NGINX_START + minute * MINUTE;
    for (const time of spread(dice, start, dice.int(55, 65))) {
      const client = dice.pick(NGINX_CLIENTS);
      const userAgent = dice.pick(BROWSERS);
      const roll = dice.next();
      let e: NginxEvent;
      if (roll < 0.1) {
        e = { time, method: 'GET', path: '/healthz', status: 200, bytes: 2, requestTimeMs: 1, upstreamName: 'default-api-8080', client: '10.0.0.2', userAgent: 'kube-probe/1.30' };
      } else if (roll < 0.2) {
        e = { time, method: 'GET', path: `/static/app.${dice.pick(['3f9a8c1e2b7d', '77b0c4d19e2a'])}.js`, status: dice.chance(0.3) ? 304 : 200, bytes: 48213, requestTimeMs: dice.int(0, 3), upstreamName: 'default-web-80', client, userAgent };
        if (e.status === 304) e.bytes = 0;
      } else if (roll < 0.4) {
        const id = dice.int(1000, 99999);
        e = { time, method: 'GET', path: `/api/reports/${id}/export`, query: 'format=csv', status: 200, bytes: dice.int(20_000, 90_000), requestTimeMs: dice.int(200, 1500), upstreamName: 'default-reports-8080', client, userAgent };
      } else {
        const post = dice.chance(0.45);
        const id = dice.int(1, 500000);
        const path = post ? dice.pick(['/api/orders', '/api/cart/items']) : dice.pick([`/api/orders/${id}`, `/api/users/${id}`, '/api/products', `/api/products/${dice.hex(24)}`]);
        e = { time, method: post ? 'POST' : 'GET', path, status: post ? 201 : 200, bytes: dice.int(120, 4000), requestTimeMs: dice.int(5, 120), upstreamName: 'default-api-8080', client, userAgent };
      }
      if (e.upstreamName !== 'default-web-80') {
        const upstream = e.upstreamName === 'default-reports-8080' ? REPORTS_UPSTREAM : e.path === '/healthz' ? '10.0.3.11:8080' : dice.pick(API_UPSTREAMS);
        e.upstream = [upstream];
        e.upstreamStatus = [e.status];
        e.upstreamTimeMs = [Math.max(0, e.requestTimeMs - 1)];
        e.upstreamLength = [e.bytes];
      }

      // Background noise: missing pages, rare app errors, impatient clients.
      if (e.path.startsWith('/api/products') && dice.chance(0.08)) e.status = e.upstreamStatus![0] = 404;

      const upstream = e.upstream?.[0];
      if (inRange(minute, deadUpstream) && upstream === deadUpstream.upstream) {
        if (e.method === 'POST') {
          // Not idempotent: nginx does not retry it on the next upstream.
          Object.assign(e, { status: 502, bytes: 150, requestTimeMs: 1, upstreamStatus: [502], upstreamTimeMs: [0], upstreamLength: [0] });
        } else {
          const next = '10.0.3.13:8080';
          Object.assign(e, {
            requestTimeMs: e.requestTimeMs + 1,
            upstream: [deadUpstream.upstream, next],
            upstreamStatus: [502, e.status],
            upstreamTimeMs: [0, e.upstreamTimeMs![0]!],
            upstreamLength: [0, e.bytes],
          });
        }
      }
      if (inRange(minute, slowBackend) && upstream === slowBackend.upstream) {
        if (dice.chance(0.55)) {
          const took = slowBackend.timeoutMs + dice.int(0, 2);
          Object.assign(e, { status: 504, bytes: 160, requestTimeMs: took, upstreamStatus: [504], upstreamTimeMs: [took - 1], upstreamLength: [0] });
        } else {
          // The client gives up first: nginx logs 499 and no upstream status.
          const waited = dice.int(8_000, 45_000);
          Object.assign(e, { status: 499, bytes: 0, requestTimeMs: waited, upstreamStatus: [null], upstreamTimeMs: [waited], upstreamLength: [0] });
        }
      }
      if (inRange(minute, maintenance) && e.path !== '/healthz') {
        Object.assign(e, { status: 503, bytes: 190, requestTimeMs: 0, upstreamName: 'upstream-default-backend' });
        delete e.upstream;
        delete e.upstreamStatus;
        delete e.upstreamTimeMs;
        delete e.upstreamLength;
      }
      events.push(e);
    }
    // A trickle of app errors and client aborts all along: one 500 every 7 minutes, one 499 every 9.
    if (minute % 7 === 3) {
      const time = start + dice.int(0, 59_999);
      events.push({ time, method: 'GET', path: `/api/orders/${dice.int(1, 9999)}`, status: 500, bytes: 210, requestTimeMs: 35, upstreamName: 'default-api-8080', upstream: ['10.0.3.11:8080'], upstreamStatus: [500], upstreamTimeMs: [34], upstreamLength: [210], client: dice.pick(NGINX_CLIENTS), userAgent: BROWSERS[0]! });
    }
    if (minute % 9 === 5) {
      const time = start + dice.int(0, 59_999);
      events.push({ time, method: 'GET', path: '/api/products', status: 499, bytes: 0, requestTimeMs: 400, upstreamName: 'default-api-8080', upstream: ['10.0.3.13:8080'], upstreamStatus: [null], upstreamTimeMs: [400], upstreamLength: [0], client: dice.pick(NGINX_CLIENTS), userAgent: BROWSERS[3]! });
    }
  }
  events.sort((a, b) => a.time - b.time);
  return {
    file: 'nginx-incident.log',
    lines: events.map((e) => nginxLine(e, dice.hex(32))),
    records: events.map(nginxRecord),
  };
}

// ----------------------------------------------------------- Cloudflare ----

export const CLOUDFLARE_START = Date.UTC(2026, 2, 2, 14, 0, 0);
export const CLOUDFLARE_MINUTES = 60;
export const CLOUDFLARE_INCIDENTS = {
  /** shop.example.com's origin stops answering: 522 (connection timed out), then 521 (refused). */
  originTimeout: { from: 40, to: 50, host: 'shop.example.com', code: 522 },
  originRefused: { from: 50, to: 60, host: 'shop.example.com', code: 521 },
} as const;

const CF_HOSTS = ['www.example.com', 'api.example.com', 'shop.example.com'];
const CF_ORIGINS: Record<string, string> = {
  'www.example.com': '203.0.113.10',
  'api.example.com': '203.0.113.20',
  'shop.example.com': '203.0.113.40',
};

export function cloudflareIncident(): GeneratedLog {
  const dice = new Dice(1402);
  const lines: string[] = [];
  const records: LogRecord[] = [];
  const { originTimeout, originRefused } = CLOUDFLARE_INCIDENTS;
  for (let minute = 0; minute < CLOUDFLARE_MINUTES; minute++) {
    for (const time of spread(dice, CLOUDFLARE_START + minute * MINUTE, dice.int(25, 35))) {
      const host = dice.pick(CF_HOSTS);
      const path = dice.pick(['/', '/products', `/products/${dice.int(1, 5000)}`, '/cart', '/assets/site.css']);
      const cacheHit = path === '/assets/site.css' || (path === '/' && dice.chance(0.5));
      let status = dice.chance(0.05) ? 404 : 200;
      let originStatus = cacheHit ? 0 : status;
      let duration = cacheHit ? dice.int(1, 5) : dice.int(40, 400);
      let bytes = dice.int(800, 30_000);
      let originIp = cacheHit ? '' : CF_ORIGINS[host]!;
      const outage = [originTimeout, originRefused].find((o) => inRange(minute, o) && host === o.host);
      if (outage !== undefined && !cacheHit) {
        status = outage.code;
        originStatus = 0;
        duration = outage.code === 522 ? 19_000 + dice.int(0, 50) : dice.int(20, 60);
        bytes = 4_900;
        originIp = CF_ORIGINS[host]!;
      }
      const rayId = dice.hex(16);
      const client = `192.0.2.${dice.int(1, 200)}`;
      const userAgent = dice.pick(BROWSERS);
      const startNs = BigInt(time) * 1_000_000n;
      const endNs = startNs + BigInt(duration) * 1_000_000n;
      lines.push(
        `{"ClientIP":"${client}","ClientRequestHost":"${host}","ClientRequestMethod":"GET","ClientRequestURI":"${path}",` +
          `"ClientRequestProtocol":"HTTP/2","ClientRequestUserAgent":"${userAgent}","EdgeStartTimestamp":${startNs},` +
          `"EdgeEndTimestamp":${endNs},"EdgeResponseBytes":${bytes},"EdgeResponseStatus":${status},` +
          `"OriginResponseStatus":${originStatus},"OriginIP":"${originIp}","CacheCacheStatus":"${cacheHit ? 'hit' : 'miss'}",` +
          `"EdgeColoCode":"FRA","RayID":"${rayId}"}`,
      );
      const record: LogRecord = {
        status,
        time,
        tzOffsetMinutes: 0,
        method: 'GET',
        path,
        protocol: 'HTTP/2',
        host,
        client,
        bytes,
        durationMs: duration,
        originStatus,
        userAgent,
        format: 'cloudflare-json',
        vendor: 'cloudflare',
      };
      if (originIp !== '') record.upstream = [originIp];
      records.push(record);
    }
  }
  return { file: 'cloudflare-incident.ndjson', lines, records };
}

// ------------------------------------------------------------------ IIS ----

export const IIS_START = Date.UTC(2026, 2, 3, 8, 0, 0);
export const IIS_MINUTES = 60;
export const IIS_INCIDENTS = {
  /** Requests pile up: 503.2, the concurrent request limit. */
  concurrencyLimit: { from: 20, to: 30, status: '503.2' },
  /** The service restarts at minute 35 (the header block is written again). */
  restart: 35,
  /** A deploy at minute 40 ships a broken web.config: 500.19 on every application request. */
  brokenConfig: { from: 40, to: 50, status: '500.19' },
} as const;

const IIS_FIELDS =
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';

function iisHeader(ms: number): string[] {
  const d = new Date(ms).toISOString();
  return ['#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0', `#Date: ${d.slice(0, 10)} ${d.slice(11, 19)}`, IIS_FIELDS];
}

export function iisIncident(): GeneratedLog {
  const dice = new Dice(803);
  const lines = iisHeader(IIS_START);
  const records: LogRecord[] = [];
  const { concurrencyLimit, restart, brokenConfig } = IIS_INCIDENTS;
  for (let minute = 0; minute < IIS_MINUTES; minute++) {
    if (minute === restart) lines.push(...iisHeader(IIS_START + minute * MINUTE));
    for (const time of spread(dice, IIS_START + minute * MINUTE, dice.int(25, 35))) {
      const stem = dice.pick(['/app/default.aspx', '/app/orders.aspx', '/app/api/status', '/content/site.css', '/favicon.ico']);
      const query = stem === '/app/orders.aspx' ? `id=${dice.int(1, 9999)}` : undefined;
      const clientIp = `10.20.${dice.int(0, 3)}.${dice.int(2, 250)}`;
      const userAgent = dice.pick(BROWSERS);
      let status = 200;
      let sub = 0;
      let win32 = 0;
      let taken = dice.int(15, 250);
      if (stem === '/favicon.ico') {
        status = 404;
        win32 = 2;
        taken = 1;
      } else if (stem === '/content/site.css' && dice.chance(0.4)) {
        status = 304;
      } else if (dice.chance(0.01)) {
        // A client that went away mid-response: logged as a 200 with win32 64.
        win32 = 64;
        taken = dice.int(2000, 9000);
      }
      const isApp = stem.startsWith('/app/');
      if (isApp && inRange(minute, concurrencyLimit) && dice.chance(0.7)) {
        status = 503;
        sub = 2;
        win32 = 0;
        taken = dice.int(0, 15);
      }
      if (isApp && inRange(minute, brokenConfig)) {
        status = 500;
        sub = 19;
        win32 = 13;
        taken = dice.int(0, 5);
      }
      const date = new Date(time - (time % 1000)).toISOString();
      lines.push(
        `${date.slice(0, 10)} ${date.slice(11, 19)} 10.20.0.5 GET ${stem} ${query ?? '-'} 443 - ${clientIp} ${userAgent.replace(/ /g, '+')} - ${status} ${sub} ${win32} ${taken}`,
      );
      const record: LogRecord = {
        status,
        time: time - (time % 1000),
        tzOffsetMinutes: 0,
        method: 'GET',
        path: stem,
        client: clientIp,
        durationMs: taken,
        subStatus: sub,
        win32Status: win32,
        userAgent,
        format: 'iis-w3c',
        vendor: 'iis',
      };
      if (query !== undefined) record.query = query;
      records.push(record);
    }
  }
  return { file: 'iis-incident.log', lines, records };
}

export function allIncidents(): GeneratedLog[] {
  return [nginxIncident(), cloudflareIncident(), iisIncident()];
}

function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const out = join(root, 'fixtures', 'incident');
  mkdirSync(out, { recursive: true });
  for (const log of allIncidents()) {
    const eol = log.file.endsWith('iis-incident.log') ? '\r\n' : '\n';
    writeFileSync(join(out, log.file), log.lines.join(eol) + eol);
    process.stdout.write(`${log.file}: ${log.lines.length} lines\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
