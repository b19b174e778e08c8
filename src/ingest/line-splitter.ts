import { isAscii } from 'node:buffer';

/** Receives the lines of one source, in order. */
export interface LineSink {
  /**
   * One line, without its '\n' and without one trailing '\r'; a bare '\r' (not followed by '\n')
   * ends a line too. lineNo is 1-based within the source.
   *
   * `text` is usually a slice of a string that holds many lines (up to about 64 KiB of input), so
   * keeping `text` keeps that whole string alive. Code that retains a line, or part of one,
   * beyond this call (top-k tables, samples) should keep a copy (the tally's copyString).
   */
  line(text: string, lineNo: number): void;
  /**
   * A line longer than maxLineBytes: counted, never buffered whole. `byteLength` counts the raw
   * bytes before its '\n' (a trailing '\r' included); `head` is its first ~200 characters.
   */
  overlong(lineNo: number, byteLength: number, head: string): void;
  /**
   * Optional bulk form of line(): the line is text[start, end) of a string holding a run of lines
   * (no '\n', no trailing '\r' inside the range). A sink that can read a line in place saves
   * building a string for every line; one that cannot simply omits this method.
   *
   * When the run is ASCII, `bytes` is the buffer it was decoded from, text[i] being
   * bytes[i + byteOffset]; it is only valid during the call (the reader reuses its buffers).
   */
  lineAt?(text: string, start: number, end: number, lineNo: number, bytes?: Uint8Array, byteOffset?: number): void;
  /**
   * Optional, with lineAt(): called before the lineAt() calls of each run with the text, bytes and
   * byteOffset they will share, so a sink sets up per-run state once rather than on every line.
   */
  runStart?(text: string, bytes: Uint8Array | undefined, byteOffset: number): void;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/**
 * A line this many times the line length limit is not a line of a log: /dev/zero, a disk image, a
 * file of one huge JSON document. Past it, reading stops with NoLineBreaks rather than counting
 * bytes for ever.
 */
export const ENDLESS_LINE_LIMITS = 1024;

/** Thrown by push() when one line has gone on for ENDLESS_LINE_LIMITS times the line length limit. */
export class NoLineBreaks extends Error {
  constructor(readonly byteLength: number, readonly maxLineBytes: number) {
    super(`no line break in ${byteLength} bytes (${ENDLESS_LINE_LIMITS} times the line length limit): not a text log, stopped reading`);
  }
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 13;
const HEAD_CHARS = 200;
// Enough bytes for HEAD_CHARS characters of up to 4 UTF-8 bytes each.
const HEAD_BYTES = HEAD_CHARS * 4;
const INITIAL_CARRY_BYTES = 4096;
/** Complete lines are decoded in runs of at most this many bytes: docs/performance.md#decoding-in-runs. */
const DECODE_WINDOW_BYTES = 65_000;

function headOf(buf: Buffer, start: number, end: number): string {
  let head = buf.toString('utf8', start, Math.min(end, start + HEAD_BYTES));
  if (head.length > HEAD_CHARS) {
    // Do not cut a surrogate pair in half.
    const last = head.charCodeAt(HEAD_CHARS - 1);
    head = head.slice(0, last >= 0xd800 && last <= 0xdbff ? HEAD_CHARS - 1 : HEAD_CHARS);
  }
  return head;
}

/** Below this many bytes firstNonAscii() looks at each byte rather than halving the range again. */
const ASCII_SCAN_BYTES = 256;

/**
 * Index of the first byte above 0x7f in buf[start, end), or -1. Halves the range with the native
 * isAscii() until a few hundred bytes are left, so a run of 64 KiB with one such line costs a
 * dozen native checks and no loop over every byte.
 */
function firstNonAscii(buf: Buffer, start: number, end: number): number {
  if (isAscii(buf.subarray(start, end))) return -1;
  // buf[start, end) holds such a byte.
  while (end - start > ASCII_SCAN_BYTES) {
    const mid = start + ((end - start) >> 1);
    if (isAscii(buf.subarray(start, mid))) start = mid;
    else end = mid;
  }
  for (let i = start; i < end; i++) if (buf[i]! > 0x7f) return i;
  return -1;
}

/**
 * Splits a byte stream into lines, chunk by chunk, for every kind of source (plain file, gunzip
 * output, stdin), so there is one implementation of the rules:
 * - the complete lines of a chunk are decoded with one toString('utf8') call per ~64 KiB run of
 *   lines, not one per line, then cut with indexOf('\n'); invalid UTF-8 becomes U+FFFD and never
 *   throws;
 * - the unfinished last line is carried to the next chunk as bytes, so a character split across
 *   chunks still decodes;
 * - a line longer than maxLineBytes is not accumulated: its bytes are only counted up to the next
 *   '\n' and it is reported through overlong(), so memory stays bounded by maxLineBytes;
 * - at end(), a final line without '\n' is still a line.
 *
 * push() does not keep a reference to the chunk it is given, so callers may reuse their buffer.
 */
export class LineSplitter {
  private readonly sink: LineSink;
  private readonly maxLineBytes: number;
  private lineNo = 0;
  private byteCount = 0;
  private carry: Buffer = Buffer.alloc(0);
  private carryLength = 0;
  /** -1 when not inside an overlong line; else the bytes of that line counted so far. */
  private overlongBytes = -1;
  /** The first bytes of the overlong line, kept for its head. */
  private readonly headBytes = Buffer.allocUnsafe(HEAD_BYTES);
  private headLength = 0;
  /** Set when the last chunk ended in a '\r' that was taken as a line end. */
  private afterCarriageReturn = false;
  private bareCarriageReturnCount = 0;
  /** Where a chunk with bare '\r's is copied to have them turned into '\n'. */
  private scratch: Buffer = Buffer.alloc(0);
  /** The chunk being pushed, as a plain Uint8Array; see push(). */
  private chunkView: Uint8Array = new Uint8Array(0);

