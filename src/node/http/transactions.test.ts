import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { LedgerError } from "../../core/errors.js";
import { stateHash } from "../../core/state-hash.js";
import type { NodeService, TransactionOutcome } from "../service.js";
import {
  createFakeService,
  FAKE_ALICE,
  FAKE_BOB,
  type FakeService,
  fakeEnvelope,
  NODE_1,
  seedLedger,
} from "./fake-service.js";
import { buildHttpServer } from "./server.js";

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

function serve(service: NodeService, options: { bodyLimit?: number } = {}) {
  const app = buildHttpServer(service, { logger: false, ...options });
  servers.push(app);
  return app;
}

async function seeded(): Promise<FakeService> {
  const fake = createFakeService();
  await seedLedger(fake);
  return fake;
}

/** The fake's transaction ID: SHA3-256 of the envelope's JSON. */
function fakeId(envelope: unknown): string {
  return createHash("sha3-256").update(JSON.stringify(envelope)).digest("hex");
}

const stake = fakeEnvelope(FAKE_BOB, "stake_new_tokens", { nodeId: NODE_1, delegatorId: 1, amount: "10.0" }, 2);

describe("POST /v1/transactions", () => {
  it("answers 200 with the outcome once the block is written", async () => {
    const fake = await seeded();
    const response = await serve(fake).inject({ method: "POST", url: "/v1/transactions", payload: stake });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(response.json()).toEqual({
      id: fakeId(stake),
      height: 5,
      index: 0,
      type: "stake_new_tokens",
      result: null,
      events: [{ type: "DelegatorTokensCommitted", nodeID: NODE_1, delegatorID: 1, amount: "10.00000000" }],
    });
    expect(fake.store.latestBlock()?.height).toBe(5);
  });

  it("answers the same outcome for the same envelope, without a second block", async () => {
    const fake = await seeded();
    const app = serve(fake);
    const first = await app.inject({ method: "POST", url: "/v1/transactions", payload: stake });
    const again = await app.inject({ method: "POST", url: "/v1/transactions", payload: stake });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(fake.store.latestBlock()?.height).toBe(5);
  });

  it("hands the body to the service exactly as sent: nothing validated, coerced or stripped", async () => {
    const fake = createFakeService();
    const received: unknown[] = [];
    const outcome: TransactionOutcome = {
      id: "ab".repeat(32),
      height: 1,
      index: 0,
      type: "x",
      result: null,
      events: [],
    };
    const spy: NodeService = {
      ...fake,
      submit: async (body) => {
        received.push(body);
        return outcome;
      },
    };
    const odd = {
      payload: { type: 7, proposalKey: { sequenceNumber: "7" }, extra: [1, { deep: true }] },
      signatures: "none",
      more: null,
    };
    const response = await serve(spy).inject({ method: "POST", url: "/v1/transactions", payload: odd });
    expect(response.statusCode).toBe(200);
    expect(received).toEqual([odd]);
  });

  it("renders a refusal from the service with its status and the one error body", async () => {
    const fake = await seeded();
    const hash = stateHash(fake.state);
    // Alice does not hold bob's delegator.
    const envelope = fakeEnvelope(FAKE_ALICE, "stake_new_tokens", { nodeId: NODE_1, delegatorId: 1, amount: "1.0" });
    const response = await serve(fake).inject({ method: "POST", url: "/v1/transactions", payload: envelope });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      error: { code: "NOT_OWNER", message: expect.any(String), details: expect.any(Object) },
    });
    expect(stateHash(fake.state)).toBe(hash);
    expect(fake.store.latestBlock()?.height).toBe(4);
  });

  it.each([
    [new LedgerError("SEQUENCE_NUMBER_MISMATCH", "sequence number 7 should be 8", { expected: 8, got: 7 }), 409],
    [new LedgerError("INVALID_SIGNATURE", "bad signature", { account: "0000000000000002", keyIndex: 0 }), 401],
    [new LedgerError("INSUFFICIENT_BALANCE", "poor", { account: "0000000000000002" }), 422],
    [new LedgerError("TRANSACTION_MALFORMED", "payload.authorizer: missing", { field: "payload.authorizer" }), 400],
    [new LedgerError("NODE_UNAVAILABLE", "the writer stopped", {}), 503],
  ])("renders %s with status %i", async (error, status) => {
    const spy: NodeService = { ...createFakeService(), submit: () => Promise.reject(error) };
    const response = await serve(spy).inject({ method: "POST", url: "/v1/transactions", payload: stake });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({
      error: { code: error.code, message: error.message, details: { ...error.details } },
    });
  });

  it("answers an unexpected error with an opaque 500 that does not leak it", async () => {
    const spy: NodeService = {
      ...createFakeService(),
      submit: () => Promise.reject(new Error("secret: the database file is /var/lib/x")),
    };
    const response = await serve(spy).inject({ method: "POST", url: "/v1/transactions", payload: stake });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: "INTERNAL", message: "internal error", details: {} } });
    expect(response.body).not.toContain("secret");
  });

  describe("bodies it refuses before the service sees them", () => {
    function counting() {
      const fake = createFakeService();
      let calls = 0;
      const spy: NodeService = {
        ...fake,
        submit: (body) => {
          calls += 1;
          return fake.submit(body);
        },
      };
      return { spy, calls: () => calls };
    }

    it("413 BODY_TOO_LARGE above 128 KiB", async () => {
      const { spy, calls } = counting();
      const payload = JSON.stringify({ payload: { padding: "x".repeat(128 * 1024) } });
      const response = await serve(spy).inject({
        method: "POST",
        url: "/v1/transactions",
        headers: { "content-type": "application/json" },
        payload,
      });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toEqual({
        error: { code: "BODY_TOO_LARGE", message: expect.any(String), details: {} },
      });
      expect(calls()).toBe(0);
    });

    it("413 above a configured limit, and the limit itself is accepted", async () => {
      const { spy, calls } = counting();
      const app = serve(spy, { bodyLimit: 64 });
      const exactly = JSON.stringify({ p: "x".repeat(64 - 8) });
      expect(exactly.length).toBe(64);
      const atLimit = await app.inject({
        method: "POST",
        url: "/v1/transactions",
        headers: { "content-type": "application/json" },
        payload: exactly,
      });
      expect(atLimit.json().error.code).toBe("TRANSACTION_MALFORMED");
      const over = await app.inject({
        method: "POST",
        url: "/v1/transactions",
        headers: { "content-type": "application/json" },
        payload: `${exactly} `,
      });
      expect(over.statusCode).toBe(413);
      expect(calls()).toBe(1);
    });

    it.each([
      ["text/plain", "hello"],
      ["application/x-www-form-urlencoded", "a=1&b=2"],
      ["application/xml", "<a/>"],
      ["multipart/form-data; boundary=x", "--x--"],
    ])("415 UNSUPPORTED_MEDIA_TYPE for %s", async (contentType, payload) => {
      const { spy, calls } = counting();
      const response = await serve(spy).inject({
        method: "POST",
        url: "/v1/transactions",
        headers: { "content-type": contentType },
        payload,
      });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toEqual({
        error: { code: "UNSUPPORTED_MEDIA_TYPE", message: expect.any(String), details: { contentType } },
      });
      expect(calls()).toBe(0);
    });

    it("415 for a request without a body", async () => {
      const { spy, calls } = counting();
      const response = await serve(spy).inject({ method: "POST", url: "/v1/transactions" });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toEqual({
        error: { code: "UNSUPPORTED_MEDIA_TYPE", message: expect.any(String), details: { contentType: null } },
      });
      expect(calls()).toBe(0);
    });

    it.each([
      ["invalid JSON", "{ not json"],
      ["a truncated document", '{"payload":{"type":"x"'],
      ["an empty body", ""],
      ["a prototype-poisoning key", '{"__proto__":{"polluted":true}}'],
      ["a constructor-poisoning key", '{"constructor":{"prototype":{"polluted":true}}}'],
    ])("400 INVALID_REQUEST for %s", async (_what, payload) => {
      const { spy, calls } = counting();
      const response = await serve(spy).inject({
        method: "POST",
        url: "/v1/transactions",
        headers: { "content-type": "application/json" },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: { code: "INVALID_REQUEST", message: expect.any(String), details: expect.any(Object) },
      });
      expect(calls()).toBe(0);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("400 TRANSACTION_MALFORMED from the service for JSON that is not an envelope", async () => {
      const { spy, calls } = counting();
      const response = await serve(spy).inject({ method: "POST", url: "/v1/transactions", payload: [1, 2] });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: { code: "TRANSACTION_MALFORMED", message: expect.any(String), details: { field: "envelope" } },
      });
      expect(calls()).toBe(1);
    });
  });
});

