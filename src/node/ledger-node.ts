/**
 * The node service: accepts signed transactions, verifies their signatures off the main thread, feeds them to the
 * single writer, which commits many per block (one fsync for all), and answers each only once its block is
 * durable. In automatic mode it also turns block time into FlowEpoch's phase transactions.
 */

import { phaseEndTimes } from "../core/epoch/phases.js";
import { isLedgerError, LedgerError } from "../core/errors.js";
import type { AccountId } from "../core/ids.js";
import { toJsonValue } from "../core/json.js";
import { readOperation } from "../core/operation-json.js";
import { EPOCH_PHASE_OPERATIONS, type Operation } from "../core/operations.js";
import type { LedgerState } from "../core/state.js";
import { authorizeTransaction, type SignedTransaction } from "../core/transactions.js";
import type { BlockHeader, LedgerStore } from "../store/port.js";
import { prepareTransaction, type TransactionEnvelope, type VerifyItem, type VerifyPool } from "../tx/index.js";
import type { Chain, EntryResult, PendingEntry } from "./chain.js";
import { NodeMetrics } from "./metrics.js";
import type { MetricsSnapshot, NodeHealth, NodeMode, NodeService, TransactionOutcome } from "./service.js";

export interface LedgerNodeOptions {
  mode: NodeMode;
  verifyPool: VerifyPool;
  /** Write a snapshot after this many blocks (and at every epoch start); 0 = never. */
  snapshotEveryBlocks?: number;
  /** The most transactions in one block. */
  maxBlockTransactions?: number;
  /** Milliseconds since the Unix epoch; tests pass a controllable clock. */
  clock?: () => number;
  /** How often the epoch scheduler looks at the clock, in milliseconds. */
  schedulerIntervalMs?: number;
}

interface Waiter {
  readonly entry: PendingEntry;
  readonly submittedAt: number;
  readonly resolve: (result: EntryResult & { height: number }) => void;
  readonly reject: (error: Error) => void;
}

const EPOCH_PHASE_TYPES = new Set<string>(EPOCH_PHASE_OPERATIONS);
/** A queue this long is built into a block without waiting for the block being written. */
const GROUP_COMMIT_TARGET = 256;

