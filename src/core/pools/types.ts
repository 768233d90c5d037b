/** The shape of pools (docs/pools-and-slashing.md "Pools"). */
import type { Amount } from "../amount.js";
import type { AccountId, DelegatorId, NodeId } from "../ids.js";

export type PoolId = number;

/** The record a pool holds: a node, or one delegator of a node. */
export interface PoolTarget {
  readonly nodeId: NodeId;
  readonly delegatorId: DelegatorId | null;
}

/** Tokens reserved for leaving members, by where they are in the unstaking pipeline. */
export interface Cohort {
  /** "E" for tokens requested from staked in epoch E; "immediate@E" for tokens already unstaked when asked. */
  readonly key: string;
  /** The epoch from which its tokens are unstaked (before the pool's extra lock). */
  readonly unstakedFrom: number;
  nominal: Amount;
  value: Amount;
  paid: Amount;
  /** Tickets not yet paid: the last one paid takes what is left of `value`. */
  outstandingTickets: number;
}

export interface Ticket {
  readonly cohort: string;
  readonly amount: Amount;
}

export interface PoolMember {
  shares: Amount;
  /** ⌊shares × rewardPerShare / 10¹⁸⌋ at the last settlement. */
  rewardDebt: bigint;
  claimable: Amount;
  tickets: Ticket[];
}

export interface Pool {
  readonly id: PoolId;
  readonly account: AccountId;
  readonly operator: AccountId;
  readonly target: PoolTarget;
  fee: Amount;
  pendingFee: { fee: Amount; effectiveEpoch: number } | null;
  readonly minimumJoin: Amount;
  readonly extraLockEpochs: number;
  totalShares: Amount;
  /** Scaled by 10¹⁸; an exact integer, not a UFix64. */
  rewardPerShare: bigint;
  operatorFees: Amount;
  totalClaimable: Amount;
  cohorts: Map<string, Cohort>;
  members: Map<AccountId, PoolMember>;
}

export interface PoolsState {
  pools: Map<PoolId, Pool>;
  /** `nodeId` or `nodeId/delegatorId` → the pool holding that record. */
  byRecord: Map<string, PoolId>;
  /** The largest service fee an operator may set. */
  maxPoolFee: Amount;
}
