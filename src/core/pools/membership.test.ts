import { describe, expect, it } from "vitest";
import { checkInvariants } from "../invariants.js";
import { apply } from "../operations.js";
import { runQuery } from "../queries.js";
import { ALICE, admin, BOB, balanceOf, nodeOf, pools, poolsOf, refusal, registerNode } from "../test-fixtures.js";
import {
  act,
  amount,
  DAVE,
  ERIN,
  join,
  leave,
  member,
  N1,
  openOp,
  POOL_ACCOUNT,
  pool,
  pooledNode,
  quietEpoch,
} from "./test-fixtures.js";

describe("join_pool", () => {
  it("stakes the member's FLOW into the record through the pool's account; shares at the price before", () => {
    const ledger = pooledNode();
    expect(join(ledger, DAVE, "1000")).toEqual([
      { type: "TokensCommitted", nodeID: N1, amount: amount("1000") },
      { type: "PoolJoined", poolId: 1, account: DAVE, amount: amount("1000"), shares: amount("1000") },
    ]);
    expect(balanceOf(ledger, DAVE)).toBe(amount("999000"));
    expect(balanceOf(ledger, POOL_ACCOUNT)).toBe(amount("0"));
    expect(poolsOf(nodeOf(ledger, N1))).toEqual(pools({ committed: "1000", staked: "250000" }));
    expect(pool(ledger).totalShares).toBe(amount("251000"));
    // A later deposit has no minimum; the operator joins the same way.
    join(ledger, DAVE, "0.00000001");
    join(ledger, ALICE, "5");
    expect(member(ledger, DAVE).shares).toBe(amount("1000.00000001"));
    expect(member(ledger, ALICE).shares).toBe(amount("250005"));
    expect(checkInvariants(ledger)).toEqual([]);
  });

  it("mints ⌊X × totalShares / V⌋: after a price change the fraction stays in the pool", () => {
    const ledger = pooledNode();
    // Rewards restaked by Alice raise V without new shares: V = 250000 + 3, shares 250000.
    nodeOf(ledger, N1).committed = amount("3");
    nodeOf(ledger, N1).rewarded = amount("0");
    ledger.totalSupply = (ledger.totalSupply + amount("3")) as typeof ledger.totalSupply;
    const events = join(ledger, DAVE, "1000");
    // 1000 × 250000 / 250003 = 999.98800014…  → 999.98800014
    expect(events[1]).toEqual({
      type: "PoolJoined",
      poolId: 1,
      account: DAVE,
      amount: amount("1000"),
      shares: amount("999.98800014"),
    });
  });

  describe("refusals change nothing", () => {
    it("POOL_NOT_FOUND", () => {
      const ledger = pooledNode();
      expect(refusal(ledger, DAVE, { op: "join_pool", poolId: 2, amount: amount("1000") })).toEqual({
        code: "POOL_NOT_FOUND",
        details: { poolId: 2 },
        stateUnchanged: true,
      });
    });

    it("INSUFFICIENT_BALANCE", () => {
      const ledger = pooledNode();
      expect(refusal(ledger, DAVE, { op: "join_pool", poolId: 1, amount: amount("1000000.00000001") })).toMatchObject({
        code: "INSUFFICIENT_BALANCE",
        stateUnchanged: true,
      });
    });

    it("AUCTION_NOT_IN_PROGRESS", () => {
      const ledger = pooledNode();
      admin(ledger, { op: "end_staking", nodeIds: [N1] });
      expect(refusal(ledger, DAVE, { op: "join_pool", poolId: 1, amount: amount("1000") })).toMatchObject({
        code: "AUCTION_NOT_IN_PROGRESS",
        stateUnchanged: true,
      });
    });

    it("BELOW_POOL_MINIMUM for a first deposit, and for an account whose shares are all gone", () => {
      const ledger = pooledNode({ minimumJoin: "100" });
      expect(refusal(ledger, DAVE, { op: "join_pool", poolId: 1, amount: amount("99.99999999") })).toEqual({
        code: "BELOW_POOL_MINIMUM",
        details: { poolId: 1, minimumJoin: "100.00000000", amount: "99.99999999" },
        stateUnchanged: true,
      });
      join(ledger, DAVE, "100");
      leave(ledger, DAVE, "100");
      expect(member(ledger, DAVE).shares).toBe(0n);
      expect(refusal(ledger, DAVE, { op: "join_pool", poolId: 1, amount: amount("1") }).code).toBe(
        "BELOW_POOL_MINIMUM",
      );
    });

    it("POOL_HAS_NO_VALUE when the shares are worth nothing", () => {
      const ledger = pooledNode();
      const node = nodeOf(ledger, N1);
      ledger.totalSupply = (ledger.totalSupply - node.staked) as typeof ledger.totalSupply;
      ledger.totalStakedByRole[1] = amount("0");
      node.staked = amount("0");
      expect(refusal(ledger, DAVE, { op: "join_pool", poolId: 1, amount: amount("1000") })).toEqual({
        code: "POOL_HAS_NO_VALUE",
        details: { poolId: 1 },
        stateUnchanged: true,
      });
    });

    it("the record's own refusal (CANDIDATE_LIMIT_EXCEEDED) gives the member its FLOW back", () => {
      const ledger = pooledNode();
      registerNode(ledger, BOB, 2, 1, "250000");
      apply(ledger, BOB, { ...openOp(), nodeId: registerNode(ledger, BOB, 3, 1, "250000") });
      admin(ledger, { op: "set_candidate_node_limit", role: 1, limit: 2n });
      const before = balanceOf(ledger, DAVE);
      expect(refusal(ledger, DAVE, { op: "join_pool", poolId: 2, amount: amount("1000") })).toMatchObject({
        code: "CANDIDATE_LIMIT_EXCEEDED",
        stateUnchanged: true,
      });
      expect(balanceOf(ledger, DAVE)).toBe(before);
      expect(pool(ledger, 2).members.has(DAVE)).toBe(false);
    });
  });
});

