import type { DDSketch } from '@datadog/sketches-js';
import type { LogVendor } from '../formats/record.js';
import type { MalformedSample } from '../report/model.js';
import { newLatencySketch } from './latency.js';

/*
 * Plain-data forms of a Tally and its parts, for structured clone between
 * threads (class instances lose their methods on the way). Maps and typed
 * arrays survive structured clone as they are.
 */

/** A TopK: entries in insertion order, the heap as positions in `entries`, and a recording's log. */
export interface TopKTransfer {
  capacity: number;
  total: number;
  entries: [key: string, count: number, error: number][];
  heap?: number[];
  log?: { keys: string[]; sequence: Int32Array };
}

/**
 * A latency sketch: its non-empty bins by key plus the exact statistics it
 * keeps beside them. DDSketch.toProto() would drop min, max, count and sum,
 * which the summary uses to clamp quantiles and report the maximum.
 */
export interface SketchTransfer {
  positive: [key: number, count: number][];
  negative: [key: number, count: number][];
  zeroCount: number;
  min: number;
  max: number;
  count: number;
  sum: number;
}

export interface ErrorDetailTransfer {
  code: number;
  count: number;
  firstTime: number;
  lastTime: number;
  minutes: Map<number, number>;
  paths: TopKTransfer;
  hosts: TopKTransfer;
  upstreams: TopKTransfer;
  clients: TopKTransfer;
  upstreamStatuses: TopKTransfer;
  subStatuses: Map<string, number>;
  win32Statuses: Map<string, number>;
  originStatuses: Map<string, number>;
  vendors: Map<LogVendor, number>;
  latency?: SketchTransfer;
}

export interface UpstreamFailureTransfer {
  code: number;
  count: number;
  rescued: number;
  addresses: TopKTransfer;
}

export interface TallyTransfer {
  topN: number;
  capacity: number;
  recordTopK: boolean;
  codeCounts: Float64Array;
  otherCodes: Map<number, number>;
  requests: number;
  bytes: number;
  firstTime: number;
  lastTime: number;
  latency?: SketchTransfer;
  minutes: Map<number, Float64Array>;
  formats: [name: string, vendor: LogVendor, count: number][];
  errors: ErrorDetailTransfer[];
  upstreamCodes: Map<number, number>;
  originCodes: Map<number, number>;
  upstreamFailures: UpstreamFailureTransfer[];
  parsedOutsideWindow: number;
  ignored: number;
  malformed: number;
  malformedReasons: Map<string, number>;
  malformedSamples: MalformedSample[];
}

interface BinStore {
  bins: number[];
  offset: number;
}

function binsOf(store: BinStore): [number, number][] {
  const bins: [number, number][] = [];
  for (let i = 0; i < store.bins.length; i++) {
    const count = store.bins[i]!;
    if (count !== 0) bins.push([i + store.offset, count]);
  }
  return bins;
}

export function sketchToTransfer(sketch: DDSketch | undefined): SketchTransfer | undefined {
  if (sketch === undefined) return undefined;
  return {
    positive: binsOf(sketch.store),
    negative: binsOf(sketch.negativeStore),
    zeroCount: sketch.zeroCount,
    min: sketch.min,
    max: sketch.max,
    count: sketch.count,
    sum: sketch.sum,
  };
}

export function sketchFromTransfer(data: SketchTransfer | undefined): DDSketch | undefined {
  if (data === undefined) return undefined;
  const sketch = newLatencySketch();
  for (const [key, count] of data.positive) sketch.store.add(key, count);
  for (const [key, count] of data.negative) sketch.negativeStore.add(key, count);
  sketch.zeroCount = data.zeroCount;
  sketch.min = data.min;
  sketch.max = data.max;
  sketch.count = data.count;
  sketch.sum = data.sum;
  return sketch;
}
