/** The same plan twice gives byte-identical output and the same state hash (system.md: core is deterministic). */
import { describe, expect, it } from "vitest";
import { stateHash } from "../../src/core/state-hash.js";
import { outcomeLine } from "../../src/sim/json.js";
import { parsePlan } from "../../src/sim/plan.js";
import { runPlan } from "../../src/sim/run.js";
import { mulberry32, randomPlan } from "../reference-model/random-plan.js";

function run(planJson: object): { lines: string[]; hash: string } {
  const { state, outcomes } = runPlan(parsePlan(planJson));
  return { lines: outcomes.map(outcomeLine), hash: stateHash(state) };
}

describe("determinism", () => {
  it.each([11, 12, 13, 14, 15])("random plan %i: identical lines and state hash on a second run", (seed) => {
    const planJson = randomPlan(mulberry32(seed), { steps: 200 });
    const first = run(planJson);
    const second = run(structuredClone(planJson));
    expect(second.lines).toEqual(first.lines);
    expect(second.hash).toBe(first.hash);
  });

  it("a different slot-selection seed can change the outcome, the same seed never does", () => {
    const planJson = (seed: string) => ({
      params: { keyValidation: "format", seed, slotLimits: { "1": 1, "2": 10, "3": 10, "4": 10, "5": 10 } },
      accounts: { op: "10000000" },
      steps: [
        ...[1, 2, 3, 4, 5].map((n) => ({
          op: "register_node",
          as: "op",
          nodeId: n.toString(16).padStart(64, "0"),
          role: 1,
          networkingAddress: `n${n}.example.org:3569`,
          networkingKey: n.toString(16).padStart(128, "0"),
          stakingKey: n.toString(16).padStart(192, "0"),
          amount: "250000",
        })),
        { op: "end_staking", nodeIds: [1, 2, 3, 4, 5].map((n) => n.toString(16).padStart(64, "0")) },
        { query: "proposed_table" },
      ],
    });
    const chosen = new Set<string>();
    for (const seed of ["a", "b", "c", "d", "e", "f", "g", "h"]) {
      const once = run(planJson(seed));
      expect(run(planJson(seed)).lines).toEqual(once.lines);
      const proposed = JSON.parse(once.lines[6] ?? "{}").result as string[];
      expect(proposed).toHaveLength(1);
      chosen.add(proposed[0] ?? "");
    }
    expect(chosen.size).toBeGreaterThan(1);
  });
});
