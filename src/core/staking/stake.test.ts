import { describe, expect, it } from "vitest";
import { parseAmount } from "../amount.js";
import type { NodeId } from "../ids.js";
import { apply } from "../operations.js";
import { roleTable } from "../roles.js";
import type { GenesisConfig, LedgerState } from "../state.js";
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

/** Alice's role-1 node staked with `stake` for one epoch (approved, a participant), auction open again. */
function stakedNode(stake = "300000.0"): { ledger: LedgerState; node: NodeId } {
  const ledger = newLedgerWithNode(stake);
  const node = nodeId(1);
  endEpoch(ledger, [node]);
  return { ledger, node };
}

/** A ledger in which Alice registered role-1 node 1 with `stake`. */
function newLedgerWithNode(stake: string, config: Partial<GenesisConfig> = {}): LedgerState {
  const ledger = newLedger(config);
  registerNode(ledger, ALICE, 1, 1, stake);
  return ledger;
}

describe("stake_new_tokens, node (§5.2)", () => {
  it("adds to committed, emits TokensCommitted, debits the signer and marks the node moves-pending", () => {
    const { ledger, node } = stakedNode();
    expect(ledger.movesPending.size).toBe(0);
    const { result, events } = apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: node, amount: amount("1000.5") });
    expect(result).toBeNull();
    expect(events).toEqual([{ type: "TokensCommitted", nodeID: node, amount: amount("1000.5") }]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ committed: "1000.5", staked: "300000.0" }));
    expect(balanceOf(ledger, ALICE)).toBe(START_BALANCE - amount("300000.0") - amount("1000.5"));
    expect([...ledger.movesPending]).toEqual([node]);
  });

  it("an existing participant that adds stake is never a candidate, so candidate limits do not apply to it", () => {
    const ledger = newLedger({ candidateNodeLimits: roleTable(() => 1n) });
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    endEpoch(ledger, [node]);
    registerNode(ledger, BOB, 2, 1, "250000.0"); // fills role 1's candidate list
    apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: node, amount: amount("5.0") });
    expect([...ledger.candidates[1]]).toEqual([nodeId(2)]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ committed: "5.0", staked: "250000.0" }));
  });

  it("§5.2 quirk: with candidate limit 1 a registered candidate cannot top up its stake in the same auction", () => {
    const ledger = newLedgerWithNode("250000.0", { candidateNodeLimits: roleTable(() => 1n) });
    const op = { op: "stake_new_tokens", nodeId: nodeId(1), amount: amount("1.0") } as const;
    expect(refusal(ledger, ALICE, op)).toEqual({
      code: "CANDIDATE_LIMIT_EXCEEDED",
      details: { role: 1, limit: 1 },
      stateUnchanged: true,
    });
  });

  it("§18 rule 10: candidate limits are enforced on every commit, even for nodes already in the list", () => {
    const ledger = newLedger({ candidateNodeLimits: roleTable(() => 2n) });
    registerNode(ledger, ALICE, 1, 1, "250000.0");
    registerNode(ledger, BOB, 2, 1, "250000.0");
    const op = { op: "stake_new_tokens", nodeId: nodeId(1), amount: amount("1.0") } as const;
    expect(refusal(ledger, ALICE, op).code).toBe("CANDIDATE_LIMIT_EXCEEDED");
  });

  it("a new node that fell below its minimum rejoins the candidate list when it commits enough again", () => {
    const ledger = newLedgerWithNode("250000.0");
    const node = nodeId(1);
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("1.0") });
    expect(ledger.candidates[1].has(node)).toBe(false);
    apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: node, amount: amount("0.5") });
    expect(ledger.candidates[1].has(node)).toBe(false);
    apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: node, amount: amount("0.5") });
    expect(ledger.candidates[1].has(node)).toBe(true);
  });

  it("does not cancel a pending unstake request (only stake_unstaked_tokens does)", () => {
    const { ledger, node } = stakedNode();
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("1000.0") });
    apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: node, amount: amount("500.0") });
    expect(poolsOf(nodeOf(ledger, node))).toEqual(
      pools({ committed: "500.0", staked: "300000.0", requestedToUnstake: "1000.0" }),
    );
  });

  describe("one refusal per error code, state unchanged", () => {
    it("NODE_NOT_FOUND for an unknown node", () => {
      const { ledger } = stakedNode();
      const op = { op: "stake_new_tokens", nodeId: nodeId(9), amount: amount("1.0") } as const;
      expect(refusal(ledger, ALICE, op)).toEqual({
        code: "NODE_NOT_FOUND",
        details: { nodeId: nodeId(9) },
        stateUnchanged: true,
      });
    });

    it("NOT_OWNER when the signer does not hold the node's handle", () => {
      const { ledger, node } = stakedNode();
      const op = { op: "stake_new_tokens", nodeId: node, amount: amount("1.0") } as const;
      expect(refusal(ledger, BOB, op)).toEqual({
        code: "NOT_OWNER",
        details: { account: BOB, nodeId: node },
        stateUnchanged: true,
      });
    });

    it("INSUFFICIENT_BALANCE when the signer cannot pay", () => {
      const { ledger, node } = stakedNode();
      const op = { op: "stake_new_tokens", nodeId: node, amount: amount("99700000.00000001") } as const;
      expect(refusal(ledger, ALICE, op)).toEqual({
        code: "INSUFFICIENT_BALANCE",
        details: { account: ALICE, balance: "99700000.00000000", amount: "99700000.00000001" },
        stateUnchanged: true,
      });
    });

    it("AUCTION_NOT_IN_PROGRESS once the auction has ended", () => {
      const { ledger, node } = stakedNode();
      admin(ledger, { op: "end_staking_auction" });
      const op = { op: "stake_new_tokens", nodeId: node, amount: amount("1.0") } as const;
      expect(refusal(ledger, ALICE, op)).toMatchObject({ code: "AUCTION_NOT_IN_PROGRESS", stateUnchanged: true });
    });
  });

  it("check order (D4): ownership before balance before the auction", () => {
    const { ledger, node } = stakedNode();
    admin(ledger, { op: "end_staking_auction" });
    const tooMuch = { op: "stake_new_tokens", nodeId: node, amount: amount("200000000.0") } as const;
    expect(refusal(ledger, BOB, tooMuch).code).toBe("NOT_OWNER");
    expect(refusal(ledger, ALICE, tooMuch).code).toBe("INSUFFICIENT_BALANCE");
  });
});

