import type { IgnoredCode } from '../model/ignored.js';
import type { MalformedReason } from '../model/malformed.js';
import type { InferredLayout } from '../model/report.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from '../formats/parser.js';
import { detectFormat, DETECTION_SAMPLE_LINES } from '../formats/detect.js';
import { MAX_STATUS, MIN_STATUS, TimeBounds, describeTime, statusIsPlausible } from '../formats/plausible.js';
import { ABSENT } from '../formats/record.js';
import type { Tally } from '../tally/tally.js';
import type { LineSink } from '../ingest/line-splitter.js';
import { placeInWindow, type TimeWindow } from './window.js';
import type { RecordFilter } from './record-filter.js';
import type { Breakdown } from '../tally/breakdown.js';

/**
 * Sees each line as it is counted, beside the tally: exports (NDJSON records, metrics) that need
 * the record's source and line number, or its fields, without a second pass over the input.
 */
export interface LineTap {
  /** A record inside the window; the parser still holds it (record() and detail() work). */
  record(parser: LineParser, source: string, lineNo: number): void;
  /**
   * Any other line: parsed but outside --since/--until, parsed but left out by a filter,
   * malformed (overlong too), or ignored; `ignored` says why when it was.
   */
  other(outcome: 'outside' | 'filtered' | 'malformed' | 'ignored', source: string, ignored?: IgnoredCode): void;
}

/** Where a source's records go: the window's tally, and the hour before it for comparison. */
export interface TallyTargets {
  main: Tally;
  baseline?: Tally;
  window?: TimeWindow;
  /** --status, --path, ...: records inside the window it turns away are counted as filtered out. */
  filter?: RecordFilter;
  /** --by: counts each record inside the window by a field's value. */
  breakdown?: Breakdown;
  tap?: LineTap;
  /**
   * False when only the tap wants the records (logcodes records): the records inside the window
   * then go to the tap alone, and the tally counts only the lines that are not (malformed,
   * ignored, outside the window).
   */
  tallyRecords?: boolean;
}

export interface FormatChoice {
  /** Formats auto-detection chooses among. */
  candidates: readonly FormatDefinition[];
  /** --format / --log-format: use this one only, no detection, no fallback. */
  forced?: FormatDefinition;
}

const MALFORMED_TEXT_LIMIT = 300;
const LEFT_BRACE = 0x7b;

/**
 * Turns one source's lines into tally updates: detects the format from the
 * first lines, scans each line with that format's parser, and tries the other
 * formats on a line the chosen one rejects before calling it malformed.
 */
export class SourceProcessor implements LineSink {
  /** Lines held back until detection decides; overlongBytes marks a line that was too long. */
  private readonly pending: { text: string; lineNo: number; overlongBytes?: number }[] = [];
  private primary: LineParser | undefined;
  private fallbacks: FormatDefinition[] = [];
  private readonly fallbackParsers = new Map<string, LineParser>();
  private decided = false;
  /** Set when detection found no known format in the sample. */
  unknownFormat = false;
  /** Lines per format name that parsed them, up to the current run. */
  private readonly formatCounts = new Map<string, number>();
  /** One absurd timestamp must not stretch the report's window over centuries: such a line is malformed. */
  private readonly timeBounds = new TimeBounds();
  // Run-length count of the parser in use, so the per-line cost is one comparison.
  private runParser: LineParser | undefined;
  private runCount = 0;
  private readonly tallyRecords: boolean;

  constructor(
    readonly sourceName: string,
    private readonly targets: TallyTargets,
    private readonly choice: FormatChoice,
  ) {
    this.tallyRecords = targets.tallyRecords !== false;
    if (choice.forced) {
      this.primary = choice.forced.create();
      this.detectedFormat = choice.forced.name;
      this.decided = true;
    }
  }

  /** Lines per format name that parsed them. */
  get formatsUsed(): ReadonlyMap<string, number> {
    this.closeRun();
    return this.formatCounts;
  }

  /** Format chosen by detection (or forced), even if it parsed nothing. */
  detectedFormat: string | undefined;

  /**
   * The field layouts this source's parsers inferred from the shape of its records (IIS W3C records
   * without a #Fields: line), with the records read with each; empty when none was.
   */
  get inferredLayouts(): InferredLayout[] {
    const parsers = new Set<LineParser>(this.fallbackParsers.values());
    if (this.primary !== undefined) parsers.add(this.primary);
    return [...parsers].flatMap((parser) => parser.inferredLayouts?.() ?? []);
  }

  /** The format that parsed most of this source's lines, else the one detection chose. */
  get mainFormat(): string | undefined {
    let best: string | undefined = this.detectedFormat;
    let bestCount = 0;
    for (const [name, count] of this.formatsUsed) {
      if (count > bestCount) [best, bestCount] = [name, count];
    }
    return best;
  }

