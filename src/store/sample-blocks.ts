/**
 * Deterministic sample blocks for the storage tests, the durability child process and one-off measurements. The
 * content of a block is a function of its height and shape alone, so a test can rebuild what a block must hold
 * without remembering what was written.
 */
import { createHash } from "node:crypto";
import type { StoredBlock, StoredEvent, StoredTransaction } from "./port.js";

export const ZERO_HASH = "0".repeat(64);

export interface SampleShape {
  transactions: number;
  eventsPerTransaction: number;
  /** Distinguishes chains built in one test; default "sample". */
  chain?: string;
}

const EVENT_TYPES = ["TokensStaked", "DelegatorRewardsPaid", "RewardsPaid"] as const;

export function sampleHash(label: string): string {
  return createHash("sha3-256").update(label).digest("hex");
}

export function sampleTransaction(chain: string, height: number, index: number): StoredTransaction {
  const system = index === 0 && height % 2 === 0;
  const authorizer = system ? null : (height * 1000 + index + 1).toString(16).padStart(16, "0");
  return {
    id: sampleHash(`${chain}:tx:${height}:${index}`),
    index,
    type: system ? "epoch_start" : "stake_new_tokens",
    authorizer,
    envelope: system ? null : JSON.stringify({ payload: { type: "stake_new_tokens", authorizer }, signatures: [] }),
    result: system ? "null" : JSON.stringify({ height, index }),
  };
}

const NODE_IDS = Array.from({ length: 7 }, (_, i) => sampleHash(`node:${i}`));

export function sampleEvent(height: number, txIndex: number, k: number): StoredEvent {
  const type = EVENT_TYPES[(height + txIndex + k) % EVENT_TYPES.length] ?? "TokensStaked";
  const nodeID = NODE_IDS[txIndex % NODE_IDS.length];
  return { txIndex, type, data: JSON.stringify({ type, nodeID, delegatorID: k, amount: `${k}.00000000` }) };
}

/** The block's events, generated on demand each time it is iterated (never held as an array). */
export function sampleEvents(height: number, shape: SampleShape): Iterable<StoredEvent> {
  return {
    *[Symbol.iterator]() {
      for (let txIndex = 0; txIndex < shape.transactions; txIndex++) {
        for (let k = 0; k < shape.eventsPerTransaction; k++) yield sampleEvent(height, txIndex, k);
      }
    },
  };
}

export function sampleBlockHash(chain: string, height: number): string {
  return sampleHash(`${chain}:block:${height}`);
}

/** The sample block at `height`, chained to the sample block before it. */
export function sampleBlock(height: number, shape: SampleShape): StoredBlock {
  const chain = shape.chain ?? "sample";
  const transactions = Array.from({ length: shape.transactions }, (_, i) => sampleTransaction(chain, height, i));
  return {
    height,
    timestamp: 1_700_000_000_000 + height * 1000,
    parentHash: height === 0 ? ZERO_HASH : sampleBlockHash(chain, height - 1),
    stateHash: sampleHash(`${chain}:state:${height}`),
    hash: sampleBlockHash(chain, height),
    transactionCount: shape.transactions,
    eventCount: shape.transactions * shape.eventsPerTransaction,
    transactions,
    events: sampleEvents(height, shape),
  };
}
