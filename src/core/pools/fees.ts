/**
 * The service fee ("The service fee"): decreases at once, increases announced for epoch
 * `current + 2 + extraLockEpochs`, the earliest epoch by which a member who asks to leave now has its tokens out.
 * An announced fee applies to the rewards of its effective epoch onwards (the epoch the rewards are for).
 */
import { type Amount, formatAmount, ONE } from "../amount.js";
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import type { EventLog } from "../events.js";
import type { LedgerState } from "../state.js";
import { requirePool } from "./record.js";
import type { Pool, PoolId } from "./types.js";

export function requireFeeAllowed(state: LedgerState, fee: Amount): void {
  const max = state.pools.maxPoolFee;
  if (fee > max) {
    throw new LedgerError(
      "INVALID_POOL_FEE",
      `a pool's fee must be at most the maximum pool fee ${formatAmount(max)}, got ${formatAmount(fee)}`,
      { fee: formatAmount(fee), maxPoolFee: formatAmount(max) },
    );
  }
}

/** The fee that applies to rewards for `epoch`. */
export function feeInForce(pool: Pool, epoch: number): Amount {
  const pending = pool.pendingFee;
  return pending !== null && epoch >= pending.effectiveEpoch ? pending.fee : pool.fee;
}

/** Makes an announced fee that is in force for `epoch` the pool's fee (PoolFeeChanged). */
export function promoteFee(pool: Pool, epoch: number, events: EventLog): void {
  const pending = pool.pendingFee;
  if (pending === null || epoch < pending.effectiveEpoch) return;
  events.push({ type: "PoolFeeChanged", poolId: pool.id, previousFee: pool.fee, fee: pending.fee });
  pool.fee = pending.fee;
  pool.pendingFee = null;
}

export function requireOperator(ctx: OperationContext, pool: Pool): void {
  if (ctx.signer !== pool.operator) {
    throw new LedgerError("NOT_POOL_OPERATOR", `only pool ${pool.id}'s operator ${pool.operator} may do this`, {
      poolId: pool.id,
      account: ctx.signer,
    });
  }
}

/**
 * `set_pool_fee`: at or below the fee in force, the new fee applies at once and cancels any announcement; above it,
 * the fee is announced (replacing any earlier announcement).
 */
export function setPoolFee(ctx: OperationContext, args: { poolId: PoolId; fee: Amount }): null {
  const { state } = ctx;
  const pool = requirePool(state, args.poolId);
  requireOperator(ctx, pool);
  requireFeeAllowed(state, args.fee);
  const epoch = state.epochCounter;
  promoteFee(pool, epoch, ctx.events);
  if (args.fee <= pool.fee) {
    ctx.events.push({ type: "PoolFeeChanged", poolId: pool.id, previousFee: pool.fee, fee: args.fee });
    pool.fee = args.fee;
    pool.pendingFee = null;
    return null;
  }
  const effectiveEpoch = epoch + 2 + pool.extraLockEpochs;
  pool.pendingFee = { fee: args.fee, effectiveEpoch };
  ctx.events.push({ type: "PoolFeeAnnounced", poolId: pool.id, fee: args.fee, effectiveEpoch });
  return null;
}

/** The admin's `set_max_pool_fee`: a fraction at most 1. Pools keep their fees; new fees are checked against it. */
export function setMaxPoolFee(ctx: OperationContext, args: { value: Amount }): null {
  if (args.value > ONE) {
    throw new LedgerError(
      "INVALID_POOL_FEE",
      `the maximum pool fee must be at most 1, got ${formatAmount(args.value)}`,
      {
        maxPoolFee: formatAmount(args.value),
      },
    );
  }
  if (args.value !== ctx.state.pools.maxPoolFee) {
    ctx.state.pools.maxPoolFee = args.value;
    ctx.events.push({ type: "NewMaxPoolFee", newMaxPoolFee: args.value });
  }
  return null;
}
