import { copyString } from './copy-string.js';
import type { ValueCount } from '../report/model.js';
import type { TopKTransfer } from './transfer.js';

interface Entry {
  key: string;
  count: number;
  /** Upper bound on how much of `count` was inherited from an evicted key. */
  error: number;
  /** Position in the min-heap, or -1 while the counter is exact. */
  heapIndex: number;
}

/**
 * Counts of string keys in bounded memory. Exact while fewer than `capacity`
 * distinct keys have been seen; after that it becomes a space-saving
 * heavy-hitters sketch (Metwally et al.): a new key replaces the key with the
 * smallest count and inherits that count as its possible error. Any key whose
 * true count exceeds total/capacity is guaranteed to be kept, and a kept
 * key's count overestimates its true count by at most its `error`.
 */
export class TopK {
  private readonly entries = new Map<string, Entry>();
  /** Min-heap by count; built only once the sketch is full. */
  private heap: Entry[] | undefined;
  private totalWeight = 0;
  /**
   * Set on a recording TopK: its adds are only logged (each distinct key once,
   * then its index per add), so that merging replays them in order and the
   * result is exactly what adding them to the target would have given, which a
   * merge of two space-saving sketches is not once one of them is full.
   */
  private log: { ids: Map<string, number> | undefined; keys: string[]; sequence: Int32Array; length: number } | undefined;

  constructor(readonly capacity: number, options: { record?: boolean } = {}) {
    if (!(capacity >= 1)) throw new Error(`top-k capacity must be at least 1, got ${capacity}`);
    if (options.record) this.log = { ids: new Map(), keys: [], sequence: new Int32Array(64), length: 0 };
  }

  /** Number of keys held; never more than capacity. */
  get size(): number {
    return this.entries.size;
  }

  /** Sum of all weights added. */
  get total(): number {
    return this.totalWeight;
  }

  /** True once keys have been evicted, so counts are estimates. */
  get approximate(): boolean {
    return this.heap !== undefined;
  }

  add(key: string, weight = 1): void {
    if (this.log !== undefined && weight === 1) this.record(key);
    else this.addWithError(key, weight, 0);
  }

  merge(other: TopK): void {
    if (other.log !== undefined) this.replay(other.log.keys, other.log.sequence.subarray(0, other.log.length));
    for (const entry of other.entries.values()) this.addWithError(entry.key, entry.count, entry.error);
  }

  /** Plain data for structured clone (a worker thread's result); see fromTransfer. */
  toTransfer(): TopKTransfer {
    const entries = [...this.entries.values()];
    const transfer: TopKTransfer = {
      capacity: this.capacity,
      total: this.totalWeight,
      entries: entries.map((entry) => [entry.key, entry.count, entry.error]),
    };
    if (this.heap !== undefined) {
      const position = new Map(entries.map((entry, index) => [entry, index]));
      transfer.heap = this.heap.map((entry) => position.get(entry)!);
    }
    if (this.log !== undefined) transfer.log = { keys: this.log.keys, sequence: this.log.sequence.slice(0, this.log.length) };
    return transfer;
  }

  static fromTransfer(data: TopKTransfer): TopK {
    const topK = new TopK(data.capacity);
    topK.totalWeight = data.total;
    const entries: Entry[] = data.entries.map(([key, count, error]) => ({ key, count, error, heapIndex: -1 }));
    for (const entry of entries) topK.entries.set(entry.key, entry);
    if (data.heap !== undefined) {
      topK.heap = data.heap.map((position, heapIndex) => {
        const entry = entries[position]!;
        entry.heapIndex = heapIndex;
        return entry;
      });
    }
    if (data.log !== undefined) {
      // The index of keys is rebuilt only if more adds are recorded: a carried log is usually just replayed.
      topK.log = { ids: undefined, keys: [...data.log.keys], sequence: data.log.sequence.slice(), length: data.log.sequence.length };
    }
    return topK;
  }

  private record(key: string): void {
    const log = this.log!;
    log.ids ??= new Map(log.keys.map((known, id) => [known, id]));
    let id = log.ids.get(key);
    if (id === undefined) {
      id = log.keys.length;
      const copy = copyString(key);
      log.keys.push(copy);
      log.ids.set(copy, id);
    }
    if (log.length === log.sequence.length) {
      const grown = new Int32Array(log.sequence.length * 2);
      grown.set(log.sequence);
      log.sequence = grown;
    }
    log.sequence[log.length++] = id;
  }

  /** Adds logged keys in their order: exactly as if they had been added here one by one. */
  private replay(keys: readonly string[], sequence: Int32Array): void {
    if (this.heap === undefined) {
      // While nothing is evicted, counts are exact and order-free except for
      // which keys arrive first: adding each key once with its total, in order
      // of first appearance, gives the same entries in the same order.
      const counts = new Float64Array(keys.length);
      for (let i = 0; i < sequence.length; i++) counts[sequence[i]!]!++;
      let newKeys = 0;
      for (const key of keys) if (!this.entries.has(key)) newKeys++;
      if (this.entries.size + newKeys <= this.capacity) {
        for (let id = 0; id < keys.length; id++) if (counts[id]! > 0) this.addWithError(keys[id]!, counts[id]!, 0);
        return;
      }
    }
    for (let i = 0; i < sequence.length; i++) this.addWithError(keys[sequence[i]!]!, 1, 0);
  }

  /** Count of a key if it is held (an upper bound once approximate). */
  count(key: string): number | undefined {
    return this.entries.get(key)?.count;
  }

  /** The n keys with the highest counts, most frequent first (ties by key). */
  top(n: number): ValueCount[] {
    const all = [...this.entries.values()];
    all.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return all.slice(0, n).map((e) => ({ value: e.key, count: e.count }));
  }

  private addWithError(key: string, weight: number, error: number): void {
    this.totalWeight += weight;
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      existing.count += weight;
      existing.error += error;
      if (this.heap !== undefined) this.siftDown(existing.heapIndex);
      return;
    }
    if (this.entries.size < this.capacity) {
      const entry: Entry = { key: copyString(key), count: weight, error, heapIndex: -1 };
      this.entries.set(entry.key, entry);
      if (this.heap !== undefined) {
        entry.heapIndex = this.heap.length;
        this.heap.push(entry);
        this.siftUp(entry.heapIndex);
      }
      return;
    }
    const heap = this.heap ?? this.buildHeap();
    const evicted = heap[0]!;
    this.entries.delete(evicted.key);
    // Reuse the evicted slot: the newcomer may have been counted as often as the key it replaces.
    evicted.key = copyString(key);
    evicted.error = evicted.count + error;
    evicted.count += weight;
    this.entries.set(evicted.key, evicted);
    this.siftDown(0);
  }

  private buildHeap(): Entry[] {
    const heap = [...this.entries.values()];
    heap.forEach((entry, index) => (entry.heapIndex = index));
    this.heap = heap;
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
    return heap;
  }

  private siftDown(start: number): void {
    const heap = this.heap!;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const smaller = right < heap.length && heap[right]!.count < heap[left]!.count ? right : left;
      if (heap[smaller]!.count >= heap[index]!.count) break;
      this.swap(index, smaller);
      index = smaller;
    }
  }

  private siftUp(start: number): void {
    const heap = this.heap!;
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent]!.count <= heap[index]!.count) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  private swap(a: number, b: number): void {
    const heap = this.heap!;
    const ea = heap[a]!;
    const eb = heap[b]!;
    heap[a] = eb;
    heap[b] = ea;
    ea.heapIndex = b;
    eb.heapIndex = a;
  }
}
