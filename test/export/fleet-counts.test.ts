import { describe, expect, it } from 'vitest';
import { compileNginxLogFormat } from '../../src/formats/logformat/nginx.js';
import { ScanOutcome } from '../../src/formats/parser.js';
import { FleetCounts } from '../../src/export/fleet-counts.js';
import { fleetRegistry, OPENMETRICS_TEXT } from '../../src/export/metrics.js';
import { parseExposition, sumBy } from './exposition.js';
import { IGNORED_CODE_LIST } from '../../src/model/ignored.js';
import { SourceProcessor } from '../../src/pipeline/source-processor.js';
import { Tally } from '../../src/tally/tally.js';
import { iisFormats } from '../../src/formats/iis.js';

const format = compileNginxLogFormat('$remote_addr [$time_local] "$request" $status $request_time "$upstream_status"', 'nginx-custom');

function count(lines: readonly string[], source = 'access.log'): FleetCounts {
  const counts = new FleetCounts();
  const parser = format.create();
  lines.forEach((line) => {
    expect(parser.scan(line)).toBe(ScanOutcome.Record);
    counts.record(parser, source);
  });
  return counts;
}

const line = (status: number, seconds: string, upstream = '-'): string => `10.0.0.1 [21/Nov/2026:03:10:00 +0000] "GET /x HTTP/1.1" ${status} ${seconds} "${upstream}"`;

describe('FleetCounts through the exposition', () => {
  it('puts requests cut off by a 60 s timeout in a bucket of their own', async () => {
    const counts = count([line(504, '60.001', '504'), line(504, '60.000', '504'), line(200, '59.2', '200'), line(200, '0.004', '200'), line(200, '400', '200')]);
    const samples = parseExposition(await fleetRegistry(counts).metrics());
    const bucket = (le: string): number | undefined => samples.find((s) => s.name === 'logcodes_http_request_duration_seconds_bucket' && s.labels.le === le)?.value;
    expect(bucket('0.005')).toBe(1);
    expect(bucket('59')).toBe(1);
    expect(bucket('61')! - bucket('59')!).toBe(3);
    expect(bucket('300')).toBe(4);
    expect(bucket('+Inf')).toBe(5);
    const sum = samples.find((s) => s.name === 'logcodes_http_request_duration_seconds_sum')!.value;
    expect(sum).toBeCloseTo(60.001 + 60 + 59.2 + 0.004 + 400, 6);
  });

  it('counts every element of $upstream_status, and keeps counting as lines come', async () => {
    const counts = count([line(200, '0.1', '502, 200'), line(502, '0.1', '502, 502')]);
    const registry = fleetRegistry(counts);
    const upstream = async (): Promise<Record<string, number>> =>
      Object.fromEntries(parseExposition(await registry.metrics()).filter((s) => s.name === 'logcodes_upstream_responses_total').map((s) => [s.labels.code!, s.value]));
    expect(await upstream()).toEqual({ '200': 1, '502': 3 });
    const parser = format.create();
    parser.scan(line(200, '0.1', '200'));
    counts.record(parser, 'access.log');
    expect(await upstream()).toEqual({ '200': 2, '502': 3 });
  });

  it('counts ignored lines by reason, every reason a series from the first scrape on', async () => {
    const counts = new FleetCounts();
    expect(sumBy(parseExposition(await fleetRegistry(counts).metrics()), 'logcodes_lines_total', 'reason')).toEqual(
      new Map([['', 0], ...IGNORED_CODE_LIST.filter((code) => code !== 'reason-unrecorded').map((code): [string, number] => [code, 0])]),
    );
    // Through a source, as the pipeline hands lines to its tap: directives, a blank line, records.
    const tally = new Tally();
    const processor = new SourceProcessor('u_ex.log', { main: tally, tap: counts }, { candidates: iisFormats });
    const text = ['#Software: Microsoft Internet Information Services 10.0', '#Fields: date time cs-method cs-uri-stem sc-status', '2026-11-21 03:10:00 GET / 200', '', '2026-11-21 03:10:01 GET /x 404'];
    text.forEach((entry, i) => {
      processor.line(entry, i + 1);
    });
    processor.flush();
    const samples = parseExposition(await fleetRegistry(counts).metrics());
    const lines = samples.filter((s) => s.name === 'logcodes_lines_total');
    expect(sumBy(lines, 'logcodes_lines_total', 'outcome')).toEqual(new Map([['parsed', 2], ['malformed', 0], ['ignored', 3]]));
    const ignored = lines.filter((s) => s.labels.outcome === 'ignored' && s.value > 0).map((s) => [s.labels.reason, s.value]);
    expect(ignored).toEqual([['blank', 1], ['directive', 2]]);
    // The same reasons as the report's.
    expect(tally.summarize().ignoredCodes).toEqual({ directive: 2, blank: 1 });
  });

  it('writes OpenMetrics counters as families without _total, ending in # EOF', async () => {
    const text = await fleetRegistry(count([line(200, '0.1')]), OPENMETRICS_TEXT).metrics();
    expect(text).toContain('# TYPE logcodes_http_responses counter\n');
    expect(text).toContain('logcodes_http_responses_total{code="200",class="2xx",vendor_meaning="OK",source="access.log"} 1\n');
    expect(text.endsWith('# EOF\n')).toBe(true);
  });

  it('gives no duration samples and no last record time until a record carries them, in either format', async () => {
    const untimed = compileNginxLogFormat('$remote_addr "$request" $status', 'nginx-untimed');
    const counts = new FleetCounts();
    for (const type of [undefined, OPENMETRICS_TEXT]) {
      const empty = parseExposition(await fleetRegistry(counts, type).metrics());
      expect(empty.filter((s) => s.name.startsWith('logcodes_http_request_duration_seconds') || s.name === 'logcodes_last_record_timestamp_seconds')).toEqual([]);
    }
    const parser = untimed.create();
    expect(parser.scan('10.0.0.1 "GET /x HTTP/1.1" 200')).toBe(ScanOutcome.Record);
    counts.record(parser, 'access.log');
    const samples = parseExposition(await fleetRegistry(counts).metrics());
    expect(samples.find((s) => s.name === 'logcodes_http_responses_total')?.value).toBe(1);
    // A format without $request_time: no histogram of durations that were never logged.
    expect(samples.filter((s) => s.name.startsWith('logcodes_http_request_duration_seconds'))).toEqual([]);
    expect(samples.filter((s) => s.name === 'logcodes_last_record_timestamp_seconds')).toEqual([]);
    const timed = count([line(200, '0.1')]);
    const last = parseExposition(await fleetRegistry(timed).metrics()).find((s) => s.name === 'logcodes_last_record_timestamp_seconds');
    expect(last?.value).toBe(Date.UTC(2026, 10, 21, 3, 10, 0) / 1000);
  });
});
