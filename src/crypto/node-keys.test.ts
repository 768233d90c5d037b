import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isValidStakingKey, stakingPublicKeyOf } from "./flow-bls.js";
import { fullNodeKeyVerifier } from "./node-key-verifier.js";
import { generateNodeKeys } from "./node-keys.js";

describe("generateNodeKeys", () => {
  const keys = generateNodeKeys();

  it("has the shape `flowstake keys generate --node` prints", () => {
    expect(Object.keys(keys).sort()).toEqual(["networkingKey", "nodeId", "stakingKey", "stakingKeyPoP"]);
    expect(keys.nodeId).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.networkingKey.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.networkingKey.publicKey).toMatch(/^[0-9a-f]{128}$/);
    expect(keys.stakingKey.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.stakingKey.publicKey).toMatch(/^[0-9a-f]{192}$/);
    expect(keys.stakingKeyPoP).toMatch(/^[0-9a-f]{96}$/);
  });

  it("passes the full node-key verifier", () => {
    expect(fullNodeKeyVerifier.isValidStakingKey(keys.stakingKey.publicKey)).toBe(true);
    expect(fullNodeKeyVerifier.verifyProofOfPossession(keys.stakingKey.publicKey, keys.stakingKeyPoP)).toBe(true);
    expect(fullNodeKeyVerifier.isValidNetworkingKey(keys.networkingKey.publicKey)).toBe(true);
  });

  it("derives the node ID as SHA3-256 of the staking key, and the staking key from its private key", () => {
    const expected = createHash("sha3-256").update(Buffer.from(keys.stakingKey.publicKey, "hex")).digest("hex");
    expect(keys.nodeId).toBe(expected);
    expect(stakingPublicKeyOf(keys.stakingKey.privateKey)).toBe(keys.stakingKey.publicKey);
  });

  it("is fresh each time", () => {
    const other = generateNodeKeys();
    expect(other.nodeId).not.toBe(keys.nodeId);
    expect(other.networkingKey.privateKey).not.toBe(keys.networkingKey.privateKey);
    expect(isValidStakingKey(other.stakingKey.publicKey)).toBe(true);
  });
});

describe("fullNodeKeyVerifier", () => {
  const keys = generateNodeKeys();
  const other = generateNodeKeys();

  it("rejects what the ledger must reject, without throwing", () => {
    expect(fullNodeKeyVerifier.verifyProofOfPossession(keys.stakingKey.publicKey, other.stakingKeyPoP)).toBe(false);
    expect(fullNodeKeyVerifier.isValidStakingKey(keys.stakingKey.publicKey.toUpperCase())).toBe(false);
    expect(fullNodeKeyVerifier.isValidStakingKey(keys.networkingKey.publicKey)).toBe(false);
    expect(fullNodeKeyVerifier.isValidNetworkingKey(keys.networkingKey.publicKey.toUpperCase())).toBe(false);
    expect(fullNodeKeyVerifier.isValidNetworkingKey(keys.stakingKey.publicKey)).toBe(false);
    expect(fullNodeKeyVerifier.verifyProofOfPossession("", "")).toBe(false);
  });

  it("cannot be modified by a caller", () => {
    expect(Object.isFrozen(fullNodeKeyVerifier)).toBe(true);
  });
});
