import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateStakingKeyPair } from "./flow-bls.js";
import { nodeIdFromStakingKey } from "./node-id.js";

describe("nodeIdFromStakingKey", () => {
  it("matches the example node in Flow's node-operator guide (NodeID = SHA3-256 of StakingPubKey)", () => {
    const stakingKey =
      "917826e018f056a00b778a58ae83054906957ffd4b6f1b7da083551f7a9f35e02b76ace50424ed7d2c9fc69207a59f0f08a031048f5641db94e77d0648b24d150dedd54bab7cd44b4aa60cfd54be418647b0b3965f8ae54c0bcb48ae9d705162";
    expect(nodeIdFromStakingKey(stakingKey)).toBe("39fa54984b8eaa463e129919464f61c8cec3a4389478df79c44eb9bfbf30799a");
  });

  it("hashes the key's bytes, not its text, so hex case does not matter", () => {
    const { publicKey } = generateStakingKeyPair(new Uint8Array(32).fill(9));
    const expected = createHash("sha3-256").update(Buffer.from(publicKey, "hex")).digest("hex");
    expect(nodeIdFromStakingKey(publicKey)).toBe(expected);
    expect(nodeIdFromStakingKey(publicKey.toUpperCase())).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it("throws for something that is not 96 bytes of hex", () => {
    expect(() => nodeIdFromStakingKey("ab")).toThrow(TypeError);
    expect(() => nodeIdFromStakingKey("zz".repeat(96))).toThrow(TypeError);
  });
});
