/** The pools' events (docs/pools-and-slashing.md "Events"), beside the staking events of the record operations. */
import type { Amount } from "../amount.js";
import type { AccountId, DelegatorId, NodeId } from "../ids.js";
import type { PoolId } from "./types.js";

/** A ticket as `PoolLeft` reports it: the tokens asked, the cohort and the epoch from which it can be withdrawn. */
export interface TicketMade {
  cohort: string;
  amount: Amount;
  readyEpoch: number;
}

export type PoolEvent =
  | {
      type: "PoolOpened";
      poolId: PoolId;
      account: AccountId;
      operator: AccountId;
      nodeID: NodeId;
      delegatorID: DelegatorId | null;
      fee: Amount;
      minimumJoin: Amount;
      extraLockEpochs: number;
      /** The operator's shares: the record's committed + staked tokens. */
      shares: Amount;
    }
  | { type: "PoolJoined"; poolId: PoolId; account: AccountId; amount: Amount; shares: Amount }
  | { type: "PoolLeft"; poolId: PoolId; account: AccountId; amount: Amount; shares: Amount; tickets: TicketMade[] }
  | { type: "PoolWithdrawn"; poolId: PoolId; account: AccountId; amount: Amount; tickets: number }
  | {
      type: "PoolRewardsDistributed";
      poolId: PoolId;
      reward: Amount;
      fee: Amount;
      forMembers: Amount;
      remainderToOperator: Amount;
      epochCounter: number;
    }
  | { type: "PoolRewardsStaked"; poolId: PoolId; account: AccountId; amount: Amount; shares: Amount }
  | { type: "PoolRewardsWithdrawn"; poolId: PoolId; account: AccountId; amount: Amount }
  | { type: "PoolFeesWithdrawn"; poolId: PoolId; account: AccountId; amount: Amount }
  | { type: "PoolFeeAnnounced"; poolId: PoolId; fee: Amount; effectiveEpoch: number }
  | { type: "PoolFeeChanged"; poolId: PoolId; previousFee: Amount; fee: Amount }
  | { type: "PoolSlashed"; poolId: PoolId; caseId: number; fromMembers: Amount; fromLeavers: Amount }
  | { type: "NewMaxPoolFee"; newMaxPoolFee: Amount };

export const POOL_EVENT_TYPES = [
  "PoolOpened",
  "PoolJoined",
  "PoolLeft",
  "PoolWithdrawn",
  "PoolRewardsDistributed",
  "PoolRewardsStaked",
  "PoolRewardsWithdrawn",
  "PoolFeesWithdrawn",
  "PoolFeeAnnounced",
  "PoolFeeChanged",
  "PoolSlashed",
  "NewMaxPoolFee",
] as const satisfies readonly PoolEvent["type"][];
