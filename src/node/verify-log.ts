/**
 * `flowstake verify`: replay the whole log from genesis, re-check every signature against the keys of the state it
 * was applied to, every block's state hash and hash chain. Nothing is trusted but the genesis document.
 */
import type { AccountId } from "../core/ids.js";
import type { LedgerState } from "../core/state.js";
import { verifySignature } from "../crypto/index.js";
import type { LedgerStore } from "../store/port.js";
import { signedBytes, type TransactionEnvelope } from "../tx/index.js";
import { openChain } from "./chain.js";

export function signaturesVerify(envelope: TransactionEnvelope, state: LedgerState): boolean {
  const message = signedBytes(envelope.payload);
  return envelope.signatures.every((s) => {
    const key = state.accounts.get(s.address as AccountId)?.keys[s.keyIndex];
    return (
      key !== undefined &&
      verifySignature(key.publicKey, key.signatureAlgorithm, key.hashAlgorithm, message, s.signature)
    );
  });
}

export interface VerifyReport {
  height: number;
  stateHash: string;
  blockHash: string;
}

/** Throws `ReplayError` at the first disagreement. */
export function verifyLog(store: LedgerStore, onBlock?: (height: number, latest: number) => void): VerifyReport {
  const chain = openChain(store, { fromGenesis: true, verifySignatures: signaturesVerify, onBlock });
  return { height: chain.head.height, stateHash: chain.head.stateHash, blockHash: chain.head.hash };
}
