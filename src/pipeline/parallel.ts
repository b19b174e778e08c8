/**
 * The bulk path over two threads for a large plain file: the main thread reads
 * the first half, a worker thread the second (split at a newline), each with
 * the same LineSplitter and SourceProcessor into its own tally; the worker's
 * tally is then merged into the main one. The report is the one a single
 * sequential read gives: whenever that cannot be guaranteed (format choice
 * changed in the first half, a format whose lines depend on a header, the
 * worker failed), the main thread simply reads the second half itself.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { findFormat } from '../formats/index.js';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, type SourceOutcome } from '../ingest/index.js';
import { Tally } from '../tally/index.js';
import type { RangeJob, RangeResult } from './range-protocol.js';
import { readChunks, ReadFailure } from './range-reader.js';
import type { FormatChoice, FormatState, SourceProcessor, TallyTargets } from './source-processor.js';

/** Below this size a worker's start-up (50-100 ms) costs more than it saves. */
export const DEFAULT_PARALLEL_THRESHOLD_BYTES = 64 * 1024 * 1024;

const READ_CHUNK_BYTES = 1024 * 1024;
/** How far past the middle a newline is looked for before giving up on a split. */
const SPLIT_SEARCH_BYTES = 4 * 1024 * 1024;

/**
 * Formats whose parser reads each line on its own. IIS W3C (#Fields:) and
 * Cloudflare CSV (a header row) parse lines by a header met earlier, which a
 * range starting mid-file has not seen.
 */
const LINE_INDEPENDENT_FORMATS = new Set([
  'nginx-combined',
  'nginx-main',
  'nginx-upstreaminfo',
  'nginx-json',
  'apache-common',
  'apache-combined',
  'apache-vhost-combined',
  'apache-combinedio',
  'apache-ssl-request',
  'cloudflare-json',
  'aws-alb',
  'aws-elb-classic',
  'caddy-json',
]);

export interface ParallelOptions {
  formats: FormatChoice;
  /** Files at least this large are split; default defaultParallelThreshold(). */
  thresholdBytes?: number;
  maxLineBytes?: number;
  top?: number;
  tuning?: ParallelTuning;
}

/** Knobs for tests and benchmarks. */
export interface ParallelTuning {
  /** Where the worker's range starts, as a share of the file (at the next line start); default 0.5. */
  splitFraction?: number;
  /** Bytes per read on the main thread; default 1 MiB. The worker starts after the read in which detection decides. */
  readChunkBytes?: number;
  /** The worker script; by default the compiled range-worker.js beside this module. */
  workerUrl?: URL;
  /** Told, for each file read over two threads, whether the worker's part was merged (else the main thread read it). */
  onRead?: (path: string, merged: boolean) => void;
}

/** The threshold when none is given: LOGCODES_PARALLEL_MIN_BYTES, else 64 MiB. */
export function defaultParallelThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const bytes = Number(env.LOGCODES_PARALLEL_MIN_BYTES);
  return env.LOGCODES_PARALLEL_MIN_BYTES?.trim() && Number.isFinite(bytes) && bytes >= 0 ? bytes : DEFAULT_PARALLEL_THRESHOLD_BYTES;
}

/** LOGCODES_WORKERS=1 (or 0) keeps every read on the main thread. */
export function parallelAllowedByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const workers = env.LOGCODES_WORKERS;
  return workers === undefined || workers.trim() === '' || !(Number(workers) <= 1);
}

function defaultWorkerUrl(): URL {
  // Run from the TypeScript sources (tests), this module is a .ts file; the worker needs JavaScript.
  return import.meta.url.endsWith('.ts') ? new URL('../../dist/pipeline/range-worker.js', import.meta.url) : new URL('./range-worker.js', import.meta.url);
}

/** Built-in formats cross to the worker by name; a compiled --log-format cannot. */
function formatNames(choice: FormatChoice): { candidates: string[]; forced?: string } | undefined {
  const all = choice.forced ? [...choice.candidates, choice.forced] : choice.candidates;
  if (!all.every((format) => findFormat(format.name) === format)) return undefined;
  return { candidates: choice.candidates.map((format) => format.name), forced: choice.forced?.name };
}

function sameState(a: FormatState, b: FormatState | undefined): boolean {
  return b !== undefined && a.primary === b.primary && a.fallbacks.length === b.fallbacks.length && a.fallbacks.every((name, i) => name === b.fallbacks[i]);
}

/** The offset of the first line that starts at or after the middle, if one does before the end. */
async function findSplit(handle: FileHandle, size: number, fraction: number): Promise<number | undefined> {
  const middle = Math.floor(size * fraction);
  if (middle <= 0 || middle >= size) return undefined;
  const buffer = Buffer.allocUnsafe(Math.min(SPLIT_SEARCH_BYTES, size - middle));
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, middle);
  const newline = buffer.subarray(0, bytesRead).indexOf(0x0a);
  if (newline === -1 || middle + newline + 1 >= size) return undefined;
  return middle + newline + 1;
}

