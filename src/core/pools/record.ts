/**
 * The record a pool holds, seen from the pool: lookups, the context in which the pool acts on it (signed by the
 * pool's account, so the record's own rules apply unchanged), and the pool's principal value V.
 */
import { type Amount, formatAmount, ZERO } from "../amount.js";
import { credit, debit } from "../balances.js";
import type { OperationContext } from "../context.js";
import { readDelegator } from "../delegators.js";
import { LedgerError } from "../errors.js";
import type { AccountId, DelegatorId } from "../ids.js";
import type { LedgerState, NodeRecord, Pools } from "../state.js";
import { type Reserved, reservedOf } from "./cohorts.js";
import type { Pool, PoolId, PoolTarget } from "./types.js";

/** The key of `byRecord`: `nodeId` or `nodeId/delegatorId`. */
export function recordKey(target: PoolTarget): string {
  return target.delegatorId === null ? target.nodeId : `${target.nodeId}/${target.delegatorId}`;
}

export function requirePool(state: LedgerState, poolId: PoolId): Pool {
  const pool = state.pools.pools.get(poolId);
  if (pool === undefined) throw new LedgerError("POOL_NOT_FOUND", `no pool ${poolId}`, { poolId });
  return pool;
}

export interface PooledRecord {
  readonly node: NodeRecord;
  /** The node itself, or a copy of the delegator's record (read-only here). */
  readonly pools: Pools;
}

/** The pool's record; its absence is a broken invariant, not a refusal. */
export function readRecord(state: LedgerState, pool: Pool): PooledRecord {
  const node = state.nodes.get(pool.target.nodeId);
  if (node === undefined) throw new Error(`pool ${pool.id}: node ${pool.target.nodeId} is not in the table`);
  const id = pool.target.delegatorId;
  if (id === null) return { node, pools: node };
  if (id < 1 || id > node.delegators.count) throw new Error(`pool ${pool.id}: no delegator ${id}`);
  return { node, pools: readDelegator(node.delegators, id) };
}

/** What the pool passes to the record operations: the record's IDs. */
export function recordArgs(pool: Pool): { nodeId: string; delegatorId: DelegatorId | undefined } {
  return { nodeId: pool.target.nodeId, delegatorId: pool.target.delegatorId ?? undefined };
}

/** The operation's context, signed by the pool's account: the record operations see the handle's holder. */
export function poolContext(ctx: OperationContext, pool: Pool): OperationContext {
  return { state: ctx.state, signer: pool.account, verifier: ctx.verifier, time: ctx.time, events: ctx.events };
}

/** Moves FLOW that a record operation paid to the pool's account on to `to`. Cannot fail. */
export function passOn(state: LedgerState, pool: Pool, to: AccountId, amount: Amount): void {
  const from = state.accounts.get(pool.account);
  const recipient = state.accounts.get(to);
  if (from === undefined || recipient === undefined) throw new Error(`pool ${pool.id}: missing account`);
  debit(state, from, amount);
  credit(state, recipient, amount);
}

export interface PoolValue {
  /** V = committed + staked + unstaking + unstaked − reserved. */
  readonly value: Amount;
  readonly reserved: Reserved;
  readonly record: Pools;
}

export function poolValue(state: LedgerState, pool: Pool): PoolValue {
  const record = readRecord(state, pool).pools;
  const reserved = reservedOf(pool, state.epochCounter);
  const gross = record.committed + record.staked + record.unstaking + record.unstaked;
  if (gross < reserved.total) {
    throw new Error(`pool ${pool.id}: reserved ${formatAmount(reserved.total)} exceeds the record's principal`);
  }
  return { value: (gross - reserved.total) as Amount, reserved, record };
}

/** ⌊shares × V / totalShares⌋; 0 in a pool without shares. */
export function principalOf(shares: Amount, value: Amount, totalShares: Amount): Amount {
  if (totalShares === 0n) return ZERO;
  return ((shares * value) / totalShares) as Amount;
}

/**
 * Shares minted for a deposit of `amount` at the price before it: ⌊amount × totalShares / V⌋, or `amount` into a
 * pool without shares. Refuses a deposit into a pool whose shares are worth nothing (it would be lost).
 */
export function sharesForDeposit(pool: Pool, value: Amount, amount: Amount): bigint {
  if (pool.totalShares === 0n) return amount;
  if (value === 0n) {
    throw new LedgerError("POOL_HAS_NO_VALUE", `pool ${pool.id} has shares but its principal is worth nothing`, {
      poolId: pool.id,
    });
  }
  return (amount * pool.totalShares) / value;
}

/** Shares burned to take `amount` out: ⌈amount × totalShares / V⌉ (0 for 0). */
export function sharesForWithdrawal(pool: Pool, value: Amount, amount: Amount): Amount {
  if (amount === 0n) return ZERO;
  const numerator = amount * pool.totalShares;
  return ((numerator + value - 1n) / value) as Amount;
}
