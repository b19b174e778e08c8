import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Breakdown } from '../../src/tally/breakdown.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { builtinFormats, findFormat } from '../../src/formats/builtin.js';
import { ScanOutcome } from '../../src/formats/parser.js';
import { STATUS_CLASSES, statusClassOf } from '../../src/model/status.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const incident = `${root}fixtures/incident/nginx-incident.log`;
const lines = readFileSync(incident, 'utf8').split('\n').filter((line) => line !== '');

/** Status and the last upstream address of an ingress-nginx line, read apart from the parser. */
function fieldsOf(line: string): { status: number; upstream?: string } {
  const status = /" (\d{3}) /.exec(line);
  const at = line.indexOf('] [');
  const after = line.indexOf('] ', at + 3);
  if (!status || at < 0 || after < 0) throw new Error(`unexpected line: ${line}`);
  // The addresses come first, joined by ', ': every token ending in a comma, and the one after.
  const tokens = line.slice(after + 2).split(' ');
  const addresses: string[] = [];
  for (const token of tokens) {
    addresses.push(token.replace(/,$/, ''));
    if (!token.endsWith(',')) break;
  }
  const real = addresses.filter((address) => address !== '-');
  return { status: Number(status[1]), upstream: real[real.length - 1] };
}

describe('Breakdown', () => {
  it('gives each upstream its records, class mix and top codes, as the log lines say', async () => {
    const result = await analyze([{ kind: 'file', path: incident }], { formats: { candidates: builtinFormats }, by: 'upstream' });
    const summary = result.breakdown!.summarize(10);
    const expected = new Map<string, Map<number, number>>();
    let missing = 0;
    for (const line of lines) {
      const { status, upstream } = fieldsOf(line);
      if (upstream === undefined) {
        missing++;
        continue;
      }
      const codes = expected.get(upstream) ?? new Map<number, number>();
      codes.set(status, (codes.get(status) ?? 0) + 1);
      expected.set(upstream, codes);
    }
    expect(summary.missing).toBe(missing);
    expect(summary.values).toBe(expected.size);
    expect(summary.approximate).toBe(false);
    expect(summary.rows.map((row) => row.value).sort()).toEqual([...expected.keys()].sort());
    for (const row of summary.rows) {
      const codes = expected.get(row.value)!;
      expect(row.requests).toBe([...codes.values()].reduce((a, b) => a + b, 0));
      for (const cls of STATUS_CLASSES) {
        expect(row.classes[cls]).toBe([...codes].filter(([code]) => statusClassOf(code) === cls).reduce((sum, [, n]) => sum + n, 0));
      }
      const top = [...codes].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 5);
      expect(row.codes).toEqual(top.map(([code, count]) => ({ code, count })));
    }
    // Most records first.
    expect(summary.rows.map((row) => row.requests)).toEqual([...summary.rows.map((row) => row.requests)].sort((a, b) => b - a));
  });

  it('cuts the rows at --top and groups by source without building records', () => {
    const breakdown = new Breakdown('source');
    const parser = findFormat('nginx-upstreaminfo')!.create();
    parser.record = () => {
      throw new Error('no record is needed to group by source');
    };
    parser.detail = parser.record;
    for (let i = 0; i < 300; i++) {
      expect(parser.scan(lines[i]!)).toBe(ScanOutcome.Record);
      breakdown.add(parser, `source-${i % 7}`);
    }
    const summary = breakdown.summarize(3);
    expect(summary.rows).toHaveLength(3);
    expect(summary.values).toBe(7);
    expect(summary.rows.map((row) => row.value)).toEqual(['source-0', 'source-1', 'source-2']);
    expect(summary.rows[0]!.requests).toBe(43);
  });

  it('keeps bounded memory past its capacity, with counts that never exceed the true ones', () => {
    const breakdown = new Breakdown('path');
    const parser = findFormat('nginx-combined')!.create();
    const heavy = 5000;
    const distinct = 20_000;
    const line = (path: string, status: number): string =>
      `192.0.2.1 - - [22/Nov/2026:03:50:00 +0000] "GET ${path} HTTP/1.1" ${status} 321 "-" "curl/8.5.0"`;
    for (let i = 0; i < distinct + heavy; i++) {
      const text = i % 5 === 0 && i / 5 < heavy ? line('/hot/page', 502) : line(`/cold/page-${String.fromCharCode(97 + (i % 26))}${i}`, 200);
      expect(parser.scan(text)).toBe(ScanOutcome.Record);
      breakdown.add(parser, 'a');
    }
    const summary = breakdown.summarize(5);
    expect(summary.approximate).toBe(true);
    expect(summary.values).toBeLessThanOrEqual(2000);
    const hot = summary.rows[0]!;
    expect(hot.value).toBe('/hot/page');
    expect(hot.requests).toBeLessThanOrEqual(heavy);
    expect(hot.requests).toBeGreaterThan(heavy * 0.5);
    expect(hot.codes[0]!.code).toBe(502);
    expect(hot.codes[0]!.count).toBeLessThanOrEqual(heavy);
  });
});
