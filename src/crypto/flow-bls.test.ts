import { bls12_381 } from "@noble/curves/bls12-381.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { kmac128 } from "@noble/hashes/sha3-addons.js";
import { describe, expect, it } from "vitest";
import {
  BLS_SEED_MAX_BYTES,
  blsSign,
  blsVerify,
  generateStakingKeyPair,
  isValidStakingKey,
  proveProofOfPossession,
  stakingPublicKeyOf,
  verifyProofOfPossession,
} from "./flow-bls.js";
import { decodeFlowG2, encodeFlowG2, swapG2FieldOrder } from "./flow-g2-encoding.js";
import { flowKmac128Expand } from "./flow-hash-to-g1.js";
import { bigIntToBytes, bytesToBigInt, decodeHex, encodeHex } from "./hex-codec.js";

const hexBytes = (hex: string): Uint8Array => {
  const bytes = decodeHex(hex, hex.length / 2);
  if (bytes === undefined) throw new Error(`bad hex in test: ${hex}`);
  return bytes;
};

const flipBit = (hex: string, byteIndex: number, mask: number): string => {
  const bytes = hexBytes(hex);
  bytes[byteIndex] = (bytes[byteIndex] ?? 0) ^ mask;
  return encodeHex(bytes);
};

const { Fp, Fp2 } = bls12_381.fields;
type Fp2Element = ReturnType<typeof Fp2.fromBigTuple>;
const P = Fp.ORDER;

/** Flow's compressed encoding of any affine (x, y), valid or not: flags 0x80 (+0x20 for the larger y), then c0 ‖ c1. */
function encodeFlowCompressed(x: Fp2Element, y: Fp2Element): string {
  const bytes = new Uint8Array(96);
  bytes.set(bigIntToBytes(x.c0, 48), 0);
  bytes.set(bigIntToBytes(x.c1, 48), 48);
  const signPart = y.c1 !== 0n ? y.c1 : y.c0;
  bytes[0] = (bytes[0] ?? 0) | 0x80 | (signPart * 2n >= P ? 0x20 : 0);
  return encodeHex(bytes);
}

/** Square root in Fp2, or undefined when there is none (noble throws). */
function sqrtFp2(value: Fp2Element): Fp2Element | undefined {
  try {
    return Fp2.sqrt(value);
  } catch {
    return undefined;
  }
}

const twistB = Fp2.fromBigTuple([4n, 4n]); // E2: y² = x³ + 4(1 + u)
const curveRhs = (x: Fp2Element): Fp2Element => Fp2.add(Fp2.mul(Fp2.sqr(x), x), twistB);

/** Flow's own test vectors, copied from onflow/crypto `bls_test.go`. */
const FLOW_VECTOR = {
  // TestBLSMainMethods, "invalid x coordinate larger than p", hasher NewExpandMsgXOFKMAC128("test tag").
  tag: "test tag",
  message:
    "7f26ba692dc2da7ff828ef4675ff1cd6ab855fca0637b6dab295f1df8e51bc8bb1b8f0c6610aabd486cf1f098f2ddbc6691d94e10f928816f890a3d366ce46249836a595c7ea1828af52e899ba2ab627ab667113bb563918c5d5a787c414399487b4e3a7",
  validSignature: "80b0cac2a0f4f8881913edf2b29065675dfed6f6f4e17e9b5d860a845d4e7d476b277d06a493b81482e63d8131f9f2fa",
  // The same point with x replaced by x + p: Flow rejects it to avoid signature malleability.
  nonReducedSignature:
    "9AB1DCACDA74DF22642F95A8F5DC123EC276227BE866915AC4B6DD2553FF736B89D37D0555E7B8143CE53D8131F99DA5",
  publicKey:
    "a7ac85ac8ffd9d2611f73721a93ec92115f29d769dfa425fec2e2c26ab3e4e8089a961ab430639104262723e829b75e9190a05d8fc8d22a7ac78a18473cc3df146b5c4c9c8e46d5f208039384fe2fc018321f14c01641c3afff7558a2eb06463",
  // TestBLSEncodeDecode, "public key with non-reduced coordinates".
  reducedKey:
    "818d72183e3e908af5bd6c2e37494c749b88f0396d3fbc2ba4d9ea28f1c50d1c6a540ec8fe06b6d860f72ec9363db3b8038360809700d36d761cb266af6babe9a069dc7364d3502e84536bd893d5f09ec2dd4f07cae1f8a178ffacc450f9b9a2",
  keyWithC0PlusP:
    "9B8E840277BE772540D913E47A94F94C00003BBE60C4CEEB0C0ABCC9E876034089000EC7AF5AB6D81AF62EC9363D5E63038360809700d36d761cb266af6babe9a069dc7364d3502e84536bd893d5f09ec2dd4f07cae1f8a178ffacc450f9b9a2",
  keyWithC1PlusP:
    "818d72183e3e908af5bd6c2e37494c749b88f0396d3fbc2ba4d9ea28f1c50d1c6a540ec8fe06b6d860f72ec9363db3b81D84726AD080BA07C1385A1CF2B758C104E127F8585862EDEB843E798A86E6C2E1894F067C35F8A132FEACC450F9644D",
};

