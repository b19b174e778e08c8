import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RecordStream } from '../../src/export/record-stream.js';
import { recordLine } from '../../src/export/records.js';
import type { LineParser } from '../../src/formats/parser.js';
import { builtinFormats } from '../../src/formats/builtin.js';
import { DETECTION_SAMPLE_LINES } from '../../src/formats/detect.js';
import { analyze } from '../../src/pipeline/analyze.js';
import type { FormatChoice, LineTap } from '../../src/pipeline/source-processor.js';
import type { SourceSpec } from '../../src/ingest/source.js';
import { readSourceTuned } from '../../src/ingest/read-source.js';
import { SourceProcessor } from '../../src/pipeline/source-processor.js';
import { createTargets } from '../../src/pipeline/analyze.js';

const root = new URL('../../', import.meta.url).pathname;
const auto: FormatChoice = { candidates: builtinFormats };

/** Every log the fixtures hold, gzip and other compressions included (they must fail the same way). */
function fixtureLogs(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!/\.(md|json|log_format)$/.test(name) && !name.startsWith('.')) found.push(path);
    }
  };
  walk(join(root, 'fixtures'));
  return found;
}

class Collect extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** The reference: recordLine() over the full record, as records were written before RecordStream. */
class ReferenceLines implements LineTap {
  readonly lines: string[] = [];
  located = 0;
  record(parser: LineParser, source: string, lineNo: number): void {
    if (parser.locateRecord?.() !== undefined) this.located++;
    this.lines.push(`${recordLine(parser.record(), source, lineNo)}\n`);
  }
  other(): void {}
}

async function both(specs: SourceSpec[], formats: FormatChoice = auto): Promise<{ written: string; reference: string; located: number }> {
  const out = new Collect();
  const stream = new RecordStream(out);
  await analyze(specs, { formats, tap: stream, tallyRecords: false });
  stream.flush();
  const reference = new ReferenceLines();
  await analyze(specs, { formats, tap: reference });
  return { written: out.text(), reference: reference.lines.join(''), located: reference.located };
}

