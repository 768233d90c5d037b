/**
 * Writing blocks: the durable append, separated from the rest of the store so that the fsync can happen off the
 * main thread. The chain applies a block in memory, hands it to a `BlockWriter` and answers the block's
 * transactions only when `append` resolves — so nothing is acknowledged before it is on disk, while the main
 * thread goes on parsing and verifying the next transactions during the fsync.
 */
import type { LedgerStore, StoredBlock } from "./port.js";

export interface BlockWriter {
  /** Resolves once the block is durable; blocks are written in the order they are given. */
  append(block: StoredBlock): Promise<void>;
  /** Waits for the blocks already given, then stops. */
  close(): Promise<void>;
}

/** Appends on the calling thread (the memory store, tests, tools). */
export function inlineBlockWriter(store: LedgerStore): BlockWriter {
  return {
    append(block) {
      try {
        store.appendBlock(block);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    close: () => Promise.resolve(),
  };
}
