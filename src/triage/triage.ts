import { describeStatus, meaningFor, vendorOfLog } from '../codes/registry.js';
import { BURST_ONLY_CODES, CLIENT_GAVE_UP_CODES, isTriagedStatus } from '../model/status.js';
import type { CodeMeaning } from '../codes/types.js';
import type { Episode, Finding, FindingEvidence, Phrase, Severity } from '../model/findings.js';
import type { ErrorCodeSummary, TallySummary } from '../tally/summary.js';
import {
  grouped,
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
import { readSignals } from './signals.js';
import { topOfSlices } from '../tally/slice-tops.js';
import { findEpisodes, type DetectedEpisode, type EpisodeOptions } from './episodes.js';
import { asPhrase, clock, joinPhrases, minute, phrase, phraseInUtc, rate } from './phrase.js';
import { bucketOf, bucketStart, countsOnGrid, gridOver, type MinuteGrid } from './minute-grid.js';

export interface TriageOptions {
  /**
   * The hour before --since: the window's rates are compared with it, and its minutes are the
   * history the first minutes of the window are judged against.
   */
  baseline?: TallySummary;
  episodes?: EpisodeOptions;
}

const MINUTE_MS = 60_000;
/** Client-side codes that point at a server problem whenever they are frequent. */
const CLIENT_GAVE_UP = new Set(CLIENT_GAVE_UP_CODES);
/** Client-side codes that matter only as a burst. */
const BURST_ONLY = new Set(BURST_ONLY_CODES);
/** Share of requests above which a client-side signal is reported even without a burst. */
const CLIENT_SIGNAL_SHARE = 0.005;
/** Below this share a steady status is a baseline trickle. */
const TRICKLE_SHARE = 0.005;
/** A baseline share below this (1 in 10,000) reads as none. */
const RARE_SHARE = 0.0001;
/** Episodes a note lists one by one; the rest are counted. */
const EPISODES_LISTED = 5;

function iso(ms: number): string {
  return new Date(ms).toISOString();
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

/** Points for the share of requests affected. */
function shareScore(share: number): number {
  if (share >= 0.2) return 5;
  if (share >= 0.05) return 4;
  if (share >= 0.02) return 3;
  if (share >= 0.005) return 2;
  if (share >= 0.001) return 1;
  return 0;
}

/** Points for how long an episode lasted. */
function durationScore(minutes: number): number {
  if (minutes >= 60) return 2;
  if (minutes >= 15) return 1.5;
  if (minutes >= 5) return 1;
  if (minutes >= 2) return 0.5;
  return 0;
}

/**
 * Impact, not alarm: the share of requests the status took during its worst episode and how long
 * that lasted, more when it is still going on at the log's end; for a steady level, its share of
 * all requests. A server-side status weighs more than a client-side signal.
 */
function impactScore(code: number, episodes: readonly TimedEpisode[], background: { share: number }): number {
  let value = shareScore(background.share) + (background.share >= 0.05 ? 1 : 0);
  for (const episode of episodes) {
    value = Math.max(value, shareScore(episode.share) + durationScore(episode.minutes));
  }
  if (episodes.some((e) => e.ongoing)) value += 1.5;
  if (episodes.length >= 2) value += 0.5;
  return value + (code >= 500 ? 1 : 0);
}

function severityOf(value: number): Severity {
  if (value >= 6.5) return 'critical';
  if (value >= 5) return 'high';
  if (value >= 3.5) return 'medium';
  if (value >= 2) return 'low';
  return 'info';
}

/** An episode with its times, clipped to the window. */
interface TimedEpisode {
  startMs: number;
  endMs: number;
  peakMs: number;
  peakCount: number;
  count: number;
  requests: number;
  share: number;
  minutes: number;
  ongoing: boolean;
  startedBefore: boolean;
  /** Where it began, when that was in the history before the window. */
  underwaySinceMs?: number;
  baselineRatio: number;
}

/** Where the series of a status come from: the grid and the first bucket of the window on it. */
interface SeriesFrame {
  grid: MinuteGrid;
  windowStart: number;
}

function frameFor(summary: TallySummary, history: TallySummary | undefined): SeriesFrame | undefined {
  if (summary.firstTime === undefined) return undefined;
  const first = summary.firstTime;
  const before = history !== undefined ? priorMinutes(history.requestMinutes, first) : undefined;
  const grid = gridOver(before !== undefined ? [before, summary.requestMinutes] : [summary.requestMinutes], undefined, summary.minuteResolution);
  if (grid === undefined) return undefined;
  return { grid, windowStart: Math.max(0, bucketOf(grid, first)) };
}

/** The minutes of a series that come before `timeMs`'s minute. */
function priorMinutes(series: TallySummary['requestMinutes'], timeMs: number): TallySummary['requestMinutes'] {
  const limit = timeMs - (timeMs % MINUTE_MS);
  let n = 0;
  while (n < series.minutes.length && series.minutes[n]! < limit) n++;
  return { minutes: series.minutes.subarray(0, n), counts: series.counts.subarray(0, n) };
}

/** Episodes of one status, and its level outside them, within the window. */
function episodesOf(
  error: ErrorCodeSummary,
  history: ErrorCodeSummary | undefined,
  frame: SeriesFrame,
  options: TriageOptions,
): TimedEpisode[] {
  const { grid, windowStart } = frame;
  const windowMs = bucketStart(grid, windowStart);
  const prior = history?.minutes.filter((m) => m.minute < windowMs) ?? [];
  const counts = countsOnGrid(grid, prior, error.minutes);
  const analysis = findEpisodes(grid.requests, counts, grid.bucketMinutes, options.episodes);
  const bucketMs = grid.bucketMinutes * MINUTE_MS;
  const timed: TimedEpisode[] = [];
  for (const episode of analysis.episodes) {
    if (episode.end < windowStart) continue;
    timed.push(clip(episode, windowStart, grid, counts, bucketMs));
  }
  return timed;
}

/** An episode cut to the window, with its counts over the part inside it. */
function clip(episode: DetectedEpisode, windowStart: number, grid: MinuteGrid, counts: Float64Array, bucketMs: number): TimedEpisode {
  const start = Math.max(episode.start, windowStart);
  let count = 0;
  let requests = 0;
  let peak = start;
  for (let b = start; b <= episode.end; b++) {
    count += counts[b]!;
    requests += grid.requests[b]!;
    if (counts[b]! > counts[peak]!) peak = b;
  }
  const timed: TimedEpisode = {
    startMs: bucketStart(grid, start),
    endMs: bucketStart(grid, episode.end),
    peakMs: bucketStart(grid, peak),
    peakCount: counts[peak]!,
    count,
    requests,
    share: requests > 0 ? count / requests : 0,
    minutes: ((episode.end - start + 1) * bucketMs) / MINUTE_MS,
    ongoing: episode.ongoing,
    startedBefore: episode.startedBefore || episode.start < windowStart,
    baselineRatio: episode.baselineRatio,
  };
  if (episode.start < windowStart) timed.underwaySinceMs = bucketStart(grid, episode.start);
  return timed;
}

/** Values an episode lists of each kind. */
const EPISODE_TOP = 3;

function episodeOut(episode: TimedEpisode, error: ErrorCodeSummary, bucketMs: number): Episode {
  const out: Episode = {
    start: iso(episode.startMs),
    end: iso(episode.endMs),
    peak: iso(episode.peakMs),
    peakCount: episode.peakCount,
    count: episode.count,
    share: episode.share,
    ongoing: episode.ongoing,
    startedBeforeLog: episode.startedBefore,
  };
  const slices = error.slices;
  if (slices !== undefined && slices.length > 0) {
    const to = episode.endMs + bucketMs;
    const top = {
      paths: topOfSlices(slices, 'paths', episode.startMs, to, EPISODE_TOP),
      hosts: topOfSlices(slices, 'hosts', episode.startMs, to, EPISODE_TOP),
      upstreams: topOfSlices(slices, 'upstreams', episode.startMs, to, EPISODE_TOP),
    };
    if (top.paths.length + top.hosts.length + top.upstreams.length > 0) out.top = top;
  }
  return out;
}

function durationText(minutes: number): string {
  if (minutes < 120) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  return hours < 48 ? `${Number(hours.toFixed(1))} h` : `${Number((hours / 24).toFixed(1))} days`;
}

/**
 * One sentence for an episode. Its peak is the busiest bucket's count over the bucket's seconds:
 * a rate, written in the report's unit like every other.
 */
function episodeSentence(episode: TimedEpisode, bucketSeconds: number, windowed: boolean): Phrase {
  const before = episode.baselineRatio < RARE_SHARE ? 'next to none before' : `against about ${percent(episode.baselineRatio, 1)} before`;
  const what = phrase`${grouped(episode.count)} (${percent(episode.share, 1)} of requests then, ${before}; peak ${rate(episode.peakCount, bucketSeconds)} at ${clock(episode.peakMs)})`;
  const length = durationText(episode.minutes);
  let when: Phrase;
  if (episode.startedBefore) {
    const begins = windowed ? 'the window begins' : 'the log begins';
    const since = episode.underwaySinceMs !== undefined ? phrase`, elevated since ${minute(episode.underwaySinceMs)}` : [];
    when = phrase`Already underway when ${begins}${since}`;
  } else {
    when = phrase`From ${minute(episode.startMs)}`;
  }
  const until = episode.ongoing ? 'still going on at the end of the log' : phrase`until ${clock(episode.endMs)}`;
  return phrase`${when}, ${until} (${length}): ${what}.`;
}

/** The episodes as notes and a headline phrase. */
function episodesReading(episodes: readonly TimedEpisode[], bucketSeconds: number, windowed: boolean): Reading | undefined {
  const first = episodes[0];
  if (first === undefined) return undefined;
  const listed = episodes.slice(0, EPISODES_LISTED).map((e) => episodeSentence(e, bucketSeconds, windowed));
  const more = episodes.length > EPISODES_LISTED ? ` (+${grouped(episodes.length - EPISODES_LISTED)} more episodes)` : '';
  const note =
    episodes.length === 1
      ? listed[0]!
      : phrase`${grouped(episodes.length)} episodes. ${joinPhrases(listed.map((text, i) => phrase`${String(i + 1)}. ${text}`), ' ')}${more}`;
  const start = first.startedBefore ? (windowed ? 'already underway when the window begins' : 'already underway when the log begins') : phrase`from ${clock(first.startMs)}`;
  const count = episodes.length > 1 ? phrase`${grouped(episodes.length)} episodes, the first ${start}` : start;
  const last = episodes[episodes.length - 1]!;
  const state = last.ongoing ? ', ongoing' : phrase`, ended ${clock(last.endMs)}`;
  return { note, headline: phrase`${count}${state}` };
}

function backgroundReading(background: { count: number; share: number }, episodes: number, spanMinutes: number): Reading {
  const often = spanMinutes > 0 ? phrase`, about ${rate(background.count, spanMinutes * 60)}` : [];
  if (episodes > 0) {
    return {
      note:
        background.count > 0
          ? phrase`Outside its episodes, a steady background of ${percent(background.share, 1)} of requests (${grouped(background.count)} in all${often}).`
          : 'Absent outside its episodes.',
    };
  }
  if (background.share < TRICKLE_SHARE) {
    return {
      note: phrase`A steady trickle of ${percent(background.share, 1)} of requests (${grouped(background.count)} in all${often}) with no episode: a background level, not an incident.`,
      headline: 'a steady trickle, not an incident',
    };
  }
  return {
    note: phrase`A steady ${percent(background.share, 1)} of requests throughout (${grouped(background.count)} in all${often}), with no episode: a standing condition rather than a change.`,
    headline: `steady at ${percent(background.share, 1)} of requests, no episode`,
  };
}

function baselineShare(code: number, baseline: TallySummary): number {
  if (baseline.requests === 0) return 0;
  return (baseline.codes.find((c) => c.code === code)?.count ?? 0) / baseline.requests;
}

function baselineReading(code: number, share: number, baseline: TallySummary): Reading | undefined {
  if (baseline.requests === 0) return undefined;
  const before = baseline.codes.find((c) => c.code === code)?.count ?? 0;
  const beforeShare = baselineShare(code, baseline);
  if (before === 0) return { note: `Absent in the period before (0 of ${grouped(baseline.requests)} requests): new in this window.` };
  const ratio = share / beforeShare;
  const trend = ratio >= 2 ? `${ratio.toFixed(1)}x the rate before` : ratio <= 0.5 ? 'lower than before' : 'about the same rate as before';
  return { note: `In the period before it was ${percent(before, baseline.requests)} of requests; now ${percent(share, 1)}: ${trend}.` };
}

function findingFor(
  error: ErrorCodeSummary,
  summary: TallySummary,
  frame: SeriesFrame | undefined,
  options: TriageOptions,
): { finding: Finding; score: number } | undefined {
  const { code, count } = error;
  const share = summary.requests > 0 ? count / summary.requests : 0;
  const history = options.baseline?.errors.find((e) => e.code === code);
  const episodes = frame !== undefined ? episodesOf(error, history, frame, options) : [];
  const inEpisodes = episodes.reduce((sum, e) => sum + e.count, 0);
  const episodeRequests = episodes.reduce((sum, e) => sum + e.requests, 0);
  const outsideRequests = summary.requests - episodeRequests;
  const background = {
    count: count - inEpisodes,
    share: outsideRequests > 0 ? (count - inEpisodes) / outsideRequests : 0,
  };
  if (BURST_ONLY.has(code) && episodes.length === 0) return undefined;
  if (CLIENT_GAVE_UP.has(code) && episodes.length === 0 && share < CLIENT_SIGNAL_SHARE) return undefined;

  const logVendor = error.vendor ?? 'nginx';
  const described = describeStatus(code, logVendor);
  const entry = meaningFor(code, vendorOfLog(logVendor));
  const advice: Advice = { ...fallbackAdvice(code), ...definedAdvice(entry) };

  const evidence: FindingEvidence = {
    episodes: episodes.map((e) => episodeOut(e, error, frame !== undefined ? frame.grid.bucketMinutes * MINUTE_MS : MINUTE_MS)),
    background,
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
  const first = episodes[0];
  if (first !== undefined && !first.startedBefore) evidence.onset = iso(first.startMs);
  const peak = peakOf(episodes, error, frame);
  if (peak !== undefined) {
    evidence.peak = iso(peak.ms);
    evidence.peakCount = peak.count;
  }
  if (error.latency !== undefined) evidence.latencyMs = error.latency;
  if (error.signals.length > 0) evidence.signals = error.signals;

  const readings: Reading[] = [];
  const timeout = readTimeout(error);
  if (timeout !== undefined) {
    evidence.timeoutMs = timeout.timeoutMs;
    readings.push(timeout.reading);
  }
  const optional = [
    // First: what the format says about the cause is the most specific headline there is.
    ...readSignals(error),
    ...readSubStatuses(error),
    readOrigin(error),
    readClientAborts(error, summary),
    ...readUpstreams(error, summary),
    readWin32(error),
    ...readConcentration(error, summary),
  ];
  for (const reading of optional) if (reading !== undefined) readings.push(reading);
  const bucketSeconds = (frame?.grid.bucketMinutes ?? 1) * 60;
  const windowed = options.baseline !== undefined;
  const timing = frame !== undefined ? episodesReading(episodes, bucketSeconds, windowed) : undefined;
  if (timing !== undefined) readings.push(timing);
  const spanMinutes = frame !== undefined ? ((frame.grid.requests.length - frame.windowStart) * frame.grid.bucketMinutes) : 0;
  const level = frame !== undefined || episodes.length > 0 ? backgroundReading(background, episodes.length, spanMinutes) : undefined;
  if (level !== undefined) readings.push(level);
  if (options.baseline !== undefined) {
    const compared = baselineReading(code, share, options.baseline);
    if (compared !== undefined) readings.push(compared);
  }

  const timingHeadline = timing?.headline ?? level?.headline;
  const lead = readings.find((r) => r.headline !== undefined && r !== timing && r !== level)?.headline;
  const parts: (string | Phrase)[] = [`${grouped(count)} (${percent(count, summary.requests)})`];
  if (lead !== undefined) parts.push(lead);
  if (timingHeadline !== undefined) parts.push(timingHeadline);
  const headline = phrase`${String(code)} ${described.meaning}: ${joinPhrases(parts, ', ')}`;
  const notes = readings.map((r) => asPhrase(r.note));
  const extraRetry = readings.map((r) => r.retry).filter((r): r is string => r !== undefined);
  const extraLook = readings.map((r) => r.lookFirst).filter((r): r is string => r !== undefined);

  let value = impactScore(code, episodes, background);
  // As frequent in the period before: a standing condition rather than what changed.
  if (options.baseline !== undefined && episodes.length === 0 && baselineShare(code, options.baseline) >= share / 1.5) value -= 1.5;
  return {
    score: value,
    finding: {
      code,
      vendor: described.vendor,
      meaning: described.meaning,
      severity: severityOf(value),
      count,
      share,
      headline: phraseInUtc(headline),
      cause: advice.cause,
      lookFirst: [...extraLook.slice(0, 1), advice.lookFirst].join(' '),
      retry: [readings.find((r) => r.retryInstead !== undefined)?.retryInstead ?? advice.retry, ...extraRetry].join(' '),
      notes: notes.map(phraseInUtc),
      phrases: { headline, notes },
      evidence,
    },
  };
}

/** The busiest minute: that of the episode with the highest peak, else of the whole series. */
function peakOf(
  episodes: readonly TimedEpisode[],
  error: ErrorCodeSummary,
  frame: SeriesFrame | undefined,
): { ms: number; count: number } | undefined {
  let best: { ms: number; count: number } | undefined;
  for (const episode of episodes) {
    if (best === undefined || episode.peakCount > best.count) best = { ms: episode.peakMs, count: episode.peakCount };
  }
  if (best !== undefined || frame === undefined) return best;
  const counts = countsOnGrid(frame.grid, error.minutes);
  let peak = -1;
  for (let b = frame.windowStart; b < counts.length; b++) if (peak < 0 || counts[b]! > counts[peak]!) peak = b;
  return peak >= 0 && counts[peak]! > 0 ? { ms: bucketStart(frame.grid, peak), count: counts[peak]! } : undefined;
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
  const frame = frameFor(summary, options.baseline);
  const scored: { finding: Finding; score: number }[] = [];
  for (const error of summary.errors) {
    if (!isTriagedStatus(error.code)) continue;
    const result = findingFor(error, summary, frame, options);
    if (result !== undefined) scored.push(result);
  }
  scored.sort((a, b) => b.score - a.score || b.finding.count - a.finding.count || a.finding.code - b.finding.code);
  return scored.map((s) => s.finding);
}
