/**
 * When a status was elevated: episodes of an error *ratio* (the status's share of the requests of
 * each minute) that rose clearly above the ratio of the hours before.
 *
 * Why a ratio and not a count: counts follow traffic. Noon has ten times the requests of 4 a.m.,
 * and a marketing surge doubles everything, errors included; neither is an incident. The share of
 * requests that failed stays put through both, and moves when something breaks.
 *
 * Why a CUSUM on a binomial likelihood ratio: each minute is n requests of which k had the status.
 * Testing minutes one by one either misses a long mild elevation (no single minute stands out) or
 * trips on Poisson noise in quiet hours (one error in a minute of ten requests is 10%). The
 * cumulative sum adds each minute's evidence for "the ratio is now p1" against "it is still p0",
 * weighted by how many requests the minute had, so a quiet minute counts for little and a busy one
 * for much; a short severe burst and a long mild rise both reach the threshold, and noise does
 * not. Where the sum last stood near zero before it rose is the onset (the change point's
 * maximum-likelihood estimate); the mirror-image sum, evidence for "back to p0", ends the episode.
 *
 * The baseline p0 is the pooled ratio of the day before each minute, leaving out the minutes of
 * earlier episodes so that an outage does not raise its own baseline. A day rather than an hour:
 * at night an hour holds a handful of errors, and a baseline taken after a quiet stretch would
 * make the next ordinary cluster look like a rise. Where there is little history (the start of a
 * log), it leans on the log's typical ratio: the median over blocks of about equal requests,
 * which an outage in a few blocks does not move. That is what lets an outage already underway at
 * the first line be seen as one.
 */

export interface EpisodeOptions {
  /** Minutes of history the baseline ratio is pooled over. */
  historyMinutes?: number;
  /** The CUSUM threshold, in natural-log likelihood units: higher means fewer, surer episodes. */
  threshold?: number;
  /** The alternative ratio is at least this multiple of the baseline ... */
  factor?: number;
  /** ... and at least this much above it (a share, 0..1). */
  minIncrease?: number;
  /** Occurrences an episode needs in all: one stray error in a quiet minute is not one. */
  minCount?: number;
  /** Occurrences its busiest bucket needs. */
  minPeakCount?: number;
  /** Buckets without elevated evidence after which an episode is taken to have ended. */
  quietBuckets?: number;
}

/** An episode, as bucket indexes into the series it was found in. */
export interface DetectedEpisode {
  start: number;
  /** Last elevated bucket, inclusive. */
  end: number;
  peak: number;
  peakCount: number;
  count: number;
  requests: number;
  /** Still elevated at the end of the series. */
  ongoing: boolean;
  /** Elevated from the series' first bucket: it began before the data did. */
  startedBefore: boolean;
  /** The baseline ratio it was judged against. */
  baselineRatio: number;
}

export interface EpisodeAnalysis {
  episodes: DetectedEpisode[];
  /** Pooled ratio of the buckets outside every episode: the background level. */
  backgroundRatio: number;
  /** Occurrences outside every episode. */
  backgroundCount: number;
}

const DEFAULTS: Required<EpisodeOptions> = {
  historyMinutes: 1440,
  threshold: 12,
  factor: 3,
  minIncrease: 0.01,
  minCount: 5,
  minPeakCount: 2,
  quietBuckets: 15,
};

/** Requests of prior weight the log's typical ratio gets when the history is short. */
const PRIOR_REQUESTS = 2000;
/** The typical ratio's blocks are at least this many minutes long ... */
const BLOCK_MINUTES = 15;
/** ... and hold this many occurrences on average. */
const BLOCK_OCCURRENCES = 20;
/** No ratio is taken to be below this: log(p1 / 0) would make any single error decisive. */
const RATIO_FLOOR = 1e-6;
/** A change of the baseline below this share of it is too small to act on. */
const BASELINE_TOLERANCE = 0.02;
/** Requests before an episode that are too few to say it began after the data did. */
const START_EVIDENCE_REQUESTS = 20;
/** A step of the CUSUM below this is taken as zero when placing the onset. */
const ONSET_SLACK = 1;

