import { describeStatus, meaningFor, vendorOfLog } from '../codes/index.js';
import type { CodeMeaning } from '../codes/types.js';
import type { Finding, FindingEvidence, Severity } from '../model/findings.js';
import type { ErrorCodeSummary, TallySummary } from '../tally/index.js';
import {
  percent,
  readClientAborts,
  readConcentration,
  readOrigin,
  readSubStatuses,
  readTimeout,
  readUpstreams,
  readWin32,
  type Reading,
} from './evidence.js';
import { findOnset, type OnsetOptions, type OnsetResult } from './onset.js';

export interface TriageOptions {
  /** The same-length period before the window, to compare rates with. */
  baseline?: TallySummary;
  onset?: OnsetOptions;
}

const MINUTE_MS = 60_000;
/** Client-side codes that point at a server problem whenever they are frequent. */
const CLIENT_GAVE_UP = new Set([499, 460]);
/** Client-side codes that matter only as a burst. */
const BURST_ONLY = new Set([408, 429]);
/** Share of requests above which a client-side signal is reported even without a burst. */
const CLIENT_SIGNAL_SHARE = 0.005;
/** Below this share a steady status is a baseline trickle. */
const TRICKLE_SHARE = 0.005;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** 'YYYY-MM-DD HH:MM UTC' for notes. */
function minuteText(ms: number): string {
  return `${iso(ms).slice(0, 16).replace('T', ' ')} UTC`;
}

/** Counts per minute from the log's first minute to its last, zeros included. */
function minuteSeries(error: ErrorCodeSummary, firstMinute: number, minutes: number): Float64Array {
  const series = new Float64Array(minutes);
  for (const { minute, count } of error.minutes) {
    const index = Math.round((minute - firstMinute) / MINUTE_MS);
    if (index >= 0 && index < minutes) series[index] = count;
  }
  return series;
}

function isTriaged(code: number): boolean {
  return code >= 500 || CLIENT_GAVE_UP.has(code) || BURST_ONLY.has(code);
}

type Advice = Record<'cause' | 'lookFirst' | 'retry', string>;

function fallbackAdvice(code: number): Advice {
  if (code >= 500) {
    return {
      cause: 'The server, or a proxy in front of it, failed to complete the request.',
      lookFirst: 'The error log of the server that answered, around the first occurrence.',
      retry: 'Retry idempotent requests with exponential backoff.',
    };
  }
  return {
    cause: 'The client side ended or was refused, often because the server was slow or limiting it.',
    lookFirst: 'Response times and rate limits of the paths involved.',
    retry: 'Retry after a delay, honouring Retry-After when given.',
  };
}

function score(code: number, share: number, count: number, onset: OnsetResult): number {
  let value = code >= 500 ? 3 : 1;
  if (share >= 0.05) value += 3;
  else if (share >= 0.01) value += 2;
  else if (share >= 0.001) value += 1;
  if (count >= 1000) value += 1;
  else if (count >= 100) value += 0.5;
  if (onset.kind === 'sudden') value += 2;
  else if (share < TRICKLE_SHARE) value -= 1.5;
  return value;
}

function severityOf(value: number): Severity {
  if (value >= 7) return 'critical';
  if (value >= 5.5) return 'high';
  if (value >= 4) return 'medium';
  if (value >= 2.5) return 'low';
  return 'info';
}

function onsetReading(onset: OnsetResult, firstMinute: number, share: number): Reading {
  const peakText = `peak ${onset.peakCount}/min at ${minuteText(firstMinute + onset.peak * MINUTE_MS)}`;
  if (onset.kind === 'sudden') {
    const start = minuteText(firstMinute + onset.onset! * MINUTE_MS);
    const before = onset.baseline < 0.05 ? 'absent before' : `about ${onset.baseline.toFixed(1)}/min before`;
    return { note: `Started at ${start} (${before}; ${peakText}).`, headline: `from ${start.slice(11)}` };
  }
  if (share < TRICKLE_SHARE) {
    return {
      note: `A steady trickle of about ${onset.baseline.toFixed(2)}/min with no jump: a baseline level, not an incident.`,
      headline: 'a steady trickle, not an incident',
    };
  }
  return { note: `Present at a steady rate throughout the log, no sudden start (${peakText}).` };
}

function baselineShare(code: number, baseline: TallySummary): number {
  if (baseline.requests === 0) return 0;
  return (baseline.codes.find((c) => c.code === code)?.count ?? 0) / baseline.requests;
}

function baselineReading(code: number, share: number, baseline: TallySummary): Reading | undefined {
  if (baseline.requests === 0) return undefined;
  const before = baseline.codes.find((c) => c.code === code)?.count ?? 0;
  const beforeShare = baselineShare(code, baseline);
  if (before === 0) return { note: `Absent in the period before (0 of ${baseline.requests} requests): new in this window.` };
  const ratio = share / beforeShare;
  const trend = ratio >= 2 ? `${ratio.toFixed(1)}x the rate before` : ratio <= 0.5 ? 'lower than before' : 'about the same rate as before';
  return { note: `In the period before it was ${percent(before, baseline.requests)} of requests; now ${percent(share, 1)}: ${trend}.` };
}

