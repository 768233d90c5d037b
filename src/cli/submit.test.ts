import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "../client/index.js";
import { type CannedNode, type RecordedRequest, startCannedNode } from "../client/test-fixtures.js";
import { generateAccountKeyPair } from "../crypto/index.js";
import { parseEnvelope, transactionId, verifyTransactionSignature } from "../tx/index.js";
import { UsageError } from "./exit.js";
import { keyFromPrivate, type StoredKey, saveKey } from "./keystore.js";
import { buildPayload, describeOutcome, signAndSubmit, submitOptionsFrom } from "./submit.js";

const NODE_ID = "1".repeat(64);
const ALICE = "0000000000000002";
const BOB = "0000000000000003";

let scratch = "";
let node: CannedNode | undefined;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "flowstake-submit-"));
});

afterEach(async () => {
  await node?.close();
  node = undefined;
  rmSync(scratch, { recursive: true, force: true });
});

function storeKey(name: string, address: string | undefined, keyIndex = 0): StoredKey {
  const pair = generateAccountKeyPair("ECDSA_P256");
  const key = keyFromPrivate({
    name,
    privateKey: pair.privateKey,
    signatureAlgorithm: "ECDSA_P256",
    hashAlgorithm: "SHA3_256",
    address,
    keyIndex,
  });
  saveKey(scratch, key);
  return key;
}

function accountOf(address: string, keys: StoredKey[], sequenceNumber: number) {
  return {
    address,
    balance: "100.00000000",
    keys: keys.map((key) => ({
      index: key.keyIndex,
      publicKey: key.publicKey,
      signatureAlgorithm: key.signatureAlgorithm,
      hashAlgorithm: key.hashAlgorithm,
      weight: 1000,
      revoked: false,
      sequenceNumber,
    })),
    nodes: [],
    delegators: [],
  };
}

const OUTCOME = {
  id: "e".repeat(64),
  height: 12,
  index: 0,
  type: "stake_new_tokens",
  result: null,
  events: [{ type: "DelegatorTokensCommitted", nodeID: NODE_ID, delegatorID: 1, amount: "10.00000000" }],
};

async function serveAccounts(accounts: Record<string, unknown>): Promise<CannedNode> {
  node = await startCannedNode((request: RecordedRequest) => {
    const account = /^\/v1\/accounts\/([0-9a-f]{16})$/.exec(request.path);
    if (request.method === "GET" && account !== null) {
      const found = accounts[account[1] ?? ""];
      return found === undefined ? undefined : { json: found };
    }
    if (request.method === "POST" && request.path === "/v1/transactions") return { json: OUTCOME };
    return undefined;
  });
  return node;
}

function submitted(canned: CannedNode) {
  const post = canned.requests.find((request) => request.method === "POST");
  if (post === undefined) throw new Error("nothing was submitted");
  return parseEnvelope(JSON.parse(post.body));
}

describe("buildPayload", () => {
  it("proposes with the key at the node's sequence number; the authorizer defaults to the key's account", () => {
    expect(
      buildPayload({
        type: "unstake_all",
        args: { nodeId: NODE_ID },
        proposer: { address: ALICE, keyIndex: 2 },
        sequenceNumber: 9,
      }),
    ).toEqual({
      type: "unstake_all",
      args: { nodeId: NODE_ID },
      proposalKey: { address: ALICE, keyIndex: 2, sequenceNumber: 9 },
      authorizer: ALICE,
    });
  });

  it("sets --as and --expiry-height when given, and leaves expiryHeight out otherwise", () => {
    const payload = buildPayload({
      type: "transfer_tokens",
      args: { to: BOB, amount: "1" },
      proposer: { address: ALICE, keyIndex: 0 },
      sequenceNumber: 0,
      authorizer: BOB,
      expiryHeight: 40,
    });
    expect(payload.authorizer).toBe(BOB);
    expect(payload.expiryHeight).toBe(40);
    expect(
      "expiryHeight" in buildPayload({ type: "x", args: {}, proposer: payload.proposalKey, sequenceNumber: 0 }),
    ).toBe(false);
  });
});

