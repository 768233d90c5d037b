/**
 * `open_pool` ("Opening"): a record whose handle the signer holds becomes a pool's. The handle moves to a new
 * keyless account; the record's committed + staked tokens become the operator's shares, one per unit.
 */

import { addressFromCounter } from "../accounts/operations.js";
import { type Amount, add, formatAmount, ZERO } from "../amount.js";
import { touchAccount } from "../changes.js";
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import type { AccountId, DelegatorId, NodeId } from "../ids.js";
import { nodeChanged, requireDelegator, requireNode, saveDelegator } from "../staking/records.js";
import type { Pools } from "../state.js";
import { requireFeeAllowed } from "./fees.js";
import { newMember, saveMember } from "./members.js";
import { recordKey } from "./record.js";
import type { Pool, PoolId, PoolTarget } from "./types.js";

export interface OpenPoolArgs {
  nodeId: string;
  delegatorId?: DelegatorId | undefined;
  fee: Amount;
  minimumJoin: Amount;
  extraLockEpochs: number;
}

function requireClear(pools: Pools, target: PoolTarget): void {
  const busy = (["rewarded", "unstaking", "unstaked", "requestedToUnstake"] as const).filter((f) => pools[f] > 0n);
  if (busy.length > 0) {
    throw new LedgerError(
      "POOL_TARGET_NOT_CLEAR",
      `the record must have empty rewarded, unstaking and unstaked pools and no unstake request; it has ${busy
        .map((f) => `${f} ${formatAmount(pools[f])}`)
        .join(", ")}`,
      { nodeId: target.nodeId, delegatorId: target.delegatorId },
    );
  }
}

export function openPool(ctx: OperationContext, args: OpenPoolArgs): { poolId: PoolId; address: AccountId } {
  const { state } = ctx;
  const node = requireNode(state, args.nodeId);
  const delegator = args.delegatorId === undefined ? undefined : requireDelegator(node, args.delegatorId);
  const target: PoolTarget = { nodeId: node.id, delegatorId: delegator?.id ?? null };
  const key = recordKey(target);
  const holder = state.pools.byRecord.get(key);
  if (holder !== undefined) {
    throw new LedgerError("RECORD_ALREADY_POOLED", `the record ${key} already belongs to pool ${holder}`, {
      nodeId: node.id,
      delegatorId: target.delegatorId,
      poolId: holder,
    });
  }
  const owner = delegator?.owner ?? node.owner;
  if (owner !== ctx.signer) {
    throw new LedgerError("NOT_OWNER", `account ${ctx.signer} does not hold the handle of ${key}`, {
      account: ctx.signer,
      nodeId: node.id,
      delegatorId: target.delegatorId,
    });
  }
  requireFeeAllowed(state, args.fee);
  const pools: Pools = delegator ?? node;
  requireClear(pools, target);
  const shares = add(pools.committed, pools.staked);
  const address = addressFromCounter(state.accountCounter + 1);
  if (state.accounts.has(address)) throw new Error(`address ${address} is already taken`);

  state.accountCounter += 1;
  state.accounts.set(address, { id: address, balance: ZERO, keys: [] });
  touchAccount(state, address);
  if (delegator === undefined) {
    node.owner = address;
    nodeChanged(state, node);
  } else {
    delegator.owner = address;
    saveDelegator(state, node, delegator);
  }
  const id = state.pools.pools.size + 1;
  const pool: Pool = {
    id,
    account: address,
    operator: ctx.signer,
    target,
    fee: args.fee,
    pendingFee: null,
    minimumJoin: args.minimumJoin,
    extraLockEpochs: args.extraLockEpochs,
    totalShares: shares,
    rewardPerShare: 0n,
    operatorFees: ZERO,
    totalClaimable: ZERO,
    nextCohortId: 1,
    cohorts: new Map(),
    members: new Map(),
  };
  state.pools.pools.set(id, pool);
  state.pools.byRecord.set(key, id);
  const operator = newMember();
  operator.shares = shares;
  saveMember(state, pool, ctx.signer, operator);
  ctx.events.push({ type: "AccountCreated", address });
  ctx.events.push({
    type: "PoolOpened",
    poolId: id,
    account: address,
    operator: ctx.signer,
    nodeID: node.id as NodeId,
    delegatorID: target.delegatorId,
    fee: args.fee,
    minimumJoin: args.minimumJoin,
    extraLockEpochs: args.extraLockEpochs,
    shares,
  });
  return { poolId: id, address };
}
