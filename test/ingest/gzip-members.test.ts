import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { gzipHeaderLength, GzipMembers } from '../../src/ingest/gzip-members.js';
import { readSourceTuned } from '../../src/ingest/read-source.js';
import { CollectingSink } from './collect.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-gzip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const realLines = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `203.0.113.${i % 250} - - [01/Dec/2026:10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET /p/${i} HTTP/1.1" ${i % 97 === 0 ? 502 : 200} ${i % 5000} "-" "curl/8.5.0"`);

async function readAt(path: string, readChunkBytes: number): Promise<{ sink: CollectingSink; error?: string; lines: number }> {
  const sink = new CollectingSink();
  const outcome = await readSourceTuned({ kind: 'file', path }, sink, {}, { readChunkBytes });
  return { sink, error: outcome.error?.message, lines: outcome.lines };
}

describe('gzip with bytes after its data', () => {
  for (const [label, garbage] of [
    ['a newline', Buffer.from('\n')],
    ['text', Buffer.from('garbage appended by a careless copy\n')],
    ['gzip magic without a valid header', Buffer.from([0x1f, 0x8b, 0x63, 0x00])],
  ] as const) {
    it(`counts every line of every complete member, then names the trailing bytes (${label})`, async () => {
      const lines = realLines(200_000);
      const half = lines.length / 2;
      const compressed = Buffer.concat([gzipSync(lines.slice(0, half).join('\n') + '\n'), gzipSync(lines.slice(half).join('\n') + '\n'), garbage]);
      const path = join(dir, `trailing-${garbage.length}.gz`);
      writeFileSync(path, compressed);
      for (const chunk of [65_536, 1 << 20]) {
        const { sink, error, lines: count } = await readAt(path, chunk);
        expect(count).toBe(lines.length);
        expect(sink.lines).toEqual(lines);
        expect(error).toBe(`${path}: ${garbage.length} byte${garbage.length === 1 ? '' : 's'} of trailing garbage after the gzip data, ignored (all ${lines.length} lines before them were read)`);
      }
    });
  }

  it('finds member boundaries and trailing bytes when every read is a few bytes', async () => {
    const path = join(dir, 'small-reads.gz');
    writeFileSync(path, Buffer.concat([gzipSync('a\nb\n'), gzipSync('c\n'), Buffer.from('xyz')]));
    for (const chunk of [1, 2, 3, 7]) {
      const { sink, error } = await readAt(path, chunk);
      expect(sink.lines).toEqual(['a', 'b', 'c']);
      expect(error).toBe(`${path}: 3 bytes of trailing garbage after the gzip data, ignored (all 3 lines before them were read)`);
    }
  });

  it('takes zero padding after the data silently, as gzip does', async () => {
    const path = join(dir, 'padded.gz');
    writeFileSync(path, Buffer.concat([gzipSync('a\nb\n'), Buffer.alloc(512)]));
    const { sink, error } = await readAt(path, 100);
    expect(error).toBeUndefined();
    expect(sink.lines).toEqual(['a', 'b']);
  });

  it('still calls a member cut short truncated, after the members before it', async () => {
    const second = gzipSync(realLines(3000).join('\n') + '\n');
    const path = join(dir, 'cut.gz');
    writeFileSync(path, Buffer.concat([gzipSync('first\n'), second.subarray(0, second.length - 4)]));
    const { sink, error } = await readAt(path, 4096);
    expect(error).toMatch(/gzip data is truncated \(read \d+ lines before the damage\)$/);
    expect(sink.lines.slice(0, 2)).toEqual(['first', realLines(1)[0]]);
  });
});

describe('gzipHeaderLength', () => {
  it('reads the optional name, comment, extra field and header CRC', () => {
    const base = [0x1f, 0x8b, 8];
    const tail = [0, 0, 0, 0, 0, 3];
    expect(gzipHeaderLength(Uint8Array.from([...base, 0, ...tail]))).toBe(10);
    const named = Uint8Array.from([...base, 0x08, ...tail, ...Buffer.from('access.log'), 0]);
    expect(gzipHeaderLength(named)).toBe(21);
    expect(gzipHeaderLength(named.subarray(0, 15))).toBe(0);
    const all = Uint8Array.from([...base, 0x1e, ...tail, 2, 0, 0xaa, 0xbb, ...Buffer.from('n'), 0, ...Buffer.from('c'), 0, 0x12, 0x34]);
    expect(gzipHeaderLength(all)).toBe(all.length);
    expect(gzipHeaderLength(Uint8Array.from([0x1f, 0x8b, 7]))).toBe(-1);
    expect(gzipHeaderLength(Uint8Array.from([...base, 0x20, ...tail]))).toBe(-1);
    expect(gzipHeaderLength(Uint8Array.from(Buffer.from('plain')))).toBe(-1);
  });

  it('decodes the header zlib writes with a file name', async () => {
    const out: Buffer[] = [];
    const members = new GzipMembers((chunk) => out.push(Buffer.from(chunk)), { chunkSize: 16 * 1024 });
    const withName = Buffer.from(gzipSync('x\n'));
    // Set FNAME and splice a name in after the fixed header.
    withName[3] = 0x08;
    await members.write(Buffer.concat([withName.subarray(0, 10), Buffer.from('a.log\0'), withName.subarray(10)]));
    expect(await members.end()).toEqual({ members: 1, trailingBytes: 0, paddingBytes: 0 });
    expect(Buffer.concat(out).toString()).toBe('x\n');
  });
});
