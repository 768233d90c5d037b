import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Amount, add, parseAmount, sub, ZERO } from "../amount.js";
import { checkInvariants } from "../invariants.js";
import { apply } from "../operations.js";
import { runQuery } from "../queries.js";
import {
  admin,
  BOB,
  CAROL,
  delegatorOf,
  endEpochWithRewards,
  nodeId,
  nodeOf,
  pools,
  poolsOf,
  registerDelegator,
  registerNode,
} from "../test-fixtures.js";
import { recordLosses } from "./fine.js";
import { ACCUSED, openCase, slashingWorld, vote } from "./test-world.js";

const amount = parseAmount;
const [C1, C2, C3] = [nodeId(1), nodeId(2), nodeId(3)];
const Q = "0.33333333";

/**
 * Epoch 2 of a world whose accused (role 1) holds every kind of token: staked 400,000.12345678, unstaking 100,000,
 * requested 50,000.00000001, committed 10 and rewards from epoch 1; delegators d1 (staked 800, unstaking 200),
 * d2 (staked 2,000.5, requested 0.5), d3 (staked 50) and d4 (only committed 100).
 */
function epochTwo(slashDelegators = true) {
  const world = slashingWorld({ accusedStake: "500000.12345678", accusedDelegators: ["1000", "2000.5", "50"] });
  const { ledger } = world;
  apply(ledger, BOB, { op: "request_unstaking", nodeId: ACCUSED, amount: amount("100000") });
  apply(ledger, CAROL, { op: "request_unstaking", nodeId: ACCUSED, delegatorId: 1, amount: amount("200") });
  endEpochWithRewards(ledger, [C1, C2, C3, ACCUSED]);
  apply(ledger, BOB, { op: "request_unstaking", nodeId: ACCUSED, amount: amount("50000.00000001") });
  apply(ledger, BOB, { op: "stake_new_tokens", nodeId: ACCUSED, amount: amount("10") });
  apply(ledger, CAROL, { op: "request_unstaking", nodeId: ACCUSED, delegatorId: 2, amount: amount("0.5") });
  registerDelegator(ledger, CAROL, ACCUSED, "100");
  admin(ledger, { op: "set_slashing_params", maxSlashFraction: amount("1"), caseEpochs: 2, slashDelegators });
  return world;
}

function adjudicate(fine: string, slashDelegators = true) {
  const world = epochTwo(slashDelegators);
  const { ledger } = world;
  const id = openCase(ledger, C1, ACCUSED, fine);
  const node = nodeOf(ledger, ACCUSED);
  const before = {
    node: poolsOf(node),
    delegators: [1, 2, 3, 4].map((d) => poolsOf(delegatorOf(ledger, ACCUSED, d))),
    rewarded: node.rewarded,
    supply: ledger.totalSupply,
    role1: ledger.totalStakedByRole[1],
    role2: ledger.totalStakedByRole[2],
  };
  vote(ledger, id, C1);
  vote(ledger, id, C2);
  const applied = vote(ledger, id, C3);
  return { ...world, id, before, applied };
}

