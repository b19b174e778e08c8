import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_FORMATS, CUSTOM_LOG_FORMAT, writeBenchLog, type BenchFormat } from '../../scripts/gen-bench-log.js';
import { detectFormat } from '../../src/formats/detect.js';
import { builtinFormats } from '../../src/formats/builtin.js';
import { compileNginxLogFormat } from '../../src/formats/logformat/nginx.js';
import { ScanOutcome, type FormatDefinition } from '../../src/formats/parser.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-gen-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINES = 1000;

function generate(format: BenchFormat, lines = LINES): string {
  const out = join(dir, `${format}-${lines}.log`);
  writeBenchLog({ lines, out, format });
  return readFileSync(out, 'utf8');
}

interface Read {
  format: string;
  records: number;
  ignored: number;
  /** status -> count, and per status the sum of the times, so a shifted clock shows. */
  statuses: Map<number, number>;
  times: Map<number, number>;
}

function read(text: string, definition: FormatDefinition): Read {
  const parser = definition.create();
  const result: Read = { format: parser.format, records: 0, ignored: 0, statuses: new Map(), times: new Map() };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const outcome = parser.scan(line);
    if (outcome === ScanOutcome.Ignored) {
      result.ignored++;
      continue;
    }
    expect(outcome, `${definition.name}: ${line.slice(0, 200)} (${parser.reason?.detail})`).toBe(ScanOutcome.Record);
    const { status, time } = parser.hot;
    result.records++;
    result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
    result.times.set(status, (result.times.get(status) ?? 0) + time);
  }
  return result;
}

describe('gen-bench-log', () => {
  it('writes nginx combined by default, the bytes it always wrote', () => {
    // The digest of the first 2,000 lines of seed 1 before the other formats were added.
    const text = generate('nginx-combined', 2000);
    expect(createHash('sha256').update(text).digest('hex').slice(0, 16)).toBe(DIGEST_2000);
  });

  const combined = read(generate('nginx-combined'), builtinFormats.find((f) => f.name === 'nginx-combined')!);

  it.each(Object.keys(BENCH_FORMATS).filter((name) => name !== 'nginx-combined') as BenchFormat[])('%s carries the same statuses at the same times', (format) => {
    const text = generate(format);
    const custom = format === 'custom-log-format';
    const definition = custom ? compileNginxLogFormat(CUSTOM_LOG_FORMAT, 'nginx-custom') : detectFormat(text.split('\n').slice(0, 50), builtinFormats, 'bench')!.format;
    const got = read(text, definition);
    if (!custom) expect(got.format).toBe(format);
    expect(got.records).toBe(LINES);
    expect(got.statuses).toEqual(combined.statuses);
    expect(got.times).toEqual(combined.times);
  });

  it('is deterministic', () => {
    expect(generate('aws-alb', 500)).toBe(generate('aws-alb', 500));
  });
});

const DIGEST_2000 = '89d222f1def8f777';
