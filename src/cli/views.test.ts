import { describe, expect, it } from "vitest";
import type { EpochView } from "../client/index.js";
import { describeEpoch } from "./epoch.js";
import { countdown, shortId } from "./output.js";
import { describeResult, queryArguments } from "./query.js";

const NODE_ID = "ab".repeat(32);

describe("output", () => {
  it("shortens 64-character IDs and longer keys, nothing else", () => {
    expect(shortId(NODE_ID)).toBe("abababab…ababab");
    expect(shortId("0000000000000002")).toBe("0000000000000002");
    expect(shortId("c".repeat(192))).toBe("cccccccc…cccccc");
  });

  it("counts down to a time and up from it", () => {
    expect(countdown(90_061_000, 0)).toBe("in 1d 1h 1m 1s");
    expect(countdown(0, 125_000)).toBe("2m 5s ago");
    expect(countdown(500, 0)).toBe("now");
    expect(countdown(null, 0)).toBe("—");
  });
});

describe("epoch", () => {
  it("shows the phase, the countdowns and the pending rewards", () => {
    const epoch: EpochView = {
      counter: 3,
      phase: "epoch_setup",
      stakingEnabled: false,
      startedAt: 0,
      stakingAuctionEndsAt: 60_000,
      setupEndsAt: 180_000,
      epochEndsAt: 3_600_000,
      mode: "automatic",
      payout: "1250000.00000000",
      totalStaked: "500.00000000",
      totalStakedByRole: {
        "1": "1.00000000",
        "2": "2.00000000",
        "3": "0.00000000",
        "4": "0.00000000",
        "5": "0.00000000",
      },
      totalSupply: "9.00000000",
      feeVault: "0.00010000",
      automaticRewards: { enabled: false, supplyIncreasePercentage: "0.00000000", bonusTokens: "0.00000000" },
      pendingRewards: { epochCounter: 2, totalRewards: "12.00000000", paid: false },
    };
    const text = describeEpoch(epoch, 120_000);
    expect(text).toMatch(/^epoch 3\n/);
    expect(text).toContain("epoch setup");
    expect(text).toContain("1m 0s ago");
    expect(text).toContain("in 1m 0s");
    expect(text).toContain("in 58m 0s");
    expect(text).toContain("2 consensus: 2.00000000");
    expect(text).toContain("epoch 2: 12.00000000 (not paid yet)");
  });
});

describe("query", () => {
  it("sends exactly the arguments the query takes, checked by the ledger's reader", () => {
    expect(queryArguments("delegator_info", { nodeId: NODE_ID, delegatorId: "2", role: "1" })).toEqual({
      nodeId: NODE_ID,
      delegatorId: 2,
    });
    expect(queryArguments("balance", { account: "0x000000000000000A" })).toEqual({ account: "000000000000000a" });
    expect(queryArguments("total_staked", { nodeId: NODE_ID })).toEqual({});
    expect(queryArguments("pool_member", { poolId: "3", account: "0x0000000000000003", caseId: "1" })).toEqual({
      poolId: 3,
      account: "0000000000000003",
    });
    expect(queryArguments("slashing_case", { caseId: "2", poolId: "1" })).toEqual({ caseId: 2 });
    expect(() => queryArguments("pool_info", {})).toThrow(/query pool_info: --pool-id: missing/);
    expect(() => queryArguments("slashing_case", { caseId: "x" })).toThrow(/--case-id/);
    expect(() => queryArguments("node_info", {})).toThrow(/query node_info: --node-id: missing/);
    expect(() => queryArguments("nodes", {})).toThrow(/unknown query "nodes"/);
    expect(() => queryArguments("delegator_info", { nodeId: NODE_ID, delegatorId: "x" })).toThrow(/--delegator-id/);
  });

  it("prints scalars as they are and lists one per line", () => {
    expect(describeResult("12.00000000")).toBe("12.00000000");
    expect(describeResult([NODE_ID, "x"])).toBe(`${NODE_ID}\nx`);
    expect(describeResult([])).toBe("(none)");
    expect(describeResult(true)).toBe("true");
  });
});
