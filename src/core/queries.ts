/**
 * Read-only queries (§12), named after the public staking scripts. Values are plain data; `bigint` values are
 * UFix64 amounts (the edges format them with 8 decimals).
 */
import { type Amount, add, ZERO } from "./amount.js";
import { type DelegatorRecord, delegatorRecords } from "./delegators.js";
import { totalStaked } from "./epoch/rewards.js";
import { LedgerError } from "./errors.js";
import type { AccountId, DelegatorId, NodeId } from "./ids.js";
import { POOL_QUERY_NAMES, type PoolQuery, runPoolQuery } from "./pools/index.js";
import { ACCESS, isRole, ROLES, type Role } from "./roles.js";
import { runSlashingQuery, SLASHING_QUERY_NAMES, type SlashingQuery } from "./slashing/index.js";
import { fullCommittedBalance, meetsRoleMinimum, requireDelegator, requireNode } from "./staking/records.js";
import type { LedgerState, NodeRecord } from "./state.js";

export interface NodeInfo {
  id: string;
  role: Role;
  networkingAddress: string;
  networkingKey: string;
  stakingKey: string;
  tokensCommitted: Amount;
  tokensStaked: Amount;
  tokensUnstaking: Amount;
  tokensUnstaked: Amount;
  tokensRewarded: Amount;
  tokensRequestedToUnstake: Amount;
  delegators: DelegatorId[];
  delegatorIDCounter: number;
  initialWeight: number;
}

export interface DelegatorInfo {
  id: DelegatorId;
  nodeID: string;
  tokensCommitted: Amount;
  tokensStaked: Amount;
  tokensUnstaking: Amount;
  tokensUnstaked: Amount;
  tokensRewarded: Amount;
  tokensRequestedToUnstake: Amount;
}

export function nodeInfo(node: NodeRecord): NodeInfo {
  return {
    id: node.id,
    role: node.role,
    networkingAddress: node.networkingAddress,
    networkingKey: node.networkingKey,
    stakingKey: node.stakingKey,
    tokensCommitted: node.committed,
    tokensStaked: node.staked,
    tokensUnstaking: node.unstaking,
    tokensUnstaked: node.unstaked,
    tokensRewarded: node.rewarded,
    tokensRequestedToUnstake: node.requestedToUnstake,
    delegators: Array.from({ length: node.delegators.count }, (_, i) => i + 1),
    delegatorIDCounter: node.delegators.count,
    initialWeight: node.initialWeight,
  };
}

export function delegatorInfo(node: NodeRecord, delegator: DelegatorRecord): DelegatorInfo {
  return {
    id: delegator.id,
    nodeID: node.id,
    tokensCommitted: delegator.committed,
    tokensStaked: delegator.staked,
    tokensUnstaking: delegator.unstaking,
    tokensUnstaked: delegator.unstaked,
    tokensRewarded: delegator.rewarded,
    tokensRequestedToUnstake: delegator.requestedToUnstake,
  };
}

/** Node's full committed balance plus each delegator's (§3.3). */
export function totalCommitmentWithDelegators(node: NodeRecord): Amount {
  let sum = fullCommittedBalance(node);
  for (const delegator of delegatorRecords(node.delegators)) sum = add(sum, fullCommittedBalance(delegator));
  return sum;
}

/**
 * `get_proposed_table`, computed from scratch (§8.2): roles 1–4 approved with their minimum committed; access
 * nodes with (their minimum or approval) and a weight above 0.
 */
export function proposedTable(state: LedgerState): NodeId[] {
  const proposed: NodeId[] = [];
  for (const node of state.nodes.values()) {
    const enough = meetsRoleMinimum(state, fullCommittedBalance(node), node.role);
    const approved = state.approved.has(node.id);
    const include = node.role === ACCESS ? (enough || approved) && node.initialWeight > 0 : enough && approved;
    if (include) proposed.push(node.id);
  }
  return proposed.sort();
}

