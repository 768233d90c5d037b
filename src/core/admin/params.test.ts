import { describe, expect, it } from "vitest";
import { parseAmount, ZERO } from "../amount.js";
import { ADMIN_OPERATIONS, type AdminOperation, apply } from "../operations.js";
import {
  ADMIN,
  ALICE,
  admin,
  BOB,
  newLedger,
  nodeId,
  nodeOf,
  refusal,
  registerNode,
  registerNodeOp,
} from "../test-fixtures.js";

const amount = parseAmount;

function minimums(entries: [number, string][]): Map<number, ReturnType<typeof parseAmount>> {
  return new Map(entries.map(([role, value]) => [role, amount(value)]));
}

function slotLimits(entries: [number, number][]): Map<number, number> {
  return new Map(entries);
}

const FIVE_SLOTS = slotLimits([
  [1, 1],
  [2, 2],
  [3, 3],
  [4, 4],
  [5, 5],
]);

describe("NOT_ADMIN", () => {
  /** One well-formed instance of every admin operation. */
  const everyAdminOperation: AdminOperation[] = [
    { op: "start_staking_auction" },
    { op: "end_staking_auction" },
    { op: "set_approved_nodes", nodeIds: [] },
    { op: "add_approved_nodes", nodeIds: [] },
    { op: "remove_approved_nodes", nodeIds: [] },
    { op: "add_approved_and_limits", nodeIds: [] },
    { op: "end_staking", nodeIds: [] },
    { op: "remove_invalid_nodes", nodeIds: [] },
    { op: "pay_rewards" },
    { op: "move_tokens" },
    { op: "end_epoch", nodeIds: [] },
    { op: "remove_node", nodeId: nodeId(1) },
    { op: "set_cut_percentage", value: amount("0.1") },
    { op: "set_epoch_token_payout", value: amount("1.0") },
    { op: "set_delegator_minimum", value: amount("1.0") },
    {
      op: "set_minimum_stakes",
      value: minimums([
        [1, "1"],
        [2, "1"],
        [3, "1"],
        [4, "1"],
        [5, "1"],
      ]),
    },
    { op: "set_candidate_node_limit", role: 1, limit: 5n },
    { op: "set_slot_limits", value: FIVE_SLOTS },
    { op: "set_open_access_node_slots", value: 3 },
    { op: "set_non_operational", value: new Map() },
    { op: "set_node_weight", nodeId: nodeId(1), weight: 50 },
    { op: "deposit_fees", amount: amount("1.0") },
    { op: "fund", account: ALICE, amount: amount("1.0") },
  ];

  it("the table below covers every admin operation", () => {
    expect(everyAdminOperation.map((o) => o.op).sort()).toEqual([...ADMIN_OPERATIONS].sort());
  });

  it.each(everyAdminOperation.map((operation) => [operation.op, operation] as const))(
    "%s signed by a non-admin is refused with NOT_ADMIN, state unchanged",
    (_name, operation) => {
      const ledger = newLedger();
      registerNode(ledger, ALICE, 1, 1, "250000.0");
      expect(refusal(ledger, ALICE, operation)).toEqual({
        code: "NOT_ADMIN",
        details: { account: ALICE },
        stateUnchanged: true,
      });
    },
  );
});

describe("set_minimum_stakes (§7)", () => {
  it("replaces the table and emits NewStakingMinimums", () => {
    const ledger = newLedger();
    const table = minimums([
      [1, "300000"],
      [2, "600000"],
      [3, "1300000"],
      [4, "140000"],
      [5, "0"],
    ]);
    expect(admin(ledger, { op: "set_minimum_stakes", value: table }).events).toEqual([
      { type: "NewStakingMinimums", newMinimums: table },
    ]);
    expect(ledger.params.minimumStakes).toEqual(table);
    // The new minimum applies to the next registration.
    expect(refusal(ledger, ALICE, registerNodeOp(1, 1, "299999.99999999")).code).toBe("BELOW_MINIMUM_STAKE");
  });

  it("does not validate the keys, only the count (decisions D5)", () => {
    const ledger = newLedger();
    const odd = minimums([
      [1, "1"],
      [2, "1"],
      [3, "1"],
      [4, "1"],
      [7, "1"],
    ]);
    expect(admin(ledger, { op: "set_minimum_stakes", value: odd }).events).toEqual([
      { type: "NewStakingMinimums", newMinimums: odd },
    ]);
  });

  it.each([4, 6, 0])("INVALID_MINIMUMS with %d entries, state unchanged", (count) => {
    const ledger = newLedger();
    const value = new Map(Array.from({ length: count }, (_, i) => [i + 1, amount("1")] as const));
    expect(refusal(ledger, ADMIN, { op: "set_minimum_stakes", value })).toMatchObject({
      code: "INVALID_MINIMUMS",
      stateUnchanged: true,
    });
  });

  it("D5: a role missing from the table makes ending the auction fail half-way with ROLE_MINIMUM_NOT_SET, changing nothing", () => {
    const ledger = newLedger();
    // Node 1 (role 1, not approved) would be refunded before node 2 (role 5) aborts the walk.
    registerNode(ledger, ALICE, 1, 1, "250000.0");
    registerNode(ledger, BOB, 2, 5, "100.0");
    const noAccessMinimum = minimums([
      [1, "250000"],
      [2, "500000"],
      [3, "1250000"],
      [4, "135000"],
      [6, "1"],
    ]);
    admin(ledger, { op: "set_minimum_stakes", value: noAccessMinimum });
    expect(refusal(ledger, ADMIN, { op: "end_staking_auction" })).toEqual({
      code: "ROLE_MINIMUM_NOT_SET",
      details: { role: 5 },
      stateUnchanged: true,
    });
    expect(refusal(ledger, ADMIN, { op: "end_epoch", nodeIds: [] })).toEqual({
      code: "ROLE_MINIMUM_NOT_SET",
      details: { role: 5 },
      stateUnchanged: true,
    });
  });
});

