import { describe, expect, it } from "vitest";
import { type Amount, parseAmount } from "../amount.js";
import { apply } from "../operations.js";
import { runQuery } from "../queries.js";
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

function newEpoch(totalStaked: string, newEpochCounter: number) {
  return {
    type: "NewEpoch",
    totalStaked: amount(totalStaked),
    totalRewardPayout: amount("1250000.0"),
    newEpochCounter,
  };
}

/** The default minimum-stake table, a fresh copy to change. */
function defaultMinimums(): Map<number, Amount> {
  return new Map<number, Amount>([
    [1, amount("250000.0")],
    [2, amount("500000.0")],
    [3, amount("1250000.0")],
    [4, amount("135000.0")],
    [5, amount("100.0")],
  ]);
}

describe("moveTokens (§10)", () => {
  it("AUCTION_IN_PROGRESS while the auction is open, state unchanged", () => {
    const ledger = newLedger();
    registerNode(ledger, ALICE, 1, 1, "250000.0");
    expect(refusal(ledger, ADMIN, { op: "move_tokens" })).toMatchObject({
      code: "AUCTION_IN_PROGRESS",
      stateUnchanged: true,
    });
  });

  it("step 1: committed → staked for nodes and delegators, role totals, participants; then NewEpoch and a new auction", () => {
    const ledger = newLedger();
    const collector = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const consensus = registerNode(ledger, BOB, 2, 2, "500000.0");
    registerDelegator(ledger, CAROL, consensus, "1000.0");
    const access = registerNode(ledger, CAROL, 3, 5, "100.0");
    admin(ledger, { op: "end_staking", nodeIds: [collector, consensus, access] });

    expect(admin(ledger, { op: "move_tokens" }).events).toEqual([
      { type: "TokensStaked", nodeID: collector, amount: amount("250000.0") },
      { type: "TokensStaked", nodeID: consensus, amount: amount("500000.0") },
      { type: "DelegatorTokensStaked", nodeID: consensus, delegatorID: 1, amount: amount("1000.0") },
      { type: "TokensStaked", nodeID: access, amount: amount("100.0") },
      newEpoch("751000.0", 1),
    ]);
    expect(ledger.totalStakedByRole.slice(1)).toEqual(
      ["250000.0", "501000.0", "0", "0", "100.0"].map((value) => amount(value)),
    );
    expect([...ledger.participants].sort()).toEqual([collector, consensus, access]);
    expect(poolsOf(delegatorOf(ledger, consensus, 1))).toEqual(pools({ staked: "1000.0" }));
    expect(delegatorOf(ledger, consensus, 1).movePending).toBe(false);
    expect(ledger.movesPending.size).toBe(0);
    expect(ledger.stakingEnabled).toBe(true);
    expect(runQuery(ledger, { query: "epoch_counter" })).toBe(1);
  });

  it("§10 timeline: requested in epoch E's auction → staked through E, unstaking through E+1, unstaked at the start of E+2", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "400000.0");
    endEpoch(ledger, [node]); // epoch 1 begins
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("100000.0") });
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ staked: "400000.0", requestedToUnstake: "100000.0" }));

    expect(endEpoch(ledger, [node])).toEqual([
      // Approved and pending: TokensStaked is emitted even for 0.
      { type: "TokensStaked", nodeID: node, amount: amount("0") },
      { type: "TokensUnstaking", nodeID: node, amount: amount("100000.0") },
      newEpoch("300000.0", 2),
    ]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ staked: "300000.0", unstaking: "100000.0" }));
    // Still pending, so that its unstaking tokens are released at the next boundary.
    expect([...ledger.movesPending]).toEqual([node]);
    const withdraw = { op: "withdraw_unstaked_tokens", nodeId: node, amount: amount("1.0") } as const;
    expect(refusal(ledger, ALICE, withdraw).code).toBe("INSUFFICIENT_UNSTAKED_TOKENS");

    expect(endEpoch(ledger, [node])).toEqual([
      { type: "TokensStaked", nodeID: node, amount: amount("0") },
      { type: "TokensUnstaked", nodeID: node, amount: amount("100000.0") },
      newEpoch("300000.0", 3),
    ]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ staked: "300000.0", unstaked: "100000.0" }));
    expect(ledger.movesPending.size).toBe(0);
    apply(ledger, ALICE, { ...withdraw, amount: amount("100000.0") });
  });

  it("step 3: a node whose staked tokens fall below its minimum leaves the participant list (without being refunded)", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "350000.0");
    endEpoch(ledger, [node]);
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("50000.0") });
    admin(ledger, { op: "end_staking", nodeIds: [node] }); // 300000 ≥ 250000: survives the auction's checks
    const raised = defaultMinimums();
    raised.set(1, amount("310000.0"));
    admin(ledger, { op: "set_minimum_stakes", value: raised });

    expect(admin(ledger, { op: "move_tokens" }).events).toEqual([
      { type: "TokensStaked", nodeID: node, amount: amount("0") },
      { type: "TokensUnstaking", nodeID: node, amount: amount("50000.0") },
      newEpoch("300000.0", 2),
    ]);
    expect(ledger.participants.has(node)).toBe(false);
    expect(ledger.approved.has(node)).toBe(true);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ staked: "300000.0", unstaking: "50000.0" }));
  });

  it("step 1: a pending node that is neither approved nor committing is not added to the participants", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const events = endEpoch(ledger, []);
    expect(events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: node, amount: amount("250000.0") },
      newEpoch("0", 1),
    ]);
    expect(ledger.participants.size).toBe(0);
  });

  describe("delegators (§10 step 4)", () => {
    /** Node 1 (250000) with Bob's delegator 1 (100) and Carol's delegator 2 (60), staked one epoch. */
    function delegated() {
      const ledger = newLedger();
      const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
      registerDelegator(ledger, BOB, node, "100.0");
      registerDelegator(ledger, CAROL, node, "60.0");
      endEpoch(ledger, [node]);
      expect(ledger.totalStakedByRole[1]).toBe(amount("250160.0"));
      return { ledger, node };
    }

    it("a request moves staked → unstaking, the delegator stays pending, and unstaking → unstaked a boundary later", () => {
      const { ledger, node } = delegated();
      apply(ledger, BOB, { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("40.0") });
      expect(endEpoch(ledger, [node])).toEqual([
        { type: "TokensStaked", nodeID: node, amount: amount("0") },
        { type: "DelegatorTokensUnstaking", nodeID: node, delegatorID: 1, amount: amount("40.0") },
        newEpoch("250120.0", 2),
      ]);
      expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(pools({ staked: "60.0", unstaking: "40.0" }));
      expect(delegatorOf(ledger, node, 1).movePending).toBe(true);
      expect(endEpoch(ledger, [node])).toEqual([
        { type: "TokensStaked", nodeID: node, amount: amount("0") },
        { type: "DelegatorTokensUnstaked", nodeID: node, delegatorID: 1, amount: amount("40.0") },
        newEpoch("250120.0", 3),
      ]);
      expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(pools({ staked: "60.0", unstaked: "40.0" }));
      expect(delegatorOf(ledger, node, 1).movePending).toBe(false);
    });

    it("§18 rule 7 / D1: a delegator whose next-epoch stake would be below the minimum is fully unstaked, staked tokens included", () => {
      const { ledger, node } = delegated();
      // 100 − 60 = 40 < 50: the request is widened to all 100 staked.
      apply(ledger, BOB, { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("60.0") });
      // A new delegator of 60 that takes 20 back from committed: 40 committed < 50, never staked.
      registerDelegator(ledger, BOB, node, "60.0");
      apply(ledger, BOB, { op: "request_unstaking", nodeId: node, delegatorId: 3, amount: amount("20.0") });

      expect(endEpoch(ledger, [node])).toEqual([
        { type: "TokensStaked", nodeID: node, amount: amount("0") },
        { type: "DelegatorTokensUnstaking", nodeID: node, delegatorID: 1, amount: amount("100.0") },
        newEpoch("250060.0", 2),
      ]);
      expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(pools({ unstaking: "100.0" }));
      expect(poolsOf(delegatorOf(ledger, node, 3))).toEqual(pools({ unstaked: "60.0" }));
      expect(delegatorOf(ledger, node, 3).movePending).toBe(false);
      expect(ledger.totalStakedByRole[1]).toBe(amount("250060.0"));
    });

    it("§18 rule 6: a raised delegator minimum does not sweep delegators that are not on the moves-pending list", () => {
      const { ledger, node } = delegated();
      admin(ledger, { op: "set_delegator_minimum", value: amount("70.0") });
      apply(ledger, BOB, { op: "stake_new_tokens", nodeId: node, delegatorId: 1, amount: amount("1.0") });
      expect(endEpoch(ledger, [node])).toEqual([
        { type: "TokensStaked", nodeID: node, amount: amount("0") },
        { type: "DelegatorTokensStaked", nodeID: node, delegatorID: 1, amount: amount("1.0") },
        newEpoch("250161.0", 2),
      ]);
      // Delegator 2 (60 < 70) did nothing this auction, so it keeps its stake.
      expect(poolsOf(delegatorOf(ledger, node, 2))).toEqual(pools({ staked: "60.0" }));
    });

    it("D1 compares committed + staked − request with '<': exactly the minimum stays", () => {
      const { ledger, node } = delegated();
      apply(ledger, BOB, { op: "request_unstaking", nodeId: node, delegatorId: 1, amount: amount("50.0") });
      endEpoch(ledger, [node]);
      expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(pools({ staked: "50.0", unstaking: "50.0" }));
    });
  });

  it("D5: a role minimum missing from the table aborts half-way with ROLE_MINIMUM_NOT_SET and changes nothing", () => {
    const ledger = newLedger();
    const collector = registerNode(ledger, ALICE, 2, 1, "300000.0");
    endEpoch(ledger, [collector]);
    // Node 1 (access, committed) is moved before node 2 (role 1, a request) reaches the missing minimum.
    const access = registerNode(ledger, BOB, 1, 5, "100.0");
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: collector, amount: amount("10000.0") });
    admin(ledger, { op: "end_staking", nodeIds: [access, collector] });
    const noRole1 = defaultMinimums();
    noRole1.delete(1);
    noRole1.set(6, amount("1.0"));
    admin(ledger, { op: "set_minimum_stakes", value: noRole1 });
    expect(refusal(ledger, ADMIN, { op: "move_tokens" })).toEqual({
      code: "ROLE_MINIMUM_NOT_SET",
      details: { role: 1 },
      stateUnchanged: true,
    });
  });
});
