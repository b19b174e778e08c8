/**
 * Gzip decoding member by member, so damage after the data costs nothing that came before it.
 *
 * zlib's Gunzip stream reads a member, and when bytes follow that do not start with zeros it starts
 * a new member on them in the same step; when they are not gzip (an editor's newline, a half-copied
 * second file) it fails, and the output of that step, up to a whole chunk of lines, is lost with it.
 * Here the gzip framing (RFC 1952: header, deflate data, CRC-32 and length) is read by this module,
 * and only the deflate data goes to zlib, one raw inflater per member: every complete member is
 * delivered, and what follows the last one is counted as trailing bytes instead of failing the file.
 */
import { createRequire } from 'node:module';
import type { InflateRaw } from 'node:zlib';

type Zlib = typeof import('node:zlib');
let zlib: Zlib | undefined;

/** A damaged gzip stream; `code` follows zlib's names, which describe the damage in messages. */
export class GzipDamage extends Error {
  constructor(
    message: string,
    readonly code: 'Z_BUF_ERROR' | 'Z_DATA_ERROR',
  ) {
    super(message);
  }
}

export interface GzipEnd {
  /** Complete members decoded. */
  members: number;
  /** Bytes after the last complete member that are not gzip, zero padding excluded. */
  trailingBytes: number;
  /** Bytes of zeros after the last member (tape and block padding, which gzip ignores too). */
  paddingBytes: number;
}

const FLAG_HCRC = 0x02;
const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;
const TRAILER_BYTES = 8;
// A header is 10 bytes plus optional fields; one this large is not a header but noise.
const MAX_HEADER_BYTES = 64 * 1024;

