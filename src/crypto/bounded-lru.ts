/**
 * A small least-recently-used cache with a fixed capacity, for parsed public keys: verifying many signatures by
 * the same key is the hot path, and parsing a key costs about as much as one verification.
 *
 * A `Map` keeps insertion order, so re-inserting on every hit keeps the least recently used entry first.
 */
export interface BoundedLru<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  readonly size: number;
}

export function createBoundedLru<V>(capacity: number): BoundedLru<V> {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`createBoundedLru: capacity must be a positive integer, got ${capacity}`);
  }
  const entries = new Map<string, V>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > capacity) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
