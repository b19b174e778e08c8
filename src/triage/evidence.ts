/**
 * Reading the log's evidence behind one status: what the upstream, origin,
 * IIS sub-status, win32 status and durations say. Each reading is a note, and
 * may carry a short phrase good enough for the finding's headline.
 */
import type { Phrase } from '../model/findings.js';
import type { LogVendor } from '../model/status.js';
import type { ErrorCodeSummary, TallySummary } from '../tally/summary.js';

export interface Reading {
  /** A sentence; a phrase where it names times or rates (triage/phrase.ts). */
  note: string | Phrase;
  /** A few words for the headline; the first reading with one wins. */
  headline?: string | Phrase;
  /** Appended to the registry's retry advice when the evidence adds to it. */
  retry?: string;
  /**
   * Said instead of the registry's retry advice: the log names why these requests failed (an IIS
   * sub-status, a proxy's termination state or response flag), and that cause decides whether a
   * retry helps. Appending it would leave "safe to retry" beside "retrying will not help".
   */
  retryInstead?: string;
  /** Appended to the registry's look-first advice. */
  lookFirst?: string;
}

let integerFormat: Intl.NumberFormat | undefined;

/** A count for a sentence, grouped as every renderer groups counts: 9,608. */
export function grouped(count: number): string {
  integerFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  return integerFormat.format(count);
}

export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const value = (100 * part) / whole;
  if (value >= 10 || value === 0) return `${Math.round(value)}%`;
  if (value >= 1) return `${value.toFixed(1)}%`;
  return `${Number(value.toPrecision(2))}%`;
}