describe("leave_pool", () => {
  it("takes committed tokens first (ready now), then staked ones through a request (cohort E)", () => {
    const ledger = pooledNode({ extraLockEpochs: 1 });
    join(ledger, DAVE, "1000");
    expect(leave(ledger, DAVE, "600")).toEqual([
      { type: "TokensUnstaked", nodeID: N1, amount: amount("600") },
      {
        type: "PoolLeft",
        poolId: 1,
        account: DAVE,
        amount: amount("600"),
        shares: amount("600"),
        tickets: [{ cohort: "immediate@1", amount: amount("600"), readyEpoch: 2 }],
      },
    ]);
    // V = 400 committed + 250000 staked + 600 unstaked − 600 reserved = 250400.
    expect(leave(ledger, ALICE, "2000")).toEqual([
      { type: "TokensUnstaked", nodeID: N1, amount: amount("400") },
      { type: "NodeTokensRequestedToUnstake", nodeID: N1, amount: amount("1600") },
      {
        type: "PoolLeft",
        poolId: 1,
        account: ALICE,
        amount: amount("2000"),
        shares: amount("2000"),
        tickets: [
          { cohort: "immediate@1", amount: amount("400"), readyEpoch: 2 },
          { cohort: "1", amount: amount("1600"), readyEpoch: 4 },
        ],
      },
    ]);
    expect(poolsOf(nodeOf(ledger, N1))).toEqual(
      pools({ staked: "250000", unstaked: "1000", requestedToUnstake: "1600" }),
    );
    expect(pool(ledger).totalShares).toBe(amount("248400"));
    expect(checkInvariants(ledger)).toEqual([]);
  });

  it("burns ⌈X × totalShares / V⌉ shares: the rounding favours those who stay", () => {
    const ledger = pooledNode();
    join(ledger, DAVE, "1000");
    // Three units of value without shares: V = 251003, shares 251000.
    nodeOf(ledger, N1).committed = amount("1003");
    ledger.totalSupply = (ledger.totalSupply + amount("3")) as typeof ledger.totalSupply;
    // Dave's principal: ⌊1000 × 251003 / 251000⌋ = 1000.01195219; 500 × 251000 / 251003 = 499.99402397… → 499.99402398.
    expect(runQuery(ledger, { query: "pool_member", poolId: 1, account: DAVE })).toMatchObject({
      principal: amount("1000.01195219"),
    });
    expect(leave(ledger, DAVE, "500")[1]).toMatchObject({ shares: amount("499.99402398") });
  });

  it("taking the whole principal burns every share, even where ⌈X × totalShares / V⌉ would leave one", () => {
    const ledger = pooledNode();
    join(ledger, DAVE, "1000");
    // As after a slash: V = 225899.99999997 for 251000 shares.
    const node = nodeOf(ledger, N1);
    node.staked = amount("224899.99999997");
    ledger.totalStakedByRole[1] = node.staked;
    ledger.totalSupply = (ledger.totalSupply - amount("25100.00000003")) as typeof ledger.totalSupply;
    // Dave's principal: ⌊1000 × 225899.99999997 / 251000⌋ = 899.99999999; ⌈899.99999999 × 251000 / 225899.99999997⌉
    // would be 999.99999999 shares, leaving one worth nothing.
    expect(runQuery(ledger, { query: "pool_member", poolId: 1, account: DAVE })).toMatchObject({
      principal: amount("899.99999999"),
    });
    expect(leave(ledger, DAVE, "899.99999999")[1]).toMatchObject({ shares: amount("1000") });
    expect(pool(ledger).members.has(DAVE)).toBe(true);
    expect(member(ledger, DAVE).shares).toBe(0n);
    expect(checkInvariants(ledger)).toEqual([]);
  });

  it("after a forced removal: requested tokens (cohort E), then unstaking ones (cohort E − 1), then unstaked", () => {
    const ledger = pooledNode({ extraLockEpochs: 1 });
    join(ledger, DAVE, "1000");
    quietEpoch(ledger); // epoch 2: 251000 staked
    admin(ledger, { op: "remove_node", nodeId: N1 });
    expect(poolsOf(nodeOf(ledger, N1))).toEqual(pools({ staked: "251000", requestedToUnstake: "251000" }));
    expect(leave(ledger, DAVE, "500")).toEqual([
      {
        type: "PoolLeft",
        poolId: 1,
        account: DAVE,
        amount: amount("500"),
        shares: amount("500"),
        tickets: [{ cohort: "2", amount: amount("500"), readyEpoch: 5 }],
      },
    ]);
    quietEpoch(ledger, []); // epoch 3: everything unstaking
    expect(poolsOf(nodeOf(ledger, N1))).toEqual(pools({ unstaking: "251000" }));
    expect(leave(ledger, ALICE, "1000")).toEqual([
      {
        type: "PoolLeft",
        poolId: 1,
        account: ALICE,
        amount: amount("1000"),
        shares: amount("1000"),
        tickets: [{ cohort: "2", amount: amount("1000"), readyEpoch: 5 }],
      },
    ]);
    quietEpoch(ledger, []); // epoch 4: everything unstaked
    expect(leave(ledger, DAVE, "500")[0]).toMatchObject({
      tickets: [{ cohort: "immediate@4", amount: amount("500"), readyEpoch: 5 }],
    });
    expect(pool(ledger).cohorts.size).toBe(2);
    expect(checkInvariants(ledger)).toEqual([]);
  });

  describe("refusals change nothing", () => {
    it("POOL_NOT_FOUND and NOT_POOL_MEMBER", () => {
      const ledger = pooledNode();
      expect(refusal(ledger, DAVE, { op: "leave_pool", poolId: 9, amount: amount("1") }).code).toBe("POOL_NOT_FOUND");
      expect(refusal(ledger, DAVE, { op: "leave_pool", poolId: 1, amount: amount("1") })).toEqual({
        code: "NOT_POOL_MEMBER",
        details: { poolId: 1, account: DAVE },
        stateUnchanged: true,
      });
    });

    it("AUCTION_NOT_IN_PROGRESS", () => {
      const ledger = pooledNode();
      admin(ledger, { op: "end_staking", nodeIds: [N1] });
      expect(refusal(ledger, ALICE, { op: "leave_pool", poolId: 1, amount: amount("1") })).toMatchObject({
        code: "AUCTION_NOT_IN_PROGRESS",
        stateUnchanged: true,
      });
    });

    it("INSUFFICIENT_POOL_SHARES above the member's principal", () => {
      const ledger = pooledNode();
      join(ledger, DAVE, "1000");
      expect(refusal(ledger, DAVE, { op: "leave_pool", poolId: 1, amount: amount("1000.00000001") })).toEqual({
        code: "INSUFFICIENT_POOL_SHARES",
        details: { poolId: 1, requested: "1000.00000001", principal: "1000.00000000" },
        stateUnchanged: true,
      });
    });

    it("the record's own refusal (UNSTAKE_BELOW_MINIMUM_WITH_DELEGATORS)", () => {
      const ledger = pooledNode();
      apply(ledger, BOB, { op: "register_delegator", nodeId: N1, amount: amount("50") });
      expect(refusal(ledger, ALICE, { op: "leave_pool", poolId: 1, amount: amount("1") })).toMatchObject({
        code: "UNSTAKE_BELOW_MINIMUM_WITH_DELEGATORS",
        stateUnchanged: true,
      });
    });
  });
});

