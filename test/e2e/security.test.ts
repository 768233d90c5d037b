/**
 * Hostile and malformed requests through HTTP against a real node (automatic epochs, real signatures): each is
 * refused with its own code and status in the one error body `{ error: { code, message, details } }`, and changes
 * nothing — the latest block, the accounts (balances, sequence numbers), the node, the delegator and the epoch
 * (fee vault, supply) read the same before and after, and a refused transaction is not in the log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type FlowstakeClient, type SignedEnvelope } from "../../src/client/index.js";
import { generateNodeKeys } from "../../src/crypto/index.js";
import { type RunningNode, startNode } from "../../src/node/start.js";
import { parseEnvelope, transactionId } from "../../src/tx/index.js";
import {
  ADMIN_ADDRESS,
  accountKey,
  adminSigner,
  createAccount,
  e2eGenesis,
  envelope,
  initDataDir,
  newKeyPair,
  type Signer,
  send,
  sequenceNumberOf,
  tempDir,
  units,
} from "./support.js";

const data = tempDir("security");
const admin = adminSigner();
let running: RunningNode;
let client: FlowstakeClient;
let baseUrl = "";
/** Alice runs a node; bob delegates to it; carol holds nothing; dave has two keys of weight 500; erin two of 1000. */
let alice: Signer;
let bob: Signer;
let carol: Signer;
let dave: [Signer, Signer];
let erin: [Signer, Signer];
let nodeId = "";

async function createMultiKeyAccount(weights: readonly number[]): Promise<Signer[]> {
  const pairs = weights.map(() => newKeyPair());
  const outcome = await send(client, admin, "create_account", {
    keys: pairs.map((p, i) => accountKey(p.publicKey, weights[i])),
    balance: "100.0",
  });
  const { address } = outcome.result as { address: string };
  return pairs.map((pair, keyIndex) => ({ address, keyIndex, ...pair }));
}

beforeAll(async () => {
  // Long epochs: the auction of epoch 0 stays open and the scheduler writes nothing while the tests run.
  initDataDir(data.dir, e2eGenesis(admin, { epochLengthMs: 600_000, stakingAuctionMs: 500_000, setupMs: 50_000 }));
  running = await startNode({ dataDir: data.dir, port: 0, mode: "automatic" });
  baseUrl = running.url;
  client = createClient(baseUrl);
  alice = await createAccount(client, admin, "700000.0");
  bob = await createAccount(client, admin, "5000.0");
  carol = await createAccount(client, admin, "5000.0");
  const [d0, d1] = await createMultiKeyAccount([500, 500]);
  const [e0, e1] = await createMultiKeyAccount([1000, 1000]);
  if (d0 === undefined || d1 === undefined || e0 === undefined || e1 === undefined) throw new Error("keys missing");
  dave = [d0, d1];
  erin = [e0, e1];
  const keys = generateNodeKeys();
  nodeId = keys.nodeId;
  await send(client, alice, "register_node", {
    nodeId,
    role: 2,
    networkingAddress: "consensus-1.example.org:3569",
    networkingKey: keys.networkingKey.publicKey,
    stakingKey: keys.stakingKey.publicKey,
    stakingKeyPoP: keys.stakingKeyPoP,
    amount: "600000.0",
  });
  await send(client, bob, "register_delegator", { nodeId, amount: "1000.0" });
  // Erin's key 0 is revoked, by her key 1.
  await client.submitTransaction(envelope(e1, "revoke_account_key", { keyIndex: 0 }, { sequenceNumber: 0 }));
}, 20_000);

afterAll(async () => {
  await running?.close();
  data.remove();
});

/** Everything a refusal must leave as it was. */
async function ledgerView() {
  const addresses = [ADMIN_ADDRESS, alice.address, bob.address, carol.address, dave[0].address, erin[0].address];
  return {
    latest: await client.getLatestBlock(),
    accounts: await Promise.all(addresses.map((a) => client.getAccount(a))),
    node: await client.getNode(nodeId),
    delegator: await client.getDelegator(nodeId, 1),
    epoch: await client.getEpoch(),
  };
}