class RangeWorker {
  private readonly worker: Worker;
  readonly result: Promise<RangeResult>;

  constructor(url: URL, job: RangeJob) {
    this.worker = new Worker(url, { workerData: job });
    this.result = new Promise<RangeResult>((resolve) => {
      this.worker.once('message', (message: RangeResult) => resolve(message));
      this.worker.once('error', (err) => resolve({ ok: false, error: err.message }));
      this.worker.once('exit', (code) => resolve({ ok: false, error: `worker exited with code ${code}` }));
    });
  }

  stop(): void {
    void this.worker.terminate();
  }
}

/** A worker that cannot start leaves the whole file to the main thread. */
function startWorker(url: URL, job: RangeJob): RangeWorker | undefined {
  try {
    return new RangeWorker(url, job);
  } catch {
    return undefined;
  }
}

/**
 * Reads a plain file of at least the threshold size over two threads into the
 * processor's targets. Resolves to undefined, having read nothing, when the
 * source does not qualify (small, gzip, not a regular file, unreadable, a
 * custom format): the caller then reads it the ordinary way.
 */
export async function readFileInParallel(
  path: string,
  processor: SourceProcessor,
  targets: TallyTargets,
  options: ParallelOptions,
): Promise<SourceOutcome | undefined> {
  const names = formatNames(options.formats);
  if (names === undefined || availableParallelism() < 2) return undefined;
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size < (options.thresholdBytes ?? defaultParallelThreshold())) return undefined;
    const magic = Buffer.alloc(2);
    await handle.read(magic, 0, 2, 0);
    if (magic[0] === 0x1f && magic[1] === 0x8b) return undefined;
    const split = await findSplit(handle, stat.size, options.tuning?.splitFraction ?? 0.5);
    if (split === undefined) return undefined;
    return await readSplit(handle, path, stat.size, split, processor, targets, options, names);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function readSplit(
  handle: FileHandle,
  path: string,
  size: number,
  split: number,
  processor: SourceProcessor,
  targets: TallyTargets,
  options: ParallelOptions,
  names: { candidates: string[]; forced?: string },
): Promise<SourceOutcome> {
  const name = processor.sourceName;
  const splitter = new LineSplitter(processor, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const chunkBytes = options.tuning?.readChunkBytes ?? READ_CHUNK_BYTES;
  let worker: RangeWorker | undefined;
  let handedOver: FormatState | undefined;
  const firstPart = (chunk: Buffer): void => {
    splitter.push(chunk);
    // The worker starts once detection has decided, with the format choice as it stands.
    if (handedOver === undefined) {
      const state = processor.formatState;
      if (state !== undefined) {
        handedOver = state;
        if (state.primary !== undefined && LINE_INDEPENDENT_FORMATS.has(state.primary)) {
          worker = startWorker(options.tuning?.workerUrl ?? defaultWorkerUrl(), {
            path,
            sourceName: name,
            start: split,
            end: size,
            maxLineBytes: options.maxLineBytes,
            top: options.top,
            window: targets.window,
            baseline: targets.baseline !== undefined,
            ...names,
            state,
          });
        }
      }
    }
  };
  try {
    const position = await readChunks(handle, 0, split, chunkBytes, firstPart);
    let result: RangeResult | undefined;
    if (worker !== undefined && position === split && sameState(handedOver!, processor.formatState)) result = await worker.result;
    else worker?.stop();
    if (result?.ok) {
      const linesBefore = splitter.lines;
      for (const sample of result.main.malformedSamples) sample.line += linesBefore;
      targets.main.merge(Tally.fromTransfer(result.main));
      if (targets.baseline !== undefined && result.baseline !== undefined) targets.baseline.merge(Tally.fromTransfer(result.baseline));
      processor.addFormatCounts(result.formatCounts);
      options.tuning?.onRead?.(path, true);
      return { name, lines: linesBefore + result.lines, bytes: splitter.bytes + result.bytes, gzip: false };
    }
    await readChunks(handle, position, undefined, chunkBytes, (chunk) => splitter.push(chunk));
    splitter.end();
    options.tuning?.onRead?.(path, false);
    return { name, lines: splitter.lines, bytes: splitter.bytes, gzip: false };
  } catch (err) {
    worker?.stop();
    // Like readSource: an exception from the processor itself is not an input problem.
    if (!(err instanceof ReadFailure)) throw err;
    const cause = err.cause;
    const after = splitter.lines > 0 ? ` after ${splitter.lines} line${splitter.lines === 1 ? '' : 's'}` : '';
    return { name, lines: splitter.lines, bytes: splitter.bytes, gzip: false, error: `${name}: read error${after}: ${cause instanceof Error ? cause.message : String(cause)}` };
  }
}
