/** Everything a node operator needs to register a node: what `flowstake keys generate --node` prints. */
import { generateStakingKeyPair, proveProofOfPossession } from "./flow-bls.js";
import { generateNetworkingKeyPair } from "./networking-key.js";
import { nodeIdFromStakingKey } from "./node-id.js";

export interface NodeKeys {
  /** SHA3-256 of the staking public key, 64 lowercase hex characters. */
  nodeId: string;
  /** ECDSA P-256: private key 64 hex characters, public key 128 (x ‖ y). */
  networkingKey: { privateKey: string; publicKey: string };
  /** BLS12-381: private key 64 hex characters, public key 192 (Flow's encoding). */
  stakingKey: { privateKey: string; publicKey: string };
  /** Proof of possession of the staking key, 96 hex characters. */
  stakingKeyPoP: string;
}

/** Fresh networking and staking keys, the staking key's PoP, and the node ID derived from the staking key. */
export function generateNodeKeys(): NodeKeys {
  const stakingKey = generateStakingKeyPair();
  return {
    nodeId: nodeIdFromStakingKey(stakingKey.publicKey),
    networkingKey: generateNetworkingKeyPair(),
    stakingKey,
    stakingKeyPoP: proveProofOfPossession(stakingKey.privateKey),
  };
}