/** A duration for a sentence: '60 s', '27.7 s', '51 ms'. */
export function seconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s} s` : `${Number(s.toPrecision(3))} s`;
}

/**
 * A timeout as configured: durations piled at 59,994-60,002 ms read as
 * 60,000. Whole seconds when within 2%, else two significant digits.
 */
export function niceTimeout(ms: number): number {
  if (ms >= 1000) {
    const whole = Math.round(ms / 1000) * 1000;
    if (Math.abs(whole - ms) <= 0.02 * ms) return whole;
  }
  return Number(ms.toPrecision(2));
}

/** Which timeout a pile of durations points at, by status where the status says it. */
const TIMEOUT_BY_CODE: Record<number, string> = {
  522: "Cloudflare's connection timeout to the origin",
  524: 'the Proxy Read Timeout?',
};

/** The timeout to check when durations pile up, per log vendor. */
const TIMEOUT_SETTING: Readonly<Record<LogVendor, string>> = {
  nginx: 'proxy_read_timeout?',
  cloudflare: 'the Proxy Read Timeout?',
  'aws-elb': 'the load balancer idle timeout?',
  iis: 'an ARR or FastCGI timeout?',
  apache: 'ProxyTimeout or Timeout?',
  caddy: 'a reverse_proxy timeout?',
  traefik: "the serversTransport's responseHeaderTimeout, or the entry point's respondingTimeouts?",
  'aws-cloudfront': "the origin's response timeout (30 s unless raised)?",
  gcp: "the backend service's timeout (30 s unless changed)?",
  haproxy: 'timeout server, or timeout connect?',
  envoy: "the route's timeout, or the cluster's connect_timeout?",
};

const CLIENT_GAVE_UP = new Set([499, 460]);

/** Durations piled at one value: a timeout that fired. */
export function readTimeout(error: ErrorCodeSummary): { timeoutMs: number; reading: Reading } | undefined {
  const pile = error.latencyPile;
  if (pile === undefined || pile.share < 0.5 || pile.valueMs < 1000 || (error.latency?.count ?? 0) < 5) return undefined;
  const timeoutMs = niceTimeout(pile.valueMs);
  const share = percent(pile.share, 1);
  if (CLIENT_GAVE_UP.has(error.code)) {
    return {
      timeoutMs,
      reading: {
        note: `${share} of them ended after ${seconds(timeoutMs)}: clients (or a proxy in front) give up after ${seconds(timeoutMs)}.`,
        headline: `clients give up after ${seconds(timeoutMs)}`,
      },
    };
  }
  const setting = TIMEOUT_BY_CODE[error.code] ?? (error.vendor !== undefined ? TIMEOUT_SETTING[error.vendor] : 'a proxy or server timeout?');
  return {
    timeoutMs,
    reading: {
      note: `${share} of them took ${seconds(timeoutMs)}: a ${seconds(timeoutMs)} timeout fired (${setting}).`,
      headline: `a ${seconds(timeoutMs)} timeout fired (${setting})`,
      lookFirst: `Durations pile up at ${seconds(timeoutMs)}: find the timeout set to that value and what the upstream was doing for that long.`,
    },
  };
}

/** 499/460 that waited much longer than requests usually take. */
export function readClientAborts(error: ErrorCodeSummary, summary: TallySummary): Reading | undefined {
  if (!CLIENT_GAVE_UP.has(error.code) || error.latency === undefined || summary.latency === undefined) return undefined;
  const waited = error.latency.p50;
  const usual = summary.latency.p50;
  if (waited < 1000 || waited < 5 * usual) return undefined;
  return {
    note: `They waited a median of ${seconds(waited)} before the client closed the connection (all requests: ${seconds(usual)}): clients gave up on a slow upstream.`,
    headline: 'clients gave up on a slow upstream',
    lookFirst: 'The upstream behind the slow paths: the client closed the connection while it was still waiting for an answer.',
  };
}

/** An upstream "address" that is a group name: nginx found no live server in it. */
function isGroupName(address: string): boolean {
  return !/^(unix:|\[)/.test(address) && !/:\d+$/.test(address) && !/^\d{1,3}(\.\d{1,3}){3}$/.test(address);
}

export function readUpstreams(error: ErrorCodeSummary, summary: TallySummary): Reading[] {
  const readings: Reading[] = [];
  // Only nginx logs a group's name where the address belongs; other proxies name their servers so.
  const groups = error.vendor === 'nginx' ? error.upstreams.filter((u) => isGroupName(u.value)) : [];
  const groupCount = groups.reduce((sum, u) => sum + u.count, 0);
  if (groupCount > 0) {
    readings.push({
      note: `${grouped(groupCount)} of them name the upstream group ${groups.map((g) => g.value).join(', ')} instead of a server: nginx found no live upstream (every server was marked down).`,
      headline: 'no live upstreams',
      lookFirst: 'Every server of the upstream group: all were marked down (max_fails), so nginx had nowhere to send the requests.',
    });
  }
  const servers = error.upstreams.filter((u) => !groups.includes(u));
  const top = servers[0];
  if (top !== undefined && top.count >= 0.5 * error.count) {
    readings.push({
      note: `${percent(top.count, error.count)} of them went to upstream ${top.value}.`,
      headline: `mostly from upstream ${top.value}`,
    });
  }
  const failure = summary.upstreamFailures.find((f) => f.code === error.code);
  if (failure !== undefined && failure.rescued > 0) {
    const failing = failure.addresses[0];
    readings.push({
      note:
        `Another ${grouped(failure.rescued)} upstream ${error.code}s were retried on the next upstream and served (e.g. upstream status '${error.code}, 200'), so the clients never saw them` +
        (failing !== undefined ? `; the failing upstream was mostly ${failing.value}.` : '.'),
      retry: `Here nginx's retry on the next upstream worked for ${grouped(failure.rescued)} requests.`,
    });
  }
  if (error.code >= 500 && error.upstreamStatuses.length === 0 && error.upstreams.length === 0 && summary.upstreamCodes.length > 0) {
    readings.push({
      note: 'No upstream was asked for these: the proxy answered by itself (a maintenance page, a return rule, a default backend, a limit).',
      headline: 'answered by the proxy itself, no upstream',
    });
  }
  const sequence = error.upstreamStatuses[0];
  if (sequence !== undefined && (error.code === 500 || error.code === 503) && sequence.value === String(error.code)) {
    readings.push({ note: `The upstream itself answered ${error.code} (upstream status '${sequence.value}' for ${grouped(sequence.count)}).` });
  }
  return readings;
}

const CLOUDFLARE_ORIGIN_CODES = new Set([520, 521, 522, 523, 524, 525, 526, 530]);

export function readOrigin(error: ErrorCodeSummary): Reading | undefined {
  const answered = error.originStatuses.reduce((sum, o) => sum + o.count, 0);
  if (error.vendor === 'aws-elb' && error.code >= 500 && answered < 0.5 * error.count) {
    return {
      note: `${percent(error.count - answered, error.count)} of them have no target status: no target answered, the load balancer generated the error.`,
      headline: 'generated by the load balancer, no target answered',
      lookFirst: 'Target health in the target group, and the targets\' logs and security groups (connection refused or reset, idle timeout).',
    };
  }
  const top = error.originStatuses[0];
  if (top === undefined || top.count < 0.5 * error.count) return undefined;
  if (top.value === '0' && (CLOUDFLARE_ORIGIN_CODES.has(error.code) || error.vendor === 'cloudflare')) {
    return {
      note: `${percent(top.count, error.count)} of them have origin status 0: the origin never answered and Cloudflare generated the error.`,
      headline: 'the origin never answered',
      lookFirst: 'The origin server and the network path to it from Cloudflare (firewall allowing Cloudflare IPs, web server listening).',
    };
  }
  if (top.value === String(error.code)) {
    return { note: `The origin itself returned ${error.code} (origin status ${top.value} for ${percent(top.count, error.count)}).` };
  }
  return { note: `The origin answered ${top.value} behind ${percent(top.count, error.count)} of them.` };
}

