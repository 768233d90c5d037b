/**
 * Committing tokens for the next epoch: new tokens from the signer's balance, unstaked tokens (which first cancels
 * a pending unstake request) and rewarded tokens — for a node (§5.2–5.4) or a delegator (§6.2–6.4).
 */

import { type Amount, add, sub, ZERO } from "../amount.js";
import { debit, requireBalance } from "../balances.js";
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import type { DelegatorId } from "../ids.js";
import type { NodeRecord, Pools } from "../state.js";
import {
  checkCandidateAfterCommit,
  describePool,
  markDelegatorMovePending,
  markNodeMovePending,
  nodeChanged,
  requireAuctionOpen,
  requireOwnedDelegator,
  requireOwnedNode,
  saveDelegator,
} from "./records.js";

export interface StakeArgs {
  nodeId: string;
  delegatorId?: DelegatorId | undefined;
  amount: Amount;
}

/** After tokens reach `committed`: candidate status (§5.2) and the moves-pending list. */
function afterNodeCommit(ctx: OperationContext, node: NodeRecord, addAsCandidate: boolean): void {
  if (addAsCandidate) ctx.state.candidates[node.role].add(node.id);
  markNodeMovePending(ctx.state, node);
  nodeChanged(ctx.state, node);
}

export function stakeNewTokens(ctx: OperationContext, args: StakeArgs): null {
  if (args.delegatorId !== undefined) return delegateNewTokens(ctx, args.nodeId, args.delegatorId, args.amount);
  const node = requireOwnedNode(ctx, args.nodeId);
  const account = requireBalance(ctx, args.amount);
  requireAuctionOpen(ctx.state, "stake");
  const committed = add(node.committed, args.amount);
  const candidate = checkCandidateAfterCommit(ctx.state, node, committed);

  debit(ctx.state, account, args.amount);
  ctx.events.push({ type: "TokensCommitted", nodeID: node.id, amount: args.amount });
  node.committed = committed;
  afterNodeCommit(ctx, node, candidate);
  return null;
}

/**
 * X ≤ request: the request shrinks by X and nothing moves. Otherwise the request is cancelled and the rest,
 * X − request, moves from unstaked to committed (§5.3, §18 rule 5).
 */
function planStakeUnstaked(pools: Pools, amount: Amount): { fromUnstaked: Amount; request: Amount } {
  if (amount <= pools.requestedToUnstake) {
    return { fromUnstaked: ZERO, request: sub(pools.requestedToUnstake, amount) };
  }
  const fromUnstaked = sub(amount, pools.requestedToUnstake);
  if (fromUnstaked > pools.unstaked) {
    throw new LedgerError("INSUFFICIENT_UNSTAKED_TOKENS", describePool("unstaked", fromUnstaked, pools.unstaked));
  }
  return { fromUnstaked, request: ZERO };
}

export function stakeUnstakedTokens(ctx: OperationContext, args: StakeArgs): null {
  if (args.delegatorId !== undefined) return delegateUnstakedTokens(ctx, args.nodeId, args.delegatorId, args.amount);
  const node = requireOwnedNode(ctx, args.nodeId);
  requireAuctionOpen(ctx.state, "stake");
  const plan = planStakeUnstaked(node, args.amount);
  const committed = add(node.committed, plan.fromUnstaked);
  const candidate = checkCandidateAfterCommit(ctx.state, node, committed);

  node.requestedToUnstake = plan.request;
  node.unstaked = sub(node.unstaked, plan.fromUnstaked);
  node.committed = committed;
  // The node event reports only what left `unstaked`, not the cancelled part of the request (§14).
  ctx.events.push({ type: "TokensCommitted", nodeID: node.id, amount: plan.fromUnstaked });
  afterNodeCommit(ctx, node, candidate);
  return null;
}

export function stakeRewardedTokens(ctx: OperationContext, args: StakeArgs): null {
  if (args.delegatorId !== undefined) return delegateRewardedTokens(ctx, args.nodeId, args.delegatorId, args.amount);
  const node = requireOwnedNode(ctx, args.nodeId);
  requireAuctionOpen(ctx.state, "stake");
  if (args.amount > node.rewarded) {
    throw new LedgerError("INSUFFICIENT_REWARDED_TOKENS", describePool("rewarded", args.amount, node.rewarded));
  }
  const committed = add(node.committed, args.amount);
  const candidate = checkCandidateAfterCommit(ctx.state, node, committed);

  node.rewarded = sub(node.rewarded, args.amount);
  node.committed = committed;
  ctx.events.push({ type: "TokensCommitted", nodeID: node.id, amount: args.amount });
  afterNodeCommit(ctx, node, candidate);
  return null;
}

function delegateNewTokens(ctx: OperationContext, nodeId: string, delegatorId: DelegatorId, amount: Amount): null {
  const { node, delegator } = requireOwnedDelegator(ctx, nodeId, delegatorId);
  const account = requireBalance(ctx, amount);
  requireAuctionOpen(ctx.state, "delegate");
  const committed = add(delegator.committed, amount);

  debit(ctx.state, account, amount);
  ctx.events.push({ type: "DelegatorTokensCommitted", nodeID: node.id, delegatorID: delegator.id, amount });
  delegator.committed = committed;
  markDelegatorMovePending(ctx.state, node, delegator);
  saveDelegator(ctx.state, node, delegator);
  return null;
}

function delegateUnstakedTokens(ctx: OperationContext, nodeId: string, delegatorId: DelegatorId, amount: Amount) {
  const { node, delegator } = requireOwnedDelegator(ctx, nodeId, delegatorId);
  requireAuctionOpen(ctx.state, "delegate");
  const plan = planStakeUnstaked(delegator, amount);
  const committed = add(delegator.committed, plan.fromUnstaked);

  delegator.requestedToUnstake = plan.request;
  delegator.unstaked = sub(delegator.unstaked, plan.fromUnstaked);
  delegator.committed = committed;
  // Unlike the node event, the delegator event reports the full requested amount (§14).
  ctx.events.push({ type: "DelegatorTokensCommitted", nodeID: node.id, delegatorID: delegator.id, amount });
  markDelegatorMovePending(ctx.state, node, delegator);
  saveDelegator(ctx.state, node, delegator);
  return null;
}

function delegateRewardedTokens(ctx: OperationContext, nodeId: string, delegatorId: DelegatorId, amount: Amount) {
  const { node, delegator } = requireOwnedDelegator(ctx, nodeId, delegatorId);
  requireAuctionOpen(ctx.state, "delegate");
  if (amount > delegator.rewarded) {
    throw new LedgerError("INSUFFICIENT_REWARDED_TOKENS", describePool("rewarded", amount, delegator.rewarded));
  }
  const committed = add(delegator.committed, amount);

  delegator.rewarded = sub(delegator.rewarded, amount);
  delegator.committed = committed;
  ctx.events.push({ type: "DelegatorTokensCommitted", nodeID: node.id, delegatorID: delegator.id, amount });
  markDelegatorMovePending(ctx.state, node, delegator);
  saveDelegator(ctx.state, node, delegator);
  return null;
}
