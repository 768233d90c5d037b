/** `"keyValidation": "full"`: real keys from `generateNodeKeys` register; a wrong PoP or a non-point is refused. */
import { describe, expect, it } from "vitest";
import { fullNodeKeyVerifier, generateNodeKeys } from "../../src/crypto/index.js";
import { parsePlan } from "../../src/sim/plan.js";
import { runPlan } from "../../src/sim/run.js";

function register(keys: ReturnType<typeof generateNodeKeys>, overrides: Record<string, string> = {}) {
  return {
    op: "register_node",
    as: "olga",
    nodeId: keys.nodeId,
    role: 2,
    networkingAddress: `${keys.nodeId.slice(0, 8)}.example.org:3569`,
    networkingKey: keys.networkingKey.publicKey,
    stakingKey: keys.stakingKey.publicKey,
    stakingKeyPoP: keys.stakingKeyPoP,
    amount: "500000",
    ...overrides,
  };
}

describe("full key validation in the simulator", () => {
  const a = generateNodeKeys();
  const b = generateNodeKeys();
  const c = generateNodeKeys();

  it("accepts real keys and refuses a PoP of another key, a missing PoP and a networking key off the curve", () => {
    const plan = parsePlan({
      accounts: { olga: "5000000" },
      steps: [
        register(a),
        register(b, { stakingKeyPoP: c.stakingKeyPoP }),
        register(b, { stakingKeyPoP: "" }),
        register(b, { networkingKey: "0".repeat(128) }),
        register(c, { stakingKey: `${"0".repeat(190)}01` }),
      ],
    });
    const { outcomes } = runPlan(plan, { verifier: fullNodeKeyVerifier });
    expect(outcomes.map((o) => (o.ok ? "ok" : o.error.code))).toEqual([
      "ok",
      "INVALID_PROOF_OF_POSSESSION",
      "INVALID_PROOF_OF_POSSESSION",
      "NETWORKING_KEY_NOT_ON_CURVE",
      "STAKING_KEY_NOT_ON_CURVE",
    ]);
  });
});
