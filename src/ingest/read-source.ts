import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { COMPRESSION_SNIFF_BYTES, couldBeCompression, decompressHint, recognizeCompression } from './compression.js';
import { GzipMembers, type GzipEnd } from './gzip-members.js';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, NoLineBreaks, type LineSink } from './line-splitter.js';
import { SOURCE_ERROR_CODES, SourceError, type SourceErrorCode } from '../model/errors.js';
import { sourceName, type SourceSpec } from './source.js';

export interface SourceOutcome {
  name: string;
  /** Lines delivered, overlong ones included. */
  lines: number;
  /** Bytes of text split into lines (after gunzip, for gzip input). */
  bytes: number;
  /** Whether the input was gzip (recognised by its magic bytes, not its name). */
  gzip: boolean;
  /** Set when the source could not be read to its end: a code and a one-line message. */
  error?: SourceError;
}

export interface ReadOptions {
  /** Lines longer than this are reported through LineSink.overlong(). Default 1 MiB. */
  maxLineBytes?: number;
  /**
   * Stops reading: the promise then resolves without an error, with the lines delivered so far.
   * An unfinished last line is dropped, since its writer had not finished it.
   */
  signal?: AbortSignal;
  /**
   * Called before each chunk of input is split; when it returns a promise, reading waits for it.
   * A sink that writes output (NDJSON records on a slow pipe) uses it to wait for the output to
   * drain, since the sink itself is called synchronously and cannot wait.
   */
  pace?: () => Promise<void> | undefined;
  /** Told how far reading has got, after each chunk: for a progress line. */
  progress?: ReadProgress;
}

/** Progress of one source: the bytes of the file read so far (before gunzip) and the lines split. */
export interface ReadProgress {
  /** A source starts; its size in bytes when it is a regular file. */
  start(name: string, sizeBytes: number | undefined): void;
  /** After a chunk: bytes read from the source so far, and lines delivered. */
  advance(bytesRead: number, lines: number): void;
}

/** Knobs for tests and benchmarks; not part of the package API. */
export interface ReadTuning {
  /** Bytes per file read. Default 1 MiB. */
  readChunkBytes?: number;
  /** Stream read for a { kind: 'stdin' } source instead of process.stdin. */
  stdin?: Readable;
}

const READ_CHUNK_BYTES = 1024 * 1024;
// A larger output chunk than zlib's 16 KiB default nearly doubles gunzip throughput.
const GUNZIP_CHUNK_BYTES = 256 * 1024;

function isGzipMagic(buf: Buffer): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/** Wraps an exception thrown by the sink, so it is told apart from input errors and rethrown. */
/** What reading found out about gzip input. */
interface GzipNote {
  seen: boolean;
  /** How the gzip data ended, when it was read to its end. */
  end?: GzipEnd;
}

class SinkFailure {
  constructor(readonly cause: unknown) {}
}

/** An input problem found by this module rather than reported by the system. */
class InputProblem extends Error {
  constructor(
    readonly code: SourceErrorCode,
    message: string = SOURCE_ERROR_CODES[code],
  ) {
    super(message);
  }
}

function pushToSplitter(splitter: LineSplitter, chunk: Buffer): void {
  try {
    splitter.push(chunk);
  } catch (err) {
    throw asReadFailure(err);
  }
}

/** The splitter's own verdict on the input is an input problem; anything else came from the sink. */
function asReadFailure(err: unknown): Error | SinkFailure {
  return err instanceof NoLineBreaks ? new InputProblem('no-line-breaks', err.message) : new SinkFailure(err);
}

function endSplitter(splitter: LineSplitter): void {
  try {
    splitter.end();
  } catch (err) {
    throw new SinkFailure(err);
  }
}

/** Feeds compressed bytes to the gzip decoder and its output to the splitter. */
class GunzipFeed {
  private readonly members: GzipMembers;
  private sinkFailure: SinkFailure | Error | undefined;

  static open(splitter: LineSplitter, signal: AbortSignal | undefined): GunzipFeed {
    return new GunzipFeed(splitter, signal);
  }

  private constructor(splitter: LineSplitter, signal: AbortSignal | undefined) {
    this.members = new GzipMembers(
      (chunk) => {
        // One compressed chunk can hold megabytes of lines: stop within it once aborted.
        if (this.sinkFailure || signal?.aborted) return;
        try {
          splitter.push(chunk);
        } catch (err) {
          this.sinkFailure = asReadFailure(err);
          this.members.abandon();
        }
      },
      { chunkSize: GUNZIP_CHUNK_BYTES },
    );
  }

