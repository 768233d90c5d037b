import { describe, expect, it } from "vitest";
import { type Amount, sub } from "../amount.js";
import { EventLog } from "../events.js";
import { checkInvariants } from "../invariants.js";
import { apply } from "../operations.js";
import { runQuery } from "../queries.js";
import { ACCUSED, isAdjudicated, openCase, slashingWorld, vote } from "../slashing/test-world.js";
import { ALICE, BOB, CAROL, endEpoch, nodeOf, registerNode } from "../test-fixtures.js";
import { onRecordSlashed } from "./slash.js";
import { amount, DAVE, join, leave, N1, openOp, pool, pooledNode, quietEpoch } from "./test-fixtures.js";

describe("onRecordSlashed", () => {
  it("takes the slash off cohort E (requested) and cohort E − 1 (unstaking) pro rata; the rest falls on V", () => {
    const ledger = pooledNode({ extraLockEpochs: 0 });
    join(ledger, DAVE, "1000");
    quietEpoch(ledger); // epoch 2: 251000 staked
    leave(ledger, DAVE, "1000"); // cohort "2": requested now, unstaking in epoch 3
    quietEpoch(ledger); // epoch 3
    leave(ledger, ALICE, "10000"); // cohort "3"
    const node = nodeOf(ledger, N1);
    expect([node.staked, node.unstaking, node.requestedToUnstake]).toEqual([
      amount("250000"),
      amount("1000"),
      amount("10000"),
    ]);
    // A slash of 25%, as the slashing engine applies it.
    const losses = { fromStaked: amount("62500"), fromRequested: amount("2500"), fromUnstaking: amount("250") };
    node.staked = sub(node.staked, losses.fromStaked);
    node.unstaking = sub(node.unstaking, losses.fromUnstaking);
    node.requestedToUnstake = sub(node.requestedToUnstake, losses.fromRequested);
    ledger.totalStakedByRole[1] = sub(ledger.totalStakedByRole[1], losses.fromStaked);
    ledger.totalSupply = sub(ledger.totalSupply, amount("62750"));
    const events = new EventLog();
    onRecordSlashed(ledger, events, node, null, losses, 7);
    expect(events.toArray()).toEqual([
      { type: "PoolSlashed", poolId: 1, caseId: 7, fromMembers: amount("60000"), fromLeavers: amount("2750") },
    ]);
    expect([...pool(ledger).cohorts.values()].map((c) => [c.key, c.value])).toEqual([
      ["2", amount("750")],
      ["3", amount("7500")],
    ]);
    // V: 240000 before, 180000 after — every member lost 25%, and every leaver too.
    expect(runQuery(ledger, { query: "pool_info", poolId: 1 })).toMatchObject({ value: amount("180000") });
    expect(checkInvariants(ledger)).toEqual([]);
  });

  it("truncates each cohort's loss, so the rest of the position never goes negative", () => {
    const ledger = pooledNode();
    leave(ledger, ALICE, "0.00000003"); // cohort "1": 3 units of the 250000 staked
    const node = nodeOf(ledger, N1);
    // q = 0.5: ⌊staked × q⌋ = 125000; requested 3 → ⌊1.5⌋ = 1 taken.
    const losses = { fromStaked: amount("125000"), fromRequested: 1n as Amount, fromUnstaking: amount("0") };
    node.staked = sub(node.staked, losses.fromStaked);
    node.requestedToUnstake = sub(node.requestedToUnstake, losses.fromRequested);
    ledger.totalStakedByRole[1] = sub(ledger.totalStakedByRole[1], losses.fromStaked);
    ledger.totalSupply = sub(ledger.totalSupply, losses.fromStaked);
    onRecordSlashed(ledger, new EventLog(), node, null, losses, 1);
    // ⌊3 × 1 / 3⌋ = 1: the cohort keeps 2 units, exactly what is still requested.
    expect([...pool(ledger).cohorts.values()][0]?.value).toBe(2n);
    expect(checkInvariants(ledger)).toEqual([]);
  });

  it("does nothing for a record no pool holds", () => {
    const ledger = pooledNode();
    const events = new EventLog();
    const other = nodeOf(ledger, registerNode(ledger, BOB, 2, 1, "250000"));
    const nothing = { fromStaked: amount("0"), fromRequested: amount("0"), fromUnstaking: amount("0") };
    onRecordSlashed(ledger, events, other, null, nothing, 1);
    onRecordSlashed(ledger, events, nodeOf(ledger, N1), 1, nothing, 1);
    expect(events.length).toBe(0);
  });
});