describe("set_delegator_minimum (§7)", () => {
  it("accepts any value, including 0, and always emits NewDelegatorStakingMinimum", () => {
    const ledger = newLedger();
    expect(admin(ledger, { op: "set_delegator_minimum", value: ZERO }).events).toEqual([
      { type: "NewDelegatorStakingMinimum", newMinimum: ZERO },
    ]);
    expect(admin(ledger, { op: "set_delegator_minimum", value: ZERO }).events).toEqual([
      { type: "NewDelegatorStakingMinimum", newMinimum: ZERO },
    ]);
    admin(ledger, { op: "set_delegator_minimum", value: amount("75.5") });
    expect(ledger.params.delegatorMinimum).toBe(amount("75.5"));
  });
});

describe("set_epoch_token_payout (§7)", () => {
  it("emits NewWeeklyPayout only when the value changes", () => {
    const ledger = newLedger();
    expect(admin(ledger, { op: "set_epoch_token_payout", value: amount("1250000.0") }).events).toEqual([]);
    expect(admin(ledger, { op: "set_epoch_token_payout", value: amount("2000000.0") }).events).toEqual([
      { type: "NewWeeklyPayout", newPayout: amount("2000000.0") },
    ]);
    expect(ledger.params.epochTokenPayout).toBe(amount("2000000.0"));
    expect(admin(ledger, { op: "set_epoch_token_payout", value: ZERO }).events).toEqual([
      { type: "NewWeeklyPayout", newPayout: ZERO },
    ]);
  });
});

describe("set_cut_percentage (§7)", () => {
  it("changes the cut to 0.10 and back to 0.08, emitting only on change", () => {
    const ledger = newLedger();
    expect(admin(ledger, { op: "set_cut_percentage", value: amount("0.10") }).events).toEqual([
      { type: "NewDelegatorCutPercentage", newCutPercentage: amount("0.10") },
    ]);
    expect(admin(ledger, { op: "set_cut_percentage", value: amount("0.10") }).events).toEqual([]);
    expect(admin(ledger, { op: "set_cut_percentage", value: amount("0.08") }).events).toEqual([
      { type: "NewDelegatorCutPercentage", newCutPercentage: amount("0.08") },
    ]);
    expect(ledger.params.rewardCut).toBe(amount("0.08"));
  });

  it("accepts the extremes strictly inside (0, 1)", () => {
    const ledger = newLedger();
    admin(ledger, { op: "set_cut_percentage", value: amount("0.00000001") });
    admin(ledger, { op: "set_cut_percentage", value: amount("0.99999999") });
    expect(ledger.params.rewardCut).toBe(amount("0.99999999"));
  });

  it.each(["0", "1", "2.10"])("INVALID_CUT_PERCENTAGE for %s, state unchanged", (value) => {
    const ledger = newLedger();
    expect(refusal(ledger, ADMIN, { op: "set_cut_percentage", value: amount(value) })).toMatchObject({
      code: "INVALID_CUT_PERCENTAGE",
      stateUnchanged: true,
    });
  });
});

describe("set_candidate_node_limit (§7)", () => {
  it("sets one role's limit, with no event", () => {
    const ledger = newLedger();
    expect(admin(ledger, { op: "set_candidate_node_limit", role: 3, limit: 2n }).events).toEqual([]);
    expect(ledger.params.candidateNodeLimits[3]).toBe(2n);
    expect(ledger.params.candidateNodeLimits[1]).toBe(10_000n);
  });

  it.each([0, 6, 2.5])("INVALID_ROLE for role %d, state unchanged", (role) => {
    const ledger = newLedger();
    expect(refusal(ledger, ADMIN, { op: "set_candidate_node_limit", role, limit: 1n })).toEqual({
      code: "INVALID_ROLE",
      details: { role },
      stateUnchanged: true,
    });
  });

  it.each([-1n, 2n ** 64n])("INVALID_CANDIDATE_LIMIT for %d (not a UInt64), state unchanged", (limit) => {
    const ledger = newLedger();
    expect(refusal(ledger, ADMIN, { op: "set_candidate_node_limit", role: 1, limit })).toMatchObject({
      code: "INVALID_CANDIDATE_LIMIT",
      stateUnchanged: true,
    });
  });
});

