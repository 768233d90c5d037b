import { describe, expect, it } from "vitest";
import { toJson } from "../json.js";
import { readQuery } from "../operation-json.js";
import { runQuery } from "../queries.js";
import { stateHash } from "../state-hash.js";
import { ALICE, BOB, ledgerErrorOf } from "../test-fixtures.js";
import { amount, DAVE, epochWithRewards, join, leave, N1, POOL_ACCOUNT, pooledNode } from "./test-fixtures.js";

function world() {
  const ledger = pooledNode({ fee: "0.1", minimumJoin: "100", extraLockEpochs: 1 });
  join(ledger, DAVE, "1000");
  leave(ledger, DAVE, "600");
  return ledger;
}

describe("pool queries", () => {
  it("pool_info: the pool's fields, its record, V and the price inputs, its cohorts", () => {
    const ledger = world();
    const before = stateHash(ledger);
    expect(runQuery(ledger, { query: "pool_info", poolId: 1 })).toEqual({
      id: 1,
      account: POOL_ACCOUNT,
      operator: ALICE,
      nodeID: N1,
      delegatorID: null,
      fee: amount("0.1"),
      pendingFee: null,
      minimumJoin: amount("100"),
      extraLockEpochs: 1,
      record: {
        committed: amount("400"),
        staked: amount("250000"),
        unstaking: amount("0"),
        unstaked: amount("600"),
        rewarded: amount("0"),
        requestedToUnstake: amount("0"),
      },
      reserved: amount("600"),
      value: amount("250400"),
      totalShares: amount("250400"),
      rewardPerShare: "0",
      operatorFees: amount("0"),
      totalClaimable: amount("0"),
      members: 2,
      cohorts: [
        {
          key: "immediate@1",
          unstakedFrom: 1,
          readyEpoch: 2,
          nominal: amount("600"),
          value: amount("600"),
          paid: amount("0"),
          outstanding: amount("600"),
          outstandingTickets: 1,
        },
      ],
    });
    expect(stateHash(ledger)).toBe(before);
  });

  it("pool_member: shares, principal, claimable including unsettled rewards, tickets with value and ready epoch", () => {
    const ledger = world();
    epochWithRewards(ledger);
    // R = 1000 (250000 staked), fee 100, 900 over 250400 shares: Dave ⌊400 × 900 / 250400⌋ = 1.43769968.
    expect(runQuery(ledger, { query: "pool_member", poolId: 1, account: DAVE })).toEqual({
      poolId: 1,
      account: DAVE,
      shares: amount("400"),
      principal: amount("400"),
      claimable: amount("1.43769968"),
      tickets: [{ cohort: "immediate@1", units: amount("600"), value: amount("600"), readyEpoch: 2 }],
    });
    // rewardPerShare is an exact integer scaled by 10¹⁸, printed as such (not as an amount).
    expect(toJson(runQuery(ledger, { query: "pool_info", poolId: 1 }))).toContain(
      '"rewardPerShare":"3594249201277955"',
    );
  });

  it("read from JSON like every query", () => {
    expect(readQuery("pool_info", { poolId: 3 })).toEqual({ query: "pool_info", poolId: 3 });
    expect(readQuery("pool_member", { poolId: 1, account: "dave" })).toEqual({
      query: "pool_member",
      poolId: 1,
      account: DAVE,
    });
    expect(ledgerErrorOf(() => readQuery("pool_info", { poolId: "1" }))).toMatchObject({
      code: "INVALID_ARGUMENT",
      details: { field: "poolId" },
    });
  });

  it("POOL_NOT_FOUND and NOT_POOL_MEMBER", () => {
    const ledger = world();
    expect(ledgerErrorOf(() => runQuery(ledger, { query: "pool_info", poolId: 2 }))).toEqual({
      code: "POOL_NOT_FOUND",
      details: { poolId: 2 },
    });
    expect(ledgerErrorOf(() => runQuery(ledger, { query: "pool_member", poolId: 1, account: BOB }))).toEqual({
      code: "NOT_POOL_MEMBER",
      details: { poolId: 1, account: BOB },
    });
  });
});
