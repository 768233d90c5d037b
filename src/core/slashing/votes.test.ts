import { describe, expect, it } from "vitest";
import { blsSign, fullNodeKeyVerifier, generateNodeKeys, type NodeKeys } from "../../crypto/index.js";
import { parseAmount, ZERO } from "../amount.js";
import { asNodeId, type NodeId } from "../ids.js";
import { apply, type Operation } from "../operations.js";
import { runQuery } from "../queries.js";
import { createLedger, type LedgerState } from "../state.js";
import { ADMIN, ALICE, BOB, CAROL, endEpoch, nodeId, refusal, registerNode, START_BALANCE } from "../test-fixtures.js";
import { ACCUSED, EVIDENCE, FORMAT_SIGNATURE, isAdjudicated, openCase, slashingWorld, vote } from "./test-world.js";
import type { Vote } from "./types.js";
import { SLASHING_VOTE_TAG, slashingVoteMessage, slashingVoteText } from "./votes.js";

const amount = parseAmount;
const [C1, C2, C3, C4, C5] = [nodeId(1), nodeId(2), nodeId(3), nodeId(4), nodeId(5)];

function voteOp(caseId: number, voter: NodeId, choice: Vote = "yes", signature = FORMAT_SIGNATURE): Operation {
  return { op: "vote_on_slashing_case", caseId, nodeId: voter, vote: choice, signature };
}