describe("set_slot_limits (§7)", () => {
  it("sets all five limits", () => {
    const ledger = newLedger();
    expect(admin(ledger, { op: "set_slot_limits", value: FIVE_SLOTS }).events).toEqual([]);
    expect(ledger.params.slotLimits.slice(1)).toEqual([1, 2, 3, 4, 5]);
  });

  it.each([
    [
      "four entries",
      slotLimits([
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
      ]),
    ],
    [
      "a key outside 1..5",
      slotLimits([
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
        [6, 1],
      ]),
    ],
    [
      "six entries",
      slotLimits([
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
        [5, 1],
        [6, 1],
      ]),
    ],
    [
      "a limit above 65535",
      slotLimits([
        [1, 65536],
        [2, 1],
        [3, 1],
        [4, 1],
        [5, 1],
      ]),
    ],
  ])("INVALID_SLOT_LIMITS for %s, state unchanged", (_label, value) => {
    const ledger = newLedger();
    expect(refusal(ledger, ADMIN, { op: "set_slot_limits", value })).toMatchObject({
      code: "INVALID_SLOT_LIMITS",
      stateUnchanged: true,
    });
  });
});

describe("set_open_access_node_slots (§7)", () => {
  it("sets the open slots of role 5 only", () => {
    const ledger = newLedger();
    admin(ledger, { op: "set_open_access_node_slots", value: 7 });
    expect([...ledger.params.openSlots]).toEqual([[5, 7]]);
  });

  it("INVALID_SLOT_LIMITS above 65535, state unchanged", () => {
    const ledger = newLedger();
    expect(refusal(ledger, ADMIN, { op: "set_open_access_node_slots", value: 65536 })).toMatchObject({
      code: "INVALID_SLOT_LIMITS",
      stateUnchanged: true,
    });
  });
});

describe("set_non_operational (§7)", () => {
  it("replaces the list; percentages 0 and 0.99999999 are accepted; IDs are not checked", () => {
    const ledger = newLedger();
    admin(ledger, { op: "set_non_operational", value: new Map([[nodeId(1), amount("0.5")]]) });
    const next = new Map([
      [nodeId(2), ZERO],
      ["not-a-node", amount("0.99999999")],
    ]);
    expect(admin(ledger, { op: "set_non_operational", value: next }).events).toEqual([]);
    expect(ledger.nonOperational).toEqual(next);
  });

  it("INVALID_NON_OPERATIONAL_PERCENTAGE for 1.0, state unchanged", () => {
    const ledger = newLedger();
    const value = new Map([
      [nodeId(1), amount("0.5")],
      [nodeId(2), amount("1.0")],
    ]);
    expect(refusal(ledger, ADMIN, { op: "set_non_operational", value })).toEqual({
      code: "INVALID_NON_OPERATIONAL_PERCENTAGE",
      details: { nodeId: nodeId(2) },
      stateUnchanged: true,
    });
  });
});

describe("set_node_weight (§7)", () => {
  it.each([0, 42, 100])("sets weight %d and emits NodeWeightChanged", (weight) => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    expect(admin(ledger, { op: "set_node_weight", nodeId: node, weight }).events).toEqual([
      { type: "NodeWeightChanged", nodeID: node, newWeight: weight },
    ]);
    expect(nodeOf(ledger, node).initialWeight).toBe(weight);
  });

  it("INVALID_NODE_WEIGHT above 100, and NODE_NOT_FOUND for an unknown node, state unchanged", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    expect(refusal(ledger, ADMIN, { op: "set_node_weight", nodeId: node, weight: 101 })).toMatchObject({
      code: "INVALID_NODE_WEIGHT",
      stateUnchanged: true,
    });
    expect(refusal(ledger, ADMIN, { op: "set_node_weight", nodeId: nodeId(9), weight: 1 })).toEqual({
      code: "NODE_NOT_FOUND",
      details: { nodeId: nodeId(9) },
      stateUnchanged: true,
    });
  });

  it("check order: the weight is checked before the node exists", () => {
    const ledger = newLedger();
    expect(refusal(ledger, ADMIN, { op: "set_node_weight", nodeId: nodeId(9), weight: 101 }).code).toBe(
      "INVALID_NODE_WEIGHT",
    );
  });
});

describe("start_staking_auction (§7, decisions D5)", () => {
  it("opens a closed auction, and is allowed on an open one", () => {
    const ledger = newLedger();
    expect(admin(ledger, { op: "start_staking_auction" }).events).toEqual([]);
    expect(ledger.stakingEnabled).toBe(true);
    admin(ledger, { op: "end_staking_auction" });
    expect(ledger.stakingEnabled).toBe(false);
    admin(ledger, { op: "start_staking_auction" });
    expect(ledger.stakingEnabled).toBe(true);
    expect(apply(ledger, ALICE, registerNodeOp(1, 1, "250000.0")).events).toHaveLength(2);
  });
});
