import { describe, expect, it } from 'vitest';
import { ENDLESS_LINE_LIMITS, LineSplitter, NoLineBreaks } from '../../src/ingest/line-splitter.js';
import { CollectingSink } from './collect.js';

function pushInChunks(splitter: LineSplitter, bytes: Buffer, chunkSize: number): void {
  for (let i = 0; i < bytes.length; i += chunkSize) splitter.push(bytes.subarray(i, i + chunkSize));
  splitter.end();
}

function split(input: string | Buffer, chunkSize = 1 << 20, maxLineBytes?: number): CollectingSink {
  const sink = new CollectingSink();
  pushInChunks(new LineSplitter(sink, maxLineBytes), Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8'), chunkSize);
  return sink;
}

describe('LineSplitter', () => {
  it('cuts lines at \\n and numbers them from 1', () => {
    const sink = split('alpha\nbeta\n\ngamma\n');
    expect(sink.lines).toEqual(['alpha', 'beta', '', 'gamma']);
    expect(sink.numbers).toEqual([1, 2, 3, 4]);
  });

  it('delivers a final line that has no newline, and no phantom line after a final newline', () => {
    expect(split('one\ntwo').lines).toEqual(['one', 'two']);
    expect(split('one\ntwo\n').lines).toEqual(['one', 'two']);
    expect(split('\n').lines).toEqual(['']);
    expect(split('').lines).toEqual([]);
  });

  it('splits big chunks in decode runs without losing or merging lines at the run edges', () => {
    const lines: string[] = [];
    for (let i = 0; i < 6000; i++) lines.push(`${i} ${'é'.repeat(i % 37)}${'w'.repeat((i * 7919) % 151)}`);
    lines.splice(3000, 0, 'L'.repeat(100_000), '', 'ü'.repeat(70_000));
    const text = lines.join('\n') + '\n';
    for (const size of [1 << 20, 4 << 20, 65_001, 9_973]) {
      const sink = split(text, size);
      expect(sink.lines.length, `chunk size ${size}`).toBe(lines.length);
      expect(sink.lines).toEqual(lines);
      expect(sink.numbersAreSequential()).toBe(true);
    }
  });

  it('reads megabyte runs of lines in place, ASCII or not, CRLF or not, as line() would', () => {
    class InPlaceSink extends CollectingSink {
      lineAt(text: string, start: number, end: number, lineNo: number): void {
        this.line(text.slice(start, end), lineNo);
      }
    }
    const ascii: string[] = [];
    for (let i = 0; i < 40_000; i++) ascii.push(`10.0.${i % 256}.1 - - "GET /item/${i}${'x'.repeat((i * 31) % 97)}" ${i % 2 ? 200 : 502}${i % 5 === 0 ? '\r' : ''}`);
    const accented = ascii.map((line, i) => (i % 1000 === 999 ? `${line} café` : line));
    for (const lines of [ascii, accented]) {
      const bytes = Buffer.from(lines.join('\n') + '\n', 'utf8');
      const expected = lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
      for (const chunkSize of [1 << 20, 4 << 20]) {
        const sink = new InPlaceSink();
        pushInChunks(new LineSplitter(sink), bytes, chunkSize);
        expect(sink.lines).toEqual(expected);
        expect(sink.numbersAreSequential()).toBe(true);
      }
    }
  });

  it('announces each in-place run with the text, bytes and offset its lines share', () => {
    const runs: { text: string; bytes: Uint8Array | undefined; byteOffset: number }[] = [];
    let mismatches = 0;
    let checked = 0;
    class RunSink extends CollectingSink {
      runStart(text: string, bytes: Uint8Array | undefined, byteOffset: number): void {
        runs.push({ text, bytes, byteOffset });
      }
      lineAt(text: string, start: number, end: number, lineNo: number, bytes?: Uint8Array, byteOffset?: number): void {
        const run = runs[runs.length - 1];
        if (run === undefined || run.text !== text || run.bytes !== bytes || run.byteOffset !== byteOffset) mismatches++;
        // In an ASCII run each character is the byte at the run's offset.
        if (bytes !== undefined && end > start) {
          checked++;
          if (bytes[start + byteOffset!] !== text.charCodeAt(start) || bytes[end - 1 + byteOffset!] !== text.charCodeAt(end - 1)) mismatches++;
        }
        this.line(text.slice(start, end), lineNo);
      }
    }
    const lines = Array.from({ length: 30_000 }, (_, i) => `10.0.0.${i % 250} "GET /p/${i}" ${i % 7 ? 200 : 502}${i === 20_000 ? ' caf\u00e9' : ''}`);
    const sink = new RunSink();
    pushInChunks(new LineSplitter(sink), Buffer.from(lines.join('\n') + '\n', 'utf8'), 1 << 18);
    expect(sink.lines).toEqual(lines);
    expect(runs.length).toBeGreaterThan(10);
    // The run holding the accented line is decoded as UTF-8 and has no bytes; the others are ASCII.
    expect(runs.filter((run) => run.bytes === undefined)).toHaveLength(1);
    expect(runs.every((run) => run.bytes === undefined || !(run.bytes instanceof Buffer))).toBe(true);
    expect(checked).toBeGreaterThan(20_000);
    expect(mismatches).toBe(0);
  });

  it('gives the ASCII lines of a run their bytes however its UTF-8 lines lie', () => {
    /** How each line came: in place with bytes, in place without, or whole through line() (a line cut across chunks). */
    class BytesSink extends CollectingSink {
      readonly how: ('bytes' | 'text' | 'line')[] = [];
      mismatches = 0;
      override line(text: string, lineNo: number): void {
        this.how.push('line');
        super.line(text, lineNo);
      }
      lineAt(text: string, start: number, end: number, lineNo: number, bytes?: Uint8Array, byteOffset?: number): void {
        if (bytes !== undefined) {
          for (let i = start; i < end; i++) if (bytes[i + byteOffset!] !== text.charCodeAt(i)) this.mismatches++;
        }
        this.how.push(bytes !== undefined ? 'bytes' : 'text');
        super.line(text.slice(start, end), lineNo);
      }
    }
    const plain = (i: number): string => `{"n":${i},"path":"/item/${i}${'x'.repeat((i * 13) % 120)}"}`;
    const accented = (i: number): string => `{"n":${i},"q":"кроссовки ${'é'.repeat(i % 5)}"}`;
    // Where the UTF-8 lines fall in a run: first, last, side by side, alone, every other line, all of them.
    const layouts: ((i: number) => boolean)[] = [
      (i) => i === 0,
      (i) => i === 1999,
      (i) => i >= 700 && i < 703,
      (i) => i % 97 === 50,
      (i) => i % 2 === 1,
      () => true,
    ];
    for (const isAccented of layouts) {
      const lines = Array.from({ length: 2000 }, (_, i) => (isAccented(i) ? accented(i) : plain(i)));
      // A CRLF on some lines, and a line whose UTF-8 is broken (it decodes to U+FFFD).
      const raw = Buffer.concat(lines.map((line, i) => Buffer.concat([Buffer.from(line, 'utf8'), i % 11 === 3 && isAccented(i) ? Buffer.from([0xc3]) : Buffer.alloc(0), Buffer.from(i % 7 === 0 ? '\r\n' : '\n')])));
      const expected = lines.map((line, i) => (i % 11 === 3 && isAccented(i) ? `${line}\ufffd` : line));
      for (const chunkSize of [1 << 20, 65_001, 4096]) {
        const sink = new BytesSink();
        pushInChunks(new LineSplitter(sink), raw, chunkSize);
        expect(sink.lines).toEqual(expected);
        expect(sink.numbersAreSequential()).toBe(true);
        expect(sink.mismatches).toBe(0);
        const ascii = (line: string): boolean => /^[\x00-\x7f]*$/.test(line);
        // In place, every ASCII line has its bytes and no other line has.
        sink.how.forEach((how, i) => {
          if (how !== 'line') expect(how, `line ${i + 1}`).toBe(ascii(sink.lines[i]!) ? 'bytes' : 'text');
        });
        // At most one line per chunk is cut across chunks.
        expect(sink.how.filter((how) => how === 'line').length).toBeLessThanOrEqual(Math.ceil(raw.length / chunkSize));
      }
    }
  });

  it('still finds overlong lines inside a megabyte chunk when the limit is below the chunk size', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'a'.repeat(40)}`);
    lines[12_345] = 'L'.repeat(5000);
    const sink = split(lines.join('\n') + '\n', 2 << 20, 4096);
    expect(sink.overlongs.map((o) => [o.lineNo, o.byteLength])).toEqual([[12_346, 5000]]);
    expect(sink.lines).toHaveLength(19_999);
    expect(sink.numbersAreSequential()).toBe(true);
  });

  it('strips the \\r of a CRLF, and ends a line at a \\r elsewhere', () => {
    expect(split('a\r\nb\r\r\nc\rd\n\r\n').lines).toEqual(['a', 'b', '', 'c', 'd', '']);
    expect(split('last\r').lines).toEqual(['last']);
  });

  it('strips the \\r of a CRLF split across chunks', () => {
    for (let size = 1; size <= 6; size++) {
      expect(split('abc\r\ndef\r\n', size).lines).toEqual(['abc', 'def']);
    }
  });

  it('gives the same lines for every chunk size, with multi-byte UTF-8 split across chunk boundaries', () => {
    const text = 'größe=ü\n€uro 😀 emoji\nЯндекс\r\n\nascii only\n末尾の行';
    const expected = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    const bytes = Buffer.from(text, 'utf8');
    for (let size = 1; size <= bytes.length; size++) {
      const sink = split(bytes, size);
      expect(sink.lines, `chunk size ${size}`).toEqual(expected);
      expect(sink.numbersAreSequential()).toBe(true);
    }
  });

  it('turns invalid UTF-8 into U+FFFD without throwing', () => {
    const bytes = Buffer.from([0x61, 0xff, 0x62, 0x0a, 0xe2, 0x82, 0x0a, 0xc3, 0x28, 0x0a]);
    const decoder = new TextDecoder('utf-8');
    const expected = [
      decoder.decode(Buffer.from([0x61, 0xff, 0x62])),
      decoder.decode(Buffer.from([0xe2, 0x82])),
      decoder.decode(Buffer.from([0xc3, 0x28])),
    ];
    expect(expected[0]).toBe('a\uFFFDb');
    for (let size = 1; size <= bytes.length; size++) {
      expect(split(bytes, size).lines, `chunk size ${size}`).toEqual(expected);
    }
  });

  it('reports a line longer than maxLineBytes as overlong, and keeps the lines around it', () => {
    const long = 'L'.repeat(25);
    const input = `before\n${long}\nafter\n`;
    for (const size of [1, 3, 8, 64]) {
      const sink = split(input, size, 10);
      expect(sink.lines, `chunk size ${size}`).toEqual(['before', 'after']);
      expect(sink.overlongs).toEqual([{ lineNo: 2, byteLength: 25, head: long }]);
      expect(sink.numbers).toEqual([1, 2, 3]);
    }
  });

  it('allows a line of exactly maxLineBytes and rejects one byte more', () => {
    const sink = split('1234567890\n12345678901\n', 4, 10);
    expect(sink.lines).toEqual(['1234567890']);
    expect(sink.overlongs.map((o) => o.byteLength)).toEqual([11]);
  });

  it('finds overlong lines inside one chunk that is bigger than maxLineBytes', () => {
    const sink = split(`ok\n${'x'.repeat(30)}\r\nfine\n${'y'.repeat(12)}\nend`, 1 << 20, 10);
    expect(sink.lines).toEqual(['ok', 'fine', 'end']);
    expect(sink.overlongs.map((o) => [o.lineNo, o.byteLength])).toEqual([
      [2, 31],
      [4, 12],
    ]);
    expect(sink.numbersAreSequential()).toBe(true);
  });

  it('reports an overlong final line without a newline at end()', () => {
    const sink = split(`a\n${'z'.repeat(50)}`, 7, 20);
    expect(sink.lines).toEqual(['a']);
    expect(sink.overlongs).toEqual([{ lineNo: 2, byteLength: 50, head: 'z'.repeat(50) }]);
  });

  it('keeps a 5 MB line out of memory: counted, head of ~200 characters, buffer bounded by maxLineBytes', () => {
    const sink = new CollectingSink();
    const maxLineBytes = 1024 * 1024;
    const splitter = new LineSplitter(sink, maxLineBytes);
    const lineBytes = 5_000_000;
    const piece = Buffer.alloc(64 * 1024, 'q');
    splitter.push(Buffer.from('first\n'));
    let sent = 0;
    let largestCarry = 0;
    while (sent < lineBytes) {
      const part = piece.subarray(0, Math.min(piece.length, lineBytes - sent));
      splitter.push(part);
      sent += part.length;
      largestCarry = Math.max(largestCarry, splitter.carryCapacity);
    }
    splitter.push(Buffer.from('\nlast\n'));
    splitter.end();
    expect(sink.lines).toEqual(['first', 'last']);
    expect(sink.overlongs).toHaveLength(1);
    expect(sink.overlongs[0]!.lineNo).toBe(2);
    expect(sink.overlongs[0]!.byteLength).toBe(lineBytes);
    expect(sink.overlongs[0]!.head).toBe('q'.repeat(200));
    expect(largestCarry).toBeLessThanOrEqual(maxLineBytes);
    expect(splitter.lines).toBe(3);
    expect(splitter.bytes).toBe(6 + lineBytes + 6);
  });

  it('does not cut a surrogate pair in the head of an overlong line', () => {
    const sink = split(`${'a'.repeat(199)}😀${'b'.repeat(300)}\n`, 1 << 20, 100);
    const head = sink.overlongs[0]!.head;
    expect(head).toBe('a'.repeat(199));
  });

  it('copies the unfinished line, so the caller may reuse its buffer', () => {
    const sink = new CollectingSink();
    const splitter = new LineSplitter(sink);
    const buffer = Buffer.from('done\npart');
    splitter.push(buffer);
    buffer.fill('#');
    splitter.push(Buffer.from('ial\n'));
    splitter.end();
    expect(sink.lines).toEqual(['done', 'partial']);
  });

  it('rejects a maxLineBytes below 1', () => {
    expect(() => new LineSplitter(new CollectingSink(), 0)).toThrow(RangeError);
  });
});

describe('LineSplitter on bare carriage returns', () => {
  const records = ['200 first', '502 second', '503 third', '', '204 fifth'];

  it('ends a line at a bare \\r, at a \\r\\n and at a \\n, at every chunk size', () => {
    const endings = ['\r', '\r\n', '\n', '\r', '\r\r\n'];
    const text = records.map((record, i) => record + endings[i]).join('');
    // An independent reading of the same rule: CRLF, CR and LF each end a line.
    const expected = text.split(/\r\n|\r|\n/).slice(0, -1);
    for (const chunkSize of [1, 2, 3, 5, 8, 1 << 20]) {
      const sink = split(text, chunkSize);
      expect(sink.lines).toEqual(expected);
      expect(sink.numbersAreSequential()).toBe(true);
    }
  });

  it('counts the bare \\r it took as line ends, and none in a CRLF file', () => {
    for (const chunkSize of [1, 4, 1 << 20]) {
      const bare = new LineSplitter(new CollectingSink());
      pushInChunks(bare, Buffer.from('a\rb\rc\r\nd\n'), chunkSize);
      expect(bare.bareCarriageReturns).toBe(2);
      const crlf = new LineSplitter(new CollectingSink());
      pushInChunks(crlf, Buffer.from('a\r\nb\r\nc\r\n'), chunkSize);
      expect(crlf.bareCarriageReturns).toBe(0);
    }
  });

  it('keeps every record of a CR-only file larger than the line length limit', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `10.0.0.${i % 200} "GET /r/${i} HTTP/1.1" ${[200, 502, 503][i % 3]} ${i}`);
    const sink = split(lines.join('\r') + '\r', 64 * 1024, 16 * 1024);
    expect(sink.overlongs).toEqual([]);
    expect(sink.lines).toEqual(lines);
  });

  it('keeps every record of a file whose line endings change midway', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
    const text = lines.map((line, i) => line + (['\n', '\r\n', '\r'] as const)[Math.floor(i / 7) % 3]).join('');
    for (const chunkSize of [3, 4096]) expect(split(text, chunkSize).lines).toEqual(lines);
  });
});

describe('LineSplitter on input with no line breaks at all', () => {
  it('stops with NoLineBreaks once one line is 1024 times the limit, having kept no more than the limit', () => {
    const splitter = new LineSplitter(new CollectingSink(), 1000);
    const zeros = Buffer.alloc(4096);
    let pushed = 0;
    expect(() => {
      for (;;) {
        splitter.push(zeros);
        pushed += zeros.length;
        if (pushed > 10_000_000) break;
      }
    }).toThrow(NoLineBreaks);
    expect(pushed).toBeGreaterThanOrEqual(1000 * ENDLESS_LINE_LIMITS - zeros.length);
    expect(pushed).toBeLessThan(1000 * ENDLESS_LINE_LIMITS + zeros.length);
    expect(splitter.carryCapacity).toBeLessThanOrEqual(1000);
  });

  it('counts a long line that does end as one overlong line, as before', () => {
    const sink = split(`${'x'.repeat(50_000)}\nok\n`, 4096, 1000);
    expect(sink.overlongs.map((o) => o.byteLength)).toEqual([50_000]);
    expect(sink.lines).toEqual(['ok']);
  });
});
