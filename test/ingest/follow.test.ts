import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, closeSync, copyFileSync, mkdtempSync, openSync, renameSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followFile, type FollowOptions } from '../../src/ingest/follow.js';
import type { LineSink } from '../../src/ingest/line-splitter.js';
import type { SourceOutcome } from '../../src/ingest/read-source.js';

class Collector implements LineSink {
  readonly lines: string[] = [];
  readonly lineNumbers: number[] = [];
  readonly overlongs: number[] = [];
  line(text: string, lineNo: number): void {
    this.lines.push(text);
    this.lineNumbers.push(lineNo);
  }
  overlong(lineNo: number, byteLength: number): void {
    this.overlongs.push(byteLength);
    this.lineNumbers.push(lineNo);
  }
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function numbered(from: number, to: number): string {
  let text = '';
  for (let i = from; i <= to; i++) text += `line ${i}\n`;
  return text;
}

function expected(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);
}

interface Running {
  sink: Collector;
  notices: string[];
  stop: () => Promise<SourceOutcome>;
}

let dir: string;
const running: AbortController[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logcodes-follow-'));
});

afterEach(() => {
  for (const controller of running.splice(0)) controller.abort();
  rmSync(dir, { recursive: true, force: true });
});

function follow(path: string, options: Omit<FollowOptions, 'signal'> = {}): Running {
  const sink = new Collector();
  const notices: string[] = [];
  const controller = new AbortController();
  running.push(controller);
  const done = followFile(path, sink, { pollMs: 50, ...options, signal: controller.signal, onNotice: (m) => notices.push(m) });
  return {
    sink,
    notices,
    stop: async () => {
      controller.abort();
      return done;
    },
  };
}

