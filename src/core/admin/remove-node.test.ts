import { describe, expect, it } from "vitest";
import { parseAmount } from "../amount.js";
import { apply } from "../operations.js";
import {
  ADMIN,
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

describe("remove_node (§8.3)", () => {
  it("a staked node with delegators, during the auction: every pool and list as §8.3 says", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "300000.0");
    registerDelegator(ledger, BOB, node, "1000.0");
    endEpoch(ledger, [node]);
    apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: node, amount: amount("500.0") });
    registerDelegator(ledger, CAROL, node, "100.0");
    expect(delegatorOf(ledger, node, 1).movePending).toBe(false);

    const { events } = admin(ledger, { op: "remove_node", nodeId: node });
    expect(events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: node, amount: amount("300500.0") },
      { type: "DelegatorTokensUnstaked", nodeID: node, delegatorID: 2, amount: amount("100.0") },
    ]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(
      pools({ staked: "300000.0", unstaked: "500.0", requestedToUnstake: "300000.0" }),
    );
    // The staked delegator is asked to unstake everything and goes on the moves-pending list.
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(pools({ staked: "1000.0", requestedToUnstake: "1000.0" }));
    expect(delegatorOf(ledger, node, 1).movePending).toBe(true);
    expect(poolsOf(delegatorOf(ledger, node, 2))).toEqual(pools({ unstaked: "100.0" }));
    expect(ledger.roleCounts[1]).toBe(0);
    expect(ledger.approved.has(node)).toBe(false);
    expect(nodeOf(ledger, node).initialWeight).toBe(0);
    expect([...ledger.movesPending]).toEqual([node]);
    // The record stays in the table (records are never deleted).
    expect(ledger.nodes.has(node)).toBe(true);
  });

  it("a node that is only pending through a delegator is put on the moves-pending list itself", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "300000.0");
    endEpoch(ledger, [node]);
    expect(ledger.movesPending.size).toBe(0);
    admin(ledger, { op: "remove_node", nodeId: node });
    expect([...ledger.movesPending]).toEqual([node]);
  });

  it("a new candidate during the auction (nothing staked): refunded, no request, role count untouched", () => {
    const ledger = newLedger();
    const staked = registerNode(ledger, ALICE, 1, 1, "250000.0");
    endEpoch(ledger, [staked]);
    const fresh = registerNode(ledger, BOB, 2, 1, "260000.0");
    admin(ledger, { op: "add_approved_nodes", nodeIds: [fresh] });

    expect(admin(ledger, { op: "remove_node", nodeId: fresh }).events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: fresh, amount: amount("260000.0") },
    ]);
    expect(poolsOf(nodeOf(ledger, fresh))).toEqual(pools({ unstaked: "260000.0" }));
    expect(ledger.candidates[1].has(fresh)).toBe(false);
    expect(ledger.approved.has(fresh)).toBe(false);
    expect(ledger.roleCounts[1]).toBe(1);
  });

  it("with the auction closed, even a node with nothing staked loses its role count", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    admin(ledger, { op: "end_staking", nodeIds: [node] });
    expect(ledger.roleCounts[1]).toBe(1);
    expect(admin(ledger, { op: "remove_node", nodeId: node }).events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: node, amount: amount("250000.0") },
    ]);
    expect(ledger.roleCounts[1]).toBe(0);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ unstaked: "250000.0" }));
  });

  it("never decrements a role count below 0", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    admin(ledger, { op: "end_staking_auction" });
    ledger.roleCounts[1] = 0;
    admin(ledger, { op: "remove_node", nodeId: node });
    expect(ledger.roleCounts[1]).toBe(0);
  });

  it("NODE_NOT_FOUND for an unknown node, state unchanged", () => {
    const ledger = newLedger();
    registerNode(ledger, ALICE, 1, 1, "250000.0");
    expect(refusal(ledger, ADMIN, { op: "remove_node", nodeId: nodeId(9) })).toEqual({
      code: "NODE_NOT_FOUND",
      details: { nodeId: nodeId(9) },
      stateUnchanged: true,
    });
  });
});
