import { ABSENT } from './record.js';

/**
 * The numbers of the line a parser scanned last that the tally counts on every line. This is
 * the whole interface of the fast path: scan() and scanAt() write these, the tally reads them,
 * and the rest of the record is built only when asked for (record(), detail()). Absent numbers
 * are ABSENT (-1).
 *
 * A class rather than four fields on each parser, so that every parser's record has the same
 * shape and the tally's reads stay monomorphic whichever formats a run mixes.
 */
export class HotFields {
  status = ABSENT;
  /** Epoch ms. */
  time = ABSENT;
  /** Bytes sent. */
  bytes = ABSENT;
  /** Request or total time in ms. */
  durationMs = ABSENT;

  /** Before each scan: a line that fails half-way leaves nothing of the line before. */
  clear(): void {
    this.status = ABSENT;
    this.time = ABSENT;
    this.bytes = ABSENT;
    this.durationMs = ABSENT;
  }
}