describe("withdraw_from_pool", () => {
  it("pays every ready ticket once its tokens are unstaked and the extra lock has passed", () => {
    const ledger = pooledNode({ extraLockEpochs: 1 });
    join(ledger, DAVE, "1000");
    leave(ledger, DAVE, "600"); // immediate@1, ready at 2
    quietEpoch(ledger); // epoch 2
    leave(ledger, DAVE, "400"); // cohort 2 (staked), ready at 5
    expect(act(ledger, DAVE, { op: "withdraw_from_pool", poolId: 1 }).events).toEqual([
      { type: "UnstakedTokensWithdrawn", nodeID: N1, amount: amount("600") },
      { type: "PoolWithdrawn", poolId: 1, account: DAVE, amount: amount("600"), tickets: 1 },
    ]);
    expect(balanceOf(ledger, DAVE)).toBe(amount("999600"));
    expect(balanceOf(ledger, POOL_ACCOUNT)).toBe(amount("0"));
    // Nothing ready: nothing paid, no record operation.
    expect(act(ledger, DAVE, { op: "withdraw_from_pool", poolId: 1 }).events).toEqual([
      { type: "PoolWithdrawn", poolId: 1, account: DAVE, amount: amount("0"), tickets: 0 },
    ]);
    quietEpoch(ledger); // 3: unstaking
    quietEpoch(ledger); // 4: unstaked, still locked one more epoch
    expect(act(ledger, DAVE, { op: "withdraw_from_pool", poolId: 1 }).events[0]).toMatchObject({ amount: 0n });
    quietEpoch(ledger); // 5
    expect(act(ledger, DAVE, { op: "withdraw_from_pool", poolId: 1 }).events).toEqual([
      { type: "UnstakedTokensWithdrawn", nodeID: N1, amount: amount("400") },
      { type: "PoolWithdrawn", poolId: 1, account: DAVE, amount: amount("400"), tickets: 1 },
    ]);
    expect(pool(ledger).members.has(DAVE)).toBe(false);
    expect(pool(ledger).cohorts.size).toBe(0);
    expect(balanceOf(ledger, DAVE)).toBe(amount("1000000"));
    expect(checkInvariants(ledger)).toEqual([]);
  });

  it("any phase; NOT_POOL_MEMBER and POOL_NOT_FOUND change nothing", () => {
    const ledger = pooledNode({ extraLockEpochs: 0 });
    join(ledger, ERIN, "100");
    leave(ledger, ERIN, "100");
    admin(ledger, { op: "end_staking", nodeIds: [N1] });
    expect(act(ledger, ERIN, { op: "withdraw_from_pool", poolId: 1 }).events[1]).toMatchObject({
      amount: amount("100"),
    });
    expect(refusal(ledger, ERIN, { op: "withdraw_from_pool", poolId: 1 })).toMatchObject({
      code: "NOT_POOL_MEMBER",
      stateUnchanged: true,
    });
    expect(refusal(ledger, ERIN, { op: "withdraw_from_pool", poolId: 2 })).toMatchObject({
      code: "POOL_NOT_FOUND",
      stateUnchanged: true,
    });
  });
});
