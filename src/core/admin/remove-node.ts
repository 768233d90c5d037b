/** Remove and refund a node (§8.3): the admin operation, and what the end of the auction does to invalid nodes. */
import { type Amount, add, ZERO } from "../amount.js";
import { touchNodeAndDelegators } from "../changes.js";
import type { OperationContext } from "../context.js";
import type { EventLog } from "../events.js";
import { markNodeMovePending, requireNode } from "../staking/records.js";
import type { LedgerState, NodeRecord } from "../state.js";

/**
 * The contract's `unsafeRemoveAndRefundNodeRecord`: committed tokens go back to unstaked now; staked tokens are
 * requested to unstake at the boundary (and the role count drops) when the node is staked or the auction is closed;
 * every delegator is refunded the same way. Leaves the approved list alone. Cannot fail.
 */
export function refundNode(state: LedgerState, events: EventLog, node: NodeRecord): void {
  events.push({ type: "NodeRemovedAndRefunded", nodeID: node.id, amount: add(node.committed, node.staked) });
  node.unstaked = add(node.unstaked, node.committed);
  node.committed = ZERO;
  if (node.staked > 0n || !state.stakingEnabled) {
    node.requestedToUnstake = node.staked;
    if (state.roleCounts[node.role] > 0) state.roleCounts[node.role] -= 1;
  }
  const table = node.delegators;
  for (let i = 0; i < table.count; i++) {
    const committed = table.committed[i] as Amount;
    if (committed > 0n) {
      events.pushDelegator("DelegatorTokensUnstaked", node.id, i + 1, committed);
      table.unstaked[i] = add(table.unstaked[i] as Amount, committed);
      table.committed[i] = 0n;
    }
    const staked = table.staked[i] as Amount;
    if (staked > 0n) {
      table.requestedToUnstake[i] = staked;
      table.movePending[i] = 1;
    }
  }
  markNodeMovePending(state, node);
  state.candidates[node.role].delete(node.id);
  node.initialWeight = 0;
  touchNodeAndDelegators(state, node);
}

/** `removeAndRefundNodeRecord`: drops the node from the approved list (it must be re-approved), then refunds it. */
export function removeAndRefund(state: LedgerState, events: EventLog, node: NodeRecord): void {
  state.approved.delete(node.id);
  refundNode(state, events, node);
}

/** The admin's `remove_node`. */
export function removeNode(ctx: OperationContext, args: { nodeId: string }): null {
  const node = requireNode(ctx.state, args.nodeId);
  removeAndRefund(ctx.state, ctx.events, node);
  return null;
}
