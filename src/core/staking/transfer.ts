/**
 * Moving a NodeStaker or NodeDelegator handle to another account (Flow's `transfer_node` / `transfer_delegator`).
 * Allowed in any phase; the contract sees nothing, so no event (decisions.md D4).
 */
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import type { AccountId, DelegatorId } from "../ids.js";
import { nodeChanged, requireOwnedDelegator, requireOwnedNode, saveDelegator } from "./records.js";

function requireRecipient(ctx: OperationContext, to: AccountId): AccountId {
  const account = ctx.state.accounts.get(to);
  if (account === undefined) throw new LedgerError("ACCOUNT_NOT_FOUND", `no account ${to}`, { account: to });
  return account.id;
}

export function transferNode(ctx: OperationContext, args: { nodeId: string; to: AccountId }): null {
  const node = requireOwnedNode(ctx, args.nodeId);
  node.owner = requireRecipient(ctx, args.to);
  nodeChanged(ctx.state, node);
  return null;
}

export function transferDelegator(
  ctx: OperationContext,
  args: { nodeId: string; delegatorId: DelegatorId; to: AccountId },
): null {
  const { node, delegator } = requireOwnedDelegator(ctx, args.nodeId, args.delegatorId);
  delegator.owner = requireRecipient(ctx, args.to);
  saveDelegator(ctx.state, node, delegator);
  return null;
}
