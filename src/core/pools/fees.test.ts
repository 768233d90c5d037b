import { describe, expect, it } from "vitest";
import { runQuery } from "../queries.js";
import { ADMIN, ALICE, admin, refusal } from "../test-fixtures.js";
import {
  act,
  amount,
  DAVE,
  epochWithRewards,
  events,
  join,
  N1,
  openOp,
  pool,
  pooledNode,
  quietEpoch,
  stakedNode,
} from "./test-fixtures.js";

function setFee(ledger: ReturnType<typeof pooledNode>, fee: string) {
  return act(ledger, ALICE, { op: "set_pool_fee", poolId: 1, fee: amount(fee) }).events;
}

describe("set_pool_fee", () => {
  it("a decrease takes effect at once", () => {
    const ledger = pooledNode({ fee: "0.2" });
    expect(setFee(ledger, "0.05")).toEqual([
      { type: "PoolFeeChanged", poolId: 1, previousFee: amount("0.2"), fee: amount("0.05") },
    ]);
    const paid = epochWithRewards(ledger);
    expect(events(paid, "PoolRewardsDistributed")[0]).toMatchObject({ reward: amount("1000"), fee: amount("50") });
  });

  it("an increase is announced for epoch current + 2 + extraLockEpochs and applies from that epoch's rewards", () => {
    const ledger = pooledNode({ fee: "0.1", extraLockEpochs: 1 });
    join(ledger, DAVE, "1000");
    expect(setFee(ledger, "0.3")).toEqual([
      { type: "PoolFeeAnnounced", poolId: 1, fee: amount("0.3"), effectiveEpoch: 4 },
    ]);
    expect(runQuery(ledger, { query: "pool_info", poolId: 1 })).toMatchObject({
      fee: amount("0.1"),
      pendingFee: { fee: amount("0.3"), effectiveEpoch: 4 },
    });
    // Epochs 1, 2 and 3 pay at 0.1. Epoch 1: R = 1000 (Dave's tokens only committed). From epoch 2 the rate is
    // ⌊1000 / 251000⌋ = 0.00398406, R = 251000 × 0.00398406 = 999.99906, fee ⌊99.999906⌋.
    const rewards: [number, string, string][] = [
      [1, "1000", "100"],
      [2, "999.99906", "99.999906"],
      [3, "999.99906", "99.999906"],
    ];
    for (const [epoch, reward, fee] of rewards) {
      const paid = epochWithRewards(ledger);
      expect(events(paid, "PoolRewardsDistributed")[0], `epoch ${epoch}`).toMatchObject({
        epochCounter: epoch,
        reward: amount(reward),
        fee: amount(fee),
      });
      expect(events(paid, "PoolFeeChanged")).toEqual([]);
    }
    expect(ledger.epochCounter).toBe(4);
    expect(runQuery(ledger, { query: "pool_info", poolId: 1 })).toMatchObject({ fee: amount("0.3"), pendingFee: null });
    const paid = epochWithRewards(ledger);
    // The announced fee becomes the pool's fee right before epoch 4's rewards are split.
    expect(paid.map((e) => e.type)).toEqual([
      "RewardsPaid",
      "PoolFeeChanged",
      "PoolRewardsDistributed",
      "EpochTotalRewardsPaid",
    ]);
    expect(events(paid, "PoolFeeChanged")[0]).toEqual({
      type: "PoolFeeChanged",
      poolId: 1,
      previousFee: amount("0.1"),
      fee: amount("0.3"),
    });
    // ⌊999.99906 × 0.3⌋ = 299.999718
    expect(events(paid, "PoolRewardsDistributed")[0]).toMatchObject({ epochCounter: 4, fee: amount("299.999718") });
    expect(pool(ledger)).toMatchObject({ fee: amount("0.3"), pendingFee: null });
  });

  it("announcing again replaces the announcement; a decrease cancels it", () => {
    const ledger = pooledNode({ fee: "0.1", extraLockEpochs: 0 });
    setFee(ledger, "0.3");
    quietEpoch(ledger);
    expect(setFee(ledger, "0.2")).toEqual([
      { type: "PoolFeeAnnounced", poolId: 1, fee: amount("0.2"), effectiveEpoch: 4 },
    ]);
    expect(setFee(ledger, "0.1")).toEqual([
      { type: "PoolFeeChanged", poolId: 1, previousFee: amount("0.1"), fee: amount("0.1") },
    ]);
    expect(pool(ledger).pendingFee).toBeNull();
  });

  it("an announcement already in force is made the fee before the next change", () => {
    const ledger = pooledNode({ fee: "0.1", extraLockEpochs: 0 });
    setFee(ledger, "0.3"); // effective at 3
    quietEpoch(ledger);
    quietEpoch(ledger);
    expect(setFee(ledger, "0.4")).toEqual([
      { type: "PoolFeeChanged", poolId: 1, previousFee: amount("0.1"), fee: amount("0.3") },
      { type: "PoolFeeAnnounced", poolId: 1, fee: amount("0.4"), effectiveEpoch: 5 },
    ]);
  });

  it("refusals change nothing: POOL_NOT_FOUND, NOT_POOL_OPERATOR, INVALID_POOL_FEE", () => {
    const ledger = pooledNode();
    join(ledger, DAVE, "1000");
    expect(refusal(ledger, ALICE, { op: "set_pool_fee", poolId: 2, fee: amount("0.1") }).code).toBe("POOL_NOT_FOUND");
    expect(refusal(ledger, DAVE, { op: "set_pool_fee", poolId: 1, fee: amount("0") })).toEqual({
      code: "NOT_POOL_OPERATOR",
      details: { poolId: 1, account: DAVE },
      stateUnchanged: true,
    });
    expect(refusal(ledger, ALICE, { op: "set_pool_fee", poolId: 1, fee: amount("0.6") })).toEqual({
      code: "INVALID_POOL_FEE",
      details: { fee: "0.60000000", maxPoolFee: "0.50000000" },
      stateUnchanged: true,
    });
  });
});