/** A node's public info from onflow/flow-go `model/bootstrap/node_info_test.go` (TestNodeInfoPubEncodingJSON). */
const FLOW_GO_BOOTSTRAP_NODE = {
  stakingKey:
    "b8bb00d806172bae514a7d82a457045dc03d75451866747fc2d2a3290122f24a3348db1f0505c9128811a42eb0ae706b116cf91a88541888502b3cf2c60acafd4248406913b9a4f700f51181858087ffabec68b1aadd384dab50f500afe5d931",
  stakingKeyPoP: "8bcc848f14c4c572b020de7cd5af0d74d69e25ceb7ecb5d09ec07681c95e25c597399597e29a10820913e927ab2882d9",
};

describe("Flow's test vectors", () => {
  it("verifies bls_test.go's signature with the KMAC128 hasher tagged 'test tag'", () => {
    const message = hexBytes(FLOW_VECTOR.message);
    expect(blsVerify(FLOW_VECTOR.publicKey, FLOW_VECTOR.validSignature, message, FLOW_VECTOR.tag)).toBe(true);
  });

  it("rejects the same signature point written with x + p", () => {
    const message = hexBytes(FLOW_VECTOR.message);
    expect(blsVerify(FLOW_VECTOR.publicKey, FLOW_VECTOR.nonReducedSignature, message, FLOW_VECTOR.tag)).toBe(false);
    expect(
      blsVerify(FLOW_VECTOR.publicKey, FLOW_VECTOR.nonReducedSignature.toLowerCase(), message, FLOW_VECTOR.tag),
    ).toBe(false);
  });

  it("fails the vector with another tag or a changed message", () => {
    const message = hexBytes(FLOW_VECTOR.message);
    expect(blsVerify(FLOW_VECTOR.publicKey, FLOW_VECTOR.validSignature, message, "other tag")).toBe(false);
    expect(blsVerify(FLOW_VECTOR.publicKey, FLOW_VECTOR.validSignature, message, "")).toBe(false);
    message[0] = (message[0] ?? 0) ^ 1;
    expect(blsVerify(FLOW_VECTOR.publicKey, FLOW_VECTOR.validSignature, message, FLOW_VECTOR.tag)).toBe(false);
  });

  it("accepts the vector's public keys and refuses keys with a coordinate ≥ p (bls_test.go)", () => {
    expect(isValidStakingKey(FLOW_VECTOR.publicKey)).toBe(true);
    expect(isValidStakingKey(FLOW_VECTOR.reducedKey)).toBe(true);
    expect(isValidStakingKey(FLOW_VECTOR.keyWithC0PlusP.toLowerCase())).toBe(false);
    expect(isValidStakingKey(FLOW_VECTOR.keyWithC1PlusP.toLowerCase())).toBe(false);
  });

  it("verifies the staking key PoP of flow-go's bootstrap fixture", () => {
    const { stakingKey, stakingKeyPoP } = FLOW_GO_BOOTSTRAP_NODE;
    expect(isValidStakingKey(stakingKey)).toBe(true);
    expect(verifyProofOfPossession(stakingKey, stakingKeyPoP)).toBe(true);
    expect(verifyProofOfPossession(FLOW_VECTOR.publicKey, stakingKeyPoP)).toBe(false);
  });

  it("computes KMAC128 as Flow does (NIST SP 800-185 samples 1 and 2, used by onflow/crypto hash_test.go)", () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => 0x40 + i);
    const data = Uint8Array.of(0, 1, 2, 3);
    expect(encodeHex(kmac128(key, data, { dkLen: 32 }))).toBe(
      "e5780b0d3ea6f7d3a429c5706aa43a00fadbd7d49628839e3187243f456ee14e",
    );
    expect(
      encodeHex(kmac128(key, data, { dkLen: 32, personalization: new TextEncoder().encode("My Tagged Application") })),
    ).toBe("3b1fba963cd8b0b59e8c1a6d71888b7143651af8ba0a7070c0979e2811324aa5");
    expect(flowKmac128Expand(key, data)).toHaveLength(128);
  });
});