  constructor(sink: LineSink, maxLineBytes: number = DEFAULT_MAX_LINE_BYTES) {
    if (!(maxLineBytes >= 1)) throw new RangeError(`maxLineBytes must be at least 1, got ${maxLineBytes}`);
    this.sink = sink;
    this.maxLineBytes = maxLineBytes;
  }

  /** Lines delivered so far (overlong ones included): the last lineNo used. */
  get lines(): number {
    return this.lineNo;
  }

  /** Bytes pushed so far. */
  get bytes(): number {
    return this.byteCount;
  }

  /** Capacity of the buffer that holds an unfinished line; never above maxLineBytes. */
  get carryCapacity(): number {
    return this.carry.length;
  }

  /** Bare carriage returns (not followed by '\n') read so far, each taken as a line end. */
  get bareCarriageReturns(): number {
    return this.bareCarriageReturnCount;
  }

  push(input: Buffer): void {
    this.byteCount += input.length;
    let chunk = input;
    if (this.afterCarriageReturn) {
      // The previous chunk ended in a '\r' taken as a line end: a '\n' here completes that CRLF.
      this.afterCarriageReturn = false;
      if (chunk[0] === NEWLINE) chunk = chunk.subarray(1);
      else this.bareCarriageReturnCount++;
    }
    // One memchr per chunk, on the files that have no '\r' at all (nearly every access log).
    if (chunk.indexOf(CARRIAGE_RETURN) !== -1) chunk = this.bareCarriageReturnsAsNewlines(chunk);
    const length = chunk.length;
    // The chunk as a plain Uint8Array over the same memory, made here once per chunk: a Buffer is
    // a subclass with a map of its own, and code that reads both it and arrays of its own would
    // check which on every access.
    if (this.sink.lineAt !== undefined) this.chunkView = new Uint8Array(chunk.buffer, chunk.byteOffset, length);
    let start = 0;

    if (this.overlongBytes >= 0) {
      const newline = chunk.indexOf(NEWLINE);
      const end = newline === -1 ? length : newline;
      this.keepHead(chunk, 0, end);
      this.overlongBytes += end;
      if (newline === -1) {
        if (this.overlongBytes >= this.maxLineBytes * ENDLESS_LINE_LIMITS) throw new NoLineBreaks(this.overlongBytes, this.maxLineBytes);
        return;
      }
      this.finishOverlong(this.overlongBytes);
      start = newline + 1;
    } else if (this.carryLength > 0) {
      const newline = chunk.indexOf(NEWLINE);
      const end = newline === -1 ? length : newline;
      if (this.carryLength + end > this.maxLineBytes) {
        this.startOverlong(this.carry, 0, this.carryLength);
        this.keepHead(chunk, 0, end);
        this.overlongBytes += end;
        this.carryLength = 0;
        if (newline === -1) return;
        this.finishOverlong(this.overlongBytes);
      } else {
        this.appendCarry(chunk, 0, end);
        if (newline === -1) return;
        this.emitCarry();
      }
      start = newline + 1;
    }

    if (start >= length) return;
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline >= start) {
      this.emitComplete(chunk, start, lastNewline);
      start = lastNewline + 1;
    }

