/**
 * The two ECDSA curves Flow uses, and what account keys and networking keys share: the raw key encodings, point
 * validation, and key-pair generation.
 *
 * Encodings are Flow's (onflow/crypto `ecdsa.go`): a private key is the 32-byte big-endian scalar d with
 * 0 < d < n; a public key is the 64-byte raw x ‖ y, each coordinate 32 bytes big-endian and below p, and the
 * point on the curve (both curves have cofactor 1, so that is the whole group check; the identity has no raw
 * encoding).
 */
import { generateKeyPairSync } from "node:crypto";
import { p256 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";

export type SignatureAlgorithm = "ECDSA_P256" | "ECDSA_secp256k1";

export const ECDSA_PRIVATE_KEY_BYTES = 32;
export const ECDSA_PUBLIC_KEY_BYTES = 64;
export const ECDSA_SIGNATURE_BYTES = 64;

interface CurveInfo {
  /** OpenSSL's name, for `node:crypto`. */
  nodeName: "prime256v1" | "secp256k1";
  /** The JWK `crv` value. */
  jwkName: "P-256" | "secp256k1";
  /** noble's implementation: fast point validation and deterministic (RFC 6979) signing. */
  noble: typeof p256;
}

export const CURVES: Readonly<Record<SignatureAlgorithm, CurveInfo>> = {
  ECDSA_P256: { nodeName: "prime256v1", jwkName: "P-256", noble: p256 },
  ECDSA_secp256k1: { nodeName: "secp256k1", jwkName: "secp256k1", noble: secp256k1 },
};

export function isSignatureAlgorithm(value: unknown): value is SignatureAlgorithm {
  return value === "ECDSA_P256" || value === "ECDSA_secp256k1";
}

/** The group order n of the curve. */
export function curveOrder(alg: SignatureAlgorithm): bigint {
  return CURVES[alg].noble.Point.Fn.ORDER;
}

/**
 * True when the 64 raw bytes x ‖ y are a point of the curve: both coordinates below p, the curve equation holds,
 * not the identity. Uses noble's decoder, which measured ~12× faster than `crypto.createPublicKey` for this check.
 */
export function isValidRawPublicKey(alg: SignatureAlgorithm, raw: Uint8Array): boolean {
  if (raw.length !== ECDSA_PUBLIC_KEY_BYTES) return false;
  const uncompressed = new Uint8Array(1 + ECDSA_PUBLIC_KEY_BYTES);
  uncompressed[0] = 0x04;
  uncompressed.set(raw, 1);
  try {
    return !CURVES[alg].noble.Point.fromBytes(uncompressed).is0();
  } catch {
    return false;
  }
}

/** A JWK base64url field as exactly 32 bytes of lowercase hex (JWK fields are full length, but pad to be sure). */
function jwkFieldToHex(field: string | undefined): string {
  if (field === undefined) throw new Error("generateEcdsaKeyPair: node:crypto exported an incomplete JWK");
  return Buffer.from(field, "base64url")
    .toString("hex")
    .padStart(ECDSA_PRIVATE_KEY_BYTES * 2, "0");
}

/** A fresh key pair from OpenSSL's generator: private key 64 hex characters, public key 128 (x ‖ y), lowercase. */
export function generateEcdsaKeyPair(alg: SignatureAlgorithm): { privateKey: string; publicKey: string } {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: CURVES[alg].nodeName });
  const jwk = privateKey.export({ format: "jwk" });
  return { privateKey: jwkFieldToHex(jwk.d), publicKey: jwkFieldToHex(jwk.x) + jwkFieldToHex(jwk.y) };
}
