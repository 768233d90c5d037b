/**
 * Flow's hash-to-curve for BLS signatures: a message to a point of G1.
 *
 * Flow keeps the structure of RFC 9380's `hash_to_curve` (random-oracle variant, SSWU map with the 11-isogeny,
 * cofactor clearing) but replaces the expander with KMAC128 (onflow/crypto `bls.go`, `bls12381_utils.c`):
 *
 *   bytes = KMAC128(K = key, X = message, L = 128 bytes, S = "H2C")      (NIST SP 800-185)
 *   u0    = OS2IP(bytes[0..64))  mod p
 *   u1    = OS2IP(bytes[64..128)) mod p
 *   H(m)  = clear_cofactor(map_to_curve(u0) + map_to_curve(u1))
 *
 * where `key` is `tag ‖ ciphersuite` for signatures (Flow's `NewExpandMsgXOFKMAC128(tag)`) and the PoP ciphersuite
 * alone for proofs of possession. Flow uses the KMAC "key" as a domain tag, not as a secret.
 */
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { kmac128 } from "@noble/hashes/sha3-addons.js";
import { bytesToBigInt } from "./hex-codec.js";

/** Ciphersuite of Flow BLS signatures; the key of a signature hasher is `tag ‖ this`. */
export const BLS_SIG_CIPHERSUITE = "BLS_SIG_BLS12381G1_XOF:KMAC128_SSWU_RO_POP_";
/** Ciphersuite of Flow proofs of possession; the key of the PoP hasher is exactly this (no tag). */
export const BLS_POP_CIPHERSUITE = "BLS_POP_BLS12381G1_XOF:KMAC128_SSWU_RO_POP_";

const EXPANDED_BYTES = 128;
const HALF = EXPANDED_BYTES / 2;
const KMAC_CUSTOMIZATION = new TextEncoder().encode("H2C");
const FP_ORDER = bls12_381.fields.Fp.ORDER;

export type G1Point = ReturnType<typeof bls12_381.G1.Point.fromBytes>;

/**
 * noble's G1 `mapToCurve` takes one field element as a bigint (G1 has m = 1) and returns the point after cofactor
 * clearing, but its type declaration says `bigint[]` → affine point. The declaration is wrong for G1 (an array
 * throws at run time), so the call goes through this correctly-typed view. Flow's test vector in
 * `flow-bls.test.ts` fails if noble ever changes this behaviour.
 */
const mapFieldElementToG1 = bls12_381.G1.mapToCurve as unknown as (u: bigint) => G1Point;

/** KMAC128 as Flow's BLS expander: 128 bytes, customization "H2C". */
export function flowKmac128Expand(key: Uint8Array, message: Uint8Array): Uint8Array {
  return kmac128(key, message, { dkLen: EXPANDED_BYTES, personalization: KMAC_CUSTOMIZATION });
}

/**
 * Maps a message to G1 the way Flow does, with `key` as the KMAC key. Cofactor clearing is a group homomorphism, so
 * clearing each mapped point (what noble's `mapToCurve` does) and adding gives the same point as adding first.
 */
export function flowHashToG1(message: Uint8Array, key: Uint8Array): G1Point {
  const expanded = flowKmac128Expand(key, message);
  const u0 = bytesToBigInt(expanded.subarray(0, HALF)) % FP_ORDER;
  const u1 = bytesToBigInt(expanded.subarray(HALF)) % FP_ORDER;
  return mapFieldElementToG1(u0).add(mapFieldElementToG1(u1));
}

const textEncoder = new TextEncoder();

/** The KMAC key Flow's `NewExpandMsgXOFKMAC128(tag)` uses: the UTF-8 bytes of `tag ‖ BLS_SIG_CIPHERSUITE`. */
export function signatureHasherKey(tag: string): Uint8Array {
  return textEncoder.encode(tag + BLS_SIG_CIPHERSUITE);
}

/** The KMAC key of Flow's PoP hasher. */
export const POP_HASHER_KEY: Uint8Array = textEncoder.encode(BLS_POP_CIPHERSUITE);
