/**
 * Flow account keys: the ECDSA keys that sign transactions and so control an account's money.
 *
 * Keys and signatures use Flow's raw encodings (see `ecdsa-curves.ts`); a signature is the 64-byte r ‖ s, each
 * 32 bytes big-endian. The signed digest is `hash(message)` with the key's hash algorithm; any domain tag is the
 * caller's business (it is part of `message`).
 *
 * - Verification runs on `node:crypto` (OpenSSL): measured ~20k P-256 verifications/s per core, ~30× noble. Parsed
 *   public keys are kept in a bounded LRU keyed by algorithm and hex, since verifying many transactions from the
 *   same key is the hot path and parsing costs about as much as a verification.
 * - Verification accepts high-S signatures (s > n/2), as Flow does (Go's `ecdsa.Verify` has no low-S rule, and
 *   about half of the signatures real wallets produce have a high S). r and s must be in [1, n).
 * - Signing uses noble's RFC 6979 deterministic nonces, so the same key and message always give the same signature
 *   (OpenSSL's random nonces would make replays and tests non-deterministic). It produces low-S signatures, which
 *   Flow accepts like any other.
 */
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { sha256 } from "@noble/hashes/sha2.js";
import { sha3_256 } from "@noble/hashes/sha3.js";
import { createBoundedLru } from "./bounded-lru.js";
import {
  CURVES,
  curveOrder,
  ECDSA_PRIVATE_KEY_BYTES,
  ECDSA_PUBLIC_KEY_BYTES,
  ECDSA_SIGNATURE_BYTES,
  generateEcdsaKeyPair,
  isSignatureAlgorithm,
  isValidRawPublicKey,
  type SignatureAlgorithm,
} from "./ecdsa-curves.js";
import { bytesToBigInt, decodeHex, encodeHex } from "./hex-codec.js";

export type { SignatureAlgorithm } from "./ecdsa-curves.js";
export type HashAlgorithm = "SHA3_256" | "SHA2_256";

export interface AccountKeyPair {
  /** 64 lowercase hex characters: the 32-byte big-endian scalar. */
  privateKey: string;
  /** 128 lowercase hex characters: the raw x ‖ y. */
  publicKey: string;
}

const HASHES: Readonly<Record<HashAlgorithm, { nodeName: string; digest: (message: Uint8Array) => Uint8Array }>> = {
  SHA3_256: { nodeName: "sha3-256", digest: sha3_256 },
  SHA2_256: { nodeName: "sha256", digest: sha256 },
};

export function isHashAlgorithm(value: unknown): value is HashAlgorithm {
  return value === "SHA3_256" || value === "SHA2_256";
}

/** How many parsed public keys to keep: enough for every active key of a busy node, ~1 KB each. */
export const PUBLIC_KEY_CACHE_SIZE = 4096;
const publicKeyObjects = createBoundedLru<KeyObject>(PUBLIC_KEY_CACHE_SIZE);

/** The OpenSSL key object of a valid raw public key, from the cache when possible. */
function publicKeyObject(alg: SignatureAlgorithm, publicKeyHex: string): KeyObject | undefined {
  const cacheKey = `${alg}:${publicKeyHex}`;
  const cached = publicKeyObjects.get(cacheKey);
  if (cached !== undefined) return cached;
  const raw = decodeHex(publicKeyHex, ECDSA_PUBLIC_KEY_BYTES);
  if (raw === undefined || !isValidRawPublicKey(alg, raw)) return undefined;
  const half = ECDSA_PUBLIC_KEY_BYTES / 2;
  const key = createPublicKey({
    key: {
      kty: "EC",
      crv: CURVES[alg].jwkName,
      x: Buffer.from(raw.subarray(0, half)).toString("base64url"),
      y: Buffer.from(raw.subarray(half)).toString("base64url"),
    },
    format: "jwk",
  });
  publicKeyObjects.set(cacheKey, key);
  return key;
}

function parsePrivateKey(alg: SignatureAlgorithm, privateKeyHex: string): Uint8Array {
  const bytes = decodeHex(privateKeyHex, ECDSA_PRIVATE_KEY_BYTES);
  const scalar = bytes === undefined ? 0n : bytesToBigInt(bytes);
  if (bytes === undefined || scalar === 0n || scalar >= curveOrder(alg)) {
    throw new TypeError(`${alg} private key must be 64 hex characters encoding a scalar in [1, n)`);
  }
  return bytes;
}

function assertAlgorithms(alg: unknown, hash: unknown): void {
  if (!isSignatureAlgorithm(alg)) throw new TypeError(`unknown signature algorithm: ${String(alg)}`);
  if (!isHashAlgorithm(hash)) throw new TypeError(`unknown hash algorithm: ${String(hash)}`);
}

/** A fresh account key pair on `alg`'s curve. */
export function generateAccountKeyPair(alg: SignatureAlgorithm): AccountKeyPair {
  if (!isSignatureAlgorithm(alg)) throw new TypeError(`unknown signature algorithm: ${String(alg)}`);
  return generateEcdsaKeyPair(alg);
}

/** The raw public key (128 lowercase hex characters, x ‖ y) of a private key. */
export function accountPublicKeyOf(privateKeyHex: string, alg: SignatureAlgorithm): string {
  if (!isSignatureAlgorithm(alg)) throw new TypeError(`unknown signature algorithm: ${String(alg)}`);
  const uncompressed = CURVES[alg].noble.getPublicKey(parsePrivateKey(alg, privateKeyHex), false);
  return encodeHex(uncompressed.subarray(1));
}

/** Signs `hash(message)`: 128 lowercase hex characters, r ‖ s. Deterministic (RFC 6979). */
export function signMessage(
  privateKeyHex: string,
  alg: SignatureAlgorithm,
  hash: HashAlgorithm,
  message: Uint8Array,
): string {
  assertAlgorithms(alg, hash);
  const secretKey = parsePrivateKey(alg, privateKeyHex);
  const digest = HASHES[hash].digest(message);
  return encodeHex(CURVES[alg].noble.sign(digest, secretKey, { prehash: false }));
}

/**
 * True when `signatureHex` (128 hex characters, r ‖ s, either case) is a valid signature of `hash(message)` by
 * `publicKeyHex` (128 hex characters, x ‖ y). High-S signatures are accepted. Never throws: malformed keys,
 * signatures, algorithms or messages give `false`.
 */
export function verifySignature(
  publicKeyHex: string,
  alg: SignatureAlgorithm,
  hash: HashAlgorithm,
  message: Uint8Array,
  signatureHex: string,
): boolean {
  if (!isSignatureAlgorithm(alg) || !isHashAlgorithm(hash) || !(message instanceof Uint8Array)) return false;
  const signature = decodeHex(signatureHex, ECDSA_SIGNATURE_BYTES);
  if (signature === undefined) return false;
  try {
    const key = publicKeyObject(alg, publicKeyHex);
    if (key === undefined) return false;
    return verify(HASHES[hash].nodeName, message, { key, dsaEncoding: "ieee-p1363" }, signature);
  } catch {
    return false;
  }
}
