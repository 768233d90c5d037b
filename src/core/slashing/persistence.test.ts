import { describe, expect, it } from "vitest";
import { parseAmount, ZERO } from "../amount.js";
import { toJson } from "../json.js";
import { readOperation, readQuery } from "../operation-json.js";
import { runQuery } from "../queries.js";
import { decodeSnapshot, encodeSnapshot } from "../snapshot.js";
import type { LedgerState } from "../state.js";
import { StateDigest, stateHash } from "../state-hash.js";
import { admin, endEpoch, ledgerErrorOf, nodeId } from "../test-fixtures.js";
import { createSlashingState, decodeSlashing } from "./persistence.js";
import { ACCUSED, EVIDENCE, FORMAT_SIGNATURE, openCase, slashingWorld, vote } from "./test-world.js";

const amount = parseAmount;
const [C1, C2, C3, C4] = [nodeId(1), nodeId(2), nodeId(3), nodeId(4)];

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function roundTrip(ledger: LedgerState): LedgerState {
  return decodeSnapshot(concat(encodeSnapshot(ledger)));
}

/** Four consensus nodes; case 1 adjudicated (with delegators), case 2 expired, case 3 open with two votes. */
function history(): { ledger: LedgerState; digest: StateDigest; hashes: string[] } {
  const digest = new StateDigest();
  const hashes: string[] = [];
  const { ledger } = slashingWorld({
    consensus: ["500000", "500000", "500000", "500000"],
    accusedDelegators: ["1000", "2000"],
  });
  const step = (run: () => unknown) => {
    run();
    const incremental = digest.update(ledger);
    expect(incremental).toBe(stateHash(ledger));
    hashes.push(incremental);
  };
  const all = [C1, C2, C3, C4, ACCUSED];
  step(() => openCase(ledger, C1, ACCUSED, "0.25"));
  step(() => vote(ledger, 1, C1));
  step(() => vote(ledger, 1, C2, "no"));
  step(() => vote(ledger, 1, C3));
  step(() => vote(ledger, 1, C4));
  step(() => openCase(ledger, C2, C4));
  step(() => endEpoch(ledger, all));
  step(() =>
    admin(ledger, { op: "set_slashing_params", maxSlashFraction: amount("1"), caseEpochs: 3, slashDelegators: false }),
  );
  step(() => openCase(ledger, C3, ACCUSED, "1"));
  step(() => vote(ledger, 3, C1, "no"));
  step(() => vote(ledger, 3, C2));
  step(() => endEpoch(ledger, all));
  return { ledger, digest, hashes };
}

