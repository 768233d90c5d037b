import { afterEach, describe, expect, it } from "vitest";
import { createFakeService, FAKE_ALICE, FAKE_GENESIS_TIME, NODE_1, seedLedger } from "./fake-service.js";
import { buildHttpServer } from "./server.js";

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function world() {
  const fake = createFakeService();
  await seedLedger(fake);
  const app = buildHttpServer(fake, { logger: false });
  servers.push(app);
  const get = async (url: string) => {
    const response = await app.inject({ method: "GET", url });
    return { status: response.statusCode, body: response.json() as unknown };
  };
  const header = (height: number) => {
    const stored = fake.store.blockHeader(height);
    if (stored === undefined) throw new Error(`no block ${height}`);
    return stored;
  };
  return { fake, get, header };
}

describe("GET /v1/blocks", () => {
  it("answers headers from a height, ascending", async () => {
    const { get, header } = await world();
    expect(await get("/v1/blocks")).toEqual({ status: 200, body: { blocks: [0, 1, 2, 3, 4].map(header) } });
    expect((await get("/v1/blocks?from=2&limit=2")).body).toEqual({ blocks: [header(2), header(3)] });
    expect((await get("/v1/blocks?from=4&limit=1000")).body).toEqual({ blocks: [header(4)] });
    expect((await get("/v1/blocks?from=99")).body).toEqual({ blocks: [] });
  });

  it("writes the documented header fields", async () => {
    const { get, header } = await world();
    const genesis = header(0);
    expect((await get("/v1/blocks?limit=2")).body).toEqual({
      blocks: [
        {
          height: 0,
          timestamp: FAKE_GENESIS_TIME,
          parentHash: "0".repeat(64),
          stateHash: genesis.stateHash,
          hash: genesis.hash,
          transactionCount: 0,
          eventCount: 0,
        },
        {
          height: 1,
          timestamp: FAKE_GENESIS_TIME + 1000,
          parentHash: genesis.hash,
          stateHash: header(1).stateHash,
          hash: header(1).hash,
          transactionCount: 1,
          eventCount: 2,
        },
      ],
    });
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=1001", "limit"],
    ["from=-1", "from"],
    ["from=abc", "from"],
    ["from=1e400", "from"],
  ])("400 for paging %s", async (query, field) => {
    const { get } = await world();
    expect(await get(`/v1/blocks?${query}`)).toEqual({
      status: 400,
      body: { error: { code: "INVALID_REQUEST", message: expect.any(String), details: { in: "querystring", field } } },
    });
  });
});

describe("GET /v1/blocks/latest and /v1/blocks/{height}", () => {
  it("answers the latest header", async () => {
    const { fake, get, header } = await world();
    expect(await get("/v1/blocks/latest")).toEqual({ status: 200, body: header(4) });
    fake.systemBlock([{ op: "set_approved_nodes", nodeIds: [NODE_1] }]);
    expect((await get("/v1/blocks/latest")).body).toEqual(header(5));
  });

  it("answers a block with its transactions", async () => {
    const { fake, get, header } = await world();
    const tx = fake.store.block(1)?.transactions[0];
    expect(await get("/v1/blocks/1")).toEqual({
      status: 200,
      body: {
        ...header(1),
        transactions: [
          { id: tx?.id, index: 0, type: "register_node", authorizer: FAKE_ALICE, result: { nodeId: NODE_1 } },
        ],
      },
    });
    fake.systemBlock([{ op: "set_approved_nodes", nodeIds: [NODE_1] }, { op: "epoch_setup" }]);
    const block = fake.store.block(5);
    expect((await get("/v1/blocks/5")).body).toEqual({
      ...header(5),
      transactions: [
        { id: block?.transactions[0]?.id, index: 0, type: "set_approved_nodes", authorizer: null, result: null },
        { id: block?.transactions[1]?.id, index: 1, type: "epoch_setup", authorizer: null, result: null },
      ],
    });
  });

  it("404 NOT_FOUND above the latest height, 400 for a height that is not one", async () => {
    const { get } = await world();
    expect(await get("/v1/blocks/5")).toEqual({
      status: 404,
      body: { error: { code: "NOT_FOUND", message: expect.any(String), details: { resource: "block", height: 5 } } },
    });
    for (const height of ["-1", "1.5", "one", "99999999999999999999"]) {
      const response = await get(`/v1/blocks/${height}`);
      expect(response.status, height).toBe(400);
      expect(response.body, height).toMatchObject({ error: { code: "INVALID_REQUEST", details: { field: "height" } } });
    }
  });
});

describe("integers in the URL", () => {
  it.each(["1e3", "0x10", " 5", "5.0", "1e400", "+1", "Infinity", ""])(
    "are decimal digits only: from=%j is refused",
    async (text) => {
      const { get } = await world();
      expect(await get(`/v1/blocks?from=${encodeURIComponent(text)}`)).toEqual({
        status: 400,
        body: {
          error: {
            code: "INVALID_REQUEST",
            message: expect.any(String),
            details: { in: "querystring", field: "from" },
          },
        },
      });
    },
  );

  it("are refused in a path, and in an event cursor, where the store would otherwise fail", async () => {
    const { get } = await world();
    expect((await get("/v1/blocks/0x1")).body).toMatchObject({
      error: { code: "INVALID_REQUEST", details: { in: "params", field: "height" } },
    });
    expect((await get("/v1/events?after=1e400")).body).toMatchObject({
      error: { code: "INVALID_REQUEST", details: { in: "querystring", field: "after" } },
    });
  });

  it("may have leading zeros", async () => {
    const { get, header } = await world();
    expect((await get("/v1/blocks/007")).status).toBe(404);
    expect((await get("/v1/blocks/004")).body).toMatchObject(header(4));
  });
});
