/** A pooled node is still run by its operator: networking address, slashing cases and votes; the money is the pool's. */
import { describe, expect, it } from "vitest";
import { outcomeLine } from "../../sim/json.js";
import { parsePlan } from "../../sim/plan.js";
import { runPlan } from "../../sim/run.js";

const hex = (n: number, length: number) => n.toString(16).padStart(length, "0");
const register = (as: string, n: number, role: number, amount: string) => ({
  op: "register_node",
  as,
  nodeId: hex(n, 64),
  role,
  networkingAddress: `n${n}.example.org:3569`,
  networkingKey: hex(n, 128),
  stakingKey: hex(n, 192),
  amount,
});

describe("the operator of a pooled node", () => {
  it("updates its networking address and opens and votes on slashing cases; members and strangers cannot", () => {
    const plan = parsePlan({
      params: { keyValidation: "format" },
      accounts: { admin: "0", olga: "2000000", mia: "1000", carl: "2000000", dave: "2000000" },
      steps: [
        register("olga", 1, 2, "600000"),
        register("carl", 2, 2, "600000"),
        register("dave", 3, 1, "300000"),
        { op: "open_pool", as: "olga", nodeId: hex(1, 64), fee: "0.1", minimumJoin: "10", extraLockEpochs: 0 },
        { op: "join_pool", as: "mia", poolId: 1, amount: "100" },
        { op: "end_epoch", nodeIds: [hex(1, 64), hex(2, 64), hex(3, 64)] },
        {
          op: "update_networking_address",
          as: "olga",
          nodeId: hex(1, 64),
          networkingAddress: "pooled.example.org:3569",
        },
        { op: "update_networking_address", as: "mia", nodeId: hex(1, 64), networkingAddress: "mia.example.org:3569" },
        {
          op: "open_slashing_case",
          as: "olga",
          nodeId: hex(1, 64),
          accused: hex(3, 64),
          evidenceHash: "ab".repeat(32),
          fine: "0.1",
        },
        {
          op: "vote_on_slashing_case",
          as: "olga",
          caseId: 1,
          nodeId: hex(1, 64),
          vote: "yes",
          signature: "cd".repeat(48),
        },
        {
          op: "vote_on_slashing_case",
          as: "mia",
          caseId: 1,
          nodeId: hex(1, 64),
          vote: "yes",
          signature: "cd".repeat(48),
        },
        { op: "withdraw_rewarded_tokens", as: "olga", nodeId: hex(1, 64), amount: "0" },
      ],
    });
    const outcomes = runPlan(plan).outcomes.map(
      (o) => JSON.parse(outcomeLine(o)) as { ok: boolean; error?: { code: string } },
    );
    expect(outcomes.slice(6).map((o) => (o.ok ? "ok" : o.error?.code))).toEqual([
      "ok",
      "NOT_OWNER",
      "ok",
      "ok",
      "NOT_OWNER",
      // Money operations on the record stay the pool's: the operator must go through the pool.
      "NOT_OWNER",
    ]);
  });
});