describe("set_max_pool_fee (admin)", () => {
  it("sets the maximum (NewMaxPoolFee when it changes); pools keep their fees", () => {
    const ledger = pooledNode({ fee: "0.3" });
    expect(admin(ledger, { op: "set_max_pool_fee", value: amount("0.2") }).events).toEqual([
      { type: "NewMaxPoolFee", newMaxPoolFee: amount("0.2") },
    ]);
    expect(admin(ledger, { op: "set_max_pool_fee", value: amount("0.2") }).events).toEqual([]);
    expect(pool(ledger).fee).toBe(amount("0.3"));
    expect(refusal(ledger, ALICE, { op: "set_pool_fee", poolId: 1, fee: amount("0.25") }).code).toBe(
      "INVALID_POOL_FEE",
    );
    expect(admin(ledger, { op: "set_max_pool_fee", value: amount("1") }).events).toHaveLength(1);
  });

  it("refusals change nothing: NOT_ADMIN, INVALID_POOL_FEE above 1", () => {
    const ledger = stakedNode();
    expect(refusal(ledger, ALICE, { op: "set_max_pool_fee", value: amount("0.1") })).toMatchObject({
      code: "NOT_ADMIN",
      stateUnchanged: true,
    });
    expect(refusal(ledger, ADMIN, { op: "set_max_pool_fee", value: amount("1.00000001") })).toEqual({
      code: "INVALID_POOL_FEE",
      details: { maxPoolFee: "1.00000001" },
      stateUnchanged: true,
    });
    // A pool may be opened with the new maximum.
    admin(ledger, { op: "set_max_pool_fee", value: amount("1") });
    expect(act(ledger, ALICE, openOp({ fee: "1" })).result).toMatchObject({ poolId: 1 });
    expect(ledger.nodes.get(N1)?.owner).toBe(pool(ledger).account);
  });
});