describe("GET /v1/transactions/{id}", () => {
  it("answers the executed transaction with its events and envelope", async () => {
    const fake = await seeded();
    const app = serve(fake);
    await app.inject({ method: "POST", url: "/v1/transactions", payload: stake });
    const response = await app.inject({ method: "GET", url: `/v1/transactions/${fakeId(stake)}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: fakeId(stake),
      height: 5,
      index: 0,
      type: "stake_new_tokens",
      authorizer: FAKE_BOB,
      result: null,
      events: [{ type: "DelegatorTokensCommitted", nodeID: NODE_1, delegatorID: 1, amount: "10.00000000" }],
      envelope: stake,
    });
  });

  it("answers a system transaction with a null authorizer and envelope", async () => {
    const fake = await seeded();
    const header = fake.systemBlock([{ op: "set_approved_nodes", nodeIds: [NODE_1] }]);
    const block = fake.store.block(header.height);
    const id = block?.transactions[0]?.id ?? "";
    const response = await serve(fake).inject({ method: "GET", url: `/v1/transactions/${id}` });
    expect(response.json()).toEqual({
      id,
      height: header.height,
      index: 0,
      type: "set_approved_nodes",
      authorizer: null,
      result: null,
      events: [],
      envelope: null,
    });
  });

  it("finds a transaction's events behind ten thousand of another's in the same block", async () => {
    const fake = createFakeService();
    const latest = fake.store.latestBlock();
    if (latest === undefined) throw new Error("no genesis");
    const event = (txIndex: number, amount: number) => ({
      txIndex,
      type: "TokensCommitted",
      data: JSON.stringify({ type: "TokensCommitted", nodeID: NODE_1, amount: `${amount}.00000000` }),
    });
    const big = 10_003;
    const events = [
      ...Array.from({ length: big }, (_, i) => event(0, i)),
      ...Array.from({ length: 3 }, (_, i) => event(1, 100_000 + i)),
    ];
    const tx = (index: number) => ({
      id: String(index + 1).padStart(64, "e"),
      index,
      type: "epoch_start",
      authorizer: null,
      envelope: null,
      result: "null",
    });
    fake.store.appendBlock({
      height: 1,
      timestamp: latest.timestamp + 1,
      parentHash: latest.hash,
      stateHash: "5".repeat(64),
      hash: "6".repeat(64),
      transactionCount: 2,
      eventCount: events.length,
      transactions: [tx(0), tx(1)],
      events,
    });
    const app = serve(fake);
    const second = (await app.inject({ method: "GET", url: `/v1/transactions/${tx(1).id}` })).json();
    expect(second.events).toEqual([100_000, 100_001, 100_002].map((n) => JSON.parse(event(1, n).data)));
    const first = (await app.inject({ method: "GET", url: `/v1/transactions/${tx(0).id}` })).json();
    expect(first.events).toHaveLength(10_000);
    expect(first.events[9_999]).toEqual(JSON.parse(event(0, 9_999).data));
  });

  it("404 NOT_FOUND for an unknown ID, 400 for a malformed one", async () => {
    const app = serve(await seeded());
    const unknown = await app.inject({ method: "GET", url: `/v1/transactions/${"f".repeat(64)}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      error: {
        code: "NOT_FOUND",
        message: expect.any(String),
        details: { resource: "transaction", id: "f".repeat(64) },
      },
    });
    const malformed = await app.inject({ method: "GET", url: "/v1/transactions/XYZ" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toMatchObject({ code: "INVALID_REQUEST", details: { in: "params", field: "id" } });
  });
});
