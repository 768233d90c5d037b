/**
 * A node's ID, derived from its staking key the way Flow's bootstrap tools do: SHA3-256 of the 96 key bytes, as
 * 64 lowercase hex characters. (Checked against Flow's node-operator guide, whose example `node-info.pub.json` has
 * `NodeID` = SHA3-256 of its `StakingPubKey`.) The staking contract itself accepts any 64-character lowercase hex ID;
 * this derivation is the recommended default, not a ledger rule.
 */
import { createHash } from "node:crypto";
import { BLS_PUBLIC_KEY_BYTES } from "./flow-bls.js";
import { decodeHex } from "./hex-codec.js";

/** SHA3-256 of the staking key's 96 bytes (hex of either case accepted), as 64 lowercase hex characters. */
export function nodeIdFromStakingKey(stakingKeyHex: string): string {
  const bytes = decodeHex(stakingKeyHex, BLS_PUBLIC_KEY_BYTES);
  if (bytes === undefined) {
    throw new TypeError(`a staking key is ${BLS_PUBLIC_KEY_BYTES * 2} hex characters`);
  }
  return createHash("sha3-256").update(bytes).digest("hex");
}
