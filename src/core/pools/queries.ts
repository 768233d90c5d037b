/** The pool queries: `pool_info` (the pool, its value and its cohorts) and `pool_member` (one member). */
import type { Amount } from "../amount.js";
import type { AccountId, DelegatorId, NodeId } from "../ids.js";
import type { LedgerState } from "../state.js";
import { outstandingOf, readyEpochOf, requireCohort, ticketValue } from "./cohorts.js";
import { feeInForce } from "./fees.js";
import { claimableOf, requireMember } from "./members.js";
import { poolValue, principalOf, requirePool } from "./record.js";
import type { PoolId } from "./types.js";

export type PoolQuery =
  | { query: "pool_info"; poolId: PoolId }
  | { query: "pool_member"; poolId: PoolId; account: AccountId };

export const POOL_QUERY_NAMES = ["pool_info", "pool_member"] as const satisfies readonly PoolQuery["query"][];

export interface CohortInfo {
  key: string;
  unstakedFrom: number;
  readyEpoch: number;
  nominal: Amount;
  value: Amount;
  paid: Amount;
  outstanding: Amount;
  outstandingTickets: number;
}

export interface PoolInfo {
  id: PoolId;
  account: AccountId;
  operator: AccountId;
  nodeID: NodeId;
  delegatorID: DelegatorId | null;
  /** The fee in force in the current epoch. */
  fee: Amount;
  /** An announced increase not yet in force. */
  pendingFee: { fee: Amount; effectiveEpoch: number } | null;
  minimumJoin: Amount;
  extraLockEpochs: number;
  /** The record's pools: the inputs of V. */
  record: {
    committed: Amount;
    staked: Amount;
    unstaking: Amount;
    unstaked: Amount;
    rewarded: Amount;
    requestedToUnstake: Amount;
  };
  /** Σ cohorts' outstanding value. */
  reserved: Amount;
  /** V = committed + staked + unstaking + unstaked − reserved; a share is worth value ÷ totalShares. */
  value: Amount;
  totalShares: Amount;
  /** Scaled by 10¹⁸, as an exact decimal integer (not a UFix64). */
  rewardPerShare: string;
  operatorFees: Amount;
  totalClaimable: Amount;
  members: number;
  cohorts: CohortInfo[];
}

export interface TicketInfo {
  cohort: string;
  units: Amount;
  /** What it pays now. */
  value: Amount;
  readyEpoch: number;
}

export interface PoolMemberInfo {
  poolId: PoolId;
  account: AccountId;
  shares: Amount;
  /** ⌊shares × V / totalShares⌋. */
  principal: Amount;
  /** Settled and unsettled rewards. */
  claimable: Amount;
  tickets: TicketInfo[];
}

export type PoolQueryValue = PoolInfo | PoolMemberInfo;

function poolInfo(state: LedgerState, poolId: PoolId): PoolInfo {
  const pool = requirePool(state, poolId);
  const { value, reserved, record } = poolValue(state, pool);
  const epoch = state.epochCounter;
  const pending = pool.pendingFee;
  return {
    id: pool.id,
    account: pool.account,
    operator: pool.operator,
    nodeID: pool.target.nodeId,
    delegatorID: pool.target.delegatorId,
    fee: feeInForce(pool, epoch),
    pendingFee: pending !== null && epoch < pending.effectiveEpoch ? { ...pending } : null,
    minimumJoin: pool.minimumJoin,
    extraLockEpochs: pool.extraLockEpochs,
    record: {
      committed: record.committed,
      staked: record.staked,
      unstaking: record.unstaking,
      unstaked: record.unstaked,
      rewarded: record.rewarded,
      requestedToUnstake: record.requestedToUnstake,
    },
    reserved: reserved.total,
    value,
    totalShares: pool.totalShares,
    rewardPerShare: pool.rewardPerShare.toString(),
    operatorFees: pool.operatorFees,
    totalClaimable: pool.totalClaimable,
    members: pool.members.size,
    cohorts: [...pool.cohorts.values()].map((cohort) => ({
      key: cohort.key,
      unstakedFrom: cohort.unstakedFrom,
      readyEpoch: readyEpochOf(pool, cohort),
      nominal: cohort.nominal,
      value: cohort.value,
      paid: cohort.paid,
      outstanding: outstandingOf(cohort),
      outstandingTickets: cohort.outstandingTickets,
    })),
  };
}

function poolMember(state: LedgerState, poolId: PoolId, account: AccountId): PoolMemberInfo {
  const pool = requirePool(state, poolId);
  const member = requireMember(pool, account);
  const { value } = poolValue(state, pool);
  return {
    poolId: pool.id,
    account,
    shares: member.shares,
    principal: principalOf(member.shares, value, pool.totalShares),
    claimable: claimableOf(pool, member),
    tickets: member.tickets.map((ticket) => {
      const cohort = requireCohort(pool, ticket);
      return {
        cohort: cohort.key,
        units: ticket.units,
        value: ticketValue(cohort, ticket),
        readyEpoch: readyEpochOf(pool, cohort),
      };
    }),
  };
}

export function runPoolQuery(state: LedgerState, query: PoolQuery): PoolQueryValue {
  switch (query.query) {
    case "pool_info":
      return poolInfo(state, query.poolId);
    case "pool_member":
      return poolMember(state, query.poolId, query.account);
  }
}