describe('RecordStream', () => {
  it('writes the bytes recordLine() gives for every record of every fixture log', async () => {
    let located = 0;
    let lines = 0;
    for (const path of fixtureLogs()) {
      const { written, reference, located: here } = await both([{ kind: 'file', path }]);
      expect(written, path).toBe(reference);
      located += here;
      lines += reference.length === 0 ? 0 : reference.split('\n').length - 1;
    }
    // Both paths were taken: most lines are located in place, and many are not.
    expect(located).toBeGreaterThan(500);
    expect(lines - located).toBeGreaterThan(500);
  });

  it('writes every format forced on every corpus file as recordLine() does', async () => {
    const corpus = fixtureLogs().filter((path) => path.includes('/fixtures/corpus/') || path.includes('/fixtures/real/'));
    for (const format of builtinFormats) {
      for (const path of corpus) {
        const { written, reference } = await both([{ kind: 'file', path }], { candidates: [format], forced: format });
        expect(written, `${format.name} on ${path}`).toBe(reference);
      }
    }
  });

  it('escapes what JSON must in located fields, and keeps odd requests as the record has them', async () => {
    const lines = [
      // A tab in the path, a control character and a backslash in the client, a quote-free odd method.
      '10.0.0.1 - - [21/Nov/2026:03:10:00 +0000] "GET /a\tb?x=1\ty HTTP/1.1" 200 5 "-" "curl"',
      '10.0.0.\x01 - - [21/Nov/2026:03:10:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl"',
      'host\\name - - [21/Nov/2026:03:10:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl"',
      // Escapes in the query (decoded by record()), a request without a protocol, an empty target.
      '10.0.0.1 - - [21/Nov/2026:03:10:01 +0000] "GET /s?q=\\x22a\\x22 HTTP/1.1" 200 5 "-" "curl"',
      '10.0.0.1 - - [21/Nov/2026:03:10:01 +0000] "GET /no-protocol?a=1" 200 5 "-" "curl"',
      '10.0.0.1 - - [21/Nov/2026:03:10:01 +0000] "GET  HTTP/1.1" 400 0 "-" "-"',
      '10.0.0.1 - - [21/Nov/2026:03:10:01 +0000] "GET /? HTTP/1.1" 200 5 "-" "-"',
      '10.0.0.1 - - [21/Nov/2026:03:10:01 +0000] "GET /a?b?c HTTP/1.0" 200 5 "-" "-"',
      '10.0.0.1 - - [21/Nov/2026:03:10:02 +0000] "-" 400 0 "-" "-"',
      '10.0.0.1 - - [21/Nov/2026:03:10:02 +0000] "\\x16\\x03\\x01" 400 0 "-" "-"',
      '- - - [21/Nov/2026:03:10:02 +0000] "PROPFIND /dav HTTP/1.1" 207 5 "-" "-"',
      // A time in the next minute, and one in the minute after a gap.
      '10.0.0.1 - - [21/Nov/2026:03:11:59 +0000] "GET /t HTTP/1.1" 200 5 "-" "-"',
      '10.0.0.1 - - [21/Nov/2026:04:00:00 +0000] "GET /t HTTP/1.1" 200 5 "-" "-"',
    ];
    // Detection reads the first lines as strings; the lines after them come in runs of bytes,
    // read in place, except the run with non-ASCII text in it.
    const plain = '10.0.0.1 - - [21/Nov/2026:03:09:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl"\n'.repeat(DETECTION_SAMPLE_LINES + 100);
    const nonAscii = '10.0.0.1 - - [21/Nov/2026:03:10:03 +0000] "GET /café HTTP/1.1" 200 5 "-" "ü"\n';
    const input = [Buffer.from(plain), Buffer.from(`${lines.join('\n')}\n`), Buffer.from(nonAscii), Buffer.from(`${lines.join('\n')}\n`)];
    const out = new Collect();
    const stream = new RecordStream(out);
    const targets = createTargets({ tap: stream, tallyRecords: false });
    const processor = new SourceProcessor('stdin', targets, auto);
    await readSourceTuned({ kind: 'stdin' }, processor, {}, { stdin: Readable.from(input) });
    processor.flush();
    stream.flush();

    const reference = new ReferenceLines();
    const refProcessor = new SourceProcessor('stdin', createTargets({ tap: reference }), auto);
    await readSourceTuned({ kind: 'stdin' }, refProcessor, {}, { stdin: Readable.from(input) });
    refProcessor.flush();
    expect(out.text()).toBe(reference.lines.join(''));
    expect(reference.lines).toHaveLength(DETECTION_SAMPLE_LINES + 100 + 2 * lines.length + 1);
    expect(reference.located).toBeGreaterThan(100 + 2 * 10);
    for (const line of out.text().trimEnd().split('\n')) JSON.parse(line);
  });

  it('writes a record longer than its batch whole, across writes', async () => {
    const path = `/${'p'.repeat(3 * 1024 * 1024)}`;
    const input = Buffer.from(`10.0.0.1 - - [21/Nov/2026:03:10:00 +0000] "GET ${path}?q=1 HTTP/1.1" 200 5 "-" "curl"\n`.repeat(3));
    const out = new Collect();
    const stream = new RecordStream(out);
    const processor = new SourceProcessor('stdin', createTargets({ tap: stream, tallyRecords: false }), auto);
    await readSourceTuned({ kind: 'stdin' }, processor, { maxLineBytes: 8 * 1024 * 1024 }, { stdin: Readable.from([input]) });
    processor.flush();
    stream.flush();
    const records = out.text().trimEnd().split('\n').map((line) => JSON.parse(line) as { path: string; query: string; line: number });
    expect(records.map((r) => [r.path.length, r.query, r.line])).toEqual([1, 2, 3].map((line) => [path.length, 'q=1', line]));
  });
});
