import { describe, expect, it } from "vitest";
import { parseAmount } from "../amount.js";
import { asAccountId } from "../ids.js";
import { apply } from "../operations.js";
import {
  ALICE,
  admin,
  BOB,
  CAROL,
  delegatorOf,
  NOBODY,
  newLedger,
  nodeId,
  nodeOf,
  refusal,
  registerDelegator,
  registerNode,
} from "../test-fixtures.js";

const amount = parseAmount;

function nodeWithDelegator() {
  const ledger = newLedger();
  const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
  registerDelegator(ledger, BOB, node, "100.0");
  return { ledger, node };
}

describe("transfer_node (decisions D4)", () => {
  it("moves the handle with no event, in any phase; the new holder acts, the old one cannot", () => {
    const { ledger, node } = nodeWithDelegator();
    admin(ledger, { op: "end_staking_auction" });
    const { result, events } = apply(ledger, ALICE, { op: "transfer_node", nodeId: node, to: CAROL });
    expect(result).toBeNull();
    expect(events).toEqual([]);
    expect(nodeOf(ledger, node).owner).toBe(CAROL);

    admin(ledger, { op: "start_staking_auction" });
    const op = { op: "stake_new_tokens", nodeId: node, amount: amount("1.0") } as const;
    expect(refusal(ledger, ALICE, op).code).toBe("NOT_OWNER");
    expect(apply(ledger, CAROL, op).events).toEqual([{ type: "TokensCommitted", nodeID: node, amount: amount("1.0") }]);
    // The delegator's handle did not move with the node's.
    expect(delegatorOf(ledger, node, 1).owner).toBe(BOB);
  });

  it("allows a transfer to oneself", () => {
    const { ledger, node } = nodeWithDelegator();
    expect(apply(ledger, ALICE, { op: "transfer_node", nodeId: node, to: ALICE }).events).toEqual([]);
    expect(nodeOf(ledger, node).owner).toBe(ALICE);
  });

  it("ACCOUNT_NOT_FOUND, NOT_OWNER, NODE_NOT_FOUND, state unchanged", () => {
    const { ledger, node } = nodeWithDelegator();
    expect(refusal(ledger, ALICE, { op: "transfer_node", nodeId: node, to: NOBODY })).toEqual({
      code: "ACCOUNT_NOT_FOUND",
      details: { account: NOBODY },
      stateUnchanged: true,
    });
    expect(refusal(ledger, BOB, { op: "transfer_node", nodeId: node, to: BOB })).toEqual({
      code: "NOT_OWNER",
      details: { account: BOB, nodeId: node },
      stateUnchanged: true,
    });
    expect(refusal(ledger, ALICE, { op: "transfer_node", nodeId: nodeId(9), to: BOB })).toEqual({
      code: "NODE_NOT_FOUND",
      details: { nodeId: nodeId(9) },
      stateUnchanged: true,
    });
  });
});

describe("transfer_delegator (decisions D4)", () => {
  it("moves the delegator's handle with no event; only the new holder acts on it", () => {
    const { ledger, node } = nodeWithDelegator();
    const { events } = apply(ledger, BOB, { op: "transfer_delegator", nodeId: node, delegatorId: 1, to: CAROL });
    expect(events).toEqual([]);
    expect(delegatorOf(ledger, node, 1).owner).toBe(CAROL);
    const op = { op: "stake_new_tokens", nodeId: node, delegatorId: 1, amount: amount("1.0") } as const;
    expect(refusal(ledger, BOB, op).code).toBe("NOT_OWNER");
    apply(ledger, CAROL, op);
    expect(delegatorOf(ledger, node, 1).committed).toBe(amount("101.0"));
    expect(nodeOf(ledger, node).owner).toBe(ALICE);
  });

  it("ACCOUNT_NOT_FOUND, NOT_OWNER, DELEGATOR_NOT_FOUND, NODE_NOT_FOUND, state unchanged", () => {
    const { ledger, node } = nodeWithDelegator();
    const op = { op: "transfer_delegator", nodeId: node, delegatorId: 1, to: CAROL } as const;
    const ghost = asAccountId("ghost");
    expect(refusal(ledger, BOB, { ...op, to: ghost })).toEqual({
      code: "ACCOUNT_NOT_FOUND",
      details: { account: ghost },
      stateUnchanged: true,
    });
    expect(refusal(ledger, ALICE, op)).toEqual({
      code: "NOT_OWNER",
      details: { account: ALICE, nodeId: node, delegatorId: 1 },
      stateUnchanged: true,
    });
    expect(refusal(ledger, BOB, { ...op, delegatorId: 2 })).toEqual({
      code: "DELEGATOR_NOT_FOUND",
      details: { nodeId: node, delegatorId: 2 },
      stateUnchanged: true,
    });
    expect(refusal(ledger, BOB, { ...op, nodeId: nodeId(9) })).toEqual({
      code: "NODE_NOT_FOUND",
      details: { nodeId: nodeId(9) },
      stateUnchanged: true,
    });
  });
});
