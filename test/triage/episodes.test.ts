import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../scripts/seeded-random.js';
import { findEpisodes, typicalRatio, type DetectedEpisode } from '../../src/triage/episodes.js';

/** Minutes of Poisson-ish traffic at `level(m)` requests, each with status share `share(m)`. */
function series(minutes: number, level: (m: number) => number, share: (m: number) => number, seed = 1): { n: number[]; k: number[] } {
  const random = seededRandom(seed);
  const n: number[] = [];
  const k: number[] = [];
  for (let m = 0; m < minutes; m++) {
    const requests = Math.max(0, Math.round(level(m) * (0.8 + 0.4 * random())));
    let hits = 0;
    for (let r = 0; r < requests; r++) if (random() < share(m)) hits++;
    n.push(requests);
    k.push(hits);
  }
  return { n, k };
}

/** Day and night: 10 requests a minute at 04:00, 200 in the afternoon. */
const diurnal = (m: number): number => 10 + 190 * (0.5 - 0.5 * Math.cos(((m % 1440) / 1440) * 2 * Math.PI));

function expectWellFormed(episodes: readonly DetectedEpisode[], length: number): void {
  let previousEnd = -1;
  for (const e of episodes) {
    expect(e.start).toBeGreaterThan(previousEnd);
    expect(e.start).toBeLessThanOrEqual(e.peak);
    expect(e.peak).toBeLessThanOrEqual(e.end);
    expect(e.end).toBeLessThan(length);
    expect(e.count).toBeGreaterThanOrEqual(e.peakCount);
    previousEnd = e.end;
  }
}

describe('findEpisodes', () => {
  it('finds a step in the error ratio from its first minute, and its end', () => {
    const { n, k } = series(600, () => 100, (m) => (m >= 300 && m < 330 ? 0.2 : 0.003));
    const { episodes } = findEpisodes(n, k);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ start: 300, end: 329, ongoing: false, startedBefore: false });
    expectWellFormed(episodes, n.length);
  });

  it('sees no episode in three days of diurnal traffic at a constant error ratio', () => {
    for (const seed of [1, 2, 3]) {
      const { n, k } = series(3 * 1440, diurnal, () => 0.004, seed);
      const analysis = findEpisodes(n, k);
      expect(analysis.episodes).toEqual([]);
      expect(analysis.backgroundRatio).toBeCloseTo(0.004, 3);
    }
  });

  it('sees no episode in a five-fold traffic surge that leaves the ratio as it was', () => {
    const { n, k } = series(1440, (m) => (m >= 600 && m < 700 ? 500 : 100), () => 0.01);
    expect(findEpisodes(n, k).episodes).toEqual([]);
  });

  it('lets one stray error in a quiet minute pass', () => {
    const n = Array.from({ length: 240 }, () => 5);
    const k = n.map((_, m) => (m === 120 ? 1 : 0));
    expect(findEpisodes(n, k).episodes).toEqual([]);
  });

  it('reports an outage underway at the first minute as started before the data', () => {
    const { n, k } = series(240, () => 80, (m) => (m < 18 ? 0.4 : 0.002));
    const { episodes } = findEpisodes(n, k);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ start: 0, end: 17, startedBefore: true });
  });

  it('lists the same status failing twice as two episodes in time order', () => {
    const { n, k } = series(1440, diurnal, (m) => ((m >= 552 && m < 580) || (m >= 1170 && m < 1200) ? 0.15 : 0.002));
    const { episodes } = findEpisodes(n, k);
    expect(episodes).toHaveLength(2);
    // Within two minutes: a background error next to a step can honestly belong to either side.
    const planted = [
      [552, 579],
      [1170, 1199],
    ];
    episodes.forEach((e, i) => {
      expect(Math.abs(e.start - planted[i]![0]!)).toBeLessThanOrEqual(2);
      expect(Math.abs(e.end - planted[i]![1]!)).toBeLessThanOrEqual(2);
    });
    expectWellFormed(episodes, n.length);
  });

  it('calls an episode that lasts to the end of the series ongoing', () => {
    const { n, k } = series(300, () => 60, (m) => (m >= 280 ? 0.3 : 0.002));
    const { episodes } = findEpisodes(n, k);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ start: 280, end: 299, ongoing: true });
  });

  it('does not call an outage ongoing once minutes without it follow, though the end is not yet confirmed', () => {
    const { n, k } = series(300, () => 60, (m) => (m >= 280 && m < 296 ? 0.9 : 0));
    const [episode] = findEpisodes(n, k).episodes;
    expect(episode).toMatchObject({ start: 280, end: 295, ongoing: false });
  });

  it('catches a slow rise that no single minute makes plain', () => {
    // From 0.3% to 3% over two hours at 40 requests a minute: about one more error a minute at the top.
    const { n, k } = series(900, () => 40, (m) => (m >= 400 && m < 700 ? 0.003 + 0.027 * Math.min(1, (m - 400) / 120) : 0.003));
    const { episodes } = findEpisodes(n, k);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]!.start).toBeGreaterThanOrEqual(400);
    expect(episodes[0]!.start).toBeLessThan(520);
    expect(episodes[0]!.end).toBeGreaterThanOrEqual(690);
  });

  it('works on wider buckets and on an empty series', () => {
    const { n, k } = series(400, () => 1000, (m) => (m >= 200 && m < 210 ? 0.3 : 0.003));
    const { episodes } = findEpisodes(n, k, 60);
    expect(episodes.map((e) => e.start)).toEqual([200]);
    expect(findEpisodes([], [])).toEqual({ episodes: [], backgroundRatio: 0, backgroundCount: 0 });
  });

  it('judges against the share of the hours before, so a higher background after a change is the new normal only outside episodes', () => {
    // The 500 share doubles for good at minute 1000: an episode from there to the end.
    const { n, k } = series(1600, () => 100, (m) => (m >= 1000 ? 0.05 : 0.005));
    const { episodes } = findEpisodes(n, k);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ start: 1000, end: 1599, ongoing: true });
  });
});

describe('typicalRatio', () => {
  it('is the median of blocks, which an outage in a few blocks does not move', () => {
    const { n, k } = series(600, () => 100, (m) => (m < 30 ? 0.5 : 0.01));
    expect(typicalRatio(n, k, 15)).toBeCloseTo(0.01, 2);
  });

  it('is the pooled ratio when there are too few occurrences for blocks', () => {
    expect(typicalRatio([100, 100, 100], [1, 0, 2], 1)).toBeCloseTo(0.01, 5);
  });
});
