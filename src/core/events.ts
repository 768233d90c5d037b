/**
 * Events (staking-contract.md §14), with Flow's names and field names. Operations return them with their result,
 * in emission order; nothing is emitted for a failed operation.
 */
import type { Amount } from "./amount.js";
import type { AccountId, DelegatorId, NodeId } from "./ids.js";
import { POOL_EVENT_TYPES, type PoolEvent } from "./pools/index.js";
import type { Role } from "./roles.js";
import { SLASHING_EVENT_TYPES, type SlashingEvent } from "./slashing/index.js";
import type { HashAlgorithm, SignatureAlgorithm } from "./state.js";

type NodeAmount = { nodeID: NodeId; amount: Amount };
type DelegatorAmount = { nodeID: NodeId; delegatorID: DelegatorId; amount: Amount };

export type LedgerEvent =
  | ({ type: "NewEpoch" } & { totalStaked: Amount; totalRewardPayout: Amount; newEpochCounter: number })
  | ({ type: "EpochTotalRewardsPaid" } & {
      total: Amount;
      fromFees: Amount;
      minted: Amount;
      feesBurned: Amount;
      epochCounterForRewards: number;
    })
  | ({ type: "NewNodeCreated" } & { nodeID: NodeId; role: Role; amountCommitted: Amount })
  | ({ type: "TokensCommitted" } & NodeAmount)
  | ({ type: "TokensStaked" } & NodeAmount)
  | ({ type: "NodeTokensRequestedToUnstake" } & NodeAmount)
  | ({ type: "TokensUnstaking" } & NodeAmount)
  | ({ type: "TokensUnstaked" } & NodeAmount)
  | ({ type: "NodeRemovedAndRefunded" } & NodeAmount)
  | ({ type: "RewardsPaid" } & NodeAmount & { epochCounter: number })
  | ({ type: "UnstakedTokensWithdrawn" } & NodeAmount)
  | ({ type: "RewardTokensWithdrawn" } & NodeAmount)
  | ({ type: "NetworkingAddressUpdated" } & { nodeID: NodeId; newAddress: string })
  | ({ type: "NodeWeightChanged" } & { nodeID: NodeId; newWeight: number })
  | ({ type: "NewDelegatorCreated" } & { nodeID: NodeId; delegatorID: DelegatorId })
  | ({ type: "DelegatorTokensCommitted" } & DelegatorAmount)
  | ({ type: "DelegatorTokensStaked" } & DelegatorAmount)
  | ({ type: "DelegatorTokensRequestedToUnstake" } & DelegatorAmount)
  | ({ type: "DelegatorTokensUnstaking" } & DelegatorAmount)
  | ({ type: "DelegatorTokensUnstaked" } & DelegatorAmount)
  | ({ type: "DelegatorRewardsPaid" } & DelegatorAmount & { epochCounter: number })
  | ({ type: "DelegatorUnstakedTokensWithdrawn" } & DelegatorAmount)
  | ({ type: "DelegatorRewardTokensWithdrawn" } & DelegatorAmount)
  | ({ type: "NewDelegatorCutPercentage" } & { newCutPercentage: Amount })
  | ({ type: "NewWeeklyPayout" } & { newPayout: Amount })
  | ({ type: "NewStakingMinimums" } & { newMinimums: ReadonlyMap<number, Amount> })
  | ({ type: "NewDelegatorStakingMinimum" } & { newMinimum: Amount })
  // FlowEpoch (§11.2), with block times in milliseconds where Flow has views.
  | ({ type: "EpochSetup" } & {
      counter: number;
      nodeIDs: NodeId[];
      stakingAuctionEndTime: number;
      targetEndTime: number;
    })
  | ({ type: "EpochCommit" } & { counter: number; rewardsCalculatedFor: number; totalRewards: Amount })
  | ({ type: "EpochStart" } & {
      counter: number;
      startTime: number;
      stakingAuctionEndTime: number;
      endTime: number;
      totalStaked: Amount;
      totalFlowSupply: Amount;
      totalRewards: Amount;
    })
  // Accounts (docs/node.md).
  | ({ type: "AccountCreated" } & { address: AccountId })
  | ({ type: "AccountKeyAdded" } & {
      address: AccountId;
      keyIndex: number;
      publicKey: string;
      signatureAlgorithm: SignatureAlgorithm;
      hashAlgorithm: HashAlgorithm;
      weight: number;
    })
  | ({ type: "AccountKeyRevoked" } & { address: AccountId; keyIndex: number })
  | ({ type: "TokensTransferred" } & { from: AccountId; to: AccountId; amount: Amount })
  // Pools and slashing (docs/pools-and-slashing.md).
  | PoolEvent
  | SlashingEvent;

export type EventType = LedgerEvent["type"];

