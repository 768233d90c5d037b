/**
 * docs/transactions.md's worked example, checked byte for byte against the code. The numbers are read from the
 * page itself (each fenced block after a `<!-- worked-example: NAME -->` marker), so the page cannot drift.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { p256 } from "@noble/curves/nist.js";
import { describe, expect, it } from "vitest";
import { accountPublicKeyOf, signMessage } from "../crypto/index.js";
import { canonicalJson } from "./canonical-json.js";
import { parseEnvelope, parsePayload } from "./envelope.js";
import {
  buildEnvelope,
  signedBytes,
  TRANSACTION_DOMAIN_TAG,
  type TransactionSigner,
  transactionId,
  verifyTransactionSignature,
} from "./signing.js";

const BLOCK_NAMES = [
  "domain-tag",
  "private-key",
  "public-key",
  "payload",
  "canonical-payload",
  "signed-bytes",
  "digest",
  "signature",
  "envelope",
  "canonical-envelope",
  "transaction-id",
] as const;
type BlockName = (typeof BLOCK_NAMES)[number];

const page = readFileSync(new URL("../../docs/transactions.md", import.meta.url), "utf8");

function readBlocks(): Map<string, string[]> {
  const blocks = new Map<string, string[]>();
  for (const match of page.matchAll(/<!-- worked-example: ([a-z-]+) -->\s*```[a-z]*\n([\s\S]*?)\n```/g)) {
    const [, name = "", text = ""] = match;
    blocks.set(name, [...(blocks.get(name) ?? []), text]);
  }
  return blocks;
}

const blocks = readBlocks();

function block(name: BlockName): string {
  const found = blocks.get(name);
  if (found?.length !== 1 || found[0] === undefined) throw new Error(`docs/transactions.md: no single "${name}" block`);
  return found[0];
}

/** A hex block, which may be wrapped over several lines. */
const hexBlock = (name: BlockName): string => block(name).replace(/\s+/g, "");

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

describe("docs/transactions.md worked example", () => {
  it("has each marked block exactly once, and no others", () => {
    expect([...blocks.keys()].sort()).toEqual([...BLOCK_NAMES].sort());
    for (const name of BLOCK_NAMES) expect(blocks.get(name), name).toHaveLength(1);
  });

  it("uses RFC 6979 A.2.5's P-256 key, whose public key the RFC gives", () => {
    const privateKey = hexBlock("private-key");
    expect(privateKey).toBe("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721".toLowerCase());
    const rfcUx = "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6";
    const rfcUy = "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299";
    expect(hexBlock("public-key")).toBe((rfcUx + rfcUy).toLowerCase());
    expect(accountPublicKeyOf(privateKey, "ECDSA_P256")).toBe(hexBlock("public-key"));
  });

  it("signs as RFC 6979 does, so other RFC 6979 libraries reproduce the signature (A.2.5, SHA-256, 'sample')", () => {
    const signature = signMessage(hexBlock("private-key"), "ECDSA_P256", "SHA2_256", Buffer.from("sample"));
    const n = BigInt("0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
    const rfcS = BigInt("0xF7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    expect(signature.slice(0, 64)).toBe(
      "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716".toLowerCase(),
    );
    // The RFC's s is high; flowstake writes the low twin n − s, and either verifies.
    expect(BigInt(`0x${signature.slice(64)}`)).toBe(n - rfcS);
  });

  it("has the domain tag the code uses", () => {
    expect(hexBlock("domain-tag")).toBe(hex(TRANSACTION_DOMAIN_TAG));
  });

  const payload = parsePayload(JSON.parse(block("payload")));
  const signer: TransactionSigner = {
    address: payload.proposalKey.address,
    keyIndex: payload.proposalKey.keyIndex,
    privateKey: hexBlock("private-key"),
    signatureAlgorithm: "ECDSA_P256",
    hashAlgorithm: "SHA3_256",
  };

  it("has the payload's canonical JSON", () => {
    expect(block("canonical-payload")).toBe(canonicalJson(payload));
    expect(page).toContain(`Its canonical JSON (${Buffer.byteLength(canonicalJson(payload))} bytes)`);
  });

  it("has the signed bytes: the domain tag, then the canonical JSON in UTF-8", () => {
    const bytes = signedBytes(payload);
    expect(hexBlock("signed-bytes")).toBe(hex(bytes));
    expect(hexBlock("signed-bytes")).toBe(
      hexBlock("domain-tag") + Buffer.from(block("canonical-payload")).toString("hex"),
    );
    expect(page).toContain(`${bytes.length} bytes, 32 per line`);
    for (const line of block("signed-bytes").split("\n")) expect(line.length).toBeLessThanOrEqual(64);
  });

  it("has the SHA3-256 digest of the signed bytes", () => {
    expect(hexBlock("digest")).toBe(createHash("sha3-256").update(signedBytes(payload)).digest("hex"));
  });

  it("has the deterministic signature, which verifies with the public key", () => {
    const envelope = buildEnvelope(payload, [signer]);
    expect(envelope.signatures[0]?.signature).toBe(hexBlock("signature"));
    const verifier = {
      publicKey: hexBlock("public-key"),
      signatureAlgorithm: "ECDSA_P256",
      hashAlgorithm: "SHA3_256",
    } as const;
    expect(verifyTransactionSignature(payload, hexBlock("signature"), verifier)).toBe(true);
    // ECDSA signs the digest: a verifier given the digest itself (noble, no hashing) agrees.
    const digest = Buffer.from(hexBlock("digest"), "hex");
    const publicKey = Buffer.from(`04${hexBlock("public-key")}`, "hex");
    expect(p256.verify(Buffer.from(hexBlock("signature"), "hex"), digest, publicKey, { prehash: false })).toBe(true);
  });

  it("has the envelope, its canonical JSON and its transaction ID", () => {
    const envelope = parseEnvelope(JSON.parse(block("envelope")));
    expect(envelope).toEqual(buildEnvelope(payload, [signer]));
    expect(block("canonical-envelope")).toBe(canonicalJson(envelope));
    expect(hexBlock("transaction-id")).toBe(transactionId(envelope));
    expect(hexBlock("transaction-id")).toBe(createHash("sha3-256").update(block("canonical-envelope")).digest("hex"));
  });
});
