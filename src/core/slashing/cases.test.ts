import { describe, expect, it } from "vitest";
import { formatAmount, parseAmount } from "../amount.js";
import { apply, type Operation } from "../operations.js";
import { runQuery } from "../queries.js";
import { stateHash } from "../state-hash.js";
import { ADMIN, ALICE, admin, BOB, endEpoch, nodeId, refusal, registerNode } from "../test-fixtures.js";
import { ACCUSED, EVIDENCE, openCase, slashingWorld, vote } from "./test-world.js";

const amount = parseAmount;
const [C1, C2, C3] = [nodeId(1), nodeId(2), nodeId(3)];

function openOp(overrides: Partial<Extract<Operation, { op: "open_slashing_case" }>> = {}): Operation {
  return {
    op: "open_slashing_case",
    nodeId: C1,
    accused: ACCUSED,
    evidenceHash: EVIDENCE,
    fine: amount("0.1"),
    ...overrides,
  };
}

describe("open_slashing_case", () => {
  it("opens case 1, expiring at the start of epoch current + 2, with SlashingCaseOpened", () => {
    const { ledger } = slashingWorld();
    const applied = apply(ledger, ALICE, openOp());
    expect(applied.result).toEqual({ caseId: 1 });
    expect(applied.events).toEqual([
      {
        type: "SlashingCaseOpened",
        caseId: 1,
        opener: C1,
        accused: ACCUSED,
        evidenceHash: EVIDENCE,
        fine: amount("0.1"),
        expiresAtEpoch: 3,
      },
    ]);
    expect(runQuery(ledger, { query: "slashing_case", caseId: 1 })).toMatchObject({
      status: "open",
      openedEpoch: 1,
      expiresAtEpoch: 3,
      closedEpoch: null,
      votes: [],
    });
  });

  it("numbers cases 1, 2, 3, … and allows several cases against the same node, in any phase", () => {
    const { ledger } = slashingWorld();
    expect(openCase(ledger, C1, ACCUSED)).toBe(1);
    admin(ledger, { op: "end_staking_auction" });
    expect(ledger.stakingEnabled).toBe(false);
    expect(openCase(ledger, C2, ACCUSED, "0.5")).toBe(2);
    expect(openCase(ledger, C1, C3)).toBe(3);
  });

  it("accepts any registered node as the accused, even one with nothing staked, and a fine equal to the maximum", () => {
    const { ledger } = slashingWorld();
    const newcomer = registerNode(ledger, BOB, 20, 4, "135000");
    expect(openCase(ledger, C1, newcomer, "0.5")).toBe(1);
  });

  describe("refusals change nothing", () => {
    it("NODE_NOT_FOUND for an unknown opener", () => {
      const { ledger } = slashingWorld();
      expect(refusal(ledger, ALICE, openOp({ nodeId: nodeId(99) }))).toEqual({
        code: "NODE_NOT_FOUND",
        details: { nodeId: nodeId(99) },
        stateUnchanged: true,
      });
    });

    it("NOT_OWNER when the signer does not hold the opener's handle", () => {
      const { ledger } = slashingWorld();
      expect(refusal(ledger, BOB, openOp())).toEqual({
        code: "NOT_OWNER",
        details: { account: BOB, nodeId: C1 },
        stateUnchanged: true,
      });
    });

    it("NOT_A_STAKED_CONSENSUS_NODE for an opener of another role", () => {
      const { ledger } = slashingWorld();
      expect(refusal(ledger, BOB, openOp({ nodeId: ACCUSED, accused: C1 }))).toEqual({
        code: "NOT_A_STAKED_CONSENSUS_NODE",
        details: { nodeId: ACCUSED },
        stateUnchanged: true,
      });
    });

    it("NOT_A_STAKED_CONSENSUS_NODE for a consensus node not yet in the participant table", () => {
      const { ledger } = slashingWorld();
      const candidate = registerNode(ledger, ALICE, 4, 2, "500000");
      expect(refusal(ledger, ALICE, openOp({ nodeId: candidate }))).toEqual({
        code: "NOT_A_STAKED_CONSENSUS_NODE",
        details: { nodeId: candidate },
        stateUnchanged: true,
      });
    });

    it("NOT_A_STAKED_CONSENSUS_NODE for a participant whose whole stake was slashed", () => {
      const { ledger } = slashingWorld({ consensus: ["500000", "500000", "500000", "500000"] });
      admin(ledger, { op: "set_slashing_params", maxSlashFraction: amount("1"), caseEpochs: 2, slashDelegators: true });
      const id = openCase(ledger, C1, C3, "1");
      for (const voter of [C1, C2, nodeId(4)]) vote(ledger, id, voter);
      expect(ledger.participants.has(C3)).toBe(true);
      expect(ledger.nodes.get(C3)?.staked).toBe(0n);
      expect(refusal(ledger, ALICE, openOp({ nodeId: C3 }))).toEqual({
        code: "NOT_A_STAKED_CONSENSUS_NODE",
        details: { nodeId: C3 },
        stateUnchanged: true,
      });
    });

    it("NODE_NOT_FOUND for an unknown accused", () => {
      const { ledger } = slashingWorld();
      expect(refusal(ledger, ALICE, openOp({ accused: nodeId(99) }))).toEqual({
        code: "NODE_NOT_FOUND",
        details: { nodeId: nodeId(99) },
        stateUnchanged: true,
      });
    });

    it("CANNOT_VOTE_ON_OWN_CASE when the opener accuses itself", () => {
      const { ledger } = slashingWorld();
      expect(refusal(ledger, ALICE, openOp({ accused: C1 }))).toEqual({
        code: "CANNOT_VOTE_ON_OWN_CASE",
        details: { nodeId: C1 },
        stateUnchanged: true,
      });
    });

    it.each([
      ["uppercase hex", "E7".repeat(32)],
      ["63 characters", "e".repeat(63)],
      ["65 characters", "e".repeat(65)],
      ["a non-hex character", `${"e".repeat(63)}g`],
      ["empty", ""],
    ])("INVALID_EVIDENCE_HASH for %s", (_what, evidenceHash) => {
      const { ledger } = slashingWorld();
      expect(refusal(ledger, ALICE, openOp({ evidenceHash }))).toEqual({
        code: "INVALID_EVIDENCE_HASH",
        details: { evidenceHash },
        stateUnchanged: true,
      });
    });

    it.each(["0", "0.50000001", "1"])("INVALID_SLASHING_FINE for a fine of %s (maximum 0.5)", (fine) => {
      const { ledger } = slashingWorld();
      expect(refusal(ledger, ALICE, openOp({ fine: amount(fine) }))).toEqual({
        code: "INVALID_SLASHING_FINE",
        details: { fine: formatAmount(amount(fine)), maxSlashFraction: "0.50000000" },
        stateUnchanged: true,
      });
    });
  });
});

