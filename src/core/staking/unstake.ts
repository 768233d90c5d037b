/**
 * Unstaking requests (§5.5, §5.6, §6.5). A request is served from `committed` first, instantly to `unstaked`; only
 * the rest waits in `requestedToUnstake` for the epoch boundary (§18 rule 5).
 */
import { type Amount, add, formatAmount, sub, ZERO } from "../amount.js";
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import type { DelegatorId } from "../ids.js";
import type { Pools } from "../state.js";
import {
  fullCommittedBalance,
  isEligibleForCandidate,
  markDelegatorMovePending,
  markNodeMovePending,
  meetsRoleMinimum,
  nodeChanged,
  requireAuctionOpen,
  requireOwnedDelegator,
  requireOwnedNode,
  saveDelegator,
} from "./records.js";

export interface UnstakeArgs {
  nodeId: string;
  delegatorId?: DelegatorId | undefined;
  amount: Amount;
}

/** staked + committed must cover the new request plus what is already requested. */
function checkUnstakable(pools: Pools, amount: Amount): void {
  const available = pools.staked + pools.committed;
  const needed = amount + pools.requestedToUnstake;
  if (available < needed) {
    throw new LedgerError(
      "INSUFFICIENT_TOKENS_TO_UNSTAKE",
      `not enough tokens to unstake: requested ${formatAmount(amount)}, available ${formatAmount(sub(available as Amount, pools.requestedToUnstake))}`,
      { requested: formatAmount(amount), available: formatAmount(sub(available as Amount, pools.requestedToUnstake)) },
    );
  }
}

/** How a request splits: the part taken from committed now, and the new total request. */
function splitRequest(pools: Pools, amount: Amount): { fromCommitted: Amount; request: Amount | null } {
  if (pools.committed >= amount) return { fromCommitted: amount, request: null };
  return { fromCommitted: pools.committed, request: add(pools.requestedToUnstake, sub(amount, pools.committed)) };
}

export function requestUnstaking(ctx: OperationContext, args: UnstakeArgs): null {
  if (args.delegatorId !== undefined) return delegatorRequestUnstaking(ctx, args.nodeId, args.delegatorId, args.amount);
  const { state } = ctx;
  const node = requireOwnedNode(ctx, args.nodeId);
  requireAuctionOpen(state, "unstake");
  checkUnstakable(node, args.amount);
  // Delegator *records* count, even emptied ones (§18 rule 4).
  if (node.delegators.count > 0) {
    const remaining = sub(fullCommittedBalance(node), args.amount);
    if (!meetsRoleMinimum(state, remaining, node.role)) {
      throw new LedgerError(
        "UNSTAKE_BELOW_MINIMUM_WITH_DELEGATORS",
        `cannot unstake below the minimum stake requirement if there are delegators: ${formatAmount(remaining)} would remain`,
        { remaining: formatAmount(remaining) },
      );
    }
  }
  const { fromCommitted, request } = splitRequest(node, args.amount);
  const committed = sub(node.committed, fromCommitted);
  // §5.5 step 4, decided before anything changes: the check can abort (a role minimum missing from the table).
  const stillCandidate = isEligibleForCandidate(state, node, committed, node.staked);

  node.committed = committed;
  node.unstaked = add(node.unstaked, fromCommitted);
  ctx.events.push({ type: "TokensUnstaked", nodeID: node.id, amount: fromCommitted });
  if (request !== null) {
    node.requestedToUnstake = request;
    markNodeMovePending(state, node);
    ctx.events.push({ type: "NodeTokensRequestedToUnstake", nodeID: node.id, amount: request });
  }
  if (!stillCandidate) state.candidates[node.role].delete(node.id);
  nodeChanged(state, node);
  return null;
}

/** §5.6: no delegator check; delegators are force-unstaked at the end of the auction instead. */
export function unstakeAll(ctx: OperationContext, args: { nodeId: string }): null {
  const { state } = ctx;
  const node = requireOwnedNode(ctx, args.nodeId);
  requireAuctionOpen(state, "unstake");

  if (node.committed > 0n) {
    ctx.events.push({ type: "TokensUnstaked", nodeID: node.id, amount: node.committed });
    node.unstaked = add(node.unstaked, node.committed);
    node.committed = ZERO;
  }
  if (node.staked > 0n) {
    node.requestedToUnstake = node.staked;
    markNodeMovePending(state, node);
    ctx.events.push({ type: "NodeTokensRequestedToUnstake", nodeID: node.id, amount: node.requestedToUnstake });
  }
  state.candidates[node.role].delete(node.id);
  nodeChanged(state, node);
  return null;
}

/** §6.5: no minimum check; the delegator minimum is enforced at the epoch boundary. */
function delegatorRequestUnstaking(ctx: OperationContext, nodeId: string, delegatorId: DelegatorId, amount: Amount) {
  const { node, delegator } = requireOwnedDelegator(ctx, nodeId, delegatorId);
  requireAuctionOpen(ctx.state, "request unstaking");
  checkUnstakable(delegator, amount);
  const { fromCommitted, request } = splitRequest(delegator, amount);

  delegator.committed = sub(delegator.committed, fromCommitted);
  delegator.unstaked = add(delegator.unstaked, fromCommitted);
  const ids = { nodeID: node.id, delegatorID: delegator.id };
  ctx.events.push({ type: "DelegatorTokensUnstaked", ...ids, amount: fromCommitted });
  if (request !== null) {
    delegator.requestedToUnstake = request;
    markDelegatorMovePending(ctx.state, node, delegator);
    ctx.events.push({ type: "DelegatorTokensRequestedToUnstake", ...ids, amount: request });
  }
  saveDelegator(ctx.state, node, delegator);
  return null;
}
