import { describe, expect, it } from "vitest";
import { parseAmount } from "../amount.js";
import type { NodeId } from "../ids.js";
import { apply } from "../operations.js";
import type { LedgerState } from "../state.js";
import {
  ALICE,
  admin,
  BOB,
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
} from "../test-fixtures.js";

const amount = parseAmount;

/** Alice's role-1 node staked with `stake` for one epoch, auction open again, nothing pending. */
function stakedNode(stake = "300000.0"): { ledger: LedgerState; node: NodeId } {
  const ledger = newLedger();
  const node = registerNode(ledger, ALICE, 1, 1, stake);
  endEpoch(ledger, [node]);
  expect(ledger.movesPending.size).toBe(0);
  return { ledger, node };
}

describe("request_unstaking, node (§5.5)", () => {
  it("§18 rule 5: a request covered by committed tokens moves them to unstaked at once", () => {
    const { ledger, node } = stakedNode();
    apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: node, amount: amount("5000.0") });
    const { events } = apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("3000.0") });
    expect(events).toEqual([{ type: "TokensUnstaked", nodeID: node, amount: amount("3000.0") }]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(
      pools({ committed: "2000.0", staked: "300000.0", unstaked: "3000.0" }),
    );
  });

  it("§18 rule 5: only the remainder beyond committed waits as a request; the node goes moves-pending", () => {
    const { ledger, node } = stakedNode();
    apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: node, amount: amount("5000.0") });
    ledger.movesPending.clear(); // so that the request itself must put the node back
    const { events } = apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("8000.0") });
    expect(events).toEqual([
      { type: "TokensUnstaked", nodeID: node, amount: amount("5000.0") },
      { type: "NodeTokensRequestedToUnstake", nodeID: node, amount: amount("3000.0") },
    ]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(
      pools({ staked: "300000.0", unstaked: "5000.0", requestedToUnstake: "3000.0" }),
    );
    expect([...ledger.movesPending]).toEqual([node]);
  });

  it("§14: with nothing committed, TokensUnstaked(0) precedes NodeTokensRequestedToUnstake", () => {
    const { ledger, node } = stakedNode();
    const { events } = apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("10000.0") });
    expect(events).toEqual([
      { type: "TokensUnstaked", nodeID: node, amount: amount("0") },
      { type: "NodeTokensRequestedToUnstake", nodeID: node, amount: amount("10000.0") },
    ]);
  });

  it("a second request adds to the first and the event reports the new total", () => {
    const { ledger, node } = stakedNode();
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("1000.0") });
    const { events } = apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("500.0") });
    expect(events).toEqual([
      { type: "TokensUnstaked", nodeID: node, amount: amount("0") },
      { type: "NodeTokensRequestedToUnstake", nodeID: node, amount: amount("1500.0") },
    ]);
    expect(nodeOf(ledger, node).requestedToUnstake).toBe(amount("1500.0"));
  });

  it("a node without delegators may request an amount that leaves it below its minimum", () => {
    const { ledger, node } = stakedNode("250000.0");
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("200000.0") });
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ staked: "250000.0", requestedToUnstake: "200000.0" }));
  });

  it("may request everything: staked + committed exactly", () => {
    const { ledger, node } = stakedNode();
    apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: node, amount: amount("1.0") });
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("300001.0") });
    expect(poolsOf(nodeOf(ledger, node))).toEqual(
      pools({ staked: "300000.0", unstaked: "1.0", requestedToUnstake: "300000.0" }),
    );
  });

  it("removes a new node from the candidate list once it is no longer eligible", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("0.00000001") });
    expect(ledger.candidates[1].has(node)).toBe(false);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ committed: "249999.99999999", unstaked: "0.00000001" }));
  });

  it("keeps a new node on the candidate list while it still has its minimum", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "260000.0");
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("10000.0") });
    expect(ledger.candidates[1].has(node)).toBe(true);
  });

  it("a node with delegators may unstake down to exactly its minimum", () => {
    const { ledger, node } = stakedNode();
    registerDelegator(ledger, BOB, node, "100.0");
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("50000.0") });
    expect(nodeOf(ledger, node).requestedToUnstake).toBe(amount("50000.0"));
  });

  it("§18 rule 4: delegator records count even when emptied; unstake_all bypasses the restriction", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "300000.0");
    registerDelegator(ledger, BOB, node, "100.0");
    // The delegator takes everything back: its record stays, with every pool at zero.
    apply(ledger, BOB, { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("100.0") });
    apply(ledger, BOB, { op: "withdraw_unstaked_tokens", nodeId: node, delegatorId: 1, amount: amount("100.0") });
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(pools({}));
    endEpoch(ledger, [node]);

    const op = { op: "request_unstaking", nodeId: node, amount: amount("50000.00000001") } as const;
    expect(refusal(ledger, ALICE, op)).toEqual({
      code: "UNSTAKE_BELOW_MINIMUM_WITH_DELEGATORS",
      details: { remaining: "249999.99999999" },
      stateUnchanged: true,
    });
    apply(ledger, ALICE, { op: "unstake_all", nodeId: node });
    expect(nodeOf(ledger, node).requestedToUnstake).toBe(amount("300000.0"));
  });

  describe("one refusal per error code, state unchanged", () => {
    it("INSUFFICIENT_TOKENS_TO_UNSTAKE when staked + committed do not cover the request plus earlier requests", () => {
      const { ledger, node } = stakedNode();
      apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("100000.0") });
      const op = { op: "request_unstaking", nodeId: node, amount: amount("200000.00000001") } as const;
      expect(refusal(ledger, ALICE, op)).toEqual({
        code: "INSUFFICIENT_TOKENS_TO_UNSTAKE",
        details: { requested: "200000.00000001", available: "200000.00000000" },
        stateUnchanged: true,
      });
    });

    it("UNSTAKE_BELOW_MINIMUM_WITH_DELEGATORS for a node with a delegator", () => {
      const { ledger, node } = stakedNode();
      registerDelegator(ledger, BOB, node, "100.0");
      const op = { op: "request_unstaking", nodeId: node, amount: amount("50000.00000001") } as const;
      expect(refusal(ledger, ALICE, op)).toEqual({
        code: "UNSTAKE_BELOW_MINIMUM_WITH_DELEGATORS",
        details: { remaining: "249999.99999999" },
        stateUnchanged: true,
      });
    });

    it("AUCTION_NOT_IN_PROGRESS, NOT_OWNER, NODE_NOT_FOUND", () => {
      const { ledger, node } = stakedNode();
      const op = { op: "request_unstaking", nodeId: node, amount: amount("1.0") } as const;
      expect(refusal(ledger, BOB, op)).toEqual({
        code: "NOT_OWNER",
        details: { account: BOB, nodeId: node },
        stateUnchanged: true,
      });
      expect(refusal(ledger, ALICE, { ...op, nodeId: nodeId(9) })).toEqual({
        code: "NODE_NOT_FOUND",
        details: { nodeId: nodeId(9) },
        stateUnchanged: true,
      });
      admin(ledger, { op: "end_staking_auction" });
      expect(refusal(ledger, ALICE, op)).toMatchObject({ code: "AUCTION_NOT_IN_PROGRESS", stateUnchanged: true });
    });
  });

  it("check order (§5.5): not enough tokens is reported before the delegator restriction", () => {
    const { ledger, node } = stakedNode();
    registerDelegator(ledger, BOB, node, "100.0");
    const op = { op: "request_unstaking", nodeId: node, amount: amount("300000.00000001") } as const;
    expect(refusal(ledger, ALICE, op).code).toBe("INSUFFICIENT_TOKENS_TO_UNSTAKE");
  });
});

