/**
 * Pools: the entry points the rest of the core calls (operations, queries, events, the reward and slash hooks,
 * invariants, snapshot and digest). docs/pools-and-slashing.md is the specification.
 */
import type { Amount } from "../amount.js";
import type { Arguments } from "../arguments.js";
import type { OperationContext } from "../context.js";
import type { RewardsSummary } from "../epoch/rewards.js";
import { LedgerError } from "../errors.js";
import type { EventLog } from "../events.js";
import type { AccountId, DelegatorId, NodeId } from "../ids.js";
import type { InvariantViolation } from "../invariants.js";
import type { LedgerState, NodeRecord } from "../state.js";
import type { PoolId, PoolsState } from "./types.js";

export type { Pool, PoolId, PoolMember, PoolsState, PoolTarget } from "./types.js";

export const DEFAULT_MAX_POOL_FEE = 50_000_000n as Amount; // 0.5

export type PoolOperation =
  | {
      op: "open_pool";
      nodeId: string;
      delegatorId?: DelegatorId | undefined;
      fee: Amount;
      minimumJoin: Amount;
      extraLockEpochs: number;
    }
  | { op: "join_pool"; poolId: PoolId; amount: Amount }
  | { op: "leave_pool"; poolId: PoolId; amount: Amount }
  | { op: "withdraw_from_pool"; poolId: PoolId }
  | { op: "stake_pool_rewards"; poolId: PoolId; amount?: Amount | undefined }
  | { op: "withdraw_pool_rewards"; poolId: PoolId; amount?: Amount | undefined }
  | { op: "withdraw_pool_fees"; poolId: PoolId; amount?: Amount | undefined }
  | { op: "set_pool_fee"; poolId: PoolId; fee: Amount }
  | { op: "set_max_pool_fee"; value: Amount };

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

export type PoolEvent = { type: "PoolOpened"; poolId: PoolId; account: AccountId; operator: AccountId; nodeID: NodeId };

export const POOL_EVENT_TYPES = ["PoolOpened"] as const satisfies readonly PoolEvent["type"][];

export type PoolQuery =
  | { query: "pool_info"; poolId: PoolId }
  | { query: "pool_member"; poolId: PoolId; account: AccountId };

export const POOL_QUERY_NAMES = ["pool_info", "pool_member"] as const satisfies readonly PoolQuery["query"][];

export function createPoolsState(): PoolsState {
  return { pools: new Map(), byRecord: new Map(), maxPoolFee: DEFAULT_MAX_POOL_FEE };
}

export function isPoolOperationName(name: string): name is PoolOperation["op"] {
  return (POOL_OPERATIONS as readonly string[]).includes(name);
}

export function readPoolOperation(type: PoolOperation["op"], _a: Arguments): PoolOperation {
  throw new LedgerError("UNKNOWN_TRANSACTION_TYPE", `pool operation ${type} is not available yet`, { type });
}

export function applyPoolOperation(_ctx: OperationContext, operation: PoolOperation): unknown {
  throw new LedgerError("UNKNOWN_TRANSACTION_TYPE", `pool operation ${operation.op} is not available yet`);
}

export function readPoolQuery(name: PoolQuery["query"], _a: Arguments): PoolQuery {
  throw new LedgerError("INVALID_ARGUMENT", `pool query ${name} is not available yet`, { field: "query" });
}

export function runPoolQuery(_state: LedgerState, query: PoolQuery): unknown {
  throw new LedgerError("INVALID_ARGUMENT", `pool query ${query.query} is not available yet`, { field: "query" });
}

/** After `payRewards`: each pool splits what its record received (O(pools)). */
export function distributePoolRewards(
  _state: LedgerState,
  _events: EventLog,
  _summary: RewardsSummary,
  _epochCounter: number,
): void {}

/** What a slash took from a record: from staked (of which `fromRequested` was requested to unstake) and unstaking. */
export interface RecordLosses {
  fromStaked: Amount;
  fromRequested: Amount;
  fromUnstaking: Amount;
}

/** After a slash of a record: the pool holding it (if any) moves its cohorts (O(1)). */
export function onRecordSlashed(
  _state: LedgerState,
  _events: EventLog,
  _node: NodeRecord,
  _delegatorId: DelegatorId | null,
  _losses: RecordLosses,
  _caseId: number,
): void {}

export function poolInvariants(_state: LedgerState): InvariantViolation[] {
  return [];
}

/** The pools as JSON-ready data for snapshots, and back. */
export function encodePools(state: LedgerState): unknown {
  return { maxPoolFee: state.pools.maxPoolFee.toString() };
}

export function decodePools(value: unknown): PoolsState {
  const data = value as { maxPoolFee?: string } | undefined;
  return { ...createPoolsState(), maxPoolFee: BigInt(data?.maxPoolFee ?? DEFAULT_MAX_POOL_FEE) as Amount };
}

/** Lines of the state hash's global part describing the pools. */
export function poolsDigestText(state: LedgerState): string {
  return `pools ${state.pools.maxPoolFee} ${state.pools.pools.size}\n`;
}