export type Query =
  | { query: "node_info"; nodeId: string }
  | { query: "delegator_info"; nodeId: string; delegatorId: DelegatorId }
  | { query: "table" }
  | { query: "current_table" }
  | { query: "proposed_table" }
  | { query: "approved_nodes" }
  | { query: "non_operational" }
  | { query: "candidate_nodes" }
  | { query: "candidate_limits" }
  | { query: "slot_limits" }
  | { query: "role_counts" }
  | { query: "minimum_stakes" }
  | { query: "total_staked" }
  | { query: "total_staked_by_role"; role: number }
  | { query: "node_total_commitment"; nodeId: string }
  | { query: "node_total_commitment_without_delegators"; nodeId: string }
  | { query: "cut_percentage" }
  | { query: "epoch_token_payout" }
  | { query: "delegator_minimum" }
  | { query: "fee_balance" }
  | { query: "total_supply" }
  | { query: "balance"; account: AccountId }
  | { query: "staking_enabled" }
  | { query: "epoch_counter" }
  | PoolQuery
  | SlashingQuery;

export type QueryName = Query["query"];

export const QUERY_NAMES = [
  "node_info",
  "delegator_info",
  "table",
  "current_table",
  "proposed_table",
  "approved_nodes",
  "non_operational",
  "candidate_nodes",
  "candidate_limits",
  "slot_limits",
  "role_counts",
  "minimum_stakes",
  "total_staked",
  "total_staked_by_role",
  "node_total_commitment",
  "node_total_commitment_without_delegators",
  "cut_percentage",
  "epoch_token_payout",
  "delegator_minimum",
  "fee_balance",
  "total_supply",
  "balance",
  "staking_enabled",
  "epoch_counter",
  ...POOL_QUERY_NAMES,
  ...SLASHING_QUERY_NAMES,
] as const satisfies readonly QueryName[];

export type QueryValue =
  | ReturnType<typeof runPoolQuery>
  | ReturnType<typeof runSlashingQuery>
  | NodeInfo
  | DelegatorInfo
  | string[]
  | Record<string, string[] | number | Amount>
  | Amount
  | boolean
  | number;

function byRole<T>(value: (role: Role) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const role of ROLES) out[String(role)] = value(role);
  return out;
}

function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort();
}

export function runQuery(state: LedgerState, query: Query): QueryValue {
  switch (query.query) {
    case "node_info":
      return nodeInfo(requireNode(state, query.nodeId));
    case "delegator_info": {
      const node = requireNode(state, query.nodeId);
      return delegatorInfo(node, requireDelegator(node, query.delegatorId));
    }
    case "table":
      return sorted(state.nodes.keys());
    case "current_table":
      return sorted(state.participants);
    case "proposed_table":
      return proposedTable(state);
    case "approved_nodes":
      return sorted(state.approved);
    case "non_operational":
      return sorted(state.nonOperational.keys());
    case "candidate_nodes":
      return byRole((role) => sorted(state.candidates[role]));
    case "candidate_limits":
      return byRole((role) => Number(state.params.candidateNodeLimits[role]));
    case "slot_limits":
      return byRole((role) => state.params.slotLimits[role]);
    case "role_counts":
      return byRole((role) => state.roleCounts[role]);
    case "minimum_stakes": {
      const out: Record<string, Amount> = {};
      for (const key of [...state.params.minimumStakes.keys()].sort((a, b) => a - b)) {
        out[String(key)] = state.params.minimumStakes.get(key) ?? ZERO;
      }
      return out;
    }
    case "total_staked":
      return totalStaked(state);
    case "total_staked_by_role":
      if (!isRole(query.role)) {
        throw new LedgerError("INVALID_ROLE", `role must be 1, 2, 3, 4 or 5, got ${query.role}`, { role: query.role });
      }
      return state.totalStakedByRole[query.role];
    case "node_total_commitment":
      return totalCommitmentWithDelegators(requireNode(state, query.nodeId));
    case "node_total_commitment_without_delegators":
      return fullCommittedBalance(requireNode(state, query.nodeId));
    case "cut_percentage":
      return state.params.rewardCut;
    case "epoch_token_payout":
      return state.params.epochTokenPayout;
    case "delegator_minimum":
      return state.params.delegatorMinimum;
    case "fee_balance":
      return state.feeVault;
    case "total_supply":
      return state.totalSupply;
    case "balance": {
      const account = state.accounts.get(query.account);
      if (account === undefined) {
        throw new LedgerError("ACCOUNT_NOT_FOUND", `no account ${query.account}`, { account: query.account });
      }
      return account.balance;
    }
    case "staking_enabled":
      return state.stakingEnabled;
    case "epoch_counter":
      return state.epochCounter;
    case "pool_info":
    case "pool_member":
      return runPoolQuery(state, query);
    case "slashing_case":
      return runSlashingQuery(state, query);
  }
}
