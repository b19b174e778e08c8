import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, type LineSink } from './line-splitter.js';
import type { SourceOutcome } from './read-source.js';
import { SourceError } from '../model/errors.js';

export interface FollowOptions {
  /** Read the file's existing content first; by default only what is appended from now on. */
  fromStart?: boolean;
  /** Following ends when this aborts; the promise then resolves. */
  signal: AbortSignal;
  /** How often to look at the file when no change event came. Default 250 ms. */
  pollMs?: number;
  maxLineBytes?: number;
  /** Use fs.watch change events besides polling (default true; false tests the poll alone). */
  watch?: boolean;
  /** State changes worth telling the user (waiting for the file, rotation, truncation). */
  onNotice?: (message: string) => void;
  /** The file was replaced by a new one (rotation by rename) or truncated (copytruncate). */
  onRotate?: (kind: 'replaced' | 'truncated') => void;
  /**
   * Once the place to read from is fixed: the file is open at its end (or start), or found absent,
   * in which case all of it is read when it appears. A line written after this is never missed.
   */
  onReady?: () => void;
}

const DEFAULT_POLL_MS = 250;
/**
 * The first bytes of the followed file, kept to tell a copytruncate that was written past the old
 * size before the next check from plain growth: the size alone cannot. An access log's first line
 * starts with a client and a timestamp, which a rewritten file does not share.
 */
const HEAD_BYTES = 256;
const READ_CHUNK_BYTES = 256 * 1024;
const NEWLINE = 0x0a;

interface FileIdentity {
  dev: number;
  ino: number;
}

function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

/**
 * Follows a file the way `tail -F` does: appended lines as they are written,
 * across rotation by rename (the old file is read to its end, then the new one
 * from its start), copytruncate (the file shrinks below what was read, or its
 * first bytes change because it was refilled past the old size between two
 * checks: read it again from the start), and the file being absent for a while.
 *
 * Change events from fs.watch make it prompt; a poll every pollMs makes it
 * correct where those events do not arrive (network and overlay filesystems,
 * some containers). Each check reads by byte offset, so a check triggered by
 * both never reads or counts a byte twice.
 *
 * A partial last line waits for its newline. When following ends, complete
 * lines already written are still read; an unfinished last line is dropped,
 * as readSource does when it is stopped, since its writer had not finished it.
 * Never rejects for file problems (they become notices); rejects only with an
 * exception thrown by the sink.
 */
export function followFile(path: string, sink: LineSink, options: FollowOptions): Promise<SourceOutcome> {
  return new Follower(path, sink, options).run();
}

class Follower {
  private readonly splitter: LineSplitter;
  private readonly buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  private readonly pollMs: number;
  private handle: FileHandle | undefined;
  private identity: FileIdentity | undefined;
  private offset = 0;
  /** Set when we started at the end of a file whose last line was unfinished: its rest is not a line. */
  private skipToNewline = false;
  /** The last notice given, so a state that lasts is told once. */
  private lastNotice = '';
  /** The first bytes of the open file as last read (fewer while the file is shorter). */
  private head: Buffer = Buffer.alloc(0);
  private readonly headBuffer = Buffer.allocUnsafe(HEAD_BYTES);
  /** A problem that retrying cannot fix (too many open files): following this file ends with it. */
  private failure: SourceError | undefined;
  private pending = true;
  private wake: (() => void) | undefined;

