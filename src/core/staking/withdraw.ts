/** Withdrawing unstaked or rewarded tokens to the signer's balance, in any phase (§5.7, §6.6). */

import { type Amount, formatAmount, sub, ZERO } from "../amount.js";
import { credit, ensureAccount } from "../balances.js";
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import type { DelegatorId } from "../ids.js";
import type { Pools } from "../state.js";
import { describePool, nodeChanged, requireOwnedDelegator, requireOwnedNode, saveDelegator } from "./records.js";

export interface WithdrawArgs {
  nodeId: string;
  delegatorId?: DelegatorId | undefined;
  amount: Amount;
}

type WithdrawablePool = "unstaked" | "rewarded";

function withdraw(ctx: OperationContext, args: WithdrawArgs, pool: WithdrawablePool): null {
  const owned =
    args.delegatorId === undefined
      ? { node: requireOwnedNode(ctx, args.nodeId), delegator: undefined }
      : requireOwnedDelegator(ctx, args.nodeId, args.delegatorId);
  const record: Pools = owned.delegator ?? owned.node;
  if (args.amount > record[pool]) {
    throw new LedgerError(
      pool === "unstaked" ? "INSUFFICIENT_UNSTAKED_TOKENS" : "INSUFFICIENT_REWARDED_TOKENS",
      describePool(pool, args.amount, record[pool]),
      { requested: formatAmount(args.amount), available: formatAmount(record[pool]) },
    );
  }
  const account = ensureAccount(ctx.state, ctx.signer, ZERO);

  record[pool] = sub(record[pool], args.amount);
  credit(ctx.state, account, args.amount);
  if (owned.delegator === undefined) nodeChanged(ctx.state, owned.node);
  const nodeID = owned.node.id;
  const amount = args.amount;
  if (owned.delegator === undefined) {
    ctx.events.push({
      type: pool === "unstaked" ? "UnstakedTokensWithdrawn" : "RewardTokensWithdrawn",
      nodeID,
      amount,
    });
  } else {
    saveDelegator(ctx.state, owned.node, owned.delegator);
    const delegatorID = owned.delegator.id;
    ctx.events.push({
      type: pool === "unstaked" ? "DelegatorUnstakedTokensWithdrawn" : "DelegatorRewardTokensWithdrawn",
      nodeID,
      delegatorID,
      amount,
    });
  }
  return null;
}

export function withdrawUnstakedTokens(ctx: OperationContext, args: WithdrawArgs): null {
  return withdraw(ctx, args, "unstaked");
}

export function withdrawRewardedTokens(ctx: OperationContext, args: WithdrawArgs): null {
  return withdraw(ctx, args, "rewarded");
}
