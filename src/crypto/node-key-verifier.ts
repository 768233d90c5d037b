/**
 * The real node-key checks for the ledger's `"full"` validation mode: BLS12-381 staking keys, PoPs and signatures
 * (slashing votes) in Flow's encoding, ECDSA P-256 networking keys. Each check is pure and never throws.
 */
import type { NodeKeyVerifier } from "../core/keys.js";
import { blsVerify, isValidStakingKey, verifyProofOfPossession } from "./flow-bls.js";
import { isValidNetworkingKey } from "./networking-key.js";

export const fullNodeKeyVerifier: NodeKeyVerifier = Object.freeze({
  isValidStakingKey,
  verifyProofOfPossession,
  isValidNetworkingKey,
  verifyStakingSignature: (stakingKey: string, signature: string, message: Uint8Array, tag: string) =>
    blsVerify(stakingKey, signature, message, tag),
});