describe("stake_unstaked_tokens, node (§5.3)", () => {
  /** Staked 300000 with a pending request of 10000 and 5000 unstaked. */
  function withRequestAndUnstaked() {
    const { ledger, node } = stakedNode();
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("10000.0") });
    apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: node, amount: amount("5000.0") });
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("5000.0") });
    expect(poolsOf(nodeOf(ledger, node))).toEqual(
      pools({ staked: "300000.0", unstaked: "5000.0", requestedToUnstake: "10000.0" }),
    );
    return { ledger, node };
  }

  it("§18 rule 5: an amount within the pending request only shrinks the request; nothing moves", () => {
    const { ledger, node } = withRequestAndUnstaked();
    const { events } = apply(ledger, ALICE, { op: "stake_unstaked_tokens", nodeId: node, amount: amount("4000.0") });
    expect(events).toEqual([{ type: "TokensCommitted", nodeID: node, amount: amount("0") }]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(
      pools({ staked: "300000.0", unstaked: "5000.0", requestedToUnstake: "6000.0" }),
    );
  });

  it("§18 rule 5: an amount equal to the request cancels it exactly", () => {
    const { ledger, node } = withRequestAndUnstaked();
    apply(ledger, ALICE, { op: "stake_unstaked_tokens", nodeId: node, amount: amount("10000.0") });
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ staked: "300000.0", unstaked: "5000.0" }));
  });

  it("§18 rule 12: beyond the request, the request is cancelled and TokensCommitted reports only the net amount", () => {
    const { ledger, node } = withRequestAndUnstaked();
    const { events } = apply(ledger, ALICE, { op: "stake_unstaked_tokens", nodeId: node, amount: amount("12000.0") });
    expect(events).toEqual([{ type: "TokensCommitted", nodeID: node, amount: amount("2000.0") }]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(
      pools({ committed: "2000.0", staked: "300000.0", unstaked: "3000.0" }),
    );
    expect(ledger.movesPending.has(node)).toBe(true);
  });

  it("with no request, moves unstaked tokens back to committed", () => {
    const ledger = newLedgerWithNode("260000.0");
    const node = nodeId(1);
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("20000.0") });
    expect(ledger.candidates[1].has(node)).toBe(false);
    const { events } = apply(ledger, ALICE, { op: "stake_unstaked_tokens", nodeId: node, amount: amount("15000.0") });
    expect(events).toEqual([{ type: "TokensCommitted", nodeID: node, amount: amount("15000.0") }]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ committed: "255000.0", unstaked: "5000.0" }));
    // Back at its minimum, the new node is a candidate again (§5.3: candidate check as in §5.2).
    expect(ledger.candidates[1].has(node)).toBe(true);
  });

  it("INSUFFICIENT_UNSTAKED_TOKENS when the remainder exceeds the unstaked pool, state unchanged", () => {
    const { ledger, node } = withRequestAndUnstaked();
    const op = { op: "stake_unstaked_tokens", nodeId: node, amount: amount("15000.00000001") } as const;
    expect(refusal(ledger, ALICE, op)).toMatchObject({ code: "INSUFFICIENT_UNSTAKED_TOKENS", stateUnchanged: true });
  });

  it("AUCTION_NOT_IN_PROGRESS, NOT_OWNER and NODE_NOT_FOUND, state unchanged", () => {
    const { ledger, node } = withRequestAndUnstaked();
    const op = { op: "stake_unstaked_tokens", nodeId: node, amount: amount("1.0") } as const;
    expect(refusal(ledger, BOB, op)).toMatchObject({ code: "NOT_OWNER", stateUnchanged: true });
    expect(refusal(ledger, ALICE, { ...op, nodeId: nodeId(9) })).toMatchObject({
      code: "NODE_NOT_FOUND",
      stateUnchanged: true,
    });
    admin(ledger, { op: "end_staking_auction" });
    expect(refusal(ledger, ALICE, op)).toMatchObject({ code: "AUCTION_NOT_IN_PROGRESS", stateUnchanged: true });
  });
});

