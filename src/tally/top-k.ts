import { copyString } from './copy-string.js';
import type { ValueCount } from '../report/model.js';

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

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`top-k capacity must be at least 1, got ${capacity}`);
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
    this.addWithError(key, weight, 0);
  }

  merge(other: TopK): void {
    for (const entry of other.entries.values()) this.addWithError(entry.key, entry.count, entry.error);
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