describe("a pool slashed through an adjudicated case", () => {
  it("members and leavers lose the same fraction; a later leaver joins the cohort without sharing its past loss", () => {
    const { ledger, consensus } = slashingWorld({ accusedStake: "300000" });
    apply(ledger, BOB, { ...openOp({ fee: "0", minimumJoin: "0", extraLockEpochs: 0 }), nodeId: ACCUSED });
    join(ledger, CAROL, "10000");
    // Bob leaves 30000: Carol's 10000 committed first (ready now), then 20000 staked (cohort "1").
    leave(ledger, BOB, "30000");
    const caseId = openCase(ledger, consensus[0] ?? ACCUSED, ACCUSED, "0.1");
    let adjudicated: ReturnType<typeof vote> | undefined;
    for (const voter of consensus) {
      if (adjudicated !== undefined) break;
      const cast = vote(ledger, caseId, voter);
      if (isAdjudicated(cast)) adjudicated = cast;
    }
    expect(adjudicated).toBeDefined();
    const slashed = (adjudicated?.events ?? []).filter((e) => e.type === "PoolSlashed");
    // staked 300000 loses 30000; requested 20000 loses 2000, all of it cohort "1"'s.
    expect(slashed).toEqual([
      { type: "PoolSlashed", poolId: 1, caseId, fromMembers: amount("28000"), fromLeavers: amount("2000") },
    ]);
    // V = 270000 + 10000 unstaked − (10000 + 18000) reserved = 252000 = 280000 × 0.9.
    expect(runQuery(ledger, { query: "pool_member", poolId: 1, account: CAROL })).toMatchObject({
      principal: amount("9000"),
    });
    // Carol leaves 900 (burning ⌈900 × 280000 / 252000⌉ = 1000 shares): 1000 units in the slashed cohort.
    leave(ledger, CAROL, "900");
    const cohort = [...pool(ledger).cohorts.values()].find((c) => c.key === "1");
    expect(cohort).toMatchObject({ nominal: amount("21000"), value: amount("18900") });
    expect(runQuery(ledger, { query: "pool_member", poolId: 1, account: CAROL })).toMatchObject({
      tickets: [{ cohort: "1", units: amount("1000"), value: amount("900"), readyEpoch: 3 }],
    });
    expect(runQuery(ledger, { query: "pool_member", poolId: 1, account: BOB })).toMatchObject({
      tickets: [
        { cohort: "immediate@1", value: amount("10000"), readyEpoch: 1 },
        { cohort: "1", units: amount("20000"), value: amount("18000"), readyEpoch: 3 },
      ],
    });
    expect(checkInvariants(ledger)).toEqual([]);
    endEpoch(ledger, [...consensus, ACCUSED]);
    endEpoch(ledger, [...consensus, ACCUSED]);
    const paid = apply(ledger, BOB, { op: "withdraw_from_pool", poolId: 1 }).events;
    expect(paid.at(-1)).toMatchObject({ type: "PoolWithdrawn", amount: amount("28000"), tickets: 2 });
    const last = apply(ledger, CAROL, { op: "withdraw_from_pool", poolId: 1 }).events;
    expect(last.at(-1)).toMatchObject({ type: "PoolWithdrawn", amount: amount("900"), tickets: 1 });
    expect(pool(ledger).cohorts.size).toBe(0);
    expect(checkInvariants(ledger)).toEqual([]);
  });
});
