/** The shape of pools (docs/pools-and-slashing.md "Pools"). */
import type { Amount } from "../amount.js";
import type { AccountId, DelegatorId, NodeId } from "../ids.js";

export type PoolId = number;

/** The record a pool holds: a node, or one delegator of a node. */
export interface PoolTarget {
  readonly nodeId: NodeId;
  readonly delegatorId: DelegatorId | null;
}

/**
 * Tokens reserved for leaving members that become unstaked together ("Leaving"). A cohort's tickets are claims in
 * its own units: a ticket made when the cohort is worth its nominal gets one unit per token; one made after a slash
 * gets more units per token, so a slash taken before a member left never falls on that member.
 */
export interface Cohort {
  /** Pool-local, 1, 2, 3, … in order of creation; tickets name their cohort by it. */
  readonly id: number;
  /** "E" for tokens requested from staked in epoch E (or unstaking in E + 1); "immediate@E" for tokens unstaked when asked. */
  readonly key: string;
  /** The epoch from which its tokens are unstaked (before the pool's extra lock). */
  readonly unstakedFrom: number;
  /** Σ units of its tickets, paid or not. */
  nominal: Amount;
  /** What its tickets are worth together, paid or not: the tokens reserved for them less slashes. */
  value: Amount;
  paid: Amount;
  /** Tickets not yet paid: the last one paid takes what is left of `value`. */
  outstandingTickets: number;
}

export interface Ticket {
  /** The cohort's `id`. */
  readonly cohort: number;
  units: Amount;
}

export interface PoolMember {
  /** Units of 10⁻⁸, like amounts. */
  shares: Amount;
  /** shares × rewardPerShare at the last settlement: exact, scaled by 10¹⁸ like `rewardPerShare`. */
  rewardDebt: bigint;
  /** Settled, unpaid rewards. */
  claimable: Amount;
  /** At most one per cohort. */
  tickets: Ticket[];
}

export interface PendingFee {
  readonly fee: Amount;
  readonly effectiveEpoch: number;
}

export interface Pool {
  readonly id: PoolId;
  readonly account: AccountId;
  readonly operator: AccountId;
  readonly target: PoolTarget;
  /** The service fee set last; `pendingFee` replaces it for rewards of its effective epoch onwards. */
  fee: Amount;
  pendingFee: PendingFee | null;
  readonly minimumJoin: Amount;
  readonly extraLockEpochs: number;
  totalShares: Amount;
  /** Scaled by 10¹⁸; an exact integer, not a UFix64. */
  rewardPerShare: bigint;
  operatorFees: Amount;
  totalClaimable: Amount;
  /** The id the next cohort gets. */
  nextCohortId: number;
  cohorts: Map<number, Cohort>;
  members: Map<AccountId, PoolMember>;
}

export interface PoolsState {
  pools: Map<PoolId, Pool>;
  /** `nodeId` or `nodeId/delegatorId` → the pool holding that record. */
  byRecord: Map<string, PoolId>;
  /** The largest service fee an operator may set. */
  maxPoolFee: Amount;
}
