/** A string key's code units, copied out so that one loop hashes strings and buffers alike. */
let keyCodes = new Uint16Array(256);

/**
 * Two 32-bit hashes of a key's UTF-16 code units, fed piece by piece, so a key
 * that is a range of a buffer, or one assembled from ranges and literals (a
 * path shape), is hashed without building it: FNV-1a, and a
 * multiply-xorshift hash with other constants, which mixes in the length at
 * the end. Both are only compared with each other in one process, never stored.
 */
export class KeyHash {
  hash = 0;
  check = 0;
  private length = 0;

  begin(): this {
    this.hash = 0x811c9dc5;
    this.check = 0x2545f491;
    this.length = 0;
    return this;
  }

  /**
   * Adds codes[from, to): UTF-16 code units, or the bytes of ASCII text, which
   * hash as the string they spell. Reading a typed array costs a fraction of
   * charCodeAt on a string of unknown layout.
   */
  addCodes(codes: Uint8Array | Uint16Array, from: number, to: number): this {
    let hash = this.hash;
    let check = this.check;
    for (let i = from; i < to; i++) {
      const c = codes[i]!;
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

  /** Both hashes of a whole string. */
  of(key: string): this {
    if (key.length > keyCodes.length) keyCodes = new Uint16Array(Math.max(key.length, keyCodes.length * 2));
    for (let i = 0; i < key.length; i++) keyCodes[i] = key.charCodeAt(i);
    return this.begin().addCodes(keyCodes, 0, key.length).finish();
  }
}
