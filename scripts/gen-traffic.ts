/**
 * Realistic traffic for judging triage: days or weeks of requests with a diurnal and weekly rhythm,
 * a steady background of every status, traffic surges that change no ratio, and planted incidents
 * of many shapes whose true start and end are known.
 *
 *   npx tsx scripts/gen-traffic.ts --seed 7 --days 7 --format nginx --out week.log [--planted week.json]
 *
 * Formats: nginx (ingress-nginx upstreaminfo, with upstream address, status and time), cloudflare
 * (Logpush JSON with origin status), iis (W3C with sub-status). The same seed and options always
 * give the same bytes. Scenarios are seeded too: randomScenario(seed, days) plants a step, a ramp,
 * a six-minute burst at night, the same code failing twice, a slow burn over hours, often an outage
 * already underway at the first line, and surges that are not incidents.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { LogRecord } from '../src/formats/record.js';
import { Dice } from './seeded-random.js';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;

export type IncidentShape = 'step' | 'ramp' | 'burst' | 'slow-burn';

/** An incident with a known truth: minutes are offsets from the log's first minute. */
export interface PlantedIncident {
  code: number;
  shape: IncidentShape;
  start: number;
  /** Minutes it lasts, ramp included. */
  minutes: number;
  /** The share of requests it adds at its height, 0..1. */
  share: number;
  /** Minutes a ramp or slow burn takes to reach its height. */
  rampMinutes: number;
  /** The upstream that fails, for nginx. */
  upstream: string;
}

/** More traffic with the same ratios: not an incident. */
export interface PlantedSurge {
  start: number;
  minutes: number;
  factor: number;
}

export interface Scenario {
  days: number;
  /** Epoch ms of the first minute. */
  startMs: number;
  /** The log's clock, for the diurnal rhythm and the written times. */
  tzOffsetMinutes: number;
  /** Requests per minute at the daily peak of a weekday. */
  peakPerMinute: number;
  /** Share of requests per status outside incidents. */
  background: Record<number, number>;
  incidents: PlantedIncident[];
  surges: PlantedSurge[];
}

/** The steady background: a realistic error level, far from zero. */
export const BACKGROUND: Record<number, number> = {
  500: 0.003,
  502: 0.0008,
  503: 0.0005,
  504: 0.0004,
  499: 0.004,
  429: 0.002,
  404: 0.03,
  401: 0.01,
  304: 0.08,
  302: 0.03,
  201: 0.02,
};

const UPSTREAMS = ['10.0.3.11:8080', '10.0.3.12:8080', '10.0.3.13:8080', '10.0.3.14:8080'];
const INCIDENT_CODES = [500, 502, 503, 504];


/**
 * The traffic level of a minute of the log's clock, 0..1: a trough around 04:00, a peak in the
 * afternoon, weekends at 60%.
 */
export function rhythm(localMinuteOfWeek: number): number {
  const day = Math.floor(localMinuteOfWeek / DAY_MINUTES) % 7;
  const hour = (localMinuteOfWeek % DAY_MINUTES) / 60;
  const daily = 0.12 + 0.88 * Math.pow(Math.max(0, Math.sin(((hour - 4) / 24) * 2 * Math.PI - Math.PI / 2) * 0.5 + 0.5), 1.6);
  return daily * (day >= 5 ? 0.6 : 1);
}

/** The extra share of requests an incident adds in a minute (offset from the log's start). */
export function incidentShare(incident: PlantedIncident, minute: number): number {
  const into = minute - incident.start;
  if (into < 0 || into >= incident.minutes) return 0;
  if (incident.shape === 'ramp' || incident.shape === 'slow-burn') {
    return incident.share * Math.min(1, (into + 1) / incident.rampMinutes);
  }
  return incident.share;
}

/** The minute (offset) of the log's clock at local hour h of day d. */
function at(scenario: Pick<Scenario, 'startMs' | 'tzOffsetMinutes'>, day: number, hour: number, minute = 0): number {
  const localStart = scenario.startMs / MINUTE_MS + scenario.tzOffsetMinutes;
  const localMidnight = Math.floor(localStart / DAY_MINUTES) * DAY_MINUTES;
  return localMidnight + day * DAY_MINUTES + hour * 60 + minute - localStart;
}

