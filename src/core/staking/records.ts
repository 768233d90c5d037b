/**
 * Lookups and the shared bookkeeping of staking operations: ownership, the auction gate, role minimums, full
 * committed balances (§3.3), candidate lists and the moves-pending list (§3.4).
 */
import { type Amount, formatAmount, ZERO } from "../amount.js";
import { touchDelegator, touchNode } from "../changes.js";
import type { OperationContext } from "../context.js";
import { type DelegatorRecord, hasDelegator, readDelegator, writeDelegator } from "../delegators.js";
import { LedgerError } from "../errors.js";
import type { DelegatorId, NodeId } from "../ids.js";
import type { Role } from "../roles.js";
import type { LedgerState, NodeRecord, Pools } from "../state.js";

export function requireNode(state: LedgerState, nodeId: string): NodeRecord {
  const node = state.nodes.get(nodeId as NodeId);
  if (node === undefined) {
    throw new LedgerError("NODE_NOT_FOUND", `no node ${nodeId} in the identity table`, { nodeId });
  }
  return node;
}

/** A copy of the delegator's record; write changes back with `writeDelegator`. */
export function requireDelegator(node: NodeRecord, delegatorId: DelegatorId): DelegatorRecord {
  if (!hasDelegator(node.delegators, delegatorId)) {
    throw new LedgerError("DELEGATOR_NOT_FOUND", `node ${node.id} has no delegator ${delegatorId}`, {
      nodeId: node.id,
      delegatorId,
    });
  }
  return readDelegator(node.delegators, delegatorId);
}

/** The node, if the signer holds its handle. */
export function requireOwnedNode(ctx: OperationContext, nodeId: string): NodeRecord {
  const node = requireNode(ctx.state, nodeId);
  if (node.owner !== ctx.signer) {
    throw new LedgerError("NOT_OWNER", `account ${ctx.signer} does not hold the node handle of ${nodeId}`, {
      account: ctx.signer,
      nodeId,
    });
  }
  return node;
}

/**
 * The node, for what its operator does as the node's operator rather than as its stake's owner — its networking
 * address, slashing cases and votes: the signer holds the handle, or the handle is held by a pool (which has no keys)
 * that the signer operates. Money stays with whoever holds the handle.
 */
export function requireNodeOperator(ctx: OperationContext, nodeId: string): NodeRecord {
  const node = requireNode(ctx.state, nodeId);
  if (node.owner === ctx.signer) return node;
  const poolId = ctx.state.pools.byRecord.get(node.id);
  const pool = poolId === undefined ? undefined : ctx.state.pools.pools.get(poolId);
  if (pool !== undefined && pool.account === node.owner && pool.operator === ctx.signer) return node;
  throw new LedgerError(
    "NOT_OWNER",
    `account ${ctx.signer} neither holds the node handle of ${nodeId} nor operates its pool`,
    {
      account: ctx.signer,
      nodeId,
    },
  );
}

/** The delegator record, if the signer holds its handle. */
export function requireOwnedDelegator(
  ctx: OperationContext,
  nodeId: string,
  delegatorId: DelegatorId,
): { node: NodeRecord; delegator: DelegatorRecord } {
  const node = requireNode(ctx.state, nodeId);
  const delegator = requireDelegator(node, delegatorId);
  if (delegator.owner !== ctx.signer) {
    throw new LedgerError(
      "NOT_OWNER",
      `account ${ctx.signer} does not hold the handle of delegator ${delegatorId} of node ${nodeId}`,
      { account: ctx.signer, nodeId, delegatorId },
    );
  }
  return { node, delegator };
}

/** §4: operations that need the staking auction open. `what` completes "cannot … if the auction isn't open". */
export function requireAuctionOpen(state: LedgerState, what: string): void {
  if (!state.stakingEnabled) {
    throw new LedgerError("AUCTION_NOT_IN_PROGRESS", `cannot ${what} if the staking auction isn't in progress`);
  }
}

/** The role's minimum stake; aborts like the contract's lookup when the table lacks the role (decisions D5). */
export function roleMinimum(state: LedgerState, role: Role): Amount {
  const minimum = state.params.minimumStakes.get(role);
  if (minimum === undefined) {
    throw new LedgerError("ROLE_MINIMUM_NOT_SET", `the minimum-stake table has no entry for role ${role}`, { role });
  }
  return minimum;
}

/** `isGreaterThanMinimumForRole`: despite its name, "≥" (§1). */
export function meetsRoleMinimum(state: LedgerState, amount: Amount, role: Role): boolean {
  return amount >= roleMinimum(state, role);
}

/** committed + staked − requestedToUnstake, clamped at 0 (§3.3): what will be staked next epoch. */
export function fullCommittedBalance(pools: Pools): Amount {
  const total = pools.committed + pools.staked;
  return (total < pools.requestedToUnstake ? ZERO : total - pools.requestedToUnstake) as Amount;
}

/**
 * Candidate status (§5.2): a new node — not a participant, nothing staked — whose committed tokens (as they would
 * be after the operation) reach the role's minimum.
 */
export function isEligibleForCandidate(state: LedgerState, node: NodeRecord, committed: Amount, staked: Amount) {
  if (state.participants.has(node.id)) return false;
  return staked === 0n && meetsRoleMinimum(state, committed, node.role);
}

/**
 * Throws CANDIDATE_LIMIT_EXCEEDED when adding to the role's candidate list would fail: the list already holds the
 * limit — even when the node is one of them (§5.2, code-derived quirk).
 */
export function checkCandidateRoom(state: LedgerState, role: Role): void {
  const size = BigInt(state.candidates[role].size);
  const limit = state.params.candidateNodeLimits[role];
  if (size >= limit) {
    throw new LedgerError(
      "CANDIDATE_LIMIT_EXCEEDED",
      `candidate node limit of ${limit} exceeded for node role ${role}`,
      {
        role,
        limit: Number(limit),
      },
    );
  }
}

/**
 * After tokens were committed (§5.2–5.4): checks candidate room when the node would become a candidate. Call
 * before changing anything, with the pools as they will be; returns whether to add it.
 */
export function checkCandidateAfterCommit(state: LedgerState, node: NodeRecord, committed: Amount): boolean {
  const eligible = isEligibleForCandidate(state, node, committed, node.staked);
  if (eligible) checkCandidateRoom(state, node.role);
  return eligible;
}

export function markNodeMovePending(state: LedgerState, node: NodeRecord): void {
  state.movesPending.add(node.id);
}

/** Flags the delegator record (write it back afterwards) and puts its node on the moves-pending list. */
export function markDelegatorMovePending(state: LedgerState, node: NodeRecord, delegator: DelegatorRecord): void {
  state.movesPending.add(node.id);
  delegator.movePending = true;
}

/** Writes a delegator record back to its node's columns and marks it changed. */
export function saveDelegator(state: LedgerState, node: NodeRecord, delegator: DelegatorRecord): void {
  writeDelegator(node.delegators, delegator);
  touchDelegator(state, node, delegator.id);
}

/** Marks a node's own fields changed; call whenever an operation writes them. */
export function nodeChanged(state: LedgerState, node: NodeRecord): void {
  touchNode(state, node);
}

export function describePool(name: string, requested: Amount, available: Amount): string {
  return `not enough ${name} tokens: requested ${formatAmount(requested)}, available ${formatAmount(available)}`;
}
