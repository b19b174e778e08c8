import type { IgnoredCode } from '../model/ignored.js';
import type { MalformedReason } from '../model/malformed.js';
import type { InferredLayout } from '../model/report.js';
import type { HotFields } from './hot-fields.js';
import type { LogRecord, LogVendor } from './record.js';

/** Outcome of scanning one line. */
export const enum ScanOutcome {
  /** An access-log record; hot fields are set and record() may be called. */
  Record = 0,
  /**
   * Not a record and not an error: blank line, #Fields: directive, CSV header, a record without
   * an HTTP status (an ELB TCP listener's); `ignoredCode` says which.
   */
  Ignored = 1,
  /** Looks wrong for this format; `reason` says why. */
  Malformed = 2,
}

/**
 * A stateful parser for one source (IIS re-reads #Fields:, CSV reads its header).
 *
 * Parsing is two-phase so the hot loop stays cheap: scan() finds field
 * boundaries and sets only the numeric hot fields; record() builds the strings
 * of the full record for the line last scanned, and is only called when the
 * tally needs them (errors, or formats whose detail is always counted).
 */
export interface LineParser {
  /** Format name of the lines this parser accepts, e.g. 'nginx-combined'. */
  readonly format: string;
  readonly vendor: LogVendor;
  /** When true, the tally calls record() for every line (upstream/origin fields to count). */
  readonly detailEveryLine: boolean;

  scan(line: string): ScanOutcome;
  /**
   * Optional bulk form of scan(): the line is text[start, end) inside a larger
   * string (a run of input lines), so no string is built per line. record()
   * afterwards works as after scan(). When the run is ASCII, `bytes` holds it
   * too, text[i] being bytes[i + byteOffset], for reads cheaper than
   * charCodeAt.
   */
  scanAt?(text: string, start: number, end: number, bytes?: Uint8Array, byteOffset?: number): ScanOutcome;
  /**
   * Optional: the scanAt() calls that follow, until the next runStart(), read
   * ranges of this text (and these bytes, from byteOffset). A parser sets up
   * what it keeps per run here, once, instead of in scanAt(), which must still
   * work without it.
   */
  runStart?(text: string, bytes: Uint8Array | undefined, byteOffset: number): void;

  /** The hot fields of the line last scanned: all the tally reads of a line that is not an error. */
  readonly hot: HotFields;
  /** Why the last scan returned Malformed; undefined until a scan has. */
  reason: MalformedReason | undefined;
  /** Why the last scan returned Ignored; undefined until a scan has. */
  readonly ignoredCode: IgnoredCode | undefined;
  /**
   * Optional: the field lists this parser inferred from the shape of records that came without
   * the line declaring them (IIS W3C records without #Fields:), with how many records it read
   * with each, in the order first used; empty when it inferred none.
   */
  inferredLayouts?(): InferredLayout[];

  /** Full record for the line last scanned with outcome Record. */
  record(): LogRecord;
  /**
   * Optional cheaper record() for the tally, which calls it on every 4xx/5xx
   * line: status, time, path, host, client, durationMs, the upstream,
   * origin, sub-status and win32 fields and the signal as record() gives them; the other
   * fields may be left out. A parser with detailEveryLine, whose detail() the
   * tally calls on every line, may give only the status, the upstream and
   * origin statuses and, when an upstream status is a 5xx, the upstream
   * addresses on a line that is not a 4xx/5xx.
   */
  detail?(): LogRecord;
  /**
   * Optional, cheaper still: where the path and client of the line last
   * scanned lie in its bytes, for a tally that hashes them in place and builds
   * a string only for a key it has not counted before. Undefined when the line
   * needs detail() (no bytes to read, escapes to decode, a forwarded-for
   * client, a host); the tally then calls that.
   */
  locateDetail?(): DetailRanges | undefined;
  /**
   * Optional, for an export that copies a record's text out of the line (NDJSON records): where
   * the method, path, query and client of the line last scanned lie in `detailBytes`, as record()
   * gives them, when none of them needs decoding. The record of a line located this way has no
   * host, upstream, origin status, sub-status, win32 status or signal, and its status, time, bytes and
   * durationMs are the hot fields (ABSENT for none). Undefined when the line needs record(); the
   * export then calls that.
   */
  locateRecord?(): RecordRanges | undefined;
  /**
   * Optional, for an export that writes every record whole (NDJSON records) when locateRecord()
   * gives nothing: the fields such a record has (status, time, method, host, path, query, client,
   * bytes, durationMs, the upstream addresses and statuses, origin status, sub-status, win32 status
   * and the signal) as record() gives them, built without the others (user agent, referer, extras)
   * that record() spends most of its time on.
   */
  exportFields?(): LogRecord;
}

/**
 * The line last scanned with path, host, client and upstream as record() gives them, built as
 * cheaply as the parser allows: detail() where it carries them (every 4xx/5xx line, and every line
 * of a parser that does not count detail on every line), record() otherwise.
 */
export function recordWithDetail(parser: LineParser): LogRecord {
  if (parser.detail === undefined) return parser.record();
  // detailEveryLine parsers may give a line that is not an error only the statuses behind it.
  const status = parser.hot.status;
  if (parser.detailEveryLine && !(status >= 400 && status < 600)) return parser.record();
  return parser.detail();
}

/**
 * The path (as requestPathAt gives it: no query) and the client of an error
 * line, as ranges of `detailBytes`, ASCII text whose characters are those of
 * `detailText` shifted: detailBytes[i] is detailText[i - detailShift]. A start
 * of -1 means absent. Valid until the parser scans another line.
 */
export interface DetailRanges {
  readonly detailText: string;
  readonly detailBytes: Uint8Array;
  readonly detailShift: number;
  readonly pathStart: number;
  readonly pathEnd: number;
  readonly clientStart: number;
  readonly clientEnd: number;
}

/** DetailRanges plus the method and the query (without its '?'); a start of -1 means absent. */
export interface RecordRanges extends DetailRanges {
  readonly methodStart: number;
  readonly methodEnd: number;
  readonly queryStart: number;
  readonly queryEnd: number;
}

/** What a format tells detection and `logcodes formats`. */
export interface FormatDefinition {
  /** Stable name used by --format and in reports, e.g. 'nginx-combined'. */
  name: string;
  vendor: LogVendor;
  /** One sentence for `logcodes formats`. */
  description: string;
  /** How auto-detection recognizes it, for `logcodes formats`. */
  detection: string;
  /** A real example line. */
  example: string;
  /**
   * Score how well a sample line fits: 0 = not this format, higher = more
   * specific. Detection picks the format with the best total over a source's
   * first lines, so a more specific format (nginx 'main') must score above the
   * general one (combined) on lines that fit both.
   */
  match(line: string): number;
  /** A fresh parser for one source. */
  create(): LineParser;
}
