import { describe, expect, it } from 'vitest';
import { FORMATS, scoreSeed } from '../../scripts/score-triage.js';
import type { IncidentShape } from '../../scripts/gen-traffic.js';

/** How far a reported start may be from the planted one, in minutes. */
const ONSET_TOLERANCE: Record<IncidentShape, number> = { step: 2, burst: 2, ramp: 5, 'slow-burn': 120 };
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('triage of weeks of realistic traffic', () => {
  const scores = SEEDS.map((seed) => scoreSeed(seed, 7, FORMATS[(seed - 1) % FORMATS.length]!));

  it.each(scores.map((score) => [score.seed, score.format, score] as const))(
    'seed %i (%s): finds every planted incident, from about its start, and nothing else',
    (_seed, _format, score) => {
      expect(score.falsePositives).toEqual([]);
      for (const { incident, episodes } of score.matches) {
        expect(episodes.length, `${incident.code} ${incident.shape} at minute ${incident.start}`).toBeGreaterThan(0);
        const first = episodes[0]!;
        if (incident.start === 0) {
          expect(first.startedBeforeLog).toBe(true);
        } else {
          expect(first.startedBeforeLog).toBe(false);
          expect(Math.abs(first.start - incident.start)).toBeLessThanOrEqual(ONSET_TOLERANCE[incident.shape]);
        }
        // Every planted incident ends within the week: none is still going on.
        expect(episodes.some((e) => e.ongoing)).toBe(false);
      }
    },
  );

  it('plants every shape across the seeds, surges included', () => {
    const shapes = new Set(scores.flatMap((s) => s.scenario.incidents.map((i) => i.shape)));
    expect([...shapes].sort()).toEqual(['burst', 'ramp', 'slow-burn', 'step']);
    expect(scores.some((s) => s.scenario.incidents.some((i) => i.start === 0))).toBe(true);
    expect(scores.every((s) => s.scenario.surges.length > 0)).toBe(true);
    // The same code failing twice on one day.
    expect(scores.some((s) => new Set(s.scenario.incidents.map((i) => i.code)).size < s.scenario.incidents.length)).toBe(true);
  });

  it('keeps every episode well formed: start <= peak <= end, in time order, never overlapping', () => {
    for (const score of scores) {
      for (const finding of score.findings) {
        let previousEnd = '';
        for (const e of finding.evidence.episodes) {
          expect(e.start <= e.peak && e.peak <= e.end).toBe(true);
          expect(e.start > previousEnd).toBe(true);
          expect(e.count).toBeGreaterThanOrEqual(e.peakCount);
          expect(e.share).toBeGreaterThan(0);
          previousEnd = e.end;
        }
        if (finding.evidence.episodes.length > 0 && !finding.evidence.episodes[0]!.startedBeforeLog) {
          expect(finding.evidence.onset).toBe(finding.evidence.episodes[0]!.start);
        }
      }
    }
  });

  it('describes the steady background as one: its share, no episode, a low severity', () => {
    for (const score of scores) {
      const planted = new Set(score.scenario.incidents.map((i) => i.code));
      for (const finding of score.findings) {
        if (planted.has(finding.code)) continue;
        expect(finding.evidence.episodes).toEqual([]);
        expect(['low', 'info']).toContain(finding.severity);
        expect(finding.evidence.background!.share).toBeCloseTo(score.scenario.background[finding.code] ?? 0, 2);
      }
      // Findings with episodes rank above those without.
      const firstSteady = score.findings.findIndex((f) => f.evidence.episodes.length === 0);
      const lastEpisodic = score.findings.map((f) => f.evidence.episodes.length > 0).lastIndexOf(true);
      if (firstSteady >= 0) expect(lastEpisodic).toBeLessThan(firstSteady);
    }
  });

  it('names what each episode hit: the upstream that failed then, which the whole run would blend', () => {
    let checked = 0;
    let distinct = 0;
    for (const score of scores.filter((s) => s.format === 'nginx')) {
      for (const { incident } of score.matches) {
        if (incident.start === 0 || incident.shape === 'slow-burn') continue;
        const finding = score.findings.find((f) => f.code === incident.code)!;
        const at = new Date(score.scenario.startMs + incident.start * 60_000).getTime();
        const episode = finding.evidence.episodes.find((e) => Math.abs(Date.parse(e.start) - at) <= 6 * 60_000)!;
        expect(episode.top?.upstreams[0]?.value, `${incident.code} at minute ${incident.start}`).toBe(incident.upstream);
        if (finding.evidence.topUpstreams[0]?.value !== incident.upstream) distinct++;
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    // Some episodes hit another upstream than the one at the top of the whole run.
    expect(distinct).toBeGreaterThan(0);
  });
});

