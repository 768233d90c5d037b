import { describe, expect, it } from "vitest";
import { apply } from "../operations.js";
import { decodeSnapshot, encodeSnapshot } from "../snapshot.js";
import type { LedgerState } from "../state.js";
import { StateDigest, stateHash } from "../state-hash.js";
import { ALICE, BOB, registerDelegator } from "../test-fixtures.js";
import { decodePools } from "./index.js";
import {
  act,
  amount,
  DAVE,
  ERIN,
  epochWithRewards,
  join,
  leave,
  N1,
  openOp,
  pooledNode,
  quietEpoch,
} from "./test-fixtures.js";

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** Two pools (a node's and a delegator's), members, rewards, a pending fee, cohorts in two places. */
function busyLedger(): LedgerState {
  const ledger = pooledNode({ fee: "0.1", extraLockEpochs: 2 }, "300000");
  const id = registerDelegator(ledger, BOB, N1, "700");
  apply(ledger, BOB, openOp({ fee: "0.05", minimumJoin: "1" }, id));
  join(ledger, DAVE, "1000");
  join(ledger, ERIN, "12.5", 2);
  epochWithRewards(ledger);
  leave(ledger, DAVE, "300");
  act(ledger, ALICE, { op: "set_pool_fee", poolId: 1, fee: amount("0.2") });
  epochWithRewards(ledger);
  leave(ledger, ALICE, "1000");
  act(ledger, ERIN, { op: "withdraw_pool_rewards", poolId: 2 });
  return ledger;
}

describe("pools in snapshots", () => {
  it("round-trip: same state hash, same pools, and the same future", () => {
    const ledger = busyLedger();
    const copy = decodeSnapshot(concat(encodeSnapshot(ledger)));
    expect(stateHash(copy)).toBe(stateHash(ledger));
    expect(copy.pools).toEqual(ledger.pools);
    for (const state of [ledger, copy]) {
      epochWithRewards(state);
      act(state, DAVE, { op: "stake_pool_rewards", poolId: 1 });
      leave(state, DAVE, "100");
    }
    expect(stateHash(copy)).toBe(stateHash(ledger));
  });

  it("a snapshot from before pools decodes to no pools", () => {
    expect(decodePools(undefined)).toEqual({ pools: new Map(), byRecord: new Map(), maxPoolFee: amount("0.5") });
    expect(decodePools({ maxPoolFee: "10000000" }).maxPoolFee).toBe(amount("0.1"));
  });
});

describe("pools in the state hash", () => {
  it("the incremental digest equals the full hash after every pool operation", () => {
    const ledger = pooledNode({ extraLockEpochs: 0 });
    const digest = new StateDigest();
    const check = () => expect(digest.update(ledger)).toBe(stateHash(ledger));
    check();
    join(ledger, DAVE, "1000");
    check();
    epochWithRewards(ledger);
    check();
    act(ledger, DAVE, { op: "stake_pool_rewards", poolId: 1, amount: amount("1") });
    check();
    leave(ledger, DAVE, "1001");
    check();
    quietEpoch(ledger);
    quietEpoch(ledger);
    check();
    act(ledger, DAVE, { op: "withdraw_from_pool", poolId: 1 });
    check();
    act(ledger, DAVE, { op: "withdraw_pool_rewards", poolId: 1 });
    check();
    expect(ledger.pools.pools.get(1)?.members.has(DAVE)).toBe(false);
  });

  it("an epoch with a reward payout marks no member: per-member cost does not grow with members", () => {
    const ledger = pooledNode();
    for (const who of [DAVE, ERIN, BOB]) join(ledger, who, "500");
    new StateDigest().update(ledger);
    epochWithRewards(ledger);
    expect(ledger.changes.poolMembers.size).toBe(0);
  });

  it("a member's change moves the hash; the same change on a copy gives the same hash", () => {
    const one = pooledNode();
    const two = pooledNode();
    join(one, DAVE, "1000");
    expect(stateHash(one)).not.toBe(stateHash(two));
    join(two, DAVE, "1000");
    expect(stateHash(two)).toBe(stateHash(one));
  });
});
