import { STATUS_CLASSES, statusClassIndex } from '../model/status.js';
import { classCountsOf, type ClassCounts, type CodeCount } from '../model/counts.js';

/**
 * Sliding-window counts for the live view. Everything is keyed by arrival
 * second (the caller's clock, not the log's timestamps): live rates are about
 * what is happening now, and log clocks can be skewed, late or absent.
 *
 * Memory is fixed by the window length and the number of distinct status
 * codes, so it stays flat however long the stream runs; add() is O(1) and
 * snapshot() walks only the bounded rings.
 */

const CLASS_COUNT = STATUS_CLASSES.length;
const SERVER_ERROR = STATUS_CLASSES.indexOf('5xx');
/** Codes outside this range share one key, so junk statuses cannot grow the maps. */
const MAX_KEYED_STATUS = 999;
const JUNK_STATUS_KEY = -1;
const CODE_SECONDS = 60;

export interface LiveWindowOptions {
  /** Seconds of per-second history kept (the sparkline's reach). Default 600. */
  historySeconds?: number;
  /** Seconds averaged for the "now" rate. Default 10. */
  rateSeconds?: number;
  /** Start of the run, for the overall rate. Default: the first add(). */
  startedAtMs?: number;
}

export interface WindowFigures {
  /** Seconds of wall time the figures cover (shorter than asked at the start of a run). */
  seconds: number;
  requests: number;
  perSecond: number;
  classes: ClassCounts;
  /** Most frequent first; ties by code. */
  codes: CodeCount[];
}

export interface LiveWindowSnapshot {
  /** Epoch ms the snapshot was taken at. */
  at: number;
  startedAt: number;
  overall: WindowFigures;
  /** The last few seconds: "requests per second now". */
  recent: WindowFigures;
  lastMinute: WindowFigures;
  /** 5xx per arrival second, oldest first, ending with the current second. */
  serverErrorsPerSecond: number[];
}

function codeKey(status: number): number {
  return Number.isInteger(status) && status >= 0 && status <= MAX_KEYED_STATUS ? status : JUNK_STATUS_KEY;
}

/** Modulo that stays non-negative, so seconds before the epoch (tests, odd clocks) still map to a slot. */
function slotOf(second: number, size: number): number {
  const r = second % size;
  return r < 0 ? r + size : r;
}

/** Adds one to a counter. Every index passed is in range by construction; reading past the end would give undefined, counted as 0. */
function addOne(counts: Float64Array, index: number): void {
  counts[index] = (counts[index] ?? 0) + 1;
}

function sortedCodes(counts: Map<number, number>, limit: number): CodeCount[] {
  const rows: CodeCount[] = [];
  for (const [code, count] of counts) if (count > 0) rows.push({ code, count });
  rows.sort((a, b) => b.count - a.count || a.code - b.code);
  return rows.slice(0, limit);
}

export class LiveWindow {
  readonly historySeconds: number;
  readonly rateSeconds: number;
  private startedAt: number | undefined;

  // One slot per second; a slot belongs to the second in `stamp`, and is
  // zeroed lazily when a later second reuses it.
  private readonly stamp: Float64Array;
  private readonly requests: Float64Array;
  private readonly classes: Float64Array;

  // Per-second code counts only for the last minute (top codes of the last minute).
  private readonly codeStamp: Float64Array;
  private readonly codeSlots: Map<number, number>[];

  private totalRequests = 0;
  private readonly totalClasses = new Float64Array(CLASS_COUNT);
  private readonly totalCodes = new Map<number, number>();

  // Counts since the last takeInterval(), so consecutive NDJSON snapshots add up to the totals.
  private intervalStart: number | undefined;
  private intervalRequests = 0;
  private readonly intervalClasses = new Float64Array(CLASS_COUNT);
  private readonly intervalCodes = new Map<number, number>();

  constructor(options: LiveWindowOptions = {}) {
    this.historySeconds = Math.max(60, Math.floor(options.historySeconds ?? 600));
    this.rateSeconds = Math.max(1, Math.floor(options.rateSeconds ?? 10));
    this.startedAt = options.startedAtMs;
    this.intervalStart = options.startedAtMs;
    this.stamp = new Float64Array(this.historySeconds).fill(-1);
    this.requests = new Float64Array(this.historySeconds);
    this.classes = new Float64Array(this.historySeconds * CLASS_COUNT);
    this.codeStamp = new Float64Array(CODE_SECONDS).fill(-1);
    this.codeSlots = Array.from({ length: CODE_SECONDS }, () => new Map<number, number>());
  }