  constructor(
    private readonly path: string,
    sink: LineSink,
    private readonly options: FollowOptions,
  ) {
    this.splitter = new LineSplitter(sink, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
    this.pollMs = Math.max(10, options.pollMs ?? DEFAULT_POLL_MS);
  }

  async run(): Promise<SourceOutcome> {
    const { signal } = this.options;
    const poke = (): void => this.poke();
    const watcher = this.options.watch === false ? undefined : this.watchDirectory();
    const timer = setInterval(poke, this.pollMs);
    signal.addEventListener('abort', poke);
    try {
      await this.openAtStart();
      this.options.onReady?.();
      while (!signal.aborted && this.failure === undefined) {
        await this.check();
        await this.nextPoke();
      }
      await this.finalRead();
      this.splitter.discardPartialLine();
    } finally {
      clearInterval(timer);
      signal.removeEventListener('abort', poke);
      watcher?.close();
      await this.closeHandle();
    }
    const outcome: SourceOutcome = { name: this.path, lines: this.splitter.lines, bytes: this.splitter.bytes, gzip: false };
    if (this.failure !== undefined) outcome.error = this.failure;
    return outcome;
  }

  private poke(): void {
    this.pending = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private nextPoke(): Promise<void> {
    if (this.pending || this.options.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  // Watching the directory rather than the file sees the file being created,
  // renamed away and replaced, which a watch on the file itself would not.
  private watchDirectory(): FSWatcher | undefined {
    const name = basename(this.path);
    try {
      const watcher = watch(dirname(this.path), { persistent: false }, (_event, filename) => {
        if (filename === null || filename === name) this.poke();
      });
      watcher.on('error', () => watcher.close());
      return watcher;
    } catch {
      return undefined; // the directory may not exist yet: polling covers it
    }
  }

  private notice(message: string): void {
    if (message === this.lastNotice) return;
    this.lastNotice = message;
    this.options.onNotice?.(message);
  }

  private async openAtStart(): Promise<void> {
    if (!(await this.openCurrent())) return;
    if (this.options.fromStart) return;
    const { size } = await this.handle!.stat();
    this.offset = size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await this.handle!.read(last, 0, 1, size - 1);
      this.skipToNewline = last[0] !== NEWLINE;
    }
  }

  /** Opens the file now at the path; false (and a notice) when it is not there or not readable. */
  private async openCurrent(): Promise<boolean> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch (err) {
      this.noticeUnavailable(err);
      return false;
    }
    const info = await handle.stat();
    if (info.isDirectory()) {
      await handle.close();
      this.notice(`${this.path}: is a directory; waiting for a file`);
      return false;
    }
    this.handle = handle;
    this.identity = { dev: info.dev, ino: info.ino };
    this.offset = 0;
    this.lastNotice = '';
    this.head = Buffer.alloc(0);
    await this.headChanged();
    return true;
  }

  private noticeUnavailable(err: unknown): void {
    const code = errorCode(err);
    if (code === 'EMFILE' || code === 'ENFILE') {
      // Descriptors are not given back while the other files are followed: retrying would wait for ever.
      this.failure = new SourceError('EMFILE', `${this.path}: too many open files, not followed (raise the limit with ulimit -n, or follow fewer files)`);
      this.notice(this.failure.message);
    } else if (code === 'ENOENT' || code === 'ENOTDIR') this.notice(`${this.path}: not there; waiting for it to appear`);
    else if (code === 'EACCES' || code === 'EPERM') this.notice(`${this.path}: permission denied; retrying`);
    else this.notice(`${this.path}: ${err instanceof Error ? err.message : String(err)}; retrying`);
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.identity = undefined;
    await handle?.close().catch(() => undefined);
  }

  private async check(): Promise<void> {
    this.pending = false;
    if (!this.handle) {
      if (await this.openCurrent()) await this.readToEnd();
      return;
    }
    if (await this.headChanged()) {
      // Truncated and written again past the old size since the last check: the size did not
      // shrink, but the file's first bytes are no longer those read. Reading on from the old
      // offset would count the middle of the new content and skip its start.
      this.notice(`${this.path}: truncated and rewritten; reading it again from the start`);
      this.lastNotice = '';
      this.offset = 0;
    }
    await this.readToEnd();

    let atPath: FileIdentity | undefined;
    try {
      const info = await stat(this.path);
      atPath = { dev: info.dev, ino: info.ino };
    } catch {
      atPath = undefined;
    }
    if (!atPath) {
      // Renamed away and not yet recreated: the writer may still be appending
      // to the old file, so keep reading it until a new one appears.
      this.notice(`${this.path}: gone; waiting for it to reappear`);
      return;
    }
    if (atPath.dev !== this.identity!.dev || atPath.ino !== this.identity!.ino) {
      await this.switchToNewFile();
      return;
    }
    const { size } = await this.handle.stat();
    if (size < this.offset) {
      // copytruncate. An unfinished line is kept: a writer appending with
      // O_APPEND finishes it at the start of the emptied file.
      this.notice(`${this.path}: truncated; reading it again from the start`);
      this.options.onRotate?.('truncated');
      this.lastNotice = '';
      this.offset = 0;
      this.head = Buffer.alloc(0);
      await this.headChanged();
      await this.readToEnd();
    }
  }

  /**
   * Whether the file's first bytes differ from those read before; keeps the longer head as the
   * file grows. A file truncated to empty, or still shorter than what was seen, is left to the
   * size check.
   */
  private async headChanged(): Promise<boolean> {
    const handle = this.handle;
    if (!handle) return false;
    const { bytesRead } = await handle.read(this.headBuffer, 0, HEAD_BYTES, 0);
    const now = this.headBuffer.subarray(0, bytesRead);
    const common = Math.min(bytesRead, this.head.length);
    if (now.compare(this.head, 0, common, 0, common) !== 0) {
      this.head = Buffer.from(now);
      return true;
    }
    if (bytesRead > this.head.length) this.head = Buffer.from(now);
    return false;
  }

  private async switchToNewFile(): Promise<void> {
    await this.readToEnd();
    // The old file is finished: its last line is complete even without a newline.
    this.splitter.end();
    await this.closeHandle();
    if (await this.openCurrent()) {
      this.notice(`${this.path}: replaced by a new file; following it`);
      this.options.onRotate?.('replaced');
      this.lastNotice = '';
      await this.readToEnd();
    }
  }

  /** Reads from the offset to the end of the open file, stopping early if following ends. */
  private async readToEnd(limit = Number.POSITIVE_INFINITY): Promise<void> {
    const handle = this.handle;
    if (!handle) return;
    while (this.offset < limit) {
      const want = Math.min(READ_CHUNK_BYTES, limit - this.offset);
      const { bytesRead } = await handle.read(this.buffer, 0, want, this.offset);
      if (bytesRead === 0) return;
      this.offset += bytesRead;
      let chunk = this.buffer.subarray(0, bytesRead);
      if (this.skipToNewline) {
        const newline = chunk.indexOf(NEWLINE);
        if (newline === -1) continue;
        this.skipToNewline = false;
        chunk = chunk.subarray(newline + 1);
      }
      this.splitter.push(chunk);
      if (this.options.signal.aborted && limit === Number.POSITIVE_INFINITY) return;
    }
  }

  /** On stop: the complete lines already written, up to the size the file has now (a busy writer cannot keep us going). */
  private async finalRead(): Promise<void> {
    if (!this.handle) return;
    try {
      const { size } = await this.handle.stat();
      if (size >= this.offset) await this.readToEnd(size);
    } catch {
      // nothing more to read
    }
  }
}
