import { describe, expect, it } from "vitest";
import { apply } from "../operations.js";
import { ALICE, BOB, CAROL, nodeOf, refusal, registerDelegator } from "../test-fixtures.js";
import { amount, member, N1, openOp, POOL_ACCOUNT, pool, pooledNode, stakedNode } from "./test-fixtures.js";

describe("open_pool", () => {
  it("moves the node's handle to a new keyless account and makes its stake the operator's shares", () => {
    const ledger = stakedNode();
    apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: N1, amount: amount("1000.5") });
    const counter = ledger.accountCounter;
    const { result, events } = apply(ledger, ALICE, openOp({ fee: "0.1", minimumJoin: "100", extraLockEpochs: 1 }));
    expect(result).toEqual({ poolId: 1, address: POOL_ACCOUNT });
    expect(events).toEqual([
      { type: "AccountCreated", address: POOL_ACCOUNT },
      {
        type: "PoolOpened",
        poolId: 1,
        account: POOL_ACCOUNT,
        operator: ALICE,
        nodeID: N1,
        delegatorID: null,
        fee: amount("0.1"),
        minimumJoin: amount("100"),
        extraLockEpochs: 1,
        shares: amount("251000.5"),
      },
    ]);
    expect(ledger.accountCounter).toBe(counter + 1);
    expect(ledger.accounts.get(POOL_ACCOUNT)).toEqual({ id: POOL_ACCOUNT, balance: 0n, keys: [] });
    expect(nodeOf(ledger, N1).owner).toBe(POOL_ACCOUNT);
    expect(pool(ledger).totalShares).toBe(amount("251000.5"));
    expect(member(ledger, ALICE)).toEqual({ shares: amount("251000.5"), rewardDebt: 0n, claimable: 0n, tickets: [] });
    // The owner is now the pool: the operator can no longer act on the record directly.
    expect(refusal(ledger, ALICE, { op: "request_unstaking", nodeId: N1, amount: amount("1") }).code).toBe("NOT_OWNER");
  });

  it("a delegator record becomes a pool the same way", () => {
    const ledger = stakedNode();
    const delegatorId = registerDelegator(ledger, BOB, N1, "500.0");
    const { result, events } = apply(ledger, BOB, openOp({ fee: "0" }, delegatorId));
    expect(result).toEqual({ poolId: 1, address: POOL_ACCOUNT });
    expect(events[1]).toMatchObject({ type: "PoolOpened", operator: BOB, delegatorID: 1, shares: amount("500") });
    expect(nodeOf(ledger, N1).delegators.owners[0]).toBe(POOL_ACCOUNT);
    expect(nodeOf(ledger, N1).owner).toBe(ALICE);
  });

  it("a record with nothing committed or staked opens with no shares", () => {
    const ledger = stakedNode();
    apply(ledger, ALICE, { op: "unstake_all", nodeId: N1 });
    apply(ledger, ALICE, { op: "stake_unstaked_tokens", nodeId: N1, amount: amount("250000") });
    // The request is cancelled again; nothing else moved.
    const { events } = apply(ledger, ALICE, openOp());
    expect(events[1]).toMatchObject({ type: "PoolOpened", shares: amount("250000") });
    const second = stakedNode();
    const id = registerDelegator(second, BOB, N1, "50.0");
    apply(second, BOB, { op: "request_unstaking", nodeId: N1, delegatorId: id, amount: amount("50") });
    apply(second, BOB, { op: "withdraw_unstaked_tokens", nodeId: N1, delegatorId: id, amount: amount("50") });
    expect(apply(second, BOB, openOp({}, id)).events[1]).toMatchObject({ shares: amount("0") });
    expect(pool(second).members.size).toBe(0);
  });

  describe("refusals change nothing", () => {
    it("NODE_NOT_FOUND and DELEGATOR_NOT_FOUND", () => {
      const ledger = stakedNode();
      expect(refusal(ledger, ALICE, { ...openOp(), nodeId: "ab".repeat(32) })).toMatchObject({
        code: "NODE_NOT_FOUND",
        stateUnchanged: true,
      });
      expect(refusal(ledger, ALICE, openOp({}, 3))).toMatchObject({
        code: "DELEGATOR_NOT_FOUND",
        stateUnchanged: true,
      });
    });

    it("NOT_OWNER: the signer does not hold the handle", () => {
      const ledger = stakedNode();
      expect(refusal(ledger, BOB, openOp())).toEqual({
        code: "NOT_OWNER",
        details: { account: BOB, nodeId: N1, delegatorId: null },
        stateUnchanged: true,
      });
    });

    it("RECORD_ALREADY_POOLED, checked before the handle", () => {
      const ledger = pooledNode();
      expect(refusal(ledger, ALICE, openOp())).toEqual({
        code: "RECORD_ALREADY_POOLED",
        details: { nodeId: N1, delegatorId: null, poolId: 1 },
        stateUnchanged: true,
      });
    });

    it("INVALID_POOL_FEE above the maximum pool fee (0.5 by default)", () => {
      const ledger = stakedNode();
      expect(refusal(ledger, ALICE, openOp({ fee: "0.50000001" }))).toEqual({
        code: "INVALID_POOL_FEE",
        details: { fee: "0.50000001", maxPoolFee: "0.50000000" },
        stateUnchanged: true,
      });
      expect(apply(ledger, ALICE, openOp({ fee: "0.5" })).result).toEqual({ poolId: 1, address: POOL_ACCOUNT });
    });

    it.each([
      ["rewarded", "rewarded"],
      ["unstaked", "unstaked"],
      ["unstaking", "unstaking"],
      ["requested", "requestedToUnstake"],
    ] as const)("POOL_TARGET_NOT_CLEAR with something %s", (_label, field) => {
      const ledger = stakedNode();
      nodeOf(ledger, N1)[field] = amount("1");
      expect(refusal(ledger, ALICE, openOp())).toMatchObject({ code: "POOL_TARGET_NOT_CLEAR", stateUnchanged: true });
    });

    it("a delegator's handle is checked on the delegator, not the node", () => {
      const ledger = stakedNode();
      const id = registerDelegator(ledger, BOB, N1, "500.0");
      expect(refusal(ledger, ALICE, openOp({}, id))).toMatchObject({ code: "NOT_OWNER", stateUnchanged: true });
      expect(refusal(ledger, CAROL, openOp({}, id))).toMatchObject({ code: "NOT_OWNER" });
    });
  });
});