/** Every event type: §14's in its order, then FlowEpoch's and the accounts'. */
export const EVENT_TYPES: readonly EventType[] = [
  "NewEpoch",
  "EpochTotalRewardsPaid",
  "NewNodeCreated",
  "TokensCommitted",
  "TokensStaked",
  "NodeTokensRequestedToUnstake",
  "TokensUnstaking",
  "TokensUnstaked",
  "NodeRemovedAndRefunded",
  "RewardsPaid",
  "UnstakedTokensWithdrawn",
  "RewardTokensWithdrawn",
  "NetworkingAddressUpdated",
  "NodeWeightChanged",
  "NewDelegatorCreated",
  "DelegatorTokensCommitted",
  "DelegatorTokensStaked",
  "DelegatorTokensRequestedToUnstake",
  "DelegatorTokensUnstaking",
  "DelegatorTokensUnstaked",
  "DelegatorRewardsPaid",
  "DelegatorUnstakedTokensWithdrawn",
  "DelegatorRewardTokensWithdrawn",
  "NewDelegatorCutPercentage",
  "NewWeeklyPayout",
  "NewStakingMinimums",
  "NewDelegatorStakingMinimum",
  "EpochSetup",
  "EpochCommit",
  "EpochStart",
  "AccountCreated",
  "AccountKeyAdded",
  "AccountKeyRevoked",
  "TokensTransferred",
  ...POOL_EVENT_TYPES,
  ...SLASHING_EVENT_TYPES,
];

/** The per-delegator events that epoch-wide loops emit in bulk. */
const DELEGATOR_BULK_TYPES = [
  "DelegatorTokensStaked",
  "DelegatorTokensUnstaked",
  "DelegatorTokensUnstaking",
  "DelegatorRewardsPaid",
] as const;
export type DelegatorBulkType = (typeof DELEGATOR_BULK_TYPES)[number];
const BULK_CODE: Readonly<Record<DelegatorBulkType, number>> = {
  DelegatorTokensStaked: 0,
  DelegatorTokensUnstaked: 1,
  DelegatorTokensUnstaking: 2,
  DelegatorRewardsPaid: 3,
};

/** Consecutive per-delegator events of one node, as columns. */
interface DelegatorBatch {
  readonly nodeID: NodeId;
  readonly epochCounter: number;
  length: number;
  types: Uint8Array;
  delegatorIDs: Uint32Array;
  amounts: BigUint64Array;
}

function isBatch(entry: LedgerEvent | DelegatorBatch): entry is DelegatorBatch {
  return "delegatorIDs" in entry;
}

/**
 * Events in emission order. Single events are kept as objects; the millions of per-delegator events of an epoch
 * transition are kept as columns and become objects only when someone iterates them.
 */
export class EventLog implements Iterable<LedgerEvent> {
  private readonly entries: (LedgerEvent | DelegatorBatch)[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(event: LedgerEvent): void {
    this.entries.push(event);
    this.size += 1;
  }

  /** Appends one per-delegator event; `epochCounter` matters only for DelegatorRewardsPaid. */
  pushDelegator(type: DelegatorBulkType, nodeID: NodeId, delegatorID: DelegatorId, amount: Amount, epochCounter = 0) {
    let batch = this.entries[this.entries.length - 1];
    if (batch === undefined || !isBatch(batch) || batch.nodeID !== nodeID || batch.epochCounter !== epochCounter) {
      batch = {
        nodeID,
        epochCounter,
        length: 0,
        types: new Uint8Array(16),
        delegatorIDs: new Uint32Array(16),
        amounts: new BigUint64Array(16),
      };
      this.entries.push(batch);
    }
    if (batch.length === batch.types.length) {
      const capacity = batch.length * 2;
      const types = new Uint8Array(capacity);
      types.set(batch.types);
      const ids = new Uint32Array(capacity);
      ids.set(batch.delegatorIDs);
      const amounts = new BigUint64Array(capacity);
      amounts.set(batch.amounts);
      batch.types = types;
      batch.delegatorIDs = ids;
      batch.amounts = amounts;
    }
    batch.types[batch.length] = BULK_CODE[type];
    batch.delegatorIDs[batch.length] = delegatorID;
    batch.amounts[batch.length] = amount;
    batch.length += 1;
    this.size += 1;
  }

  *[Symbol.iterator](): Iterator<LedgerEvent> {
    for (const entry of this.entries) {
      if (!isBatch(entry)) {
        yield entry;
        continue;
      }
      for (let i = 0; i < entry.length; i++) {
        const type = DELEGATOR_BULK_TYPES[entry.types[i] ?? 0] ?? "DelegatorTokensStaked";
        const nodeID = entry.nodeID;
        const delegatorID = entry.delegatorIDs[i] ?? 0;
        const amount = (entry.amounts[i] ?? 0n) as Amount;
        if (type === "DelegatorRewardsPaid") {
          yield { type, nodeID, delegatorID, amount, epochCounter: entry.epochCounter };
        } else {
          yield { type, nodeID, delegatorID, amount };
        }
      }
    }
  }

  toArray(): LedgerEvent[] {
    return [...this];
  }
}