    const rest = length - start;
    if (rest === 0) return;
    if (rest > this.maxLineBytes) {
      this.startOverlong(chunk, start, length);
    } else {
      this.appendCarry(chunk, start, length);
    }
  }

  /**
   * A '\r' not followed by '\n' ends a line too (old Mac OS, some Windows tools, a log written by
   * two programs with different habits): else the records it separates would count as one line,
   * the first, and the others would be lost without a word. Returns chunk itself when it has no
   * bare '\r', else a copy with each one turned into '\n'. A '\r' at the chunk's end is taken as a
   * line end, and a '\n' that starts the next chunk as the rest of that CRLF.
   */
  private bareCarriageReturnsAsNewlines(chunk: Buffer): Buffer {
    let copy: Buffer | undefined;
    const last = chunk.length - 1;
    for (let at = chunk.indexOf(CARRIAGE_RETURN); at !== -1; at = chunk.indexOf(CARRIAGE_RETURN, at + 1)) {
      if (at < last && chunk[at + 1] === NEWLINE) {
        at++;
        continue;
      }
      if (at === last) this.afterCarriageReturn = true;
      else this.bareCarriageReturnCount++;
      if (!copy) {
        if (this.scratch.length < chunk.length) this.scratch = Buffer.allocUnsafe(Math.max(chunk.length, this.scratch.length * 2));
        copy = this.scratch.subarray(0, chunk.length);
        chunk.copy(copy);
      }
      copy[at] = NEWLINE;
    }
    return copy ?? chunk;
  }

  /** Input is over: deliver the last line if it had no '\n'. */
  end(): void {
    if (this.afterCarriageReturn) {
      this.afterCarriageReturn = false;
      this.bareCarriageReturnCount++;
    }
    if (this.overlongBytes >= 0) {
      this.finishOverlong(this.overlongBytes);
    } else if (this.carryLength > 0) {
      this.emitCarry();
    }
  }

  /** Forget an unfinished last line (input broke off in the middle of it). */
  discardPartialLine(): void {
    this.carryLength = 0;
    this.overlongBytes = -1;
    this.headLength = 0;
  }

  /** Delivers the complete lines in chunk[start, end); chunk[end] is a '\n'. */
  private emitComplete(chunk: Buffer, start: number, end: number): void {
    let from = start;
    while (from <= end) {
      let to = end;
      if (end - from > DECODE_WINDOW_BYTES) {
        const cut = chunk.lastIndexOf(NEWLINE, from + DECODE_WINDOW_BYTES);
        // A line longer than the window is decoded on its own.
        to = cut >= from ? cut : chunk.indexOf(NEWLINE, from + DECODE_WINDOW_BYTES);
      }
      if (to - from <= this.maxLineBytes) this.emitDecoded(chunk, from, to);
      else this.emitCheckingLength(chunk, from, to);
      from = to + 1;
    }
  }

  // The hot path: one decode for a run of complete lines that together are no longer than
  // maxLineBytes, so none of them can be overlong.
  private emitDecoded(chunk: Buffer, start: number, end: number): void {
    // Nearly every access log is ASCII (servers escape other bytes). ASCII decodes the same as
    // Latin-1, which is a plain copy where UTF-8 decoding validates every byte; and then each
    // character is the byte at the same place, so the sink may read bytes instead of characters.
    if (isAscii(chunk.subarray(start, end))) this.emitRun(chunk, start, end, true);
    else if (this.sink.lineAt === undefined) this.emitRun(chunk, start, end, false);
    else this.emitMixed(chunk, start, end);
  }

