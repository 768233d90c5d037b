/**
 * A `BlockWriter` that commits blocks to the SQLite log from a worker thread with its own connection (WAL lets the
 * main thread's connection read meanwhile). Blocks are sent in order and answered in order; the first failure
 * fails it and every block after it, as a gap in the log must never be written over.
 */
import { Worker } from "node:worker_threads";
import type { BlockWriter } from "../block-writer.js";
import type { StoredBlock } from "../port.js";
import { encodeBlockMessage } from "./block-message.js";

/** The compiled worker: beside this module in `dist/`, or in `dist/` when this module runs as TypeScript. */
function workerUrl(): URL {
  return import.meta.url.endsWith(".ts")
    ? new URL("../../../dist/src/store/sqlite/block-writer-worker.js", import.meta.url)
    : new URL("./block-writer-worker.js", import.meta.url);
}

export function sqliteBlockWriter(dataDir: string): BlockWriter {
  const worker = new Worker(workerUrl(), { workerData: { dataDir } });
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let next = 0;
  let failure: Error | null = null;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  };
  worker.on("message", (message: { id: number; ok: boolean; error?: string }) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve();
    else failAll(new Error(`the log could not be written: ${message.error ?? "unknown error"}`));
  });
  worker.on("error", (error) => failAll(error));
  worker.on("exit", (code) => {
    if (pending.size > 0) failAll(new Error(`the block writer stopped (exit code ${code})`));
  });
  return {
    append(block: StoredBlock) {
      if (failure !== null) return Promise.reject(failure);
      const id = next++;
      const message = { id, block: encodeBlockMessage(block) };
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage(message);
      });
    },
    async close() {
      await Promise.allSettled(
        [...pending.keys()].map(
          (id) =>
            new Promise<void>((resolve) => {
              const waiter = pending.get(id);
              if (waiter === undefined) return resolve();
              pending.set(id, {
                resolve: () => {
                  waiter.resolve();
                  resolve();
                },
                reject: (e) => {
                  waiter.reject(e);
                  resolve();
                },
              });
            }),
        ),
      );
      worker.postMessage({ close: true });
      await new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    },
  };
}
