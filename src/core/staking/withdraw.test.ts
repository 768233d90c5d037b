import { describe, expect, it } from "vitest";
import { parseAmount } from "../amount.js";
import { apply } from "../operations.js";
import {
  ALICE,
  admin,
  BOB,
  balanceOf,
  CAROL,
  delegatorOf,
  endEpoch,
  newLedger,
  nodeId,
  nodeOf,
  pools,
  poolsOf,
  refusal,
  registerDelegator,
  registerNode,
  START_BALANCE,
} from "../test-fixtures.js";

const amount = parseAmount;

/**
 * Alice's node (250000) and Bob's delegator 1 (1000), staked one epoch and paid once (payout 1,250,000: node
 * 1245418.3263744, delegator 4581.6733056), then each put 100 into unstaked via a request served from committed.
 * The auction is left closed to show that withdrawals are allowed in any phase (§4).
 */
function fundedPools() {
  const ledger = newLedger();
  const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
  registerDelegator(ledger, BOB, node, "1000.0");
  endEpoch(ledger, [node]);
  admin(ledger, { op: "pay_rewards" });
  apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: node, amount: amount("100.0") });
  apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("100.0") });
  apply(ledger, BOB, { op: "stake_new_tokens", nodeId: node, delegatorId: 1, amount: amount("100.0") });
  apply(ledger, BOB, { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("100.0") });
  admin(ledger, { op: "end_staking_auction" });
  expect(poolsOf(nodeOf(ledger, node))).toEqual(
    pools({ staked: "250000.0", unstaked: "100.0", rewarded: "1245418.3263744" }),
  );
  expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(
    pools({ staked: "1000.0", unstaked: "100.0", rewarded: "4581.6733056" }),
  );
  return { ledger, node };
}

