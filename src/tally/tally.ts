import type { DDSketch } from '@datadog/sketches-js';
import type { DetailRanges, LineParser } from '../formats/parser.js';
import type { LogRecord, LogVendor } from '../formats/record.js';
import { MAX_BYTES, MAX_DURATION_MS } from '../formats/plausible.js';
import { classCountsOf, type ClassCounts, type CodeCount, type MalformedSample, type ValueCount } from '../model/counts.js';
import { SIGNAL_LABELS, type SignalKind } from '../model/signals.js';
import { STATUS_CLASSES, isTriagedStatus, statusClassIndex, type StatusClass } from '../model/status.js';
import { MALFORMED_CODE_LIST, type MalformedCode } from '../model/malformed.js';
import { IGNORED_CODE_LIST, type IgnoredCode } from '../model/ignored.js';
import { newCodeCounts } from './code-counts.js';
import { copyString } from './copy-string.js';
import { findLatencyPile, newLatencySketch, summarizeLatency } from './latency.js';
import { KeyHash } from './key-hash.js';
import { hashPathShapeOfBytes, pathShape, pathShapeOfBytes } from './path-shape.js';
import type {
  CodeTotal,
  ErrorCodeSummary,
  MinuteBucket,
  MinuteSeries,
  TallySummary,
  UpstreamFailureSummary,
} from './summary.js';
import { timelineWidth } from './timeline.js';
import {
  bytesRecordsOf,
  decodeSketch,
  documentBucketMinutes,
  encodeSeries,
  encodeSketch,
  encodeTopK,
  forEachInSeries,
  mergeTopKDocument,
  recordOf,
  type ErrorDocument,
  type TallyDocument,
  type TopKDocument,
  type UpstreamFailureDocument,
} from './tally-document.js';
import { TopK } from './top-k.js';
import { SliceTops } from './slice-tops.js';

export interface TallyOptions {
  /** How many entries each top list of the summary keeps. */
  top?: number;
  /** Keys each top-k sketch holds exactly before it starts estimating. */
  trackCapacity?: number;
  /**
   * Most buckets the summary's timeline has (default 720): a log that spans more minutes gets
   * wider buckets (see timelineWidth).
   */
  timelineBuckets?: number;
  /** --raw-paths: count paths as logged (without the query) instead of their shapes. */
  rawPaths?: boolean;
}

const MINUTE_MS = 60_000;
/** Placeholders while timeline() fills its buckets. */
const EMPTY_CLASSES: ClassCounts = Object.freeze(classCountsOf([]));
const EMPTY_CODES: Record<string, number> = Object.freeze({});
/** Default for TallyOptions.timelineBuckets. */
const TIMELINE_BUCKETS = 720;
/** Statuses 0-999 are counted in an array; anything else in a map. */
const CODE_SLOTS = 1000;
const MAX_MALFORMED_SAMPLES = 20;
const MAX_SAMPLE_TEXT = 300;

/**
 * The minute number of a time: epoch ms / 60,000, rounded down; the key of the per-minute maps
 * (docs/performance.md#small-integers). The division is exact: a time below a minute's start
 * is at least one unit in the last place below it, which divides to more than half a unit below
 * the minute number.
 */
function minuteNumber(time: number): number {
  return Math.floor(time / MINUTE_MS);
}

function increment<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function mergeCounts<K>(into: Map<K, number>, from: Map<K, number>): void {
  for (const [key, count] of from) increment(into, key, count);
}

/** Adds counts keyed by string, as a summary file holds them. */
function addRecord(into: Map<string, number>, from: Record<string, number>): void {
  for (const [key, count] of Object.entries(from)) increment(into, key, count);
}

/** Adds counts keyed by status code, as a summary file holds them. */
function addCodeRecord(into: Map<number, number>, from: Record<string, number>): void {
  for (const [key, count] of Object.entries(from)) increment(into, Number(key), count);
}

function mergeSketch(into: DDSketch | undefined, from: DDSketch | undefined): DDSketch | undefined {
  if (from === undefined) return into;
  const target = into ?? newLatencySketch();
  target.merge(from);
  return target;
}

function topOfMap(map: Map<string, number>, n: number): ValueCount[] {
  return [...map]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, n)
    .map(([value, count]) => ({ value, count }));
}

/**
 * A map's number keys in ascending order. Minutes are nearly always added in
 * time order, so the sort (a comparator call per comparison, over thousands
 * of minutes, in code that runs once) is skipped when they already are.
 */
function keysInOrder(map: Map<number, unknown>): number[] {
  const keys = [...map.keys()];
  for (let i = 1; i < keys.length; i++) {
    if (keys[i]! < keys[i - 1]!) return keys.sort((a, b) => a - b);
  }
  return keys;
}

function codeCountsOf(map: Map<number, number>): CodeCount[] {
  return [...map].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([code, count]) => ({ code, count }));
}

/** Lines per code (malformed or ignored), most first; ties in the order of the code list. */
function countsByCode<Code extends string>(map: Map<Code, number>, list: readonly Code[]): Partial<Record<Code, number>> {
  const order = (code: Code): number => list.indexOf(code);
  return Object.fromEntries([...map].sort((a, b) => b[1] - a[1] || order(a[0]) - order(b[0]))) as Partial<Record<Code, number>>;
}