/**
 * A seeded scenario over `days` days (at least 2): incidents of every shape at random times, apart
 * from each other, and two surges. The log starts at a local midnight, a Monday.
 */
export function randomScenario(seed: number, days: number, peakPerMinute = 120): Scenario {
  const dice = new Dice(seed * 7919 + 17);
  const tzOffsetMinutes = dice.pick([0, 60, -300, 330]);
  // Monday 2 March 2026, local midnight.
  const startMs = Date.UTC(2026, 2, 2) - tzOffsetMinutes * MINUTE_MS;
  const base = { startMs, tzOffsetMinutes };
  const incidents: PlantedIncident[] = [];
  const upstream = (): string => dice.pick(UPSTREAMS);
  const day = (): number => dice.int(0, days - 1);

  if (dice.next() < 0.6) {
    incidents.push({ code: dice.pick([502, 503]), shape: 'step', start: 0, minutes: dice.int(12, 40), share: 0.2 + 0.3 * dice.next(), rampMinutes: 1, upstream: upstream() });
  }
  // A step in working hours.
  incidents.push({ code: dice.pick(INCIDENT_CODES), shape: 'step', start: at(base, day(), dice.int(9, 17), dice.int(0, 59)), minutes: dice.int(10, 60), share: 0.03 + 0.3 * dice.next(), rampMinutes: 1, upstream: upstream() });
  // A ramp.
  incidents.push({ code: dice.pick([503, 504]), shape: 'ramp', start: at(base, day(), dice.int(8, 20), dice.int(0, 59)), minutes: dice.int(30, 90), share: 0.1 + 0.3 * dice.next(), rampMinutes: dice.int(8, 20), upstream: upstream() });
  // A six-minute burst at night.
  incidents.push({ code: dice.pick(INCIDENT_CODES), shape: 'burst', start: at(base, day(), dice.int(1, 4), dice.int(0, 59)), minutes: 6, share: 0.4 + 0.4 * dice.next(), rampMinutes: 1, upstream: upstream() });
  // The same code failing twice on one day, hours apart.
  const twice = dice.pick([502, 504]);
  const twiceDay = day();
  for (const hour of [dice.int(8, 11), dice.int(16, 21)]) {
    incidents.push({ code: twice, shape: 'step', start: at(base, twiceDay, hour, dice.int(0, 59)), minutes: dice.int(15, 45), share: 0.05 + 0.2 * dice.next(), rampMinutes: 1, upstream: upstream() });
  }
  // A slow burn over hours (a leak), fixed by a restart.
  incidents.push({ code: 500, shape: 'slow-burn', start: at(base, day(), dice.int(6, 12), dice.int(0, 59)), minutes: dice.int(180, 360), share: 0.03 + 0.04 * dice.next(), rampMinutes: 150, upstream: upstream() });

  const surges: PlantedSurge[] = [];
  for (let i = 0; i < 2; i++) {
    surges.push({ start: at(base, day(), dice.int(10, 20), dice.int(0, 59)), minutes: dice.int(30, 120), factor: 3 + 3 * dice.next() });
  }
  return {
    days,
    startMs,
    tzOffsetMinutes,
    peakPerMinute,
    background: BACKGROUND,
    incidents: apart(incidents, days * DAY_MINUTES),
    surges,
  };
}

