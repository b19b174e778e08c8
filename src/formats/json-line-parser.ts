import { ParserBase } from './parser-base.js';
import { ScanOutcome } from './parser.js';

/** Blanks around a JSON line: spaces, tabs and the CR of a CRLF line end. */
export function isJsonBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

/**
 * A parser for one JSON object a line that reads its hot fields straight from the text and
 * leaves to JSON.parse every line it cannot be sure of. It owns the trimming and the choice
 * between the two readings; a format writes readRaw() and readParsed().
 */
export abstract class JsonLineParser extends ParserBase {
  /** The line last scanned, without the blanks around it. */
  protected line = '';

  /** `rawReads` false makes every line take the JSON.parse path: the full parser the fast path is tested against. */
  constructor(private readonly rawReads = true) {
    super();
  }

  scan(line: string): ScanOutcome {
    return this.scanAt(line, 0, line.length);
  }

  scanAt(text: string, start: number, end: number): ScanOutcome {
    this.resetLine();
    let s = start;
    let e = end;
    while (s < e && isJsonBlank(text.charCodeAt(s))) s++;
    while (e > s && isJsonBlank(text.charCodeAt(e - 1))) e--;
    if (s === e) return this.ignore('blank');
    if (text.charCodeAt(s) !== 0x7b /* { */) return this.malformed('json-invalid', 'not a JSON object');
    this.line = s === 0 && e === text.length ? text : text.slice(s, e);
    if (this.rawReads && this.readRaw(this.line)) return ScanOutcome.Record;
    return this.readParsed(this.line);
  }

  /** Sets the hot fields from the text; false when JSON.parse must decide the line. */
  protected abstract readRaw(line: string): boolean;

  /** The line read with JSON.parse: the outcome, with the hot fields set for a record. */
  protected abstract readParsed(line: string): ScanOutcome;
}
