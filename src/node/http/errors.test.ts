import { connect } from "node:net";
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode, LedgerError } from "../../core/errors.js";
import { stateHash } from "../../core/state-hash.js";
import type { NodeService } from "../service.js";
import { createFakeService, FAKE_BOB, fakeEnvelope, NODE_1, seedLedger } from "./fake-service.js";
import { buildHttpServer } from "./server.js";
import { STATUS_BY_CODE } from "./status.js";

const servers: FastifyInstance[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

function serve(service: NodeService) {
  const app = buildHttpServer(service, { logger: false });
  servers.push(app);
  return app;
}

const errorBody = (code: string, details: unknown = expect.any(Object)) => ({
  error: { code, message: expect.any(String), details },
});

describe("unknown routes", () => {
  it.each([
    ["GET", "/v2/nodes"],
    ["POST", "/"],
    ["POST", "/v1/nodes"],
    ["DELETE", "/v1/transactions"],
    ["PUT", "/health"],
    ["GET", "/v1/nodes/x/y/z"],
  ] as const)("404 NOT_FOUND for %s %s", async (method, url) => {
    const response = await serve(createFakeService()).inject({ method, url });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual(errorBody("NOT_FOUND", { method, path: url }));
  });
});

describe("errors of the read routes", () => {
  it("a LedgerError thrown while reading is rendered with its status", async () => {
    const fake = createFakeService();
    const broken: NodeService = {
      ...fake,
      health: () => {
        throw new LedgerError("NODE_UNAVAILABLE", "starting", { retryAfterMs: 100 });
      },
    };
    const response = await serve(broken).inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: { code: "NODE_UNAVAILABLE", message: "starting", details: { retryAfterMs: 100 } },
    });
  });

  it("an unexpected error is an opaque 500 with the error body, even on a text route", async () => {
    const fake = createFakeService();
    const broken: NodeService = {
      ...fake,
      metrics: () => {
        throw new TypeError("cannot read properties of undefined (reading 'secret')");
      },
    };
    const response = await serve(broken).inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(500);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(response.json()).toEqual({ error: { code: "INTERNAL", message: "internal error", details: {} } });
    expect(response.body).not.toContain("secret");
  });

  it("renders every code with its status and the one body", async () => {
    let next: LedgerError = new LedgerError("INTERNAL", "x");
    const app = serve({ ...createFakeService(), submit: () => Promise.reject(next) });
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      next = new LedgerError(code, `refused: ${code}`, { code });
      const response = await app.inject({ method: "POST", url: "/v1/transactions", payload: {} });
      expect(response.statusCode, code).toBe(STATUS_BY_CODE[code]);
      expect(response.json(), code).toEqual({ error: { code, message: `refused: ${code}`, details: { code } } });
    }
  });
});

describe("malformed and hostile requests", () => {
  it("a malformed URL is a 400 with the error body", async () => {
    const response = await serve(createFakeService()).inject({ method: "GET", url: "/v1/nodes/%zz" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(errorBody("INVALID_REQUEST"));
  });

  it("a request Node's parser refuses is a 400 with the error body", async () => {
    const app = serve(createFakeService());
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    if (address === null || typeof address === "string") throw new Error("not listening on TCP");
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(address.port, "127.0.0.1", () =>
        socket.write("GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"),
      );
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString();
      });
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
    });
    const [head, body] = reply.split("\r\n\r\n");
    expect(head?.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    expect(JSON.parse(body ?? "")).toEqual(errorBody("INVALID_REQUEST"));
  });

  it("none gets a 5xx or changes anything; the refused ones get the error body", async () => {
    const fake = createFakeService();
    await seedLedger(fake);
    const app = serve(fake);
    const before = stateHash(fake.state);
    const height = fake.store.latestBlock()?.height;
    const json = { "content-type": "application/json" };
    const requests: (InjectOptions & { url: string })[] = [
      { method: "GET", url: "/v1/nodes/..%2F..%2Fetc%2Fpasswd" },
      { method: "GET", url: `/v1/nodes/${"a".repeat(5000)}` },
      { method: "GET", url: "/v1/events?type=NewNodeCreated&type=NewNodeCreated&limit=10000&after=9007199254740991" },
      { method: "GET", url: "/v1/events?fromHeight=9007199254740991&toHeight=9007199254740991" },
      { method: "GET", url: "/v1/events?type[]=x&type[0]=y" },
      { method: "GET", url: "/v1/blocks?from=9007199254740991&limit=1000" },
      { method: "GET", url: "/v1/blocks/9007199254740992" },
      { method: "GET", url: "/v1/nodes?role=1&role=2" },
      { method: "GET", url: "/v1/query/node_info?nodeId=1&nodeId=2" },
      { method: "GET", url: "/v1/query/balance?account=__proto__" },
      { method: "GET", url: "/v1/query/node_info?nodeId=constructor" },
      { method: "GET", url: "/v1/query/__proto__" },
      { method: "GET", url: "/v1/accounts/__proto__" },
      { method: "GET", url: `/v1/rewards/quote?nodeId=${NODE_1}&delegatorId=4294967295` },
      { method: "GET", url: `/v1/nodes/${NODE_1}/delegators?offset=4294967295&limit=1000` },
      { method: "GET", url: "/v1/events/stream", headers: { "last-event-id": "-5" } },
      { method: "POST", url: "/v1/transactions", headers: json, payload: "null" },
      { method: "POST", url: "/v1/transactions", headers: json, payload: '"a string"' },
      { method: "POST", url: "/v1/transactions", headers: json, payload: "[[[[[[[[[[[[]]]]]]]]]]]]" },
      { method: "POST", url: "/v1/transactions", headers: json, payload: '{"payload":{"type":"__proto__"}}' },
      {
        method: "POST",
        url: "/v1/transactions",
        headers: json,
        payload: JSON.stringify(fakeEnvelope(FAKE_BOB, "stake_new_tokens", { nodeId: NODE_1, delegatorId: 1 })),
      },
      {
        method: "POST",
        url: "/v1/transactions",
        headers: json,
        payload: JSON.stringify(fakeEnvelope(FAKE_BOB, "end_epoch", { nodeIds: [NODE_1] })),
      },
      {
        method: "POST",
        url: "/v1/transactions",
        headers: { "content-type": "application/json; charset=latin1" },
        payload: "{}",
      },
      { method: "POST", url: "/v1/transactions", headers: { "content-type": "" }, payload: "{}" },
      {
        method: "POST",
        url: "/v1/transactions",
        headers: { "content-type": "application/json", "content-length": "2" },
        payload: "{}",
      },
    ];
    for (const request of requests) {
      const response = await app.inject(request);
      const label = `${request.method} ${request.url}`;
      expect(response.statusCode, label).toBeLessThan(500);
      if (response.statusCode >= 400) expect(response.json(), label).toEqual(errorBody(expect.any(String)));
    }
    expect(stateHash(fake.state)).toBe(before);
    expect(fake.store.latestBlock()?.height).toBe(height);
  });
});
