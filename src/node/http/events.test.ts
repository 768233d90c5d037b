import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeService, FAKE_ALICE, FAKE_BOB, fakeEnvelope, NODE_1, NODE_2, seedLedger } from "./fake-service.js";
import { buildHttpServer } from "./server.js";

const servers: FastifyInstance[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    const closing = server.close();
    // After an aborted request, Node's fetch opens a spare connection that never sends a request; the server's
    // graceful close waits for idle connections only, so the test drops that one itself.
    if (server.server.listening) server.server.closeAllConnections();
    await closing;
  }
});

async function world(options: { keepAliveMs?: number } = {}) {
  const fake = createFakeService();
  await seedLedger(fake);
  const app = buildHttpServer(fake, { logger: false, ...options });
  servers.push(app);
  const get = async (url: string) => {
    const response = await app.inject({ method: "GET", url });
    return { status: response.statusCode, body: response.json() as unknown };
  };
  return { fake, app, get };
}

// The seeded log: two events per block, heights 1..4.
const E1 = {
  sequence: 1,
  height: 1,
  txIndex: 0,
  event: { type: "NewNodeCreated", nodeID: NODE_1, role: 1, amountCommitted: "0.00000000" },
};
const E2 = {
  sequence: 2,
  height: 1,
  txIndex: 0,
  event: { type: "TokensCommitted", nodeID: NODE_1, amount: "300000.00000000" },
};
const E3 = {
  sequence: 3,
  height: 2,
  txIndex: 0,
  event: { type: "NewDelegatorCreated", nodeID: NODE_1, delegatorID: 1 },
};
const E4 = {
  sequence: 4,
  height: 2,
  txIndex: 0,
  event: { type: "DelegatorTokensCommitted", nodeID: NODE_1, delegatorID: 1, amount: "100.00000000" },
};
const E5 = {
  sequence: 5,
  height: 3,
  txIndex: 0,
  event: { type: "NewDelegatorCreated", nodeID: NODE_1, delegatorID: 2 },
};
const E6 = {
  sequence: 6,
  height: 3,
  txIndex: 0,
  event: { type: "DelegatorTokensCommitted", nodeID: NODE_1, delegatorID: 2, amount: "50.00000000" },
};
const E7 = {
  sequence: 7,
  height: 4,
  txIndex: 0,
  event: { type: "NewNodeCreated", nodeID: NODE_2, role: 2, amountCommitted: "0.00000000" },
};
const E8 = {
  sequence: 8,
  height: 4,
  txIndex: 0,
  event: { type: "TokensCommitted", nodeID: NODE_2, amount: "600000.00000000" },
};

describe("GET /v1/events", () => {
  it("answers the log in sequence order with the cursor of the last event", async () => {
    const { get } = await world();
    expect(await get("/v1/events")).toEqual({
      status: 200,
      body: { events: [E1, E2, E3, E4, E5, E6, E7, E8], next: 8 },
    });
  });

  it("pages with limit and after", async () => {
    const { get } = await world();
    expect((await get("/v1/events?limit=3")).body).toEqual({ events: [E1, E2, E3], next: 3 });
    expect((await get("/v1/events?limit=3&after=3")).body).toEqual({ events: [E4, E5, E6], next: 6 });
    expect((await get("/v1/events?limit=3&after=6")).body).toEqual({ events: [E7, E8], next: 8 });
    expect((await get("/v1/events?limit=3&after=8")).body).toEqual({ events: [], next: 8 });
  });

  it("filters by type (the parameter repeated) and by height", async () => {
    const { get } = await world();
    expect((await get("/v1/events?type=NewNodeCreated")).body).toEqual({ events: [E1, E7], next: 7 });
    expect((await get("/v1/events?type=NewNodeCreated&type=NewDelegatorCreated")).body).toEqual({
      events: [E1, E3, E5, E7],
      next: 7,
    });
    expect((await get("/v1/events?fromHeight=2&toHeight=3")).body).toEqual({ events: [E3, E4, E5, E6], next: 6 });
    expect((await get("/v1/events?type=TokensCommitted&fromHeight=2")).body).toEqual({ events: [E8], next: 8 });
    expect((await get("/v1/events?type=EpochStart")).body).toEqual({ events: [], next: 0 });
    expect((await get("/v1/events?fromHeight=9")).body).toEqual({ events: [], next: 0 });
  });

  it.each([
    ["type=Nope", "type.0"],
    ["limit=0", "limit"],
    ["limit=10001", "limit"],
    ["after=-1", "after"],
    ["fromHeight=x", "fromHeight"],
  ])("400 for %s", async (query, field) => {
    const { get } = await world();
    expect(await get(`/v1/events?${query}`)).toEqual({
      status: 400,
      body: { error: { code: "INVALID_REQUEST", message: expect.any(String), details: { in: "querystring", field } } },
    });
  });

  it("400 for a height range that ends before it starts", async () => {
    const { get } = await world();
    expect(await get("/v1/events?fromHeight=3&toHeight=2")).toEqual({
      status: 400,
      body: { error: { code: "INVALID_REQUEST", message: expect.any(String), details: { field: "fromHeight" } } },
    });
  });
});

