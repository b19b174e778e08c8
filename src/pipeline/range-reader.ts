import type { FileHandle } from 'node:fs/promises';

/** A read that failed, told apart from an exception thrown while the chunk was processed. */
export class ReadFailure {
  constructor(readonly cause: unknown) {}
}

/**
 * Reads handle[start, end) (to the end of the file when end is undefined) in
 * chunks and hands each to onChunk, reading the next chunk while the current
 * one is processed, so the thread does not sit idle waiting for each read.
 * onChunk must not keep the chunk: its buffer is reused. Resolves to the
 * offset reached. Read errors reject as ReadFailure.
 */
export async function readChunks(
  handle: FileHandle,
  start: number,
  end: number | undefined,
  chunkBytes: number,
  onChunk: (chunk: Buffer) => void,
): Promise<number> {
  const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)] as const;
  const readAt = (buffer: Buffer, at: number): Promise<number> => {
    const want = end === undefined ? chunkBytes : Math.min(chunkBytes, end - at);
    if (want <= 0) return Promise.resolve(0);
    const read = handle.read(buffer, 0, want, at).then(
      (result) => result.bytesRead,
      (err: unknown) => Promise.reject(new ReadFailure(err)),
    );
    // Awaited later; if onChunk throws first, its failure must not go unhandled.
    read.catch(() => undefined);
    return read;
  };
  let position = start;
  let current = 0;
  let pending = readAt(buffers[0], position);
  for (;;) {
    const bytesRead = await pending;
    if (bytesRead === 0) return position;
    const chunk = buffers[current].subarray(0, bytesRead);
    position += bytesRead;
    current ^= 1;
    pending = readAt(buffers[current], position);
    onChunk(chunk);
  }
}
