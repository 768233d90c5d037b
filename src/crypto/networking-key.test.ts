import { p256 } from "@noble/curves/nist.js";
import { describe, expect, it } from "vitest";
import { bigIntToBytes, encodeHex } from "./hex-codec.js";
import { generateNetworkingKeyPair, isValidNetworkingKey } from "./networking-key.js";

/** Networking keys produced by Flow's tools, from onflow/flow-go and Flow's node-operator docs. */
const FLOW_NETWORKING_KEYS = [
  // flow-go model/bootstrap/node_info_test.go
  "9e1ce27613e5c16f0201d7a87ce44e7477d83fb8e13465c2a753e0e2d35e10065a0e6016d86b06281c2f5f33576199adb85519df0ba664ab5e16de547b76fcb9",
  // Flow docs, node bootstrap guide: example node-info.pub.json
  "d92e3d5880abe233cf9fe9104db34bbb31251468a541454722b3870c04156a1b0504aef443bcaad124b997384b8fe7052847ce1e6189af1392d865e6be69835b",
];

describe("isValidNetworkingKey", () => {
  it("accepts networking keys made by Flow's tools", () => {
    for (const key of FLOW_NETWORKING_KEYS) expect(isValidNetworkingKey(key)).toBe(true);
  });

  it("accepts generated keys", () => {
    const { privateKey, publicKey } = generateNetworkingKeyPair();
    expect(privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(publicKey).toMatch(/^[0-9a-f]{128}$/);
    expect(isValidNetworkingKey(publicKey)).toBe(true);
    expect(generateNetworkingKeyPair().publicKey).not.toBe(publicKey);
  });

  it("requires 128 lowercase hex characters", () => {
    const [key = ""] = FLOW_NETWORKING_KEYS;
    expect(isValidNetworkingKey(key.toUpperCase())).toBe(false);
    expect(isValidNetworkingKey(`04${key.slice(2)}`.slice(0, 126))).toBe(false);
    expect(isValidNetworkingKey(`04${key}`)).toBe(false);
    expect(isValidNetworkingKey(`${key.slice(0, 127)}g`)).toBe(false);
    expect(isValidNetworkingKey("")).toBe(false);
    expect(isValidNetworkingKey(null as unknown as string)).toBe(false);
  });

  it("rejects points off the curve, the all-zero key and coordinates ≥ p", () => {
    const [key = ""] = FLOW_NETWORKING_KEYS;
    const lastDigit = key.slice(-1) === "0" ? "1" : "0";
    expect(isValidNetworkingKey(key.slice(0, 127) + lastDigit)).toBe(false);
    expect(isValidNetworkingKey("00".repeat(64))).toBe(false);
    // onflow/crypto ecdsa_test.go "public key with non-reduced coordinates", P-256 case
    expect(
      isValidNetworkingKey(
        "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff0000000000000000000000000000000000000000000000000000000000000000",
      ),
    ).toBe(false);
    // a real point (x = 5) written with x + p, which still fits in 32 bytes
    const Fp = p256.Point.Fp;
    const y = Fp.sqrt(Fp.add(Fp.sub(Fp.pow(5n, 3n), Fp.mul(3n, 5n)), p256.Point.CURVE().b));
    const yHex = encodeHex(bigIntToBytes(y, 32));
    expect(isValidNetworkingKey(encodeHex(bigIntToBytes(5n, 32)) + yHex)).toBe(true);
    expect(isValidNetworkingKey(encodeHex(bigIntToBytes(5n + Fp.ORDER, 32)) + yHex)).toBe(false);
  });

  it("rejects a secp256k1 key", () => {
    // the generator of secp256k1, not a P-256 point
    expect(
      isValidNetworkingKey(
        "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f8179883ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8",
      ),
    ).toBe(false);
  });
});
