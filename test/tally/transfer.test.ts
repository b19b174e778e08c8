import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/formats/record.js';
import { Tally } from '../../src/tally/index.js';
import { TopK } from '../../src/tally/top-k.js';
import { sketchFromTransfer, sketchToTransfer } from '../../src/tally/transfer.js';
import { newLatencySketch, summarizeLatency } from '../../src/tally/latency.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

/** Letters, since path shapes fold numbers into ':id'. */
function word(n: number): string {
  return String.fromCharCode(97 + (n % 26), 97 + Math.floor(n / 26));
}

/** A varied, deterministic stream: many distinct error paths and clients, upstream lists, latencies. */
function records(count: number, seed: number): LogRecord[] {
  const out: LogRecord[] = [];
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  for (let i = 0; i < count; i++) {
    const status = [200, 200, 200, 301, 404, 404, 500, 502, 503, 0][next(10)]!;
    const record: LogRecord = {
      status,
      time: T0 + next(600) * 1000,
      path: `/p/${word(next(status >= 400 ? 40 : 5))}`,
      client: `10.0.0.${next(30)}`,
      host: `h${next(3)}.example`,
      bytes: next(5000),
      durationMs: next(4) === 0 ? 0 : next(20000) / 10,
      format: i % 50 === 7 ? 'apache-combined' : 'nginx-upstreaminfo',
      vendor: i % 50 === 7 ? 'apache' : 'nginx',
    };
    if (next(3) === 0) {
      record.upstream = [`10.1.0.${next(6)}:80`, `10.1.0.${next(6)}:80`];
      record.upstreamStatus = [[502, 503, 200][next(3)]!, status === 0 ? null : status];
    }
    out.push(record);
  }
  return out;
}

function tallyOf(list: readonly LogRecord[], options: ConstructorParameters<typeof Tally>[0]): Tally {
  const tally = new Tally(options);
  for (const record of list) tally.addRecord(record);
  return tally;
}

function addMalformed(tally: Tally, from: number, count: number): void {
  for (let i = 0; i < count; i++) tally.addMalformed({ line: from + i, source: 'a.log', reason: `reason ${i % 3}`, text: `bad ${from + i}` });
}

/** As a worker's tally travels: plain data through structured clone. */
function carried(tally: Tally): Tally {
  return Tally.fromTransfer(structuredClone(tally.toTransfer()));
}

describe('Tally transfer', () => {
  it('summarizes identically after a round trip, sketches full or not', () => {
    for (const trackCapacity of [3, 2000]) {
      const tally = tallyOf(records(3000, 11), { top: 5, trackCapacity });
      addMalformed(tally, 40, 25);
      tally.addIgnored();
      tally.addOutsideWindow();
      const expected = tally.summarize();
      // The fixture must exercise what the transfer carries.
      expect(expected.latency?.count).toBeGreaterThan(0);
      expect(expected.upstreamFailures.length).toBeGreaterThan(0);
      expect(expected.malformed.samples).toHaveLength(20);
      expect(carried(tally).summarize()).toEqual(expected);
    }
  });

  it('keeps a full top-k sketch exact enough to keep counting the same way', () => {
    const original = new TopK(3);
    const keys = ['a', 'b', 'c', 'd', 'a', 'e', 'e', 'b', 'f', 'a'];
    for (const key of keys) original.add(key);
    const copy = TopK.fromTransfer(structuredClone(original.toTransfer()));
    expect(copy.approximate).toBe(true);
    for (const key of ['g', 'b', 'h', 'h', 'c']) {
      original.add(key);
      copy.add(key);
    }
    expect(copy.top(3)).toEqual(original.top(3));
    expect(copy.total).toBe(original.total);
  });

  it('keeps the exact minimum and maximum of a latency sketch', () => {
    const sketch = newLatencySketch();
    for (const ms of [0, 0.4, 12.5, 12.6, 999.9, 30_000]) sketch.accept(ms);
    const copy = sketchFromTransfer(structuredClone(sketchToTransfer(sketch)))!;
    expect([copy.min, copy.max, copy.count]).toEqual([0, 30_000, 6]);
    expect(summarizeLatency(copy)).toEqual(summarizeLatency(sketch));
  });
});

describe('merging a recorded tally', () => {
  it('equals one tally fed both parts in order, even once the top-k sketches are full', () => {
    const first = records(2500, 3);
    const second = records(2500, 5);
    const whole = tallyOf([...first, ...second], { top: 5, trackCapacity: 3 });
    addMalformed(whole, 1, 12);
    addMalformed(whole, 2600, 12);

    const head = tallyOf(first, { top: 5, trackCapacity: 3 });
    addMalformed(head, 1, 12);
    const tail = tallyOf(second, { top: 5, trackCapacity: 3, recordTopK: true });
    addMalformed(tail, 2600, 12);
    head.merge(carried(tail));
    const expected = whole.summarize();
    expect(expected.errors[0]!.paths).toHaveLength(3);
    expect(head.summarize()).toEqual(expected);
    expect(head.summarize().malformed.samples.map((sample) => sample.line)).toEqual([...Array(12).keys()].map((i) => i + 1).concat([2600, 2601, 2602, 2603, 2604, 2605, 2606, 2607]));
  });

  it('differs from a merge of two full sketches, which is only an estimate', () => {
    // Shows the comparison above can fail: the plain sketch merge gives other counts here.
    const first = records(2500, 3);
    const second = records(2500, 5);
    const whole = tallyOf([...first, ...second], { top: 5, trackCapacity: 3 });
    const head = tallyOf(first, { top: 5, trackCapacity: 3 });
    head.merge(carried(tallyOf(second, { top: 5, trackCapacity: 3 })));
    expect(head.summarize().errors).not.toEqual(whole.summarize().errors);
  });

  it('uses exact counts while the sketches have room', () => {
    const first = records(1000, 8);
    const second = records(1000, 9);
    const whole = tallyOf([...first, ...second], { top: 50 });
    const head = tallyOf(first, { top: 50 });
    head.merge(carried(tallyOf(second, { top: 50, recordTopK: true })));
    expect(head.summarize()).toEqual(whole.summarize());
  });

  it('keeps formats in the order one tally would have met them', () => {
    const nginx: LogRecord = { status: 200, time: T0, format: 'nginx-combined', vendor: 'nginx' };
    const apache: LogRecord = { status: 200, time: T0, format: 'apache-combined', vendor: 'apache' };
    const head = tallyOf([nginx, nginx], {});
    const tail = tallyOf([apache, nginx], { recordTopK: true });
    head.merge(carried(tail));
    expect(Object.keys(head.summarize().formats)).toEqual(['nginx-combined', 'apache-combined']);
  });
});
