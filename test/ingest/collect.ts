import type { LineSink } from '../../src/ingest/line-splitter.js';

export interface CollectedOverlong {
  lineNo: number;
  byteLength: number;
  head: string;
}

/** A sink that records everything, and checks that line numbers run 1, 2, 3, … without gaps. */
export class CollectingSink implements LineSink {
  readonly lines: string[] = [];
  readonly overlongs: CollectedOverlong[] = [];
  /** Every line number seen, in delivery order, overlong ones included. */
  readonly numbers: number[] = [];

  line(text: string, lineNo: number): void {
    this.lines.push(text);
    this.numbers.push(lineNo);
  }

  overlong(lineNo: number, byteLength: number, head: string): void {
    this.overlongs.push({ lineNo, byteLength, head });
    this.numbers.push(lineNo);
  }

  numbersAreSequential(): boolean {
    return this.numbers.every((n, i) => n === i + 1);
  }
}