describe('followFile', () => {
  it('starts at the end and delivers appended lines, holding a partial line until its newline', async () => {
    const path = join(dir, 'access.log');
    writeFileSync(path, 'old 1\nold 2\n');
    const f = follow(path);
    await pause(100);
    appendFileSync(path, 'new 1\nnew 2\npar');
    await waitFor('two lines', () => f.sink.lines.length >= 2);
    await pause(150);
    expect(f.sink.lines).toEqual(['new 1', 'new 2']);
    appendFileSync(path, 'tial\n');
    await waitFor('third line', () => f.sink.lines.length >= 3);
    const outcome = await f.stop();
    expect(f.sink.lines).toEqual(['new 1', 'new 2', 'partial']);
    expect(f.sink.lineNumbers).toEqual([1, 2, 3]);
    expect(outcome).toMatchObject({ name: path, lines: 3, bytes: 'new 1\nnew 2\npartial\n'.length, gzip: false });
  });

  it('skips the rest of a line that was unfinished when following began', async () => {
    const path = join(dir, 'access.log');
    writeFileSync(path, 'old 1\nold 2 half');
    const f = follow(path);
    await pause(100);
    appendFileSync(path, ' rest\nnew 1\n');
    await waitFor('a line', () => f.sink.lines.length >= 1);
    await pause(100);
    await f.stop();
    expect(f.sink.lines).toEqual(['new 1']);
  });

  it('reads existing content first with fromStart', async () => {
    const path = join(dir, 'access.log');
    writeFileSync(path, numbered(1, 5));
    const f = follow(path, { fromStart: true });
    await waitFor('five lines', () => f.sink.lines.length >= 5);
    appendFileSync(path, numbered(6, 7));
    await waitFor('seven lines', () => f.sink.lines.length >= 7);
    await f.stop();
    expect(f.sink.lines).toEqual(expected(1, 7));
  });

  it('follows a rename rotation: the old file to its end, then the new file from its start, each line once', async () => {
    const path = join(dir, 'access.log');
    writeFileSync(path, '');
    const writer = openSync(path, 'a');
    const f = follow(path, { fromStart: true });
    // The file starts empty, so reading from its start is the same as from its end, and lines
    // written before the follower has opened it are read all the same: no sleep to wait for it.
    writeSync(writer, numbered(1, 100));
    await waitFor('100 lines', () => f.sink.lines.length >= 100);

    // logrotate renames; the server keeps writing to its open descriptor until it reopens.
    renameSync(path, `${path}.1`);
    writeSync(writer, numbered(101, 150));
    writeSync(writer, 'line 1');
    await pause(150);
    writeSync(writer, '51\n');
    closeSync(writer);
    await pause(150);
    // The server reopens: a new file at the path.
    const reopened = openSync(path, 'a');
    writeSync(reopened, numbered(152, 300));
    await waitFor('300 lines', () => f.sink.lines.length >= 300);
    writeSync(reopened, numbered(301, 310));
    closeSync(reopened);
    await waitFor('310 lines', () => f.sink.lines.length >= 310);
    await pause(200);
    const outcome = await f.stop();

    expect(f.sink.lines).toEqual(expected(1, 310));
    expect(outcome.lines).toBe(310);
    expect(f.notices.some((n) => n.includes('replaced'))).toBe(true);
  });

  it('ends the old file\'s unfinished last line when the file is replaced', async () => {
    const path = join(dir, 'access.log');
    writeFileSync(path, '');
    const f = follow(path, { fromStart: true });
    // The file starts empty, so reading from its start is the same as from its end, and lines
    // written before the follower has opened it are read all the same: no sleep to wait for it.
    appendFileSync(path, 'line 1\nline 2');
    await waitFor('one line', () => f.sink.lines.length >= 1);
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'line 3\n');
    await waitFor('three lines', () => f.sink.lines.length >= 3);
    await f.stop();
    expect(f.sink.lines).toEqual(expected(1, 3));
  });

  it('follows copytruncate: reads the emptied file again from its start, each line once', async () => {
    const path = join(dir, 'access.log');
    writeFileSync(path, '');
    const writer = openSync(path, 'a'); // O_APPEND, as servers open their logs
    const f = follow(path, { fromStart: true });
    // The file starts empty, so reading from its start is the same as from its end, and lines
    // written before the follower has opened it are read all the same: no sleep to wait for it.
    writeSync(writer, numbered(1, 200));
    await waitFor('200 lines', () => f.sink.lines.length >= 200);

    copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    await waitFor('the truncation notice', () => f.notices.some((n) => n.includes('truncated')));
    writeSync(writer, numbered(201, 230));
    await waitFor('230 lines', () => f.sink.lines.length >= 230);

    // A second rotation, this time with an unfinished line at the moment of the truncation.
    writeSync(writer, 'line 23');
    await pause(150);
    copyFileSync(path, `${path}.2`);
    truncateSync(path, 0);
    await waitFor('a second truncation notice', () => f.notices.filter((n) => n.includes('truncated')).length >= 2);
    writeSync(writer, '1\n');
    writeSync(writer, numbered(232, 240));
    closeSync(writer);
    await waitFor('240 lines', () => f.sink.lines.length >= 240);
    await pause(200);
    await f.stop();
    expect(f.sink.lines).toEqual(expected(1, 240));
  });

  for (const watch of [true, false]) {
    it(`notices copytruncate when the file is written past its old size before the next check (${watch ? 'events and polling' : 'polling alone'})`, async () => {
      const path = join(dir, `race-${watch}.log`);
      const seen: string[] = [];
      for (let round = 0; round < 5; round++) {
        writeFileSync(path, numbered(round * 10_000 + 1, round * 10_000 + 800));
        const f = follow(path, { fromStart: true, watch });
        await waitFor('the first lines', () => f.sink.lines.length >= 800);
        // Truncated and refilled beyond the old size in one step: no check can run in between.
        truncateSync(path, 0);
        appendFileSync(path, numbered(round * 10_000 + 801, round * 10_000 + 4000));
        await waitFor('every line', () => f.sink.lines.length >= 4000);
        await pause(120);
        await f.stop();
        expect(f.sink.lines).toEqual(expected(round * 10_000 + 1, round * 10_000 + 4000));
        // Usually seen as 'truncated and rewritten'; a read already in flight on the thread pool can
        // see the empty file first and report plain 'truncated'. Either way no line is lost or repeated.
        expect(f.notices.some((n) => n.includes(': truncated'))).toBe(true);
        seen.push(...f.sink.lines);
      }
      expect(seen).toHaveLength(20_000);
    });
  }

  it('waits for a missing file, reads it from its start once it appears, and again after it disappears', async () => {
    const path = join(dir, 'later.log');
    const f = follow(path);
    await waitFor('the waiting notice', () => f.notices.length > 0);
    expect(f.notices[0]).toContain('waiting for it to appear');
    await pause(150);
    expect(f.sink.lines).toEqual([]);

    writeFileSync(path, numbered(1, 10));
    await waitFor('ten lines', () => f.sink.lines.length >= 10);
    appendFileSync(path, numbered(11, 20));
    await waitFor('twenty lines', () => f.sink.lines.length >= 20);

    rmSync(path);
    await waitFor('the gone notice', () => f.notices.some((n) => n.includes('gone')));
    await pause(150);
    writeFileSync(path, numbered(21, 25));
    await waitFor('25 lines', () => f.sink.lines.length >= 25);
    await pause(150);
    await f.stop();
    expect(f.sink.lines).toEqual(expected(1, 25));
    expect(f.sink.lineNumbers).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('waits for a directory that does not exist yet (poll only)', async () => {
    const sub = join(dir, 'not-yet');
    const path = join(sub, 'access.log');
    const f = follow(path);
    await waitFor('the waiting notice', () => f.notices.length > 0);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub);
    writeFileSync(path, numbered(1, 3));
    await waitFor('three lines', () => f.sink.lines.length >= 3);
    await f.stop();
    expect(f.sink.lines).toEqual(expected(1, 3));
  });

  it('notices appends, a rename rotation and a truncation by polling alone', async () => {
    const path = join(dir, 'access.log');
    writeFileSync(path, '');
    const f = follow(path, { watch: false, pollMs: 40, fromStart: true });
    // The file starts empty, so reading from its start is the same as from its end, and lines
    // written before the follower has opened it are read all the same: no sleep to wait for it.
    appendFileSync(path, numbered(1, 10));
    await waitFor('ten lines', () => f.sink.lines.length >= 10);
    renameSync(path, `${path}.1`);
    writeFileSync(path, numbered(11, 20));
    await waitFor('twenty lines', () => f.sink.lines.length >= 20);
    truncateSync(path, 0);
    await waitFor('the truncation notice', () => f.notices.some((n) => n.includes('truncated')));
    appendFileSync(path, numbered(21, 25));
    await waitFor('25 lines', () => f.sink.lines.length >= 25);
    await pause(120);
    await f.stop();
    expect(f.sink.lines).toEqual(expected(1, 25));
  });

  it('resolves promptly when stopped while the file is missing, with nothing read', async () => {
    const f = follow(join(dir, 'never.log'));
    await pause(60);
    const outcome = await f.stop();
    expect(outcome).toMatchObject({ lines: 0, bytes: 0 });
  });

  it('reports lines over maxLineBytes through overlong()', async () => {
    const path = join(dir, 'access.log');
    writeFileSync(path, '');
    const f = follow(path, { maxLineBytes: 16, fromStart: true });
    // The file starts empty, so reading from its start is the same as from its end, and lines
    // written before the follower has opened it are read all the same: no sleep to wait for it.
    appendFileSync(path, `short\n${'x'.repeat(40)}\nafter\n`);
    await waitFor('three lines', () => f.sink.lineNumbers.length >= 3);
    await f.stop();
    expect(f.sink.lines).toEqual(['short', 'after']);
    expect(f.sink.overlongs).toEqual([40]);
  });

  it('rejects with an exception thrown by the sink', async () => {
    const path = join(dir, 'access.log');
    writeFileSync(path, 'boom\n');
    const controller = new AbortController();
    const sink: LineSink = {
      line() {
        throw new Error('sink failed');
      },
      overlong() {},
    };
    await expect(followFile(path, sink, { fromStart: true, signal: controller.signal, pollMs: 20 })).rejects.toThrow('sink failed');
  });
});
