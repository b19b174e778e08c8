/**
 * When did a status start: the first minute whose count rises clearly above
 * the minutes before it. A steady trickle has no onset.
 */

export interface OnsetOptions {
  /** Minutes of trailing history the baseline is the mean of. */
  window?: number;
  /** A jump must reach this multiple of the baseline. */
  factor?: number;
  /** ... and at least this many occurrences in the minute. */
  minCount?: number;
  /** Minutes of log needed before a jump can be judged. */
  minHistory?: number;
}

export interface OnsetResult {
  /** 'sudden': a clear jump above the trailing baseline; 'steady': none (a trickle, or present throughout). */
  kind: 'sudden' | 'steady';
  /** Index of the onset minute when sudden. */
  onset?: number;
  /** Mean count per minute before the onset (sudden) or over the whole series (steady). */
  baseline: number;
  /** Index of the minute with the most occurrences (the first such minute). */
  peak: number;
  peakCount: number;
}

const ABSENT_BASELINE = 0.05;

/** Whether a count stands above a baseline by more than Poisson noise. */
function elevated(count: number, baseline: number): boolean {
  if (baseline < ABSENT_BASELINE) return count >= 1;
  return count >= 2 && count >= Math.max(2 * baseline, baseline + 2 * Math.sqrt(baseline));
}

/**
 * `counts` holds one count per minute, consecutive minutes, zeros included,
 * starting at the first minute of the log (not of the status). A jump is a
 * minute with at least `minCount` occurrences, `factor` times the mean of the
 * previous `window` minutes and more than noise above it; the onset is the
 * first minute of the run of elevated minutes leading up to that jump, so a
 * status that ramps up (or was absent before) starts where it first rose.
 */
export function findOnset(counts: ArrayLike<number>, options: OnsetOptions = {}): OnsetResult {
  const window = options.window ?? 15;
  const factor = options.factor ?? 3;
  const minCount = options.minCount ?? 5;
  const minHistory = options.minHistory ?? 3;

  // A typed array: on a log of a month this runs over 43,200 minutes per status, mostly unoptimized.
  const prefix = new Float64Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) prefix[i + 1] = prefix[i]! + counts[i]!;
  const baselineBefore = (i: number): number => {
    const from = Math.max(0, i - window);
    return i === from ? 0 : (prefix[i]! - prefix[from]!) / (i - from);
  };

  let peak = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i]! > counts[peak]!) peak = i;
  const peakCount = counts.length > 0 ? counts[peak]! : 0;

  for (let i = minHistory; i < counts.length; i++) {
    const count = counts[i]!;
    const baseline = baselineBefore(i);
    if (count < minCount || count < factor * baseline || count < baseline + 4 * Math.sqrt(Math.max(baseline, 1))) {
      continue;
    }
    let onset = i;
    while (onset - 1 >= 1 && i - (onset - 1) < window && elevated(counts[onset - 1]!, baselineBefore(onset - 1))) {
      onset--;
    }
    return { kind: 'sudden', onset, baseline: baselineBefore(onset), peak, peakCount };
  }
  const total = prefix[counts.length]!;
  return { kind: 'steady', baseline: counts.length > 0 ? total / counts.length : 0, peak, peakCount };
}