/**
 * The log's typical ratio: the median of the pooled ratios of blocks of about equal requests, each
 * block expected to hold a good number of occurrences (a median of blocks that mostly hold none is
 * zero, however common the status). An outage in a few blocks does not move it.
 */
export function typicalRatio(requests: ArrayLike<number>, counts: ArrayLike<number>, minBlockBuckets: number): number {
  let totalRequests = 0;
  let totalCount = 0;
  for (let i = 0; i < requests.length; i++) {
    totalRequests += requests[i] ?? 0;
    totalCount += counts[i] ?? 0;
  }
  if (totalRequests === 0) return 0;
  const blocks = Math.max(1, Math.min(Math.floor(totalCount / BLOCK_OCCURRENCES), Math.floor(requests.length / minBlockBuckets)));
  if (blocks < 3) return totalCount / totalRequests;
  const perBlock = totalRequests / blocks;
  const ratios: number[] = [];
  let n = 0;
  let k = 0;
  for (let i = 0; i < requests.length; i++) {
    n += requests[i] ?? 0;
    k += counts[i] ?? 0;
    if (n >= perBlock || i === requests.length - 1) {
      if (n > 0) ratios.push(k / n);
      n = 0;
      k = 0;
    }
  }
  ratios.sort((a, b) => a - b);
  const middle = ratios.length >> 1;
  return ratios.length % 2 === 1 ? ratios[middle]! : (ratios[middle - 1]! + ratios[middle]!) / 2;
}

/** The log-likelihood ratio of k of n under p1 against p0. */
function evidence(k: number, n: number, p0: number, p1: number): number {
  return k * Math.log(p1 / p0) + (n - k) * Math.log((1 - p1) / (1 - p0));
}

/** The ratio an episode is tested for: clearly above the baseline, by a factor and an absolute step. */
function alternative(p0: number, options: Required<EpisodeOptions>): number {
  return Math.min(0.999, Math.max(p0 * options.factor, p0 + options.minIncrease));
}

/**
 * Episodes of `counts` (occurrences of a status per bucket) among `requests` (all requests per
 * bucket), both dense over consecutive buckets of `bucketMinutes` minutes, zeros included.
 * Episodes come in time order and never overlap.
 */