describe("slashing in the state hash", () => {
  it("every step changes the hash, and the incremental digest always equals the full hash", () => {
    const { hashes } = history();
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it("covers each vote and its order", () => {
    const { ledger } = slashingWorld({ consensus: ["500000", "500000", "500000", "500000"] });
    const a = openCase(ledger, C1, ACCUSED);
    const fork = roundTrip(ledger);
    vote(ledger, a, C1, "yes");
    vote(ledger, a, C2, "no");
    vote(fork, a, C2, "no");
    vote(fork, a, C1, "yes");
    expect(stateHash(ledger)).not.toBe(stateHash(fork));
  });
});

describe("slashing in snapshots", () => {
  it("a round trip keeps every case, vote and parameter: same hash, same answers, same future", () => {
    const { ledger } = history();
    const copy = roundTrip(ledger);
    expect(stateHash(copy)).toBe(stateHash(ledger));
    for (const caseId of [1, 2, 3]) {
      expect(toJson(runQuery(copy, { query: "slashing_case", caseId }))).toBe(
        toJson(runQuery(ledger, { query: "slashing_case", caseId })),
      );
    }
    expect(copy.slashing).toEqual(ledger.slashing);
    const original = vote(ledger, 3, C3);
    const replayed = vote(copy, 3, C3);
    expect(replayed).toEqual(original);
    expect(stateHash(copy)).toBe(stateHash(ledger));
  });

  it("a snapshot without slashing data decodes to the defaults; malformed data is refused", () => {
    expect(decodeSlashing(undefined)).toEqual(createSlashingState());
    expect(() => decodeSlashing({ cases: [{ id: 1 }] })).toThrow(/snapshot/);
    expect(() => decodeSlashing({ maxSlashFraction: 0.5 })).toThrow(/snapshot/);
    expect(() => decodeSlashing("cases")).toThrow(/snapshot/);
  });
});

describe("the slashing_case query", () => {
  it("answers a case's fields, its votes in order and the tally now", () => {
    const { ledger } = history();
    expect(runQuery(ledger, { query: "slashing_case", caseId: 1 })).toEqual({
      caseId: 1,
      opener: C1,
      accused: ACCUSED,
      evidenceHash: EVIDENCE,
      fine: amount("0.25"),
      status: "adjudicated",
      openedEpoch: 1,
      expiresAtEpoch: 3,
      closedEpoch: 1,
      // 300,000 × 0.25 + 1,000 × 0.25 + 2,000 × 0.25
      totalBurned: amount("75750"),
      votes: [
        { nodeId: C1, vote: "yes" },
        { nodeId: C2, vote: "no" },
        { nodeId: C3, vote: "yes" },
        { nodeId: C4, vote: "yes" },
      ],
      yesStake: amount("1500000"),
      totalStake: amount("2000000"),
    });
    expect(runQuery(ledger, { query: "slashing_case", caseId: 2 })).toMatchObject({
      status: "expired",
      closedEpoch: 3,
      totalBurned: ZERO,
    });
    expect(runQuery(ledger, { query: "slashing_case", caseId: 3 })).toMatchObject({
      status: "open",
      openedEpoch: 2,
      expiresAtEpoch: 5,
      yesStake: amount("500000"),
    });
  });

  it("SLASHING_CASE_NOT_FOUND for an unknown case", () => {
    const { ledger } = slashingWorld();
    expect(ledgerErrorOf(() => runQuery(ledger, { query: "slashing_case", caseId: 1 }))).toEqual({
      code: "SLASHING_CASE_NOT_FOUND",
      details: { caseId: 1 },
    });
  });
});

describe("reading slashing operations from JSON", () => {
  it("reads the three operations and the query", () => {
    expect(
      readOperation("open_slashing_case", { nodeId: C1, accused: ACCUSED, evidenceHash: EVIDENCE, fine: "0.1" }),
    ).toEqual({ op: "open_slashing_case", nodeId: C1, accused: ACCUSED, evidenceHash: EVIDENCE, fine: amount("0.1") });
    expect(
      readOperation("vote_on_slashing_case", { caseId: 2, nodeId: C1, vote: "no", signature: FORMAT_SIGNATURE }),
    ).toEqual({ op: "vote_on_slashing_case", caseId: 2, nodeId: C1, vote: "no", signature: FORMAT_SIGNATURE });
    expect(
      readOperation("set_slashing_params", { maxSlashFraction: "1", caseEpochs: 4, slashDelegators: false }),
    ).toEqual({ op: "set_slashing_params", maxSlashFraction: amount("1"), caseEpochs: 4, slashDelegators: false });
    expect(readQuery("slashing_case", { caseId: 3 })).toEqual({ query: "slashing_case", caseId: 3 });
  });

  it.each([
    ["vote_on_slashing_case", { caseId: 1, nodeId: C1, vote: "maybe", signature: FORMAT_SIGNATURE }, "vote"],
    ["vote_on_slashing_case", { caseId: "1", nodeId: C1, vote: "yes", signature: FORMAT_SIGNATURE }, "caseId"],
    ["vote_on_slashing_case", { caseId: 1, nodeId: C1, vote: "yes" }, "signature"],
    ["open_slashing_case", { nodeId: C1, accused: ACCUSED, evidenceHash: EVIDENCE }, "fine"],
    ["set_slashing_params", { maxSlashFraction: "1", caseEpochs: 4, slashDelegators: "no" }, "slashDelegators"],
  ])("%s: a malformed argument names its field", (type, args, field) => {
    expect(ledgerErrorOf(() => readOperation(type, args)).details).toMatchObject({ field });
  });
});