describe("Flow's G2 byte order (c0 ‖ c1)", () => {
  it("differs from noble's standard c1 ‖ c0 encoding, by a swap of halves that keeps the flags", () => {
    const point = decodeFlowG2(hexBytes(FLOW_VECTOR.publicKey));
    expect(point).toBeDefined();
    if (point === undefined) return;
    const standard = point.toBytes(true);
    expect(encodeHex(standard)).not.toBe(FLOW_VECTOR.publicKey);
    expect(encodeHex(encodeFlowG2(point))).toBe(FLOW_VECTOR.publicKey);
    const swapped = swapG2FieldOrder(standard);
    expect(swapped === undefined ? "" : encodeHex(swapped)).toBe(FLOW_VECTOR.publicKey);
    // flags stay on byte 0 in both encodings
    expect((standard[0] ?? 0) & 0xe0).toBe((hexBytes(FLOW_VECTOR.publicKey)[0] ?? 0) & 0xe0);
  });

  it("the two encodings coincide only when c0 = c1 (checked on the swap itself)", () => {
    const half = new Uint8Array(48);
    half[47] = 7;
    const equalHalves = new Uint8Array(96);
    equalHalves.set(half, 0);
    equalHalves.set(half, 48);
    equalHalves[0] = 0x80;
    const swapped = swapG2FieldOrder(equalHalves);
    expect(swapped === undefined ? "" : encodeHex(swapped)).toBe(encodeHex(equalHalves));
  });

  it("a Flow key read as a standard encoding is refused or is another point", () => {
    const bytes = hexBytes(FLOW_VECTOR.publicKey);
    let standardPoint: string;
    try {
      standardPoint = bls12_381.G2.Point.fromBytes(bytes).toHex(true);
    } catch {
      standardPoint = "refused";
    }
    const flowPoint = decodeFlowG2(bytes);
    expect(standardPoint).not.toBe(flowPoint?.toHex(true));
  });
});

