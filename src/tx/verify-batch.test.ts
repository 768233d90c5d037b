import { describe, expect, it } from "vitest";
import { generateAccountKeyPair, signMessage, verifySignature } from "../crypto/index.js";
import { decodeAnswer, encodeBatch, type VerifyFunction, type VerifyItem, verifyBatch } from "./verify-batch.js";

const pair = generateAccountKeyPair("ECDSA_secp256k1");
const message = new TextEncoder().encode("a message");
const valid: VerifyItem = {
  publicKey: pair.publicKey,
  signatureAlgorithm: "ECDSA_secp256k1",
  hashAlgorithm: "SHA2_256",
  message,
  signature: signMessage(pair.privateKey, "ECDSA_secp256k1", "SHA2_256", message),
};

type Call = Parameters<VerifyFunction>;

function recording(answer = true): { verify: VerifyFunction; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    verify: (...args) => {
      calls.push(args);
      return answer;
    },
  };
}

const run = (items: readonly VerifyItem[], from = 0, count = items.length) => ({ items, from, count });

describe("the verify batch format", () => {
  it("round-trips items, in order, through one buffer, with the real verifier", () => {
    const items: VerifyItem[] = [
      valid,
      { ...valid, signature: valid.signature.replace(/^./, (c) => (c === "0" ? "1" : "0")) },
      { ...valid, publicKey: valid.publicKey.toUpperCase(), signature: valid.signature.toUpperCase() },
      { ...valid, message: new TextEncoder().encode("another message") },
      valid,
    ];
    const answer = verifyBatch(encodeBatch(42, [run(items)]), verifySignature);
    const { id, results } = decodeAnswer(answer);
    expect(id).toBe(42);
    expect([...results]).toEqual([1, 0, 1, 0, 1]);
  });

  it("hands the verifier exactly the item, with hex in lowercase and the message's own bytes", () => {
    const backing = new Uint8Array(64).fill(7);
    backing.set(message, 10);
    const item = {
      ...valid,
      publicKey: valid.publicKey.toUpperCase(),
      message: backing.subarray(10, 10 + message.length),
    };
    const { verify, calls } = recording();
    verifyBatch(encodeBatch(1, [run([item])]), verify);
    expect(calls).toHaveLength(1);
    const [publicKey, signatureAlgorithm, hashAlgorithm, received, signature] = calls[0] ?? [];
    expect([publicKey, signatureAlgorithm, hashAlgorithm, signature]).toEqual([
      valid.publicKey,
      "ECDSA_secp256k1",
      "SHA2_256",
      valid.signature,
    ]);
    expect(received).toEqual(message);
  });

  it("encodes each algorithm pair, and an empty message", () => {
    const { verify, calls } = recording();
    const items = (["ECDSA_P256", "ECDSA_secp256k1"] as const).flatMap((signatureAlgorithm) =>
      (["SHA3_256", "SHA2_256"] as const).map((hashAlgorithm) => ({ ...valid, signatureAlgorithm, hashAlgorithm })),
    );
    verifyBatch(encodeBatch(1, [run(items), run([{ ...valid, message: new Uint8Array(0) }])]), verify);
    expect(calls.map((c) => [c[1], c[2], c[3].length])).toEqual([
      ["ECDSA_P256", "SHA3_256", message.length],
      ["ECDSA_P256", "SHA2_256", message.length],
      ["ECDSA_secp256k1", "SHA3_256", message.length],
      ["ECDSA_secp256k1", "SHA2_256", message.length],
      ["ECDSA_secp256k1", "SHA2_256", 0],
    ]);
  });

  it("answers false for items that cannot verify, without calling the verifier", () => {
    const broken = [
      { ...valid, signatureAlgorithm: "ECDSA_P384" },
      { ...valid, hashAlgorithm: "SHA3_384" },
      { ...valid, publicKey: valid.publicKey.slice(2) },
      { ...valid, publicKey: `${valid.publicKey.slice(0, 126)}zz` },
      { ...valid, signature: `${valid.signature.slice(0, 127)}g` },
      { ...valid, signature: `${valid.signature}00` },
      { ...valid, signature: 42 },
      { ...valid, message: "a message" },
      null,
    ] as unknown as VerifyItem[];
    const { verify, calls } = recording();
    const { results } = decodeAnswer(verifyBatch(encodeBatch(1, [run([valid, ...broken, valid])]), verify));
    expect([...results]).toEqual([1, ...broken.map(() => 0), 1]);
    expect(calls).toHaveLength(2);
  });

  it("concatenates runs taken from several requests", () => {
    const items = ["m0", "m1", "m2", "m3"].map((text) => ({ ...valid, message: new TextEncoder().encode(text) }));
    const { verify, calls } = recording();
    const answer = verifyBatch(encodeBatch(0xffffffff, [run(items, 1, 2), run(items, 0, 1), run(items, 3, 1)]), verify);
    expect(calls.map((c) => new TextDecoder().decode(c[3]))).toEqual(["m1", "m2", "m0", "m3"]);
    expect(decodeAnswer(answer).id).toBe(0xffffffff);
    expect(decodeAnswer(answer).results).toHaveLength(4);
  });

  it("refuses a truncated batch rather than reading past its end", () => {
    const batch = encodeBatch(1, [run([valid])]);
    expect(() => verifyBatch(batch.slice(0, batch.byteLength - 1), recording().verify)).toThrow(RangeError);
  });
});
