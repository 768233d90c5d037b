/**
 * Builders for the pools' unit tests: a ledger with a staked node run as pool 1, and short ways to act on pools.
 * Test-only and runner-free, like ../test-fixtures.ts.
 */
import { type Amount, parseAmount } from "../amount.js";
import type { LedgerEvent } from "../events.js";
import { type AccountId, asAccountId, type NodeId } from "../ids.js";
import { type Applied, apply } from "../operations.js";
import type { LedgerState } from "../state.js";
import { ALICE, admin, endEpoch, newLedger, nodeId, registerNode } from "../test-fixtures.js";
import type { PoolOperation } from "./read.js";
import type { Pool, PoolMember } from "./types.js";

export const amount = parseAmount;

export const DAVE = asAccountId("dave");
export const ERIN = asAccountId("erin");
/** The address of the first account the ledger creates: pool 1's. */
export const POOL_ACCOUNT = asAccountId("0000000000000001");
export const N1: NodeId = nodeId(1);

/** Alice's node 1 (role 1, `stake` staked for one epoch, auction open again, epoch 1); no pool yet. */
export function stakedNode(stake = "250000.0"): LedgerState {
  const ledger = newLedger({
    accounts: [
      [asAccountId("admin"), amount("0")],
      [ALICE, amount("100000000.0")],
      [asAccountId("bob"), amount("100000000.0")],
      [asAccountId("carol"), amount("100000000.0")],
      [DAVE, amount("1000000.0")],
      [ERIN, amount("1000000.0")],
    ],
    epochTokenPayout: amount("1000.0"),
  });
  registerNode(ledger, ALICE, 1, 1, stake);
  endEpoch(ledger, [N1]);
  return ledger;
}

export interface PoolSettings {
  fee?: string;
  minimumJoin?: string;
  extraLockEpochs?: number;
}

export function openOp(settings: PoolSettings = {}, delegatorId?: number): Extract<PoolOperation, { op: "open_pool" }> {
  return {
    op: "open_pool",
    nodeId: N1,
    delegatorId,
    fee: amount(settings.fee ?? "0.1"),
    minimumJoin: amount(settings.minimumJoin ?? "100.0"),
    extraLockEpochs: settings.extraLockEpochs ?? 1,
  };
}

/** `stakedNode()` with Alice's node opened as pool 1 (fee 0.1, minimum 100, extra lock 1 unless told). */
export function pooledNode(settings: PoolSettings = {}, stake?: string): LedgerState {
  const ledger = stakedNode(stake);
  apply(ledger, ALICE, openOp(settings));
  return ledger;
}

export function pool(ledger: LedgerState, id = 1): Pool {
  const found = ledger.pools.pools.get(id);
  if (found === undefined) throw new Error(`test setup: no pool ${id}`);
  return found;
}

export function member(ledger: LedgerState, account: AccountId, id = 1): PoolMember {
  const found = pool(ledger, id).members.get(account);
  if (found === undefined) throw new Error(`test setup: ${account} is not a member of pool ${id}`);
  return found;
}

export function act(ledger: LedgerState, signer: AccountId, operation: PoolOperation): Applied {
  return apply(ledger, signer, operation);
}

export function join(ledger: LedgerState, signer: AccountId, value: string, poolId = 1): LedgerEvent[] {
  return apply(ledger, signer, { op: "join_pool", poolId, amount: amount(value) }).events;
}

export function leave(ledger: LedgerState, signer: AccountId, value: string, poolId = 1): LedgerEvent[] {
  return apply(ledger, signer, { op: "leave_pool", poolId, amount: amount(value) }).events;
}

/** Ends the auction with node 1 approved, pays rewards, moves tokens: the epoch counter goes up by one. */
export function epochWithRewards(ledger: LedgerState, approved: readonly NodeId[] = [N1]): LedgerEvent[] {
  admin(ledger, { op: "end_staking", nodeIds: [...approved] });
  const paid = admin(ledger, { op: "pay_rewards" }).events;
  admin(ledger, { op: "move_tokens" });
  return paid;
}

/** Ends the epoch without rewards (set approved, end auction, move tokens). */
export function quietEpoch(ledger: LedgerState, approved: readonly NodeId[] = [N1]): void {
  endEpoch(ledger, approved);
}

export function events<T extends LedgerEvent["type"]>(
  list: readonly LedgerEvent[],
  type: T,
): Extract<LedgerEvent, { type: T }>[] {
  return list.filter((e): e is Extract<LedgerEvent, { type: T }> => e.type === type);
}

export function units(value: string): Amount {
  return amount(value);
}