describe("staking key validation", () => {
  const { publicKey } = generateStakingKeyPair(new Uint8Array(32).fill(1));

  it("accepts generated keys", () => {
    expect(isValidStakingKey(publicKey)).toBe(true);
  });

  it("requires exactly 192 lowercase hex characters", () => {
    expect(isValidStakingKey(publicKey.toUpperCase())).toBe(false);
    expect(isValidStakingKey(`${publicKey.slice(0, 10).toUpperCase()}${publicKey.slice(10)}`)).toBe(false);
    expect(isValidStakingKey(publicKey.slice(0, 190))).toBe(false);
    expect(isValidStakingKey(`${publicKey}00`)).toBe(false);
    expect(isValidStakingKey(`${publicKey.slice(0, 191)}g`)).toBe(false);
    expect(isValidStakingKey(`0x${publicKey.slice(2)}`)).toBe(false);
    expect(isValidStakingKey("")).toBe(false);
    expect(isValidStakingKey(undefined as unknown as string)).toBe(false);
  });

  it("rejects fixed pseudo-random 96-byte strings", () => {
    for (let i = 0; i < 8; i++) {
      const bytes = new Uint8Array(96);
      bytes.set(sha256(Uint8Array.of(i)), 0);
      bytes.set(sha256(Uint8Array.of(i, 1)), 32);
      bytes.set(sha256(Uint8Array.of(i, 2)), 64);
      expect(isValidStakingKey(encodeHex(bytes))).toBe(false);
    }
  });

  it("rejects an x for which no point exists on the curve", () => {
    let c0 = 1n;
    while (sqrtFp2(curveRhs(Fp2.fromBigTuple([c0, 0n]))) !== undefined) c0++;
    const x = Fp2.fromBigTuple([c0, 0n]);
    expect(isValidStakingKey(encodeFlowCompressed(x, Fp2.ONE))).toBe(false);
  });

  it("rejects a point on the curve outside the prime-order subgroup", () => {
    let c0 = 1n;
    for (;;) {
      const x = Fp2.fromBigTuple([c0, 1n]);
      const y = sqrtFp2(curveRhs(x));
      if (y !== undefined) {
        const point = bls12_381.G2.Point.fromAffine({ x, y });
        expect(point.isTorsionFree()).toBe(false);
        expect(isValidStakingKey(encodeFlowCompressed(x, y))).toBe(false);
        // sanity: the test's encoder is right, the same construction with a subgroup point is accepted
        const good = bls12_381.G2.Point.BASE.multiply(c0 + 5n).toAffine();
        expect(isValidStakingKey(encodeFlowCompressed(good.x, good.y))).toBe(true);
        return;
      }
      c0++;
    }
  });

  it("rejects wrong flag bits", () => {
    expect(isValidStakingKey(flipBit(publicKey, 0, 0x80))).toBe(false); // not compressed
    expect(isValidStakingKey(flipBit(publicKey, 0, 0x40))).toBe(false); // infinity flag on a non-zero x
    const infinity = `c0${"00".repeat(95)}`;
    expect(isValidStakingKey(`e0${"00".repeat(95)}`)).toBe(false); // infinity with a sign bit
    expect(isValidStakingKey(`40${"00".repeat(95)}`)).toBe(false); // uncompressed infinity
    expect(isValidStakingKey(infinity)).toBe(false); // identity: decodes in Flow, can never verify
  });

  it("rejects a second half with its top bits set instead of reading them as flags", () => {
    expect(isValidStakingKey(flipBit(publicKey, 48, 0x80))).toBe(false);
    expect(isValidStakingKey(flipBit(publicKey, 48, 0x20))).toBe(false);
  });

  it("a flipped sign bit gives the negated key, which is valid too: only the PoP ties a key to its owner", () => {
    const negated = flipBit(publicKey, 0, 0x20);
    expect(isValidStakingKey(negated)).toBe(true);
    expect(negated).not.toBe(publicKey);
  });
});

