/**
 * Pools: the entry points the rest of the core calls (operations, queries, events, the reward and slash hooks,
 * invariants, snapshot and digest). docs/pools-and-slashing.md is the specification; each concern has its file:
 * open.ts, membership.ts (join, leave, withdraw), rewards.ts (distribution, claims, fees), fees.ts (the service
 * fee), cohorts.ts, slash.ts, queries.ts, persistence.ts, digest.ts, invariants.ts.
 */
import type { Amount } from "../amount.js";
import type { OperationContext } from "../context.js";
import type { AccountId } from "../ids.js";
import type { LedgerState } from "../state.js";
import { setMaxPoolFee, setPoolFee } from "./fees.js";
import { joinPool, leavePool, withdrawFromPool } from "./membership.js";
import { openPool } from "./open.js";
import { decodePoolsState, encodePoolsState } from "./persistence.js";
import type { PoolOperation } from "./read.js";
import { stakePoolRewards, withdrawPoolFees, withdrawPoolRewards } from "./rewards.js";
import type { PoolId, PoolsState } from "./types.js";

export { poolMemberDigestText, poolsDigestText } from "./digest.js";
export { POOL_EVENT_TYPES, type PoolEvent, type TicketMade } from "./events.js";
export { poolInvariants } from "./invariants.js";
export {
  type CohortInfo,
  POOL_QUERY_NAMES,
  type PoolInfo,
  type PoolMemberInfo,
  type PoolQuery,
  type PoolQueryValue,
  runPoolQuery,
  type TicketInfo,
} from "./queries.js";
export { MAX_EXTRA_LOCK_EPOCHS, type PoolOperation, readPoolOperation, readPoolQuery } from "./read.js";
export { distributePoolRewards } from "./rewards.js";
export { onRecordSlashed, type RecordLosses } from "./slash.js";
export type { Cohort, Pool, PoolId, PoolMember, PoolsState, PoolTarget, Ticket } from "./types.js";

export const DEFAULT_MAX_POOL_FEE = 50_000_000n as Amount; // 0.5

export const POOL_OPERATIONS = [
  "open_pool",
  "join_pool",
  "leave_pool",
  "withdraw_from_pool",
  "stake_pool_rewards",
  "withdraw_pool_rewards",
  "withdraw_pool_fees",
  "set_pool_fee",
  "set_max_pool_fee",
] as const satisfies readonly PoolOperation["op"][];

/** Pool operations only the staking admin may run. */
export const POOL_ADMIN_OPERATIONS = ["set_max_pool_fee"] as const satisfies readonly PoolOperation["op"][];

export function createPoolsState(): PoolsState {
  return { pools: new Map(), byRecord: new Map(), maxPoolFee: DEFAULT_MAX_POOL_FEE };
}

export function isPoolOperationName(name: string): name is PoolOperation["op"] {
  return (POOL_OPERATIONS as readonly string[]).includes(name);
}

/** Runs a pool operation (the admin check of `set_max_pool_fee` is the dispatcher's). */
export function applyPoolOperation(
  ctx: OperationContext,
  operation: PoolOperation,
): { poolId: PoolId; address: AccountId } | null {
  switch (operation.op) {
    case "open_pool":
      return openPool(ctx, operation);
    case "join_pool":
      return joinPool(ctx, operation);
    case "leave_pool":
      return leavePool(ctx, operation);
    case "withdraw_from_pool":
      return withdrawFromPool(ctx, operation);
    case "stake_pool_rewards":
      return stakePoolRewards(ctx, operation);
    case "withdraw_pool_rewards":
      return withdrawPoolRewards(ctx, operation);
    case "withdraw_pool_fees":
      return withdrawPoolFees(ctx, operation);
    case "set_pool_fee":
      return setPoolFee(ctx, operation);
    case "set_max_pool_fee":
      return setMaxPoolFee(ctx, operation);
  }
}

/** The pools as JSON-ready data for snapshots, and back. */
export function encodePools(state: LedgerState): unknown {
  return encodePoolsState(state.pools);
}

export function decodePools(value: unknown): PoolsState {
  return decodePoolsState(value, DEFAULT_MAX_POOL_FEE);
}
