/** The approved list (§8.1) and the standard admin transactions built on it (§7). */
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import type { NodeId } from "../ids.js";
import { markNodeMovePending, requireNode } from "../staking/records.js";
import { refundNode } from "./remove-node.js";

function requireExisting(ctx: OperationContext, nodeIds: readonly string[]): Set<NodeId> {
  const ids = new Set<NodeId>();
  for (const id of nodeIds) {
    if (!ctx.state.nodes.has(id as NodeId)) {
      throw new LedgerError("NODE_NOT_FOUND", `approved node ${id} does not already exist in the identity table`, {
        nodeId: id,
      });
    }
    ids.add(id as NodeId);
  }
  return ids;
}

/**
 * Replaces the approved list. A node that leaves it is put on moves-pending while the auction is open (it is
 * removed at the end of the auction), or refunded at once when the auction is closed (§18 rule 8).
 */
export function setApprovedList(ctx: OperationContext, nodeIds: readonly string[]): null {
  const { state } = ctx;
  const next = requireExisting(ctx, nodeIds);
  const leaving = [...state.approved].filter((id) => !next.has(id)).sort();
  for (const id of leaving) {
    const node = requireNode(state, id);
    if (state.stakingEnabled) markNodeMovePending(state, node);
    else refundNode(state, ctx.events, node);
  }
  state.approved = next;
  return null;
}

/** `add_approved_nodes`: union. */
export function addApprovedNodes(ctx: OperationContext, nodeIds: readonly string[]): null {
  const added = requireExisting(ctx, nodeIds);
  return setApprovedList(ctx, [...ctx.state.approved, ...added]);
}

/** `remove_approved_nodes`: set difference; IDs not on the list are ignored. */
export function removeApprovedNodes(ctx: OperationContext, nodeIds: readonly string[]): null {
  const removed = new Set(nodeIds);
  return setApprovedList(
    ctx,
    [...ctx.state.approved].filter((id) => !removed.has(id)),
  );
}

/** `add_approved_and_limits`: union, and each newly approved node raises its role's slot limit by one. */
export function addApprovedAndLimits(ctx: OperationContext, nodeIds: readonly string[]): null {
  const { state } = ctx;
  const added = requireExisting(ctx, nodeIds);
  const limits = [...state.params.slotLimits] as typeof state.params.slotLimits;
  for (const id of added) {
    if (state.approved.has(id)) continue;
    const role = requireNode(state, id).role;
    limits[role] += 1;
    if (limits[role] > 0xffff) {
      throw new LedgerError("INVALID_SLOT_LIMITS", `slot limit of role ${role} would exceed 65535`, { role });
    }
  }
  setApprovedList(ctx, [...state.approved, ...added]);
  state.params.slotLimits = limits;
  return null;
}