describe("vote_on_slashing_case", () => {
  it("records a vote with SlashingVoteCast; a no vote never adjudicates", () => {
    const { ledger } = slashingWorld();
    const id = openCase(ledger, C1, ACCUSED);
    const applied = vote(ledger, id, C2, "no");
    expect(applied).toEqual({
      result: { caseId: id, adjudicated: false },
      events: [{ type: "SlashingVoteCast", caseId: id, voter: C2, vote: "no" }],
    });
    expect(runQuery(ledger, { query: "slashing_case", caseId: id })).toMatchObject({
      status: "open",
      votes: [{ nodeId: C2, vote: "no" }],
      yesStake: ZERO,
      totalStake: amount("1500000"),
    });
  });

  it("the opener may vote on its own case file (it is not the accused)", () => {
    const { ledger } = slashingWorld();
    const id = openCase(ledger, C1, ACCUSED);
    expect(vote(ledger, id, C1).result).toEqual({ caseId: id, adjudicated: false });
  });

  describe("adjudication: strictly more than two thirds of the consensus stake", () => {
    // Stakes count delegators: C2 = 500,000 + 50 delegated. Yes from C1 and C2 = 1,000,050.
    it("exactly two thirds is not enough (3 × 1,000,050 = 2 × 1,500,075)", () => {
      const { ledger } = slashingWorld({ consensus: ["500000", "500000", "500025"], consensusDelegators: ["50"] });
      const id = openCase(ledger, C1, ACCUSED);
      expect(isAdjudicated(vote(ledger, id, C1))).toBe(false);
      expect(isAdjudicated(vote(ledger, id, C2))).toBe(false);
      expect(runQuery(ledger, { query: "slashing_case", caseId: id })).toMatchObject({
        status: "open",
        yesStake: amount("1000050"),
        totalStake: amount("1500075"),
      });
      expect(ledger.nodes.get(ACCUSED)?.staked).toBe(amount("300000"));
    });

    it("one unit less of total stake is just over two thirds: adjudicated at once", () => {
      const { ledger } = slashingWorld({
        consensus: ["500000", "500000", "500024.99999999"],
        consensusDelegators: ["50"],
      });
      const id = openCase(ledger, C1, ACCUSED);
      expect(isAdjudicated(vote(ledger, id, C1))).toBe(false);
      const applied = vote(ledger, id, C2);
      expect(applied.result).toEqual({ caseId: id, adjudicated: true });
      expect(applied.events.map((e) => e.type)).toEqual(["SlashingVoteCast", "NodeSlashed", "SlashingCaseAdjudicated"]);
      expect(runQuery(ledger, { query: "slashing_case", caseId: id })).toMatchObject({
        status: "adjudicated",
        closedEpoch: 1,
        totalBurned: amount("30000"),
      });
    });

    it("a yes-voter that is no longer a staked consensus participant stops counting", () => {
      const { ledger } = slashingWorld({ consensus: ["500000", "500000", "500000", "500000"] });
      const all = [C1, C2, C3, C4, ACCUSED];
      const id = openCase(ledger, C1, ACCUSED);
      vote(ledger, id, C1);
      apply(ledger, ALICE, { op: "request_unstaking", nodeId: C1, amount: amount("500000") });
      endEpoch(ledger, all); // epoch 2: C1 is refunded and leaves the table
      expect(ledger.participants.has(C1)).toBe(false);
      vote(ledger, id, C2);
      // With C1 it would be 1,500,000 of 2,000,000; without, 1,000,000 of 1,500,000: exactly two thirds.
      expect(isAdjudicated(vote(ledger, id, C3))).toBe(false);
      expect(runQuery(ledger, { query: "slashing_case", caseId: id })).toMatchObject({
        yesStake: amount("1000000"),
        totalStake: amount("1500000"),
      });
      expect(isAdjudicated(vote(ledger, id, C4))).toBe(true);
    });

    it("is checked after yes votes only: a no vote leaves a case open even above two thirds", () => {
      const { ledger } = slashingWorld({ consensus: ["500000", "500000", "500000", "500000", "500000"] });
      const id = openCase(ledger, C1, ACCUSED);
      for (const voter of [C1, C2, C3]) expect(isAdjudicated(vote(ledger, id, voter))).toBe(false);
      apply(ledger, ALICE, { op: "request_unstaking", nodeId: C5, amount: amount("500000") });
      endEpoch(ledger, [C1, C2, C3, C4, C5, ACCUSED]); // C5 leaves: yes is now 1,500,000 of 2,000,000
      expect(vote(ledger, id, C4, "no").result).toEqual({ caseId: id, adjudicated: false });
      expect(runQuery(ledger, { query: "slashing_case", caseId: id })).toMatchObject({
        status: "open",
        yesStake: amount("1500000"),
        totalStake: amount("2000000"),
      });
    });

    it("the accused's own consensus stake counts in the total", () => {
      const { ledger } = slashingWorld({ consensus: ["500000", "500000", "500000", "500000"] });
      const id = openCase(ledger, C1, C4);
      vote(ledger, id, C1);
      // 1,000,000 of 2,000,000; C4 cannot vote, so C3 decides.
      expect(isAdjudicated(vote(ledger, id, C2))).toBe(false);
      expect(isAdjudicated(vote(ledger, id, C3))).toBe(true);
    });
  });

  describe("refusals change nothing", () => {
    it("SLASHING_CASE_NOT_FOUND", () => {
      const { ledger } = slashingWorld();
      expect(refusal(ledger, ALICE, voteOp(7, C1))).toEqual({
        code: "SLASHING_CASE_NOT_FOUND",
        details: { caseId: 7 },
        stateUnchanged: true,
      });
    });

    it("NODE_NOT_FOUND for an unknown voter, NOT_OWNER for someone else's node", () => {
      const { ledger } = slashingWorld();
      const id = openCase(ledger, C1, ACCUSED);
      expect(refusal(ledger, ALICE, voteOp(id, nodeId(99)))).toEqual({
        code: "NODE_NOT_FOUND",
        details: { nodeId: nodeId(99) },
        stateUnchanged: true,
      });
      expect(refusal(ledger, BOB, voteOp(id, C2))).toEqual({
        code: "NOT_OWNER",
        details: { account: BOB, nodeId: C2 },
        stateUnchanged: true,
      });
    });

    it("SLASHING_CASE_CLOSED once adjudicated", () => {
      const { ledger } = slashingWorld({ consensus: ["500000", "500000", "500000", "500000"] });
      const id = openCase(ledger, C1, ACCUSED);
      for (const voter of [C1, C2, C3]) vote(ledger, id, voter);
      expect(refusal(ledger, ALICE, voteOp(id, C4))).toEqual({
        code: "SLASHING_CASE_CLOSED",
        details: { caseId: id, status: "adjudicated" },
        stateUnchanged: true,
      });
    });

    it("SLASHING_CASE_CLOSED once expired", () => {
      const { ledger } = slashingWorld();
      const id = openCase(ledger, C1, ACCUSED);
      endEpoch(ledger, [C1, C2, C3, ACCUSED]);
      endEpoch(ledger, [C1, C2, C3, ACCUSED]);
      expect(refusal(ledger, ALICE, voteOp(id, C2))).toEqual({
        code: "SLASHING_CASE_CLOSED",
        details: { caseId: id, status: "expired" },
        stateUnchanged: true,
      });
    });

    it("CANNOT_VOTE_ON_OWN_CASE for the accused, even when it is a staked consensus node", () => {
      const { ledger } = slashingWorld();
      const id = openCase(ledger, C1, C3);
      expect(refusal(ledger, ALICE, voteOp(id, C3))).toEqual({
        code: "CANNOT_VOTE_ON_OWN_CASE",
        details: { caseId: id, nodeId: C3 },
        stateUnchanged: true,
      });
    });

    it("NOT_A_STAKED_CONSENSUS_NODE for a node of another role", () => {
      const { ledger } = slashingWorld();
      const id = openCase(ledger, C1, C3);
      expect(refusal(ledger, BOB, voteOp(id, ACCUSED))).toEqual({
        code: "NOT_A_STAKED_CONSENSUS_NODE",
        details: { nodeId: ACCUSED },
        stateUnchanged: true,
      });
    });

    it("NOT_A_STAKED_CONSENSUS_NODE for a consensus node that has not joined yet, or has left", () => {
      const { ledger } = slashingWorld({ consensus: ["500000", "500000", "500000", "500000"] });
      const newcomer = registerNode(ledger, CAROL, 6, 2, "500000");
      const id = openCase(ledger, C1, ACCUSED);
      expect(refusal(ledger, CAROL, voteOp(id, newcomer))).toEqual({
        code: "NOT_A_STAKED_CONSENSUS_NODE",
        details: { nodeId: newcomer },
        stateUnchanged: true,
      });
      apply(ledger, ALICE, { op: "request_unstaking", nodeId: C4, amount: amount("500000") });
      endEpoch(ledger, [C1, C2, C3, C4, ACCUSED]);
      expect(ledger.nodes.get(C4)?.unstaking).toBe(amount("500000"));
      expect(refusal(ledger, ALICE, voteOp(id, C4))).toEqual({
        code: "NOT_A_STAKED_CONSENSUS_NODE",
        details: { nodeId: C4 },
        stateUnchanged: true,
      });
    });

    it.each<Vote>(["yes", "no"])("ALREADY_VOTED for a second vote (%s after yes)", (second) => {
      const { ledger } = slashingWorld();
      const id = openCase(ledger, C1, ACCUSED);
      vote(ledger, id, C2);
      expect(refusal(ledger, ALICE, voteOp(id, C2, second))).toEqual({
        code: "ALREADY_VOTED",
        details: { caseId: id, nodeId: C2 },
        stateUnchanged: true,
      });
    });

    it.each([
      ["95 characters", "a".repeat(95)],
      ["97 characters", "a".repeat(97)],
      ["uppercase hex", "AB".repeat(48)],
      ["a non-hex character", `${"a".repeat(95)}z`],
      ["empty", ""],
    ])("INVALID_VOTE_SIGNATURE in format mode for %s", (_what, signature) => {
      const { ledger } = slashingWorld();
      const id = openCase(ledger, C1, ACCUSED);
      expect(refusal(ledger, ALICE, voteOp(id, C2, "yes", signature))).toEqual({
        code: "INVALID_VOTE_SIGNATURE",
        details: { caseId: id, nodeId: C2 },
        stateUnchanged: true,
      });
    });
  });
});