describe("the fine", () => {
  it("takes ⌊x × q⌋ of staked and unstaking, shrinks the request, burns it all: node and delegators pro rata", () => {
    const { ledger, id, before, applied } = adjudicate(Q);
    const node = nodeOf(ledger, ACCUSED);
    // 400,000.12345678 × 0.33333333 = 133,333.3731522558… → 133,333.37315225; 100,000 × q = 33,333.333;
    // the request 50,000.00000001 − ⌊16,666.6665000033…⌋ = 33,333.33350001 ≤ the new staked 266,666.75030453.
    expect(poolsOf(node)).toEqual({
      ...before.node,
      staked: "266666.75030453",
      unstaking: "66666.66700000",
      requestedToUnstake: "33333.33350001",
    });
    expect(node.rewarded).toBe(before.rewarded);
    expect(before.node.committed).toBe("10.00000000");
    expect(poolsOf(delegatorOf(ledger, ACCUSED, 1))).toEqual({
      ...before.delegators[0],
      staked: "533.33333600",
      unstaking: "133.33333400",
    });
    expect(poolsOf(delegatorOf(ledger, ACCUSED, 2))).toEqual({
      ...before.delegators[1],
      staked: "1333.66667334",
      requestedToUnstake: "0.33333334",
    });
    expect(poolsOf(delegatorOf(ledger, ACCUSED, 3))).toEqual({ ...before.delegators[2], staked: "33.33333350" });
    expect(poolsOf(delegatorOf(ledger, ACCUSED, 4))).toEqual(pools({ committed: "100" }));

    const n = ACCUSED;
    expect(applied.events).toEqual([
      { type: "SlashingVoteCast", caseId: id, voter: C3, vote: "yes" },
      {
        type: "NodeSlashed",
        caseId: id,
        nodeID: n,
        fromStaked: amount("133333.37315225"),
        fromRequested: amount("16666.6665"),
        fromUnstaking: amount("33333.333"),
        amount: amount("166666.70615225"),
      },
      {
        type: "DelegatorSlashed",
        caseId: id,
        nodeID: n,
        delegatorID: 1,
        fromStaked: amount("266.666664"),
        fromRequested: ZERO,
        fromUnstaking: amount("66.666666"),
        amount: amount("333.33333"),
      },
      {
        type: "DelegatorSlashed",
        caseId: id,
        nodeID: n,
        delegatorID: 2,
        fromStaked: amount("666.83332666"),
        fromRequested: amount("0.16666666"),
        fromUnstaking: ZERO,
        amount: amount("666.83332666"),
      },
      {
        type: "DelegatorSlashed",
        caseId: id,
        nodeID: n,
        delegatorID: 3,
        fromStaked: amount("16.6666665"),
        fromRequested: ZERO,
        fromUnstaking: ZERO,
        amount: amount("16.6666665"),
      },
      { type: "SlashingCaseAdjudicated", caseId: id, accused: n, totalBurned: amount("167683.53947541") },
    ]);
    // Staked taken: 133,333.37315225 + 266.666664 + 666.83332666 + 16.6666665 = 134,283.53980941.
    expect(ledger.totalStakedByRole[1]).toBe(sub(before.role1, amount("134283.53980941")));
    expect(ledger.totalStakedByRole[2]).toBe(before.role2);
    expect(ledger.totalSupply).toBe(sub(before.supply, amount("167683.53947541")));
    expect(checkInvariants(ledger)).toEqual([]);
    expect(runQuery(ledger, { query: "slashing_case", caseId: id })).toMatchObject({
      status: "adjudicated",
      totalBurned: amount("167683.53947541"),
      closedEpoch: 2,
    });
  });

  it("with slashDelegators off, only the node pays", () => {
    const { ledger, id, before, applied } = adjudicate(Q, false);
    expect(applied.events.map((e) => e.type)).toEqual(["SlashingVoteCast", "NodeSlashed", "SlashingCaseAdjudicated"]);
    expect(applied.events.at(-1)).toEqual({
      type: "SlashingCaseAdjudicated",
      caseId: id,
      accused: ACCUSED,
      totalBurned: amount("166666.70615225"),
    });
    expect([1, 2, 3, 4].map((d) => poolsOf(delegatorOf(ledger, ACCUSED, d)))).toEqual(before.delegators);
    expect(ledger.totalStakedByRole[1]).toBe(sub(before.role1, amount("133333.37315225")));
    expect(ledger.totalSupply).toBe(sub(before.supply, amount("166666.70615225")));
    expect(checkInvariants(ledger)).toEqual([]);
  });

  it("q = 1 (the maximum allows it) takes exactly the stake and no more: committed, unstaked and rewarded stay", () => {
    const { ledger, before, applied } = adjudicate("1");
    const node = nodeOf(ledger, ACCUSED);
    expect(poolsOf(node)).toEqual({
      ...before.node,
      staked: "0.00000000",
      unstaking: "0.00000000",
      requestedToUnstake: "0.00000000",
    });
    for (const d of [1, 2, 3]) {
      expect(poolsOf(delegatorOf(ledger, ACCUSED, d))).toEqual({
        ...before.delegators[d - 1],
        staked: "0.00000000",
        unstaking: "0.00000000",
        requestedToUnstake: "0.00000000",
      });
    }
    // Everything staked or unstaking: 400,000.12345678 + 100,000 + 800 + 200 + 2,000.5 + 50.
    const burned = amount("503050.62345678");
    expect(applied.events.at(-1)).toMatchObject({ type: "SlashingCaseAdjudicated", totalBurned: burned });
    expect(ledger.totalStakedByRole[1]).toBe(ZERO);
    expect(ledger.totalSupply).toBe(sub(before.supply, burned));
    expect(checkInvariants(ledger)).toEqual([]);
  });

  it("the default maximum, 0.5, halves the stake", () => {
    const { ledger } = slashingWorld({ accusedStake: "300000.00000001", accusedDelegators: ["1000.00000001"] });
    admin(ledger, { op: "end_staking_auction" });
    const id = openCase(ledger, C1, ACCUSED, "0.5");
    for (const voter of [C1, C2, C3]) vote(ledger, id, voter);
    expect(nodeOf(ledger, ACCUSED).staked).toBe(amount("150000.00000001"));
    expect(delegatorOf(ledger, ACCUSED, 1).staked).toBe(amount("500.00000001"));
    expect(runQuery(ledger, { query: "slashing_case", caseId: id })).toMatchObject({
      totalBurned: amount("150500"),
    });
  });

  it("a node with nothing to lose still gets NodeSlashed (all zero) and the case is adjudicated, burning nothing", () => {
    const { ledger } = slashingWorld();
    const newcomer = registerNode(ledger, BOB, 20, 4, "135000");
    const supply = ledger.totalSupply;
    const id = openCase(ledger, C1, newcomer);
    vote(ledger, id, C1);
    vote(ledger, id, C2);
    expect(vote(ledger, id, C3).events.slice(1)).toEqual([
      {
        type: "NodeSlashed",
        caseId: id,
        nodeID: newcomer,
        fromStaked: ZERO,
        fromRequested: ZERO,
        fromUnstaking: ZERO,
        amount: ZERO,
      },
      { type: "SlashingCaseAdjudicated", caseId: id, accused: newcomer, totalBurned: ZERO },
    ]);
    expect(ledger.totalSupply).toBe(supply);
    expect(nodeOf(ledger, newcomer).committed).toBe(amount("135000"));
  });

  it("a slashed consensus node weighs less in later tallies, and its role total drops", () => {
    const { ledger } = slashingWorld({ consensus: ["500000", "500000", "500000", "500000"] });
    const id = openCase(ledger, C1, nodeId(4), "0.5");
    for (const voter of [C1, C2, C3]) vote(ledger, id, voter);
    expect(ledger.totalStakedByRole[2]).toBe(amount("1750000"));
    const next = openCase(ledger, C1, ACCUSED);
    expect(runQuery(ledger, { query: "slashing_case", caseId: next })).toMatchObject({
      totalStake: amount("1750000"),
    });
    expect(checkInvariants(ledger)).toEqual([]);
  });
});