  /**
   * A run that is not all ASCII, for a sink that reads lines in place: the lines before the first
   * one with a byte above 0x7f still go as an ASCII run, with their bytes, that line goes alone as
   * UTF-8, and so on for the rest. JSON logs write other scripts as they are, so one line in a
   * hundred would otherwise take the bytes away from all of its run:
   * docs/performance.md#ascii-runs-around-utf-8-lines.
   */
  private emitMixed(chunk: Buffer, start: number, end: number): void {
    let from = start;
    for (;;) {
      const at = firstNonAscii(chunk, from, end);
      if (at < 0) {
        this.emitRun(chunk, from, end, true);
        return;
      }
      const lineStart = at === from ? from : chunk.lastIndexOf(NEWLINE, at - 1) + 1;
      const newline = chunk.indexOf(NEWLINE, at);
      const lineEnd = newline < 0 || newline > end ? end : newline;
      if (lineStart > from) this.emitRun(chunk, from, lineStart - 1, true);
      this.emitRun(chunk, lineStart, lineEnd, false);
      if (lineEnd === end) return;
      from = lineEnd + 1;
    }
  }

  /** The lines of chunk[start, end), decoded as one string: Latin-1 (given as bytes too) when `ascii`, else UTF-8. */
  private emitRun(chunk: Buffer, start: number, end: number, ascii: boolean): void {
    const text = chunk.toString(ascii ? 'latin1' : 'utf8', start, end);
    const sink = this.sink;
    const inPlace = sink.lineAt !== undefined;
    const bytes = inPlace && ascii ? this.chunkView : undefined;
    if (inPlace) sink.runStart?.(text, bytes, start);
    let lineNo = this.lineNo;
    let from = 0;
    for (;;) {
      const newline = text.indexOf('\n', from);
      const to = newline === -1 ? text.length : newline;
      const cut = to > from && text.charCodeAt(to - 1) === CARRIAGE_RETURN ? to - 1 : to;
      if (inPlace) sink.lineAt!(text, from, cut, ++lineNo, bytes, start);
      else sink.line(text.slice(from, cut), ++lineNo);
      if (newline === -1) break;
      from = newline + 1;
    }
    this.lineNo = lineNo;
  }

  // Used when the complete lines of a chunk are longer than maxLineBytes together (only when
  // runs are bigger than the limit): measure each line in bytes before decoding it.
  private emitCheckingLength(chunk: Buffer, start: number, end: number): void {
    let from = start;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, from);
      const to = newline === -1 || newline > end ? end : newline;
      if (to - from > this.maxLineBytes) {
        this.lineNo++;
        this.sink.overlong(this.lineNo, to - from, headOf(chunk, from, to));
      } else {
        this.emitDecoded(chunk, from, to);
      }
      if (to === end) break;
      from = to + 1;
    }
  }

  private appendCarry(chunk: Buffer, start: number, end: number): void {
    const needed = this.carryLength + (end - start);
    if (needed > this.carry.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.maxLineBytes, Math.max(needed, INITIAL_CARRY_BYTES, this.carry.length * 2)));
      this.carry.copy(grown, 0, 0, this.carryLength);
      this.carry = grown;
    }
    chunk.copy(this.carry, this.carryLength, start, end);
    this.carryLength = needed;
  }

  private emitCarry(): void {
    let end = this.carryLength;
    if (this.carry[end - 1] === CARRIAGE_RETURN) end--;
    this.lineNo++;
    this.carryLength = 0;
    this.sink.line(this.carry.toString('utf8', 0, end), this.lineNo);
  }

  private startOverlong(buf: Buffer, start: number, end: number): void {
    this.headLength = 0;
    this.keepHead(buf, start, end);
    this.overlongBytes = end - start;
  }

  private keepHead(buf: Buffer, start: number, end: number): void {
    if (this.headLength < HEAD_BYTES && end > start) {
      this.headLength += buf.copy(this.headBytes, this.headLength, start, Math.min(end, start + HEAD_BYTES - this.headLength));
    }
  }

  private finishOverlong(byteLength: number): void {
    const head = headOf(this.headBytes, 0, this.headLength);
    this.overlongBytes = -1;
    this.headLength = 0;
    this.lineNo++;
    this.sink.overlong(this.lineNo, byteLength, head);
  }
}