  /** Resolves once the decoder has consumed the whole chunk, so the caller may reuse its buffer. */
  async write(chunk: Buffer): Promise<void> {
    this.throwIfFailed();
    try {
      await this.members.write(chunk);
    } finally {
      this.throwIfFailed();
    }
  }

  /** Resolves once every decompressed byte has reached the splitter, with how the data ended. */
  async end(): Promise<GzipEnd> {
    this.throwIfFailed();
    try {
      return await this.members.end();
    } finally {
      this.throwIfFailed();
    }
  }

  abandon(): void {
    this.members.abandon();
  }

  private throwIfFailed(): void {
    if (this.sinkFailure) throw this.sinkFailure;
  }
}

type Pace = ReadOptions['pace'];

/** Stops at zstd, bzip2, xz and the like with the command that reads them. */
function refuseOtherCompression(head: Uint8Array, fileName: string | undefined): void {
  const compression = recognizeCompression(head);
  if (compression) throw new InputProblem('compressed', decompressHint(compression, fileName));
}

async function readFile(
  handle: FileHandle,
  fileName: string,
  splitter: LineSplitter,
  chunkBytes: number,
  signal: AbortSignal | undefined,
  gzip: GzipNote,
  pace: Pace,
  progress: ReadProgress | undefined,
): Promise<void> {
  const stat = await handle.stat();
  progress?.start(fileName, stat.isFile() ? stat.size : undefined);
  if (stat.isDirectory()) throw new InputProblem('EISDIR');
  // A named pipe or a device (`<(zcat …)`, /dev/stdin on a pipe) has no positions to read at, and
  // the read of the gzip magic below would fail on it: read it as a stream, in order.
  if (!stat.isFile()) {
    await readStream(handle.createReadStream({ autoClose: false, highWaterMark: chunkBytes }), fileName, splitter, signal, gzip, pace, progress);
    return;
  }

  // Two buffers, so the next read runs on the thread pool while this chunk is split and parsed:
  // a file in the page cache then costs no waiting. The splitter copies what it keeps, and gunzip
  // has consumed a chunk before write() resolves, so each buffer is free again by the time the
  // read after next fills it.
  const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
  let gunzip: GunzipFeed | undefined;
  // A positional read leaves the file position at 0 for the loop below.
  const magic = Buffer.alloc(COMPRESSION_SNIFF_BYTES);
  const { bytesRead: magicBytes } = await handle.read(magic, 0, magic.length, 0);
  refuseOtherCompression(magic.subarray(0, magicBytes), fileName);
  if (magicBytes >= 2 && isGzipMagic(magic)) {
    gzip.seen = true;
    gunzip = GunzipFeed.open(splitter, signal);
  }
  let turn = 0;
  let position = 0;
  let pending: Promise<{ bytesRead: number }> | undefined = handle.read(buffers[0]!, 0, chunkBytes, null);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      pending = undefined;
      if (signal?.aborted) {
        gunzip?.abandon();
        splitter.discardPartialLine();
        return;
      }
      if (bytesRead === 0) break;
      const chunk = buffers[turn]!.subarray(0, bytesRead);
      turn ^= 1;
      pending = handle.read(buffers[turn]!, 0, chunkBytes, null);
      const wait = pace?.();
      if (wait) await wait;
      if (gunzip) await gunzip.write(chunk);
      else pushToSplitter(splitter, chunk);
      position += bytesRead;
      progress?.advance(position, splitter.lines);
    }
    if (gunzip) gzip.end = await gunzip.end();
  } catch (err) {
    gunzip?.abandon();
    throw err;
  } finally {
    // The handle is closed after this returns: let a read still in flight finish first.
    await pending?.catch(() => undefined);
  }
  endSplitter(splitter);
}

