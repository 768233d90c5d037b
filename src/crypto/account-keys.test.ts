import { describe, expect, it } from "vitest";
import {
  accountPublicKeyOf,
  generateAccountKeyPair,
  type HashAlgorithm,
  type SignatureAlgorithm,
  signMessage,
  verifySignature,
} from "./account-keys.js";
import { curveOrder } from "./ecdsa-curves.js";
import { bigIntToBytes, bytesToBigInt, decodeHex, encodeHex } from "./hex-codec.js";

const ALGORITHMS: SignatureAlgorithm[] = ["ECDSA_P256", "ECDSA_secp256k1"];
const HASHES: HashAlgorithm[] = ["SHA3_256", "SHA2_256"];
const message = new TextEncoder().encode("FLOW-V0.0-transaction: stake 1000.0 for node 42");

/** Replaces s by n − s: the other valid signature for the same (r, message, key). */
function negateS(signatureHex: string, alg: SignatureAlgorithm): string {
  const bytes = decodeHex(signatureHex, 64);
  if (bytes === undefined) throw new Error("bad signature in test");
  const s = bytesToBigInt(bytes.subarray(32));
  return signatureHex.slice(0, 64) + encodeHex(bigIntToBytes(curveOrder(alg) - s, 32));
}

const withS = (signatureHex: string, s: bigint): string => signatureHex.slice(0, 64) + encodeHex(bigIntToBytes(s, 32));
const withR = (signatureHex: string, r: bigint): string => encodeHex(bigIntToBytes(r, 32)) + signatureHex.slice(64);