export function findEpisodes(
  requests: ArrayLike<number>,
  counts: ArrayLike<number>,
  bucketMinutes = 1,
  options: EpisodeOptions = {},
): EpisodeAnalysis {
  const o: Required<EpisodeOptions> = { ...DEFAULTS, ...options };
  const length = requests.length;
  const quietBuckets = Math.max(1, Math.round(o.quietBuckets / bucketMinutes));
  const history = new History(requests, counts, Math.max(1, Math.round(o.historyMinutes / bucketMinutes)));
  history.typical = typicalRatio(requests, counts, Math.max(1, Math.round(BLOCK_MINUTES / bucketMinutes)));

  const episodes: DetectedEpisode[] = [];
  const cusum = new Float64Array(length);
  let i = 0;
  while (i < length) {
    // Watching: evidence of a rise accumulates against a baseline refreshed whenever the sum is at rest.
    let sum = 0;
    let pending = i;
    let p0 = history.baselineAt(i);
    let hit = Math.log(alternative(p0, o) / p0);
    let miss = Math.log((1 - alternative(p0, o)) / (1 - p0));
    let alarm = -1;
    for (; i < length; i++) {
      if (sum === 0) {
        // The logarithms are worked out again only when the baseline has moved by more than 2%:
        // pooled over a day, it barely moves from one minute to the next.
        const moved = history.baselineAt(i);
        if (Math.abs(moved - p0) > BASELINE_TOLERANCE * p0) {
          p0 = moved;
          hit = Math.log(alternative(p0, o) / p0);
          miss = Math.log((1 - alternative(p0, o)) / (1 - p0));
        }
      }
      const n = requests[i] ?? 0;
      if (n > 0) {
        const k = counts[i] ?? 0;
        sum = Math.max(0, sum + k * hit + (n - k) * miss);
      }
      cusum[i] = sum;
      if (sum > o.threshold) {
        alarm = i;
        break;
      }
      if (sum === 0) {
        history.settle(pending, i, false);
        pending = i + 1;
      }
    }
    if (alarm < 0) {
      history.settle(pending, length - 1, false);
      break;
    }

    const { start, atRest } = onsetBefore(cusum, counts, pending, alarm);
    history.settle(pending, start - 1, false);

    // In an episode: evidence of a return to the baseline accumulates; the last bucket still
    // elevated is its end.
    const p1 = alternative(p0, o);
    let back = 0;
    let end = alarm;
    let confirmed = false;
    for (let j = alarm + 1; j < length; j++) {
      const n = requests[j] ?? 0;
      if (n > 0) {
        back = Math.max(0, back + evidence(counts[j] ?? 0, n, p1, p0));
        if (back === 0) end = j;
      }
      if (back > o.threshold / 2 || j - end >= quietBuckets) {
        confirmed = true;
        break;
      }
    }
    const [first, last] = trimmed(requests, counts, { from: pending, alarm, start, end }, p0, p1);
    const episode = describe(requests, counts, first, last, p0);
    const kept = episode.count >= o.minCount && episode.peakCount >= o.minPeakCount;
    history.settle(start, end, kept);
    if (kept) {
      episode.end = last;
      episode.ongoing = !confirmed && !endedAtLevel(requests, counts, last, episode, p1);
      // Rising from the first bucket on, or after too few requests to tell: underway before the data began.
      episode.startedBefore = (pending === 0 && !atRest) || requestsBefore(requests, first) < START_EVIDENCE_REQUESTS;
      episodes.push(episode);
    }
    i = end + 1;
  }

  const background = history.outside();
  return {
    episodes,
    backgroundRatio: background.requests > 0 ? background.count / background.requests : 0,
    backgroundCount: background.count,
  };
}

/**
 * The pooled history of settled buckets outside episodes over a trailing window. Buckets settle
 * in time order, once each: as ordinary history, or as part of an episode.
 */
class History {
  typical = 0;
  private readonly settled: Uint8Array;
  private windowRequests = 0;
  private windowCount = 0;
  /** The window holds the ordinary buckets among [from, next). */
  private from = 0;
  private next = 0;

  constructor(
    private readonly requests: ArrayLike<number>,
    private readonly counts: ArrayLike<number>,
    private readonly span: number,
  ) {
    this.settled = new Uint8Array(requests.length);
  }

  /** Settles buckets first..last, as part of an episode or as ordinary history. */
  settle(first: number, last: number, episode: boolean): void {
    for (let i = first; i <= last; i++) {
      this.settled[i] = episode ? EPISODE : ORDINARY;
      if (!episode && i >= this.from) {
        this.windowRequests += this.requests[i] ?? 0;
        this.windowCount += this.counts[i] ?? 0;
      }
    }
    if (last + 1 > this.next) this.next = last + 1;
  }

  /** The baseline ratio for bucket i: the window before it, leaning on the typical ratio while it is thin. */
  baselineAt(i: number): number {
    while (this.from < i - this.span) {
      if (this.from < this.next && this.settled[this.from] === ORDINARY) {
        this.windowRequests -= this.requests[this.from] ?? 0;
        this.windowCount -= this.counts[this.from] ?? 0;
      }
      this.from++;
    }
    const pooled = (this.windowCount + this.typical * PRIOR_REQUESTS) / (this.windowRequests + PRIOR_REQUESTS);
    return Math.min(0.99, Math.max(RATIO_FLOOR, pooled));
  }

  /** Requests and occurrences of every bucket outside episodes. */
  outside(): { requests: number; count: number } {
    let requests = 0;
    let count = 0;
    for (let i = 0; i < this.settled.length; i++) {
      if (this.settled[i] === EPISODE) continue;
      requests += this.requests[i] ?? 0;
      count += this.counts[i] ?? 0;
    }
    return { requests, count };
  }
}

const ORDINARY = 1;
const EPISODE = 2;