interface SubStatusAdvice {
  headline: string;
  note: string;
  retry?: string;
  lookFirst?: string;
}

const IIS_SUB_STATUS: Record<string, SubStatusAdvice> = {
  '500.19': {
    headline: 'broken configuration (web.config)',
    note: 'IIS could not read its configuration (invalid web.config or applicationHost.config): the whole site or application fails until it is fixed.',
    retry: 'Retrying will not help until the configuration is fixed.',
    lookFirst: 'The web.config deployed most recently, and the IIS error page or event log naming the bad section.',
  },
  '500.21': { headline: 'handler module not recognized', note: 'A handler named in the configuration is not installed (e.g. ASP.NET Core module missing).' },
  '503.0': {
    headline: 'application pool stopped',
    note: 'The application pool is stopped or crashed (rapid-fail protection stops it after repeated crashes).',
    lookFirst: 'The application pool state in IIS Manager and the Windows event log (WAS) for crashes.',
  },
  '503.2': {
    headline: 'concurrent request limit reached (appConcurrentRequestLimit)',
    note: 'More requests arrived at once than appConcurrentRequestLimit allows: the application is too slow or the traffic spiked.',
    retry: 'Retry after a short delay; the limit frees up as running requests finish.',
    lookFirst: 'Why requests are slow (the limit fills up when they pile up), then appConcurrentRequestLimit in applicationHost.config.',
  },
  '503.3': { headline: 'ASP.NET queue full', note: 'The ASP.NET request queue is full: the application cannot keep up.' },
  '503.4': { headline: 'FastCGI queue full', note: 'The FastCGI queue is full: the FastCGI processes cannot keep up.' },
  '502.3': { headline: 'ARR could not reach the backend', note: 'Application Request Routing failed to connect to or hear from the backend server (often a timeout).' },
  '502.4': { headline: 'ARR found no backend server', note: 'Application Request Routing had no healthy server to forward to.' },
};

export function readSubStatuses(error: ErrorCodeSummary): Reading[] {
  const readings: Reading[] = [];
  for (const sub of error.subStatuses) {
    const advice = IIS_SUB_STATUS[sub.value];
    const share = percent(sub.count, error.count);
    if (advice === undefined) continue;
    const reading: Reading = { note: `${sub.value} (${share} of them): ${advice.note}` };
    if (sub.count >= 0.5 * error.count) {
      reading.headline = `${sub.value}, ${advice.headline}`;
      if (advice.retry !== undefined) reading.retryInstead = advice.retry;
      if (advice.lookFirst !== undefined) reading.lookFirst = advice.lookFirst;
    }
    readings.push(reading);
  }
  return readings;
}

const CLIENT_WENT_AWAY: Record<string, string> = {
  '64': 'the network name is no longer available: the client or a proxy reset the connection',
  '121': 'the send timed out: a slow or stalled client',
  '995': 'the operation was aborted: the client went away',
  '1236': 'the connection was aborted: the client went away',
};

export function readWin32(error: ErrorCodeSummary): Reading | undefined {
  const aborted = error.win32Statuses.filter((w) => CLIENT_WENT_AWAY[w.value] !== undefined);
  if (aborted.length === 0) return undefined;
  const count = aborted.reduce((sum, w) => sum + w.count, 0);
  const top = aborted[0]!;
  return {
    note: `${grouped(count)} of them have win32 status ${aborted.map((w) => w.value).join('/')} (${CLIENT_WENT_AWAY[top.value]}): those are clients that went away, not server failures.`,
  };
}

export function readConcentration(error: ErrorCodeSummary, summary: TallySummary): Reading[] {
  const readings: Reading[] = [];
  const path = error.paths[0];
  if (path !== undefined && error.paths.length > 0 && path.count >= 0.5 * error.count && error.count >= 5) {
    readings.push({ note: `${percent(path.count, error.count)} of them are on ${path.value}.`, headline: `mostly on ${path.value}` });
  }
  const host = error.hosts[0];
  const severalHosts = summary.top.hosts.length > 1;
  if (host !== undefined && severalHosts && host.count >= 0.5 * error.count && error.count >= 5) {
    readings.push({ note: `${percent(host.count, error.count)} of them are for host ${host.value}.`, headline: `mostly on ${host.value}` });
  }
  return readings;
}