describe.each(ALGORITHMS)("%s", (alg) => {
  const pair = generateAccountKeyPair(alg);

  it("generates a 32-byte private key and a 64-byte x ‖ y public key, lowercase", () => {
    expect(pair.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(pair.publicKey).toMatch(/^[0-9a-f]{128}$/);
    expect(accountPublicKeyOf(pair.privateKey, alg)).toBe(pair.publicKey);
    expect(generateAccountKeyPair(alg).privateKey).not.toBe(pair.privateKey);
  });

  describe.each(HASHES)("with %s", (hash) => {
    it("round-trips sign and verify, deterministically", () => {
      const signature = signMessage(pair.privateKey, alg, hash, message);
      expect(signature).toMatch(/^[0-9a-f]{128}$/);
      expect(signMessage(pair.privateKey, alg, hash, message)).toBe(signature);
      expect(verifySignature(pair.publicKey, alg, hash, message, signature)).toBe(true);
      expect(verifySignature(pair.publicKey, alg, hash, message, signature.toUpperCase())).toBe(true);
    });

    it("accepts the high-S twin of a signature, as Flow does", () => {
      const signature = signMessage(pair.privateKey, alg, hash, message);
      const s = bytesToBigInt(decodeHex(signature.slice(64), 32) ?? new Uint8Array(0));
      expect(s <= curveOrder(alg) / 2n).toBe(true); // we produce low S
      const highS = negateS(signature, alg);
      expect(highS).not.toBe(signature);
      expect(verifySignature(pair.publicKey, alg, hash, message, highS)).toBe(true);
    });

    it("rejects a tampered message or signature", () => {
      const signature = signMessage(pair.privateKey, alg, hash, message);
      const tampered = Uint8Array.from(message);
      tampered[3] = (tampered[3] ?? 0) ^ 1;
      expect(verifySignature(pair.publicKey, alg, hash, tampered, signature)).toBe(false);
      for (const index of [0, 40, 64, 127]) {
        const flipped = signature.slice(0, index) + (signature[index] === "0" ? "1" : "0") + signature.slice(index + 1);
        expect(verifySignature(pair.publicKey, alg, hash, message, flipped)).toBe(false);
      }
      const otherHash: HashAlgorithm = hash === "SHA3_256" ? "SHA2_256" : "SHA3_256";
      expect(verifySignature(pair.publicKey, alg, otherHash, message, signature)).toBe(false);
      expect(verifySignature(generateAccountKeyPair(alg).publicKey, alg, hash, message, signature)).toBe(false);
    });
  });

  it("rejects r or s of zero or ≥ n (Flow's signature format check)", () => {
    const signature = signMessage(pair.privateKey, alg, "SHA3_256", message);
    const n = curveOrder(alg);
    for (const bad of [
      withR(signature, 0n),
      withS(signature, 0n),
      withS(signature, n),
      withR(signature, n),
      withS(signature, (1n << 256n) - 1n),
    ]) {
      expect(verifySignature(pair.publicKey, alg, "SHA3_256", message, bad)).toBe(false);
    }
  });

  it("rejects wrong lengths and malformed input without throwing", () => {
    const signature = signMessage(pair.privateKey, alg, "SHA3_256", message);
    const verifyWith = (publicKey: unknown, signatureHex: unknown, msg: unknown = message) =>
      verifySignature(publicKey as string, alg, "SHA3_256", msg as Uint8Array, signatureHex as string);
    expect(verifyWith(pair.publicKey, signature.slice(0, 126))).toBe(false);
    expect(verifyWith(pair.publicKey, `${signature}00`)).toBe(false);
    expect(verifyWith(pair.publicKey, "")).toBe(false);
    expect(verifyWith(pair.publicKey, `${signature.slice(0, 127)}x`)).toBe(false);
    expect(verifyWith(pair.publicKey.slice(0, 126), signature)).toBe(false);
    expect(verifyWith(`04${pair.publicKey}`, signature)).toBe(false);
    expect(verifyWith("00".repeat(64), signature)).toBe(false);
    expect(verifyWith(undefined, signature)).toBe(false);
    expect(verifyWith(pair.publicKey, 12)).toBe(false);
    expect(verifyWith(pair.publicKey, signature, "not bytes")).toBe(false);
    expect(verifySignature(pair.publicKey, "ECDSA_P384" as SignatureAlgorithm, "SHA3_256", message, signature)).toBe(
      false,
    );
    expect(verifySignature(pair.publicKey, alg, "SHA3_384" as HashAlgorithm, message, signature)).toBe(false);
  });

  it("refuses private keys outside [1, n) and unknown algorithms when signing", () => {
    const n = curveOrder(alg);
    for (const bad of ["00".repeat(32), encodeHex(bigIntToBytes(n, 32)), "ab", "zz".repeat(32)]) {
      expect(() => signMessage(bad, alg, "SHA3_256", message)).toThrow(TypeError);
    }
    expect(() => signMessage(pair.privateKey, alg, "MD5" as HashAlgorithm, message)).toThrow(TypeError);
    expect(() => generateAccountKeyPair("RSA" as SignatureAlgorithm)).toThrow(TypeError);
  });
});

describe("Flow's ECDSA vectors (onflow/crypto ecdsa_test.go)", () => {
  it("derives the expected public keys (TestECDSAPublicKeyComputation)", () => {
    const sk = "6e37a39c31a05181bf77919ace790efd0bdbcaf42b5a52871fc112fceb918c95";
    expect(accountPublicKeyOf(sk, "ECDSA_secp256k1")).toBe(
      "36f292f6c287b6e72ca8128465647c7f88730f84ab27a1e934dbd2da753930fa39a09ddcf3d28fb30cc683de3fc725e095ec865c3d41aef6065044cb12b1ff61",
    );
    expect(accountPublicKeyOf(sk, "ECDSA_P256")).toBe(
      "78a80dfe190a6068be8ddf05644c32d2540402ffc682442f6a9eeb96125d86813789f92cf4afabf719aaba79ecec54b27e33a188f83158f6dd15ecb231b49808",
    );
  });

  it("refuses public keys with a coordinate ≥ p and the all-zero key", () => {
    const signature = "01".repeat(64);
    const invalid: [SignatureAlgorithm, string][] = [
      [
        "ECDSA_secp256k1",
        "0000000000000000000000000000000000000000000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC30",
      ],
      [
        "ECDSA_secp256k1",
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F0000000000000000000000000000000000000000000000000000000000000000",
      ],
      [
        "ECDSA_P256",
        "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF0000000000000000000000000000000000000000000000000000000000000000",
      ],
      ["ECDSA_P256", "00".repeat(64)],
      ["ECDSA_secp256k1", "00".repeat(64)],
    ];
    for (const [alg, key] of invalid) {
      expect(verifySignature(key, alg, "SHA3_256", message, signature)).toBe(false);
      expect(verifySignature(key.toLowerCase(), alg, "SHA3_256", message, signature)).toBe(false);
    }
  });
});

describe("public key cache", () => {
  it("verifies many signatures by one key, and keys of both curves with the same hex do not collide", () => {
    const pair = generateAccountKeyPair("ECDSA_P256");
    for (let i = 0; i < 50; i++) {
      const msg = Uint8Array.of(i);
      const signature = signMessage(pair.privateKey, "ECDSA_P256", "SHA3_256", msg);
      expect(verifySignature(pair.publicKey, "ECDSA_P256", "SHA3_256", msg, signature)).toBe(true);
      // the same hex read as a secp256k1 key is (almost surely) not on that curve, and never verifies
      expect(verifySignature(pair.publicKey, "ECDSA_secp256k1", "SHA3_256", msg, signature)).toBe(false);
    }
  });
});