/** The length of the gzip header at the start of buf, 0 if more bytes are needed, -1 if it is not one. */
export function gzipHeaderLength(buf: Uint8Array): number {
  if (buf.length >= 1 && buf[0] !== 0x1f) return -1;
  if (buf.length >= 2 && buf[1] !== 0x8b) return -1;
  if (buf.length >= 3 && buf[2] !== 8) return -1; // deflate is the only method defined
  if (buf.length < 10) return 0;
  const flags = buf[3]!;
  if (flags & 0xe0) return -1; // reserved bits must be zero
  let at = 10;
  if (flags & FLAG_EXTRA) {
    if (buf.length < at + 2) return 0;
    at += 2 + (buf[at]! | (buf[at + 1]! << 8));
  }
  for (const flag of [FLAG_NAME, FLAG_COMMENT]) {
    if (!(flags & flag)) continue;
    const nul = buf.indexOf(0, at);
    if (nul === -1) return 0;
    at = nul + 1;
  }
  if (flags & FLAG_HCRC) at += 2;
  return buf.length >= at ? at : 0;
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** zlib.crc32 where Node has it (20.15 and later), else a table-driven one. */
function crc32(data: Uint8Array, previous: number): number {
  if (zlib?.crc32) return zlib.crc32(data, previous);
  let c = ~previous;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

type State = 'header' | 'body' | 'trailer' | 'after';

export class GzipMembers {
  private state: State = 'header';
  private pendingBytes: Buffer = Buffer.alloc(0);
  private inflater: InflateRaw | undefined;
  /** Resolves when the current inflater has delivered its last byte. */
  private inflaterEnded: Promise<void> | undefined;
  private inflaterFailure: Error | undefined;
  private written = 0;
  private crc = 0;
  private size = 0;
  private members = 0;
  private trailingBytes = 0;
  private paddingBytes = 0;
  private readonly chunkSize: number;
  private readonly onData: (chunk: Buffer) => void;

  constructor(onData: (chunk: Buffer) => void, options: { chunkSize: number }) {
    zlib ??= createRequire(import.meta.url)('node:zlib') as Zlib;
    this.onData = onData;
    this.chunkSize = options.chunkSize;
  }

  /** Resolves once the chunk is consumed, so the caller may reuse its buffer. */
  async write(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case 'header':
          at = this.readHeader(chunk, at);
          break;
        case 'body':
          at = await this.inflate(chunk, at);
          break;
        case 'trailer':
          at = this.readTrailer(chunk, at);
          break;
        case 'after':
          this.countAfter(chunk, at);
          at = chunk.length;
          break;
      }
    }
  }

  /** Input is over: resolves with how the stream ended, rejects with GzipDamage if a member was cut. */
  async end(): Promise<GzipEnd> {
    if (this.state === 'body') {
      this.inflater!.end();
      await this.inflaterEnded;
      this.throwIfInflaterFailed();
      // The deflate data did end, exactly with the input: the trailer is missing.
      if (this.state === 'body') this.finishBody();
    }
    if (this.state === 'trailer' || (this.state === 'header' && this.members === 0)) {
      throw new GzipDamage('unexpected end of file', 'Z_BUF_ERROR');
    }
    if (this.state === 'header' && this.pendingBytes.length > 0) this.countAfter(this.pendingBytes, 0);
    return { members: this.members, trailingBytes: this.trailingBytes, paddingBytes: this.paddingBytes };
  }

  abandon(): void {
    this.inflater?.destroy();
  }

  private readHeader(chunk: Buffer, at: number): number {
    const taken = Math.min(chunk.length - at, MAX_HEADER_BYTES - this.pendingBytes.length);
    const bytes = Buffer.concat([this.pendingBytes, chunk.subarray(at, at + taken)]);
    const length = gzipHeaderLength(bytes);
    if (length === -1 || (length === 0 && bytes.length >= MAX_HEADER_BYTES)) {
      if (this.members === 0) throw new GzipDamage('incorrect header check', 'Z_DATA_ERROR');
      // Not another member: everything from here on is trailing.
      this.state = 'after';
      this.pendingBytes = Buffer.alloc(0);
      this.countAfter(bytes, 0);
      return at + taken;
    }
    if (length === 0) {
      this.pendingBytes = bytes;
      return at + taken;
    }
    this.pendingBytes = Buffer.alloc(0);
    this.startMember();
    // Bytes of this chunk past the header start the deflate data.
    return at + taken - (bytes.length - length);
  }

  private startMember(): void {
    const inflater = zlib!.createInflateRaw({ chunkSize: this.chunkSize });
    this.inflater = inflater;
    this.inflaterFailure = undefined;
    this.written = 0;
    this.crc = 0;
    this.size = 0;
    inflater.on('data', (data: Buffer) => {
      this.crc = crc32(data, this.crc);
      this.size = (this.size + data.length) >>> 0;
      this.onData(data);
    });
    this.inflaterEnded = new Promise((resolve) => {
      inflater.once('end', resolve);
      inflater.once('close', resolve);
      inflater.once('error', (err: Error & { code?: string }) => {
        this.inflaterFailure = new GzipDamage(err.message, err.code === 'Z_BUF_ERROR' ? 'Z_BUF_ERROR' : 'Z_DATA_ERROR');
        resolve();
      });
    });
    this.state = 'body';
  }

  /** Feeds deflate data from chunk[at...]; returns where the member's data ended, or the chunk's end. */
  private async inflate(chunk: Buffer, at: number): Promise<number> {
    const inflater = this.inflater!;
    const slice = chunk.subarray(at);
    const before = inflater.bytesWritten;
    if (!inflater.writableEnded && !inflater.destroyed) {
      await Promise.race([new Promise<void>((resolve) => inflater.write(slice, () => resolve())), this.inflaterEnded]);
    }
    this.throwIfInflaterFailed();
    const consumed = inflater.bytesWritten - before;
    this.written += consumed;
    if (consumed === slice.length) return chunk.length;
    // The deflate data ended inside this slice: wait for its last output, then read the trailer.
    inflater.end();
    await this.inflaterEnded;
    this.throwIfInflaterFailed();
    this.finishBody();
    return at + consumed;
  }

  private finishBody(): void {
    this.inflater = undefined;
    this.state = 'trailer';
  }

  private readTrailer(chunk: Buffer, at: number): number {
    const taken = Math.min(chunk.length - at, TRAILER_BYTES - this.pendingBytes.length);
    this.pendingBytes = Buffer.concat([this.pendingBytes, chunk.subarray(at, at + taken)]);
    if (this.pendingBytes.length < TRAILER_BYTES) return at + taken;
    const crc = this.pendingBytes.readUInt32LE(0);
    const size = this.pendingBytes.readUInt32LE(4);
    this.pendingBytes = Buffer.alloc(0);
    if (crc !== this.crc >>> 0) throw new GzipDamage('incorrect data check', 'Z_DATA_ERROR');
    if (size !== this.size) throw new GzipDamage('incorrect length check', 'Z_DATA_ERROR');
    this.members++;
    this.state = 'header';
    return at + taken;
  }

  private countAfter(bytes: Uint8Array, at: number): void {
    for (let i = at; i < bytes.length; i++) {
      if (bytes[i] === 0 && this.trailingBytes === 0) this.paddingBytes++;
      else this.trailingBytes++;
    }
    this.state = 'after';
  }

  private throwIfInflaterFailed(): void {
    if (this.inflaterFailure) throw this.inflaterFailure;
  }
}