describe("unstake_all, node (§5.6)", () => {
  it("a new node: committed → unstaked, off the candidate list, no request", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const { events } = apply(ledger, ALICE, { op: "unstake_all", nodeId: node });
    expect(events).toEqual([{ type: "TokensUnstaked", nodeID: node, amount: amount("250000.0") }]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ unstaked: "250000.0" }));
    expect(ledger.candidates[1].has(node)).toBe(false);
  });

  it("a staked node: committed → unstaked, and the request is SET (not added) to the full staked amount", () => {
    const { ledger, node } = stakedNode();
    apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: node, amount: amount("700.0") });
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("1700.0") });
    expect(nodeOf(ledger, node).requestedToUnstake).toBe(amount("1000.0"));
    apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: node, amount: amount("50.0") });
    ledger.movesPending.clear(); // so that unstake_all itself must put the node back

    const { events } = apply(ledger, ALICE, { op: "unstake_all", nodeId: node });
    expect(events).toEqual([
      { type: "TokensUnstaked", nodeID: node, amount: amount("50.0") },
      { type: "NodeTokensRequestedToUnstake", nodeID: node, amount: amount("300000.0") },
    ]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(
      pools({ staked: "300000.0", unstaked: "750.0", requestedToUnstake: "300000.0" }),
    );
    expect([...ledger.movesPending]).toEqual([node]);
  });

  it("with nothing committed, emits only NodeTokensRequestedToUnstake", () => {
    const { ledger, node } = stakedNode();
    const { events } = apply(ledger, ALICE, { op: "unstake_all", nodeId: node });
    expect(events).toEqual([{ type: "NodeTokensRequestedToUnstake", nodeID: node, amount: amount("300000.0") }]);
  });

  it("with nothing committed or staked, emits nothing", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    apply(ledger, ALICE, { op: "unstake_all", nodeId: node });
    const { events } = apply(ledger, ALICE, { op: "unstake_all", nodeId: node });
    expect(events).toEqual([]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ unstaked: "250000.0" }));
  });

  it("does not touch delegators directly: immediately afterwards their own requests are still 0", () => {
    const { ledger, node } = stakedNode();
    registerDelegator(ledger, BOB, node, "100.0");
    registerDelegator(ledger, CAROL, node, "200.0");
    endEpoch(ledger, [node]);
    apply(ledger, ALICE, { op: "unstake_all", nodeId: node });
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(pools({ staked: "100.0" }));
    expect(poolsOf(delegatorOf(ledger, node, 2))).toEqual(pools({ staked: "200.0" }));
  });

  it("AUCTION_NOT_IN_PROGRESS, NOT_OWNER, NODE_NOT_FOUND, state unchanged", () => {
    const { ledger, node } = stakedNode();
    expect(refusal(ledger, BOB, { op: "unstake_all", nodeId: node })).toEqual({
      code: "NOT_OWNER",
      details: { account: BOB, nodeId: node },
      stateUnchanged: true,
    });
    expect(refusal(ledger, ALICE, { op: "unstake_all", nodeId: nodeId(9) })).toEqual({
      code: "NODE_NOT_FOUND",
      details: { nodeId: nodeId(9) },
      stateUnchanged: true,
    });
    admin(ledger, { op: "end_staking_auction" });
    expect(refusal(ledger, ALICE, { op: "unstake_all", nodeId: node })).toMatchObject({
      code: "AUCTION_NOT_IN_PROGRESS",
      stateUnchanged: true,
    });
  });
});

