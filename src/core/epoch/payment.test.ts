/** Paying a reward breakdown (§9.2): minted vs from fees, burning, the non-operational list, event order. */
import { describe, expect, it } from "vitest";
import { parseAmount } from "../amount.js";
import { runQuery } from "../queries.js";
import type { LedgerState } from "../state.js";
import {
  ADMIN,
  ALICE,
  admin,
  BOB,
  CAROL,
  delegatorOf,
  endEpoch,
  newLedger,
  nodeOf,
  pools,
  poolsOf,
  refusal,
  registerDelegator,
  registerNode,
} from "../test-fixtures.js";

const amount = parseAmount;

/** §9.3's world: 250000 (role 1) and 1400000 (role 3) staked; the breakdown pays 1249999.9875 of 1250000. */
function workedExample(): LedgerState {
  const ledger = newLedger();
  const small = registerNode(ledger, ALICE, 1, 1, "250000.0");
  const large = registerNode(ledger, BOB, 2, 3, "1400000.0");
  endEpoch(ledger, [small, large]);
  return ledger;
}

function lastEvent(ledger: LedgerState) {
  const { events } = admin(ledger, { op: "pay_rewards" });
  return events[events.length - 1];
}

describe("payRewards (§9.2)", () => {
  it("no fees: the whole total is minted, the dust 0.0125 burned; supply grows by what was paid", () => {
    const ledger = workedExample();
    const supply = ledger.totalSupply;
    expect(lastEvent(ledger)).toEqual({
      type: "EpochTotalRewardsPaid",
      total: amount("1250000.0"),
      fromFees: amount("0"),
      minted: amount("1250000.0"),
      feesBurned: amount("0.0125"),
      epochCounterForRewards: 1,
    });
    expect(ledger.totalSupply).toBe(supply + amount("1249999.9875"));
    expect(runQuery(ledger, { query: "fee_balance" })).toBe(amount("0"));
  });

  it("fees below the total: all fees are used and only the shortfall is minted", () => {
    const ledger = workedExample();
    admin(ledger, { op: "deposit_fees", amount: amount("1000.0") });
    const supply = ledger.totalSupply;
    expect(lastEvent(ledger)).toEqual({
      type: "EpochTotalRewardsPaid",
      total: amount("1250000.0"),
      fromFees: amount("1000.0"),
      minted: amount("1249000.0"),
      feesBurned: amount("0.0125"),
      epochCounterForRewards: 1,
    });
    expect(ledger.feeVault).toBe(amount("0"));
    expect(ledger.totalSupply).toBe(supply + amount("1249000.0") - amount("0.0125"));
  });

  it("fees above the total: nothing is minted and the excess fees are burned with the dust", () => {
    const ledger = workedExample();
    admin(ledger, { op: "deposit_fees", amount: amount("2000000.0") });
    const supply = ledger.totalSupply;
    expect(lastEvent(ledger)).toEqual({
      type: "EpochTotalRewardsPaid",
      total: amount("1250000.0"),
      fromFees: amount("1250000.0"),
      minted: amount("0"),
      feesBurned: amount("750000.0125"),
      epochCounterForRewards: 1,
    });
    expect(ledger.feeVault).toBe(amount("0"));
    expect(ledger.totalSupply).toBe(supply - amount("750000.0125"));
  });

  it("an empty breakdown: only EpochTotalRewardsPaid, nothing minted, fees left in the vault, non-operational list cleared", () => {
    const ledger = newLedger();
    admin(ledger, { op: "deposit_fees", amount: amount("10.0") });
    admin(ledger, { op: "set_non_operational", value: new Map([["anything", amount("0.5")]]) });
    const supply = ledger.totalSupply;
    expect(admin(ledger, { op: "pay_rewards" }).events).toEqual([
      {
        type: "EpochTotalRewardsPaid",
        total: amount("0"),
        fromFees: amount("0"),
        minted: amount("0"),
        feesBurned: amount("0"),
        epochCounterForRewards: 0,
      },
    ]);
    expect(ledger.totalSupply).toBe(supply);
    expect(ledger.feeVault).toBe(amount("10.0"));
    expect(ledger.nonOperational.size).toBe(0);
  });

  it("clears the non-operational list after a payout", () => {
    const ledger = workedExample();
    const [first] = [...ledger.participants].sort();
    if (first === undefined) throw new Error("no participant");
    admin(ledger, { op: "set_non_operational", value: new Map([[first, amount("0.5")]]) });
    admin(ledger, { op: "pay_rewards" });
    expect(runQuery(ledger, { query: "non_operational" })).toEqual([]);
  });

  it("pays each node's delegators (by ID) before the node, into rewarded pools; nothing is restaked", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    registerDelegator(ledger, BOB, node, "1000.0");
    registerDelegator(ledger, CAROL, node, "3000.0");
    const other = registerNode(ledger, BOB, 2, 2, "500000.0");
    endEpoch(ledger, [node, other]);

    expect(admin(ledger, { op: "pay_rewards" }).events).toEqual([
      { type: "DelegatorRewardsPaid", nodeID: node, delegatorID: 1, amount: amount("1525.1989356"), epochCounter: 1 },
      { type: "DelegatorRewardsPaid", nodeID: node, delegatorID: 2, amount: amount("4575.5968068"), epochCounter: 1 },
      { type: "RewardsPaid", nodeID: node, amount: amount("414986.7364776"), epochCounter: 1 },
      { type: "RewardsPaid", nodeID: other, amount: amount("828912.465"), epochCounter: 1 },
      {
        type: "EpochTotalRewardsPaid",
        total: amount("1250000.0"),
        fromFees: amount("0"),
        minted: amount("1250000.0"),
        feesBurned: amount("0.00278"),
        epochCounterForRewards: 1,
      },
    ]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ staked: "250000.0", rewarded: "414986.7364776" }));
    expect(poolsOf(delegatorOf(ledger, node, 2))).toEqual(pools({ staked: "3000.0", rewarded: "4575.5968068" }));
  });

  it("every payout adds to the rewarded pools: two payouts pay twice", () => {
    const ledger = workedExample();
    admin(ledger, { op: "pay_rewards" });
    admin(ledger, { op: "pay_rewards" });
    const [small] = [...ledger.participants].sort();
    if (small === undefined) throw new Error("no participant");
    expect(nodeOf(ledger, small).rewarded).toBe(amount("378787.875"));
  });

  it("D5: INSUFFICIENT_REWARD_FUNDS when the breakdown exceeds fees + minted (access node on the non-operational list), state unchanged", () => {
    const ledger = newLedger();
    const collector = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const access = registerNode(ledger, BOB, 9, 5, "1000.0");
    endEpoch(ledger, [collector, access]);
    // Access gross 5000 → net 2500; extra rate 2500 / 249000 = 0.01004016; collector 250000 × 5.01004016.
    admin(ledger, { op: "set_non_operational", value: new Map([[access, amount("0.5")]]) });
    expect(refusal(ledger, ADMIN, { op: "pay_rewards" })).toEqual({
      code: "INSUFFICIENT_REWARD_FUNDS",
      details: { breakdown: "1255010.04000000", available: "1250000.00000000" },
      stateUnchanged: true,
    });
  });

  it("§9.1 step 3: a non-operational access node is paid its share when the fees cover the breakdown", () => {
    const ledger = newLedger();
    const collector = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const access = registerNode(ledger, BOB, 9, 5, "1000.0");
    endEpoch(ledger, [collector, access]);
    admin(ledger, { op: "set_non_operational", value: new Map([[access, amount("0.5")]]) });
    admin(ledger, { op: "deposit_fees", amount: amount("1300000.0") });
    const supply = ledger.totalSupply;
    expect(admin(ledger, { op: "pay_rewards" }).events).toEqual([
      { type: "RewardsPaid", nodeID: access, amount: amount("2500.0"), epochCounter: 1 },
      { type: "RewardsPaid", nodeID: collector, amount: amount("1252510.04"), epochCounter: 1 },
      {
        type: "EpochTotalRewardsPaid",
        total: amount("1250000.0"),
        fromFees: amount("1250000.0"),
        minted: amount("0"),
        feesBurned: amount("44989.96"),
        epochCounterForRewards: 1,
      },
    ]);
    expect(ledger.totalSupply).toBe(supply - amount("44989.96"));
  });
});