describe("expiry at the epoch boundary", () => {
  it("a case opened in epoch 1 is open through epoch 2 and expires when epoch 3 begins, before NewEpoch", () => {
    const { ledger } = slashingWorld();
    const id = openCase(ledger, C1, ACCUSED);
    const nodes = [C1, C2, C3, ACCUSED];
    expect(endEpoch(ledger, nodes).some((e) => e.type === "SlashingCaseExpired")).toBe(false);
    expect(runQuery(ledger, { query: "slashing_case", caseId: id })).toMatchObject({ status: "open" });
    const events = endEpoch(ledger, nodes);
    const tail = events.slice(-2);
    expect(tail).toEqual([
      { type: "SlashingCaseExpired", caseId: id, accused: ACCUSED },
      { type: "NewEpoch", totalStaked: amount("1800000"), totalRewardPayout: amount("1250000"), newEpochCounter: 3 },
    ]);
    expect(runQuery(ledger, { query: "slashing_case", caseId: id })).toMatchObject({
      status: "expired",
      closedEpoch: 3,
    });
    expect(refusal(ledger, ALICE, voteOp(id, C2))).toEqual({
      code: "SLASHING_CASE_CLOSED",
      details: { caseId: id, status: "expired" },
      stateUnchanged: true,
    });
  });

  it("expires cases in ID order, and only those whose epoch has come; adjudicated cases never expire", () => {
    const { ledger } = slashingWorld();
    const nodes = [C1, C2, C3, ACCUSED];
    const first = openCase(ledger, C1, ACCUSED);
    const adjudicated = openCase(ledger, C1, ACCUSED);
    vote(ledger, adjudicated, C1);
    vote(ledger, adjudicated, C2);
    vote(ledger, adjudicated, C3);
    endEpoch(ledger, nodes);
    const second = openCase(ledger, C2, ACCUSED);
    admin(ledger, { op: "set_slashing_params", maxSlashFraction: amount("0.5"), caseEpochs: 1, slashDelegators: true });
    const third = openCase(ledger, C3, ACCUSED);
    const expired = (events: { type: string }[]) =>
      events.filter((e) => e.type === "SlashingCaseExpired" || e.type === "NewEpoch");
    // Epoch 3 begins: case 1 (opened in 1) and case 4 (opened in 2 with 1 epoch) expire; case 3 waits until 4.
    expect(expired(endEpoch(ledger, nodes))).toEqual([
      { type: "SlashingCaseExpired", caseId: first, accused: ACCUSED },
      { type: "SlashingCaseExpired", caseId: third, accused: ACCUSED },
      expect.objectContaining({ type: "NewEpoch", newEpochCounter: 3 }),
    ]);
    expect(expired(endEpoch(ledger, nodes))).toEqual([
      { type: "SlashingCaseExpired", caseId: second, accused: ACCUSED },
      expect.objectContaining({ type: "NewEpoch", newEpochCounter: 4 }),
    ]);
    expect(runQuery(ledger, { query: "slashing_case", caseId: adjudicated })).toMatchObject({
      status: "adjudicated",
      closedEpoch: 1,
    });
  });
});

