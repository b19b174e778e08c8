/**
 * Worker thread entry: reads one byte range of a plain file with the same
 * splitter and processor as the main thread, into tallies that are posted back
 * to be merged. See parallel.ts.
 */
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { findFormat, type FormatDefinition } from '../formats/index.js';
import { LineSplitter, DEFAULT_MAX_LINE_BYTES } from '../ingest/line-splitter.js';
import { Tally } from '../tally/index.js';
import { SourceProcessor } from './source-processor.js';
import type { RangeJob, RangeResult } from './range-protocol.js';
import { readChunks, ReadFailure } from './range-reader.js';

const READ_CHUNK_BYTES = 1024 * 1024;

async function readRange(job: RangeJob): Promise<RangeResult> {
  const candidates = job.candidates.map((name) => findFormat(name));
  const forced = job.forced === undefined ? undefined : findFormat(job.forced);
  if (candidates.includes(undefined) || (job.forced !== undefined && forced === undefined)) return { ok: false, error: 'unknown format name' };
  // Top lists are only logged here and replayed into the main thread's tally, so the merge is exact.
  const main = new Tally({ top: job.top, recordTopK: true });
  const baseline = job.baseline ? new Tally({ top: job.top, recordTopK: true }) : undefined;
  const processor = new SourceProcessor(job.sourceName, { main, baseline, window: job.window }, {
    candidates: candidates as FormatDefinition[],
    forced,
  });
  if (!processor.resume(job.state)) return { ok: false, error: 'format state does not match the formats' };
  const splitter = new LineSplitter(processor, job.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const handle = await open(job.path, 'r');
  try {
    const reached = await readChunks(handle, job.start, job.end, READ_CHUNK_BYTES, (chunk) => splitter.push(chunk));
    if (reached < job.end) return { ok: false, error: 'the file shrank while it was read' };
    splitter.end();
  } finally {
    await handle.close().catch(() => undefined);
  }
  processor.flush();
  return {
    ok: true,
    lines: splitter.lines,
    bytes: splitter.bytes,
    main: main.toTransfer(),
    baseline: baseline?.toTransfer(),
    formatCounts: new Map(processor.formatsUsed),
  };
}

readRange(workerData as RangeJob).then(
  (result) => parentPort!.postMessage(result),
  (err: unknown) => {
    const cause = err instanceof ReadFailure ? err.cause : err;
    parentPort!.postMessage({ ok: false, error: cause instanceof Error ? cause.message : String(cause) } satisfies RangeResult);
  },
);
