/**
 * The chain: the live ledger state, its incremental state digest, and the durable log it is replayed from.
 * `commitBlock` is the only writer: it applies transactions in order, writes the block and its events in one
 * durable commit, and only then reports the outcomes. `openChain` rebuilds the state from the newest snapshot and
 * the blocks after it, checking every block's state hash on the way.
 */
import { isLedgerError, type LedgerError } from "../core/errors.js";
import type { EventLog } from "../core/events.js";
import { toJson } from "../core/json.js";
import type { NodeKeyVerifier } from "../core/keys.js";
import { readOperation } from "../core/operation-json.js";
import type { Operation, OperationResult } from "../core/operations.js";
import { decodeSnapshot, encodeSnapshot } from "../core/snapshot.js";
import type { LedgerState } from "../core/state.js";
import { StateDigest } from "../core/state-hash.js";
import { applySystemOperation, applyTransaction, type SignedTransaction } from "../core/transactions.js";
import { fullNodeKeyVerifier } from "../crypto/index.js";
import { type BlockWriter, inlineBlockWriter } from "../store/block-writer.js";
import type { BlockHeader, LedgerStore, StoredEvent, StoredTransaction } from "../store/port.js";
import { canonicalJson, parseEnvelope, type TransactionEnvelope } from "../tx/index.js";
import { blockHash, type GenesisDocument, genesisBlock, readGenesis, sha3Hasher } from "./genesis.js";

export type PendingEntry =
  | {
      readonly kind: "signed";
      readonly id: string;
      readonly type: string;
      readonly authorizer: string;
      /** Canonical JSON of the envelope, as stored. */
      readonly envelope: string;
      readonly tx: SignedTransaction;
    }
  | { readonly kind: "system"; readonly type: string; readonly operation: Operation };

export type EntryResult =
  | {
      readonly ok: true;
      readonly id: string;
      readonly index: number;
      readonly result: OperationResult;
      readonly events: EventLog;
    }
  | { readonly ok: false; readonly error: LedgerError };

export interface CommittedBlock {
  readonly header: BlockHeader;
  readonly results: EntryResult[];
}

/** The signed transaction of a stored envelope; its signatures were verified before it was logged. */
export function signedFromEnvelope(envelope: TransactionEnvelope): SignedTransaction {
  const p = envelope.payload;
  return {
    operation: readOperation(p.type, p.args),
    proposalKey: {
      address: p.proposalKey.address as SignedTransaction["authorizer"],
      keyIndex: p.proposalKey.keyIndex,
      sequenceNumber: p.proposalKey.sequenceNumber,
    },
    authorizer: p.authorizer as SignedTransaction["authorizer"],
    expiryHeight: p.expiryHeight,
    signatures: envelope.signatures.map((s) => ({
      address: s.address as SignedTransaction["authorizer"],
      keyIndex: s.keyIndex,
      valid: true,
    })),
  };
}

function systemTransactionId(type: string, height: number, index: number): string {
  const bytes = new TextEncoder().encode(canonicalJson({ system: type, height, index }));
  return Buffer.from(sha3Hasher([bytes])).toString("hex");
}

function* storedEvents(results: readonly EntryResult[]): Generator<StoredEvent> {
  for (const result of results) {
    if (!result.ok) continue;
    for (const event of result.events) yield { txIndex: result.index, type: event.type, data: toJson(event) };
  }
}

export class Chain {
  private broken: Error | null = null;

  constructor(
    readonly store: LedgerStore,
    readonly state: LedgerState,
    private readonly digest: StateDigest,
    private tip: BlockHeader,
    private readonly verifier: NodeKeyVerifier = fullNodeKeyVerifier,
    private readonly writer: BlockWriter = inlineBlockWriter(store),
  ) {}

  get head(): BlockHeader {
    return this.tip;
  }

  /** Set once a write failed: the state in memory may be ahead of the log, so nothing more is written. */
  get failure(): Error | null {
    return this.broken;
  }

  /**
   * Applies `entries` in order as block head + 1 and hands the block to the writer. A refused entry is left out of
   * the block and reported with its error. `durable` resolves once the block is on disk — only then may its
   * outcomes be reported; it rejects if the write fails, and the chain then refuses to go on. Returns
   * `header: null` when nothing was applied (no block is written).
   */
  commitBlock(
    entries: readonly PendingEntry[],
    now: number,
  ): { header: BlockHeader | null; results: EntryResult[]; durable: Promise<void> } {
    if (this.broken !== null) throw this.broken;
    const height = this.tip.height + 1;
    const time = Math.max(now, this.tip.timestamp);
    const block = { height, time };
    const results: EntryResult[] = [];
    const transactions: StoredTransaction[] = [];
    for (const entry of entries) {
      try {
        const index = transactions.length;
        const options = { verifier: this.verifier };
        const applied =
          entry.kind === "signed"
            ? applyTransaction(this.state, entry.tx, block, options)
            : applySystemOperation(this.state, entry.operation, block, options);
        const id = entry.kind === "signed" ? entry.id : systemTransactionId(entry.type, height, index);
        transactions.push({
          id,
          index,
          type: entry.type,
          authorizer: entry.kind === "signed" ? entry.authorizer : null,
          envelope: entry.kind === "signed" ? entry.envelope : null,
          result: toJson(applied.result),
        });
        results.push({ ok: true, id, index, result: applied.result, events: applied.events });
      } catch (error) {
        if (!isLedgerError(error)) throw this.fail(error);
        results.push({ ok: false, error });
      }
    }
    if (transactions.length === 0) return { header: null, results, durable: Promise.resolve() };

    const stateHash = this.digest.update(this.state);
    const header = { height, timestamp: time, parentHash: this.tip.hash, stateHash };
    const hash = blockHash({ ...header, transactionIds: transactions.map((t) => t.id) });
    let eventCount = 0;
    for (const result of results) if (result.ok) eventCount += result.events.length;
    const stored: BlockHeader = { ...header, hash, transactionCount: transactions.length, eventCount };
    const durable = this.writer.append({ ...stored, transactions, events: storedEvents(results) }).catch((error) => {
      throw this.fail(error);
    });
    this.tip = stored;
    return { header: stored, results, durable };
  }