/** Reads a server-sent event stream, one message (or comment) at a time. */
class StreamReader {
  private buffer = "";
  private readonly decoder = new TextDecoder();

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** The next block of lines up to a blank line. */
  async next(): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf("\n\n");
      if (end !== -1) {
        const message = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return message;
      }
      const { value, done } = await this.reader.read();
      if (done) throw new Error(`the stream ended; unread: ${JSON.stringify(this.buffer)}`);
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** The next `count` ledger messages as their data, skipping comments; checks each message's shape. */
  async events(count: number): Promise<unknown[]> {
    const out: unknown[] = [];
    while (out.length < count) {
      const message = await this.next();
      if (message.startsWith(":")) continue;
      const [event, id, data, ...rest] = message.split("\n");
      expect(event).toBe("event: ledger");
      expect(rest).toEqual([]);
      const parsed: unknown = JSON.parse((data ?? "").replace(/^data: /, ""));
      expect(id).toBe(`id: ${(parsed as { sequence: number }).sequence}`);
      out.push(parsed);
    }
    return out;
  }

  /** Resolves once the server has ended the stream. */
  async ended(): Promise<void> {
    for (;;) {
      const { done } = await this.reader.read();
      if (done) return;
    }
  }
}

async function openStream(app: FastifyInstance, query = "", headers: Record<string, string> = {}) {
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  const controller = new AbortController();
  const response = await fetch(`${address}/v1/events/stream${query}`, { signal: controller.signal, headers });
  const body = response.body;
  if (body === null) throw new Error("no body");
  return { response, stream: new StreamReader(body.getReader()), abort: () => controller.abort() };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

const stakeByBob = fakeEnvelope(FAKE_BOB, "stake_new_tokens", { nodeId: NODE_1, delegatorId: 1, amount: "10.0" }, 2);
const transferByAlice = fakeEnvelope(FAKE_ALICE, "transfer_tokens", { to: FAKE_BOB, amount: "1.5" }, 2);

describe("GET /v1/events/stream", () => {
  it("sends the events of blocks committed after it opened, and nothing from before", async () => {
    const { fake, app } = await world();
    const { response, stream, abort } = await openStream(app);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    await fake.submit(stakeByBob);
    await fake.submit(transferByAlice);
    expect(await stream.events(2)).toEqual([
      {
        sequence: 9,
        height: 5,
        txIndex: 0,
        event: { type: "DelegatorTokensCommitted", nodeID: NODE_1, delegatorID: 1, amount: "10.00000000" },
      },
      {
        sequence: 10,
        height: 6,
        txIndex: 0,
        event: { type: "TokensTransferred", from: FAKE_ALICE, to: FAKE_BOB, amount: "1.50000000" },
      },
    ]);
    abort();
  });

  it("sends only the types asked for", async () => {
    const { fake, app } = await world();
    const { stream, abort } = await openStream(app, "?type=TokensTransferred&type=NewDelegatorCreated");
    await fake.submit(stakeByBob);
    await fake.submit(transferByAlice);
    await fake.submit(fakeEnvelope(FAKE_ALICE, "register_delegator", { nodeId: NODE_1, amount: "60.0" }, 3));
    const events = await stream.events(2);
    expect(events.map((e) => (e as { event: { type: string } }).event.type)).toEqual([
      "TokensTransferred",
      "NewDelegatorCreated",
    ]);
    expect(events.map((e) => (e as { sequence: number }).sequence)).toEqual([10, 11]);
    abort();
  });

  it("resumes after a sequence: first the log's events after it, then the new ones", async () => {
    const { fake, app } = await world();
    const { stream, abort } = await openStream(app, "?after=6");
    expect(await stream.events(2)).toEqual([E7, E8]);
    await fake.submit(stakeByBob);
    expect(await stream.events(1)).toMatchObject([{ sequence: 9, height: 5 }]);
    abort();
  });

  it("resumes from a Last-Event-ID header as an EventSource reconnecting sends it", async () => {
    const { app } = await world();
    const { stream, abort } = await openStream(app, "?type=NewNodeCreated", { "last-event-id": "1" });
    expect(await stream.events(1)).toEqual([E7]);
    abort();
  });

  it("sends a keep-alive comment while nothing happens", async () => {
    const { app } = await world({ keepAliveMs: 20 });
    const { stream, abort } = await openStream(app);
    expect(await stream.next()).toBe(": keep-alive");
    expect(await stream.next()).toBe(": keep-alive");
    abort();
  });

  it("unsubscribes and stops its timer when the client goes away", async () => {
    const { fake, app } = await world({ keepAliveMs: 5 });
    const { stream, abort } = await openStream(app);
    expect(fake.listenerCount()).toBe(1);
    await stream.next();
    abort();
    await until(() => fake.listenerCount() === 0);
    // Blocks after the disconnect write to no one and fail nothing.
    await fake.submit(stakeByBob);
    expect(fake.store.latestBlock()?.height).toBe(5);
  });

  it("is ended by the server closing", async () => {
    const { fake, app } = await world();
    const { stream } = await openStream(app);
    await app.close();
    await stream.ended();
    expect(fake.listenerCount()).toBe(0);
  });

  it("has no HEAD route, which would subscribe and send nothing", async () => {
    const { fake, app } = await world();
    const response = await app.inject({ method: "HEAD", url: "/v1/events/stream" });
    expect(response.statusCode).toBe(404);
    expect(fake.listenerCount()).toBe(0);
  });

  it("400 for an unknown type or a malformed cursor, as JSON", async () => {
    const { get } = await world();
    expect(await get("/v1/events/stream?type=Nope")).toEqual({
      status: 400,
      body: {
        error: {
          code: "INVALID_REQUEST",
          message: expect.any(String),
          details: { in: "querystring", field: "type.0" },
        },
      },
    });
    expect((await get("/v1/events/stream?after=x")).status).toBe(400);
  });
});