describe("stake_rewarded_tokens, node (§5.4)", () => {
  /** Alice's node alone staked 250000 for one epoch and paid 1250000 (rate 5). */
  function rewardedNode() {
    const ledger = newLedgerWithNode("250000.0");
    const node = nodeId(1);
    endEpoch(ledger, [node]);
    admin(ledger, { op: "pay_rewards" });
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ staked: "250000.0", rewarded: "1250000.0" }));
    return { ledger, node };
  }

  it("moves rewarded tokens to committed and emits TokensCommitted", () => {
    const { ledger, node } = rewardedNode();
    const { events } = apply(ledger, ALICE, { op: "stake_rewarded_tokens", nodeId: node, amount: amount("1000.0") });
    expect(events).toEqual([{ type: "TokensCommitted", nodeID: node, amount: amount("1000.0") }]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(
      pools({ committed: "1000.0", staked: "250000.0", rewarded: "1249000.0" }),
    );
    expect(ledger.movesPending.has(node)).toBe(true);
  });

  it("INSUFFICIENT_REWARDED_TOKENS beyond the rewarded pool, state unchanged", () => {
    const { ledger, node } = rewardedNode();
    const op = { op: "stake_rewarded_tokens", nodeId: node, amount: amount("1250000.00000001") } as const;
    expect(refusal(ledger, ALICE, op)).toMatchObject({ code: "INSUFFICIENT_REWARDED_TOKENS", stateUnchanged: true });
  });

  it("AUCTION_NOT_IN_PROGRESS and NOT_OWNER, state unchanged", () => {
    const { ledger, node } = rewardedNode();
    const op = { op: "stake_rewarded_tokens", nodeId: node, amount: amount("1.0") } as const;
    expect(refusal(ledger, CAROL, op)).toMatchObject({ code: "NOT_OWNER", stateUnchanged: true });
    admin(ledger, { op: "end_staking_auction" });
    expect(refusal(ledger, ALICE, op)).toMatchObject({ code: "AUCTION_NOT_IN_PROGRESS", stateUnchanged: true });
  });
});