  /** Waits until every block handed to the writer is durable, and stops it. */
  closeWriter(): Promise<void> {
    return this.writer.close();
  }

  /** The state as snapshot bytes, copied now (the columns keep changing after this returns). */
  snapshotBytes(): Uint8Array {
    const parts = encodeSnapshot(this.state);
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.byteLength;
    }
    return bytes;
  }

  private fail(error: unknown): Error {
    this.broken = error instanceof Error ? error : new Error(String(error));
    return this.broken;
  }
}

export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplayError";
  }
}

export interface OpenOptions {
  /** Ignore snapshots and replay from genesis. */
  fromGenesis?: boolean;
  /** Called after each replayed block (for progress bars). */
  onBlock?: (height: number, latest: number) => void;
  /** Where new blocks go (by default appended on the calling thread). */
  writer?: BlockWriter;
  /** Re-check the signatures of every logged transaction against the keys of the state it applies to. */
  verifySignatures?: (envelope: TransactionEnvelope, state: LedgerState) => boolean;
}

/** Writes the genesis document and block into an empty store. */
export function initialiseChain(store: LedgerStore, genesis: GenesisDocument): void {
  const { block } = genesisBlock(genesis);
  store.writeGenesis(JSON.stringify(genesis), block);
}

/**
 * The chain as the log leaves it: from the newest snapshot (unless `fromGenesis`), replaying every later block
 * and checking its state hash and block hash. Throws `ReplayError` on any disagreement.
 */
export function openChain(store: LedgerStore, options: OpenOptions = {}): Chain {
  const genesisText = store.genesis();
  if (genesisText === undefined) throw new ReplayError("the data directory has no genesis: run flowstake init");
  const genesis = readGenesis(JSON.parse(genesisText));
  const latest = store.latestBlock();
  if (latest === undefined) throw new ReplayError("the log has no genesis block");

  let { state, digest } = genesisBlock(genesis);
  let tip = store.blockHeader(0);
  if (tip === undefined) throw new ReplayError("the log has no genesis block");
  const snapshot = options.fromGenesis ? undefined : store.latestSnapshot();
  if (snapshot !== undefined) {
    state = decodeSnapshot(snapshot.bytes);
    digest = new StateDigest(sha3Hasher);
    const hash = digest.update(state);
    const header = store.blockHeader(snapshot.height);
    if (header === undefined || header.stateHash !== hash || snapshot.stateHash !== hash) {
      throw new ReplayError(`the snapshot at height ${snapshot.height} does not match its block's state hash`);
    }
    tip = header;
  }

  for (const block of store.blocks(tip.height + 1, latest.height)) {
    const time = block.timestamp;
    for (const tx of block.transactions) {
      try {
        const apply = { verifier: fullNodeKeyVerifier };
        if (tx.envelope === null) {
          applySystemOperation(state, readOperation(tx.type, {}), { height: block.height, time }, apply);
        } else {
          const envelope = parseEnvelope(JSON.parse(tx.envelope));
          if (options.verifySignatures !== undefined && !options.verifySignatures(envelope, state)) {
            throw new ReplayError(
              `transaction ${tx.id} at height ${block.height} has a signature that does not verify`,
            );
          }
          applyTransaction(state, signedFromEnvelope(envelope), { height: block.height, time }, apply);
        }
      } catch (error) {
        if (error instanceof ReplayError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new ReplayError(`transaction ${tx.id} at height ${block.height} no longer applies: ${reason}`);
      }
    }
    const stateHash = digest.update(state);
    if (stateHash !== block.stateHash) {
      throw new ReplayError(
        `state hash mismatch at height ${block.height}: log ${block.stateHash}, replay ${stateHash}`,
      );
    }
    const hash = blockHash({
      height: block.height,
      timestamp: block.timestamp,
      parentHash: tip.hash,
      stateHash,
      transactionIds: block.transactions.map((t) => t.id),
    });
    if (hash !== block.hash || block.parentHash !== tip.hash) {
      throw new ReplayError(`block ${block.height} does not chain: its hash or parent hash is wrong`);
    }
    tip = block;
    options.onBlock?.(block.height, latest.height);
  }
  return new Chain(store, state, digest, tip, fullNodeKeyVerifier, options.writer ?? inlineBlockWriter(store));
}
