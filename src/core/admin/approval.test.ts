import { describe, expect, it } from "vitest";
import { parseAmount } from "../amount.js";
import {
  ADMIN,
  ALICE,
  admin,
  BOB,
  endEpoch,
  newLedger,
  nodeId,
  nodeOf,
  pools,
  poolsOf,
  refusal,
  registerNode,
} from "../test-fixtures.js";

const amount = parseAmount;

/** Nodes 1 (Alice) and 2 (Bob), role 1, 300000 each, staked and approved for one epoch; auction open. */
function twoStakedNodes() {
  const ledger = newLedger();
  const first = registerNode(ledger, ALICE, 1, 1, "300000.0");
  const second = registerNode(ledger, BOB, 2, 1, "300000.0");
  endEpoch(ledger, [first, second]);
  expect(ledger.roleCounts[1]).toBe(2);
  expect(ledger.movesPending.size).toBe(0);
  return { ledger, first, second };
}

describe("set_approved_nodes (§8.1)", () => {
  it("replaces the list", () => {
    const { ledger, first, second } = twoStakedNodes();
    admin(ledger, { op: "set_approved_nodes", nodeIds: [second] });
    expect([...ledger.approved]).toEqual([second]);
    admin(ledger, { op: "set_approved_nodes", nodeIds: [first, second] });
    expect([...ledger.approved].sort()).toEqual([first, second]);
  });

  it("NODE_NOT_FOUND for an ID not in the table, state unchanged", () => {
    const { ledger, first } = twoStakedNodes();
    expect(refusal(ledger, ADMIN, { op: "set_approved_nodes", nodeIds: [first, nodeId(9)] })).toEqual({
      code: "NODE_NOT_FOUND",
      details: { nodeId: nodeId(9) },
      stateUnchanged: true,
    });
  });

  it("§18 rule 8: during the auction a node leaving the list is only marked, and removed at the end of the auction", () => {
    const { ledger, first, second } = twoStakedNodes();
    expect(admin(ledger, { op: "set_approved_nodes", nodeIds: [second] }).events).toEqual([]);
    expect([...ledger.movesPending]).toEqual([first]);
    expect(poolsOf(nodeOf(ledger, first))).toEqual(pools({ staked: "300000.0" }));
    expect(ledger.roleCounts[1]).toBe(2);

    expect(admin(ledger, { op: "end_staking_auction" }).events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: first, amount: amount("300000.0") },
    ]);
    expect(poolsOf(nodeOf(ledger, first))).toEqual(pools({ staked: "300000.0", requestedToUnstake: "300000.0" }));
    expect(ledger.roleCounts[1]).toBe(1);
  });

  it("§18 rule 8: outside the auction a node leaving the list is refunded at once, in node-ID order", () => {
    const { ledger, first, second } = twoStakedNodes();
    admin(ledger, { op: "end_staking_auction" });
    const { events } = admin(ledger, { op: "set_approved_nodes", nodeIds: [] });
    expect(events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: first, amount: amount("300000.0") },
      { type: "NodeRemovedAndRefunded", nodeID: second, amount: amount("300000.0") },
    ]);
    for (const id of [first, second]) {
      expect(poolsOf(nodeOf(ledger, id))).toEqual(pools({ staked: "300000.0", requestedToUnstake: "300000.0" }));
      expect(nodeOf(ledger, id).initialWeight).toBe(0);
    }
    expect(ledger.roleCounts[1]).toBe(0);
    expect([...ledger.movesPending].sort()).toEqual([first, second]);
    expect(ledger.approved.size).toBe(0);
  });

  it("a node that stays on the list is neither marked nor refunded", () => {
    const { ledger, first, second } = twoStakedNodes();
    admin(ledger, { op: "end_staking_auction" });
    expect(admin(ledger, { op: "set_approved_nodes", nodeIds: [first, second] }).events).toEqual([]);
    expect(ledger.movesPending.size).toBe(0);
  });
});

