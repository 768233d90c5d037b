/**
 * The pool routes' answers: the core's `pool_info` and `pool_member` results written as the API's JSON (amounts as
 * 8-decimal strings), and lists of them. They read the live state and never change it.
 */
import { formatAmount } from "../../core/amount.js";
import { LedgerError } from "../../core/errors.js";
import { type AccountId, asAccountId } from "../../core/ids.js";
import {
  type PoolInfo as CorePoolInfo,
  type PoolId,
  type PoolMemberInfo,
  runPoolQuery,
} from "../../core/pools/index.js";
import type { LedgerState } from "../../core/state.js";
import type { AccountPools, PoolInfo, PoolMember, PoolSummary } from "./pool-schemas.js";
import { requireAccount } from "./state-views.js";

function poolInfoOf(state: LedgerState, poolId: PoolId): CorePoolInfo {
  const info = runPoolQuery(state, { query: "pool_info", poolId });
  if (!("cohorts" in info)) throw new Error("pool_info answered something else");
  return info;
}

function summaryJson(info: CorePoolInfo): PoolSummary {
  return {
    id: info.id,
    account: info.account,
    operator: info.operator,
    nodeID: info.nodeID,
    delegatorID: info.delegatorID,
    fee: formatAmount(info.fee),
    pendingFee:
      info.pendingFee === null
        ? null
        : { fee: formatAmount(info.pendingFee.fee), effectiveEpoch: info.pendingFee.effectiveEpoch },
    minimumJoin: formatAmount(info.minimumJoin),
    extraLockEpochs: info.extraLockEpochs,
    value: formatAmount(info.value),
    totalShares: formatAmount(info.totalShares),
    operatorFees: formatAmount(info.operatorFees),
    totalClaimable: formatAmount(info.totalClaimable),
    members: info.members,
  };
}

/** `GET /v1/pools/{poolId}`: the `pool_info` query's answer. */
export function poolDetails(state: LedgerState, poolId: PoolId): PoolInfo {
  const info = poolInfoOf(state, poolId);
  const summary = summaryJson(info);
  const { record } = info;
  return {
    id: summary.id,
    account: summary.account,
    operator: summary.operator,
    nodeID: summary.nodeID,
    delegatorID: summary.delegatorID,
    fee: summary.fee,
    pendingFee: summary.pendingFee,
    minimumJoin: summary.minimumJoin,
    extraLockEpochs: summary.extraLockEpochs,
    record: {
      committed: formatAmount(record.committed),
      staked: formatAmount(record.staked),
      unstaking: formatAmount(record.unstaking),
      unstaked: formatAmount(record.unstaked),
      rewarded: formatAmount(record.rewarded),
      requestedToUnstake: formatAmount(record.requestedToUnstake),
    },
    reserved: formatAmount(info.reserved),
    value: summary.value,
    totalShares: summary.totalShares,
    rewardPerShare: info.rewardPerShare,
    operatorFees: summary.operatorFees,
    totalClaimable: summary.totalClaimable,
    members: summary.members,
    cohorts: info.cohorts.map((cohort) => ({
      key: cohort.key,
      unstakedFrom: cohort.unstakedFrom,
      readyEpoch: cohort.readyEpoch,
      nominal: formatAmount(cohort.nominal),
      value: formatAmount(cohort.value),
      paid: formatAmount(cohort.paid),
      outstanding: formatAmount(cohort.outstanding),
      outstandingTickets: cohort.outstandingTickets,
    })),
  };
}

function sortedPoolIds(state: LedgerState): PoolId[] {
  return [...state.pools.pools.keys()].sort((a, b) => a - b);
}

/** `GET /v1/pools`: every pool's summary, by pool ID. */
export function poolList(state: LedgerState): { pools: PoolSummary[] } {
  return { pools: sortedPoolIds(state).map((id) => summaryJson(poolInfoOf(state, id))) };
}

function memberJson(info: PoolMemberInfo): PoolMember {
  return {
    poolId: info.poolId,
    account: info.account,
    shares: formatAmount(info.shares),
    principal: formatAmount(info.principal),
    claimable: formatAmount(info.claimable),
    tickets: info.tickets.map((ticket) => ({
      cohort: ticket.cohort,
      units: formatAmount(ticket.units),
      value: formatAmount(ticket.value),
      readyEpoch: ticket.readyEpoch,
    })),
  };
}

function memberOf(state: LedgerState, poolId: PoolId, account: AccountId): PoolMember {
  const info = runPoolQuery(state, { query: "pool_member", poolId, account });
  if (!("principal" in info)) throw new Error("pool_member answered something else");
  return memberJson(info);
}

/**
 * `GET /v1/pools/{poolId}/members/{address}`: the `pool_member` query's answer. An account without a position is
 * `NOT_FOUND` (404) here: the query's `NOT_POOL_MEMBER` (403) refuses a signer, and a read refuses nobody.
 */
export function poolMember(state: LedgerState, poolId: PoolId, address: string): PoolMember {
  const account = asAccountId(address);
  const pool = state.pools.pools.get(poolId);
  if (pool === undefined) return memberOf(state, poolId, account); // POOL_NOT_FOUND, from the query
  if (!pool.members.has(account)) {
    throw new LedgerError("NOT_FOUND", `account ${account} has no position in pool ${poolId}`, {
      resource: "pool member",
      poolId,
      account,
    });
  }
  return memberOf(state, poolId, account);
}

/** `GET /v1/accounts/{address}/pools`: the pools the account runs or has a position in, by pool ID. */
export function accountPools(state: LedgerState, address: string): AccountPools {
  const account = requireAccount(state, address).id;
  const pools: AccountPools["pools"] = [];
  for (const id of sortedPoolIds(state)) {
    const pool = state.pools.pools.get(id);
    if (pool === undefined) continue;
    const isOperator = pool.operator === account;
    const isMember = pool.members.has(account);
    if (!isOperator && !isMember) continue;
    pools.push({
      pool: summaryJson(poolInfoOf(state, id)),
      isOperator,
      member: isMember ? memberOf(state, id, account) : null,
    });
  }
  return { address: account, pools };
}
