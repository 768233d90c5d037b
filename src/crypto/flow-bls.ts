/**
 * Flow's BLS12-381 staking keys: key generation, signatures, proofs of possession (PoP), key validation.
 *
 * The scheme is BLS in "minimal signature size" mode (noble's `shortSignatures`): private keys are 32-byte
 * big-endian scalars in [1, r), public keys are 96-byte compressed G2 points in Flow's encoding (see
 * `flow-g2-encoding.ts`), signatures are 48-byte compressed G1 points, and messages are hashed with Flow's KMAC128
 * hash-to-curve (see `flow-hash-to-g1.ts`). A PoP is a signature, under the PoP ciphersuite, of the public key's
 * own 96 bytes.
 *
 * Verification functions return `false` for every malformed input and never throw. Functions that take a private
 * key throw a `TypeError` when it is not 64 hex characters of a scalar in [1, r).
 */
import { randomBytes } from "node:crypto";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { createBoundedLru } from "./bounded-lru.js";
import { decodeFlowG2, encodeFlowG2, G2_BYTES, type G2Point } from "./flow-g2-encoding.js";
import { flowHashToG1, type G1Point, POP_HASHER_KEY, signatureHasherKey } from "./flow-hash-to-g1.js";
import { bigIntToBytes, bytesToBigInt, decodeHex, encodeHex, isLowercaseHex } from "./hex-codec.js";

export const BLS_PRIVATE_KEY_BYTES = 32;
export const BLS_PUBLIC_KEY_BYTES = G2_BYTES;
export const BLS_SIGNATURE_BYTES = 48;
/** Flow's bounds on the key-generation seed (`KeyGenSeedMinLen`, `KeyGenSeedMaxLen`). */
export const BLS_SEED_MIN_BYTES = 32;
export const BLS_SEED_MAX_BYTES = 256;

const CURVE_ORDER = bls12_381.fields.Fr.ORDER;
const shortSignatures = bls12_381.shortSignatures;

export interface StakingKeyPair {
  /** 64 lowercase hex characters: the 32-byte big-endian scalar. */
  privateKey: string;
  /** 192 lowercase hex characters: the 96-byte G2 point in Flow's encoding. */
  publicKey: string;
}

/**
 * Decoded staking keys, by hex. Registration checks a key and then its PoP, and slashing votes verify many
 * signatures by the same few keys; decoding includes a G2 subgroup check, so it is worth keeping.
 */
const decodedKeys = createBoundedLru<G2Point>(1024);

/** The valid, non-identity G2 point that `hex` (192 hex characters, either case) encodes in Flow's encoding. */
function decodeStakingKey(hex: string): G2Point | undefined {
  const cached = decodedKeys.get(hex);
  if (cached !== undefined) return cached;
  const bytes = decodeHex(hex, BLS_PUBLIC_KEY_BYTES);
  if (bytes === undefined) return undefined;
  const point = decodeFlowG2(bytes);
  if (point === undefined || point.is0()) return undefined;
  decodedKeys.set(hex, point);
  return point;
}

/**
 * True when `hex` is 192 lowercase hex characters that decode, in Flow's encoding, to a point of the prime-order
 * subgroup of G2 other than the identity.
 *
 * Flow's decoder accepts the identity key (onflow/crypto `decodePublicKey`), but no PoP or signature ever verifies
 * against it (`Verify` returns false for an identity key), so Flow's registration rejects it at the PoP check.
 * flowstake rejects it here already: the outcome of a registration is the same, and a key that can never sign is
 * not a valid staking key.
 */
export function isValidStakingKey(hex: string): boolean {
  return isLowercaseHex(hex, BLS_PUBLIC_KEY_BYTES * 2) && decodeStakingKey(hex) !== undefined;
}

function parsePrivateKey(privateKeyHex: string): bigint {
  const bytes = decodeHex(privateKeyHex, BLS_PRIVATE_KEY_BYTES);
  const scalar = bytes === undefined ? 0n : bytesToBigInt(bytes);
  if (scalar === 0n || scalar >= CURVE_ORDER) {
    throw new TypeError("BLS private key must be 64 hex characters encoding a scalar in [1, r)");
  }
  return scalar;
}

function signHashedMessage(scalar: bigint, hashed: G1Point): string {
  return encodeHex(shortSignatures.Signature.toBytes(hashed.multiply(scalar)));
}

function verifyHashedMessage(publicKey: G2Point, signatureHex: string, hashed: () => G1Point): boolean {
  const signatureBytes = decodeHex(signatureHex, BLS_SIGNATURE_BYTES);
  if (signatureBytes === undefined) return false;
  let signature: G1Point;
  try {
    // Rejects a non-compressed flag, x ≥ p, points off the curve and points outside the prime-order subgroup.
    signature = shortSignatures.Signature.fromBytes(signatureBytes);
  } catch {
    return false;
  }
  // The identity signature never verifies (noble's pairing refuses infinity and `verify` turns that into false).
  if (signature.is0()) return false;
  return shortSignatures.verify(signature, hashed(), publicKey);
}

