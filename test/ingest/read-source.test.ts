import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSource } from '../../src/ingest/read-source.js';
import { readSourceTuned } from '../../src/ingest/read-source.js';
import { CollectingSink } from './collect.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/ingest/', import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logcodes-ingest-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function numberedLines(count: number): string[] {
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) lines.push(`10.0.${i % 256}.${i % 7} GET /item/${i} ${'p'.repeat(i % 61)}`);
  return lines;
}

describe('readSource on files', () => {
  it('reads the CRLF fixture with its UTF-8 and invalid bytes the same way at every read size', async () => {
    const path = join(FIXTURES, 'crlf-utf8-invalid.log');
    const reference = new CollectingSink();
    const outcome = await readSource({ kind: 'file', path }, reference);
    expect(outcome).toEqual({ name: path, lines: 5, bytes: statSync(path).size, gzip: false });
    expect(reference.lines).toEqual([
      '203.0.113.7 - - "GET /gr\u00f6\u00dfe HTTP/1.1" 200 5',
      '203.0.113.8 - - "GET /\u20acuro HTTP/1.1" 404 0',
      'bad byte \uFFFD here',
      '',
      'last line without newline \u{1F600}',
    ]);
    for (const readChunkBytes of [1, 2, 3, 5, 13]) {
      const sink = new CollectingSink();
      await readSourceTuned({ kind: 'file', path }, sink, {}, { readChunkBytes });
      expect(sink.lines, `read size ${readChunkBytes}`).toEqual(reference.lines);
      expect(sink.numbersAreSequential()).toBe(true);
    }
  });

  it('reads an empty file as 0 lines without an error', async () => {
    const path = write('empty.log', '');
    const sink = new CollectingSink();
    expect(await readSource({ kind: 'file', path }, sink)).toEqual({ name: path, lines: 0, bytes: 0, gzip: false });
    expect(sink.numbers).toEqual([]);
  });

  it('counts lines and bytes, and keeps a final line that has no newline', async () => {
    const path = write('no-final-newline.log', 'first\nsecond\nthird');
    const sink = new CollectingSink();
    const outcome = await readSource({ kind: 'file', path }, sink);
    expect(sink.lines).toEqual(['first', 'second', 'third']);
    expect(outcome.lines).toBe(3);
    expect(outcome.bytes).toBe(18);
  });

  it('reports a missing file as a one-line error', async () => {
    const path = join(dir, 'does-not-exist.log');
    const outcome = await readSource({ kind: 'file', path }, new CollectingSink());
    expect(outcome.error?.code).toBe('ENOENT');
    expect(outcome.error?.message).toBe(`${path}: no such file`);
    expect(outcome.lines).toBe(0);
  });

  it('reports a directory as a one-line error', async () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    const outcome = await readSource({ kind: 'file', path }, new CollectingSink());
    expect(outcome.error?.code).toBe('EISDIR');
    expect(outcome.error?.message).toBe(`${path}: is a directory`);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file as permission denied', async () => {
    const path = write('secret.log', 'x\n');
    chmodSync(path, 0o000);
    const outcome = await readSource({ kind: 'file', path }, new CollectingSink());
    expect(outcome.error?.code).toBe('EACCES');
    expect(outcome.error?.message).toBe(`${path}: permission denied`);
  });

  it('reports a 5 MB line as overlong and reads the lines around it', async () => {
    const big = 'B'.repeat(5 * 1024 * 1024);
    const path = write('huge-line.log', `before\n${big}\nafter\n`);
    const sink = new CollectingSink();
    const outcome = await readSource({ kind: 'file', path }, sink);
    expect(sink.lines).toEqual(['before', 'after']);
    expect(sink.overlongs).toEqual([{ lineNo: 2, byteLength: big.length, head: 'B'.repeat(200) }]);
    expect(outcome.lines).toBe(3);
    expect(outcome.error).toBeUndefined();
  });

  it.each([
    ['plain', (text: string): string | Buffer => text],
    ['gzip', (text: string): string | Buffer => gzipSync(text)],
  ])('stops reading a %s file when the signal aborts, without an error', async (kind, encode) => {
    const path = write(`long-${kind}.log`, encode(numberedLines(5000).join('\n') + '\n'));
    const controller = new AbortController();
    const sink = new CollectingSink();
    const stopping = {
      line(text: string, lineNo: number): void {
        sink.line(text, lineNo);
        if (lineNo === 10) controller.abort();
      },
      overlong(): void {},
    };
    const outcome = await readSourceTuned({ kind: 'file', path }, stopping, { signal: controller.signal }, { readChunkBytes: 4096 });
    expect(outcome.error).toBeUndefined();
    expect(sink.lines.length).toBeGreaterThanOrEqual(10);
    // Reading stops at the next chunk: 4 KiB of text, or one gunzip output chunk.
    expect(sink.lines.length).toBeLessThan(kind === 'plain' ? 200 : 2500);
    expect(outcome.lines).toBe(sink.lines.length);
  });

  it('reads on when the file grows while it is read, with no bytes skipped or repeated', async () => {
    const first = numberedLines(40);
    const added = numberedLines(300).slice(40);
    const path = write('growing.log', first.join('\n') + '\n');
    const sink = new CollectingSink();
    const appending = {
      line(text: string, lineNo: number): void {
        sink.line(text, lineNo);
        // Written while the reads issued ahead of this line are in flight or done.
        if (lineNo === 1) appendFileSync(path, added.join('\n') + '\n');
      },
      overlong(lineNo: number, byteLength: number, head: string): void {
        sink.overlong(lineNo, byteLength, head);
      },
    };
    for (const readChunkBytes of [64, 1000]) {
      writeFileSync(path, first.join('\n') + '\n');
      sink.lines.length = 0;
      sink.numbers.length = 0;
      const outcome = await readSourceTuned({ kind: 'file', path }, appending, {}, { readChunkBytes });
      expect(sink.lines, `read size ${readChunkBytes}`).toEqual([...first, ...added]);
      expect(outcome.bytes).toBe(statSync(path).size);
    }
  });

  it.skipIf(process.platform === 'win32').each([
    ['plain', (text: string): string | Buffer => text],
    ['gzip', (text: string): string | Buffer => gzipSync(text)],
  ])('reads a %s named pipe, which has no positions to read at', async (kind, encode) => {
    const path = join(dir, `fifo-${kind}`);
    execFileSync('mkfifo', [path]);
    const lines = numberedLines(3000);
    const source = write(`fifo-${kind}-content`, encode(lines.join('\n') + '\n'));
    // The writer blocks until the pipe is opened for reading, so it is started first.
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', source, path]);
    const written = new Promise((resolve) => writer.once('close', resolve));
    const sink = new CollectingSink();
    const outcome = await readSource({ kind: 'file', path }, sink);
    expect(await written).toBe(0);
    expect(outcome.error).toBeUndefined();
    expect(outcome.gzip).toBe(kind === 'gzip');
    expect(sink.lines).toEqual(lines);
    expect(sink.numbersAreSequential()).toBe(true);
  });

  it('honours maxLineBytes', async () => {
    const path = write('limit.log', 'short\n0123456789ABCDEF\nok\n');
    const sink = new CollectingSink();
    await readSource({ kind: 'file', path }, sink, { maxLineBytes: 8 });
    expect(sink.lines).toEqual(['short', 'ok']);
    expect(sink.overlongs.map((o) => o.byteLength)).toEqual([16]);
  });
});