describe("proof of possession", () => {
  const pair = generateStakingKeyPair(new Uint8Array(32).fill(2));
  const pop = proveProofOfPossession(pair.privateKey);

  it("round-trips and is deterministic", () => {
    expect(pop).toMatch(/^[0-9a-f]{96}$/);
    expect(verifyProofOfPossession(pair.publicKey, pop)).toBe(true);
    expect(proveProofOfPossession(pair.privateKey)).toBe(pop);
  });

  it("reads the PoP's hex in either case, as Flow's decodeHex does, but not the key's", () => {
    expect(verifyProofOfPossession(pair.publicKey, pop.toUpperCase())).toBe(true);
    expect(verifyProofOfPossession(pair.publicKey.toUpperCase(), pop)).toBe(false);
  });

  it("fails for another key", () => {
    const other = generateStakingKeyPair(new Uint8Array(32).fill(3));
    expect(verifyProofOfPossession(other.publicKey, pop)).toBe(false);
    expect(verifyProofOfPossession(pair.publicKey, proveProofOfPossession(other.privateKey))).toBe(false);
  });

  it("fails for a flipped bit, in the PoP or in the key", () => {
    for (const [byte, mask] of [
      [47, 0x01],
      [20, 0x10],
      [0, 0x20],
      [0, 0x80],
    ] as const) {
      expect(verifyProofOfPossession(pair.publicKey, flipBit(pop, byte, mask))).toBe(false);
    }
    expect(verifyProofOfPossession(flipBit(pair.publicKey, 95, 0x01), pop)).toBe(false);
  });

  it("fails for wrong lengths, non-hex and non-strings, without throwing", () => {
    expect(verifyProofOfPossession(pair.publicKey, pop.slice(0, 94))).toBe(false);
    expect(verifyProofOfPossession(pair.publicKey, `${pop}00`)).toBe(false);
    expect(verifyProofOfPossession(pair.publicKey, "")).toBe(false);
    expect(verifyProofOfPossession(pair.publicKey, `${pop.slice(0, 95)}z`)).toBe(false);
    expect(verifyProofOfPossession(pair.publicKey, `${pop.slice(0, 95)} `)).toBe(false);
    expect(verifyProofOfPossession(pair.publicKey, null as unknown as string)).toBe(false);
    expect(verifyProofOfPossession(42 as unknown as string, pop)).toBe(false);
  });

  it("fails for the identity signature and for an invalid G1 encoding", () => {
    expect(verifyProofOfPossession(pair.publicKey, `c0${"00".repeat(47)}`)).toBe(false);
    expect(verifyProofOfPossession(pair.publicKey, `e0${"00".repeat(47)}`)).toBe(false);
    expect(verifyProofOfPossession(pair.publicKey, "00".repeat(48))).toBe(false);
  });

  it("is not a signature of the key under the signature ciphersuite (Flow keeps PoP hashing orthogonal)", () => {
    const keyBytes = hexBytes(pair.publicKey);
    expect(blsVerify(pair.publicKey, pop, keyBytes, "")).toBe(false);
    expect(verifyProofOfPossession(pair.publicKey, blsSign(pair.privateKey, keyBytes, ""))).toBe(false);
  });
});

describe("signatures", () => {
  const pair = generateStakingKeyPair(new Uint8Array(32).fill(4));
  const message = new TextEncoder().encode("slash node 42, epoch 7");
  const tag = "FLOWSTAKE-V0-slashing-vote";

  it("round-trips, deterministically", () => {
    const signature = blsSign(pair.privateKey, message, tag);
    expect(signature).toMatch(/^[0-9a-f]{96}$/);
    expect(blsSign(pair.privateKey, message, tag)).toBe(signature);
    expect(blsVerify(pair.publicKey, signature, message, tag)).toBe(true);
  });

  it("fails for another message, tag or key", () => {
    const signature = blsSign(pair.privateKey, message, tag);
    expect(blsVerify(pair.publicKey, signature, new TextEncoder().encode("slash node 43, epoch 7"), tag)).toBe(false);
    expect(blsVerify(pair.publicKey, signature, message, `${tag}x`)).toBe(false);
    const other = generateStakingKeyPair(new Uint8Array(32).fill(5));
    expect(blsVerify(other.publicKey, signature, message, tag)).toBe(false);
  });

  it("signs an empty message and an empty tag", () => {
    const signature = blsSign(pair.privateKey, new Uint8Array(0), "");
    expect(blsVerify(pair.publicKey, signature, new Uint8Array(0), "")).toBe(true);
  });

  it("never throws on malformed verification inputs", () => {
    const signature = blsSign(pair.privateKey, message, tag);
    expect(blsVerify("zz", signature, message, tag)).toBe(false);
    expect(blsVerify(pair.publicKey, "zz", message, tag)).toBe(false);
    expect(blsVerify(`c0${"00".repeat(95)}`, signature, message, tag)).toBe(false);
    expect(blsVerify(pair.publicKey, signature, "text" as unknown as Uint8Array, tag)).toBe(false);
    expect(blsVerify(pair.publicKey, signature, message, 7 as unknown as string)).toBe(false);
  });
});

