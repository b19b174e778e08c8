/**
 * Two 32-bit hashes of a key's UTF-16 code units, fed piece by piece, so a key
 * that is a range of a buffer, or one assembled from ranges and literals (a
 * path shape), is hashed without building it: FNV-1a, and a
 * multiply-xorshift hash with other constants, which mixes in the length at
 * the end. Both are only compared with each other in one process, never stored.
 */
/**
 * FNV-1a's offset basis as a signed 32-bit integer: written as 0x811c9dc5 it is above 2^31, a
 * double, and a loop variable that starts as a double is kept as one, converted on every byte.
 */
const FNV_OFFSET = 0x811c9dc5 | 0;

export class KeyHash {
  hash = 0;
  check = 0;
  private length = 0;

  begin(): this {
    this.hash = FNV_OFFSET;
    this.check = 0x2545f491;
    this.length = 0;
    return this;
  }

  /**
   * Adds bytes[from, to), the bytes of ASCII text, which hash as the string
   * they spell. Reading a typed array costs a fraction of charCodeAt on a
   * string whose layout the compiler cannot know.
   */
  addBytes(bytes: Uint8Array, from: number, to: number): this {
    let hash = this.hash;
    let check = this.check;
    for (let i = from; i < to; i++) {
      const c = bytes[i]!;
      hash = Math.imul(hash ^ c, 0x01000193);
      check = Math.imul(check ^ c, 0x5bd1e995);
      check ^= check >>> 15;
    }
    this.hash = hash;
    this.check = check;
    this.length += to - from;
    return this;
  }

  /** Sets `hash` and `check` to their final values for the key fed since begin(). */
  finish(): this {
    this.hash |= 0;
    this.check = Math.imul(this.check ^ this.length, 0x5bd1e995) ^ 0x7feb352d;
    return this;
  }

  /** Both hashes of a whole string; its own loop, not addBytes() over a copy: docs/performance.md#keeping-optimized-code. */
  of(key: string): this {
    let hash = FNV_OFFSET;
    let check = 0x2545f491;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      hash = Math.imul(hash ^ c, 0x01000193);
      check = Math.imul(check ^ c, 0x5bd1e995);
      check ^= check >>> 15;
    }
    this.hash = hash;
    this.check = check;
    this.length = key.length;
    return this.finish();
  }
}