describe("pooled records", () => {
  it("each pooled record that loses something is followed by its pool's PoolSlashed", () => {
    const { ledger } = slashingWorld({ accusedDelegators: ["1000", "2000"] });
    const pool = { fee: amount("0.1"), minimumJoin: amount("10"), extraLockEpochs: 0 };
    apply(ledger, BOB, { op: "open_pool", nodeId: ACCUSED, ...pool });
    apply(ledger, CAROL, { op: "open_pool", nodeId: ACCUSED, delegatorId: 2, ...pool });
    const id = openCase(ledger, C1, ACCUSED);
    vote(ledger, id, C1);
    vote(ledger, id, C2);
    const events = vote(ledger, id, C3).events;
    expect(events.map((e) => (e.type === "DelegatorSlashed" ? `${e.type} ${e.delegatorID}` : e.type))).toEqual([
      "SlashingVoteCast",
      "NodeSlashed",
      "PoolSlashed",
      "DelegatorSlashed 1",
      "DelegatorSlashed 2",
      "PoolSlashed",
      "SlashingCaseAdjudicated",
    ]);
    expect(events.filter((e) => e.type === "PoolSlashed")).toEqual([
      { type: "PoolSlashed", poolId: 1, caseId: id, fromMembers: amount("30000"), fromLeavers: ZERO },
      { type: "PoolSlashed", poolId: 2, caseId: id, fromMembers: amount("200"), fromLeavers: ZERO },
    ]);
    expect(checkInvariants(ledger)).toEqual([]);
  });
});

describe("recordLosses", () => {
  const units = (n: bigint) => n as Amount;

  it("clamps the request to the new staked amount (a state the invariants exclude, but the rule is the spec's)", () => {
    const losses = recordLosses(amount("10"), ZERO, amount("11"), amount("0.5"));
    expect(losses).toEqual({
      fromStaked: amount("5"),
      fromRequested: amount("6"),
      fromUnstaking: ZERO,
      staked: amount("5"),
      unstaking: ZERO,
      requested: amount("5"),
    });
  });

  it("never takes more than there is; the request stays covered; the requested part is part of fromStaked", () => {
    const max = 0xffff_ffff_ffff_ffffn;
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max }),
        fc.bigInt({ min: 0n, max }),
        fc.bigInt({ min: 0n, max: 100_000_000n }),
        fc.bigInt({ min: 0n, max: 100_000_000n }),
        (staked, unstaking, requestPart, q) => {
          const requested = (staked * requestPart) / 100_000_000n;
          const l = recordLosses(units(staked), units(unstaking), units(requested), units(q));
          expect(l.fromStaked).toBeLessThanOrEqual(staked);
          expect(l.fromUnstaking).toBeLessThanOrEqual(unstaking);
          expect(l.fromRequested).toBeLessThanOrEqual(l.fromStaked);
          expect(l.requested).toBeLessThanOrEqual(l.staked);
          expect(add(l.staked, l.fromStaked)).toBe(staked);
          expect(add(l.unstaking, l.fromUnstaking)).toBe(unstaking);
          expect(add(l.requested, l.fromRequested)).toBe(requested);
          if (q === 100_000_000n) expect([l.staked, l.unstaking, l.requested]).toEqual([0n, 0n, 0n]);
        },
      ),
    );
  });
});