describe("request_unstaking, delegator (§6.5)", () => {
  /** Alice's node with Bob's delegator 1 staked 1000 for one epoch. */
  function delegated() {
    const { ledger, node } = stakedNode();
    registerDelegator(ledger, BOB, node, "1000.0");
    endEpoch(ledger, [node]);
    expect(ledger.movesPending.size).toBe(0);
    return { ledger, node };
  }

  it("§18 rule 5: served from committed first, at once", () => {
    const { ledger, node } = delegated();
    apply(ledger, BOB, { op: "stake_new_tokens", nodeId: node, delegatorId: 1, amount: amount("300.0") });
    const op = { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("200.0") } as const;
    const { events } = apply(ledger, BOB, op);
    expect(events).toEqual([
      { type: "DelegatorTokensUnstaked", nodeID: node, delegatorID: 1, amount: amount("200.0") },
    ]);
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(
      pools({ committed: "100.0", staked: "1000.0", unstaked: "200.0" }),
    );
  });

  it("the remainder beyond committed is added to the request; the delegator goes moves-pending", () => {
    const { ledger, node } = delegated();
    apply(ledger, BOB, { op: "stake_new_tokens", nodeId: node, delegatorId: 1, amount: amount("300.0") });
    apply(ledger, BOB, { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("400.0") });
    const op = { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("50.0") } as const;
    const { events } = apply(ledger, BOB, op);
    expect(events).toEqual([
      { type: "DelegatorTokensUnstaked", nodeID: node, delegatorID: 1, amount: amount("0") },
      { type: "DelegatorTokensRequestedToUnstake", nodeID: node, delegatorID: 1, amount: amount("150.0") },
    ]);
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(
      pools({ staked: "1000.0", unstaked: "300.0", requestedToUnstake: "150.0" }),
    );
    expect(delegatorOf(ledger, node, 1).movePending).toBe(true);
    expect(ledger.movesPending.has(node)).toBe(true);
  });

  it("§18 rule 7: no minimum check; a delegator may request down to 0.00000001 staked", () => {
    const { ledger, node } = delegated();
    const op = { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("999.99999999") } as const;
    apply(ledger, BOB, op);
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(
      pools({ staked: "1000.0", requestedToUnstake: "999.99999999" }),
    );
  });

  describe("one refusal per error code, state unchanged", () => {
    it("INSUFFICIENT_TOKENS_TO_UNSTAKE", () => {
      const { ledger, node } = delegated();
      apply(ledger, BOB, { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("600.0") });
      const op = { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("400.00000001") } as const;
      expect(refusal(ledger, BOB, op)).toEqual({
        code: "INSUFFICIENT_TOKENS_TO_UNSTAKE",
        details: { requested: "400.00000001", available: "400.00000000" },
        stateUnchanged: true,
      });
    });

    it("DELEGATOR_NOT_FOUND, NOT_OWNER, AUCTION_NOT_IN_PROGRESS", () => {
      const { ledger, node } = delegated();
      const op = { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("1.0") } as const;
      expect(refusal(ledger, BOB, { ...op, delegatorId: 2 })).toEqual({
        code: "DELEGATOR_NOT_FOUND",
        details: { nodeId: node, delegatorId: 2 },
        stateUnchanged: true,
      });
      expect(refusal(ledger, ALICE, op)).toEqual({
        code: "NOT_OWNER",
        details: { account: ALICE, nodeId: node, delegatorId: 1 },
        stateUnchanged: true,
      });
      admin(ledger, { op: "end_staking_auction" });
      expect(refusal(ledger, BOB, op)).toMatchObject({ code: "AUCTION_NOT_IN_PROGRESS", stateUnchanged: true });
    });
  });
});
