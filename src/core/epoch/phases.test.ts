import { describe, expect, it } from "vitest";
import { type Amount, formatAmount, parseAmount } from "../amount.js";
import { isLedgerError } from "../errors.js";
import { asAccountId, asNodeId } from "../ids.js";
import { apply } from "../operations.js";
import { createLedger, type LedgerState } from "../state.js";
import { stateHash } from "../state-hash.js";
import { nextPayout, phaseEndTimes } from "./phases.js";

const ADMIN = asAccountId("admin");
const OLGA = asAccountId("olga");
const NODE = "11".padStart(64, "0");
const TIMING = { epochLengthMs: 1000, stakingAuctionMs: 600, setupMs: 200 };

function ledger(): LedgerState {
  const state = createLedger({
    admin: ADMIN,
    keyValidation: "format",
    accounts: [[OLGA, parseAmount("1000000")]],
    epochTiming: TIMING,
    genesisTime: 5000,
  });
  apply(state, OLGA, {
    op: "register_node",
    nodeId: NODE,
    role: 1,
    networkingAddress: "a.example.org:1",
    networkingKey: "c1".repeat(64),
    stakingKey: "d2".repeat(96),
    amount: parseAmount("250000"),
  });
  apply(state, ADMIN, { op: "set_approved_nodes", nodeIds: [NODE] });
  return state;
}

function phase(
  state: LedgerState,
  op: "epoch_setup" | "epoch_commit" | "epoch_start" | "epoch_pay_rewards",
  time: number,
) {
  return apply(state, ADMIN, { op }, { time }).events;
}

describe("FlowEpoch phases", () => {
  it("run in order: setup ends the auction, commit stores the rewards, start moves tokens, then payment", () => {
    const state = ledger();
    expect(phaseEndTimes(state)).toEqual({ stakingAuctionEnd: 5600, setupEnd: 5800, epochEnd: 6000 });
    const setup = phase(state, "epoch_setup", 5600);
    expect(state.stakingEnabled).toBe(false);
    expect(setup.at(-1)).toEqual({
      type: "EpochSetup",
      counter: 1,
      nodeIDs: [NODE],
      stakingAuctionEndTime: 6600,
      targetEndTime: 7000,
    });
    const commit = phase(state, "epoch_commit", 5800);
    // Nothing was staked in epoch 0: the breakdown is empty.
    expect(commit).toEqual([{ type: "EpochCommit", counter: 1, rewardsCalculatedFor: 0, totalRewards: 0n }]);
    const start = phase(state, "epoch_start", 6000);
    expect(start.at(-1)).toEqual({
      type: "EpochStart",
      counter: 1,
      startTime: 6000,
      stakingAuctionEndTime: 6600,
      endTime: 7000,
      totalStaked: parseAmount("250000"),
      totalFlowSupply: parseAmount("1000000"),
      totalRewards: parseAmount("1250000"),
    });
    expect(phase(state, "epoch_pay_rewards", 6000).map((e) => e.type)).toEqual(["EpochTotalRewardsPaid"]);

    // Epoch 1: the rewards calculated at commit on 250,000 staked are paid when epoch 2 begins, once.
    phase(state, "epoch_setup", 6600);
    phase(state, "epoch_commit", 6800);
    expect(state.nodes.get(asNodeId(NODE))?.rewarded).toBe(0n);
    phase(state, "epoch_start", 7000);
    const paid = phase(state, "epoch_pay_rewards", 7000);
    expect(paid.map((e) => e.type)).toEqual(["RewardsPaid", "EpochTotalRewardsPaid"]);
    expect(formatAmount(state.nodes.get(asNodeId(NODE))?.rewarded as Amount)).toBe("1250000.00000000");
    expect(phase(state, "epoch_pay_rewards", 7001)).toEqual([]);
  });

  it("the setup phase pays the previous epoch's rewards first if nobody did", () => {
    const state = ledger();
    for (const [op, time] of [
      ["epoch_setup", 5600],
      ["epoch_commit", 5800],
      ["epoch_start", 6000],
      ["epoch_setup", 6600],
      ["epoch_commit", 6800],
      ["epoch_start", 7000],
    ] as const) {
      phase(state, op, time);
    }
    const events = phase(state, "epoch_setup", 7600);
    expect(events[0]).toMatchObject({ type: "RewardsPaid", nodeID: NODE, epochCounter: 1 });
  });

  it.each([
    ["epoch_commit", "staking_auction"],
    ["epoch_start", "staking_auction"],
  ] as const)("%s in the wrong phase is refused with WRONG_EPOCH_PHASE and changes nothing", (op, current) => {
    const state = ledger();
    expect(state.epoch.phase).toBe(current);
    const before = stateHash(state);
    try {
      apply(state, ADMIN, { op }, { time: 9999 });
      throw new Error("not refused");
    } catch (error) {
      if (!isLedgerError(error)) throw error;
      expect(error.code).toBe("WRONG_EPOCH_PHASE");
    }
    expect(stateHash(state)).toBe(before);
  });

  it("phase operations are the admin's", () => {
    const state = ledger();
    expect(() => apply(state, OLGA, { op: "epoch_setup" })).toThrow(expect.objectContaining({ code: "NOT_ADMIN" }));
  });

  it("computes the next payout from supply growth as §11.2's worked example", () => {
    const state = createLedger({ admin: ADMIN, accounts: [[OLGA, parseAmount("7000000000")]] });
    state.epoch.automaticRewards = {
      enabled: true,
      supplyIncreasePercentage: parseAmount("0.00093871"),
      bonusTokens: parseAmount("1000000"),
    };
    expect(formatAmount(nextPayout(state))).toBe("6571204.67750000");
  });

  it("epoch timing must leave the auction and the setup inside the epoch", () => {
    const state = ledger();
    expect(() =>
      apply(state, ADMIN, { op: "set_epoch_timing", epochLengthMs: 1000, stakingAuctionMs: 800, setupMs: 200 }),
    ).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    apply(state, ADMIN, { op: "set_epoch_timing", epochLengthMs: 2000, stakingAuctionMs: 800, setupMs: 200 });
    expect(state.epoch.timing).toEqual({ epochLengthMs: 2000, stakingAuctionMs: 800, setupMs: 200 });
  });
});