function dominant<K>(map: Map<K, number>): K | undefined {
  let best: K | undefined;
  let bestCount = -1;
  for (const [key, count] of map) {
    if (count > bestCount) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

/** A record's upstream addresses without the ':' entries that separate nginx upstream groups. */
function upstreamAddresses(record: LogRecord): string[] {
  return record.upstream === undefined ? [] : record.upstream.filter((address) => address !== ':' && address !== '-');
}

/** What is kept for one 4xx/5xx status. */
class ErrorDetail {
  count = 0;
  firstTime = Infinity;
  lastTime = -Infinity;
  /** Keyed by minute number (see minuteNumber). */
  private readonly minuteCounts = new Map<number, number>();
  // Errors come in runs of one minute and one vendor: count the run, fold it into the maps when it ends.
  private runMinute = -1;
  private runMinuteCount = 0;
  private runVendor: LogVendor | undefined;
  private runVendorCount = 0;
  readonly paths: TopK;
  readonly hosts: TopK;
  readonly upstreams: TopK;
  readonly clients: TopK;
  readonly upstreamStatuses: TopK;
  readonly subStatuses = new Map<string, number>();
  readonly win32Statuses = new Map<string, number>();
  readonly originStatuses = new Map<string, number>();
  /** Per kind of signal (ALB error_reason, …), its values; bounded like the other sketches. */
  readonly signals = new Map<SignalKind, TopK>();
  private readonly vendorCounts = new Map<LogVendor, number>();
  latency: DDSketch | undefined;
  /** Paths, hosts and upstreams per ten-minute slice, for the statuses triage judges by episode. */
  slices: SliceTops | undefined;

  constructor(readonly code: number, capacity: number) {
    this.slices = isTriagedStatus(code) ? new SliceTops() : undefined;
    this.paths = new TopK(capacity);
    this.hosts = new TopK(capacity);
    this.upstreams = new TopK(capacity);
    this.clients = new TopK(capacity);
    this.upstreamStatuses = new TopK(capacity);
  }

  /** Counts of this status per minute number (see minuteNumber). */
  get minutes(): Map<number, number> {
    if (this.runMinuteCount > 0) {
      increment(this.minuteCounts, this.runMinute, this.runMinuteCount);
      this.runMinuteCount = 0;
    }
    return this.minuteCounts;
  }

  /** Records of this status per vendor. */
  get vendors(): Map<LogVendor, number> {
    if (this.runVendor !== undefined && this.runVendorCount > 0) {
      increment(this.vendorCounts, this.runVendor, this.runVendorCount);
      this.runVendorCount = 0;
    }
    return this.vendorCounts;
  }

  countMinute(minute: number): void {
    if (minute !== this.runMinute) {
      if (this.runMinuteCount > 0) increment(this.minuteCounts, this.runMinute, this.runMinuteCount);
      this.runMinute = minute;
      this.runMinuteCount = 0;
    }
    this.runMinuteCount++;
  }

  signalValues(kind: SignalKind): TopK {
    let values = this.signals.get(kind);
    if (values === undefined) {
      values = new TopK(this.paths.capacity);
      this.signals.set(kind, values);
    }
    return values;
  }

  countVendor(vendor: LogVendor): void {
    if (vendor !== this.runVendor) {
      if (this.runVendor !== undefined && this.runVendorCount > 0) increment(this.vendorCounts, this.runVendor, this.runVendorCount);
      this.runVendor = vendor;
      this.runVendorCount = 0;
    }
    this.runVendorCount++;
  }

  merge(other: ErrorDetail): void {
    this.count += other.count;
    this.firstTime = Math.min(this.firstTime, other.firstTime);
    this.lastTime = Math.max(this.lastTime, other.lastTime);
    mergeCounts(this.minutes, other.minutes);
    this.paths.merge(other.paths);
    this.hosts.merge(other.hosts);
    this.upstreams.merge(other.upstreams);
    this.clients.merge(other.clients);
    this.upstreamStatuses.merge(other.upstreamStatuses);
    mergeCounts(this.subStatuses, other.subStatuses);
    mergeCounts(this.win32Statuses, other.win32Statuses);
    mergeCounts(this.originStatuses, other.originStatuses);
    for (const [kind, values] of other.signals) this.signalValues(kind).merge(values);
    mergeCounts(this.vendors, other.vendors);
    this.latency = mergeSketch(this.latency, other.latency);
    if (this.slices !== undefined && other.slices !== undefined) this.slices.merge(other.slices);
  }

  /** This status's state as plain data, its minutes in buckets of `width` minutes. */
  toDocument(width: number): ErrorDocument {
    const document: ErrorDocument = {
      code: this.code,
      count: this.count,
      vendors: Object.fromEntries(this.vendors),
      minutes: encodeSeries(this.minutes, width),
      paths: encodeTopK(this.paths),
      hosts: encodeTopK(this.hosts),
      upstreams: encodeTopK(this.upstreams),
      clients: encodeTopK(this.clients),
      upstreamStatuses: encodeTopK(this.upstreamStatuses),
      subStatuses: recordOf(this.subStatuses),
      win32Statuses: recordOf(this.win32Statuses),
      originStatuses: recordOf(this.originStatuses),
    };
    if (this.firstTime !== Infinity) {
      document.firstTime = this.firstTime;
      document.lastTime = this.lastTime;
    }
    if (this.latency !== undefined && this.latency.count > 0) document.latency = encodeSketch(this.latency);
    if (this.slices !== undefined) document.slices = this.slices.toDocument();
    if (this.signals.size > 0) document.signals = Object.fromEntries([...this.signals].map(([kind, values]) => [kind, encodeTopK(values)]));
    return document;
  }

  /** Adds a status's state read from a document whose series have buckets of `width` minutes. */
  addDocument(document: ErrorDocument, width: number): void {
    this.count += document.count;
    if (document.firstTime !== undefined && document.lastTime !== undefined) {
      this.firstTime = Math.min(this.firstTime, document.firstTime);
      this.lastTime = Math.max(this.lastTime, document.lastTime);
    }
    const minutes = this.minutes;
    forEachInSeries(document.minutes, width, (minute, count) => increment(minutes, minute, count));
    mergeTopKDocument(this.paths, document.paths);
    mergeTopKDocument(this.hosts, document.hosts);
    mergeTopKDocument(this.upstreams, document.upstreams);
    mergeTopKDocument(this.clients, document.clients);
    mergeTopKDocument(this.upstreamStatuses, document.upstreamStatuses);
    addRecord(this.subStatuses, document.subStatuses);
    addRecord(this.win32Statuses, document.win32Statuses);
    addRecord(this.originStatuses, document.originStatuses);
    const vendors = this.vendors;
    for (const [vendor, count] of Object.entries(document.vendors) as [LogVendor, number][]) increment(vendors, vendor, count);
    if (document.latency !== undefined) this.latency = mergeSketch(this.latency, decodeSketch(document.latency));
    if (this.slices !== undefined && document.slices !== undefined) this.slices.merge(SliceTops.fromDocument(document.slices));
    for (const [kind, values] of Object.entries(document.signals ?? {}) as [SignalKind, TopKDocument][]) {
      // A kind this version does not know is left out: no renderer would have a label for it.
      if (kind in SIGNAL_LABELS) mergeTopKDocument(this.signalValues(kind), values);
    }
  }

  summarize(top: number): ErrorCodeSummary {
    const minutes = this.minutes;
    const summary: ErrorCodeSummary = {
      code: this.code,
      count: this.count,
      vendor: dominant(this.vendors),
      minutes: keysInOrder(minutes).map((minute) => ({ minute: minute * MINUTE_MS, count: minutes.get(minute)! })),
      paths: this.paths.top(top),
      hosts: this.hosts.top(top),
      upstreams: this.upstreams.top(top),
      clients: this.clients.top(top),
      subStatuses: topOfMap(this.subStatuses, top),
      win32Statuses: topOfMap(this.win32Statuses, top),
      upstreamStatuses: this.upstreamStatuses.top(top),
      originStatuses: topOfMap(this.originStatuses, top),
      signals: [...this.signals].map(([kind, values]) => ({ kind, label: SIGNAL_LABELS[kind], values: values.top(top) })),
    };
    if (this.firstTime !== Infinity) {
      summary.firstTime = this.firstTime;
      summary.lastTime = this.lastTime;
    }
    const latency = summarizeLatency(this.latency);
    if (latency !== undefined) summary.latency = latency;
    const pile = findLatencyPile(this.latency);
    if (pile !== undefined) summary.latencyPile = pile;
    if (this.slices !== undefined) summary.slices = this.slices.summarize();
    return summary;
  }
}

/** Upstream responses with one 5xx status. */
class UpstreamFailure {
  count = 0;
  rescued = 0;
  readonly addresses: TopK;

  constructor(readonly code: number, capacity: number) {
    this.addresses = new TopK(capacity);
  }

  merge(other: UpstreamFailure): void {
    this.count += other.count;
    this.rescued += other.rescued;
    this.addresses.merge(other.addresses);
  }

  toDocument(): UpstreamFailureDocument {
    return { code: this.code, count: this.count, rescued: this.rescued, addresses: encodeTopK(this.addresses) };
  }

  addDocument(document: UpstreamFailureDocument): void {
    this.count += document.count;
    this.rescued += document.rescued;
    mergeTopKDocument(this.addresses, document.addresses);
  }

  summarize(top: number): UpstreamFailureSummary {
    return { code: this.code, count: this.count, rescued: this.rescued, addresses: this.addresses.top(top) };
  }
}

/**
 * Aggregation of parsed records: counts per status, class, minute and format,
 * bytes and latency for every record; paths, hosts, upstreams, clients and
 * more for 4xx/5xx records only, in bounded memory. Mergeable, so sources or
 * workers can be tallied apart and combined.
 *
 * Upstream codes count every non-empty element of an nginx $upstream_status
 * list, since each element is one response from an upstream (`502, 200` is a
 * 502 and a 200).
 */
export class Tally {
  private readonly topN: number;
  private readonly rawPaths: boolean;
  private readonly capacity: number;
  private readonly timelineBuckets: number;

  private readonly codeCounts = new Float64Array(CODE_SLOTS);
  private readonly otherCodes = new Map<number, number>();
  private requests = 0;
  /**
   * Bytes sent [0], and the records that carried a byte count [1]: a log whose format has no byte
   * field counts none, which a report tells from records that sent 0 bytes. A Float64Array, not
   * plain fields: docs/performance.md#keeping-optimized-code.
   */
  private readonly sentBytes = new Float64Array(2);
  private firstTime = Infinity;
  private lastTime = -Infinity;
  private latency: DDSketch | undefined;

  /**
   * Class counts per minute: minuteSlots maps a minute number (see minuteNumber) to where its
   * STATUS_CLASSES.length counts start in minutePool. One typed array per minute cost some 350 bytes
   * a minute, most of a long log's report (a 20-year hourly log held 175,000 of them); a slot in
   * a shared array costs its 48 bytes and a map entry.
   */
  private readonly minuteSlots = new Map<number, number>();
  private minutePool = new Float64Array(STATUS_CLASSES.length * 64);
  private minutePoolUsed = 0;
  /** Epoch ms of the start of the minute whose counts start at currentSlot. */
  private currentMinute = Number.NaN;
  private currentSlot = 0;

  private readonly formats = new Map<string, { vendor: LogVendor; count: number }>();
  /** Records by the parser last seen, added to `formats` when the parser changes or on summary. */
  private lastParser: LineParser | undefined;
  private lastParserCount = 0;

  private readonly errors = new Map<number, ErrorDetail>();
  /** The same details indexed by status, so the per-line lookup is an array load. */
  private readonly errorsByCode: (ErrorDetail | undefined)[] = [];
  private readonly upstreamCodes = new Map<number, number>();
  private readonly originCodes = new Map<number, number>();
  private readonly upstreamFailures = new Map<number, UpstreamFailure>();

  private parsedOutsideWindow = 0;
  private parsedFilteredOut = 0;
  private outsideFirstTime = Infinity;
  private outsideLastTime = -Infinity;
  private ignored = 0;
  /** The ignored lines by why; its counts add up to `ignored`. */
  private readonly ignoredCodes = new Map<IgnoredCode, number>();
  private malformed = 0;
  private readonly malformedCodes = new Map<MalformedCode, number>();
  private readonly malformedSamples: MalformedSample[] = [];
  private readonly keyHash = new KeyHash();
  /** Minutes per bucket of the per-minute counts: 1, or wider for a tally read from a summary of a long span. */
  private resolution = 1;

  constructor(options: TallyOptions = {}) {
    this.topN = options.top ?? 10;
    this.rawPaths = options.rawPaths ?? false;
    this.capacity = options.trackCapacity ?? 2000;
    this.timelineBuckets = options.timelineBuckets ?? TIMELINE_BUCKETS;
  }

  /**
   * The hot path, called right after parser.scan() returned ScanOutcome.Record.
   * Only the parser's HotFields are read unless the record is an error or the
   * format asks for detail on every line.
   */
  addScanned(parser: LineParser): void {
    if (parser !== this.lastParser) this.switchParser(parser);
    this.lastParserCount++;
    const hot = parser.hot;
    const status = hot.status;
    this.countHot(status, hot.time, hot.bytes, hot.durationMs);
    if (status >= 400 || parser.detailEveryLine) {
      const ranges = status < 600 && !parser.detailEveryLine ? parser.locateDetail?.() : undefined;
      if (ranges !== undefined) this.countLocated(parser, ranges);
      else this.countDetail(parser.detail !== undefined ? parser.detail() : parser.record());
    }
  }

  /** The same as addScanned for a record already built (tests, non-hot callers). */
  addRecord(record: LogRecord): void {
    const format = this.formats.get(record.format);
    if (format === undefined) this.formats.set(record.format, { vendor: record.vendor, count: 1 });
    else format.count++;
    this.countHot(record.status, record.time ?? -1, record.bytes ?? -1, record.durationMs ?? -1);
    this.countDetail(record);
  }

  addMalformed(sample: MalformedSample): void {
    this.malformed++;
    // Counted by code, a closed list: the reason's text may quote the line and so has no bound.
    increment(this.malformedCodes, sample.code);
    if (this.malformedSamples.length < MAX_MALFORMED_SAMPLES) {
      // Copied: the line is a slice of the parser's input chunk.
      const text = copyString(sample.text.length > MAX_SAMPLE_TEXT ? sample.text.slice(0, MAX_SAMPLE_TEXT) : sample.text);
      this.malformedSamples.push({ line: sample.line, source: sample.source, code: sample.code, reason: copyString(sample.reason), text });
    }
  }

  /** A line that is neither a request nor an error (a blank line, a directive, an ELB TCP listener's record), counted under why. */
  addIgnored(code: IgnoredCode): void {
    this.ignored++;
    increment(this.ignoredCodes, code);
  }

  /** A record parsed but outside --since/--until: counted as parsed, in no class. Its time (epoch ms, or -1) dates the log. */
  addOutsideWindow(time = -1): void {
    this.parsedOutsideWindow++;
    if (time >= 0) {
      if (time < this.outsideFirstTime) this.outsideFirstTime = time;
      if (time > this.outsideLastTime) this.outsideLastTime = time;
    }
  }

  /**
   * The tally's state as plain data, for a summary file (see tally-document.ts); Tally.fromDocument()
   * reads it back, and the tally it gives summarizes as this one does, to the width of its buckets.
   */
  toDocument(): TallyDocument {
    this.flushParser();
    const width =
      this.firstTime === Infinity
        ? this.resolution
        : documentBucketMinutes(minuteNumber(this.firstTime), minuteNumber(this.lastTime), this.resolution);
    const codes: Record<string, number> = {};
    for (let code = 0; code < CODE_SLOTS; code++) if (this.codeCounts[code]! > 0) codes[code] = this.codeCounts[code]!;
    for (const [code, count] of this.otherCodes) codes[code] = count;
    const classes: TallyDocument['classes'] = {};
    const minutes = keysInOrder(this.minuteSlots);
    STATUS_CLASSES.forEach((name, index) => {
      const series = encodeSeries(
        minutes.map((minute): [number, number] => [minute, this.minutePool[this.minuteSlots.get(minute)! + index]!]),
        width,
      );
      if (series.counts.length > 0) classes[name] = series;
    });
    const document: TallyDocument = {
      top: this.topN,
      requests: this.requests,
      bytes: this.sentBytes[0]!,
      bytesRecords: this.sentBytes[1]!,
      lines: {
        malformed: this.malformed,
        ignored: this.ignored,
        ignoredCodes: countsByCode(this.ignoredCodes, IGNORED_CODE_LIST),
        outsideWindow: this.parsedOutsideWindow,
        filteredOut: this.parsedFilteredOut,
      },
      codes,
      formats: Object.fromEntries([...this.formats].map(([name, format]) => [name, { ...format }])),
      bucketMinutes: width,
      classes,
      upstreamCodes: recordOf(this.upstreamCodes),
      originCodes: recordOf(this.originCodes),
      upstreamFailures: [...this.upstreamFailures.values()].map((failure) => failure.toDocument()),
      errors: [...this.errors.values()].map((detail) => detail.toDocument(width)),
      malformed: { codes: Object.fromEntries(this.malformedCodes), samples: [...this.malformedSamples] },
    };
    if (this.firstTime !== Infinity) {
      document.firstTime = this.firstTime;
      document.lastTime = this.lastTime;
    }
    if (this.outsideFirstTime !== Infinity) document.outsideWindow = { firstTime: this.outsideFirstTime, lastTime: this.outsideLastTime };
    if (this.latency !== undefined && this.latency.count > 0) document.latency = encodeSketch(this.latency);
    return document;
  }

  /** A tally holding a document's state (one that toDocument() wrote, checked by summary-file.ts). */
  static fromDocument(document: TallyDocument, options: TallyOptions = {}): Tally {
    const tally = new Tally({ top: document.top, ...options });
    tally.addDocument(document);
    return tally;
  }

  /** Adds a document's state, as merge() adds a tally's: counts exactly, minutes on the same UTC minutes. */
  addDocument(document: TallyDocument): void {
    const width = document.bucketMinutes;
    this.resolution = Math.max(this.resolution, width);
    for (const [key, count] of Object.entries(document.codes)) {
      const code = Number(key);
      if (code >= 0 && code < CODE_SLOTS) this.codeCounts[code]! += count;
      else increment(this.otherCodes, code, count);
    }
    this.requests += document.requests;
    this.sentBytes[0]! += document.bytes;
    this.sentBytes[1]! += bytesRecordsOf(document);
    if (document.firstTime !== undefined && document.lastTime !== undefined) {
      this.firstTime = Math.min(this.firstTime, document.firstTime);
      this.lastTime = Math.max(this.lastTime, document.lastTime);
    }
    if (document.latency !== undefined) this.latency = mergeSketch(this.latency, decodeSketch(document.latency));
    for (const [name, series] of Object.entries(document.classes) as [StatusClass, TallyDocument['classes'][StatusClass]][]) {
      const index = STATUS_CLASSES.indexOf(name);
      if (series === undefined || index < 0) continue;
      forEachInSeries(series, width, (minute, count) => {
        // The slot first: slotFor() may replace minutePool with a larger copy.
        const slot = this.slotFor(minute);
        this.minutePool[slot + index]! += count;
      });
    }
    // A slot's class counts were added in whatever order: the minute cached by countHot() is forgotten.
    this.currentMinute = Number.NaN;
    for (const [name, format] of Object.entries(document.formats)) {
      const mine = this.formats.get(name);
      if (mine === undefined) this.formats.set(name, { ...format });
      else mine.count += format.count;
    }
    for (const error of document.errors) this.errorDetail(error.code).addDocument(error, width);
    addCodeRecord(this.upstreamCodes, document.upstreamCodes);
    addCodeRecord(this.originCodes, document.originCodes);
    for (const failure of document.upstreamFailures) this.upstreamFailure(failure.code).addDocument(failure);
    this.parsedOutsideWindow += document.lines.outsideWindow;
    this.parsedFilteredOut += document.lines.filteredOut ?? 0;
    if (document.outsideWindow !== undefined) {
      this.outsideFirstTime = Math.min(this.outsideFirstTime, document.outsideWindow.firstTime);
      this.outsideLastTime = Math.max(this.outsideLastTime, document.outsideWindow.lastTime);
    }
    this.ignored += document.lines.ignored;
    let counted = 0;
    for (const [code, count] of Object.entries(document.lines.ignoredCodes ?? {}) as [IgnoredCode, number][]) {
      increment(this.ignoredCodes, code, count);
      counted += count;
    }
    // A summary written before ignored lines were counted by reason has their number alone.
    if (document.lines.ignored > counted) increment(this.ignoredCodes, 'reason-unrecorded', document.lines.ignored - counted);
    this.malformed += document.lines.malformed;
    for (const [code, count] of Object.entries(document.malformed.codes) as [MalformedCode, number][]) increment(this.malformedCodes, code, count);
    for (const sample of document.malformed.samples) {
      if (this.malformedSamples.length >= MAX_MALFORMED_SAMPLES) break;
      this.malformedSamples.push({ ...sample });
    }
  }

  /** A record inside the window that a filter (--status, --path, ...) left out: counted as parsed, in no class. */
  addFilteredOut(): void {
    this.parsedFilteredOut++;
  }

  merge(other: Tally): void {
    other.flushParser();
    this.resolution = Math.max(this.resolution, other.resolution);
    for (let code = 0; code < CODE_SLOTS; code++) this.codeCounts[code]! += other.codeCounts[code]!;
    mergeCounts(this.otherCodes, other.otherCodes);
    this.requests += other.requests;
    this.sentBytes[0]! += other.sentBytes[0]!;
    this.sentBytes[1]! += other.sentBytes[1]!;
    this.firstTime = Math.min(this.firstTime, other.firstTime);
    this.lastTime = Math.max(this.lastTime, other.lastTime);
    this.latency = mergeSketch(this.latency, other.latency);
    for (const minute of other.minuteSlots.keys()) {
      const from = other.minuteSlots.get(minute)!;
      const to = this.slotFor(minute);
      for (let i = 0; i < STATUS_CLASSES.length; i++) this.minutePool[to + i]! += other.minutePool[from + i]!;
    }
    for (const [name, format] of other.formats) {
      const mine = this.formats.get(name);
      if (mine === undefined) this.formats.set(name, { ...format });
      else mine.count += format.count;
    }
    for (const [code, detail] of other.errors) this.errorDetail(code).merge(detail);
    mergeCounts(this.upstreamCodes, other.upstreamCodes);
    mergeCounts(this.originCodes, other.originCodes);
    for (const [code, failure] of other.upstreamFailures) this.upstreamFailure(code).merge(failure);
    this.parsedOutsideWindow += other.parsedOutsideWindow;
    this.parsedFilteredOut += other.parsedFilteredOut;
    this.outsideFirstTime = Math.min(this.outsideFirstTime, other.outsideFirstTime);
    this.outsideLastTime = Math.max(this.outsideLastTime, other.outsideLastTime);
    this.ignored += other.ignored;
    mergeCounts(this.ignoredCodes, other.ignoredCodes);
    this.malformed += other.malformed;
    mergeCounts(this.malformedCodes, other.malformedCodes);
    for (const sample of other.malformedSamples) {
      if (this.malformedSamples.length >= MAX_MALFORMED_SAMPLES) break;
      this.malformedSamples.push(sample);
    }
  }

  summarize(): TallySummary {
    this.flushParser();
    const classTotals = new Float64Array(STATUS_CLASSES.length);
    const vendors = new Map<LogVendor, number>();
    for (const format of this.formats.values()) increment(vendors, format.vendor, format.count);
    const mainVendor = dominant(vendors);

    const codes: CodeTotal[] = [];
    const addCode = (code: number, count: number): void => {
      classTotals[statusClassIndex(code)]! += count;
      // Below 400 no record is built, so the vendor is the one of most records overall.
      const errorVendors = this.errors.get(code)?.vendors;
      codes.push({ code, count, vendor: errorVendors !== undefined ? dominant(errorVendors) : mainVendor });
    };
    for (let code = 0; code < CODE_SLOTS; code++) if (this.codeCounts[code]! > 0) addCode(code, this.codeCounts[code]!);
    for (const [code, count] of this.otherCodes) addCode(code, count);
    codes.sort((a, b) => b.count - a.count || a.code - b.code);

    const errors = [...this.errors.values()]
      .map((detail) => detail.summarize(this.topN))
      .sort((a, b) => b.count - a.count || a.code - b.code);
    const spanMinutes = this.firstTime === Infinity ? 0 : minuteNumber(this.lastTime) - minuteNumber(this.firstTime) + 1;
    const width = Math.max(this.resolution, timelineWidth(spanMinutes, this.timelineBuckets));

    const summary: TallySummary = {
      lines: {
        parsed: this.requests + this.parsedOutsideWindow + this.parsedFilteredOut,
        malformed: this.malformed,
        ignored: this.ignored,
        outsideWindow: this.parsedOutsideWindow,
        filteredOut: this.parsedFilteredOut,
      },
      requests: this.requests,
      classes: classCountsOf(classTotals),
      codes,
      formats: Object.fromEntries([...this.formats].map(([name, format]) => [name, format.count])),
      vendors: Object.fromEntries(vendors),
      bytes: this.sentBytes[0]!,
      bytesRecords: this.sentBytes[1]!,
      timeline: this.timeline(width),
      timelineBucketSeconds: width * 60,
      minuteResolution: this.resolution,
      requestMinutes: this.requestMinutes(),
      upstreamCodes: codeCountsOf(this.upstreamCodes),
      originCodes: codeCountsOf(this.originCodes),
      top: {
        paths: this.acrossErrors((detail) => detail.paths),
        hosts: this.acrossErrors((detail) => detail.hosts),
        clients: this.acrossErrors((detail) => detail.clients),
        upstreams: this.acrossErrors((detail) => detail.upstreams),
      },
      errors,
      topBounds: {
        paths: this.boundAcrossErrors((detail) => detail.paths),
        hosts: this.boundAcrossErrors((detail) => detail.hosts),
        clients: this.boundAcrossErrors((detail) => detail.clients),
        upstreams: this.boundAcrossErrors((detail) => detail.upstreams),
      },
      upstreamFailures: [...this.upstreamFailures.values()]
        .map((failure) => failure.summarize(this.topN))
        .sort((a, b) => b.count - a.count || a.code - b.code),
      malformed: { codes: countsByCode(this.malformedCodes, MALFORMED_CODE_LIST), samples: [...this.malformedSamples] },
      ignoredCodes: countsByCode(this.ignoredCodes, IGNORED_CODE_LIST),
    };
    if (this.firstTime !== Infinity) {
      summary.firstTime = this.firstTime;
      summary.lastTime = this.lastTime;
    }
    if (this.outsideFirstTime !== Infinity) {
      summary.outsideWindow = { firstTime: this.outsideFirstTime, lastTime: this.outsideLastTime };
    }
    const latency = summarizeLatency(this.latency);
    if (latency !== undefined) summary.latency = latency;
    return summary;
  }

  private countHot(status: number, time: number, bytes: number, durationMs: number): void {
    this.requests++;
    if (status >= 0 && status < CODE_SLOTS) this.codeCounts[status]!++;
    else increment(this.otherCodes, status);
    if (time >= 0) {
      // A range test first: epoch milliseconds are doubles, and % on doubles is a library call.
      if (!(time >= this.currentMinute && time < this.currentMinute + MINUTE_MS)) {
        const minute = minuteNumber(time);
        this.currentMinute = minute * MINUTE_MS;
        this.currentSlot = this.slotFor(minute);
      }
      this.minutePool[this.currentSlot + statusClassIndex(status)]!++;
      if (time < this.firstTime) this.firstTime = time;
      if (time > this.lastTime) this.lastTime = time;
    }
    // Out of range (1e309, a 400-digit field) means absent: Infinity would break the sum, and the
    // latency sketch sizes its buckets by the value.
    if (bytes >= 0 && bytes <= MAX_BYTES) {
      const sent = this.sentBytes;
      sent[0]! += bytes;
      sent[1]!++;
    }
    if (durationMs >= 0 && durationMs <= MAX_DURATION_MS) (this.latency ??= newLatencySketch()).accept(durationMs);
  }

  private countDetail(record: LogRecord): void {
    const status = record.status;
    const statuses = record.upstreamStatus;
    if (statuses !== undefined) this.countUpstreamStatuses(record, statuses);
    if (record.originStatus !== undefined) increment(this.originCodes, record.originStatus);
    // Detail is for 4xx/5xx; anything outside 100-599 only counts as 'other'.
    if (status < 400 || status >= 600) return;

    const detail = this.countError(status, record.vendor, record.time ?? -1, record.durationMs ?? -1);
    const shape = record.path !== undefined ? pathShape(record.path, this.rawPaths) : undefined;
    if (shape !== undefined) detail.paths.add(shape);
    if (record.host !== undefined) detail.hosts.add(record.host);
    if (record.client !== undefined) detail.clients.add(record.client);
    const addresses = upstreamAddresses(record);
    const slices = detail.slices;
    if (slices !== undefined && record.time !== undefined && record.time >= 0) {
      const minute = minuteNumber(record.time);
      if (shape !== undefined) slices.add(minute, 'paths', shape);
      if (record.host !== undefined) slices.add(minute, 'hosts', record.host);
      // The last upstream asked is the one whose answer the client got.
      const last = addresses[addresses.length - 1];
      if (last !== undefined) slices.add(minute, 'upstreams', last);
    }
    for (let i = 0; i < addresses.length; i++) {
      // A retry on the same server lists it twice; count it once per request.
      if (addresses.indexOf(addresses[i]!, 0) === i) detail.upstreams.add(addresses[i]!);
    }
    if (statuses !== undefined && statuses.length > 0) {
      detail.upstreamStatuses.add(statuses.map((s) => (s === null ? '-' : String(s))).join(', '));
    }
    if (record.subStatus !== undefined) increment(detail.subStatuses, `${status}.${record.subStatus}`);
    if (record.win32Status !== undefined) increment(detail.win32Statuses, String(record.win32Status));
    if (record.originStatus !== undefined) increment(detail.originStatuses, String(record.originStatus));
    if (record.signal !== undefined) detail.signalValues(record.signal.kind).add(record.signal.value);
  }

  /**
   * countDetail() for a 4xx/5xx line whose parser located its path and client:
   * both are read and hashed in the line's bytes, and a string is built only
   * for a key that its sketch does not hold.
   */
  private countLocated(parser: LineParser, ranges: DetailRanges): void {
    const hot = parser.hot;
    const detail = this.countError(hot.status, parser.vendor, hot.time, hot.durationMs);
    const bytes = ranges.detailBytes;
    const hash = this.keyHash;
    const pathStart = ranges.pathStart;
    if (pathStart >= 0) {
      const pathEnd = ranges.pathEnd;
      hashPathShapeOfBytes(bytes, pathStart, pathEnd, hash, this.rawPaths);
      if (detail.paths.countHashed(hash.hash, hash.check)) {
        // The sketch holds the shape already: the slices take its copy, and no string is built.
        if (detail.slices !== undefined && hot.time >= 0) detail.slices.add(minuteNumber(hot.time), 'paths', detail.paths.lastCountedKey()!);
      } else {
        const shape = pathShapeOfBytes(ranges.detailText, bytes, pathStart, pathEnd, ranges.detailShift, this.rawPaths);
        detail.paths.insertHashed(shape, hash.hash, hash.check);
        if (detail.slices !== undefined && hot.time >= 0) detail.slices.add(minuteNumber(hot.time), 'paths', shape);
      }
    }
    const clientStart = ranges.clientStart;
    if (clientStart >= 0) {
      const clientEnd = ranges.clientEnd;
      hash.begin().addBytes(bytes, clientStart, clientEnd).finish();
      if (!detail.clients.countHashed(hash.hash, hash.check)) {
        const shift = ranges.detailShift;
        detail.clients.insertHashed(ranges.detailText.slice(clientStart - shift, clientEnd - shift), hash.hash, hash.check);
      }
    }
  }

  /** Counts a 4xx/5xx line in its status's detail: count, vendor, time and latency. */
  private countError(status: number, vendor: LogVendor, time: number, durationMs: number): ErrorDetail {
    const detail = this.errorsByCode[status] ?? this.errorDetail(status);
    detail.count++;
    detail.countVendor(vendor);
    if (time >= 0) {
      if (time < detail.firstTime) detail.firstTime = time;
      if (time > detail.lastTime) detail.lastTime = time;
      detail.countMinute(minuteNumber(time));
    }
    if (durationMs >= 0 && durationMs <= MAX_DURATION_MS) (detail.latency ??= newLatencySketch()).accept(durationMs);
    return detail;
  }

  private countUpstreamStatuses(record: LogRecord, statuses: (number | null)[]): void {
    const addresses = upstreamAddresses(record);
    const aligned = addresses.length === statuses.length;
    for (let i = 0; i < statuses.length; i++) {
      const upstreamStatus = statuses[i];
      if (upstreamStatus === null || upstreamStatus === undefined) continue;
      increment(this.upstreamCodes, upstreamStatus);
      if (upstreamStatus < 500) continue;
      const failure = this.upstreamFailure(upstreamStatus);
      failure.count++;
      if (record.status < 400 && i < statuses.length - 1) failure.rescued++;
      if (aligned) failure.addresses.add(addresses[i]!);
    }
  }

  /**
   * A top list over all 4xx/5xx statuses, merged from the per-status sketches
   * at summary time rather than kept beside them, which would double the work
   * per error line.
   */
  private acrossErrors(pick: (detail: ErrorDetail) => TopK): ValueCount[] {
    return TopK.topOfSum([...this.errors.values()].map(pick), this.topN);
  }

  /**
   * How far below the truth a count of acrossErrors() can be: a sketch that does not hold a key
   * counted it at most its floor times, and one that does undercounts it by no more than that.
   */
  private boundAcrossErrors(pick: (detail: ErrorDetail) => TopK): number {
    let bound = 0;
    for (const detail of this.errors.values()) bound += pick(detail).floor;
    return bound;
  }

  private errorDetail(code: number): ErrorDetail {
    let detail = this.errors.get(code);
    if (detail === undefined) {
      detail = new ErrorDetail(code, this.capacity);
      this.errors.set(code, detail);
      if (code >= 0 && code < CODE_SLOTS) this.errorsByCode[code] = detail;
    }
    return detail;
  }

  private upstreamFailure(code: number): UpstreamFailure {
    let failure = this.upstreamFailures.get(code);
    if (failure === undefined) {
      failure = new UpstreamFailure(code, this.capacity);
      this.upstreamFailures.set(code, failure);
    }
    return failure;
  }

  /** Where the class counts of the minute numbered `minute` start in minutePool. */
  private slotFor(minute: number): number {
    let slot = this.minuteSlots.get(minute);
    if (slot === undefined) {
      slot = this.minutePoolUsed;
      if (slot + STATUS_CLASSES.length > this.minutePool.length) {
        const grown = new Float64Array(this.minutePool.length * 2);
        grown.set(this.minutePool);
        this.minutePool = grown;
      }
      this.minutePoolUsed += STATUS_CLASSES.length;
      this.minuteSlots.set(minute, slot);
    }
    return slot;
  }

  private switchParser(parser: LineParser): void {
    this.flushParser();
    this.lastParser = parser;
  }

  private flushParser(): void {
    const parser = this.lastParser;
    if (parser === undefined || this.lastParserCount === 0) return;
    const format = this.formats.get(parser.format);
    if (format === undefined) this.formats.set(parser.format, { vendor: parser.vendor, count: this.lastParserCount });
    else format.count += this.lastParserCount;
    this.lastParserCount = 0;
  }

  /** Requests per minute, in time order, as typed arrays: a month has 43,200 minutes. */
  private requestMinutes(): MinuteSeries {
    const keys = keysInOrder(this.minuteSlots);
    const minutes = new Float64Array(keys.length);
    const counts = new Float64Array(keys.length);
    const pool = this.minutePool;
    for (let i = 0; i < keys.length; i++) {
      const slot = this.minuteSlots.get(keys[i]!)!;
      let total = 0;
      for (let c = 0; c < STATUS_CLASSES.length; c++) total += pool[slot + c]!;
      minutes[i] = keys[i]! * MINUTE_MS;
      counts[i] = total;
    }
    return { minutes, counts };
  }

  /**
   * The timeline in buckets of `width` minutes, each starting at a multiple of the width since the
   * epoch, built from the per-minute counts: a log of a month has 43,200 minutes, and an object per
   * minute, made only to be summed into wider buckets, cost more than the rest of the report.
   */
  private timeline(width: number): MinuteBucket[] {
    const buckets: MinuteBucket[] = [];
    const classCounts: Float64Array[] = [];
    const codeCounts: (Record<string, number> | undefined)[] = [];
    const groups: number[] = [];
    const add = (group: number): number => {
      buckets.push({ minute: group * width * MINUTE_MS, classes: EMPTY_CLASSES, codes: EMPTY_CODES });
      classCounts.push(new Float64Array(STATUS_CLASSES.length));
      codeCounts.push(undefined);
      groups.push(group);
      return buckets.length - 1;
    };
    // In minute order, so each bucket's minutes come one after another. The loops below run once,
    // before the compiler has looked at them: they read keys and Map.get() rather than iterate
    // entries, which makes an array for each.
    let group = Number.NaN;
    let counts: Float64Array = new Float64Array(0);
    const pool = this.minutePool;
    for (const minute of keysInOrder(this.minuteSlots)) {
      const minuteGroup = Math.floor(minute / width);
      if (minuteGroup !== group) {
        group = minuteGroup;
        counts = classCounts[add(group)]!;
      }
      const slot = this.minuteSlots.get(minute)!;
      for (let i = 0; i < STATUS_CLASSES.length; i++) counts[i]! += pool[slot + i]!;
    }
    // Bucket index by bucket number: an offset when every bucket between the first and last has
    // records (nearly always), else a map.
    const firstGroup = groups.length > 0 ? groups[0]! : 0;
    const contiguous = groups.length > 0 && groups[groups.length - 1]! - firstGroup + 1 === groups.length;
    let indexOf = contiguous ? undefined : new Map(groups.map((g, index) => [g, index]));
    let sorted = true;
    for (const [code, detail] of this.errors) {
      detail.minutes.forEach((count, minute) => {
        const errorGroup = Math.floor(minute / width);
        let index = indexOf === undefined ? errorGroup - firstGroup : (indexOf.get(errorGroup) ?? -1);
        if (!(index >= 0 && groups[index] === errorGroup)) {
          // Every timed error is in a minute of the tally too; should that ever not hold, its count is still kept.
          indexOf ??= new Map(groups.map((g, i) => [g, i]));
          index = add(errorGroup);
          indexOf.set(errorGroup, index);
          sorted = false;
        }
        const codes = (codeCounts[index] ??= newCodeCounts());
        // A number key is an element index; the same key as a string is converted on every access.
        codes[code] = (codes[code] ?? 0) + count;
      });
    }
    for (let i = 0; i < buckets.length; i++) {
      const bucket = buckets[i]!;
      bucket.classes = classCountsOf(classCounts[i]!);
      bucket.codes = codeCounts[i] ?? {};
    }
    return sorted ? buckets : buckets.sort((a, b) => a.minute - b.minute);
  }
}