describe("delegator staking (§6.2–6.4)", () => {
  /** Alice's node (250000) with Bob's delegator 1 (1000), staked one epoch and paid (delegator: 4581.6733056). */
  function delegated() {
    const ledger = newLedgerWithNode("250000.0");
    const node = nodeId(1);
    registerDelegator(ledger, BOB, node, "1000.0");
    endEpoch(ledger, [node]);
    admin(ledger, { op: "pay_rewards" });
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(pools({ staked: "1000.0", rewarded: "4581.6733056" }));
    return { ledger, node };
  }

  it("delegate new tokens: adds to committed with no minimum check on top-ups (§18 rule 7)", () => {
    const { ledger, node } = delegated();
    const op = { op: "stake_new_tokens", nodeId: node, delegatorId: 1, amount: amount("0.00000001") } as const;
    const { events } = apply(ledger, BOB, op);
    expect(events).toEqual([
      { type: "DelegatorTokensCommitted", nodeID: node, delegatorID: 1, amount: amount("0.00000001") },
    ]);
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(
      pools({ committed: "0.00000001", staked: "1000.0", rewarded: "4581.6733056" }),
    );
    expect(delegatorOf(ledger, node, 1).movePending).toBe(true);
    expect(ledger.movesPending.has(node)).toBe(true);
    expect(balanceOf(ledger, BOB)).toBe(START_BALANCE - amount("1000.00000001"));
  });

  it("§18 rule 12: delegate unstaked tokens reports the gross amount, unlike the node event", () => {
    const { ledger, node } = delegated();
    apply(ledger, BOB, { op: "stake_new_tokens", nodeId: node, delegatorId: 1, amount: amount("300.0") });
    apply(ledger, BOB, { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("500.0") });
    // 300 came straight back from committed; 200 waits as a request.
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(
      pools({ staked: "1000.0", unstaked: "300.0", rewarded: "4581.6733056", requestedToUnstake: "200.0" }),
    );
    const op = { op: "stake_unstaked_tokens", nodeId: node, delegatorId: 1, amount: amount("250.0") } as const;
    const { events } = apply(ledger, BOB, op);
    expect(events).toEqual([
      { type: "DelegatorTokensCommitted", nodeID: node, delegatorID: 1, amount: amount("250.0") },
    ]);
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(
      pools({ committed: "50.0", staked: "1000.0", unstaked: "250.0", rewarded: "4581.6733056" }),
    );
  });

  it("§18 rule 5: delegate unstaked tokens within the request only shrinks the request", () => {
    const { ledger, node } = delegated();
    apply(ledger, BOB, { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("400.0") });
    const op = { op: "stake_unstaked_tokens", nodeId: node, delegatorId: 1, amount: amount("100.0") } as const;
    const { events } = apply(ledger, BOB, op);
    expect(events).toEqual([
      { type: "DelegatorTokensCommitted", nodeID: node, delegatorID: 1, amount: amount("100.0") },
    ]);
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(
      pools({ staked: "1000.0", rewarded: "4581.6733056", requestedToUnstake: "300.0" }),
    );
  });

  it("delegate rewarded tokens: rewarded → committed", () => {
    const { ledger, node } = delegated();
    const op = { op: "stake_rewarded_tokens", nodeId: node, delegatorId: 1, amount: amount("81.6733056") } as const;
    const { events } = apply(ledger, BOB, op);
    expect(events).toEqual([
      { type: "DelegatorTokensCommitted", nodeID: node, delegatorID: 1, amount: amount("81.6733056") },
    ]);
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(
      pools({ committed: "81.6733056", staked: "1000.0", rewarded: "4500.0" }),
    );
  });

  it("check order (D4): delegator exists, then the handle, then the balance, then the auction", () => {
    const { ledger, node } = delegated();
    admin(ledger, { op: "end_staking_auction" });
    const tooMuch = { op: "stake_new_tokens", nodeId: node, delegatorId: 1, amount: amount("200000000.0") } as const;
    expect(refusal(ledger, ALICE, { ...tooMuch, delegatorId: 2 }).code).toBe("DELEGATOR_NOT_FOUND");
    expect(refusal(ledger, ALICE, tooMuch).code).toBe("NOT_OWNER");
    expect(refusal(ledger, BOB, tooMuch).code).toBe("INSUFFICIENT_BALANCE");
  });

  describe("one refusal per error code, state unchanged", () => {
    it("DELEGATOR_NOT_FOUND for an unknown delegator ID", () => {
      const { ledger, node } = delegated();
      for (const delegatorId of [0, 2, 1.5]) {
        const op = { op: "stake_new_tokens", nodeId: node, delegatorId, amount: amount("1.0") } as const;
        expect(refusal(ledger, BOB, op)).toEqual({
          code: "DELEGATOR_NOT_FOUND",
          details: { nodeId: node, delegatorId },
          stateUnchanged: true,
        });
      }
    });

    it("NOT_OWNER when the signer does not hold the delegator's handle (even the node operator)", () => {
      const { ledger, node } = delegated();
      const op = { op: "stake_new_tokens", nodeId: node, delegatorId: 1, amount: amount("1.0") } as const;
      expect(refusal(ledger, ALICE, op)).toEqual({
        code: "NOT_OWNER",
        details: { account: ALICE, nodeId: node, delegatorId: 1 },
        stateUnchanged: true,
      });
    });

    it("INSUFFICIENT_BALANCE when the delegator's owner cannot pay", () => {
      const { ledger, node } = delegated();
      const op = { op: "stake_new_tokens", nodeId: node, delegatorId: 1, amount: amount("99999000.00000001") } as const;
      expect(refusal(ledger, BOB, op)).toEqual({
        code: "INSUFFICIENT_BALANCE",
        details: { account: BOB, balance: "99999000.00000000", amount: "99999000.00000001" },
        stateUnchanged: true,
      });
    });

    it("INSUFFICIENT_UNSTAKED_TOKENS and INSUFFICIENT_REWARDED_TOKENS", () => {
      const { ledger, node } = delegated();
      const unstaked = { op: "stake_unstaked_tokens", nodeId: node, delegatorId: 1, amount: amount("0.1") } as const;
      expect(refusal(ledger, BOB, unstaked)).toMatchObject({
        code: "INSUFFICIENT_UNSTAKED_TOKENS",
        stateUnchanged: true,
      });
      const rewarded = {
        op: "stake_rewarded_tokens",
        nodeId: node,
        delegatorId: 1,
        amount: amount("4581.67330561"),
      } as const;
      expect(refusal(ledger, BOB, rewarded)).toMatchObject({
        code: "INSUFFICIENT_REWARDED_TOKENS",
        stateUnchanged: true,
      });
    });

    it("AUCTION_NOT_IN_PROGRESS for all three verbs once the auction has ended", () => {
      const { ledger, node } = delegated();
      admin(ledger, { op: "end_staking_auction" });
      for (const op of ["stake_new_tokens", "stake_unstaked_tokens", "stake_rewarded_tokens"] as const) {
        expect(refusal(ledger, BOB, { op, nodeId: node, delegatorId: 1, amount: amount("1.0") })).toMatchObject({
          code: "AUCTION_NOT_IN_PROGRESS",
          stateUnchanged: true,
        });
      }
    });
  });
});