  line(text: string, lineNo: number): void {
    if (!this.decided) {
      this.pending.push({ text, lineNo });
      if (this.pending.length >= DETECTION_SAMPLE_LINES) this.decide();
      return;
    }
    this.process(text, lineNo);
  }

  /**
   * The bulk path: once the format is known and its parser can read a line in
   * place, a line that parses costs no string. Anything else (detection,
   * blank lines, a line the format rejects) goes through line().
   */
  lineAt(text: string, start: number, end: number, lineNo: number, bytes?: Uint8Array, byteOffset?: number): void {
    const parser = this.primary;
    if (
      this.decided && parser?.scanAt !== undefined && end > start &&
      parser.scanAt(text, start, end, bytes, byteOffset) === ScanOutcome.Record && statusIsPlausible(parser.hot.status) &&
      (parser.hot.time === ABSENT || this.timeBounds.accepts(parser.hot.time))
    ) {
      this.count(parser);
      this.route(parser, lineNo);
      return;
    }
    this.line(text.slice(start, end), lineNo);
  }

  runStart(text: string, bytes: Uint8Array | undefined, byteOffset: number): void {
    if (this.decided) this.primary?.runStart?.(text, bytes, byteOffset);
  }

  overlong(lineNo: number, byteLength: number, head: string): void {
    // Held back with the others so malformed samples stay in line order.
    if (!this.decided) {
      this.pending.push({ text: head, lineNo, overlongBytes: byteLength });
      return;
    }
    this.countOverlong(lineNo, byteLength, head);
  }

  private countOverlong(lineNo: number, byteLength: number, head: string): void {
    this.targets.tap?.other('malformed', this.sourceName);
    this.targets.main.addMalformed({
      line: lineNo,
      source: this.sourceName,
      code: 'line-too-long',
      reason: `line is ${byteLength} bytes, over the line length limit`,
      text: head.slice(0, MALFORMED_TEXT_LIMIT),
    });
  }

  /** Decides on what has been buffered; call at end of input or when a live stream goes quiet. */
  flush(): void {
    if (!this.decided) this.decide();
  }

  private decide(): void {
    this.decided = true;
    const sample = this.pending.filter((entry) => entry.overlongBytes === undefined).map((entry) => entry.text);
    const detection = detectFormat(sample, this.choice.candidates, this.sourceName);
    if (detection) {
      this.primary = detection.format.create();
      this.detectedFormat = detection.format.name;
      this.fallbacks = [...detection.runnersUp, ...this.choice.candidates.filter((f) => f !== detection.format && !detection.runnersUp.includes(f))];
    } else {
      this.unknownFormat = sample.some((line) => line.trim() !== '');
      this.fallbacks = [...this.choice.candidates];
    }
    const pending = this.pending.splice(0);
    for (const { text, lineNo, overlongBytes } of pending) {
      if (overlongBytes === undefined) this.process(text, lineNo);
      else this.countOverlong(lineNo, overlongBytes, text);
    }
  }

  private process(text: string, lineNo: number): void {
    const { main, tap } = this.targets;
    if (text.length === 0 || isBlank(text)) {
      this.ignore('blank');
      return;
    }
    let parser = this.primary;
    let outcome = parser ? parser.scan(text) : ScanOutcome.Malformed;
    if (outcome === ScanOutcome.Malformed && !this.choice.forced) {
      const rescued = this.tryFallbacks(text);
      if (rescued) {
        parser = rescued.parser;
        outcome = rescued.outcome;
      }
    } else if (outcome === ScanOutcome.Ignored && !this.choice.forced && text.charCodeAt(0) === LEFT_BRACE) {
      // A JSON format ignores the objects that are not its access entries (Caddy's own log
      // messages), but such an object may be another source's request: a Cloudflare line after
      // Caddy ones. Only a record rescues it; otherwise it stays ignored.
      const rescued = this.tryFallbacks(text, true);
      if (rescued) {
        parser = rescued.parser;
        outcome = rescued.outcome;
      }
    }
    if (outcome === ScanOutcome.Record && parser!.hot.status < 0) {
      // A request the server logged without a status (an IIS/Incapsula
      // connection event, an empty sc-status) has no code to count.
      tap?.other('malformed', this.sourceName);
      main.addMalformed({
        line: lineNo,
        source: this.sourceName,
        code: 'status-unset',
        reason: 'the record has no status',
        text: text.slice(0, MALFORMED_TEXT_LIMIT),
      });
      return;
    }
    if (outcome === ScanOutcome.Record) {
      const implausible = this.implausible(parser!);
      if (implausible) {
        tap?.other('malformed', this.sourceName);
        main.addMalformed({ line: lineNo, source: this.sourceName, code: implausible.code, reason: implausible.detail, text: text.slice(0, MALFORMED_TEXT_LIMIT) });
        return;
      }
      this.count(parser!);
      this.route(parser!, lineNo);
    } else if (outcome === ScanOutcome.Ignored) {
      // Every parser names why (ParserBase.ignore); 'blank' stands in should one not.
      this.ignore(parser!.ignoredCode ?? 'blank');
    } else {
      tap?.other('malformed', this.sourceName);
      const why = this.whyMalformed();
      main.addMalformed({ line: lineNo, source: this.sourceName, code: why.code, reason: why.detail, text: text.slice(0, MALFORMED_TEXT_LIMIT) });
    }
  }

