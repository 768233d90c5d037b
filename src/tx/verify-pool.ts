/**
 * Signature verification off the main thread: a small pool of worker threads, each running `verify-worker.js`.
 *
 * - Batching: `verify` calls made in one turn of the event loop join one batch, sent when the loop reaches its
 *   check phase (`setImmediate`), so requests that arrive together (HTTP bodies read in the same poll phase) cost
 *   one `postMessage` per worker, not one per request — or sooner, as soon as {@link FLUSH_AT_ITEMS} items wait,
 *   so that a worker starts on a burst of requests while the main thread is still reading the rest of it (on two
 *   cores this alone raised the node's throughput by about 9 %). A batch is split across the least busy workers (at
 *   least {@link MIN_ITEMS_PER_MESSAGE} items each) and travels as one transferred `ArrayBuffer`
 *   (`verify-batch.ts`); answers come back the same way and each caller gets its results in its own order.
 * - Size 0 verifies inline on the calling thread (tests, replay, single-core machines): same answers, no workers.
 * - A worker that dies (a crash, an exception, `process.exit`) fails the verifications it held with an `Error`
 *   (they never hang) and is replaced by a fresh worker when the next batch needs it. Replacing lazily means that
 *   a worker that cannot even start (a missing file) fails each batch instead of respawning in a loop.
 * - Idle workers are unreferenced: a pool never keeps a process alive by itself, only while verifications are
 *   pending. `close()` terminates the workers and fails whatever is pending.
 *
 * Where the worker is: next to this file when running compiled (`dist/src/tx/verify-worker.js`). When this file
 * runs as TypeScript (vitest), the worker is still the compiled one under `dist/` (Node 20 cannot load TypeScript
 * in a worker, and vitest's transform does not reach worker threads): run `npm run build` first, as `npm test`
 * does, or pass `workerUrl`.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { verifySignature } from "../crypto/index.js";
import { type BatchRun, decodeAnswer, encodeBatch, type VerifyItem } from "./verify-batch.js";

export type { VerifyItem } from "./verify-batch.js";

export interface VerifyPool {
  /** The number of worker threads (0: inline). */
  readonly size: number;
  /** Worker threads running now: `size` normally, fewer after a crash until the next batch, 0 after `close`. */
  readonly activeWorkers: number;
  /**
   * For each item, whether its signature is valid (never throws for a malformed item: that is `false`). Rejects
   * only when a worker dies holding the batch or the pool is closed. Items are read when the batch is sent, during
   * this call or later in this turn of the event loop: do not change them before the promise settles.
   */
  verify(items: readonly VerifyItem[]): Promise<boolean[]>;
  /** Terminates the workers; pending and later verifications reject. */
  close(): Promise<void>;
}

export interface VerifyPoolOptions {
  /** The worker script; by default {@link defaultVerifyWorkerUrl}. */
  workerUrl?: URL;
}

/** A batch is split only into messages of at least this many items (a smaller batch goes to one worker). */
export const MIN_ITEMS_PER_MESSAGE = 16;

/** A batch is sent at once, without waiting for the end of the event-loop turn, when this many items wait. */
export const FLUSH_AT_ITEMS = MIN_ITEMS_PER_MESSAGE;

/** One worker per core, leaving one core for the main thread; at least one. */
export function defaultVerifyPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** The compiled worker: beside this module in `dist/`, or in `dist/` when this module runs as TypeScript. */
export function defaultVerifyWorkerUrl(): URL {
  return import.meta.url.endsWith(".ts")
    ? new URL("../../dist/src/tx/verify-worker.js", import.meta.url)
    : new URL("./verify-worker.js", import.meta.url);
}

interface Request {
  readonly items: readonly VerifyItem[];
  readonly results: boolean[];
  remaining: number;
  settled: boolean;
  readonly resolve: (results: boolean[]) => void;
  readonly reject: (error: Error) => void;
}

interface Run extends BatchRun {
  readonly request: Request;
}

interface Batch {
  readonly runs: readonly Run[];
  readonly count: number;
}

interface Slot {
  worker: Worker | undefined;
  /** Batches sent to this slot's worker and not answered yet, by batch ID. */
  readonly batches: Map<number, Batch>;
  pendingItems: number;
  lastError: Error | undefined;
}

function fail(request: Request, error: Error): void {
  if (request.settled) return;
  request.settled = true;
  request.reject(error);
}

/** A pool of `size` verify workers (0: verify inline). */
export function createVerifyPool(size: number = defaultVerifyPoolSize(), options: VerifyPoolOptions = {}): VerifyPool {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`createVerifyPool: size must be a non-negative integer, got ${size}`);
  }
  return size === 0 ? createInlinePool() : createWorkerPool(size, options.workerUrl ?? defaultVerifyWorkerUrl());
}

/** As a worker answers: `false`, never an exception, for anything malformed, even an item that is not an object. */
function verifyInline(item: VerifyItem | null | undefined): boolean {
  if (typeof item !== "object" || item === null) return false;
  return verifySignature(item.publicKey, item.signatureAlgorithm, item.hashAlgorithm, item.message, item.signature);
}