describe("add_approved_nodes and remove_approved_nodes (§7)", () => {
  it("add is a union", () => {
    const { ledger, first, second } = twoStakedNodes();
    admin(ledger, { op: "set_approved_nodes", nodeIds: [first] });
    ledger.movesPending.clear();
    expect(admin(ledger, { op: "add_approved_nodes", nodeIds: [second, first] }).events).toEqual([]);
    expect([...ledger.approved].sort()).toEqual([first, second]);
    expect(ledger.movesPending.size).toBe(0);
  });

  it("add: NODE_NOT_FOUND for an unknown ID, state unchanged", () => {
    const { ledger } = twoStakedNodes();
    expect(refusal(ledger, ADMIN, { op: "add_approved_nodes", nodeIds: [nodeId(9)] })).toEqual({
      code: "NODE_NOT_FOUND",
      details: { nodeId: nodeId(9) },
      stateUnchanged: true,
    });
  });

  it("remove is a set difference; unknown IDs are a no-op; a removed node is marked during the auction", () => {
    const { ledger, first, second } = twoStakedNodes();
    expect(admin(ledger, { op: "remove_approved_nodes", nodeIds: [second, nodeId(9)] }).events).toEqual([]);
    expect([...ledger.approved]).toEqual([first]);
    expect([...ledger.movesPending]).toEqual([second]);
  });

  it("remove outside the auction refunds the removed node at once", () => {
    const { ledger, second } = twoStakedNodes();
    admin(ledger, { op: "end_staking_auction" });
    expect(admin(ledger, { op: "remove_approved_nodes", nodeIds: [second] }).events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: second, amount: amount("300000.0") },
    ]);
  });
});

describe("add_approved_and_limits (§7)", () => {
  it("unions the list and raises each newly approved node's role slot limit by 1", () => {
    const ledger = newLedger();
    const a = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const b = registerNode(ledger, ALICE, 2, 1, "250000.0");
    const c = registerNode(ledger, BOB, 3, 5, "100.0");
    admin(ledger, { op: "set_approved_nodes", nodeIds: [a] });
    admin(ledger, { op: "add_approved_and_limits", nodeIds: [a, b, c] });
    expect([...ledger.approved].sort()).toEqual([a, b, c]);
    // a was already approved: only b raises role 1, c raises role 5.
    expect(ledger.params.slotLimits.slice(1)).toEqual([10_001, 10_000, 10_000, 10_000, 10_001]);
  });

  it("INVALID_SLOT_LIMITS when a raised limit would exceed 65535, state unchanged", () => {
    const ledger = newLedger();
    const a = registerNode(ledger, ALICE, 1, 4, "135000.0");
    const full = new Map([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 65535],
      [5, 1],
    ]);
    admin(ledger, { op: "set_slot_limits", value: full });
    expect(refusal(ledger, ADMIN, { op: "add_approved_and_limits", nodeIds: [a] })).toEqual({
      code: "INVALID_SLOT_LIMITS",
      details: { role: 4 },
      stateUnchanged: true,
    });
  });

  it("NODE_NOT_FOUND for an unknown ID, state unchanged", () => {
    const ledger = newLedger();
    expect(refusal(ledger, ADMIN, { op: "add_approved_and_limits", nodeIds: [nodeId(9)] })).toMatchObject({
      code: "NODE_NOT_FOUND",
      stateUnchanged: true,
    });
  });
});

describe("end_staking and remove_invalid_nodes (§7)", () => {
  it("end_staking sets the approved list, then ends the auction", () => {
    const ledger = newLedger();
    const a = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const b = registerNode(ledger, BOB, 2, 1, "250000.0");
    expect(admin(ledger, { op: "end_staking", nodeIds: [a] }).events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: b, amount: amount("250000.0") },
    ]);
    expect(ledger.stakingEnabled).toBe(false);
    expect([...ledger.approved]).toEqual([a]);
    expect(ledger.roleCounts[1]).toBe(1);
    expect(nodeOf(ledger, a).initialWeight).toBe(100);
  });

  it("remove_invalid_nodes sets the approved list and removes invalid nodes, leaving the auction open and slots unfilled", () => {
    const ledger = newLedger();
    const a = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const b = registerNode(ledger, BOB, 2, 1, "250000.0");
    expect(admin(ledger, { op: "remove_invalid_nodes", nodeIds: [a] }).events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: b, amount: amount("250000.0") },
    ]);
    expect(ledger.stakingEnabled).toBe(true);
    expect(nodeOf(ledger, a).initialWeight).toBe(100);
    expect([...ledger.candidates[1]]).toEqual([a]);
    expect(ledger.roleCounts[1]).toBe(0);
  });
});