  /** Count one record that arrived at `nowMs`. */
  add(status: number, nowMs: number): void {
    if (this.startedAt === undefined) this.startedAt = nowMs;
    if (this.intervalStart === undefined) this.intervalStart = nowMs;
    const second = Math.floor(nowMs / 1000);
    const cls = statusClassIndex(status);
    const key = codeKey(status);

    const slot = slotOf(second, this.historySeconds);
    if (this.stamp[slot] !== second) {
      this.stamp[slot] = second;
      this.requests[slot] = 0;
      this.classes.fill(0, slot * CLASS_COUNT, slot * CLASS_COUNT + CLASS_COUNT);
    }
    addOne(this.requests, slot);
    addOne(this.classes, slot * CLASS_COUNT + cls);

    const codeSlot = slotOf(second, CODE_SECONDS);
    const codes = this.codeSlots[codeSlot]!;
    if (this.codeStamp[codeSlot] !== second) {
      this.codeStamp[codeSlot] = second;
      codes.clear();
    }
    codes.set(key, (codes.get(key) ?? 0) + 1);

    this.totalRequests++;
    addOne(this.totalClasses, cls);
    this.totalCodes.set(key, (this.totalCodes.get(key) ?? 0) + 1);

    this.intervalRequests++;
    addOne(this.intervalClasses, cls);
    this.intervalCodes.set(key, (this.intervalCodes.get(key) ?? 0) + 1);
  }

  snapshot(nowMs: number, topCodes = 10): LiveWindowSnapshot {
    const startedAt = this.startedAt ?? nowMs;
    const elapsed = Math.max(0, (nowMs - startedAt) / 1000);
    const overallClasses = this.classCounts(this.totalClasses);
    return {
      at: nowMs,
      startedAt,
      overall: {
        seconds: elapsed,
        requests: this.totalRequests,
        perSecond: elapsed > 0 ? this.totalRequests / Math.max(1, elapsed) : this.totalRequests,
        classes: overallClasses,
        codes: sortedCodes(this.totalCodes, topCodes),
      },
      recent: this.figures(nowMs, this.rateSeconds, elapsed, 0),
      lastMinute: this.figures(nowMs, CODE_SECONDS, elapsed, topCodes),
      serverErrorsPerSecond: this.serverErrorSeries(nowMs),
    };
  }

  /** Figures since the previous call (or the start), then start a new interval. */
  takeInterval(nowMs: number, topCodes = 10): WindowFigures {
    const start = this.intervalStart ?? nowMs;
    const seconds = Math.max(0, (nowMs - start) / 1000);
    const figures: WindowFigures = {
      seconds,
      requests: this.intervalRequests,
      perSecond: seconds > 0 ? this.intervalRequests / seconds : 0,
      classes: this.classCounts(this.intervalClasses),
      codes: sortedCodes(this.intervalCodes, topCodes),
    };
    this.intervalStart = nowMs;
    this.intervalRequests = 0;
    this.intervalClasses.fill(0);
    this.intervalCodes.clear();
    return figures;
  }

  get total(): number {
    return this.totalRequests;
  }

  private classCounts(values: Float64Array): ClassCounts {
    return classCountsOf(values);
  }

  /** Sum of the last `seconds` whole arrival seconds, the current one included. */
  private figures(nowMs: number, seconds: number, elapsed: number, topCodes: number): WindowFigures {
    const current = Math.floor(nowMs / 1000);
    const oldest = current - seconds + 1;
    let requests = 0;
    const classes = new Float64Array(CLASS_COUNT);
    for (let second = oldest; second <= current; second++) {
      const slot = slotOf(second, this.historySeconds);
      if (this.stamp[slot] !== second) continue;
      requests += this.requests[slot]!;
      for (let c = 0; c < CLASS_COUNT; c++) classes[c]! += this.classes[slot * CLASS_COUNT + c]!;
    }
    let codes: CodeCount[] = [];
    if (topCodes > 0) {
      const merged = new Map<number, number>();
      const codeOldest = Math.max(oldest, current - CODE_SECONDS + 1);
      for (let second = codeOldest; second <= current; second++) {
        const slot = slotOf(second, CODE_SECONDS);
        if (this.codeStamp[slot] !== second) continue;
        for (const [code, count] of this.codeSlots[slot]!) merged.set(code, (merged.get(code) ?? 0) + count);
      }
      codes = sortedCodes(merged, topCodes);
    }
    // The current second is only partly over, and a young run has less history
    // than the window: divide by the time actually covered (never below a second,
    // so the first moments of a run do not show a spike).
    const intoCurrent = (nowMs - current * 1000) / 1000;
    const covered = Math.max(1, Math.min(seconds - 1 + intoCurrent, elapsed));
    return { seconds: covered, requests, perSecond: requests / covered, classes: this.classCounts(classes), codes };
  }

  private serverErrorSeries(nowMs: number): number[] {
    const current = Math.floor(nowMs / 1000);
    const series = new Array<number>(this.historySeconds);
    for (let i = 0; i < this.historySeconds; i++) {
      const second = current - this.historySeconds + 1 + i;
      const slot = slotOf(second, this.historySeconds);
      series[i] = this.stamp[slot] === second ? this.classes[slot * CLASS_COUNT + SERVER_ERROR]! : 0;
    }
    return series;
  }
}