describe("withdraw_unstaked_tokens and withdraw_rewarded_tokens (§5.7, §6.6)", () => {
  it("node: unstaked tokens go to the signer's balance, in any phase", () => {
    const { ledger, node } = fundedPools();
    const before = balanceOf(ledger, ALICE);
    const op = { op: "withdraw_unstaked_tokens", nodeId: node, amount: amount("60.0") } as const;
    expect(apply(ledger, ALICE, op).events).toEqual([
      { type: "UnstakedTokensWithdrawn", nodeID: node, amount: amount("60.0") },
    ]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(
      pools({ staked: "250000.0", unstaked: "40.0", rewarded: "1245418.3263744" }),
    );
    expect(balanceOf(ledger, ALICE)).toBe(before + amount("60.0"));
  });

  it("node: rewarded tokens go to the signer's balance, in any phase", () => {
    const { ledger, node } = fundedPools();
    const op = { op: "withdraw_rewarded_tokens", nodeId: node, amount: amount("1245418.3263744") } as const;
    expect(apply(ledger, ALICE, op).events).toEqual([
      { type: "RewardTokensWithdrawn", nodeID: node, amount: amount("1245418.3263744") },
    ]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ staked: "250000.0", unstaked: "100.0" }));
    expect(balanceOf(ledger, ALICE)).toBe(START_BALANCE - amount("250100.0") + amount("1245418.3263744"));
  });

  it("delegator: unstaked and rewarded tokens go to the delegator owner's balance", () => {
    const { ledger, node } = fundedPools();
    const before = balanceOf(ledger, BOB);
    const unstaked = { op: "withdraw_unstaked_tokens", nodeId: node, delegatorId: 1, amount: amount("100.0") } as const;
    expect(apply(ledger, BOB, unstaked).events).toEqual([
      { type: "DelegatorUnstakedTokensWithdrawn", nodeID: node, delegatorID: 1, amount: amount("100.0") },
    ]);
    const rewarded = { op: "withdraw_rewarded_tokens", nodeId: node, delegatorId: 1, amount: amount("0.5") } as const;
    expect(apply(ledger, BOB, rewarded).events).toEqual([
      { type: "DelegatorRewardTokensWithdrawn", nodeID: node, delegatorID: 1, amount: amount("0.5") },
    ]);
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(pools({ staked: "1000.0", rewarded: "4581.1733056" }));
    expect(balanceOf(ledger, BOB)).toBe(before + amount("100.5"));
  });

  it("the new holder of a transferred handle withdraws; the old one no longer can", () => {
    const { ledger, node } = fundedPools();
    apply(ledger, ALICE, { op: "transfer_node", nodeId: node, to: CAROL });
    const op = { op: "withdraw_unstaked_tokens", nodeId: node, amount: amount("100.0") } as const;
    expect(refusal(ledger, ALICE, op).code).toBe("NOT_OWNER");
    apply(ledger, CAROL, op);
    expect(balanceOf(ledger, CAROL)).toBe(START_BALANCE + amount("100.0"));
  });

  describe("one refusal per error code, state unchanged", () => {
    it("INSUFFICIENT_UNSTAKED_TOKENS for a node and for a delegator", () => {
      const { ledger, node } = fundedPools();
      const op = { op: "withdraw_unstaked_tokens", nodeId: node, amount: amount("100.00000001") } as const;
      const expected = {
        code: "INSUFFICIENT_UNSTAKED_TOKENS",
        details: { requested: "100.00000001", available: "100.00000000" },
        stateUnchanged: true,
      };
      expect(refusal(ledger, ALICE, op)).toEqual(expected);
      expect(refusal(ledger, BOB, { ...op, delegatorId: 1 })).toEqual(expected);
    });

    it("INSUFFICIENT_REWARDED_TOKENS for a node and for a delegator", () => {
      const { ledger, node } = fundedPools();
      const op = { op: "withdraw_rewarded_tokens", nodeId: node, amount: amount("1245418.32637441") } as const;
      expect(refusal(ledger, ALICE, op)).toEqual({
        code: "INSUFFICIENT_REWARDED_TOKENS",
        details: { requested: "1245418.32637441", available: "1245418.32637440" },
        stateUnchanged: true,
      });
      const delegatorOp = { ...op, delegatorId: 1, amount: amount("4581.67330561") };
      expect(refusal(ledger, BOB, delegatorOp)).toEqual({
        code: "INSUFFICIENT_REWARDED_TOKENS",
        details: { requested: "4581.67330561", available: "4581.67330560" },
        stateUnchanged: true,
      });
    });

    it("NOT_OWNER, NODE_NOT_FOUND, DELEGATOR_NOT_FOUND", () => {
      const { ledger, node } = fundedPools();
      const op = { op: "withdraw_rewarded_tokens", nodeId: node, amount: amount("1.0") } as const;
      expect(refusal(ledger, BOB, op)).toEqual({
        code: "NOT_OWNER",
        details: { account: BOB, nodeId: node },
        stateUnchanged: true,
      });
      expect(refusal(ledger, ALICE, { ...op, delegatorId: 1 })).toEqual({
        code: "NOT_OWNER",
        details: { account: ALICE, nodeId: node, delegatorId: 1 },
        stateUnchanged: true,
      });
      expect(refusal(ledger, ALICE, { ...op, nodeId: nodeId(9) })).toEqual({
        code: "NODE_NOT_FOUND",
        details: { nodeId: nodeId(9) },
        stateUnchanged: true,
      });
      expect(refusal(ledger, BOB, { ...op, delegatorId: 7 })).toEqual({
        code: "DELEGATOR_NOT_FOUND",
        details: { nodeId: node, delegatorId: 7 },
        stateUnchanged: true,
      });
    });
  });

  it("check order (D4): the handle is checked before the pool", () => {
    const { ledger, node } = fundedPools();
    const tooMuch = { op: "withdraw_unstaked_tokens", nodeId: node, amount: amount("1000000.0") } as const;
    expect(refusal(ledger, BOB, tooMuch).code).toBe("NOT_OWNER");
    expect(refusal(ledger, ALICE, { ...tooMuch, delegatorId: 1 }).code).toBe("NOT_OWNER");
    expect(refusal(ledger, BOB, { ...tooMuch, delegatorId: 2 }).code).toBe("DELEGATOR_NOT_FOUND");
  });
});