  private ignore(code: IgnoredCode): void {
    this.targets.tap?.other('ignored', this.sourceName, code);
    this.targets.main.addIgnored(code);
  }

  /** Why a scanned record cannot be counted as it stands: a status or a time out of range. */
  private implausible(parser: LineParser): MalformedReason | undefined {
    const { status, time } = parser.hot;
    if (!statusIsPlausible(status)) {
      return { code: 'status-invalid', detail: `status ${status} is not a status code (an integer from ${MIN_STATUS} to ${MAX_STATUS})` };
    }
    if (time !== ABSENT && !this.timeBounds.accepts(time)) {
      return { code: 'time-out-of-range', detail: `time ${describeTime(time)} is out of range (before 1990, or more than a day ahead of the clock)` };
    }
    return undefined;
  }

  private count(parser: LineParser): void {
    if (parser === this.runParser) {
      this.runCount++;
      return;
    }
    this.closeRun();
    this.runParser = parser;
    this.runCount = 1;
  }

  private closeRun(): void {
    if (this.runParser && this.runCount > 0) {
      const name = this.runParser.format;
      this.formatCounts.set(name, (this.formatCounts.get(name) ?? 0) + this.runCount);
    }
    this.runCount = 0;
  }

  private route(parser: LineParser, lineNo: number): void {
    const { main, baseline, window, filter, breakdown, tap } = this.targets;
    const place = window === undefined ? 'inside' : placeInWindow(parser.hot.time, window);
    if (place === 'inside') {
      if (filter !== undefined && !filter.accepts(parser)) {
        main.addFilteredOut();
        tap?.other('filtered', this.sourceName);
        return;
      }
      if (this.tallyRecords) main.addScanned(parser);
      breakdown?.add(parser, this.sourceName);
      tap?.record(parser, this.sourceName, lineNo);
      return;
    }
    // The baseline is compared with the window, so it counts the same records.
    if (place === 'baseline' && baseline && (filter === undefined || filter.accepts(parser))) baseline.addScanned(parser);
    main.addOutsideWindow(parser.hot.time);
    tap?.other('outside', this.sourceName);
  }

  /**
   * A line the chosen format rejects may belong to another (a concatenated
   * file, an IIS restart header). The first format that accepts it becomes the
   * primary, so a source that changes format mid-way keeps parsing fast.
   */
  /** Why the line just scanned is malformed: the main parser's reason, or that no format fits. */
  private whyMalformed(): MalformedReason {
    if (this.primary === undefined) return { code: 'format-unknown', detail: 'no known log format matches this source' };
    return this.primary.reason ?? { code: 'format-mismatch', detail: `not a ${this.primary.format} line` };
  }

  private tryFallbacks(text: string, recordsOnly = false): { parser: LineParser; outcome: ScanOutcome } | undefined {
    for (const format of this.fallbacks) {
      if (format.match(text) <= 0) continue;
      let parser = this.fallbackParsers.get(format.name);
      if (!parser) {
        parser = format.create();
        this.fallbackParsers.set(format.name, parser);
      }
      const outcome = parser.scan(text);
      if (outcome === ScanOutcome.Malformed || (recordsOnly && outcome !== ScanOutcome.Record)) continue;
      const previous = this.primary;
      this.primary = parser;
      if (previous) {
        this.fallbackParsers.set(previous.format, previous);
        this.fallbacks = [formatByName(this.fallbacks, previous.format, this.choice.candidates), ...this.fallbacks.filter((f) => f !== format)].filter(
          (f): f is FormatDefinition => f !== undefined,
        );
      } else {
        this.fallbacks = this.fallbacks.filter((f) => f !== format);
      }
      return { parser, outcome };
    }
    return undefined;
  }
}

function formatByName(
  list: readonly FormatDefinition[],
  name: string,
  candidates: readonly FormatDefinition[],
): FormatDefinition | undefined {
  return list.find((f) => f.name === name) ?? candidates.find((f) => f.name === name);
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