/** Flow's BLS key generation (onflow/crypto `generatePrivateKey`, the IETF BLS KeyGen with HKDF-SHA256). */
function keyGen(seed: Uint8Array): bigint {
  const okmBytes = 48; // ceil(3 · ceil(log2 r) / 16)
  const ikm = new Uint8Array(seed.length + 1); // IKM ‖ I2OSP(0, 1)
  ikm.set(seed);
  const info = Uint8Array.of(0, okmBytes); // empty key_info ‖ I2OSP(L, 2)
  let salt = sha256(new TextEncoder().encode("BLS-SIG-KEYGEN-SALT-"));
  for (;;) {
    const scalar = bytesToBigInt(hkdf(sha256, ikm, salt, info, okmBytes)) % CURVE_ORDER;
    if (scalar !== 0n) return scalar;
    salt = sha256(salt);
  }
}

/**
 * A new staking key pair. With `seed` (32 to 256 bytes of secret entropy), the result is deterministic and equals
 * what Flow's `GeneratePrivateKey(BLSBLS12381, seed)` produces; without it, 32 fresh random bytes are used.
 */
export function generateStakingKeyPair(seed?: Uint8Array): StakingKeyPair {
  const ikm = seed ?? new Uint8Array(randomBytes(BLS_SEED_MIN_BYTES));
  if (ikm.length < BLS_SEED_MIN_BYTES || ikm.length > BLS_SEED_MAX_BYTES) {
    throw new RangeError(
      `BLS key seed must be ${BLS_SEED_MIN_BYTES} to ${BLS_SEED_MAX_BYTES} bytes, got ${ikm.length} bytes`,
    );
  }
  const scalar = keyGen(ikm);
  return {
    privateKey: encodeHex(bigIntToBytes(scalar, BLS_PRIVATE_KEY_BYTES)),
    publicKey: encodeHex(encodeFlowG2(bls12_381.G2.Point.BASE.multiply(scalar))),
  };
}

/** The staking public key (192 lowercase hex characters, Flow's encoding) of a private key. */
export function stakingPublicKeyOf(privateKeyHex: string): string {
  return encodeHex(encodeFlowG2(bls12_381.G2.Point.BASE.multiply(parsePrivateKey(privateKeyHex))));
}

/** Flow's proof of possession for a private key: 96 lowercase hex characters (a 48-byte G1 signature). */
export function proveProofOfPossession(privateKeyHex: string): string {
  const scalar = parsePrivateKey(privateKeyHex);
  const publicKey = encodeFlowG2(bls12_381.G2.Point.BASE.multiply(scalar));
  return signHashedMessage(scalar, flowHashToG1(publicKey, POP_HASHER_KEY));
}

/**
 * True when `popHex` (96 hex characters, either case, as Flow's `decodeHex` reads it) is a valid proof of
 * possession for `stakingKeyHex` (must pass {@link isValidStakingKey}). Never throws.
 */
export function verifyProofOfPossession(stakingKeyHex: string, popHex: string): boolean {
  if (!isLowercaseHex(stakingKeyHex, BLS_PUBLIC_KEY_BYTES * 2)) return false;
  const publicKey = decodeStakingKey(stakingKeyHex);
  const keyBytes = decodeHex(stakingKeyHex, BLS_PUBLIC_KEY_BYTES);
  if (publicKey === undefined || keyBytes === undefined) return false;
  return verifyHashedMessage(publicKey, popHex, () => flowHashToG1(keyBytes, POP_HASHER_KEY));
}

/**
 * A BLS signature of `message` under the signature ciphersuite with domain tag `tag` (Flow's
 * `sk.Sign(message, NewExpandMsgXOFKMAC128(tag))`): 96 lowercase hex characters.
 */
export function blsSign(privateKeyHex: string, message: Uint8Array, tag: string): string {
  const scalar = parsePrivateKey(privateKeyHex);
  return signHashedMessage(scalar, flowHashToG1(message, signatureHasherKey(tag)));
}

/**
 * True when `signatureHex` is a valid signature of `message` with domain tag `tag` by `publicKeyHex`
 * (192 hex characters, Flow's encoding). Hex of either case is read. Never throws.
 */
export function blsVerify(publicKeyHex: string, signatureHex: string, message: Uint8Array, tag: string): boolean {
  if (!(message instanceof Uint8Array) || typeof tag !== "string") return false;
  const publicKey = decodeStakingKey(publicKeyHex);
  if (publicKey === undefined) return false;
  return verifyHashedMessage(publicKey, signatureHex, () => flowHashToG1(message, signatureHasherKey(tag)));
}