describe("the vote message", () => {
  const subject = {
    caseId: 12,
    accused: ACCUSED,
    evidenceHash: EVIDENCE,
    fine: amount("0.1"),
    vote: "yes" as const,
  };

  it("is canonical JSON: keys sorted, no spaces, the case ID a number, the fine with 8 decimals", () => {
    expect(slashingVoteText(subject)).toBe(
      `{"accused":"${ACCUSED}","caseId":12,"evidenceHash":"${EVIDENCE}","fine":"0.10000000","vote":"yes"}`,
    );
    const parsed: unknown = JSON.parse(slashingVoteText(subject));
    expect(Object.keys(parsed as object)).toEqual(Object.keys(parsed as object).sort());
  });

  it("is signed as its UTF-8 bytes, under the tag FLOWSTAKE-V1-SLASHING-VOTE", () => {
    expect(new TextDecoder().decode(slashingVoteMessage({ ...subject, vote: "no" }))).toBe(
      slashingVoteText({ ...subject, vote: "no" }),
    );
    expect(SLASHING_VOTE_TAG).toBe("FLOWSTAKE-V1-SLASHING-VOTE");
  });
});

describe("votes in full key-validation mode, with real BLS staking keys", () => {
  const keys = [generateNodeKeys(), generateNodeKeys(), generateNodeKeys(), generateNodeKeys()];
  const verifier = fullNodeKeyVerifier;

  /** Three consensus nodes of 500,000 (alice) and a collection node of 300,000 (bob), staked in epoch 1. */
  function fullWorld(): { ledger: LedgerState; ids: NodeId[] } {
    const ledger = createLedger({
      admin: ADMIN,
      keyValidation: "full",
      accounts: [
        [ADMIN, ZERO],
        [ALICE, START_BALANCE],
        [BOB, START_BALANCE],
      ],
    });
    const ids = keys.map((k, i) => {
      apply(
        ledger,
        i < 3 ? ALICE : BOB,
        {
          op: "register_node",
          nodeId: k.nodeId,
          role: i < 3 ? 2 : 1,
          networkingAddress: `node-${i}.example.org:3569`,
          networkingKey: k.networkingKey.publicKey,
          stakingKey: k.stakingKey.publicKey,
          stakingKeyPoP: k.stakingKeyPoP,
          amount: amount(i < 3 ? "500000" : "300000"),
        },
        { verifier },
      );
      return asNodeId(k.nodeId);
    });
    endEpoch(ledger, ids);
    return { ledger, ids };
  }

  function sign(signer: NodeKeys, caseId: number, accused: NodeId, choice: Vote, tag = SLASHING_VOTE_TAG): string {
    const message = slashingVoteMessage({ caseId, accused, evidenceHash: EVIDENCE, fine: amount("0.1"), vote: choice });
    return blsSign(signer.stakingKey.privateKey, message, tag);
  }

  function at<T>(list: readonly T[], i: number): T {
    const item = list[i];
    if (item === undefined) throw new Error(`test setup: no item ${i}`);
    return item;
  }

  it("accepts votes signed by the voter's staking key and refuses every other signature, changing nothing", () => {
    const { ledger, ids } = fullWorld();
    const [k1, k2, k3] = [at(keys, 0), at(keys, 1), at(keys, 2)];
    const [n1, n2, n3, accused] = [at(ids, 0), at(ids, 1), at(ids, 2), at(ids, 3)];
    const id = openCase(ledger, n1, accused);
    const good = sign(k2, id, accused, "yes");
    const forged = `${good.slice(0, 94)}${good.slice(94) === "00" ? "01" : "00"}`;
    const refusals = [
      ["forged (last byte changed)", forged],
      ["signed by another node's staking key", sign(k1, id, accused, "yes")],
      ["signed for the other vote", sign(k2, id, accused, "no")],
      ["signed for another case", sign(k2, id + 1, accused, "yes")],
      ["signed under another tag", sign(k2, id, accused, "yes", "FLOWSTAKE-V1-OTHER")],
      ["the all-zero point", "c0".padEnd(96, "0")],
    ] as const;
    for (const [what, signature] of refusals) {
      expect(refusal(ledger, ALICE, voteOp(id, n2, "yes", signature), verifier), what).toEqual({
        code: "INVALID_VOTE_SIGNATURE",
        details: { caseId: id, nodeId: n2 },
        stateUnchanged: true,
      });
    }
    expect(isAdjudicated(vote(ledger, id, n2, "yes", { signature: good, verifier }))).toBe(false);
    expect(isAdjudicated(vote(ledger, id, n1, "yes", { signature: sign(k1, id, accused, "yes"), verifier }))).toBe(
      false,
    );
    const last = vote(ledger, id, n3, "yes", { signature: sign(k3, id, accused, "yes"), verifier });
    expect(isAdjudicated(last)).toBe(true);
    expect(ledger.nodes.get(accused)?.staked).toBe(amount("270000"));
  });
});