function createInlinePool(): VerifyPool {
  let closed = false;
  return {
    size: 0,
    activeWorkers: 0,
    verify(items) {
      if (closed) return Promise.reject(new Error("verify pool is closed"));
      return Promise.resolve(items.map(verifyInline));
    },
    close() {
      closed = true;
      return Promise.resolve();
    },
  };
}

function createWorkerPool(size: number, workerUrl: URL): VerifyPool {
  if (workerUrl.protocol === "file:" && !existsSync(fileURLToPath(workerUrl))) {
    throw new Error(`createVerifyPool: no worker script at ${fileURLToPath(workerUrl)}; run \`npm run build\` first`);
  }
  const slots: Slot[] = Array.from({ length: size }, () => ({
    worker: undefined,
    batches: new Map(),
    pendingItems: 0,
    lastError: undefined,
  }));
  let queue: Request[] = [];
  let queuedItems = 0;
  let scheduled: NodeJS.Immediate | undefined;
  let closed = false;
  let activeWorkers = 0;
  let nextBatchId = 0;

  function spawn(slot: Slot): Worker {
    const worker = new Worker(workerUrl);
    slot.worker = worker;
    slot.lastError = undefined;
    activeWorkers++;
    worker.on("message", (answer: unknown) => onAnswer(slot, answer));
    worker.on("error", (error: Error) => {
      slot.lastError = error;
    });
    worker.on("messageerror", (error: Error) => {
      slot.lastError = error;
      void worker.terminate();
    });
    worker.once("exit", (code: number) => onExit(slot, worker, code));
    worker.unref();
    return worker;
  }

  function onAnswer(slot: Slot, answer: unknown): void {
    if (!(answer instanceof ArrayBuffer)) return;
    const { id, results } = decodeAnswer(answer);
    const batch = slot.batches.get(id);
    if (batch === undefined) return;
    slot.batches.delete(id);
    slot.pendingItems -= batch.count;
    if (slot.batches.size === 0) slot.worker?.unref();
    let k = 0;
    for (const run of batch.runs) {
      const request = run.request;
      if (!request.settled) {
        for (let j = 0; j < run.count; j++) request.results[run.from + j] = results[k + j] === 1;
        request.remaining -= run.count;
        if (request.remaining === 0) {
          request.settled = true;
          request.resolve(request.results);
        }
      }
      k += run.count;
    }
  }

  function onExit(slot: Slot, worker: Worker, code: number): void {
    activeWorkers--;
    if (slot.worker === worker) slot.worker = undefined;
    const cause = slot.lastError === undefined ? "" : `: ${slot.lastError.message}`;
    const error = closed
      ? new Error("verify pool is closed")
      : new Error(`verify worker stopped (exit code ${code})${cause}; the verifications it held failed`);
    for (const batch of slot.batches.values()) for (const run of batch.runs) fail(run.request, error);
    slot.batches.clear();
    slot.pendingItems = 0;
  }

  function send(slot: Slot, runs: Run[], count: number): void {
    const worker = slot.worker ?? spawn(slot);
    const id = nextBatchId;
    nextBatchId = (nextBatchId + 1) >>> 0;
    const buffer = encodeBatch(id, runs);
    slot.batches.set(id, { runs, count });
    slot.pendingItems += count;
    if (slot.batches.size === 1) worker.ref();
    worker.postMessage(buffer, [buffer]);
  }

  function flush(): void {
    if (scheduled !== undefined) clearImmediate(scheduled);
    scheduled = undefined;
    const requests = queue;
    queue = [];
    queuedItems = 0;
    try {
      let total = 0;
      for (const request of requests) total += request.items.length;
      if (total === 0) return;
      const targets = [...slots]
        .sort((a, b) => a.pendingItems - b.pendingItems)
        .slice(0, Math.max(1, Math.floor(total / MIN_ITEMS_PER_MESSAGE)));
      const perTarget = Math.ceil(total / targets.length);
      let r = 0;
      let from = 0;
      for (const slot of targets) {
        const runs: Run[] = [];
        let count = 0;
        for (let request = requests[r]; request !== undefined && count < perTarget; request = requests[r]) {
          const take = Math.min(perTarget - count, request.items.length - from);
          runs.push({ request, items: request.items, from, count: take });
          count += take;
          from += take;
          if (from === request.items.length) {
            r++;
            from = 0;
          }
        }
        if (count > 0) send(slot, runs, count);
      }
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const request of requests) fail(request, failure);
    }
  }

  for (const slot of slots) spawn(slot);

  return {
    size,
    get activeWorkers() {
      return activeWorkers;
    },
    verify(items) {
      if (closed) return Promise.reject(new Error("verify pool is closed"));
      if (items.length === 0) return Promise.resolve([]);
      return new Promise<boolean[]>((resolve, reject) => {
        queue.push({
          items,
          results: new Array<boolean>(items.length),
          remaining: items.length,
          settled: false,
          resolve,
          reject,
        });
        queuedItems += items.length;
        if (queuedItems >= FLUSH_AT_ITEMS) flush();
        else scheduled ??= setImmediate(flush);
      });
    },
    async close() {
      closed = true;
      if (scheduled !== undefined) clearImmediate(scheduled);
      scheduled = undefined;
      const error = new Error("verify pool is closed");
      for (const request of queue) fail(request, error);
      queue = [];
      queuedItems = 0;
      await Promise.all(slots.map((slot) => slot.worker?.terminate()));
    },
  };
}