function findingFor(
  error: ErrorCodeSummary,
  summary: TallySummary,
  firstMinute: number,
  minutes: number,
  options: TriageOptions,
): { finding: Finding; score: number } | undefined {
  const { code, count } = error;
  const share = summary.requests > 0 ? count / summary.requests : 0;
  const onset = findOnset(minuteSeries(error, firstMinute, minutes), options.onset);
  if (BURST_ONLY.has(code) && onset.kind !== 'sudden') return undefined;
  if (CLIENT_GAVE_UP.has(code) && onset.kind !== 'sudden' && share < CLIENT_SIGNAL_SHARE) return undefined;

  const logVendor = error.vendor ?? 'nginx';
  const described = describeStatus(code, logVendor);
  const entry = meaningFor(code, vendorOfLog(logVendor));
  const advice: Advice = { ...fallbackAdvice(code), ...definedAdvice(entry) };

  const evidence: FindingEvidence = {
    topPaths: error.paths,
    topHosts: error.hosts,
    topUpstreams: error.upstreams,
    topClients: error.clients,
    subStatuses: error.subStatuses,
    win32Statuses: error.win32Statuses,
    upstreamStatuses: error.upstreamStatuses,
    originStatuses: error.originStatuses,
  };
  if (error.firstTime !== undefined) evidence.firstSeen = iso(error.firstTime);
  if (error.lastTime !== undefined) evidence.lastSeen = iso(error.lastTime);
  if (minutes > 0 && onset.peakCount > 0) {
    evidence.peak = iso(firstMinute + onset.peak * MINUTE_MS);
    evidence.peakCount = onset.peakCount;
  }
  if (onset.kind === 'sudden') evidence.onset = iso(firstMinute + onset.onset! * MINUTE_MS);
  if (error.latency !== undefined) evidence.latencyMs = error.latency;

  const readings: Reading[] = [];
  const timeout = readTimeout(error);
  if (timeout !== undefined) {
    evidence.timeoutMs = timeout.timeoutMs;
    readings.push(timeout.reading);
  }
  const optional = [
    ...readSubStatuses(error),
    readOrigin(error),
    readClientAborts(error, summary),
    ...readUpstreams(error, summary),
    readWin32(error),
    ...readConcentration(error, summary),
  ];
  for (const reading of optional) if (reading !== undefined) readings.push(reading);
  const timing = minutes > 0 ? onsetReading(onset, firstMinute, share) : undefined;
  if (timing !== undefined) readings.push(timing);
  if (options.baseline !== undefined) {
    const compared = baselineReading(code, share, options.baseline);
    if (compared !== undefined) readings.push(compared);
  }

  const lead = readings.find((r) => r.headline !== undefined && r !== timing)?.headline;
  const parts = [`${count} (${percent(count, summary.requests)})`];
  if (lead !== undefined) parts.push(lead);
  if (timing?.headline !== undefined) parts.push(timing.headline);
  const extraRetry = readings.map((r) => r.retry).filter((r): r is string => r !== undefined);
  const extraLook = readings.map((r) => r.lookFirst).filter((r): r is string => r !== undefined);

  let value = score(code, share, count, onset);
  // As frequent in the period before: a standing condition rather than what changed.
  if (options.baseline !== undefined && onset.kind !== 'sudden' && baselineShare(code, options.baseline) >= share / 1.5) value -= 1.5;
  return {
    score: value,
    finding: {
      code,
      vendor: described.vendor,
      meaning: described.meaning,
      severity: severityOf(value),
      count,
      share,
      headline: `${code} ${described.meaning}: ${parts.join(', ')}`,
      cause: advice.cause,
      lookFirst: [...extraLook.slice(0, 1), advice.lookFirst].join(' '),
      retry: [advice.retry, ...extraRetry].join(' '),
      notes: readings.map((r) => r.note),
      evidence,
    },
  };
}

function definedAdvice(entry: CodeMeaning | undefined): Partial<Advice> {
  const advice: Partial<Advice> = {};
  if (entry?.cause !== undefined) advice.cause = entry.cause;
  if (entry?.lookFirst !== undefined) advice.lookFirst = entry.lookFirst;
  if (entry?.retry !== undefined) advice.retry = entry.retry;
  return advice;
}

/**
 * Findings for every 5xx status in the tally and for client-side signals of a
 * server problem (499, 460, bursts of 408 or 429), most severe first. An empty
 * list means nothing needs attention.
 */
export function triage(summary: TallySummary, options: TriageOptions = {}): Finding[] {
  // The series run from the log's first minute to its last: the minutes of its first and last records.
  const { firstTime, lastTime } = summary;
  const firstMinute = firstTime !== undefined ? firstTime - (firstTime % MINUTE_MS) : 0;
  const minutes = firstTime !== undefined && lastTime !== undefined ? Math.round((lastTime - (lastTime % MINUTE_MS) - firstMinute) / MINUTE_MS) + 1 : 0;
  const scored: { finding: Finding; score: number }[] = [];
  for (const error of summary.errors) {
    if (!isTriaged(error.code)) continue;
    const result = findingFor(error, summary, firstMinute, minutes, options);
    if (result !== undefined) scored.push(result);
  }
  scored.sort((a, b) => b.score - a.score || b.finding.count - a.finding.count || a.finding.code - b.finding.code);
  return scored.map((s) => s.finding);
}