interface Answer {
  status: number;
  body: unknown;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

function post(body: string, contentType = "application/json"): Promise<Answer> {
  return fetch(`${baseUrl}/v1/transactions`, { method: "POST", headers: { "content-type": contentType }, body }).then(
    answer,
  );
}

const submitRaw = (value: unknown) => post(JSON.stringify(value));

/** The one error body, exactly: no other fields, a message, the given details. */
function expectError(got: Answer, status: number, code: string, details: Record<string, unknown>): void {
  expect(got).toEqual({ status, body: { error: { code, message: expect.any(String), details } } });
  const message = (got.body as { error: { message: string } }).error.message;
  expect(message.length).toBeGreaterThan(0);
}

/** Runs `request`, expects the refusal, and checks that nothing changed. */
async function refusedWithoutChange(
  request: () => Promise<Answer>,
  status: number,
  code: string,
  details: Record<string, unknown>,
): Promise<void> {
  const before = await ledgerView();
  expectError(await request(), status, code, details);
  expect(await ledgerView()).toEqual(before);
}

/** A signed envelope is refused, changes nothing, and its ID is not in the log. */
async function envelopeRefused(
  signed: SignedEnvelope,
  status: number,
  code: string,
  details: Record<string, unknown>,
): Promise<void> {
  await refusedWithoutChange(() => submitRaw(signed), status, code, details);
  const id = transactionId(parseEnvelope(signed));
  expectError(await answer(await fetch(`${baseUrl}/v1/transactions/${id}`)), 404, "NOT_FOUND", {
    resource: "transaction",
    id,
  });
}

/** Alice stakes 1 more FLOW on her node, at her current sequence number. */
async function aliceStakes(overrides: { sequenceNumber?: number; amount?: string } = {}): Promise<SignedEnvelope> {
  const sequenceNumber = overrides.sequenceNumber ?? (await sequenceNumberOf(client, alice));
  return envelope(alice, "stake_new_tokens", { nodeId, amount: overrides.amount ?? "1.0" }, { sequenceNumber });
}

function withSignature(signed: SignedEnvelope, signature: string): SignedEnvelope {
  const [first] = signed.signatures;
  if (first === undefined) throw new Error("unsigned");
  return { ...signed, signatures: [{ ...first, signature }] };
}

describe("signatures", () => {
  it("refuses a forged signature: valid hex, wrong bytes (401 INVALID_SIGNATURE)", async () => {
    const signed = await aliceStakes();
    const real = signed.signatures[0]?.signature ?? "";
    // One bit of s flipped; r and s from another payload; out of range; zero.
    const flipped = `${real.slice(0, 127)}${(Number.parseInt(real.slice(127), 16) ^ 1).toString(16)}`;
    const other = (await aliceStakes({ amount: "2.0" })).signatures[0]?.signature ?? "";
    for (const forged of [flipped, other, "f".repeat(128), "0".repeat(128)]) {
      expect(forged).not.toBe(real);
      await envelopeRefused(withSignature(signed, forged), 401, "INVALID_SIGNATURE", {
        account: alice.address,
        keyIndex: 0,
      });
    }
    // The genuine signature over the same payload executes: the forgeries were refused for their bytes alone.
    expect((await submitRaw(signed)).status).toBe(200);
  });

  it("refuses a signature made with another private key that claims to be the authorizer's key 0", async () => {
    const payload = (await aliceStakes()).payload;
    // Alice's exact payload, signed with carol's private key, the entry naming alice's key 0.
    const carolAsAlice = envelope({ ...alice, privateKey: carol.privateKey }, payload.type, payload.args, {
      sequenceNumber: payload.proposalKey.sequenceNumber,
    });
    expect(carolAsAlice.payload).toEqual(payload);
    expect(carolAsAlice.signatures.map((s) => [s.address, s.keyIndex])).toEqual([[alice.address, 0]]);
    await envelopeRefused(carolAsAlice, 401, "INVALID_SIGNATURE", { account: alice.address, keyIndex: 0 });
  });

  it("refuses a signature entry naming a third account (401 UNEXPECTED_SIGNER), with or without alice's own", async () => {
    const sequenceNumber = await sequenceNumberOf(client, alice);
    const args = { nodeId, amount: "1.0" };
    const both = envelope(alice, "stake_new_tokens", args, { sequenceNumber, signers: [alice, carol] });
    await envelopeRefused(both, 401, "UNEXPECTED_SIGNER", { address: carol.address });
    const carolOnly = envelope(alice, "stake_new_tokens", args, { sequenceNumber, signers: [carol] });
    await envelopeRefused(carolOnly, 401, "UNEXPECTED_SIGNER", { address: carol.address });
  });

  it("refuses acting as an authorizer who did not sign (401 INSUFFICIENT_KEY_WEIGHT of 0)", async () => {
    // Carol proposes and pays, names alice as the acting account, and signs alone.
    const sequenceNumber = await sequenceNumberOf(client, carol);
    const signed = envelope(
      carol,
      "stake_new_tokens",
      { nodeId, amount: "1.0" },
      {
        sequenceNumber,
        authorizer: alice.address,
      },
    );
    await envelopeRefused(signed, 401, "INSUFFICIENT_KEY_WEIGHT", { account: alice.address, weight: 0 });
  });

  it("refuses a revoked key (401 ACCOUNT_KEY_REVOKED), and the account's other key still signs", async () => {
    const [revoked, live] = erin;
    const view = await client.getAccount(revoked.address);
    expect(view.keys.map((k) => [k.index, k.revoked, k.sequenceNumber])).toEqual([
      [0, true, 0],
      [1, false, 1],
    ]);
    const signed = envelope(revoked, "transfer_tokens", { to: carol.address, amount: "1.0" }, { sequenceNumber: 0 });
    await envelopeRefused(signed, 401, "ACCOUNT_KEY_REVOKED", { account: revoked.address, keyIndex: 0 });
    const ok = await client.submitTransaction(
      envelope(live, "transfer_tokens", { to: carol.address, amount: "1.0" }, { sequenceNumber: 1 }),
    );
    expect(ok.events).toEqual([
      { type: "TokensTransferred", from: live.address, to: carol.address, amount: "1.00000000" },
    ]);
  });

  it("refuses keys of weight 500 alone (401 INSUFFICIENT_KEY_WEIGHT); both together sign", async () => {
    const [half, otherHalf] = dave;
    const args = { to: carol.address, amount: "1.0" };
    await envelopeRefused(
      envelope(half, "transfer_tokens", args, { sequenceNumber: 0 }),
      401,
      "INSUFFICIENT_KEY_WEIGHT",
      { account: half.address, weight: 500 },
    );
    await envelopeRefused(
      envelope(otherHalf, "transfer_tokens", args, { sequenceNumber: 0 }),
      401,
      "INSUFFICIENT_KEY_WEIGHT",
      { account: half.address, weight: 500 },
    );
    const before = await client.getAccount(carol.address);
    const both = envelope(half, "transfer_tokens", args, { sequenceNumber: 0, signers: dave });
    expect(both.signatures.map((s) => s.keyIndex)).toEqual([0, 1]);
    await client.submitTransaction(both);
    const after = await client.getAccount(carol.address);
    expect(units(after.balance) - units(before.balance)).toBe(units("1"));
  });
});

describe("sequence numbers and expiry", () => {
  it("answers the same envelope again with its first outcome (200), executing it once", async () => {
    const signed = await aliceStakes({ amount: "3.0" });
    const first = await submitRaw(signed);
    expect(first.status).toBe(200);
    const before = await ledgerView();
    const again = await submitRaw(signed);
    expect(again).toEqual(first);
    // The same bytes with the keys in another order and the signature in upper case are the same envelope.
    const reordered = `{"signatures":[{"signature":"${signed.signatures[0]?.signature.toUpperCase()}","keyIndex":0,"address":"${alice.address}"}],"payload":${JSON.stringify(signed.payload)}}`;
    expect(await post(reordered)).toEqual(first);
    expect(await ledgerView()).toEqual(before);
  });

  it("refuses a new envelope with an old sequence number (409 SEQUENCE_NUMBER_MISMATCH)", async () => {
    const current = await sequenceNumberOf(client, alice);
    const replayed = await aliceStakes({ sequenceNumber: current - 1, amount: "4.0" });
    await envelopeRefused(replayed, 409, "SEQUENCE_NUMBER_MISMATCH", { expected: current, got: current - 1 });
  });

  it("refuses a skipped sequence number (409 SEQUENCE_NUMBER_MISMATCH)", async () => {
    const current = await sequenceNumberOf(client, alice);
    const skipped = await aliceStakes({ sequenceNumber: current + 1, amount: "5.0" });
    await envelopeRefused(skipped, 409, "SEQUENCE_NUMBER_MISMATCH", { expected: current, got: current + 1 });
  });

  it("refuses an expired transaction (409 TRANSACTION_EXPIRED); one expiring at the next height executes", async () => {
    const height = (await client.getLatestBlock()).height;
    const sequenceNumber = await sequenceNumberOf(client, alice);
    const args = { nodeId, amount: "1.0" };
    const expired = envelope(alice, "stake_new_tokens", args, { sequenceNumber, expiryHeight: height });
    await envelopeRefused(expired, 409, "TRANSACTION_EXPIRED", { expiryHeight: height, height: height + 1 });
    const lastChance = envelope(alice, "stake_new_tokens", args, { sequenceNumber, expiryHeight: height + 1 });
    expect((await client.submitTransaction(lastChance)).height).toBe(height + 1);
  });
});

describe("a refusal is not final: nothing was recorded, so the same envelope is judged again", () => {
  // The node remembers recent refusals by transaction ID (src/node/ledger-node.ts, rememberRefusal) and answers a
  // resubmission with the old refusal even when the state that caused it has changed. Signing is deterministic
  // (RFC 6979), so the CLI re-running a refused command signs the very same envelope.
  it("executes an envelope refused for the payer's balance once the payer is funded", async () => {
    const poor = await createAccount(client, admin, "10.0");
    const args = { to: carol.address, amount: "50.0" };
    const signed = envelope(poor, "transfer_tokens", args, { sequenceNumber: 0 });
    await envelopeRefused(signed, 422, "INSUFFICIENT_BALANCE", {
      account: poor.address,
      balance: "9.99999000",
      amount: "50.00000000",
    });
    await send(client, admin, "transfer_tokens", { to: poor.address, amount: "100.0" });
    const again = await submitRaw(signed);
    expect(again.body).toMatchObject({ type: "transfer_tokens", events: [{ type: "TokensTransferred" }] });
    expect(again.status).toBe(200);
    expect((await client.getAccount(poor.address)).balance).toBe("59.99999000");
  });

  it("executes an envelope refused as a skipped sequence number once the one before it executed", async () => {
    const current = await sequenceNumberOf(client, bob);
    const second = envelope(
      bob,
      "stake_new_tokens",
      { nodeId, delegatorId: 1, amount: "2.0" },
      {
        sequenceNumber: current + 1,
      },
    );
    await envelopeRefused(second, 409, "SEQUENCE_NUMBER_MISMATCH", { expected: current, got: current + 1 });
    await client.submitTransaction(
      envelope(bob, "stake_new_tokens", { nodeId, delegatorId: 1, amount: "1.0" }, { sequenceNumber: current }),
    );
    const again = await submitRaw(second);
    expect(again.body).toMatchObject({ type: "stake_new_tokens" });
    expect(again.status).toBe(200);
    expect(await sequenceNumberOf(client, bob)).toBe(current + 2);
  });
});

describe("permissions", () => {
  it("refuses acting on another account's node (403 NOT_OWNER)", async () => {
    const signed = envelope(
      bob,
      "stake_new_tokens",
      { nodeId, amount: "1.0" },
      {
        sequenceNumber: await sequenceNumberOf(client, bob),
      },
    );
    await envelopeRefused(signed, 403, "NOT_OWNER", { account: bob.address, nodeId });
  });

  it("refuses acting on another account's delegator (403 NOT_OWNER)", async () => {
    const args = { nodeId, delegatorId: 1, amount: "1.0" };
    const byCarol = envelope(carol, "stake_new_tokens", args, {
      sequenceNumber: await sequenceNumberOf(client, carol),
    });
    await envelopeRefused(byCarol, 403, "NOT_OWNER", { account: carol.address, nodeId, delegatorId: 1 });
    // Not even the node's operator may move its delegator's tokens.
    const byAlice = await aliceStakes();
    const operatorAsDelegator = envelope(alice, "request_unstaking", args, {
      sequenceNumber: byAlice.payload.proposalKey.sequenceNumber,
    });
    await envelopeRefused(operatorAsDelegator, 403, "NOT_OWNER", { account: alice.address, nodeId, delegatorId: 1 });
  });

  it("refuses an admin operation by a non-admin (403 NOT_ADMIN)", async () => {
    const signed = envelope(
      alice,
      "set_approved_nodes",
      { nodeIds: [nodeId] },
      {
        sequenceNumber: await sequenceNumberOf(client, alice),
      },
    );
    await envelopeRefused(signed, 403, "NOT_ADMIN", { account: alice.address });
    const fund = envelope(
      alice,
      "fund",
      { account: alice.address, amount: "1000000.0" },
      {
        sequenceNumber: await sequenceNumberOf(client, alice),
      },
    );
    await envelopeRefused(fund, 403, "NOT_ADMIN", { account: alice.address });
  });

  it("refuses an epoch phase operation from the admin in automatic mode (403 EPOCH_PHASES_AUTOMATIC)", async () => {
    const sequenceNumber = await sequenceNumberOf(client, admin);
    for (const type of ["epoch_setup", "epoch_commit", "epoch_start", "epoch_pay_rewards"]) {
      await envelopeRefused(envelope(admin, type, {}, { sequenceNumber }), 403, "EPOCH_PHASES_AUTOMATIC", {});
    }
  });
});

describe("bodies", () => {
  it("refuses a body over 128 KiB (413 BODY_TOO_LARGE)", async () => {
    const signed = await aliceStakes();
    const padded = JSON.stringify({ ...signed, padding: "x".repeat(128 * 1024) });
    await refusedWithoutChange(() => post(padded), 413, "BODY_TOO_LARGE", {});
  });

  it.each([
    ["not JSON", "stake 10 FLOW please"],
    ["truncated JSON", '{"payload":{"type":"stake_new_tokens"'],
    ["empty", ""],
  ])("refuses a body that is %s (400 INVALID_REQUEST)", async (_name, body) => {
    const before = await ledgerView();
    const got = await post(body);
    expect(got.status).toBe(400);
    expect(got.body).toEqual({
      error: { code: "INVALID_REQUEST", message: expect.any(String), details: { reason: expect.any(String) } },
    });
    expect(await ledgerView()).toEqual(before);
  });

  it.each([
    ["text/plain", "{}"],
    ["application/x-www-form-urlencoded", "payload=1"],
    ["application/xml", "<payload/>"],
  ])("refuses Content-Type %s (415 UNSUPPORTED_MEDIA_TYPE)", async (contentType, body) => {
    await refusedWithoutChange(() => post(body, contentType), 415, "UNSUPPORTED_MEDIA_TYPE", { contentType });
  });

  it("refuses JSON of the wrong shape (400 TRANSACTION_MALFORMED naming the field)", async () => {
    const signed = await aliceStakes();
    const { payload } = signed;
    const [signature] = signed.signatures;
    const cases: [unknown, string][] = [
      [[], "envelope"],
      [null, "envelope"],
      ["a string", "envelope"],
      [{ payload }, "signatures"],
      [{ ...signed, signatures: [] }, "signatures"],
      [{ ...signed, extra: true }, "extra"],
      [{ ...signed, payload: { ...payload, authorizer: undefined } }, "payload.authorizer"],
      [{ ...signed, payload: { ...payload, authorizer: alice.address.replace(/.$/, "A") } }, "payload.authorizer"],
      [{ ...signed, payload: { ...payload, fee: "0" } }, "payload.fee"],
      [{ ...signed, payload: { ...payload, type: "" } }, "payload.type"],
      [{ ...signed, payload: { ...payload, args: [] } }, "payload.args"],
      [{ ...signed, payload: { ...payload, expiryHeight: null } }, "payload.expiryHeight"],
      [{ ...signed, payload: { ...payload, expiryHeight: -1 } }, "payload.expiryHeight"],
      [
        { ...signed, payload: { ...payload, proposalKey: { ...payload.proposalKey, sequenceNumber: "7" } } },
        "payload.proposalKey.sequenceNumber",
      ],
      [
        { ...signed, payload: { ...payload, proposalKey: { ...payload.proposalKey, keyIndex: 2 ** 53 } } },
        "payload.proposalKey.keyIndex",
      ],
      [{ ...signed, signatures: [{ ...signature, signature: "ab".repeat(63) }] }, "signatures[0].signature"],
      [{ ...signed, signatures: [{ ...signature, signature: "zz".repeat(64) }] }, "signatures[0].signature"],
      [{ ...signed, signatures: [{ ...signature, address: "0x01" }] }, "signatures[0].address"],
      [{ ...signed, signatures: [signature, signature] }, "signatures[1]"],
    ];
    for (const [body, field] of cases) {
      await refusedWithoutChange(() => submitRaw(body), 400, "TRANSACTION_MALFORMED", { field });
    }
  });

  it("refuses an amount written as a JSON number with a fraction (400 TRANSACTION_MALFORMED)", async () => {
    const signed = await aliceStakes({ amount: "10.5" });
    // Amounts are strings; the float itself is refused before any signature is looked at.
    const float = JSON.stringify(signed).replace('"amount":"10.5"', '"amount":10.5');
    expect(float).toContain('"amount":10.5');
    await refusedWithoutChange(() => post(float), 400, "TRANSACTION_MALFORMED", { field: "payload.args.amount" });
  });

  it("refuses an unknown transaction type (400 UNKNOWN_TRANSACTION_TYPE)", async () => {
    const sequenceNumber = await sequenceNumberOf(client, alice);
    for (const type of ["mint_me_tokens", "__proto__", "constructor", "StakeNewTokens"]) {
      await envelopeRefused(envelope(alice, type, {}, { sequenceNumber }), 400, "UNKNOWN_TRANSACTION_TYPE", { type });
    }
  });

  it("refuses bad arguments, signed or not, with INVALID_ARGUMENT or the amount's own code (400)", async () => {
    const sequenceNumber = await sequenceNumberOf(client, alice);
    const cases: [Record<string, unknown>, string, Record<string, unknown>][] = [
      [{ amount: "1.0" }, "INVALID_ARGUMENT", { field: "nodeId" }],
      [{ nodeId }, "INVALID_ARGUMENT", { field: "amount" }],
      [{ nodeId, amount: true }, "AMOUNT_INVALID", { field: "amount" }],
      [{ nodeId, amount: "ten" }, "AMOUNT_INVALID", { field: "amount" }],
      [{ nodeId, amount: "1e3" }, "AMOUNT_INVALID", { field: "amount" }],
      [{ nodeId, amount: "1.123456789" }, "AMOUNT_TOO_PRECISE", { field: "amount" }],
      [{ nodeId, amount: "-1.0" }, "AMOUNT_NEGATIVE", { field: "amount" }],
      [{ nodeId, amount: "184467440737.09551616" }, "AMOUNT_TOO_LARGE", { field: "amount" }],
    ];
    for (const [args, code, details] of cases) {
      await envelopeRefused(envelope(alice, "stake_new_tokens", args, { sequenceNumber }), 400, code, details);
    }
  });
});

describe("garbage in URLs", () => {
  const node = () => nodeId;
  it.each([
    ["/v1/accounts/not-an-address", 400, "INVALID_REQUEST"],
    ["/v1/accounts/000000000000000A", 400, "INVALID_REQUEST"],
    ["/v1/accounts/%zz", 400, "INVALID_REQUEST"],
    ["/v1/accounts/..%2f..%2fetc", 400, "INVALID_REQUEST"],
    ["/v1/accounts/00000000000000ff", 404, "ACCOUNT_NOT_FOUND"],
    ["/v1/nodes/xyz", 400, "INVALID_REQUEST"],
    ["/v1/nodes?role=9", 400, "INVALID_REQUEST"],
    ["/v1/nodes?role=1e0", 400, "INVALID_REQUEST"],
    ["/v1/nodes?role=1&role=2", 400, "INVALID_REQUEST"],
    ["/v1/nodes/NODE/delegators/abc", 400, "INVALID_REQUEST"],
    ["/v1/nodes/NODE/delegators/-1", 400, "INVALID_REQUEST"],
    ["/v1/nodes/NODE/delegators/0", 400, "INVALID_REQUEST"],
    ["/v1/nodes/NODE/delegators/99999999999999999999", 400, "INVALID_REQUEST"],
    ["/v1/nodes/NODE/delegators/7", 404, "DELEGATOR_NOT_FOUND"],
    ["/v1/nodes/NODE/delegators?limit=1001", 400, "INVALID_REQUEST"],
    ["/v1/nodes/NODE/delegators?offset=0x10", 400, "INVALID_REQUEST"],
    ["/v1/delegators", 400, "INVALID_REQUEST"],
    ["/v1/delegators?owner=%00", 400, "INVALID_REQUEST"],
    ["/v1/tables/__proto__", 400, "INVALID_REQUEST"],
    ["/v1/rewards/quote?nodeId=bad", 400, "INVALID_REQUEST"],
    ["/v1/rewards/quote?nodeId=NODE&delegatorId=1.5", 400, "INVALID_REQUEST"],
    ["/v1/query/constructor", 400, "INVALID_REQUEST"],
    ["/v1/query/total_staked_by_role?role=1e400", 400, "INVALID_REQUEST"],
    ["/v1/query/total_staked_by_role?role=9", 400, "INVALID_ROLE"],
    ["/v1/query/node_info", 400, "INVALID_ARGUMENT"],
    ["/v1/blocks/-1", 400, "INVALID_REQUEST"],
    ["/v1/blocks/1e3", 400, "INVALID_REQUEST"],
    ["/v1/blocks/99999999999999999999999", 400, "INVALID_REQUEST"],
    ["/v1/blocks/9007199254740991", 404, "NOT_FOUND"],
    ["/v1/blocks?from=abc&limit=5", 400, "INVALID_REQUEST"],
    ["/v1/events?limit=0", 400, "INVALID_REQUEST"],
    ["/v1/events?after=-5", 400, "INVALID_REQUEST"],
    ["/v1/events?type=NotAnEvent", 400, "INVALID_REQUEST"],
    [`/v1/events?type=${"x".repeat(4000)}`, 400, "INVALID_REQUEST"],
    ["/v1/events/stream?after=abc", 400, "INVALID_REQUEST"],
    ["/v1/transactions/zz", 400, "INVALID_REQUEST"],
    ["/v1/transactions/%00", 400, "INVALID_REQUEST"],
    [`/v1/transactions/${"0".repeat(64)}`, 404, "NOT_FOUND"],
    ["/v1/epoch/%", 400, "INVALID_REQUEST"],
    ["/v1/nowhere", 404, "NOT_FOUND"],
  ])("GET %s → %i %s, never a 5xx", async (path, status, code) => {
    const before = await ledgerView();
    const got = await answer(await fetch(`${baseUrl}${path.replace("NODE", node())}`));
    expect(got.status).toBe(status);
    expect(got.body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Object) } });
    expect(await ledgerView()).toEqual(before);
  });

  it("answers malformed IDs in plan queries with a 4xx and the error body", async () => {
    // The query route takes IDs as the plan format does (any string): a malformed one is simply not found.
    for (const path of [
      "/v1/query/node_info?nodeId=zz",
      "/v1/query/delegator_info?nodeId=zz&delegatorId=1",
      "/v1/query/balance?account=%27%3B--",
    ]) {
      const got = await answer(await fetch(`${baseUrl}${path}`));
      expect(got.status, path).toBeGreaterThanOrEqual(400);
      expect(got.status, path).toBeLessThan(500);
      expect(got.body).toEqual({
        error: { code: expect.any(String), message: expect.any(String), details: expect.any(Object) },
      });
    }
  });

  it("answers an over-long URL with 400 and the error body", async () => {
    const got = await answer(await fetch(`${baseUrl}/v1/accounts/${"a".repeat(20_000)}`));
    expect(got.status).toBe(400);
    expect(got.body).toEqual({
      error: { code: "INVALID_REQUEST", message: expect.any(String), details: expect.any(Object) },
    });
  });
});
