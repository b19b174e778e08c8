/**
 * Inputs 16x apart: work linear in its input grows about 16x, quadratic work 256x. 64 is a
 * generous bound between the two, wide enough that a busy machine does not cross it by chance.
 */
export const SCALE = 16;
export const MAX_GROWTH = 64;

/** The smaller input's batch repeats the work until it takes at least this long. */
const MIN_BATCH_MS = 0.5;
const MAX_REPEATS = 1 << 14;

/**
 * CPU time of this process in milliseconds: unlike the wall clock, it does not count the time
 * other processes on a shared machine hold the CPU.
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU milliseconds per run of the work, over a batch of `repeats` runs. */
function costPerRun(work: () => void, repeats: number): number {
  const started = cpuMs();
  for (let i = 0; i < repeats; i++) work();
  return (cpuMs() - started) / repeats;
}

function measureOnce(small: () => void, large: () => void, rounds: number, effort: number): number {
  let repeats = 1;
  while (repeats < MAX_REPEATS && costPerRun(small, repeats) * repeats < MIN_BATCH_MS) repeats *= 2;
  repeats *= effort;
  // The larger input runs fewer times, so that linear work takes about as long in both batches.
  const largeRepeats = Math.max(1, Math.round(repeats / SCALE));
  // One unmeasured round first: the larger input can still send code to the optimizing compiler.
  costPerRun(large, largeRepeats);
  let bestSmall = Number.POSITIVE_INFINITY;
  let bestLarge = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    bestSmall = Math.min(bestSmall, costPerRun(small, repeats));
    bestLarge = Math.min(bestLarge, costPerRun(large, largeRepeats));
  }
  return bestLarge / Math.max(bestSmall, Number.MIN_VALUE);
}

/**
 * How much more a piece of work costs on a larger input than on a smaller one: the ratio of the
 * best of several interleaved batches of each. It says how work grows, not how fast the machine
 * is: a slow or busy host slows both sizes alike, and only the best batch of each counts.
 *
 * A ratio at or above `bound` is measured again with batches four times as long, up to `attempts`
 * times in all. A few runs on the large input can still meet code that V8 has not optimized yet
 * (the small input, run many more times, got there first), or a collection, or a burst of other
 * work; none of these survives longer batches, while work that grows faster than its input does.
 */
export function growthRatio(small: () => void, large: () => void, bound = MAX_GROWTH, attempts = 3, rounds = 3): number {
  small();
  large();
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0, effort = 1; attempt < attempts && best >= bound; attempt++, effort *= 4) {
    best = Math.min(best, measureOnce(small, large, rounds, effort));
  }
  return best;
}