/** Incidents of the same code at least three hours apart, and within the log: later ones give way. */
function apart(incidents: PlantedIncident[], minutes: number): PlantedIncident[] {
  const kept: PlantedIncident[] = [];
  for (const incident of incidents) {
    if (incident.start < 0 || incident.start + incident.minutes > minutes) continue;
    const clash = kept.some(
      (k) => k.code === incident.code && incident.start < k.start + k.minutes + 180 && k.start < incident.start + incident.minutes + 180,
    );
    if (!clash) kept.push(incident);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The requests of one minute: their statuses and, for the failing ones, the incident behind them. */
export interface MinuteTraffic {
  minute: number;
  startMs: number;
  statuses: number[];
  /** For each status, the incident that caused it, or undefined for ordinary traffic. */
  causes: (PlantedIncident | undefined)[];
}

/** Every minute of the scenario, in order. */
export function* trafficOf(scenario: Scenario, seed: number): Generator<MinuteTraffic> {
  const dice = new Dice(seed);
  const total = scenario.days * DAY_MINUTES;
  const background = Object.entries(scenario.background).map(([code, share]) => [Number(code), share] as const);
  for (let minute = 0; minute < total; minute++) {
    // Minutes since Monday 00:00 on the log's clock; the epoch began on a Thursday, three days in.
    const localEpochMinute = scenario.startMs / MINUTE_MS + scenario.tzOffsetMinutes + minute;
    const week = 7 * DAY_MINUTES;
    let level = scenario.peakPerMinute * rhythm((((localEpochMinute + 3 * DAY_MINUTES) % week) + week) % week);
    for (const surge of scenario.surges) if (minute >= surge.start && minute < surge.start + surge.minutes) level *= surge.factor;
    const n = dice.poisson(level);
    const active = scenario.incidents.map((incident) => incidentShare(incident, minute));
    const statuses: number[] = [];
    const causes: (PlantedIncident | undefined)[] = [];
    for (let r = 0; r < n; r++) {
      let u = dice.next();
      let status = 200;
      let cause: PlantedIncident | undefined;
      for (let i = 0; i < active.length; i++) {
        const share = active[i]!;
        if (share > 0 && u < share) {
          cause = scenario.incidents[i]!;
          status = cause.code;
          break;
        }
        u -= share;
      }
      if (cause === undefined) {
        u = dice.next();
        for (const [code, share] of background) {
          if (u < share) {
            status = code;
            break;
          }
          u -= share;
        }
      }
      statuses.push(status);
      causes.push(cause);
    }
    yield { minute, startMs: scenario.startMs + minute * MINUTE_MS, statuses, causes };
  }
}

const PATHS = ['/', '/api/products', '/api/cart', '/api/checkout', '/search', '/static/app.js', '/images/logo.png', '/account'];

/** The records of one minute, times spread over it in order, with the fields triage reads. */
export function recordsOf(traffic: MinuteTraffic, format: 'nginx' | 'cloudflare' | 'iis', seed: number): LogRecord[] {
  const dice = new Dice(seed * 31 + traffic.minute);
  const times = traffic.statuses.map(() => traffic.startMs + dice.int(0, 59_999)).sort((a, b) => a - b);
  return traffic.statuses.map((status, i) => {
    const cause = traffic.causes[i];
    const path = cause !== undefined && dice.next() < 0.7 ? '/api/checkout' : dice.pick(PATHS);
    const upstream = cause?.upstream ?? dice.pick(UPSTREAMS);
    const durationMs = status === 504 ? 60_000 + dice.int(0, 5) : status === 499 ? dice.int(500, 20_000) : dice.int(2, 400);
    const record: LogRecord = { status, time: times[i]!, method: dice.next() < 0.8 ? 'GET' : 'POST', path, durationMs, format, vendor: 'nginx', client: `198.51.100.${dice.int(1, 254)}` };
    if (format === 'nginx') {
      record.format = 'nginx-upstreaminfo';
      if (status !== 499 || dice.next() < 0.5) {
        record.upstream = [upstream];
        record.upstreamStatus = [status === 499 ? null : status];
      }
    } else if (format === 'cloudflare') {
      record.format = 'cloudflare-json';
      record.vendor = 'cloudflare';
      record.host = 'shop.example.com';
      record.originStatus = status;
    } else {
      record.format = 'iis-w3c';
      record.vendor = 'iis';
      record.subStatus = status === 503 && cause !== undefined ? 2 : 0;
      record.win32Status = 0;
    }
    return record;
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}

/** One record as a line of the format; the header lines of a file come from headerOf. */
export function lineOf(record: LogRecord, tzOffsetMinutes: number): string {
  const ms = record.time!;
  const seconds = ((record.durationMs ?? 0) / 1000).toFixed(3);
  if (record.format === 'nginx-upstreaminfo') {
    const d = new Date(ms + tzOffsetMinutes * MINUTE_MS);
    const time = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${offsetText(tzOffsetMinutes, false)}`;
    const upstream = record.upstream?.[0] ?? '-';
    const upstreamStatus = record.upstreamStatus?.[0] ?? '-';
    const upstreamTime = record.upstream !== undefined ? seconds : '-';
    return `${record.client} - - [${time}] "${record.method} ${record.path} HTTP/1.1" ${record.status} 512 "-" "Mozilla/5.0" 320 ${seconds} [default-shop-8080] [] ${upstream} 512 ${upstreamTime} ${upstreamStatus} ${(ms % 0xffffff).toString(16).padStart(32, '0')}`;
  }
  if (record.format === 'cloudflare-json') {
    const startNs = BigInt(ms) * 1_000_000n;
    return JSON.stringify({
      ClientIP: record.client,
      ClientRequestHost: record.host,
      ClientRequestMethod: record.method,
      ClientRequestURI: record.path,
      EdgeStartTimestamp: Number(startNs),
      EdgeEndTimestamp: Number(startNs + BigInt(Math.round(record.durationMs ?? 0)) * 1_000_000n),
      EdgeResponseBytes: 512,
      EdgeResponseStatus: record.status,
      OriginResponseStatus: record.originStatus,
    });
  }
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${date} 10.20.0.5 ${record.method} ${record.path} - 443 - ${record.client} Mozilla/5.0 - ${record.status} ${record.subStatus ?? 0} ${record.win32Status ?? 0} ${Math.round(record.durationMs ?? 0)}`;
}

export function headerOf(format: 'nginx' | 'cloudflare' | 'iis'): string[] {
  if (format !== 'iis') return [];
  return [
    '#Software: Microsoft Internet Information Services 10.0',
    '#Version: 1.0',
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  ];
}

/** Writes the scenario's log; returns the number of request lines. */
export function writeTraffic(scenario: Scenario, seed: number, format: 'nginx' | 'cloudflare' | 'iis', out: string): number {
  const fd = openSync(out, 'w');
  let lines = 0;
  try {
    const header = headerOf(format);
    if (header.length > 0) writeSync(fd, header.join('\n') + '\n');
    let batch: string[] = [];
    for (const traffic of trafficOf(scenario, seed)) {
      for (const record of recordsOf(traffic, format, seed)) batch.push(lineOf(record, scenario.tzOffsetMinutes));
      lines += traffic.statuses.length;
      if (batch.length > 20_000) {
        writeSync(fd, batch.join('\n') + '\n');
        batch = [];
      }
    }
    if (batch.length > 0) writeSync(fd, batch.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
  return lines;
}

function main(argv: string[]): void {
  const option = (name: string, fallback: string): string => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 && argv[index + 1] !== undefined ? argv[index + 1]! : fallback;
  };
  const seed = Number(option('seed', '1'));
  const days = Number(option('days', '7'));
  const format = option('format', 'nginx');
  const out = option('out', '');
  if (out === '' || !['nginx', 'cloudflare', 'iis'].includes(format) || !(days >= 2) || !Number.isInteger(seed)) {
    process.stderr.write('usage: tsx scripts/gen-traffic.ts --out FILE [--seed N] [--days N (>= 2)] [--format nginx|cloudflare|iis] [--peak REQ_PER_MIN] [--planted FILE.json]\n');
    process.exit(1);
  }
  const scenario = randomScenario(seed, days, Number(option('peak', '120')));
  const lines = writeTraffic(scenario, seed, format as 'nginx' | 'cloudflare' | 'iis', out);
  const planted = option('planted', '');
  if (planted !== '') writeFileSync(planted, JSON.stringify(scenario, null, 2) + '\n');
  process.stderr.write(`${out}: ${lines} requests over ${days} days, ${scenario.incidents.length} incidents, ${scenario.surges.length} surges\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
