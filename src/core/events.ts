/**
 * Events (staking-contract.md §14), with Flow's names and field names. Operations return them with their result,
 * in emission order; nothing is emitted for a failed operation.
 */
import type { Amount } from "./amount.js";
import type { DelegatorId, NodeId } from "./ids.js";
import type { Role } from "./roles.js";

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
  | ({ type: "NewDelegatorStakingMinimum" } & { newMinimum: Amount });

export type EventType = LedgerEvent["type"];

/** Every event type, in §14's order. A test checks this list against the union and the docs. */
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
];
