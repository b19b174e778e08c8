import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, type LineSink } from './line-splitter.js';
import type { SourceOutcome } from './read-source.js';

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
}

const DEFAULT_POLL_MS = 250;
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
 * from its start), copytruncate (the file shrinks below what was read: read it
 * again from the start), and the file being absent for a while.
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
      while (!signal.aborted) {
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
    return { name: this.path, lines: this.splitter.lines, bytes: this.splitter.bytes, gzip: false };
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
    return true;
  }

  private noticeUnavailable(err: unknown): void {
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') this.notice(`${this.path}: not there; waiting for it to appear`);
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
      await this.readToEnd();
    }
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