describe('readSource on gzip', () => {
  const lines = numberedLines(30_000);
  const text = lines.join('\n') + '\n';

  it('recognises gzip by its magic bytes, whatever the name', async () => {
    const path = write('access.log', gzipSync(text));
    const sink = new CollectingSink();
    const outcome = await readSource({ kind: 'file', path }, sink);
    expect(outcome.gzip).toBe(true);
    expect(outcome.error).toBeUndefined();
    expect(outcome.bytes).toBe(Buffer.byteLength(text));
    expect(sink.lines).toEqual(lines);
    expect(sink.numbersAreSequential()).toBe(true);
  });

  it('reads a plain file named .gz as plain text', async () => {
    const path = write('not-really.log.gz', 'plain\ntext\n');
    const sink = new CollectingSink();
    const outcome = await readSource({ kind: 'file', path }, sink);
    expect(outcome.gzip).toBe(false);
    expect(sink.lines).toEqual(['plain', 'text']);
  });

  it('reads concatenated gzip members as one stream, even with a line cut between members', async () => {
    const path = write('rotated.gz', Buffer.concat([gzipSync('a\nb\n'), gzipSync('c\nd'), gzipSync('ef\ng\n')]));
    for (const readChunkBytes of [1, 3, 1 << 20]) {
      const sink = new CollectingSink();
      const outcome = await readSourceTuned({ kind: 'file', path }, sink, {}, { readChunkBytes });
      expect(outcome.error).toBeUndefined();
      expect(sink.lines).toEqual(['a', 'b', 'c', 'def', 'g']);
    }
  });

  it('reports truncated gzip as an error and keeps the complete lines before the damage', async () => {
    const compressed = gzipSync(text);
    const truncated = compressed.subarray(0, Math.floor(compressed.length * 0.6));
    // What can be recovered, by an independent route: zlib's one-shot decoder flushing what it has.
    const recoverable = gunzipSync(truncated, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
    const recoverableLines = recoverable.slice(0, recoverable.lastIndexOf('\n')).split('\n');
    expect(recoverableLines.length).toBeGreaterThan(1000);

    const path = write('access.log.gz', truncated);
    const sink = new CollectingSink();
    const outcome = await readSource({ kind: 'file', path }, sink);
    expect(outcome.gzip).toBe(true);
    expect(outcome.error?.code).toBe('gzip-truncated');
    expect(outcome.error?.message).toBe(`${path}: gzip data is truncated (read ${recoverableLines.length} lines before the damage)`);
    expect(outcome.lines).toBe(recoverableLines.length);
    expect(sink.lines).toEqual(recoverableLines);
    expect(sink.lines).toEqual(lines.slice(0, recoverableLines.length));
  });

  it('reports gzip whose checksum does not match as corrupt', async () => {
    const compressed = Buffer.from(gzipSync('one\ntwo\n'));
    compressed[compressed.length - 8]! ^= 0xff; // the CRC-32 in the member trailer
    const path = write('bad-crc.gz', compressed);
    const outcome = await readSource({ kind: 'file', path }, new CollectingSink());
    expect(outcome.error?.code).toBe('gzip-corrupt');
    expect(outcome.error?.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: gzip data is corrupt: .+ \\(read \\d+ lines? before the damage\\)$`));
  });

  it('rethrows an exception thrown by the sink, on plain and gzip input', async () => {
    const thrower = {
      line(): void {
        throw new Error('sink broke');
      },
      overlong(): void {},
    };
    await expect(readSource({ kind: 'file', path: write('plain.log', 'a\n') }, thrower)).rejects.toThrow('sink broke');
    await expect(readSource({ kind: 'file', path: write('z.log', gzipSync('a\n')) }, thrower)).rejects.toThrow('sink broke');
  });
});

describe('readSource on stdin', () => {
  function stdinOf(...chunks: Buffer[]): PassThrough {
    const stream = new PassThrough();
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
    return stream;
  }

  it('splits plain input, even when the first chunk is a single byte', async () => {
    const sink = new CollectingSink();
    const outcome = await readSourceTuned({ kind: 'stdin' }, sink, {}, { stdin: stdinOf(Buffer.from('x'), Buffer.from('y\r\nz\n')) });
    expect(outcome).toEqual({ name: 'stdin', lines: 2, bytes: 6, gzip: false });
    expect(sink.lines).toEqual(['xy', 'z']);
  });

  it('recognises gzip on stdin when the magic bytes arrive in separate chunks', async () => {
    const compressed = gzipSync('one\ntwo\n');
    const sink = new CollectingSink();
    const outcome = await readSourceTuned({ kind: 'stdin' }, sink, {}, { stdin: stdinOf(compressed.subarray(0, 1), compressed.subarray(1, 5), compressed.subarray(5)) });
    expect(outcome.gzip).toBe(true);
    expect(sink.lines).toEqual(['one', 'two']);
  });

  it('reads one byte of input as one line', async () => {
    const sink = new CollectingSink();
    await readSourceTuned({ kind: 'stdin' }, sink, {}, { stdin: stdinOf(Buffer.from('q')) });
    expect(sink.lines).toEqual(['q']);
  });

  it('delivers lines as they arrive, before the stream ends, and stops cleanly on abort', async () => {
    const stream = new PassThrough();
    const controller = new AbortController();
    const seen: string[] = [];
    let onSecondLine: () => void = () => undefined;
    const secondLine = new Promise<void>((resolve) => {
      onSecondLine = resolve;
    });
    const reading = readSourceTuned(
      { kind: 'stdin' },
      {
        line(text): void {
          seen.push(text);
          if (seen.length === 2) onSecondLine();
        },
        overlong(): void {},
      },
      { signal: controller.signal },
      { stdin: stream },
    );
    stream.write('first\nsec');
    stream.write('ond\nunfinished');
    await secondLine;
    expect(seen).toEqual(['first', 'second']);
    controller.abort();
    const outcome = await reading;
    expect(outcome.error).toBeUndefined();
    expect(outcome.lines).toBe(2);
    expect(seen).toEqual(['first', 'second']);
  });

  it('reads the real process stdin through a pipe, streaming and gzip', async () => {
    // The child runs the source through tsx, so this test needs no build.
    const entry = new URL('../../src/ingest/read-source.ts', import.meta.url).href;
    const script = `
      import { readSource } from ${JSON.stringify(entry)};
      const outcome = await readSource({ kind: 'stdin' }, {
        line(text, lineNo) { process.stdout.write(JSON.stringify({ text, lineNo }) + '\\n'); },
        overlong() {},
      });
      process.stdout.write(JSON.stringify({ outcome }) + '\\n');`;

    function run(feed: (child: ReturnType<typeof spawn>, output: () => string, waitFor: (s: string) => Promise<void>) => Promise<void>): Promise<unknown[]> {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      const waiters: Array<{ text: string; resolve: () => void }> = [];
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (data: string) => {
        out += data;
        for (const waiter of waiters) if (out.includes(waiter.text)) waiter.resolve();
      });
      const waitFor = (text: string): Promise<void> =>
        new Promise((resolve) => {
          if (out.includes(text)) resolve();
          else waiters.push({ text, resolve });
        });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      return feed(child, () => out, waitFor)
        .then(() => exited)
        .then((code) => {
          expect(code).toBe(0);
          return out.trim().split('\n').map((l) => JSON.parse(l) as unknown);
        });
    }

    // The first line must come out while the pipe is still open.
    const streamed = await run(async (child, _output, waitFor) => {
      child.stdin!.write('alpha\r\n');
      await waitFor('"alpha"');
      child.stdin!.end('beta');
    });
    expect(streamed).toEqual([{ text: 'alpha', lineNo: 1 }, { text: 'beta', lineNo: 2 }, { outcome: { name: 'stdin', lines: 2, bytes: 11, gzip: false } }]);

    const gzipped = await run(async (child) => {
      child.stdin!.end(Buffer.concat([gzipSync('g1\n'), gzipSync('g2\n')]));
    });
    expect(gzipped).toEqual([{ text: 'g1', lineNo: 1 }, { text: 'g2', lineNo: 2 }, { outcome: { name: 'stdin', lines: 2, bytes: 6, gzip: true } }]);
  });
});
