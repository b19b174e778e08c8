import { createRequire } from 'node:module';
import type { DDSketch } from '@datadog/sketches-js';
import type { LatencySummary } from '../model/counts.js';
import type { LatencyPile } from './summary.js';

type Sketches = typeof import('@datadog/sketches-js');
let sketches: Sketches | undefined;

function loadSketches(): Sketches {
  sketches ??= createRequire(import.meta.url)('@datadog/sketches-js') as Sketches;
  return sketches;
}

/** 1% relative accuracy: quantiles within 1% of a true value. */
export function newLatencySketch(): DDSketch {
  // Loaded with the first duration, not at startup: many logs carry none, and imported as an
  // ES module this CommonJS package costs about twice what require() does (some 25 ms).
  return new (loadSketches().DDSketch)({ relativeAccuracy: 0.01 });
}

/**
 * Loads the sketch library now. Following many files can use every file descriptor the process
 * may open, after which loading a module fails as if it were missing: a run that follows files
 * loads it before it opens them.
 */
export function preloadLatencySketches(): void {
  loadSketches();
}

/** A sketch quantile, kept inside the exact min and max the sketch saw. */
function quantile(sketch: DDSketch, q: number): number {
  const value = sketch.getValueAtQuantile(q);
  return Math.min(sketch.max, Math.max(sketch.min, value));
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export function summarizeLatency(sketch: DDSketch | undefined): LatencySummary | undefined {
  if (sketch === undefined || sketch.count === 0) return undefined;
  return {
    count: sketch.count,
    p50: round(quantile(sketch, 0.5)),
    p90: round(quantile(sketch, 0.9)),
    p99: round(quantile(sketch, 0.99)),
    max: round(sketch.max),
  };
}

const STEPS = 100;
/** Half-width of a pile: ±3% covers a ±2% spread plus the sketch's 1% error. */
const PILE_TOLERANCE = 0.03;

/**
 * Where durations pile up at one value (a timeout that fired, a fixed retry
 * delay): the value whose ±3% window holds the largest share of durations,
 * read from the quantiles at 1% steps. Zero durations never form a pile.
 */
export function findLatencyPile(sketch: DDSketch | undefined): LatencyPile | undefined {
  if (sketch === undefined || sketch.count === 0) return undefined;
  const values: number[] = [];
  for (let i = 0; i <= STEPS; i++) values.push(quantile(sketch, i / STEPS));
  let best: LatencyPile | undefined;
  let end = 0;
  for (let start = 0; start <= STEPS; start++) {
    const low = values[start]!;
    if (low <= 0) continue;
    if (end < start) end = start;
    while (end + 1 <= STEPS && values[end + 1]! <= low * (1 + 2 * PILE_TOLERANCE)) end++;
    const share = (end - start) / STEPS;
    if (best === undefined || share > best.share) {
      best = { valueMs: round(values[Math.round((start + end) / 2)]!), share };
    }
  }
  return best;
}
