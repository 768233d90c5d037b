/**
 * Random plans, run step by step through flowstake and through the independent reference model
 * (test/reference-model, written from the spec alone). After every step: the same output line (error code and
 * message aside), every invariant holds, and a refused step left the state hash unchanged.
 */
import { describe, expect, it } from "vitest";
import { checkInvariants } from "../../src/core/invariants.js";
import { decodeSnapshot, encodeSnapshot } from "../../src/core/snapshot.js";
import { StateDigest, stateHash } from "../../src/core/state-hash.js";
import { outcomeLine } from "../../src/sim/json.js";
import { parsePlan } from "../../src/sim/plan.js";
import { createPlanLedger, prepareStep, runStep } from "../../src/sim/run.js";
import { runPlanReference } from "../reference-model/model.js";
import { mulberry32, randomPlan } from "../reference-model/random-plan.js";

const PLANS = Number(process.env.FLOWSTAKE_PROPERTY_PLANS ?? 300);
const STEPS = 150;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function comparable(line: string): unknown {
  return JSON.parse(line, (key, value) => (key === "code" || key === "message" ? undefined : value));
}

describe("random plans agree with the reference model, with every invariant after every step", () => {
  it(
    `${PLANS} plans × ${STEPS} steps`,
    () => {
      let failedSteps = 0;
      let steps = 0;
      for (let seed = 1; seed <= PLANS; seed++) {
        const planJson = randomPlan(mulberry32(seed), { steps: STEPS });
        const expected = runPlanReference(planJson);
        const plan = parsePlan(planJson);
        const state = createPlanLedger(plan);
        const digest = new StateDigest();
        plan.steps.forEach((step, i) => {
          prepareStep(state, step, plan.params.defaultBalance);
          const before = stateHash(state);
          const outcome = runStep(state, step, plan.params.defaultBalance);
          const line = outcomeLine(outcome);
          const where = `seed ${seed}, step ${i}`;
          expect(comparable(line), where).toEqual(comparable(expected[i] ?? ""));
          expect(checkInvariants(state), where).toEqual([]);
          // The incremental state hash (rehashing only what the step marked changed) equals the full one.
          const hash = digest.update(state);
          expect(hash, where).toBe(stateHash(state));
          // A snapshot taken now restores the same state.
          if (i % 25 === 24) expect(stateHash(decodeSnapshot(concat(encodeSnapshot(state)))), where).toBe(hash);
          steps += 1;
          if (!outcome.ok) {
            failedSteps += 1;
            expect(stateHash(state), where).toBe(before);
          }
        });
      }
      // The generator must exercise refusals as well as successes.
      expect(failedSteps).toBeGreaterThan(steps / 10);
      expect(failedSteps).toBeLessThan(steps);
    },
    PLANS * 500,
  );
});