describe("signAndSubmit", () => {
  it("fetches the sequence number, signs with the keystore key and posts an envelope that verifies", async () => {
    const alice = storeKey("alice", ALICE);
    const canned = await serveAccounts({ [ALICE]: accountOf(ALICE, [alice], 7) });
    const args = { nodeId: NODE_ID, delegatorId: 1, amount: "10.0" };
    const options = submitOptionsFrom({ key: "alice", keystore: scratch, expiryHeight: "99" });
    const result = await signAndSubmit("stake_new_tokens", args, options, createClient(canned.url));
    expect(result.outcome).toEqual(OUTCOME);
    expect(canned.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /v1/accounts/${ALICE}`,
      "POST /v1/transactions",
    ]);
    const envelope = submitted(canned);
    expect(envelope).toEqual(result.envelope);
    expect(envelope.payload).toEqual({
      type: "stake_new_tokens",
      args,
      proposalKey: { address: ALICE, keyIndex: 0, sequenceNumber: 7 },
      authorizer: ALICE,
      expiryHeight: 99,
    });
    expect(envelope.signatures).toHaveLength(1);
    const signature = envelope.signatures[0];
    expect(signature?.address).toBe(ALICE);
    expect(verifyTransactionSignature(envelope.payload, signature?.signature ?? "", alice)).toBe(true);
    expect(transactionId(envelope)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("signs with --cosign keys too, once each, for an authorizer named by --as", async () => {
    const alice = storeKey("alice", ALICE);
    const bob = storeKey("bob", BOB, 1);
    const canned = await serveAccounts({ [ALICE]: accountOf(ALICE, [alice], 3) });
    const options = submitOptionsFrom({ key: "alice", keystore: scratch, as: `0x${BOB}`, cosign: ["bob", "alice"] });
    await signAndSubmit("unstake_all", { nodeId: NODE_ID }, options, createClient(canned.url));
    const envelope = submitted(canned);
    expect(envelope.payload.authorizer).toBe(BOB);
    expect(envelope.signatures.map((s) => [s.address, s.keyIndex])).toEqual([
      [ALICE, 0],
      [BOB, 1],
    ]);
    expect(verifyTransactionSignature(envelope.payload, envelope.signatures[1]?.signature ?? "", bob)).toBe(true);
  });

  it("refuses, before submitting, a key not bound to an account or not the node's key at its index", async () => {
    storeKey("loose", undefined);
    const alice = storeKey("alice", ALICE);
    const impostor = storeKey("impostor", ALICE, 0);
    const canned = await serveAccounts({ [ALICE]: accountOf(ALICE, [alice], 0) });
    const client = createClient(canned.url);
    const attempt = (key: string) =>
      signAndSubmit("unstake_all", { nodeId: NODE_ID }, submitOptionsFrom({ key, keystore: scratch }), client);
    await expect(attempt("loose")).rejects.toThrow(/not bound to an account/);
    await expect(attempt("impostor")).rejects.toThrow(/another public key/);
    await expect(attempt("nobody")).rejects.toThrow(UsageError);
    await expect(
      signAndSubmit(
        "unstake_all",
        { nodeId: NODE_ID },
        submitOptionsFrom({ key: "alice", keystore: scratch, expiryHeight: "soon" }),
        client,
      ),
    ).rejects.toThrow(/--expiry-height/);
    expect(canned.requests.filter((request) => request.method === "POST")).toEqual([]);
    expect(impostor.address).toBe(ALICE);
  });

  it("needs --key", () => {
    expect(() => submitOptionsFrom({})).toThrow(/--key NAME is required/);
  });
});

describe("describeOutcome", () => {
  it("says where the transaction ran and lists its events with shortened IDs", () => {
    const text = describeOutcome(OUTCOME);
    expect(text).toContain("stake_new_tokens: executed in block 12 at index 0");
    expect(text).toContain(`transaction ${"e".repeat(64)}`);
    expect(text).toContain("DelegatorTokensCommitted");
    expect(text).toContain("11111111…111111");
    expect(text).not.toContain(NODE_ID);
  });
});
