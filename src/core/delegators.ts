/**
 * A node's delegators, stored as columns: one `BigUint64Array` per pool (UFix64 fits exactly in 64 unsigned bits),
 * index i holding delegator ID i + 1. Epoch-wide loops (rewards, token movement, refunds) walk the columns with no
 * allocation per delegator; single operations read a delegator into a plain record, change it, and write it back.
 *
 * A typed array silently wraps values outside [0, 2⁶⁴): every value written here comes from the checked
 * arithmetic of `amount.ts`.
 */
import type { Amount } from "./amount.js";
import type { AccountId, DelegatorId } from "./ids.js";
import type { Pools } from "./state.js";

export const POOL_COLUMNS = ["committed", "staked", "unstaking", "unstaked", "rewarded", "requestedToUnstake"] as const;
export type PoolColumn = (typeof POOL_COLUMNS)[number];

export interface DelegatorTable {
  /** How many delegators exist: IDs 1..count. Records are never deleted, so this is also the ID counter. */
  count: number;
  committed: BigUint64Array;
  staked: BigUint64Array;
  unstaking: BigUint64Array;
  unstaked: BigUint64Array;
  rewarded: BigUint64Array;
  requestedToUnstake: BigUint64Array;
  /** 1 when the delegator is on the moves-pending list (§3.4). */
  movePending: Uint8Array;
  /** The account holding each delegator's handle. */
  owners: AccountId[];
}

/** A copy of one delegator, for single operations: read, change, write back with `writeDelegator`. */
export interface DelegatorRecord extends Pools {
  readonly id: DelegatorId;
  owner: AccountId;
  movePending: boolean;
}

export function createDelegatorTable(capacity = 0): DelegatorTable {
  return {
    count: 0,
    committed: new BigUint64Array(capacity),
    staked: new BigUint64Array(capacity),
    unstaking: new BigUint64Array(capacity),
    unstaked: new BigUint64Array(capacity),
    rewarded: new BigUint64Array(capacity),
    requestedToUnstake: new BigUint64Array(capacity),
    movePending: new Uint8Array(capacity),
    owners: [],
  };
}

function grow(table: DelegatorTable, capacity: number): void {
  for (const column of POOL_COLUMNS) {
    const larger = new BigUint64Array(capacity);
    larger.set(table[column]);
    table[column] = larger;
  }
  const pending = new Uint8Array(capacity);
  pending.set(table.movePending);
  table.movePending = pending;
}

/** Adds a delegator with empty pools; returns its ID (the new count). */
export function appendDelegator(table: DelegatorTable, owner: AccountId): DelegatorId {
  if (table.count === table.committed.length) grow(table, Math.max(4, table.count * 2));
  table.owners.push(owner);
  table.count += 1;
  return table.count;
}

export function hasDelegator(table: DelegatorTable, id: DelegatorId): boolean {
  return Number.isInteger(id) && id >= 1 && id <= table.count;
}

/** The delegator with this ID as a plain record; the caller checked `hasDelegator`. */
export function readDelegator(table: DelegatorTable, id: DelegatorId): DelegatorRecord {
  const i = id - 1;
  return {
    id,
    committed: table.committed[i] as Amount,
    staked: table.staked[i] as Amount,
    unstaking: table.unstaking[i] as Amount,
    unstaked: table.unstaked[i] as Amount,
    rewarded: table.rewarded[i] as Amount,
    requestedToUnstake: table.requestedToUnstake[i] as Amount,
    owner: table.owners[i] as AccountId,
    movePending: table.movePending[i] === 1,
  };
}

export function writeDelegator(table: DelegatorTable, record: DelegatorRecord): void {
  const i = record.id - 1;
  table.committed[i] = record.committed;
  table.staked[i] = record.staked;
  table.unstaking[i] = record.unstaking;
  table.unstaked[i] = record.unstaked;
  table.rewarded[i] = record.rewarded;
  table.requestedToUnstake[i] = record.requestedToUnstake;
  table.owners[i] = record.owner;
  table.movePending[i] = record.movePending ? 1 : 0;
}

/** Every delegator as a record, in ID order. For queries and tests, not for epoch-wide loops. */
export function* delegatorRecords(table: DelegatorTable): Generator<DelegatorRecord> {
  for (let id = 1; id <= table.count; id++) yield readDelegator(table, id);
}
