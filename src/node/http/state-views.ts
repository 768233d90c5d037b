/**
 * The state routes' answers: read the live state (never change it) and write it as the API's JSON, with the
 * simulator's rules (amounts as 8-decimal strings, role maps as objects keyed "1".."5", IDs in ascending order).
 */
import { type Amount, add, formatAmount } from "../../core/amount.js";
import { type DelegatorRecord, readDelegator } from "../../core/delegators.js";
import { phaseEndTimes } from "../../core/epoch/phases.js";
import { calculateRewards, totalStaked } from "../../core/epoch/rewards.js";
import { LedgerError } from "../../core/errors.js";
import { type AccountId, asAccountId, type DelegatorId } from "../../core/ids.js";
import { readQuery } from "../../core/operation-json.js";
import {
  delegatorInfo,
  type NodeInfo as NodeInfoValue,
  nodeInfo,
  proposedTable,
  runQuery,
  totalCommitmentWithDelegators,
} from "../../core/queries.js";
import type { Role } from "../../core/roles.js";
import { fullCommittedBalance, requireDelegator, requireNode } from "../../core/staking/records.js";
import { type Account, type LedgerState, type NodeRecord, REWARD_RATIOS } from "../../core/state.js";
import { toJson } from "../../sim/json.js";
import type { NodeMode } from "../service.js";
import type {
  AccountView,
  DelegatorDetails,
  EpochView,
  NodeDetails,
  NodeInfo,
  ParamsView,
  RewardQuote,
  SlashingParamsView,
} from "./schemas.js";

type ByRole<T> = Record<"1" | "2" | "3" | "4" | "5", T>;

function perRole<T>(value: (role: Role) => T): ByRole<T> {
  return { "1": value(1), "2": value(2), "3": value(3), "4": value(4), "5": value(5) };
}

function sortedKeys<K extends number>(map: ReadonlyMap<K, unknown>): K[] {
  return [...map.keys()].sort((a, b) => a - b);
}

/** Any core value (a query result) as JSON-ready data, by the simulator's own `toJson`. */
export function jsonValue(value: unknown): unknown {
  return JSON.parse(toJson(value));
}

export function requireAccount(state: LedgerState, address: string): Account {
  const account = state.accounts.get(asAccountId(address));
  if (account === undefined) {
    throw new LedgerError("ACCOUNT_NOT_FOUND", `no account ${address}`, { account: address });
  }
  return account;
}

/** The handles an account holds, found by scanning the nodes and their delegators' `owners` columns. */
function handlesOf(
  state: LedgerState,
  account: AccountId,
): { nodes: NodeRecord[]; delegators: [NodeRecord, number][] } {
  const nodes: NodeRecord[] = [];
  const delegators: [NodeRecord, DelegatorId][] = [];
  for (const node of sortedNodes(state)) {
    if (node.owner === account) nodes.push(node);
    const owners = node.delegators.owners;
    for (let i = 0; i < node.delegators.count; i++) {
      if (owners[i] === account) delegators.push([node, i + 1]);
    }
  }
  return { nodes, delegators };
}

export function accountView(state: LedgerState, address: string): AccountView {
  const account = requireAccount(state, address);
  const handles = handlesOf(state, account.id);
  return {
    address: account.id,
    balance: formatAmount(account.balance),
    keys: account.keys.map((key) => ({
      index: key.index,
      publicKey: key.publicKey,
      signatureAlgorithm: key.signatureAlgorithm,
      hashAlgorithm: key.hashAlgorithm,
      weight: key.weight,
      revoked: key.revoked,
      sequenceNumber: key.sequenceNumber,
    })),
    nodes: handles.nodes.map((node) => node.id),
    delegators: handles.delegators.map(([node, delegatorId]) => ({ nodeId: node.id, delegatorId })),
  };
}