describe("key generation", () => {
  it("matches Flow's TestBLSKeyGenerationBreakingChange vector (onflow/crypto bls_test.go)", () => {
    const pair = generateStakingKeyPair(hexBytes("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"));
    expect(pair.privateKey).toBe("5895ab2eccd1883856adc0784b15097e69154ac9bf29ecd605f95be3064f6f01");
  });

  it("follows Flow's GeneratePrivateKey, the IETF KeyGen: EIP-2333 master-key vectors use the same derivation", () => {
    const vectors = [
      [
        "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04",
        6083874454709270928345386274498605044986640685124978867557563392430687146096n,
      ],
      [
        "3141592653589793238462643383279502884197169399375105820974944592",
        29757020647961307431480504535336562678282505419141012933316116377660817309383n,
      ],
      [
        "0099ff991111002299dd7744ee3355bbdd8844115566cc55663355668888cc00",
        27580842291869792442942448775674722299803720648445448686099262467207037398656n,
      ],
    ] as const;
    for (const [seed, expected] of vectors) {
      const pair = generateStakingKeyPair(hexBytes(seed));
      expect(bytesToBigInt(hexBytes(pair.privateKey))).toBe(expected);
    }
  });

  it("derives the public key in Flow's encoding", () => {
    const pair = generateStakingKeyPair(new Uint8Array(32).fill(6));
    expect(pair.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(pair.publicKey).toMatch(/^[0-9a-f]{192}$/);
    expect(stakingPublicKeyOf(pair.privateKey)).toBe(pair.publicKey);
    const scalar = bytesToBigInt(hexBytes(pair.privateKey));
    expect(encodeHex(encodeFlowG2(bls12_381.G2.Point.BASE.multiply(scalar)))).toBe(pair.publicKey);
  });

  it("is random without a seed", () => {
    const a = generateStakingKeyPair();
    const b = generateStakingKeyPair();
    expect(a.privateKey).not.toBe(b.privateKey);
    expect(isValidStakingKey(a.publicKey)).toBe(true);
  });

  it("refuses seeds outside Flow's 32..256 bytes", () => {
    expect(() => generateStakingKeyPair(new Uint8Array(31))).toThrow(RangeError);
    expect(() => generateStakingKeyPair(new Uint8Array(BLS_SEED_MAX_BYTES + 1))).toThrow(RangeError);
    expect(() => generateStakingKeyPair(new Uint8Array(BLS_SEED_MAX_BYTES))).not.toThrow();
  });

  it("refuses private keys that are not scalars in [1, r)", () => {
    const r = bls12_381.fields.Fr.ORDER;
    for (const bad of ["00".repeat(32), encodeHex(bigIntToBytes(r, 32)), "ab", "zz".repeat(32)]) {
      expect(() => proveProofOfPossession(bad)).toThrow(TypeError);
      expect(() => blsSign(bad, new Uint8Array(1), "")).toThrow(TypeError);
    }
    // r − 1 and 1 are valid keys (Flow's "private key equal to 1 and -1" case)
    for (const edge of [encodeHex(bigIntToBytes(r - 1n, 32)), encodeHex(bigIntToBytes(1n, 32))]) {
      const publicKey = stakingPublicKeyOf(edge);
      expect(verifyProofOfPossession(publicKey, proveProofOfPossession(edge))).toBe(true);
    }
  });
});