function voteOp(caseId: number, voter: string): Operation {
  return { op: "vote_on_slashing_case", caseId, nodeId: voter, vote: "yes", signature: "ab".repeat(48) };
}

describe("set_slashing_params", () => {
  it("sets all three parameters with SlashingParamsChanged; new cases use them, open cases keep theirs", () => {
    const { ledger } = slashingWorld();
    const old = openCase(ledger, C1, ACCUSED, "0.5");
    const applied = admin(ledger, {
      op: "set_slashing_params",
      maxSlashFraction: amount("1"),
      caseEpochs: 5,
      slashDelegators: false,
    });
    expect(applied).toEqual({
      result: null,
      events: [{ type: "SlashingParamsChanged", maxSlashFraction: amount("1"), caseEpochs: 5, slashDelegators: false }],
    });
    const fresh = openCase(ledger, C1, ACCUSED, "1");
    expect(runQuery(ledger, { query: "slashing_case", caseId: fresh })).toMatchObject({ expiresAtEpoch: 6 });
    admin(ledger, { op: "set_slashing_params", maxSlashFraction: amount("0.1"), caseEpochs: 1, slashDelegators: true });
    expect(runQuery(ledger, { query: "slashing_case", caseId: old })).toMatchObject({
      fine: amount("0.5"),
      expiresAtEpoch: 3,
    });
  });

  it("a maximum of 0 stops new cases", () => {
    const { ledger } = slashingWorld();
    admin(ledger, { op: "set_slashing_params", maxSlashFraction: amount("0"), caseEpochs: 2, slashDelegators: true });
    expect(refusal(ledger, ALICE, openOp({ fine: amount("0.00000001") })).code).toBe("INVALID_SLASHING_FINE");
  });

  it("NOT_ADMIN for anyone but the admin", () => {
    const { ledger } = slashingWorld();
    const op: Operation = {
      op: "set_slashing_params",
      maxSlashFraction: amount("0.2"),
      caseEpochs: 2,
      slashDelegators: true,
    };
    expect(refusal(ledger, ALICE, op)).toEqual({
      code: "NOT_ADMIN",
      details: { account: ALICE },
      stateUnchanged: true,
    });
  });

  it.each([
    ["maxSlashFraction", { maxSlashFraction: amount("1.00000001"), caseEpochs: 2 }],
    ["caseEpochs", { maxSlashFraction: amount("0.5"), caseEpochs: 0 }],
    ["caseEpochs", { maxSlashFraction: amount("0.5"), caseEpochs: 2 ** 32 }],
  ])("INVALID_SLASHING_PARAMS naming %s", (field, values) => {
    const { ledger } = slashingWorld();
    const before = stateHash(ledger);
    expect(refusal(ledger, ADMIN, { op: "set_slashing_params", slashDelegators: true, ...values })).toEqual({
      code: "INVALID_SLASHING_PARAMS",
      details: { field },
      stateUnchanged: true,
    });
    expect(stateHash(ledger)).toBe(before);
  });
});
