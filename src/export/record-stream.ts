import type { Writable } from 'node:stream';
import type { LineParser } from '../formats/parser.js';
import type { LineTap } from '../pipeline/source-processor.js';
import { recordLine } from './records.js';

/** Bytes gathered before a write: one write per few thousand records, not one per record. */
const BATCH_BYTES = 1024 * 1024;
/** Output queued in the stream beyond which reading waits for it to drain (a slow `| gzip`). */
const HIGH_WATER_BYTES = 8 * 1024 * 1024;

/**
 * Writes each in-window record as an NDJSON line to a stream, in batches. Reading is paced by
 * the stream: pace() (ReadOptions.pace) waits while too much output is queued, so memory stays
 * bounded whatever the speed of the reader on the other end.
 */
export class RecordStream implements LineTap {
  /**
   * Lines are encoded into a buffer as they come. Concatenating them into one string instead
   * made a rope of thousands of pieces that the write then had to flatten and encode: a third
   * of the command's time.
   */
  private batch = Buffer.allocUnsafe(BATCH_BYTES);
  private used = 0;
  records = 0;

  constructor(private readonly out: Writable) {}

  record(parser: LineParser, source: string, lineNo: number): void {
    const line = recordLine(parser.record(), source, lineNo);
    // A UTF-16 unit takes at most 3 bytes in UTF-8; the newline one more.
    if (this.used + line.length * 3 + 1 > this.batch.length) {
      this.flush();
      if (line.length * 3 + 1 > this.batch.length) this.batch = Buffer.allocUnsafe(line.length * 3 + 1);
    }
    this.used += this.batch.write(line, this.used, 'utf8');
    this.batch[this.used++] = 0x0a;
    this.records++;
  }

  other(): void {
    // Only records are written; the line counts go to stderr with any problems.
  }

  readonly pace = (): Promise<void> | undefined => {
    if (this.out.writableLength < HIGH_WATER_BYTES) return undefined;
    return new Promise((resolve) => {
      const done = (): void => {
        this.out.off('drain', done);
        this.out.off('close', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('close', done);
    });
  };

  flush(): void {
    if (this.used === 0) return;
    // The stream keeps the buffer until it is written: the next lines go into a new one.
    this.out.write(this.batch.subarray(0, this.used));
    this.batch = Buffer.allocUnsafe(BATCH_BYTES);
    this.used = 0;
  }
}
