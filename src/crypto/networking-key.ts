/**
 * A node's networking key: an ECDSA P-256 public key, 64 raw bytes x ‖ y, written as 128 lowercase hex characters.
 * (Flow's bootstrap tools generate these on P-256; the staking contract checks the key as an ECDSA_P256 key.)
 */
import { generateEcdsaKeyPair, isValidRawPublicKey } from "./ecdsa-curves.js";
import { decodeHex, isLowercaseHex } from "./hex-codec.js";

export const NETWORKING_KEY_HEX_LENGTH = 128;

/** True when `hex` is 128 lowercase hex characters of a P-256 point x ‖ y (coordinates below p, on the curve). */
export function isValidNetworkingKey(hex: string): boolean {
  if (!isLowercaseHex(hex, NETWORKING_KEY_HEX_LENGTH)) return false;
  const raw = decodeHex(hex, NETWORKING_KEY_HEX_LENGTH / 2);
  return raw !== undefined && isValidRawPublicKey("ECDSA_P256", raw);
}

/** A fresh networking key pair: private key 64 hex characters (the scalar), public key 128 (x ‖ y), lowercase. */
export function generateNetworkingKeyPair(): { privateKey: string; publicKey: string } {
  return generateEcdsaKeyPair("ECDSA_P256");
}
