/**
 * Scores triage against planted truth: seeded weeks of realistic traffic (scripts/gen-traffic.ts)
 * go through the tally and triage, and every reported episode is matched with the incidents
 * planted in it.
 *
 *   npx tsx scripts/score-triage.ts [--seeds 20] [--days 7] [--peak 120]
 *
 * Prints precision (reported episodes that match a planted incident), recall (planted incidents
 * found), the onset error per shape (minutes between the planted and the reported start) and the
 * findings for surges and the steady background, which should be none.
 */
import { pathToFileURL } from 'node:url';
import type { Finding } from '../src/model/findings.js';
import { Tally } from '../src/tally/tally.js';
import { triage } from '../src/triage/triage.js';
import { randomScenario, recordsOf, trafficOf, type IncidentShape, type PlantedIncident, type Scenario } from './gen-traffic.js';

const MINUTE_MS = 60_000;
/** A reported episode this close to a planted one (minutes) counts as finding it. */
const MATCH_SLACK = 5;
export const FORMATS = ['nginx', 'cloudflare', 'iis'] as const;
export type TrafficFormat = (typeof FORMATS)[number];

export interface ReportedEpisode {
  code: number;
  start: number;
  end: number;
  ongoing: boolean;
  startedBeforeLog: boolean;
}

export interface SeedScore {
  seed: number;
  format: TrafficFormat;
  scenario: Scenario;
  findings: Finding[];
  reported: ReportedEpisode[];
  /** For each planted incident, the reported episodes that overlap it. */
  matches: { incident: PlantedIncident; episodes: ReportedEpisode[] }[];
  /** Reported episodes that overlap no planted incident. */
  falsePositives: ReportedEpisode[];
}

/** Triage of one seeded scenario, read as the given format's records. */
export function triageScenario(scenario: Scenario, seed: number, format: TrafficFormat): Finding[] {
  const tally = new Tally();
  for (const minute of trafficOf(scenario, seed)) for (const record of recordsOf(minute, format, seed)) tally.addRecord(record);
  return triage(tally.summarize());
}

export function scoreSeed(seed: number, days: number, format: TrafficFormat, peakPerMinute = 120): SeedScore {
  const scenario = randomScenario(seed, days, peakPerMinute);
  const findings = triageScenario(scenario, seed, format);
  const minuteOf = (iso: string): number => (Date.parse(iso) - scenario.startMs) / MINUTE_MS;
  const reported: ReportedEpisode[] = findings.flatMap((finding) =>
    finding.evidence.episodes.map((e) => ({
      code: finding.code,
      start: minuteOf(e.start),
      end: minuteOf(e.end),
      ongoing: e.ongoing,
      startedBeforeLog: e.startedBeforeLog,
    })),
  );
  const overlaps = (incident: PlantedIncident, episode: ReportedEpisode): boolean =>
    episode.code === incident.code &&
    episode.start <= incident.start + incident.minutes - 1 + MATCH_SLACK &&
    incident.start <= episode.end + MATCH_SLACK;
  const matches = scenario.incidents.map((incident) => ({ incident, episodes: reported.filter((e) => overlaps(incident, e)) }));
  const falsePositives = reported.filter((e) => !scenario.incidents.some((incident) => overlaps(incident, e)));
  return { seed, format, scenario, findings, reported, matches, falsePositives };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function main(argv: string[]): void {
  const option = (name: string, fallback: number): number => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? Number(argv[index + 1]) : fallback;
  };
  const seeds = option('seeds', 20);
  const days = option('days', 7);
  const peak = option('peak', 120);
  let planted = 0;
  let found = 0;
  let reported = 0;
  let falsePositives = 0;
  let fragmented = 0;
  let underwayFlagged = 0;
  let underway = 0;
  const onsetErrors = new Map<IncidentShape, number[]>();
  const endErrors: number[] = [];
  const started = Date.now();
  for (let seed = 1; seed <= seeds; seed++) {
    const format = FORMATS[(seed - 1) % FORMATS.length]!;
    const score = scoreSeed(seed, days, format, peak);
    reported += score.reported.length;
    falsePositives += score.falsePositives.length;
    for (const fp of score.falsePositives) {
      process.stdout.write(`  seed ${seed} (${format}): unplanted ${fp.code} episode at minute ${fp.start}-${fp.end}\n`);
    }
    for (const { incident, episodes } of score.matches) {
      planted++;
      const first = episodes[0];
      if (first === undefined) {
        process.stdout.write(`  seed ${seed} (${format}): missed ${incident.code} ${incident.shape} at minute ${incident.start} (${incident.minutes} min, ${(incident.share * 100).toFixed(1)}%)\n`);
        continue;
      }
      found++;
      if (episodes.length > 1) fragmented++;
      if (incident.start === 0) {
        underway++;
        if (first.startedBeforeLog) underwayFlagged++;
        continue;
      }
      const errors = onsetErrors.get(incident.shape) ?? [];
      errors.push(Math.abs(first.start - incident.start));
      onsetErrors.set(incident.shape, errors);
      const last = episodes[episodes.length - 1]!;
      endErrors.push(Math.abs(last.end - (incident.start + incident.minutes - 1)));
    }
  }
  const all = [...onsetErrors.values()].flat();
  const pct = (a: number, b: number): string => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
  process.stdout.write(`seeds ${seeds} x ${days} days (formats ${FORMATS.join(', ')} in turn), peak ${peak} requests/min, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`precision ${pct(reported - falsePositives, reported)} (${reported - falsePositives} of ${reported} reported episodes match a planted incident)\n`);
  process.stdout.write(`recall    ${pct(found, planted)} (${found} of ${planted} planted incidents found; ${fragmented} reported as more than one episode)\n`);
  process.stdout.write(`underway at the first line: ${underwayFlagged} of ${underway} flagged startedBeforeLog\n`);
  process.stdout.write(`median onset error ${median(all)} min over ${all.length} incidents; median end error ${median(endErrors)} min\n`);
  for (const [shape, errors] of onsetErrors) {
    process.stdout.write(`  ${shape.padEnd(9)} median ${median(errors)} min, max ${Math.max(...errors)} min (${errors.length})\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
