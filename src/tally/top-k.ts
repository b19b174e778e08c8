import { copyString } from './copy-string.js';
import { KeyHash } from './key-hash.js';
import type { ValueCount } from '../model/counts.js';

const INITIAL_ENTRIES = 16;
const EMPTY = 0;
/** Int32s per hash-table slot: entry number + 1 (0 = empty), hash, check hash, padding to 16 bytes. */
const SLOT = 4;

/** Hashes keys given as strings; one for the module, so no object is allocated per call. */
const keyHash = new KeyHash();

/**
 * Counts of string keys in bounded memory. Exact while fewer than `capacity`
 * distinct keys have been seen; after that it becomes a space-saving
 * heavy-hitters sketch (Metwally et al.): a new key replaces the key with the
 * smallest count and inherits that count as its possible error. Any key whose
 * true count exceeds total/capacity is guaranteed to be kept, and a kept
 * key's count overestimates its true count by at most its `error`.
 *
 * It runs once or more per 4xx/5xx line, over thousands of keys in many
 * sketches, so its cost is cache misses more than instructions. Keys live in
 * an open-addressing table (linear probing, at most half full) whose slots
 * hold the entry number and two 32-bit hashes of the key side by side: a
 * lookup reads one slot and never the key string, taking two keys with the
 * same 64 bits of hash for one (for the 2,000 keys of a sketch, about one
 * chance in 10^13). Counts are parallel typed arrays, and the min-heap of
 * the space-saving phase holds entry numbers.
 */
