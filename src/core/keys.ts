/**
 * The node-key checks that registration needs (staking-contract.md §5.1 step 10).
 *
 * The core stays free of curve arithmetic: whoever builds the ledger passes an implementation in.
 * `src/crypto` provides the real one (BLS12-381 in Flow's encoding, ECDSA P-256); simulations in
 * `"format"` mode never call it.
 */
export interface NodeKeyVerifier {
  /** `stakingKey` is 192 lowercase hex characters; true when it decodes to a valid BLS12-381 G2 point in Flow's encoding. */
  isValidStakingKey(stakingKey: string): boolean;
  /** True when `proofOfPossession` (96 hex characters, a 48-byte G1 signature) verifies for `stakingKey` under Flow's PoP ciphersuite. */
  verifyProofOfPossession(stakingKey: string, proofOfPossession: string): boolean;
  /** `networkingKey` is 128 lowercase hex characters (x‖y); true when it is a point on P-256. */
  isValidNetworkingKey(networkingKey: string): boolean;
  /**
   * True when `signature` (96 hex characters) is a BLS signature by `stakingKey` over `message` under Flow's
   * signature ciphersuite with KMAC128 tag `tag` (slashing votes).
   */
  verifyStakingSignature(stakingKey: string, signature: string, message: Uint8Array, tag: string): boolean;
}

/** `"full"`: keys must be real curve points and the PoP must verify. `"format"`: length, lowercase hex and uniqueness only. */
export type KeyValidation = "full" | "format";
