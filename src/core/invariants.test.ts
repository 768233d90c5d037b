import { describe, expect, it } from "vitest";
import { type Amount, MAX_AMOUNT, parseAmount } from "./amount.js";
import { asNodeId } from "./ids.js";
import {
  assertInvariants,
  checkInvariants,
  INVARIANTS,
  InvariantError,
  type InvariantName,
  type InvariantViolation,
} from "./invariants.js";
import { apply } from "./operations.js";
import type { LedgerState } from "./state.js";
import {
  ALICE,
  admin,
  BOB,
  CAROL,
  endEpoch,
  endEpochWithRewards,
  newLedger,
  nodeOf,
  registerDelegator,
  registerNode,
} from "./test-fixtures.js";

const amount = parseAmount;
const ONE_UNIT = 1n;

/**
 * A state that went through every kind of change: registrations, delegation, rewards paid from fees and minted,
 * requests, a refund, withdrawals, epoch boundaries. Node 1 has a delegator pending for the next boundary.
 */
function soundState(): LedgerState {
  const ledger = newLedger();
  const a = registerNode(ledger, ALICE, 1, 1, "400000.0");
  registerDelegator(ledger, BOB, a, "1000.0");
  const b = registerNode(ledger, BOB, 2, 2, "500000.0");
  const access = registerNode(ledger, CAROL, 3, 5, "100.0");
  endEpoch(ledger, [a, b, access]);
  admin(ledger, { op: "deposit_fees", amount: amount("12345.6789") });
  apply(ledger, ALICE, { op: "request_unstaking", nodeId: a, amount: amount("100000.0") });
  apply(ledger, BOB, { op: "request_unstaking", nodeId: a, delegatorId: 1, amount: amount("400.0") });
  admin(ledger, { op: "set_approved_nodes", nodeIds: [a, access] });
  endEpochWithRewards(ledger, [a, access]);
  endEpochWithRewards(ledger, [a, access]);
  apply(ledger, ALICE, { op: "withdraw_unstaked_tokens", nodeId: a, amount: amount("100000.0") });
  apply(ledger, BOB, { op: "withdraw_rewarded_tokens", nodeId: b, amount: amount("1000.0") });
  apply(ledger, BOB, { op: "stake_new_tokens", nodeId: a, delegatorId: 1, amount: amount("5.0") });
  return ledger;
}

function namesOf(violations: readonly InvariantViolation[]): InvariantName[] {
  return [...new Set(violations.map((v) => v.invariant))];
}

const NAMES = Object.keys(INVARIANTS) as InvariantName[];

describe("invariants on sound states", () => {
  it("the named invariants are conservation, roleTotals, inRange, requestsCovered, references, pools", () => {
    expect(NAMES.sort()).toEqual(["conservation", "inRange", "pools", "references", "requestsCovered", "roleTotals"]);
  });

  it.each([
    ["a fresh ledger", () => newLedger()],
    ["a ledger after registrations, rewards, requests, a refund and withdrawals", soundState],
  ])("%s passes every invariant", (_label, build) => {
    const ledger = build();
    for (const name of NAMES) expect(INVARIANTS[name](ledger)).toEqual([]);
    expect(checkInvariants(ledger)).toEqual([]);
    expect(() => assertInvariants(ledger)).not.toThrow();
  });
});

