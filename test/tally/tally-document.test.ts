import { describe, expect, it } from 'vitest';
import { randomScenario, recordsOf, trafficOf } from '../../scripts/gen-traffic.js';
import type { LogRecord } from '../../src/formats/record.js';
import { documentBucketMinutes, encodeSeries, forEachInSeries } from '../../src/tally/tally-document.js';
import { readSummary, renderSummary, summaryFile } from '../../src/tally/summary-file.js';
import { Tally } from '../../src/tally/tally.js';
import { triage } from '../../src/triage/triage.js';

const MINUTE_MS = 60_000;

/** Three days of nginx traffic with planted incidents, as records. */
function trafficRecords(seed: number, days: number): LogRecord[] {
  const scenario = randomScenario(seed, days, 60);
  const records: LogRecord[] = [];
  for (const minute of trafficOf(scenario, seed)) records.push(...recordsOf(minute, 'nginx', seed));
  return records;
}

function tallyOf(records: readonly LogRecord[]): Tally {
  const tally = new Tally();
  for (const record of records) tally.addRecord(record);
  return tally;
}

/** Through the file's text and back, as `merge` reads it. */
function roundTrip(tally: Tally): Tally {
  const text = renderSummary(summaryFile(tally.toDocument(), { labels: {}, sources: [] }));
  return Tally.fromDocument(readSummary(JSON.parse(text)).tally);
}

describe('a tally written as a summary document and read back', () => {
  const records = trafficRecords(21, 1);

  it('summarizes as the tally it came from', () => {
    const tally = tallyOf(records);
    tally.addMalformed({ line: 3, source: 'a.log', code: 'status-unset', reason: "status is '-'", text: 'x' });
    tally.addIgnored('elb-tcp-listener');
    tally.addOutsideWindow(Date.UTC(2020, 0, 1));
    tally.addFilteredOut();
    const at = records[records.length - 1]!.time!;
    tally.addRecord({ status: 502, time: at, format: 'aws-alb', vendor: 'aws-elb', signal: { kind: 'alb-error-reason', value: 'LambdaInvalidResponse' } });
    const read = roundTrip(tally);
    expect(read.summarize()).toEqual(tally.summarize());
    expect(triage(read.summarize())).toEqual(triage(tally.summarize()));
  });

  it('merged from three round-robin shares, counts and episodes as one tally over all of it', () => {
    const shares = [0, 1, 2].map((host) => tallyOf(records.filter((_, i) => i % 3 === host)));
    const merged = roundTrip(shares[0]!);
    merged.merge(roundTrip(shares[1]!));
    merged.merge(roundTrip(shares[2]!));
    const whole = tallyOf(records).summarize();
    const summary = merged.summarize();
    expect(summary.codes).toEqual(whole.codes);
    expect(summary.classes).toEqual(whole.classes);
    expect(summary.timeline).toEqual(whole.timeline);
    expect(summary.errors.map((e) => [e.code, e.count, e.minutes])).toEqual(whole.errors.map((e) => [e.code, e.count, e.minutes]));
    const episodes = (s: typeof whole) => triage(s).map((f) => [f.code, f.evidence.episodes.map((e) => [e.start, e.end, e.count])]);
    expect(episodes(summary)).toEqual(episodes(whole));
    expect(summary.latency!.count).toBe(whole.latency!.count);
    expect(summary.latency!.max).toBe(whole.latency!.max);
  });
});

describe('the records that carried a byte count', () => {
  it('travel in the document, and a file written before them is read by its byte sum', () => {
    const sized = new Tally();
    sized.addRecord({ status: 200, time: Date.UTC(2026, 0, 1), format: 'iis-w3c', vendor: 'iis', bytes: 0 });
    sized.addRecord({ status: 200, time: Date.UTC(2026, 0, 1), format: 'iis-w3c', vendor: 'iis' });
    expect(roundTrip(sized).summarize().bytesRecords).toBe(1);
    const document = sized.toDocument();
    expect(document.bytesRecords).toBe(1);
    delete document.bytesRecords;
    // Older files: a sum of 0 reads as no record carrying a size, a sum above it as every request carrying one.
    expect(Tally.fromDocument(document).summarize().bytesRecords).toBe(0);
    expect(Tally.fromDocument({ ...document, bytes: 512 }).summarize().bytesRecords).toBe(2);
  });
});

describe('summary series', () => {
  it('keep minutes for two weeks, then the narrowest width that fits, aligned on UTC minutes', () => {
    expect(documentBucketMinutes(0, 20_159)).toBe(1);
    expect(documentBucketMinutes(0, 20_160)).toBe(2);
    expect(documentBucketMinutes(0, 365 * 1440)).toBe(30);
    expect(documentBucketMinutes(0, 10, 5)).toBe(5);
    expect(documentBucketMinutes(0, 20 * 365 * 1440)).toBe(720);
  });

  it('are dense where most buckets count and sparse where few do, and read back the same', () => {
    const dense = new Map([
      [100, 1],
      [101, 2],
      [103, 4],
    ]);
    expect(encodeSeries(dense, 1)).toEqual({ start: 100 * MINUTE_MS, counts: [1, 2, 0, 4] });
    const sparse = new Map([
      [100, 1],
      [200, 2],
      [5000, 3],
    ]);
    const encoded = encodeSeries(sparse, 1);
    expect(encoded.skips).toEqual([0, 99, 4799]);
    const back = new Map<number, number>();
    forEachInSeries(encoded, 1, (minute, count) => back.set(minute, count));
    expect(back).toEqual(sparse);
    const wide = new Map<number, number>();
    forEachInSeries(encodeSeries(sparse, 60), 60, (minute, count) => wide.set(minute, count));
    expect(wide).toEqual(new Map([[60, 1], [180, 2], [4980, 3]]));
  });

  it('hold a long span in bounded buckets, and triage reads them at their width', () => {
    const tally = new Tally();
    const start = Date.UTC(2025, 0, 1);
    // A year, one request every ten minutes, with a 503 outage of a day in the middle.
    for (let minute = 0; minute < 365 * 1440; minute += 10) {
      const outage = minute >= 180 * 1440 && minute < 181 * 1440;
      tally.addRecord({ status: outage ? 503 : 200, time: start + minute * MINUTE_MS, format: 'nginx-combined', vendor: 'nginx' });
    }
    const document = tally.toDocument();
    expect(document.bucketMinutes).toBe(30);
    expect(document.classes['2xx']!.counts.length).toBeLessThanOrEqual(20_160);
    const read = Tally.fromDocument(document).summarize();
    expect(read.minuteResolution).toBe(30);
    expect(read.codes).toEqual(tally.summarize().codes);
    const [finding] = triage(read);
    expect(finding!.code).toBe(503);
    expect(finding!.evidence.episodes.map((e) => e.start)).toEqual([new Date(start + 180 * 1440 * MINUTE_MS).toISOString()]);
  });
});
