/**
 * The rules every adapter enforces on what it is asked to write, written once. Adapters call them inside their
 * write transaction, so a refused block leaves nothing behind.
 */
import type { BlockHeader, SnapshotRecord, StoredBlock, StoredEvent } from "./port.js";
import { StoreRuleError } from "./store-rule-error.js";

const HASH = /^[0-9a-f]{64}$/;

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Checks a block's own fields and its transactions; events are checked one by one as they stream past. */
export function checkBlockShape(block: StoredBlock): void {
  const where = `block ${block.height}`;
  for (const [field, value] of [
    ["height", block.height],
    ["timestamp", block.timestamp],
    ["transactionCount", block.transactionCount],
    ["eventCount", block.eventCount],
  ] as const) {
    if (!isCount(value)) {
      throw new StoreRuleError("block-shape", `${where}: ${field} must be a non-negative integer, got ${value}`);
    }
  }
  for (const [field, value] of [
    ["parentHash", block.parentHash],
    ["stateHash", block.stateHash],
    ["hash", block.hash],
  ] as const) {
    if (!HASH.test(value)) {
      throw new StoreRuleError("block-shape", `${where}: ${field} must be 64 lowercase hex characters`);
    }
  }
  if (block.transactions.length !== block.transactionCount) {
    throw new StoreRuleError(
      "block-shape",
      `${where}: transactionCount is ${block.transactionCount} but ${block.transactions.length} transactions were given`,
    );
  }
  block.transactions.forEach((tx, position) => {
    if (tx.index !== position) {
      throw new StoreRuleError(
        "transaction-index",
        `${where}: the transaction at position ${position} has index ${tx.index}; expected ${position}`,
      );
    }
    if (!HASH.test(tx.id)) {
      throw new StoreRuleError(
        "block-shape",
        `${where}: transaction ${position} id must be 64 lowercase hex characters`,
      );
    }
  });
}

export function checkGenesisBlock(block: StoredBlock): void {
  if (block.height !== 0) {
    throw new StoreRuleError("height", `writeGenesis: the genesis block has height 0, got ${block.height}`);
  }
  checkBlockShape(block);
}

/** Checks that `block` is the one that may follow `latest`: the next height, chained to the latest hash. */
export function checkNextBlock(latest: Pick<BlockHeader, "height" | "hash"> | undefined, block: StoredBlock): void {
  if (latest === undefined) {
    throw new StoreRuleError("no-genesis", `appendBlock: block ${block.height} given before the genesis block`);
  }
  if (block.height !== latest.height + 1) {
    throw new StoreRuleError(
      "height",
      `appendBlock: height ${block.height} does not follow the latest block; expected ${latest.height + 1}`,
    );
  }
  if (block.parentHash !== latest.hash) {
    throw new StoreRuleError(
      "parent-hash",
      `appendBlock: block ${block.height} has parent ${block.parentHash}; expected the latest hash ${latest.hash}`,
    );
  }
  checkBlockShape(block);
}

/**
 * Checks the event at `position` (0-based) as it streams past and returns its transaction index. Events come in
 * emission order: each belongs to a transaction of the block, and the index never goes back.
 */
export function checkEvent(block: StoredBlock, event: StoredEvent, previousTxIndex: number, position: number): number {
  if (position >= block.eventCount) {
    // Stop at once rather than read on: the iterable may be endless.
    throw new StoreRuleError(
      "event-count",
      `block ${block.height}: eventCount is ${block.eventCount} but more events were given`,
    );
  }
  const txIndex = event.txIndex;
  if (!Number.isSafeInteger(txIndex) || txIndex < 0 || txIndex >= block.transactionCount) {
    throw new StoreRuleError(
      "event-order",
      `block ${block.height}: an event names transaction ${txIndex}; the block has ${block.transactionCount}`,
    );
  }
  if (txIndex < previousTxIndex) {
    throw new StoreRuleError(
      "event-order",
      `block ${block.height}: an event of transaction ${txIndex} follows one of transaction ${previousTxIndex}`,
    );
  }
  return txIndex;
}

export function checkEventCount(block: StoredBlock, counted: number): void {
  if (counted !== block.eventCount) {
    throw new StoreRuleError(
      "event-count",
      `block ${block.height}: eventCount is ${block.eventCount} but ${counted} events were given`,
    );
  }
}

/** A snapshot must capture the state after a block of the log: its height exists and its state hash matches. */
export function checkSnapshotBlock(snapshot: SnapshotRecord, header: BlockHeader | undefined): void {
  if (header === undefined) {
    throw new StoreRuleError("snapshot-block", `writeSnapshot: there is no block ${snapshot.height} in the log`);
  }
  if (header.stateHash !== snapshot.stateHash) {
    throw new StoreRuleError(
      "snapshot-block",
      `writeSnapshot: state hash ${snapshot.stateHash} differs from block ${snapshot.height}'s ${header.stateHash}`,
    );
  }
}