export class TopK {
  private keys: string[] = [];
  /** The entry countHashed() last found. */
  private lastEntry = -1;
  private hashes = new Int32Array(INITIAL_ENTRIES);
  private checks = new Int32Array(INITIAL_ENTRIES);
  private counts = new Float64Array(INITIAL_ENTRIES);
  private errors = new Float64Array(INITIAL_ENTRIES);
  /** SLOT int32s per slot; the slot count is a power of two, at least twice the entries. */
  private table = new Int32Array(INITIAL_ENTRIES * 2 * SLOT);
  private slotMask = INITIAL_ENTRIES * 2 - 1;
  private entryCount = 0;
  /**
   * Min-heap of entry numbers by count, in use once the sketch is full (entryCount === capacity).
   * Sized with the entry arrays, in grow(): docs/performance.md#keeping-optimized-code.
   */
  private heap = new Int32Array(INITIAL_ENTRIES);
  /** Position of each entry in the heap. */
  private heapIndex = new Int32Array(INITIAL_ENTRIES);
  private totalWeight = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`top-k capacity must be at least 1, got ${capacity}`);
  }

  /** Number of keys held; never more than capacity. */
  get size(): number {
    return this.entryCount;
  }

  /** Sum of all weights added. */
  get total(): number {
    return this.totalWeight;
  }

  /** True once keys have been evicted (here or in a merged sketch), so counts are estimates. */
  get approximate(): boolean {
    // An evicted key's count is inherited, as the newcomer's error, by an entry that stays.
    for (let entry = 0; entry < this.entryCount; entry++) if (this.errors[entry]! > 0) return true;
    return false;
  }

  /** Counts `key`; it is copied only if it becomes a new entry. */
  add(key: string, weight = 1): void {
    this.addWithError(key, weight, 0);
  }

  private addWithError(key: string, weight: number, error: number): void {
    keyHash.of(key);
    this.addHashed(key, keyHash.hash, keyHash.check, weight, error);
  }

  /**
   * Counts the key whose hashes (from a KeyHash) these are, if it is held, and
   * says whether it was. When it was not, the caller builds the key and gives
   * it to insertHashed(): a key fed to KeyHash in pieces costs no string unless
   * it is new.
   */
  countHashed(hash: number, check: number): boolean {
    const table = this.table;
    const mask = this.slotMask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot * SLOT;
      const held = table[at]!;
      if (held === EMPTY) return false;
      if (table[at + 1] === hash && table[at + 2] === check) {
        const entry = held - 1;
        this.lastEntry = entry;
        this.totalWeight++;
        this.counts[entry]!++;
        if (this.entryCount === this.capacity) this.siftDown(this.heapIndex[entry]!);
        return true;
      }
    }
  }

  /** The key countHashed() last found and counted, as the sketch holds it: no string is built for it. */
  lastCountedKey(): string | undefined {
    return this.lastEntry >= 0 ? this.keys[this.lastEntry] : undefined;
  }

  /** Counts a key that countHashed() did not find, with the same hashes; it is copied. */
  insertHashed(key: string, hash: number, check: number): void {
    this.totalWeight++;
    // No probe for the key: countHashed() just found it absent.
    this.addAbsent(key, hash, check, 1, 0);
  }

  /** addWithError() for a key whose two hashes are known (a sketch's own entries, when merging). */
  private addHashed(key: string, hash: number, check: number, weight: number, error: number): void {
    this.totalWeight += weight;
    const table = this.table;
    const mask = this.slotMask;
    let slot = hash & mask;
    for (;;) {
      const at = slot * SLOT;
      const held = table[at]!;
      if (held === EMPTY) break;
      if (table[at + 1] === hash && table[at + 2] === check) {
        const entry = held - 1;
        this.counts[entry]! += weight;
        this.errors[entry]! += error;
        if (this.entryCount === this.capacity) this.siftDown(this.heapIndex[entry]!);
        return;
      }
      slot = (slot + 1) & mask;
    }
    if (this.entryCount < this.capacity) this.insertNew(slot, copyString(key), hash, check, weight, error);
    else this.addAbsent(key, hash, check, weight, error);
  }

  /** Adds a key that is not held: a new entry while there is room, else in place of the smallest. */
  private addAbsent(key: string, hash: number, check: number, weight: number, error: number): void {
    if (this.entryCount < this.capacity) {
      this.insertNew(this.freeSlot(hash), copyString(key), hash, check, weight, error);
      return;
    }
    // Reuse the smallest entry: the newcomer may have been counted as often as the key it replaces.
    const evicted = this.heap[0]!;
    this.removeSlotOf(evicted);
    this.keys[evicted] = copyString(key);
    this.hashes[evicted] = hash;
    this.checks[evicted] = check;
    this.errors[evicted] = this.counts[evicted]! + error;
    this.counts[evicted]! += weight;
    this.fillSlot(this.freeSlot(hash), evicted);
    this.siftDown(0);
  }

  /**
   * The most any key the sketch does not hold was counted: 0 while exact, else its smallest count
   * (a key that was never evicted can have been counted no more often than the entry that would
   * have replaced it). Held counts overestimate by at most this too, so it is the sketch's error bound.
   */
  get floor(): number {
    if (!this.approximate) return 0;
    let least = Infinity;
    for (let entry = 0; entry < this.entryCount; entry++) if (this.counts[entry]! < least) least = this.counts[entry]!;
    return least;
  }

  /**
   * Adds another sketch by the Space-Saving merge rule (Agarwal et al., "Mergeable Summaries",
   * 2012; Cafaro et al. 2016): a key held by one sketch only is given the other's floor, the most
   * it can have been counted there, in its count and its error; the `capacity` largest counts
   * stay. Every count stays an upper bound and count minus error a lower bound, and the floor of
   * the result is at most (total weight) / capacity.
   */
  merge(other: TopK): void {
    const n = other.entryCount;
    this.mergeEntries(
      other.floor,
      other.totalWeight,
      other.keys,
      other.hashes.subarray(0, n),
      other.checks.subarray(0, n),
      other.counts.subarray(0, n),
      other.errors.subarray(0, n),
    );
  }

  /**
   * merge() for a sketch given as entries (a summary file's), without building it first: `floor`
   * is that sketch's (0 while exact), and each key's two hashes are worked out here.
   */
  mergeDocument(total: number, keys: readonly string[], counts: ArrayLike<number>, errors: ArrayLike<number> | undefined): void {
    const hashes = new Int32Array(keys.length);
    const checks = new Int32Array(keys.length);
    let exact = true;
    let least = Infinity;
    for (let i = 0; i < keys.length; i++) {
      keyHash.of(keys[i]!);
      hashes[i] = keyHash.hash;
      checks[i] = keyHash.check;
      if (errors !== undefined && errors[i]! > 0) exact = false;
      if (counts[i]! < least) least = counts[i]!;
    }
    this.mergeEntries(exact ? 0 : least, total, keys, hashes, checks, counts, errors ?? new Float64Array(keys.length));
  }

  private mergeEntries(
    theirs: number,
    total: number,
    keys: readonly string[],
    hashes: ArrayLike<number>,
    checks: ArrayLike<number>,
    counts: ArrayLike<number>,
    errors: ArrayLike<number>,
  ): void {
    const n = counts.length;
    if (n === 0) {
      this.totalWeight += total;
      return;
    }
    const mine = this.floor;
    const size = this.entryCount;
    const allKeys: string[] = this.keys.slice(0, size);
    const allHashes = new Int32Array(size + n);
    const allChecks = new Int32Array(size + n);
    const allCounts = new Float64Array(size + n);
    const allErrors = new Float64Array(size + n);
    allHashes.set(this.hashes.subarray(0, size));
    allChecks.set(this.checks.subarray(0, size));
    // A key this sketch does not hold may have been counted up to its floor here; one the other lacks, up to the other's.
    for (let entry = 0; entry < size; entry++) {
      allCounts[entry] = this.counts[entry]! + theirs;
      allErrors[entry] = this.errors[entry]! + theirs;
    }
    let used = size;
    for (let i = 0; i < n; i++) {
      const found = this.entryOfHashed(hashes[i]!, checks[i]!);
      if (found >= 0) {
        // Held by both: the other's floor was added above in place of its own count.
        allCounts[found]! += counts[i]! - theirs;
        allErrors[found]! += errors[i]! - theirs;
        continue;
      }
      allKeys.push(keys[i]!);
      allHashes[used] = hashes[i]!;
      allChecks[used] = checks[i]!;
      allCounts[used] = counts[i]! + mine;
      allErrors[used] = errors[i]! + mine;
      used++;
    }
    const sum = this.totalWeight + total;
    this.refill(allKeys, allHashes, allChecks, allCounts, allErrors, used);
    this.totalWeight = sum;
  }

  /** The sketch's entries as plain arrays (for a summary file), in no particular order. */
  entries(): { keys: string[]; counts: number[]; errors: number[] } {
    return {
      keys: this.keys.slice(0, this.entryCount),
      counts: Array.from(this.counts.subarray(0, this.entryCount)),
      errors: Array.from(this.errors.subarray(0, this.entryCount)),
    };
  }

  /** A sketch holding the given entries (from entries()), of which the `capacity` largest stay. */
  static fromEntries(capacity: number, total: number, keys: readonly string[], counts: readonly number[], errors: readonly number[]): TopK {
    const sketch = new TopK(capacity);
    sketch.mergeDocument(total, keys, counts, errors);
    return sketch;
  }

  /** Empties the sketch and fills it with the `capacity` entries of the largest counts among the first `n`. */
  private refill(keys: string[], hashes: Int32Array, checks: Int32Array, counts: Float64Array, errors: Float64Array, n: number): void {
    let order: ArrayLike<number>;
    if (n > this.capacity) {
      // The capacity-th largest count, by a sort of a copy; entries above it, then enough equal to it.
      const sorted = counts.slice(0, n).sort();
      const cut = sorted[n - this.capacity]!;
      const picked: number[] = [];
      for (let i = 0; i < n; i++) if (counts[i]! > cut) picked.push(i);
      for (let i = 0; i < n && picked.length < this.capacity; i++) if (counts[i] === cut) picked.push(i);
      order = picked;
    } else {
      order = { length: n } as ArrayLike<number>;
    }
    const length = order.length;
    const entries = Math.max(INITIAL_ENTRIES, length);
    this.keys = [];
    this.lastEntry = -1;
    this.hashes = new Int32Array(entries);
    this.checks = new Int32Array(entries);
    this.counts = new Float64Array(entries);
    this.errors = new Float64Array(entries);
    this.heap = new Int32Array(entries);
    this.heapIndex = new Int32Array(entries);
    let slotCount = INITIAL_ENTRIES * 2;
    while (slotCount < entries * 2) slotCount *= 2;
    this.table = new Int32Array(slotCount * SLOT);
    this.slotMask = slotCount - 1;
    this.entryCount = 0;
    this.totalWeight = 0;
    const direct = n <= this.capacity;
    for (let k = 0; k < length; k++) {
      const i = direct ? k : order[k]!;
      this.insertNew(this.freeSlot(hashes[i]!), keys[i]!, hashes[i]!, checks[i]!, counts[i]!, errors[i]!);
    }
  }

  /** The entry of the key with these two hashes, or -1. */
  private entryOfHashed(hash: number, check: number): number {
    const table = this.table;
    const mask = this.slotMask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot * SLOT;
      const held = table[at]!;
      if (held === EMPTY) return -1;
      if (table[at + 1] === hash && table[at + 2] === check) return held - 1;
    }
  }

  /** Count of a key if it is held (an upper bound once approximate). */
  count(key: string): number | undefined {
    const entry = this.find(key);
    return entry < 0 ? undefined : this.counts[entry];
  }

  /** The guaranteed count of a key (count minus error, as top() gives it), 0 when it is not held. */
  lowerBound(key: string): number {
    const entry = this.find(key);
    return entry < 0 ? 0 : this.counts[entry]! - this.errors[entry]!;
  }

  /**
   * The n keys with the highest counts, most frequent first (ties by key). Once the sketch is
   * approximate, each count is the guaranteed lower bound (count minus error): a key that came in
   * by evicting another inherits that one's count, so with 10,000 clients seen once each, the
   * counts themselves would show clients of 5 requests that made one. The lower bound is never
   * below the key's own first sighting, and equals the count while the sketch is exact.
   */
  top(n: number): ValueCount[] {
    const best = new TopSelection(n);
    const counts = this.counts;
    const errors = this.errors;
    for (let entry = 0; entry < this.entryCount; entry++) {
      // Most keys count less than the n-th best so far: rejected here, without a call (the lower
      // bound is at most the count).
      if (counts[entry]! >= best.lowest) best.offer(this.keys[entry]!, counts[entry]! - errors[entry]!);
    }
    return best.result();
  }

  /**
   * The n keys with the highest summed counts over several sketches (the top
   * paths across every error status). Summed exactly over the keys they hold,
   * rather than merged into one more bounded sketch that would evict some.
   * It runs once, over thousands of keys, mostly before the compiler has
   * looked at it, so it sums as few keys as it can: every key of the top n
   * sums to at least the n-th best sum among the keys that lead some sketch,
   * so it counts at least that sum divided by the number of sketches in one
   * of them. Only keys that reach that count in some sketch are summed, by the
   * two hashes each entry already stores: no key string is hashed again.
   * The sums are of guaranteed lower bounds, as top() gives them; the bounds
   * above hold for them too, each being at most its count.
   */
  static topOfSum(sketches: readonly TopK[], n: number): ValueCount[] {
    const held = sketches.filter((sketch) => sketch.entryCount > 0);
    if (held.length === 1) return held[0]!.top(n);
    if (held.length === 0 || n <= 0) return [];
    const summed = new Map<string, number>();
    const sumOf = (sketch: TopK, entry: number): void => {
      const key = sketch.keys[entry]!;
      if (summed.has(key)) return;
      const hash = sketch.hashes[entry]!;
      const check = sketch.checks[entry]!;
      let sum = 0;
      for (const other of held) sum += other.countOfHashed(hash, check);
      summed.set(key, sum);
    };
    for (const sketch of held) for (const entry of sketch.topEntries(n)) sumOf(sketch, entry);
    const floor = summed.size >= n ? [...summed.values()].sort((a, b) => b - a)[n - 1]! : 0;
    const least = floor / held.length;
    for (const sketch of held) {
      const counts = sketch.counts;
      for (let entry = 0; entry < sketch.entryCount; entry++) if (counts[entry]! >= least) sumOf(sketch, entry);
    }
    const best = new TopSelection(n);
    for (const [key, sum] of summed) if (sum >= best.lowest) best.offer(key, sum);
    return best.result();
  }

  /** Guaranteed count (count minus error) of the key with these two hashes, or 0 when it is not held. */
  private countOfHashed(hash: number, check: number): number {
    const table = this.table;
    const mask = this.slotMask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot * SLOT;
      const held = table[at]!;
      if (held === EMPTY) return 0;
      if (table[at + 1] === hash && table[at + 2] === check) return this.counts[held - 1]! - this.errors[held - 1]!;
    }
  }

  /** The entries of the n highest counts, in no particular order. */
  private topEntries(n: number): number[] {
    const counts = this.counts;
    // Kept sorted by count, highest first; most entries fall below the last and are skipped at once.
    const picked: number[] = [];
    for (let entry = 0; entry < this.entryCount; entry++) {
      const count = counts[entry]!;
      if (picked.length === n && count <= counts[picked[n - 1]!]!) continue;
      let at = picked.length === n ? n - 1 : picked.length;
      while (at > 0 && count > counts[picked[at - 1]!]!) {
        picked[at] = picked[at - 1]!;
        at--;
      }
      picked[at] = entry;
    }
    return picked;
  }

  private find(key: string): number {
    keyHash.of(key);
    const { hash, check } = keyHash;
    for (let slot = hash & this.slotMask; ; slot = (slot + 1) & this.slotMask) {
      const at = slot * SLOT;
      const held = this.table[at]!;
      if (held === EMPTY) return -1;
      if (this.table[at + 1] === hash && this.table[at + 2] === check) return held - 1;
    }
  }

  private insertNew(slot: number, key: string, hash: number, check: number, weight: number, error: number): void {
    const entry = this.entryCount;
    if (entry === this.counts.length) {
      this.grow();
      slot = this.freeSlot(hash);
    }
    this.entryCount++;
    this.keys.push(key);
    this.hashes[entry] = hash;
    this.checks[entry] = check;
    this.counts[entry] = weight;
    this.errors[entry] = error;
    this.fillSlot(slot, entry);
    if (this.entryCount === this.capacity) this.buildHeap();
  }

  private fillSlot(slot: number, entry: number): void {
    const at = slot * SLOT;
    this.table[at] = entry + 1;
    this.table[at + 1] = this.hashes[entry]!;
    this.table[at + 2] = this.checks[entry]!;
  }

  /** Doubles the entry arrays (never past capacity) and rehashes. */
  private grow(): void {
    const entries = Math.min(this.capacity, this.counts.length * 2);
    this.hashes = grown(this.hashes, new Int32Array(entries));
    this.checks = grown(this.checks, new Int32Array(entries));
    this.counts = grown(this.counts, new Float64Array(entries));
    this.errors = grown(this.errors, new Float64Array(entries));
    this.heap = new Int32Array(entries);
    this.heapIndex = new Int32Array(entries);
    let slotCount = this.slotMask + 1;
    while (slotCount < entries * 2) slotCount *= 2;
    this.table = new Int32Array(slotCount * SLOT);
    this.slotMask = slotCount - 1;
    for (let entry = 0; entry < this.entryCount; entry++) this.fillSlot(this.freeSlot(this.hashes[entry]!), entry);
  }

  private freeSlot(hash: number): number {
    let slot = hash & this.slotMask;
    while (this.table[slot * SLOT] !== EMPTY) slot = (slot + 1) & this.slotMask;
    return slot;
  }

  /** Deletes an entry's slot, shifting later slots of its probe run back so every key stays reachable. */
  private removeSlotOf(entry: number): void {
    const table = this.table;
    const mask = this.slotMask;
    let hole = this.hashes[entry]! & mask;
    while (table[hole * SLOT] !== entry + 1) hole = (hole + 1) & mask;
    let next = hole;
    for (;;) {
      next = (next + 1) & mask;
      const held = table[next * SLOT]!;
      if (held === EMPTY) break;
      const home = table[next * SLOT + 1]! & mask;
      // The key at `next` may fill the hole only if its home slot is not inside (hole, next].
      const homeBetween = hole <= next ? home > hole && home <= next : home > hole || home <= next;
      if (!homeBetween) {
        table.copyWithin(hole * SLOT, next * SLOT, next * SLOT + SLOT);
        hole = next;
      }
    }
    table[hole * SLOT] = EMPTY;
  }

  /** Orders the heap over all entries; from here on every count change keeps it ordered. */
  private buildHeap(): void {
    const size = this.entryCount;
    const heap = this.heap;
    const heapIndex = this.heapIndex;
    for (let entry = 0; entry < size; entry++) {
      heap[entry] = entry;
      heapIndex[entry] = entry;
    }
    for (let i = (size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const heapIndex = this.heapIndex;
    const counts = this.counts;
    const size = this.entryCount;
    let index = start;
    const entry = heap[index]!;
    const count = counts[entry]!;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= size) break;
      const right = left + 1;
      const smaller = right < size && counts[heap[right]!]! < counts[heap[left]!]! ? right : left;
      const child = heap[smaller]!;
      if (counts[child]! >= count) break;
      heap[index] = child;
      heapIndex[child] = index;
      index = smaller;
    }
    heap[index] = entry;
    heapIndex[entry] = index;
  }
}

/**
 * The n best of a stream of (key, count) pairs, most frequent first and ties
 * by key, kept in a small sorted array: a report wants the top 10 of
 * thousands of keys, so most offers are rejected by one comparison.
 */
class TopSelection {
  private readonly picked: ValueCount[] = [];
  /** A count below this cannot be picked (one equal to it may be, by key). */
  lowest = 0;

  constructor(private readonly n: number) {}

  offer(value: string, count: number): void {
    const picked = this.picked;
    if (this.n <= 0) return;
    if (picked.length === this.n && !ranksBefore(value, count, picked[picked.length - 1]!)) return;
    let at = picked.length === this.n ? picked.length - 1 : picked.length;
    while (at > 0 && ranksBefore(value, count, picked[at - 1]!)) {
      picked[at] = picked[at - 1]!;
      at--;
    }
    picked[at] = { value, count };
    if (picked.length === this.n) this.lowest = picked[picked.length - 1]!.count;
  }

  result(): ValueCount[] {
    return this.picked;
  }
}

function ranksBefore(value: string, count: number, other: ValueCount): boolean {
  return count > other.count || (count === other.count && value < other.value);
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
