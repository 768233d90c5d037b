import { sha3_256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import { isLedgerError } from "../core/errors.js";
import {
  generateAccountKeyPair,
  type HashAlgorithm,
  type SignatureAlgorithm,
  signMessage,
  verifySignature,
} from "../crypto/index.js";
import { canonicalJson } from "./canonical-json.js";
import { parseEnvelope, type TransactionEnvelope, type TransactionPayload } from "./envelope.js";
import {
  buildEnvelope,
  prepareTransaction,
  signedBytes,
  signPayload,
  TRANSACTION_DOMAIN_TAG,
  type TransactionSigner,
  type TransactionVerifier,
  transactionId,
  verifyTransactionSignature,
} from "./signing.js";

const ALICE = "0000000000000002";
const NODE_ID = `${"0".repeat(62)}11`;

function payload(): TransactionPayload {
  return {
    type: "stake_new_tokens",
    args: { nodeId: NODE_ID, delegatorId: 1, amount: "10.0" },
    proposalKey: { address: ALICE, keyIndex: 0, sequenceNumber: 7 },
    authorizer: ALICE,
    expiryHeight: 1234,
  };
}

function keyFor(
  signatureAlgorithm: SignatureAlgorithm,
  hashAlgorithm: HashAlgorithm,
  address = ALICE,
  keyIndex = 0,
): { signer: TransactionSigner; verifier: TransactionVerifier } {
  const pair = generateAccountKeyPair(signatureAlgorithm);
  return {
    signer: { address, keyIndex, privateKey: pair.privateKey, signatureAlgorithm, hashAlgorithm },
    verifier: { publicKey: pair.publicKey, signatureAlgorithm, hashAlgorithm },
  };
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/** Every way to change one leaf of a payload: each string gets another last character, each number + 1. */
function payloadTamperings(): [string, (p: TransactionPayload) => void][] {
  return [
    ["type", (p) => (p.type = "stake_unstaked_tokens")],
    ["args.nodeId", (p) => (p.args.nodeId = `${"0".repeat(62)}12`)],
    ["args.delegatorId", (p) => (p.args.delegatorId = 2)],
    ["args.amount", (p) => (p.args.amount = "10.00")],
    ["args (one more)", (p) => (p.args.to = ALICE)],
    ["args (one fewer)", (p) => delete p.args.delegatorId],
    ["proposalKey.address", (p) => (p.proposalKey.address = "0000000000000003")],
    ["proposalKey.keyIndex", (p) => (p.proposalKey.keyIndex = 1)],
    ["proposalKey.sequenceNumber", (p) => (p.proposalKey.sequenceNumber = 8)],
    ["authorizer", (p) => (p.authorizer = "0000000000000003")],
    ["expiryHeight", (p) => (p.expiryHeight = 1235)],
    ["expiryHeight (removed)", (p) => delete p.expiryHeight],
  ];
}

describe("the domain tag", () => {
  it("is FLOWSTAKE-V1-TRANSACTION in UTF-8, right-padded with zeros to 32 bytes", () => {
    expect(TRANSACTION_DOMAIN_TAG).toHaveLength(32);
    expect(Buffer.from(TRANSACTION_DOMAIN_TAG.subarray(0, 24)).toString("utf8")).toBe("FLOWSTAKE-V1-TRANSACTION");
    expect([...TRANSACTION_DOMAIN_TAG.subarray(24)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("starts the signed bytes, followed by the payload's canonical JSON in UTF-8", () => {
    const p = payload();
    p.args.note = "Zürich €"; // multi-byte UTF-8
    const bytes = signedBytes(p);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(hex(bytes)).toBe(hex(TRANSACTION_DOMAIN_TAG) + Buffer.from(canonicalJson(p), "utf8").toString("hex"));
  });

  it("cannot be changed through the exported bytes", () => {
    const before = hex(signedBytes(payload()));
    const saved = Uint8Array.from(TRANSACTION_DOMAIN_TAG);
    TRANSACTION_DOMAIN_TAG.fill(0);
    try {
      expect(hex(signedBytes(payload()))).toBe(before);
    } finally {
      TRANSACTION_DOMAIN_TAG.set(saved);
    }
  });

  it("matters: a signature over the bare canonical JSON is not a transaction signature, nor the reverse", () => {
    const { signer, verifier } = keyFor("ECDSA_P256", "SHA3_256");
    const bare = Buffer.from(canonicalJson(payload()), "utf8");
    const bareSignature = signMessage(signer.privateKey, signer.signatureAlgorithm, signer.hashAlgorithm, bare);
    expect(verifySignature(verifier.publicKey, "ECDSA_P256", "SHA3_256", bare, bareSignature)).toBe(true);
    expect(verifyTransactionSignature(payload(), bareSignature, verifier)).toBe(false);

    const { signature } = signPayload(payload(), signer);
    expect(verifyTransactionSignature(payload(), signature, verifier)).toBe(true);
    expect(verifySignature(verifier.publicKey, "ECDSA_P256", "SHA3_256", bare, signature)).toBe(false);

    // Another tag (another version or purpose) does not verify either.
    const otherTag = Buffer.concat([Buffer.from("FLOWSTAKE-V2-TRANSACTION\0\0\0\0\0\0\0\0"), bare]);
    const otherSignature = signMessage(signer.privateKey, "ECDSA_P256", "SHA3_256", otherTag);
    expect(verifyTransactionSignature(payload(), otherSignature, verifier)).toBe(false);
  });
});

describe.each([
  ["ECDSA_P256", "SHA3_256"],
  ["ECDSA_P256", "SHA2_256"],
  ["ECDSA_secp256k1", "SHA3_256"],
  ["ECDSA_secp256k1", "SHA2_256"],
] as const)("signing with %s and %s", (signatureAlgorithm, hashAlgorithm) => {
  const { signer, verifier } = keyFor(signatureAlgorithm, hashAlgorithm);

  it("round-trips: the envelope's signature verifies, deterministically", () => {
    const envelope = buildEnvelope(payload(), [signer]);
    const [signature] = envelope.signatures;
    expect(signature).toEqual({ address: ALICE, keyIndex: 0, signature: expect.stringMatching(/^[0-9a-f]{128}$/) });
    expect(verifyTransactionSignature(envelope.payload, signature?.signature ?? "", verifier)).toBe(true);
    expect(buildEnvelope(payload(), [signer])).toEqual(envelope);
    // It is the crypto module's signature of hash(signed bytes) with the key's own hash algorithm.
    expect(signature?.signature).toBe(
      signMessage(signer.privateKey, signatureAlgorithm, hashAlgorithm, signedBytes(payload())),
    );
  });

  it("does not verify once any payload field changes", () => {
    const { signature } = signPayload(payload(), signer);
    for (const [field, tamper] of payloadTamperings()) {
      const changed = payload();
      tamper(changed);
      expect(verifyTransactionSignature(changed, signature, verifier), field).toBe(false);
    }
  });

  it("does not verify once any byte of the signature changes", () => {
    const { signature } = signPayload(payload(), signer);
    for (let i = 0; i < 128; i += 2) {
      const byte = Number.parseInt(signature.slice(i, i + 2), 16) ^ 0x01;
      const changed = signature.slice(0, i) + byte.toString(16).padStart(2, "0") + signature.slice(i + 2);
      expect(verifyTransactionSignature(payload(), changed, verifier), `byte ${i / 2}`).toBe(false);
    }
  });

  it("does not verify with another key or another hash algorithm", () => {
    const { signature } = signPayload(payload(), signer);
    expect(verifyTransactionSignature(payload(), signature, keyFor(signatureAlgorithm, hashAlgorithm).verifier)).toBe(
      false,
    );
    const otherHash: HashAlgorithm = hashAlgorithm === "SHA3_256" ? "SHA2_256" : "SHA3_256";
    expect(verifyTransactionSignature(payload(), signature, { ...verifier, hashAlgorithm: otherHash })).toBe(false);
  });
});

describe("buildEnvelope and signPayload", () => {
  it("collects one signature per signer over the same bytes (authorizer and payer)", () => {
    const alice = keyFor("ECDSA_P256", "SHA3_256");
    const payer = keyFor("ECDSA_secp256k1", "SHA2_256", "0000000000000003", 2);
    const p = { ...payload(), proposalKey: { address: "0000000000000003", keyIndex: 2, sequenceNumber: 0 } };
    const envelope = buildEnvelope(p, [alice.signer, payer.signer]);
    expect(envelope.signatures.map((s) => [s.address, s.keyIndex])).toEqual([
      [ALICE, 0],
      ["0000000000000003", 2],
    ]);
    expect(verifyTransactionSignature(p, envelope.signatures[0]?.signature ?? "", alice.verifier)).toBe(true);
    expect(verifyTransactionSignature(p, envelope.signatures[1]?.signature ?? "", payer.verifier)).toBe(true);
  });

  it("refuse a malformed payload or envelope with TRANSACTION_MALFORMED", () => {
    const { signer } = keyFor("ECDSA_P256", "SHA3_256");
    const attempts: [string, () => unknown][] = [
      ["payload.args.amount", () => signPayload({ ...payload(), args: { amount: 10.5 } }, signer)],
      ["payload.authorizer", () => signPayload({ ...payload(), authorizer: "alice" }, signer)],
      ["signatures", () => buildEnvelope(payload(), [])],
      ["signatures[1]", () => buildEnvelope(payload(), [signer, signer])],
    ];
    for (const [field, attempt] of attempts) {
      try {
        attempt();
        expect.unreachable(field);
      } catch (error) {
        expect(isLedgerError(error) && [error.code, error.details.field]).toEqual(["TRANSACTION_MALFORMED", field]);
      }
    }
  });
});

describe("transactionId", () => {
  const { signer } = keyFor("ECDSA_P256", "SHA3_256");
  const envelope = buildEnvelope(payload(), [signer]);
  const id = transactionId(envelope);

  it("is the lowercase hex SHA3-256 of the envelope's canonical JSON", () => {
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).toBe(hex(sha3_256(Buffer.from(canonicalJson(envelope), "utf8"))));
  });

  it("does not depend on the key order of the input or the case of the signature", () => {
    const reordered: unknown = JSON.parse(JSON.stringify(envelope, Object.keys(canonicalFields(envelope)).reverse()));
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(envelope));
    expect(transactionId(parseEnvelope(reordered))).toBe(id);
    const upper = {
      ...envelope,
      signatures: envelope.signatures.map((s) => ({ ...s, signature: s.signature.toUpperCase() })),
    };
    expect(transactionId(parseEnvelope(upper))).toBe(id);
  });

  it("changes with any field of the payload and any byte of the signature, each to a different ID", () => {
    const ids = new Set([id]);
    for (const [field, tamper] of payloadTamperings()) {
      const changed = structuredClone(envelope);
      tamper(changed.payload);
      const changedId = transactionId(changed);
      expect(ids.has(changedId), field).toBe(false);
      ids.add(changedId);
    }
    const signature = envelope.signatures[0]?.signature ?? "";
    for (let i = 0; i < 128; i++) {
      const changed: TransactionEnvelope = structuredClone(envelope);
      const flipped = (Number.parseInt(signature[i] ?? "0", 16) ^ 1).toString(16);
      changed.signatures = [
        { address: ALICE, keyIndex: 0, signature: signature.slice(0, i) + flipped + signature.slice(i + 1) },
      ];
      const changedId = transactionId(changed);
      expect(ids.has(changedId), `signature character ${i}`).toBe(false);
      ids.add(changedId);
    }
  });
});

describe("prepareTransaction", () => {
  it("gives what parseEnvelope, transactionId and signedBytes give, from one encoding", () => {
    const alice = keyFor("ECDSA_P256", "SHA3_256");
    const payer = keyFor("ECDSA_secp256k1", "SHA2_256", "0000000000000003", 5);
    const unicode = { ...payload(), args: { note: "Zürich € 😀 \u0001", list: [1, -2, { z: null, a: true }] } };
    const envelopes = [
      buildEnvelope(payload(), [alice.signer]),
      buildEnvelope(unicode, [payer.signer, alice.signer]),
      (() => {
        const e = buildEnvelope({ ...payload(), expiryHeight: undefined }, [alice.signer]);
        return { ...e, signatures: e.signatures.map((s) => ({ ...s, signature: s.signature.toUpperCase() })) };
      })(),
    ];
    for (const value of envelopes) {
      const input: unknown = JSON.parse(JSON.stringify(value));
      const envelope = parseEnvelope(input);
      expect(prepareTransaction(input)).toEqual({
        envelope,
        id: transactionId(envelope),
        signedBytes: signedBytes(envelope.payload),
        canonical: canonicalJson(envelope),
      });
    }
  });
});

/** Every key that occurs anywhere in `value`, to give JSON.stringify a reversed key order. */
function canonicalFields(value: unknown, into: Record<string, true> = {}): Record<string, true> {
  if (Array.isArray(value)) for (const item of value) canonicalFields(item, into);
  else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      into[key] = true;
      canonicalFields(item, into);
    }
  }
  return into;
}
