/**
 * The counts behind the Prometheus metrics (`--metrics`, `-o prom`), taken per line beside the
 * tally. Process counters: they only grow while the process runs, whatever happens to the files
 * (rotation, truncation), and start from zero in a new process, which Prometheus's rate() and
 * increase() handle as a counter reset.
 *
 * Labels are bounded by design: a status code, its class and meaning, and the source, which is a
 * file named on the command line or stdin. Nothing from the request (path, client, user agent,
 * host) ever becomes a label: each distinct value would be a new series.
 */
import type { LineParser } from '../formats/parser.js';
import type { LogVendor } from '../formats/record.js';
import type { IgnoredCode } from '../model/ignored.js';
import type { LineTap } from '../pipeline/source-processor.js';

/**
 * Upper bounds in seconds of the duration histogram: the usual classic buckets, plus pairs on
 * each side of the timeouts proxies default to (30 s, 60 s, Cloudflare's 100 s), so that requests
 * cut off by one land in a bucket of their own: a pile in (59, 61] is a 60 s timeout firing.
 */
export const DURATION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 29, 31, 59, 61, 99, 101, 300];

/** Statuses 0-999 are counted in an array; anything else in a map. */
const CODE_SLOTS = 1000;

/** Responses of one source written by one vendor's server (the vendor decides a code's meaning). */
export interface ResponseSlot {
  readonly source: string;
  readonly vendor: LogVendor;
  readonly codes: Float64Array;
  readonly otherCodes: Map<number, number>;
}

function increment(map: Map<number, number>, key: number): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export class FleetCounts implements LineTap {
  private readonly slots: ResponseSlot[] = [];
  private lastSlot: ResponseSlot | undefined;
  readonly upstreamCodes = new Map<number, number>();
  readonly originCodes = new Map<number, number>();
  /** Per bucket of DURATION_BUCKETS, not cumulative; the last slot is above the last bound. */
  readonly durationBuckets = new Float64Array(DURATION_BUCKETS.length + 1);
  durationSumSeconds = 0;
  durationCount = 0;
  /** Parsed counts records inside and outside --since/--until, as the report's lines.parsed does. */
  readonly lines = { parsed: 0, malformed: 0, ignored: 0 };
  /** The ignored lines by why; adds up to lines.ignored. */
  readonly ignoredCodes = new Map<IgnoredCode, number>();
  rotations = 0;
  /** Epoch ms of the latest record time seen, or -1. */
  lastRecordMs = -1;

  record(parser: LineParser, source: string): void {
    let slot = this.lastSlot;
    if (slot === undefined || slot.source !== source || slot.vendor !== parser.vendor) slot = this.slotFor(source, parser.vendor);
    const hot = parser.hot;
    const status = hot.status;
    if (status >= 0 && status < CODE_SLOTS) slot.codes[status]!++;
    else increment(slot.otherCodes, status);
    this.lines.parsed++;
    const time = hot.time;
    if (time > this.lastRecordMs) this.lastRecordMs = time;
    const durationMs = hot.durationMs;
    if (durationMs >= 0) this.observeDuration(durationMs / 1000);
    // As Tally.addScanned does, so the upstream and origin counts equal the report's: the
    // statuses behind a response are read where the tally builds the record's detail.
    if (status >= 400 || parser.detailEveryLine) {
      const ranges = status < 600 && !parser.detailEveryLine ? parser.locateDetail?.() : undefined;
      if (ranges === undefined) this.countBehind(parser);
    }
  }

  other(outcome: 'outside' | 'filtered' | 'malformed' | 'ignored', _source: string, ignored?: IgnoredCode): void {
    if (outcome === 'outside' || outcome === 'filtered') this.lines.parsed++;
    else this.lines[outcome]++;
    if (outcome === 'ignored') {
      const code = ignored ?? 'blank';
      this.ignoredCodes.set(code, (this.ignoredCodes.get(code) ?? 0) + 1);
    }
  }

  /** A followed file was replaced or truncated. */
  rotated(): void {
    this.rotations++;
  }

  /** Every source and vendor seen, in the order first seen. */
  responseSlots(): readonly ResponseSlot[] {
    return this.slots;
  }

  private countBehind(parser: LineParser): void {
    const record = parser.detail !== undefined ? parser.detail() : parser.record();
    const statuses = record.upstreamStatus;
    if (statuses !== undefined) {
      for (const upstream of statuses) if (upstream !== null) increment(this.upstreamCodes, upstream);
    }
    if (record.originStatus !== undefined) increment(this.originCodes, record.originStatus);
  }

  private observeDuration(seconds: number): void {
    this.durationSumSeconds += seconds;
    this.durationCount++;
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]!) i++;
    this.durationBuckets[i]!++;
  }

  private slotFor(source: string, vendor: LogVendor): ResponseSlot {
    let slot = this.slots.find((s) => s.source === source && s.vendor === vendor);
    if (slot === undefined) {
      slot = { source, vendor, codes: new Float64Array(CODE_SLOTS), otherCodes: new Map() };
      this.slots.push(slot);
    }
    this.lastSlot = slot;
    return slot;
  }
}