describe("each invariant detects a deliberately broken state", () => {
  /** Applies `breakIt` to a sound state and returns the names of the invariants that now fail. */
  function broken(breakIt: (ledger: LedgerState) => void): { names: InvariantName[]; ledger: LedgerState } {
    const ledger = soundState();
    breakIt(ledger);
    return { names: namesOf(checkInvariants(ledger)), ledger };
  }

  const nodeA = asNodeId("0000000000000000000000000000000000000000000000000000000000000001");
  const unknown = asNodeId("00000000000000000000000000000000000000000000000000000000000000ff");

  it.each<[string, (ledger: LedgerState) => void]>([
    [
      "a node's committed pool grows from nowhere",
      (l) => {
        const node = nodeOf(l, nodeA);
        node.committed = (node.committed + ONE_UNIT) as Amount;
      },
    ],
    [
      "an account balance shrinks",
      (l) => {
        const account = l.accounts.get(ALICE);
        if (account !== undefined) account.balance = (account.balance - ONE_UNIT) as Amount;
      },
    ],
    [
      "the fee vault grows",
      (l) => {
        l.feeVault = (l.feeVault + ONE_UNIT) as Amount;
      },
    ],
    [
      "the total supply shrinks",
      (l) => {
        l.totalSupply = (l.totalSupply - ONE_UNIT) as Amount;
      },
    ],
  ])("conservation: %s", (_label, breakIt) => {
    const { names, ledger } = broken(breakIt);
    expect(names).toEqual(["conservation"]);
    expect(namesOf(INVARIANTS.conservation(ledger))).toEqual(["conservation"]);
  });

  it("roleTotals: a role total that differs from the stakes it should add up to", () => {
    const { names, ledger } = broken((l) => {
      l.totalStakedByRole[2] = (l.totalStakedByRole[2] + ONE_UNIT) as Amount;
    });
    expect(names).toEqual(["roleTotals"]);
    expect(INVARIANTS.roleTotals(ledger)).toHaveLength(1);
  });

  it("roleTotals: staked tokens moved between pools by hand (supply still conserved)", () => {
    const { names } = broken((l) => {
      const node = nodeOf(l, nodeA);
      node.staked = (node.staked - amount("1.0")) as Amount;
      node.unstaked = (node.unstaked + amount("1.0")) as Amount;
    });
    expect(names).toEqual(["roleTotals"]);
  });

  it("inRange: a negative pool (conservation kept by a matching balance)", () => {
    const { names, ledger } = broken((l) => {
      const node = nodeOf(l, nodeA);
      node.unstaked = (node.unstaked - amount("5.0")) as Amount;
      const account = l.accounts.get(ALICE);
      if (account !== undefined) account.balance = (account.balance + amount("5.0")) as Amount;
    });
    expect(nodeOf(ledger, nodeA).unstaked < 0n).toBe(true);
    expect(names).toEqual(["inRange"]);
  });

  it("inRange: a value above the UFix64 maximum", () => {
    const { ledger } = broken((l) => {
      l.feeVault = (MAX_AMOUNT + ONE_UNIT) as Amount;
    });
    expect(namesOf(INVARIANTS.inRange(ledger))).toEqual(["inRange"]);
  });

  it("requestsCovered: a request larger than the staked pool, even when committed tokens could cover it", () => {
    const { names } = broken((l) => {
      apply(l, ALICE, { op: "stake_new_tokens", nodeId: nodeA, amount: amount("10.0") });
      const node = nodeOf(l, nodeA);
      node.requestedToUnstake = (node.staked + ONE_UNIT) as Amount;
    });
    expect(names).toEqual(["requestsCovered"]);
  });

  it.each<[string, (ledger: LedgerState) => void]>([
    ["the participant list names an unknown node", (l) => l.participants.add(unknown)],
    ["the approved list names an unknown node", (l) => l.approved.add(unknown)],
    ["the moves-pending list names an unknown node", (l) => l.movesPending.add(unknown)],
    ["a candidate list names an unknown node", (l) => l.candidates[3].add(unknown)],
    ["a pending delegator's node is not on the moves-pending list", (l) => l.movesPending.delete(nodeA)],
  ])("references: %s", (_label, breakIt) => {
    const { names, ledger } = broken(breakIt);
    expect(names).toEqual(["references"]);
    expect(INVARIANTS.references(ledger).length).toBeGreaterThan(0);
  });

  it("assertInvariants throws an InvariantError carrying the violations", () => {
    const { ledger } = broken((l) => {
      l.totalSupply = (l.totalSupply + ONE_UNIT) as Amount;
      l.approved.add(unknown);
    });
    let caught: unknown;
    try {
      assertInvariants(ledger);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvariantError);
    if (!(caught instanceof InvariantError)) return;
    expect(namesOf(caught.violations).sort()).toEqual(["conservation", "references"]);
  });
});
