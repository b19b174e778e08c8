import type { TallyTransfer } from '../tally/transfer.js';
import type { FormatState } from './source-processor.js';
import type { TimeWindow } from './window.js';

/** What a range worker is told: which bytes of which file, read as the main thread would at that point. */
export interface RangeJob {
  path: string;
  sourceName: string;
  /** Byte offsets; start is the first byte of a line, end is the file size when the split was planned. */
  start: number;
  end: number;
  maxLineBytes?: number;
  top?: number;
  window?: TimeWindow;
  baseline: boolean;
  /** Built-in format names: the candidates, and --format's choice if any. */
  candidates: string[];
  forced?: string;
  state: FormatState;
}

export type RangeResult =
  | {
      ok: true;
      /** Lines in the range; malformed sample line numbers count from its start. */
      lines: number;
      bytes: number;
      main: TallyTransfer;
      baseline?: TallyTransfer;
      formatCounts: Map<string, number>;
    }
  | { ok: false; error: string };
