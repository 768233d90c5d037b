/** The crypto module's public surface: node keys (staking, networking, node ID) and account keys. */
export {
  type AccountKeyPair,
  accountPublicKeyOf,
  generateAccountKeyPair,
  type HashAlgorithm,
  isHashAlgorithm,
  type SignatureAlgorithm,
  signMessage,
  verifySignature,
} from "./account-keys.js";
export { isSignatureAlgorithm } from "./ecdsa-curves.js";
export {
  BLS_PRIVATE_KEY_BYTES,
  BLS_PUBLIC_KEY_BYTES,
  BLS_SIGNATURE_BYTES,
  blsSign,
  blsVerify,
  generateStakingKeyPair,
  isValidStakingKey,
  proveProofOfPossession,
  type StakingKeyPair,
  stakingPublicKeyOf,
  verifyProofOfPossession,
} from "./flow-bls.js";
export { BLS_POP_CIPHERSUITE, BLS_SIG_CIPHERSUITE } from "./flow-hash-to-g1.js";
export { generateNetworkingKeyPair, isValidNetworkingKey } from "./networking-key.js";
export { nodeIdFromStakingKey } from "./node-id.js";
export { fullNodeKeyVerifier } from "./node-key-verifier.js";
export { generateNodeKeys, type NodeKeys } from "./node-keys.js";