async function readStream(
  stream: Readable,
  fileName: string | undefined,
  splitter: LineSplitter,
  signal: AbortSignal | undefined,
  gzip: GzipNote,
  pace?: Pace,
  progress?: ReadProgress,
): Promise<void> {
  let gunzip: GunzipFeed | undefined;
  let position = 0;
  // Bytes held back until there are two, enough to recognise gzip.
  let sniffed: Buffer | undefined = Buffer.alloc(0);
  const stop = (): void => {
    stream.destroy();
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    if (signal?.aborted) return;
    // Each chunk is split as soon as it arrives: stdin may be a pipe that never ends.
    for await (const data of stream) {
      let chunk = data as Buffer;
      position += chunk.length;
      if (sniffed) {
        chunk = sniffed.length === 0 ? chunk : Buffer.concat([sniffed, chunk]);
        if (chunk.length < 2 || (chunk.length < COMPRESSION_SNIFF_BYTES && couldBeCompression(chunk))) {
          sniffed = chunk;
          continue;
        }
        sniffed = undefined;
        refuseOtherCompression(chunk.subarray(0, COMPRESSION_SNIFF_BYTES), fileName);
        if (isGzipMagic(chunk)) {
          gzip.seen = true;
          gunzip = GunzipFeed.open(splitter, signal);
        }
      }
      const wait = pace?.();
      if (wait) await wait;
      if (gunzip) await gunzip.write(chunk);
      else pushToSplitter(splitter, chunk);
      progress?.advance(position, splitter.lines);
    }
    if (sniffed && sniffed.length > 0) pushToSplitter(splitter, sniffed);
    if (gunzip) gzip.end = await gunzip.end();
  } catch (err) {
    gunzip?.abandon();
    if (signal?.aborted && !(err instanceof SinkFailure)) {
      splitter.discardPartialLine();
      return;
    }
    throw err;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  if (signal?.aborted) {
    splitter.discardPartialLine();
    return;
  }
  endSplitter(splitter);
}

/** The system error codes with a message of their own: ENOENT, EACCES, ... */
function isSystemCode(code: string): code is SourceErrorCode {
  return /^E[A-Z]+$/.test(code) && Object.hasOwn(SOURCE_ERROR_CODES, code);
}

function describeError(name: string, err: unknown, gzip: boolean, lines: number): SourceError {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof InputProblem) return new SourceError(err.code, `${name}: ${message}`);
  if (gzip && code.startsWith('Z_')) {
    const damage = `read ${lines} line${lines === 1 ? '' : 's'} before the damage`;
    if (code === 'Z_BUF_ERROR') return new SourceError('gzip-truncated', `${name}: gzip data is truncated (${damage})`);
    return new SourceError('gzip-corrupt', `${name}: gzip data is corrupt: ${message} (${damage})`);
  }
  if (isSystemCode(code)) return new SourceError(code, `${name}: ${SOURCE_ERROR_CODES[code]}`);
  const after = lines > 0 ? ` after ${lines} line${lines === 1 ? '' : 's'}` : '';
  return new SourceError('read-error', `${name}: read error${after}: ${message}`);
}

/**
 * Reads one source and hands its lines to the sink, chunk by chunk.
 *
 * Never rejects for input problems (missing file, directory, permission, truncated or corrupt
 * gzip, read error): they become outcome.error, a SourceError with a code and a one-line message; the lines read before the
 * problem were already delivered, and an unfinished line at the damage is dropped. It rejects
 * only with an exception thrown by the sink itself.
 */
export function readSource(spec: SourceSpec, sink: LineSink, options: ReadOptions = {}): Promise<SourceOutcome> {
  return readSourceTuned(spec, sink, options, {});
}

export async function readSourceTuned(spec: SourceSpec, sink: LineSink, options: ReadOptions, tuning: ReadTuning): Promise<SourceOutcome> {
  const name = sourceName(spec);
  const splitter = new LineSplitter(sink, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const gzip: GzipNote = { seen: false };
  const outcome = (): SourceOutcome => ({ name, lines: splitter.lines, bytes: splitter.bytes, gzip: gzip.seen });
  try {
    if (spec.kind === 'file') {
      const handle = await open(spec.path, 'r');
      try {
        await readFile(handle, spec.path, splitter, tuning.readChunkBytes ?? READ_CHUNK_BYTES, options.signal, gzip, options.pace, options.progress);
      } finally {
        await handle.close().catch(() => undefined);
      }
    } else {
      options.progress?.start(name, undefined);
      await readStream(tuning.stdin ?? process.stdin, undefined, splitter, options.signal, gzip, options.pace, options.progress);
    }
    const trailing = gzip.end?.trailingBytes ?? 0;
    if (trailing > 0) {
      // zcat's reading: every complete member counts, and the rest is named, not silently dropped.
      const lines = splitter.lines;
      const message = `${name}: ${trailing} byte${trailing === 1 ? '' : 's'} of trailing garbage after the gzip data, ignored (all ${lines} line${lines === 1 ? '' : 's'} before them were read)`;
      return { ...outcome(), error: new SourceError('gzip-trailing-garbage', message) };
    }
    return outcome();
  } catch (err) {
    if (err instanceof SinkFailure) throw err.cause;
    return { ...outcome(), error: describeError(name, err, gzip.seen, splitter.lines) };
  }
}