export class LedgerNode implements NodeService {
  readonly mode: NodeMode;
  private readonly queue: Waiter[] = [];
  private buildScheduled = false;
  /** Blocks handed to the writer and not yet durable. */
  private writesInFlight = 0;
  /** A build waiting for the block being written (see `scheduleBuild`). */
  private afterWrite: (() => void) | null = null;
  private readonly inflight = new Map<string, Promise<TransactionOutcome>>();
  private readonly listeners = new Set<(header: BlockHeader) => void>();
  private readonly counters = new NodeMetrics();
  private readonly clock: () => number;
  private readonly snapshotEvery: number;
  private readonly maxBlock: number;
  private blocksSinceSnapshot = 0;
  private snapshotting: Promise<void> | null = null;
  private schedulerTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly chain: Chain,
    private readonly options: LedgerNodeOptions,
  ) {
    this.mode = options.mode;
    this.clock = options.clock ?? Date.now;
    this.snapshotEvery = options.snapshotEveryBlocks ?? 1000;
    this.maxBlock = options.maxBlockTransactions ?? 5000;
    if (this.mode === "automatic") this.startScheduler(options.schedulerIntervalMs ?? 100);
  }

  get state(): LedgerState {
    return this.chain.state;
  }

  get store(): LedgerStore {
    return this.chain.store;
  }

  health(): NodeHealth {
    const running = this.chain.failure === null && !this.closed;
    return {
      status: running ? "ok" : "unavailable",
      height: this.chain.head.height,
      writer: running ? "running" : "stopped",
    };
  }

  metrics(): MetricsSnapshot {
    return this.counters.snapshot({
      height: this.chain.head.height,
      epochCounter: this.state.epochCounter,
      epochPhase: this.state.epoch.phase,
      queueDepth: this.queue.length,
    });
  }

  onBlock(listener: (header: BlockHeader) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async submit(body: unknown): Promise<TransactionOutcome> {
    this.counters.transactionsSubmitted += 1;
    try {
      this.requireRunning();
      const { envelope, id, signedBytes: message, canonical } = prepareTransaction(body);
      const operation = readOperation(envelope.payload.type, envelope.payload.args);
      if (this.mode === "automatic" && EPOCH_PHASE_TYPES.has(operation.op)) {
        throw new LedgerError(
          "EPOCH_PHASES_AUTOMATIC",
          `this node runs the epoch phases itself; ${operation.op} is refused`,
        );
      }
      const known = this.known(id, envelope);
      if (known !== undefined) return await known;
      const processing = this.process(id, envelope, canonical, message, operation);
      this.inflight.set(id, processing);
      try {
        return await processing;
      } finally {
        this.inflight.delete(id);
      }
    } catch (error) {
      if (isLedgerError(error)) this.counters.refused(error.code);
      throw error;
    }
  }

  /** The earlier outcome of the same envelope, or its processing still under way. */
  private known(id: string, envelope: TransactionEnvelope): Promise<TransactionOutcome> | undefined {
    const inflight = this.inflight.get(id);
    if (inflight !== undefined) return inflight;
    // An executed transaction has moved its proposal key past its sequence number: while the key has not, the
    // envelope cannot be in the log, and the lookup is skipped.
    const proposal = envelope.payload.proposalKey;
    const key = this.state.accounts.get(proposal.address as AccountId)?.keys[proposal.keyIndex];
    if (key === undefined || key.sequenceNumber <= proposal.sequenceNumber) return undefined;
    const row = this.store.transaction(id);
    if (row === undefined) return undefined;
    const events = this.store
      .events({ fromHeight: row.height, toHeight: row.height, limit: 10_000 })
      .filter((e) => e.txIndex === row.index)
      .map((e) => JSON.parse(e.data) as Record<string, unknown>);
    return Promise.resolve({
      id,
      height: row.height,
      index: row.index,
      type: row.type,
      result: JSON.parse(row.result) as unknown,
      events,
    });
  }

  private async process(
    id: string,
    envelope: TransactionEnvelope,
    canonical: string,
    message: Uint8Array,
    operation: Operation,
  ): Promise<TransactionOutcome> {
    const payload = envelope.payload;
    const items: VerifyItem[] = [];
    const slots: (number | null)[] = [];
    for (const signature of envelope.signatures) {
      const key = this.state.accounts.get(signature.address as AccountId)?.keys[signature.keyIndex];
      if (key === undefined) {
        slots.push(null);
        continue;
      }
      slots.push(items.length);
      items.push({
        publicKey: key.publicKey,
        signatureAlgorithm: key.signatureAlgorithm,
        hashAlgorithm: key.hashAlgorithm,
        message,
        signature: signature.signature,
      });
    }
    const verdicts = items.length === 0 ? [] : await this.options.verifyPool.verify(items);
    this.counters.signatureVerifications += items.length;
    const tx: SignedTransaction = {
      operation,
      proposalKey: {
        address: payload.proposalKey.address as AccountId,
        keyIndex: payload.proposalKey.keyIndex,
        sequenceNumber: payload.proposalKey.sequenceNumber,
      },
      authorizer: payload.authorizer as AccountId,
      expiryHeight: payload.expiryHeight,
      signatures: envelope.signatures.map((s, i) => {
        const slot = slots[i];
        return {
          address: s.address as AccountId,
          keyIndex: s.keyIndex,
          valid: slot !== null && slot !== undefined && verdicts[slot] === true,
        };
      }),
    };
    // Refuse early what cannot pass; the writer checks again against the state it applies to. A refusal is not
    // remembered: it changed nothing, and the same envelope may pass once the state has moved on.
    authorizeTransaction(this.state, tx, { height: this.chain.head.height + 1, time: this.clock() });
    this.requireRunning();
    const entry: PendingEntry = {
      kind: "signed",
      id,
      type: operation.op,
      authorizer: payload.authorizer,
      envelope: canonical,
      tx,
    };
    const result = await this.enqueue(entry);
    if (!result.ok) throw result.error;
    return {
      id,
      height: result.height,
      index: result.index,
      type: operation.op,
      result: toJsonValue(result.result),
      events: [...result.events].map((e) => toJsonValue(e) as Record<string, unknown>),
    };
  }

  private requireRunning(): void {
    if (this.closed || this.chain.failure !== null) {
      throw new LedgerError("NODE_UNAVAILABLE", "the node's writer is stopped; restart the node");
    }
  }

  private enqueue(entry: PendingEntry): Promise<EntryResult & { height: number }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, submittedAt: performance.now(), resolve, reject });
      this.scheduleBuild();
    });
  }

  /**
   * Group commit: a block is built once the event loop has taken in what arrived, and — while blocks are still
   * being written — only after the previous block is durable or enough transactions wait, so that under load each
   * block carries many transactions (one fsync, one state-hash update and one hand-over for all of them).
   */
  private scheduleBuild(): void {
    if (this.buildScheduled) {
      const waiting = this.afterWrite;
      if (waiting !== null && this.queue.length >= GROUP_COMMIT_TARGET) {
        this.afterWrite = null;
        setImmediate(waiting);
      }
      return;
    }
    this.buildScheduled = true;
    const run = () => {
      this.buildScheduled = false;
      this.build();
    };
    if (this.writesInFlight === 0 || this.queue.length >= GROUP_COMMIT_TARGET) setImmediate(run);
    else this.afterWrite = run;
  }

  /** The single writer: one block from what is waiting, written durably, then every waiter answered. */
  private build(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxBlock);
    if (this.queue.length > 0) this.scheduleBuild();
    let committed: ReturnType<Chain["commitBlock"]>;
    try {
      committed = this.chain.commitBlock(
        batch.map((w) => w.entry),
        this.clock(),
      );
    } catch (error) {
      this.stopWriting(error, batch);
      return;
    }
    const { header, results } = committed;
    // Refusals changed nothing: they are answered at once. Executed transactions wait for the disk.
    const executed: [Waiter, EntryResult][] = [];
    for (const [i, waiter] of batch.entries()) {
      const result = results[i];
      if (result === undefined) waiter.reject(new Error("missing result"));
      else if (!result.ok) waiter.resolve({ ...result, height: this.chain.head.height });
      else executed.push([waiter, result]);
    }
    if (header === null) return;
    // A snapshot describes the state after this block: its bytes are taken now, before the next block applies.
    const snapshot = this.snapshotDue(batch) ? this.chain.snapshotBytes() : null;
    this.writesInFlight += 1;
    committed.durable.then(
      () => {
        this.writesInFlight -= 1;
        const waiting = this.afterWrite;
        this.afterWrite = null;
        if (waiting !== null) setImmediate(waiting);
        const now = performance.now();
        for (const [waiter, result] of executed) {
          this.counters.transactionsExecuted += 1;
          this.counters.observeLatency((now - waiter.submittedAt) / 1000);
          waiter.resolve({ ...result, height: header.height });
        }
        this.counters.blocks += 1;
        for (const listener of this.listeners) listener(header);
        if (snapshot !== null) this.writeSnapshot(header, snapshot);
      },
      (error: unknown) =>
        this.stopWriting(
          error,
          executed.map(([waiter]) => waiter),
        ),
    );
  }

  /** The log cannot be written: every waiting transaction is refused and the node stops taking more. */
  private stopWriting(error: unknown, waiting: readonly Waiter[]): void {
    const failure = new LedgerError("NODE_UNAVAILABLE", "the node could not write its log and has stopped writing");
    for (const waiter of [...waiting, ...this.queue.splice(0)]) waiter.reject(failure);
    process.emitWarning(`flowstake: writer stopped: ${error instanceof Error ? error.stack : String(error)}`);
    this.stopScheduler();
  }

  private snapshotDue(batch: readonly Waiter[]): boolean {
    if (this.snapshotEvery === 0) return false;
    this.blocksSinceSnapshot += 1;
    const epochStarted = batch.some((w) => w.entry.type === "epoch_start");
    if (this.blocksSinceSnapshot < this.snapshotEvery && !epochStarted) return false;
    if (this.snapshotting !== null) return false;
    this.blocksSinceSnapshot = 0;
    return true;
  }

  /** Writes a snapshot in the background; one at a time. */
  private writeSnapshot(header: BlockHeader, bytes: Uint8Array): void {
    if (this.snapshotting !== null) return;
    this.snapshotting = this.store
      .writeSnapshot({ height: header.height, stateHash: header.stateHash, bytes })
      .catch((error: unknown) => {
        process.emitWarning(`flowstake: snapshot at ${header.height} failed: ${String(error)}`);
      })
      .finally(() => {
        this.snapshotting = null;
      });
  }

  /** Automatic mode: the phase transaction that is due now by the clock, if any. */
  private duePhaseOperations(now: number): Operation[] {
    const ends = phaseEndTimes(this.state);
    switch (this.state.epoch.phase) {
      case "staking_auction":
        return now >= ends.stakingAuctionEnd ? [{ op: "epoch_setup" }] : [];
      case "epoch_setup":
        return now >= ends.setupEnd ? [{ op: "epoch_commit" }] : [];
      case "epoch_committed":
        return now >= ends.epochEnd ? [{ op: "epoch_start" }, { op: "epoch_pay_rewards" }] : [];
    }
  }

  private startScheduler(intervalMs: number): void {
    const tick = () => {
      this.schedulerTimer = null;
      if (this.closed || this.chain.failure !== null) return;
      const due = this.duePhaseOperations(this.clock());
      if (due.length === 0) {
        this.schedulerTimer = setTimeout(tick, intervalMs);
        return;
      }
      // One phase at a time: the next is looked at once this one's block is durable.
      const done = due.map((operation) => this.enqueue({ kind: "system", type: operation.op, operation }));
      Promise.all(done)
        .then((results) => {
          for (const r of results) {
            if (!r.ok) process.emitWarning(`flowstake: epoch transaction refused: ${r.error.code} ${r.error.message}`);
          }
        })
        .catch(() => undefined)
        .finally(() => {
          if (!this.closed) this.schedulerTimer = setTimeout(tick, 0);
        });
    };
    this.schedulerTimer = setTimeout(tick, 0);
  }

  private stopScheduler(): void {
    if (this.schedulerTimer !== null) clearTimeout(this.schedulerTimer);
    this.schedulerTimer = null;
  }

  /** Stops taking transactions, lets the writer finish what is queued, waits for a running snapshot. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopScheduler();
    while (this.queue.length > 0 && this.chain.failure === null) this.build();
    await this.chain.closeWriter();
    await this.snapshotting;
  }
}
