/**
 * Slashing in plans: with `"keyValidation": "full"` a vote's signature must be the voter's BLS signature of the
 * vote message; slashing operations other than the admin's must name their signer.
 */
import { describe, expect, it } from "vitest";
import { parseAmount } from "../../src/core/amount.js";
import { SLASHING_VOTE_TAG, slashingVoteMessage } from "../../src/core/slashing/index.js";
import { blsSign, fullNodeKeyVerifier, generateNodeKeys, type NodeKeys } from "../../src/crypto/index.js";
import { PlanError, parsePlan } from "../../src/sim/plan.js";
import { runPlan } from "../../src/sim/run.js";

const EVIDENCE = "e7".repeat(32);

function register(keys: NodeKeys, role: number, amount: string, i: number) {
  return {
    op: "register_node",
    as: "olga",
    nodeId: keys.nodeId,
    role,
    networkingAddress: `node-${i}.example.org:3569`,
    networkingKey: keys.networkingKey.publicKey,
    stakingKey: keys.stakingKey.publicKey,
    stakingKeyPoP: keys.stakingKeyPoP,
    amount,
  };
}

describe("slashing plans in full key-validation mode", () => {
  const consensus = [generateNodeKeys(), generateNodeKeys(), generateNodeKeys()];
  const accused = generateNodeKeys();

  function sign(voter: NodeKeys, vote: "yes" | "no"): string {
    const message = slashingVoteMessage({
      caseId: 1,
      accused: accused.nodeId,
      evidenceHash: EVIDENCE,
      fine: parseAmount("0.1"),
      vote,
    });
    return blsSign(voter.stakingKey.privateKey, message, SLASHING_VOTE_TAG);
  }

  it("accepts votes signed by each voter's staking key and refuses any other signature", () => {
    const [a, b, c] = consensus;
    if (a === undefined || b === undefined || c === undefined) throw new Error("three consensus nodes");
    const vote = (voter: NodeKeys, signature: string) => ({
      op: "vote_on_slashing_case",
      as: "olga",
      caseId: 1,
      nodeId: voter.nodeId,
      vote: "yes",
      signature,
    });
    const plan = parsePlan({
      params: { keyValidation: "full" },
      accounts: { admin: "0", olga: "2000000" },
      steps: [
        ...consensus.map((k, i) => register(k, 2, "500000", i)),
        register(accused, 1, "300000", 3),
        { op: "end_epoch", nodeIds: [...consensus, accused].map((k) => k.nodeId) },
        {
          op: "open_slashing_case",
          as: "olga",
          nodeId: a.nodeId,
          accused: accused.nodeId,
          evidenceHash: EVIDENCE,
          fine: "0.1",
        },
        vote(a, "ab".repeat(48)),
        vote(a, sign(b, "yes")),
        vote(a, sign(a, "no")),
        vote(a, sign(a, "yes")),
        vote(b, sign(b, "yes")),
        vote(c, sign(c, "yes")),
        { query: "node_info", nodeId: accused.nodeId },
      ],
    });
    const { outcomes } = runPlan(plan, { verifier: fullNodeKeyVerifier });
    expect(outcomes.slice(6).map((o) => (o.ok ? ("events" in o ? o.result : "query") : o.error.code))).toEqual([
      "INVALID_VOTE_SIGNATURE",
      "INVALID_VOTE_SIGNATURE",
      "INVALID_VOTE_SIGNATURE",
      { caseId: 1, adjudicated: false },
      { caseId: 1, adjudicated: false },
      { caseId: 1, adjudicated: true },
      "query",
    ]);
    const last = outcomes.at(-1);
    expect(last?.ok && "result" in last ? last.result : null).toMatchObject({ tokensStaked: parseAmount("270000") });
  });
});

describe("slashing steps name their signer", () => {
  it.each([
    { op: "open_slashing_case", nodeId: "01", accused: "02", evidenceHash: EVIDENCE, fine: "0.1" },
    { op: "vote_on_slashing_case", caseId: 1, nodeId: "01", vote: "yes", signature: "ab".repeat(48) },
  ])('$op without "as" makes the plan malformed', (step) => {
    expect(() => parsePlan({ accounts: {}, steps: [step] })).toThrow(PlanError);
    expect(() => parsePlan({ accounts: {}, steps: [step] })).toThrow(/field "as"/);
  });

  it("set_slashing_params defaults to the admin", () => {
    const plan = parsePlan({
      params: { keyValidation: "format" },
      accounts: { admin: "0" },
      steps: [{ op: "set_slashing_params", maxSlashFraction: "0.2", caseEpochs: 3, slashDelegators: false }],
    });
    expect(runPlan(plan).outcomes[0]).toMatchObject({ ok: true, result: null });
  });

  it('a vote other than "yes" or "no" makes the plan malformed', () => {
    const step = { op: "vote_on_slashing_case", as: "olga", caseId: 1, nodeId: "01", vote: "maybe", signature: "" };
    expect(() => parsePlan({ accounts: {}, steps: [step] })).toThrow(/field "vote"/);
  });
});
