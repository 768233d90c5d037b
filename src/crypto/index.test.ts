import { describe, expect, it } from "vitest";
import * as crypto from "./index.js";

describe("src/crypto public surface", () => {
  it("exports exactly these names (other modules rely on them; change this list on purpose only)", () => {
    expect(Object.keys(crypto).sort()).toEqual([
      "BLS_POP_CIPHERSUITE",
      "BLS_PRIVATE_KEY_BYTES",
      "BLS_PUBLIC_KEY_BYTES",
      "BLS_SIGNATURE_BYTES",
      "BLS_SIG_CIPHERSUITE",
      "accountPublicKeyOf",
      "blsSign",
      "blsVerify",
      "fullNodeKeyVerifier",
      "generateAccountKeyPair",
      "generateNetworkingKeyPair",
      "generateNodeKeys",
      "generateStakingKeyPair",
      "isHashAlgorithm",
      "isSignatureAlgorithm",
      "isValidNetworkingKey",
      "isValidStakingKey",
      "nodeIdFromStakingKey",
      "proveProofOfPossession",
      "signMessage",
      "stakingPublicKeyOf",
      "verifyProofOfPossession",
      "verifySignature",
    ]);
  });

  it("names Flow's ciphersuites exactly", () => {
    expect(crypto.BLS_POP_CIPHERSUITE).toBe("BLS_POP_BLS12381G1_XOF:KMAC128_SSWU_RO_POP_");
    expect(crypto.BLS_SIG_CIPHERSUITE).toBe("BLS_SIG_BLS12381G1_XOF:KMAC128_SSWU_RO_POP_");
  });
});