/**
 * The episode's edges, placed by the level it had. The CUSUM rests only where its evidence falls
 * back to zero, so a background error or two just before a step (or just after an end) pulls an
 * edge out by a few minutes. With the episode's own level known, the start is the change point's
 * maximum-likelihood estimate among the buckets from the last rest to the alarm: the one from which
 * on the buckets favour that level over the baseline the most. The end drops trailing buckets that
 * favour the baseline over that level. A ramp's start lands where it rose clearly, not at its
 * first faint minute.
 */
function trimmed(
  requests: ArrayLike<number>,
  counts: ArrayLike<number>,
  span: { from: number; alarm: number; start: number; end: number },
  p0: number,
  p1: number,
): [number, number] {
  let count = 0;
  let n = 0;
  for (let i = span.start; i <= span.end; i++) {
    count += counts[i] ?? 0;
    n += requests[i] ?? 0;
  }
  const level = Math.min(0.999, Math.max(p1, n > 0 ? count / n : 0));
  let first = span.alarm;
  let best = -Infinity;
  let sum = 0;
  for (let t = span.alarm; t >= span.from; t--) {
    sum += evidence(counts[t] ?? 0, requests[t] ?? 0, p0, level);
    if (sum > best) {
      best = sum;
      first = t;
    }
  }
  while (first < span.alarm && (counts[first] ?? 0) === 0) first++;
  let last = span.end;
  while (last > first && evidence(counts[last] ?? 0, requests[last] ?? 0, p0, level) <= 0) last--;
  return [first, last];
}

/** Odds (as a natural log) past which the buckets after an episode say it is over. */
const ENDED_EVIDENCE = 2;

/**
 * Whether the buckets after an unconfirmed episode's last elevated one, up to the end of the
 * series, are unlikely at the level the episode itself had. The test for an end weighs "back to
 * p0" against p1, a modest rise, so at low traffic it can take a while to confirm; but three
 * silent minutes after an outage at 90% are already plain.
 */
function endedAtLevel(requests: ArrayLike<number>, counts: ArrayLike<number>, end: number, episode: DetectedEpisode, p1: number): boolean {
  const level = Math.min(0.999, Math.max(p1, episode.requests > 0 ? episode.count / episode.requests : 0));
  let back = 0;
  for (let j = end + 1; j < requests.length; j++) {
    const n = requests[j] ?? 0;
    if (n > 0) back += evidence(counts[j] ?? 0, n, level, episode.baselineRatio);
  }
  return back > ENDED_EVIDENCE;
}

/**
 * The onset of the rise that raised the alarm: the last bucket before the alarm where the sum stood
 * near zero, moved forward to the first bucket that had the status. Slack keeps a stray error
 * before a step from pulling the onset back to it.
 */
function onsetBefore(cusum: Float64Array, counts: ArrayLike<number>, from: number, alarm: number): { start: number; atRest: boolean } {
  let start = from;
  let atRest = false;
  for (let i = alarm - 1; i >= from; i--) {
    if (cusum[i]! <= ONSET_SLACK) {
      start = i + 1;
      atRest = true;
      break;
    }
  }
  while (start < alarm && (counts[start] ?? 0) === 0) start++;
  return { start, atRest };
}

function requestsBefore(requests: ArrayLike<number>, bucket: number): number {
  let n = 0;
  for (let i = 0; i < bucket; i++) n += requests[i] ?? 0;
  return n;
}

function describe(requests: ArrayLike<number>, counts: ArrayLike<number>, start: number, end: number, baselineRatio: number): DetectedEpisode {
  let count = 0;
  let n = 0;
  let peak = start;
  for (let i = start; i <= end; i++) {
    const k = counts[i] ?? 0;
    count += k;
    n += requests[i] ?? 0;
    if (k > (counts[peak] ?? 0)) peak = i;
  }
  return {
    start,
    end,
    peak,
    peakCount: counts[peak] ?? 0,
    count,
    requests: n,
    ongoing: false,
    startedBefore: false,
    baselineRatio,
  };
}