function sortedNodes(state: LedgerState): NodeRecord[] {
  return [...state.nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function nodeInfoJson(info: NodeInfoValue): NodeInfo {
  return {
    id: info.id,
    role: info.role,
    networkingAddress: info.networkingAddress,
    networkingKey: info.networkingKey,
    stakingKey: info.stakingKey,
    tokensCommitted: formatAmount(info.tokensCommitted),
    tokensStaked: formatAmount(info.tokensStaked),
    tokensUnstaking: formatAmount(info.tokensUnstaking),
    tokensUnstaked: formatAmount(info.tokensUnstaked),
    tokensRewarded: formatAmount(info.tokensRewarded),
    tokensRequestedToUnstake: formatAmount(info.tokensRequestedToUnstake),
    delegators: info.delegators,
    delegatorIDCounter: info.delegatorIDCounter,
    initialWeight: info.initialWeight,
  };
}

/** `GET /v1/nodes`: every node (of one role, when given), by node ID. */
export function nodeList(state: LedgerState, role: number | undefined): { nodes: NodeInfo[] } {
  const nodes = sortedNodes(state).filter((node) => role === undefined || node.role === role);
  return { nodes: nodes.map((node) => nodeInfoJson(nodeInfo(node))) };
}

/** Node staked + Σ delegator staked (staking-contract.md §3.3). */
function totalStakedWithDelegators(node: NodeRecord): Amount {
  let sum = node.staked;
  const staked = node.delegators.staked;
  for (let i = 0; i < node.delegators.count; i++) sum = add(sum, staked[i] as Amount);
  return sum;
}

export function nodeDetails(state: LedgerState, nodeId: string): NodeDetails {
  const node = requireNode(state, nodeId);
  return {
    ...nodeInfoJson(nodeInfo(node)),
    owner: node.owner,
    totalCommitment: formatAmount(totalCommitmentWithDelegators(node)),
    totalCommitmentWithoutDelegators: formatAmount(fullCommittedBalance(node)),
    totalStakedWithDelegators: formatAmount(totalStakedWithDelegators(node)),
  };
}

function delegatorJson(node: NodeRecord, delegator: DelegatorRecord): DelegatorDetails {
  const info = delegatorInfo(node, delegator);
  return {
    id: info.id,
    nodeID: info.nodeID,
    tokensCommitted: formatAmount(info.tokensCommitted),
    tokensStaked: formatAmount(info.tokensStaked),
    tokensUnstaking: formatAmount(info.tokensUnstaking),
    tokensUnstaked: formatAmount(info.tokensUnstaked),
    tokensRewarded: formatAmount(info.tokensRewarded),
    tokensRequestedToUnstake: formatAmount(info.tokensRequestedToUnstake),
    owner: delegator.owner,
  };
}

/** `GET /v1/nodes/{nodeId}/delegators`: `limit` delegators from ID `offset + 1`, and how many there are. */
export function delegatorPage(
  state: LedgerState,
  nodeId: string,
  offset: number,
  limit: number,
): { total: number; delegators: DelegatorDetails[] } {
  const node = requireNode(state, nodeId);
  const total = node.delegators.count;
  const delegators: DelegatorDetails[] = [];
  for (let id = offset + 1; id <= Math.min(total, offset + limit); id++) {
    delegators.push(delegatorJson(node, readDelegator(node.delegators, id)));
  }
  return { total, delegators };
}

export function delegatorDetails(state: LedgerState, nodeId: string, delegatorId: DelegatorId): DelegatorDetails {
  const node = requireNode(state, nodeId);
  return delegatorJson(node, requireDelegator(node, delegatorId));
}

/** `GET /v1/delegators?owner=`: every delegator whose handle the account holds, by node ID then delegator ID. */
export function delegatorsOwnedBy(state: LedgerState, owner: string): { delegators: DelegatorDetails[] } {
  const { delegators } = handlesOf(state, requireAccount(state, owner).id);
  return { delegators: delegators.map(([node, id]) => delegatorJson(node, readDelegator(node.delegators, id))) };
}

export type TableName = "current" | "proposed" | "approved";

export function nodeIdTable(state: LedgerState, table: TableName): { nodeIds: string[] } {
  switch (table) {
    case "current":
      return { nodeIds: [...state.participants].sort() };
    case "proposed":
      return { nodeIds: proposedTable(state) };
    case "approved":
      return { nodeIds: [...state.approved].sort() };
  }
}

export function candidateTable(state: LedgerState): ByRole<string[]> {
  return perRole((role) => [...state.candidates[role]].sort());
}

export function epochView(state: LedgerState, mode: NodeMode): EpochView {
  const { epoch } = state;
  const ends = phaseEndTimes(state);
  const pending = epoch.pendingRewards;
  return {
    counter: state.epochCounter,
    phase: epoch.phase,
    stakingEnabled: state.stakingEnabled,
    startedAt: epoch.startedAt,
    stakingAuctionEndsAt: ends.stakingAuctionEnd,
    setupEndsAt: ends.setupEnd,
    epochEndsAt: ends.epochEnd,
    mode,
    payout: formatAmount(state.params.epochTokenPayout),
    totalStaked: formatAmount(totalStaked(state)),
    totalStakedByRole: perRole((role) => formatAmount(state.totalStakedByRole[role])),
    totalSupply: formatAmount(state.totalSupply),
    feeVault: formatAmount(state.feeVault),
    automaticRewards: {
      enabled: epoch.automaticRewards.enabled,
      supplyIncreasePercentage: formatAmount(epoch.automaticRewards.supplyIncreasePercentage),
      bonusTokens: formatAmount(epoch.automaticRewards.bonusTokens),
    },
    pendingRewards:
      pending === null
        ? null
        : {
            epochCounter: pending.epochCounter,
            totalRewards: formatAmount(pending.summary.totalRewards),
            paid: pending.paid,
          },
  };
}

/** `GET /v1/slashing/params`, and `slashing` in `GET /v1/params`. */
export function slashingParams(state: LedgerState): SlashingParamsView {
  const { slashing } = state;
  return {
    maxSlashFraction: formatAmount(slashing.maxSlashFraction),
    caseEpochs: slashing.caseEpochs,
    slashDelegators: slashing.slashDelegators,
  };
}

export function paramsView(state: LedgerState): ParamsView {
  const { params } = state;
  const minimumStakes: Record<string, string> = {};
  for (const role of sortedKeys(params.minimumStakes)) {
    const minimum = params.minimumStakes.get(role);
    if (minimum !== undefined) minimumStakes[String(role)] = formatAmount(minimum);
  }
  const openSlots: Record<string, number> = {};
  for (const role of sortedKeys(params.openSlots)) openSlots[String(role)] = params.openSlots.get(role) ?? 0;
  return {
    minimumStakes,
    delegatorMinimum: formatAmount(params.delegatorMinimum),
    rewardCut: formatAmount(params.rewardCut),
    epochTokenPayout: formatAmount(params.epochTokenPayout),
    // UInt64 limits, written as numbers like the candidate_limits query.
    candidateNodeLimits: perRole((role) => Number(params.candidateNodeLimits[role])),
    slotLimits: perRole((role) => params.slotLimits[role]),
    openSlots,
    transactionFee: formatAmount(state.transactionFee),
    epochTiming: { ...state.epoch.timing },
    rewardRatios: perRole((role) => formatAmount(REWARD_RATIOS[role])),
    maxPoolFee: formatAmount(state.pools.maxPoolFee),
    slashing: slashingParams(state),
  };
}

/**
 * What this epoch's payout will credit a node (its own reward with the cuts it takes) or one of its delegators:
 * the rewards stored at `epoch_commit` when they are this epoch's, else calculated now if the auction has closed
 * (the stake they are calculated on no longer moves). While the auction is open there is nothing to quote.
 */
export function rewardQuote(state: LedgerState, nodeId: string, delegatorId: DelegatorId | undefined): RewardQuote {
  const node = requireNode(state, nodeId);
  if (delegatorId !== undefined) requireDelegator(node, delegatorId);
  const pending = state.epoch.pendingRewards;
  let source: RewardQuote["source"];
  let summary: ReturnType<typeof calculateRewards>;
  if (pending !== null && pending.epochCounter === state.epochCounter) {
    source = "stored";
    summary = pending.summary;
  } else if (!state.stakingEnabled) {
    source = "calculated";
    summary = calculateRewards(state);
  } else {
    throw new LedgerError(
      "AUCTION_IN_PROGRESS",
      `the staking auction of epoch ${state.epochCounter} is open: rewards are quoted once it has closed`,
      { epochCounter: state.epochCounter },
    );
  }
  const entry = summary.entries.find((e) => e.node.id === node.id);
  let reward = 0n;
  if (entry !== undefined) {
    reward = delegatorId === undefined ? entry.nodeReward : (entry.delegatorRewards[delegatorId - 1] ?? 0n);
  }
  const quote: RewardQuote = {
    epochCounter: state.epochCounter,
    nodeId: node.id,
    reward: formatAmount(reward as Amount),
    source,
  };
  if (delegatorId !== undefined) quote.delegatorId = delegatorId;
  return quote;
}

/** `GET /v1/query/{name}`: a plan query, its arguments from the query string (all strings, so integers converted). */
export function queryAnswer(state: LedgerState, name: string, args: Record<string, unknown>): { result: unknown } {
  return { result: jsonValue(runQuery(state, readQuery(name, args))) };
}
