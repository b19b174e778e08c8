import type { Writable } from 'node:stream';
import type { LineParser, RecordRanges } from '../formats/parser.js';
import type { LogRecord } from '../formats/record.js';
import type { LineTap } from '../pipeline/source-processor.js';
import { seconds } from './records.js';

/** Bytes gathered before a write: one write per few thousand records, not one per record. */
const BATCH_BYTES = 1024 * 1024;
/** Output queued in the stream beyond which reading waits for it to drain (a slow `| gzip`). */
const HIGH_WATER_BYTES = 8 * 1024 * 1024;
/** Written batches kept for reuse, at most. */
const SPARE_BATCHES = 4;
/** Room for the fixed parts of a line (keys, numbers, the time), kept free after every field of unknown size. */
const FIXED_BYTES = 512;
/** What one UTF-16 unit can take in a JSON string: `\u001f`. */
const MAX_BYTES_PER_UNIT = 6;
/** Room for one number of a list, its comma included: String() of a double is at most 25 characters. */
const NUMBER_BYTES = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const DOT = 0x2e;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const DIGIT_0 = 0x30;
const LAST_PRINTABLE = 0x7e;

/** A plain Uint8Array, not a Buffer, so the loops that copy bytes see one kind of array. */
function encode(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

const NULL = encode('null');
const KEY_METHOD = encode(',"method":');
const KEY_HOST = encode(',"host":');
const KEY_HOST_NULL_PATH = encode(',"host":null,"path":');
const METHOD_NULL_HOST_NULL_PATH = encode(',"method":null,"host":null,"path":');
/** The bytes of `,"method":"X","host":null,"path":` that are not X, and where X starts. */
const METHOD_BLOCK_FIXED = ',"method":"","host":null,"path":'.length;
const METHOD_BLOCK_START = ',"method":"'.length;
const QUERY_NULL_CLIENT = encode(',"query":null,"client":');
const KEY_PATH = encode(',"path":');
const KEY_QUERY = encode(',"query":');
const KEY_CLIENT = encode(',"client":');
const KEY_BYTES = encode(',"bytes":');
const KEY_DURATION = encode(',"duration_s":');
const KEY_UPSTREAM = encode(',"upstream":');
const KEY_UPSTREAM_STATUS = encode(',"upstream_status":');
const KEY_ORIGIN_STATUS = encode(',"origin_status":');
const KEY_SUB_STATUS = encode(',"sub_status":');
const KEY_WIN32_STATUS = encode(',"win32_status":');
const KEY_SIGNALS_NULL = encode(',"signals":null');
const KEY_SIGNALS_KIND = encode(',"signals":[{"kind":');
const KEY_VALUE = encode(',"value":');
const CLOSE_SIGNALS = encode('}]');
/** What a located record (RecordRanges) always has between its duration and its format. */
const LOCATED_NULLS = ',"upstream":null,"upstream_status":null,"origin_status":null,"sub_status":null,"win32_status":null,"signals":null';
/**
 * Pieces at least this long are copied with set(), shorter ones by a loop: a set() costs about what
 * a loop over 8 bytes does, whatever its length (docs/performance.md, "Records").
 */
const SET_MIN = 8;
const MINUTE_MS = 60_000;
/** "2026-11-21T02:10:00.000Z" */
const ISO_TIME_LENGTH = 24;
/** Where the seconds start in `{"time":"2026-11-21T02:10:00.000Z"`. */
const SECOND_AT = '{"time":"2026-11-21T02:10:'.length;
/** Microseconds in a second, and the largest count of them written digit by digit (below 2^53, 15 digits). */
const MICROS = 1_000_000;
const MAX_EXACT_MICROS = 1e15;

/** The three digits of every number below 1000, 3n to 3n + 2 for n: a status costs three loads. */
const STATUS_DIGITS = encode(Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0')).join(''));

/** The length of a located range; an absent one (start -1) keeps a stale end. */
function span(start: number, end: number): number {
  return start < 0 ? 0 : end - start;
}

/** Whether a byte of ASCII text must be escaped in a JSON string. */
function needsEscape(c: number): boolean {
  return c < 0x20 || c === QUOTE || c === BACKSLASH;
}

/**
 * Whether any of four bytes read as one little-endian Int32 must be escaped, or is not ASCII: a
 * byte below 0x20, a quote or a backslash, found with the carry tricks JsonLineScanner uses
 * (docs/performance.md, "JSON lines"), or a high bit.
 */
function needsEscape4(w: number): boolean {
  const quote = w ^ 0x22222222;
  const backslash = w ^ 0x5c5c5c5c;
  return ((((w - 0x20202020) & ~w) | ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash) | w) & 0x80808080) !== 0;
}

/** How many digits a whole number from 0 to 2^31 has. */
function digitsOf(value: number): number {
  if (value < 10_000) return value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : 4;
  if (value < 100_000_000) return value < 100_000 ? 5 : value < 1_000_000 ? 6 : value < 10_000_000 ? 7 : 8;
  return value < 1_000_000_000 ? 9 : 10;
}

/**
 * Writes each in-window record as an NDJSON line to a stream, in batches: the same bytes as
 * recordLine() (records.ts) gives for parser.record(), which the tests hold it to, written
 * straight into the batch.
 *
 * Most lines cost no string: a parser that locates its fields (locateRecord(), the CLF scanners
 * on ASCII input) has them copied from the input bytes four at a time, checked on the way for the
 * few bytes JSON escapes; the time is formatted once per minute, numbers are written as digits,
 * and the keys, the null fields and the format, vendor and source are constant bytes made once
 * per source, copied with set(). Any other line has its LogRecord (exportFields(), where the parser
 * can build the exported fields alone) written field by field, a plain ASCII string by its
 * character codes and anything else as JSON.stringify() writes it. Why each
 * piece is written as it is: docs/performance.md, "Records".
 *
 * Reading is paced by the stream: pace() (ReadOptions.pace) waits while too much output is
 * queued, so memory stays bounded whatever the speed of the reader on the other end.
 */
export class RecordStream implements LineTap {
  /** The same memory as `batch`, as a Buffer for its UTF-8 writes and a DataView for four bytes at a time; set by newBatch(). */
  private batchBuffer: Buffer = Buffer.alloc(0);
  private batch: Uint8Array = new Uint8Array(0);
  private batchView: DataView = new DataView(new ArrayBuffer(0));
  private used = 0;
  records = 0;
  /** Batches the stream has written, for the next lines: fresh memory costs page faults and collections. */
  private readonly spare: Buffer[] = [];

  /** The input bytes of the last located record and a view of them, made once per run of lines. */
  private inputBytes: Uint8Array | undefined;
  private inputView: DataView = new DataView(new ArrayBuffer(0));

  /** `{"time":"2026-11-21T02:10:00.000Z","status":`, for lastBlockMs: log lines come many to a millisecond. */
  private timeBlockBytes: Uint8Array = new Uint8Array(0);
  private lastBlockMs = Number.NaN;
  /** The minute of timeBlockBytes (epoch ms / 60,000), NaN when its seconds cannot be rewritten. */
  private blockMinute = Number.NaN;
  /** See putMethod(). */
  private methodBlock: Uint8Array = new Uint8Array(0);

  /** `,"format":…,"vendor":…,"source":…,"line":`, for the last format, vendor and source. */
  private tail: Uint8Array = new Uint8Array(0);
  /**
   * `,"duration_s":null` and the null upstream, origin, sub-status, win32 and signals fields of a
   * located record, then the tail; and the same after a duration.
   */
  private locatedTail: Uint8Array = new Uint8Array(0);
  private locatedTailAfterDuration: Uint8Array = new Uint8Array(0);
  private tailFormat = '';
  private tailVendor = '';
  private tailSource: string | undefined;

  constructor(private readonly out: Writable) {
    this.newBatch(BATCH_BYTES);
  }

  record(parser: LineParser, source: string, lineNo: number): void {
    const ranges = parser.locateRecord?.();
    if (ranges !== undefined) this.writeLocated(parser, ranges, source, lineNo);
    else this.writeRecord(parser.exportFields !== undefined ? parser.exportFields() : parser.record(), source, lineNo);
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
    // The stream keeps the buffer until it is written; then it holds the lines after the next ones.
    const written = this.batchBuffer;
    this.out.write(written.subarray(0, this.used), () => {
      if (written.length === BATCH_BYTES && this.spare.length < SPARE_BATCHES) this.spare.push(written);
    });
    this.newBatch(BATCH_BYTES);
  }

  private newBatch(size: number): void {
    // Not zeroed: every byte up to `used` is written before it is read.
    this.batchBuffer = (size === BATCH_BYTES ? this.spare.pop() : undefined) ?? Buffer.allocUnsafeSlow(size);
    this.batch = new Uint8Array(this.batchBuffer.buffer, this.batchBuffer.byteOffset, size);
    this.batchView = new DataView(this.batchBuffer.buffer, this.batchBuffer.byteOffset, size);
    this.used = 0;
  }

  /**
   * Makes room for `bytes` more and FIXED_BYTES after them, flushing what is gathered (a line may
   * span two writes, which the reader sees as one stream of bytes).
   */
  private reserve(bytes: number): void {
    const needed = bytes + FIXED_BYTES;
    if (this.used + needed <= this.batch.length) return;
    this.flush();
    if (needed > this.batch.length) this.newBatch(needed);
  }

  private writeLocated(parser: LineParser, r: RecordRanges, source: string, lineNo: number): void {
    const src = r.detailBytes;
    const fieldBytes = span(r.methodStart, r.methodEnd) + span(r.pathStart, r.pathEnd) + span(r.queryStart, r.queryEnd) + span(r.clientStart, r.clientEnd);
    if (parser.format !== this.tailFormat || parser.vendor !== this.tailVendor || source !== this.tailSource) this.makeTails(parser.format, parser.vendor, source);
    this.reserve(this.locatedTail.length + MAX_BYTES_PER_UNIT * fieldBytes);
    if (src !== this.inputBytes) {
      this.inputBytes = src;
      this.inputView = new DataView(src.buffer, src.byteOffset, src.byteLength);
    }
    const hot = parser.hot;
    // Few pieces, each as long as it can be: a copy costs more per piece than per byte.
    this.put(this.timeBlock(hot.time < 0 ? Number.NaN : hot.time));
    this.putStatus(hot.status);
    this.putMethod(src, r.methodStart, r.methodEnd, r.detailText, r.detailShift);
    this.putRange(src, r.pathStart, r.pathEnd, r.detailText, r.detailShift);
    if (r.queryStart < 0) {
      this.put(QUERY_NULL_CLIENT);
    } else {
      this.put(KEY_QUERY);
      this.putRange(src, r.queryStart, r.queryEnd, r.detailText, r.detailShift);
      this.put(KEY_CLIENT);
    }
    this.putRange(src, r.clientStart, r.clientEnd, r.detailText, r.detailShift);
    this.put(KEY_BYTES);
    if (hot.bytes < 0) this.put(NULL);
    else this.putNumber(hot.bytes);
    if (hot.durationMs < 0) {
      this.put(this.locatedTail);
    } else {
      this.put(KEY_DURATION);
      this.putSeconds(hot.durationMs);
      this.put(this.locatedTailAfterDuration);
    }
    this.putNumber(lineNo);
    const out = this.batch;
    out[this.used] = CLOSE_BRACE;
    out[this.used + 1] = NEWLINE;
    this.used += 2;
  }

  /**
   * `,"method":"GET","host":null,"path":`, the method copied from the line, kept for the next
   * line with the same method (nearly every line is one of a few).
   */
  private putMethod(bytes: Uint8Array, start: number, end: number, text: string, shift: number): void {
    if (start < 0) {
      this.put(METHOD_NULL_HOST_NULL_PATH);
      return;
    }
    const block = this.methodBlock;
    const length = end - start;
    let same = block.length === METHOD_BLOCK_FIXED + length;
    for (let i = 0; same && i < length; i++) same = block[METHOD_BLOCK_START + i] === bytes[start + i];
    if (same) {
      this.put(block);
      return;
    }
    const begin = this.used;
    this.put(KEY_METHOD);
    this.putRange(bytes, start, end, text, shift);
    this.put(KEY_HOST_NULL_PATH);
    // A method that needed escaping is not kept: the comparison above reads it unescaped.
    if (this.used - begin === METHOD_BLOCK_FIXED + length) this.methodBlock = this.batch.slice(begin, this.used);
  }

  private writeRecord(record: LogRecord, source: string, lineNo: number): void {
    if (record.format !== this.tailFormat || record.vendor !== this.tailVendor || source !== this.tailSource) this.makeTails(record.format, record.vendor, source);
    this.reserve(0);
    this.put(this.timeBlock(record.time ?? Number.NaN));
    this.putStatus(record.status);
    this.put(KEY_METHOD);
    this.putText(record.method);
    this.put(KEY_HOST);
    this.putText(record.host);
    this.put(KEY_PATH);
    this.putText(record.path);
    this.put(KEY_QUERY);
    this.putText(record.query);
    this.put(KEY_CLIENT);
    this.putText(record.client);
    this.put(KEY_BYTES);
    this.putOptionalNumber(record.bytes);
    this.put(KEY_DURATION);
    if (record.durationMs === undefined) this.put(NULL);
    else this.putSeconds(record.durationMs);
    this.put(KEY_UPSTREAM);
    this.putAddresses(record.upstream);
    this.put(KEY_UPSTREAM_STATUS);
    this.putStatuses(record.upstreamStatus);
    this.reserve(this.tail.length);
    this.put(KEY_ORIGIN_STATUS);
    this.putOptionalNumber(record.originStatus);
    this.put(KEY_SUB_STATUS);
    this.putOptionalNumber(record.subStatus);
    this.put(KEY_WIN32_STATUS);
    this.putOptionalNumber(record.win32Status);
    const signal = record.signal;
    if (signal === undefined) {
      this.put(KEY_SIGNALS_NULL);
    } else {
      this.put(KEY_SIGNALS_KIND);
      this.putText(signal.kind);
      this.put(KEY_VALUE);
      this.putText(signal.value);
      this.reserve(this.tail.length);
      this.put(CLOSE_SIGNALS);
    }
    this.put(this.tail);
    this.putNumber(lineNo);
    const out = this.batch;
    out[this.used] = CLOSE_BRACE;
    out[this.used + 1] = NEWLINE;
    this.used += 2;
  }

  private makeTails(format: string, vendor: string, source: string): void {
    const tail = `,"format":${JSON.stringify(format)},"vendor":${JSON.stringify(vendor)},"source":${JSON.stringify(source)},"line":`;
    this.tail = encode(tail);
    this.locatedTail = encode(`,"duration_s":null${LOCATED_NULLS}${tail}`);
    this.locatedTailAfterDuration = encode(LOCATED_NULLS + tail);
    this.tailFormat = format;
    this.tailVendor = vendor;
    this.tailSource = source;
  }

  /** A constant piece: set() for all but the shortest. */
  private put(bytes: Uint8Array): void {
    const length = bytes.length;
    if (length >= SET_MIN) {
      this.batch.set(bytes, this.used);
      this.used += length;
      return;
    }
    const out = this.batch;
    const at = this.used;
    for (let i = 0; i < length; i++) out[at + i] = bytes[i]!;
    this.used = at + length;
  }

  /**
   * `{"time":…,"status":`, made once per minute: within the minute of the last one made, a new
   * time only has its seconds and milliseconds written over the old ones.
   */
  private timeBlock(ms: number): Uint8Array {
    if (ms === this.lastBlockMs) return this.timeBlockBytes;
    // A fraction of a millisecond is cut off by Date, towards zero: such a time is made in full.
    const minute = Number.isInteger(ms) ? Math.floor(ms / MINUTE_MS) : Number.NaN;
    if (minute === this.blockMinute) {
      const block = this.timeBlockBytes;
      const inMinute = ms - minute * MINUTE_MS;
      const second = Math.floor(inMinute / 1000);
      const milli = inMinute - second * 1000;
      block[SECOND_AT] = DIGIT_0 + Math.floor(second / 10);
      block[SECOND_AT + 1] = DIGIT_0 + (second % 10);
      block[SECOND_AT + 3] = DIGIT_0 + Math.floor(milli / 100);
      block[SECOND_AT + 4] = DIGIT_0 + (Math.floor(milli / 10) % 10);
      block[SECOND_AT + 5] = DIGIT_0 + (milli % 10);
    } else {
      const time = Number.isFinite(ms) ? `"${new Date(ms).toISOString()}"` : 'null';
      this.timeBlockBytes = encode(`{"time":${time},"status":`);
      // Only the usual form, "YYYY-MM-DDTHH:MM:SS.mmmZ", has its seconds at a known place.
      this.blockMinute = time.length === ISO_TIME_LENGTH + 2 ? minute : Number.NaN;
    }
    this.lastBlockMs = ms;
    return this.timeBlockBytes;
  }

  /** A status: its three digits from STATUS_DIGITS (plausible statuses are 100 to 999). */
  private putStatus(status: number): void {
    if (!(status >= 100 && status <= 999 && (status | 0) === status)) {
      this.putNumber(status);
      return;
    }
    const out = this.batch;
    const at = this.used;
    const from = 3 * status;
    out[at] = STATUS_DIGITS[from]!;
    out[at + 1] = STATUS_DIGITS[from + 1]!;
    out[at + 2] = STATUS_DIGITS[from + 2]!;
    this.used = at + 3;
  }

  private putOptionalNumber(value: number | undefined): void {
    if (value === undefined || !Number.isFinite(value)) this.put(NULL);
    else this.putNumber(value);
  }

  /** A number as String() writes it (or null, as JSON.stringify() writes what is not finite). */
  private putNumber(value: number): void {
    if (value >= 0 && value <= 0x7fffffff && (value | 0) === value) this.putDigits(value, this.batch, this.used);
    else this.putAscii(Number.isFinite(value) ? String(value) : 'null');
  }

  /** The digits of a whole number from 0 to 2^31 - 1, at `at`: small-integer arithmetic. */
  private putDigits(value: number, out: Uint8Array, at: number): void {
    const end = at + digitsOf(value);
    this.used = end;
    let i = end;
    let rest = value;
    do {
      const next = (rest / 10) | 0;
      out[--i] = DIGIT_0 + (rest - next * 10);
      rest = next;
    } while (rest > 0);
  }

  /**
   * Milliseconds as seconds(): String() of the microseconds over 10^6. A whole count of up to
   * 15 digits over 10^6 is the double nearest that decimal, and String() writes a double as the
   * shortest decimal that reads back as it, which for at most 15 significant digits is that
   * decimal itself: the seconds, a point and the microseconds without their trailing zeros.
   */
  private putSeconds(ms: number): void {
    const micros = Math.round(ms * 1000);
    if (!(micros >= 0 && micros < MAX_EXACT_MICROS)) {
      this.putAscii(seconds(ms));
      return;
    }
    const whole = Math.floor(micros / MICROS);
    let fraction = micros - whole * MICROS;
    if (whole <= 0x7fffffff) this.putDigits(whole, this.batch, this.used);
    else this.putAscii(String(whole));
    if (fraction === 0) return;
    let digits = 6;
    while (fraction % 10 === 0) {
      fraction /= 10;
      digits--;
    }
    const out = this.batch;
    let at = this.used;
    out[at++] = DOT;
    at += digits;
    this.used = at;
    for (let i = 0; i < digits; i++) {
      const next = Math.floor(fraction / 10);
      out[--at] = DIGIT_0 + (fraction - next * 10);
      fraction = next;
    }
  }

  /** Text known to be ASCII without anything to escape (numbers, 'null'). */
  private putAscii(text: string): void {
    const out = this.batch;
    let at = this.used;
    for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
    this.used = at;
  }

  /** addresses() (records.ts) written in place: the list without nginx's ':' and '-', or null. */
  private putAddresses(upstream: readonly string[] | undefined): void {
    let kept = 0;
    if (upstream !== undefined) {
      for (const address of upstream) {
        if (address === ':' || address === '-') continue;
        this.reserve(0);
        this.batch[this.used++] = kept === 0 ? OPEN_BRACKET : COMMA;
        this.putText(address);
        kept++;
      }
    }
    if (kept === 0) {
      this.put(NULL);
      return;
    }
    this.batch[this.used++] = CLOSE_BRACKET;
  }

  /** statuses() (records.ts) written in place: JSON.stringify() of the list, or null for none. */
  private putStatuses(list: readonly (number | null)[] | undefined): void {
    if (list === undefined || list.length === 0) {
      this.put(NULL);
      return;
    }
    for (let i = 0; i < list.length; i++) {
      this.reserve(NUMBER_BYTES);
      this.batch[this.used++] = i === 0 ? OPEN_BRACKET : COMMA;
      const status = list[i];
      if (status === null || status === undefined) this.put(NULL);
      else this.putOptionalNumber(status);
    }
    this.batch[this.used++] = CLOSE_BRACKET;
  }

  /** bytes[start, end) of ASCII text as a JSON string, or null when start is -1. */
  private putRange(bytes: Uint8Array, start: number, end: number, text: string, shift: number): void {
    if (start < 0) {
      this.put(NULL);
      return;
    }
    const out = this.batch;
    const begin = this.used;
    out[begin] = QUOTE;
    let at = begin + 1;
    let i = start;
    const input = this.inputView;
    const output = this.batchView;
    for (; i + 4 <= end; i += 4) {
      const word = input.getInt32(i, true);
      if (needsEscape4(word)) break;
      output.setInt32(at, word, true);
      at += 4;
    }
    for (; i < end; i++) {
      const c = bytes[i]!;
      if (needsEscape(c)) {
        // Rare (a tab, a raw quote): JSON.stringify escapes as it always has.
        this.used = begin;
        this.putEscaped(text.slice(start - shift, end - shift));
        return;
      }
      out[at++] = c;
    }
    out[at++] = QUOTE;
    this.used = at;
  }

  /** A string field: printable ASCII by its codes, anything else as JSON.stringify() writes it. */
  private putText(value: string | undefined): void {
    if (value === undefined) {
      this.put(NULL);
      return;
    }
    this.reserve(value.length * MAX_BYTES_PER_UNIT + 2);
    const out = this.batch;
    const begin = this.used;
    let at = begin;
    out[at++] = QUOTE;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c > LAST_PRINTABLE || needsEscape(c)) {
        this.used = begin;
        this.putEscaped(value);
        return;
      }
      out[at++] = c;
    }
    out[at++] = QUOTE;
    this.used = at;
  }

  private putEscaped(value: string): void {
    // JSON.stringify escapes quotes, backslashes, control characters and lone surrogates, and
    // leaves other text as it is, which UTF-8 then encodes.
    this.used += this.batchBuffer.write(JSON.stringify(value), this.used, 'utf8');
  }
}
