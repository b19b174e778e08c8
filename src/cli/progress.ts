import { statSync } from 'node:fs';
import type { ReadProgress } from '../ingest/read-source.js';
import type { SourceSpec } from '../ingest/source.js';
import { escapeControls } from '../report/sanitize.js';
import { progressLine } from '../report/progress-line.js';

/** Nothing is drawn for a run shorter than this: a quick report should not flicker. */
const FIRST_DRAW_MS = 300;
const REDRAW_MS = 250;
const CLEAR_LINE = '\r\u001b[K';

/**
 * A progress line on a terminal's stderr during a long batch run, redrawn in place and cleared
 * before the report is written. Bytes come from the reader after each chunk; the total is the
 * sum of the sizes of the files named, when none is a pipe.
 */
export class ProgressMeter implements ReadProgress {
  private readonly startedAt = Date.now();
  private readonly totalBytes: number | undefined;
  private doneBytes = 0;
  private doneLines = 0;
  private current = { name: '', bytes: 0, lines: 0 };
  private drawn = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    specs: readonly SourceSpec[],
    private readonly stream: NodeJS.WriteStream,
  ) {
    this.totalBytes = totalSize(specs);
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  start(name: string): void {
    this.doneBytes += this.current.bytes;
    this.doneLines += this.current.lines;
    this.current = { name, bytes: 0, lines: 0 };
  }

  advance(bytesRead: number, lines: number): void {
    this.current.bytes = bytesRead;
    this.current.lines = lines;
  }

  /** Stops drawing and clears the line, so the report starts on a clean line. */
  stop(): void {
    clearInterval(this.timer);
    if (this.drawn) this.stream.write(CLEAR_LINE);
    this.drawn = false;
  }

  private draw(): void {
    const elapsedMs = Date.now() - this.startedAt;
    if (elapsedMs < FIRST_DRAW_MS) return;
    const state = {
      name: escapeControls(this.current.name),
      bytesRead: this.doneBytes + this.current.bytes,
      lines: this.doneLines + this.current.lines,
      elapsedMs,
      ...(this.totalBytes !== undefined ? { totalBytes: this.totalBytes } : {}),
    };
    this.stream.write(`${CLEAR_LINE}${progressLine(state, this.stream.columns ?? 80)}`);
    this.drawn = true;
  }
}

function totalSize(specs: readonly SourceSpec[]): number | undefined {
  let total = 0;
  for (const spec of specs) {
    if (spec.kind !== 'file') return undefined;
    try {
      const info = statSync(spec.path);
      if (!info.isFile()) return undefined;
      total += info.size;
    } catch {
      // A missing file is reported by the run; it adds nothing to read.
    }
  }
  return total;
}

/** A progress line is drawn only on a terminal, and never with --no-progress. */
export function wantsProgress(option: boolean | undefined, stream: { isTTY?: boolean }): boolean {
  return option !== false && stream.isTTY === true;
}
