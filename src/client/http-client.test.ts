import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../core/errors.js";
import { CLIENT_ERROR_CODES, ClientError, isClientErrorCode } from "./client-error.js";
import { createClient } from "./http-client.js";
import { apiError, type CannedNode, type CannedReply, type RecordedRequest, startCannedNode } from "./test-fixtures.js";
import type { EventRecord, SignedEnvelope } from "./types.js";

const NODE_ID = "00000000000000000000000000000000000000000000000000000000000000aa";
const ADDRESS = "0000000000000002";

let node: CannedNode | undefined;

afterEach(async () => {
  await node?.close();
  node = undefined;
});

async function serve(reply: (request: RecordedRequest) => CannedReply | undefined): Promise<CannedNode> {
  node = await startCannedNode(reply);
  return node;
}

/** Answers every request with `{ echo: path }`, so each test can check where the client went. */
async function echoNode(): Promise<CannedNode> {
  return serve((request) => ({ json: { echo: request.path } }));
}

function lastRequest(canned: CannedNode): RecordedRequest {
  const request = canned.requests.at(-1);
  if (request === undefined) throw new Error("no request was made");
  return request;
}

async function rejection(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClientError) return error;
    throw error;
  }
  throw new Error("expected a ClientError");
}

describe("createClient: one method per route", () => {
  it("calls each GET route with its path and query string and returns the answer's JSON", async () => {
    const canned = await echoNode();
    const client = createClient(canned.url);
    const calls: [() => Promise<unknown>, string, Record<string, string[]>][] = [
      [() => client.getTransaction("ab".repeat(32)), `/v1/transactions/${"ab".repeat(32)}`, {}],
      [() => client.getAccount(ADDRESS), `/v1/accounts/${ADDRESS}`, {}],
      [() => client.listNodes(), "/v1/nodes", {}],
      [() => client.listNodes({ role: 2 }), "/v1/nodes", { role: ["2"] }],
      [() => client.getNode(NODE_ID), `/v1/nodes/${NODE_ID}`, {}],
      [
        () => client.listNodeDelegators(NODE_ID, { offset: 5, limit: 10 }),
        `/v1/nodes/${NODE_ID}/delegators`,
        { offset: ["5"], limit: ["10"] },
      ],
      [() => client.getDelegator(NODE_ID, 3), `/v1/nodes/${NODE_ID}/delegators/3`, {}],
      [() => client.listDelegatorsByOwner(ADDRESS), "/v1/delegators", { owner: [ADDRESS] }],
      [() => client.getTable("current"), "/v1/tables/current", {}],
      [() => client.getTable("proposed"), "/v1/tables/proposed", {}],
      [() => client.getTable("approved"), "/v1/tables/approved", {}],
      [() => client.getCandidates(), "/v1/tables/candidates", {}],
      [() => client.getEpoch(), "/v1/epoch", {}],
      [() => client.getParams(), "/v1/params", {}],
      [() => client.getRewardQuote({ nodeId: NODE_ID }), "/v1/rewards/quote", { nodeId: [NODE_ID] }],
      [
        () => client.getRewardQuote({ nodeId: NODE_ID, delegatorId: 0 }),
        "/v1/rewards/quote",
        { nodeId: [NODE_ID], delegatorId: ["0"] },
      ],
      [() => client.query("total_staked"), "/v1/query/total_staked", {}],
      [
        () => client.query("delegator_info", { nodeId: NODE_ID, delegatorId: 2 }),
        "/v1/query/delegator_info",
        { nodeId: [NODE_ID], delegatorId: ["2"] },
      ],
      [() => client.query("balance", { account: ADDRESS }), "/v1/query/balance", { account: [ADDRESS] }],
      [() => client.query("total_staked_by_role", { role: 4 }), "/v1/query/total_staked_by_role", { role: ["4"] }],
      [() => client.query("pool_info", { poolId: 3 }), "/v1/query/pool_info", { poolId: ["3"] }],
      [
        () => client.query("pool_member", { poolId: 1, account: ADDRESS }),
        "/v1/query/pool_member",
        { poolId: ["1"], account: [ADDRESS] },
      ],
      [() => client.query("slashing_case", { caseId: 7 }), "/v1/query/slashing_case", { caseId: ["7"] }],
      [() => client.listPools(), "/v1/pools", {}],
      [() => client.getPool(2), "/v1/pools/2", {}],
      [() => client.getPoolMember(2, ADDRESS), `/v1/pools/2/members/${ADDRESS}`, {}],
      [() => client.listAccountPools(ADDRESS), `/v1/accounts/${ADDRESS}/pools`, {}],
      [() => client.listSlashingCases(), "/v1/slashing/cases", {}],
      [() => client.listSlashingCases({ status: "open" }), "/v1/slashing/cases", { status: ["open"] }],
      [() => client.getSlashingCase(4), "/v1/slashing/cases/4", {}],
      [() => client.getSlashingParams(), "/v1/slashing/params", {}],
      [() => client.listBlocks(), "/v1/blocks", {}],
      [() => client.listBlocks({ from: 10, limit: 20 }), "/v1/blocks", { from: ["10"], limit: ["20"] }],
      [() => client.getLatestBlock(), "/v1/blocks/latest", {}],
      [() => client.getBlock(12), "/v1/blocks/12", {}],
      [() => client.listEvents(), "/v1/events", {}],
      [
        () =>
          client.listEvents({
            types: ["TokensCommitted", "RewardsPaid"],
            fromHeight: 1,
            toHeight: 9,
            after: 40,
            limit: 100,
          }),
        "/v1/events",
        {
          type: ["TokensCommitted", "RewardsPaid"],
          fromHeight: ["1"],
          toHeight: ["9"],
          after: ["40"],
          limit: ["100"],
        },
      ],
      [() => client.openApi(), "/openapi.json", {}],
    ];
    for (const [call, path, query] of calls) {
      await expect(call(), path).resolves.toEqual({ echo: path });
      const request = lastRequest(canned);
      expect(request.method, path).toBe("GET");
      expect(request.path, path).toBe(path);
      const received: Record<string, string[]> = {};
      for (const name of new Set(request.query.keys())) received[name] = request.query.getAll(name);
      expect(received, path).toEqual(query);
      expect(request.headers.accept, path).toBe("application/json");
    }
    expect(canned.requests).toHaveLength(calls.length);
  });

  it("POSTs the envelope as JSON to /v1/transactions and returns the outcome", async () => {
    const outcome = {
      id: "cd".repeat(32),
      height: 12,
      index: 0,
      type: "stake_new_tokens",
      result: null,
      events: [{ type: "DelegatorTokensCommitted", nodeID: NODE_ID, delegatorID: 1, amount: "10.00000000" }],
    };
    const canned = await serve(() => ({ json: outcome }));
    const envelope: SignedEnvelope = {
      payload: {
        type: "stake_new_tokens",
        args: { nodeId: NODE_ID, delegatorId: 1, amount: "10.0" },
        proposalKey: { address: ADDRESS, keyIndex: 0, sequenceNumber: 7 },
        authorizer: ADDRESS,
      },
      signatures: [{ address: ADDRESS, keyIndex: 0, signature: "ef".repeat(64) }],
    };
    await expect(createClient(canned.url).submitTransaction(envelope)).resolves.toEqual(outcome);
    const request = lastRequest(canned);
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/transactions");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual(envelope);
  });

  it("encodes path segments, and keeps a base URL's path prefix without doubling slashes", async () => {
    const canned = await echoNode();
    await createClient(`${canned.url}/ledger/`).getTransaction("a/b?c");
    expect(lastRequest(canned).path).toBe("/ledger/v1/transactions/a%2Fb%3Fc");
    expect(createClient(`${canned.url}/`).baseUrl).toBe(canned.url);
  });

  it("returns /health's body on 200 and on 503, and /metrics as text", async () => {
    let healthy = true;
    const canned = await serve((request) => {
      if (request.path === "/metrics") return { text: "flowstake_height 7\n" };
      return healthy
        ? { json: { status: "ok", height: 7, writer: "running" } }
        : { status: 503, json: { status: "unavailable", height: 7, writer: "stopped" } };
    });
    const client = createClient(canned.url);
    await expect(client.health()).resolves.toEqual({ status: "ok", height: 7, writer: "running" });
    healthy = false;
    await expect(client.health()).resolves.toEqual({ status: "unavailable", height: 7, writer: "stopped" });
    await expect(client.metrics()).resolves.toBe("flowstake_height 7\n");
  });

  it("uses the fetch it is given", async () => {
    const seen: string[] = [];
    const fake: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response(JSON.stringify({ nodes: [] }), { status: 200 });
    };
    await expect(createClient("http://node.invalid:1", { fetch: fake }).listNodes({ role: 1 })).resolves.toEqual({
      nodes: [],
    });
    expect(seen).toEqual(["http://node.invalid:1/v1/nodes?role=1"]);
  });

  it("refuses a base URL that is not http or https", () => {
    expect(() => createClient("ftp://example.org")).toThrow(TypeError);
    expect(() => createClient("not a url")).toThrow(TypeError);
  });
});

describe("createClient: errors", () => {
  it("carries the node's error body and the HTTP status", async () => {
    const canned = await serve(() =>
      apiError(409, "SEQUENCE_NUMBER_MISMATCH", "sequence number 7 of key 0 should be 8", { expected: 8, got: 7 }),
    );
    const error = await rejection(createClient(canned.url).getAccount(ADDRESS));
    expect(error.code).toBe("SEQUENCE_NUMBER_MISMATCH");
    expect(error.status).toBe(409);
    expect(error.details).toEqual({ expected: 8, got: 7 });
    expect(error.message).toBe("sequence number 7 of key 0 should be 8");
  });

  it("gives INVALID_RESPONSE for an error without the error body, and for a 2xx answer that is not JSON", async () => {
    let reply: CannedReply = { status: 502, text: "<html>Bad gateway</html>", contentType: "text/html" };
    const canned = await serve(() => reply);
    const client = createClient(canned.url);
    const gateway = await rejection(client.getEpoch());
    expect([gateway.code, gateway.status]).toEqual(["INVALID_RESPONSE", 502]);
    expect(gateway.message).toContain("Bad gateway");
    reply = { text: "not json" };
    const garbled = await rejection(client.getEpoch());
    expect([garbled.code, garbled.status]).toEqual(["INVALID_RESPONSE", 200]);
    reply = { json: [1, 2] };
    expect((await rejection(client.getEpoch())).code).toBe("INVALID_RESPONSE");
  });

  it("gives NODE_UNREACHABLE, without a status, when nothing listens", async () => {
    const canned = await echoNode();
    const url = canned.url;
    await canned.close();
    node = undefined;
    const error = await rejection(createClient(url).getEpoch());
    expect(error.code).toBe("NODE_UNREACHABLE");
    expect(error.status).toBeUndefined();
    expect(error.message).toContain(url);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it("gives NODE_TIMEOUT when the node does not answer in time", async () => {
    const canned = await serve(() => ({ stream: () => {} }));
    const error = await rejection(createClient(canned.url, { timeoutMs: 100 }).getEpoch());
    expect(error.code).toBe("NODE_TIMEOUT");
    expect(error.details).toMatchObject({ timeoutMs: 100 });
  });

  it("has client codes of its own, none of them a ledger code", () => {
    for (const code of Object.keys(CLIENT_ERROR_CODES)) {
      expect(Object.hasOwn(ERROR_CODES, code), code).toBe(false);
      expect(isClientErrorCode(code)).toBe(true);
    }
    expect(isClientErrorCode("NODE_UNAVAILABLE")).toBe(false);
  });
});

function record(sequence: number, type: string): EventRecord {
  return { sequence, height: sequence, txIndex: 0, event: { type, nodeID: NODE_ID, amount: "1.00000000" } };
}

function sseMessage(value: EventRecord): string {
  return `event: ledger\ndata: ${JSON.stringify(value)}\n\n`;
}

describe("subscribeEvents", () => {
  it("subscribes with the types, parses ledger messages split anywhere, skips keep-alives and other events", async () => {
    const first = sseMessage(record(1, "TokensCommitted"));
    const canned = await serve(() => ({
      stream: (response: ServerResponse) => {
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.write(": connected\n\n");
        response.write(first.slice(0, 20));
        setTimeout(() => {
          response.write(first.slice(20));
          response.write("event: other\ndata: {}\n\n");
          response.write(sseMessage(record(2, "TokensStaked")).replace(/\n/g, "\r\n"));
          response.end();
        }, 20);
      },
    }));
    const received: EventRecord[] = [];
    const subscription = createClient(canned.url).subscribeEvents(["TokensCommitted", "TokensStaked"], (event) =>
      received.push(event),
    );
    await subscription.ready;
    await subscription.done;
    expect(received).toEqual([record(1, "TokensCommitted"), record(2, "TokensStaked")]);
    const request = lastRequest(canned);
    expect(request.path).toBe("/v1/events/stream");
    expect(request.query.getAll("type")).toEqual(["TokensCommitted", "TokensStaked"]);
    expect(request.headers.accept).toBe("text/event-stream");
  });

  it("sends no type for every type, and close() ends an open stream quietly", async () => {
    const canned = await serve(() => ({
      stream: (response: ServerResponse) => {
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.write(sseMessage(record(5, "RewardsPaid")));
      },
    }));
    const received: number[] = [];
    const subscription = createClient(canned.url).subscribeEvents([], (event) => {
      received.push(event.sequence);
      subscription.close();
    });
    await subscription.done;
    expect(received).toEqual([5]);
    expect([...lastRequest(canned).query.keys()]).toEqual([]);
  });

  it("asks the node to resume after a sequence", async () => {
    const canned = await serve(() => ({
      stream: (response: ServerResponse) => {
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.end();
      },
    }));
    await createClient(canned.url).subscribeEvents(["RewardsPaid"], () => {}, { after: 41 }).done;
    const request = lastRequest(canned);
    expect(request.query.getAll("type")).toEqual(["RewardsPaid"]);
    expect(request.query.get("after")).toBe("41");
  });

  it("closes when its signal aborts", async () => {
    const canned = await serve(() => ({
      stream: (response: ServerResponse) => {
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.write(": waiting\n\n");
      },
    }));
    const controller = new AbortController();
    const subscription = createClient(canned.url).subscribeEvents([], () => {}, { signal: controller.signal });
    await subscription.ready;
    controller.abort();
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it("rejects ready and done with the node's error, or NODE_UNREACHABLE", async () => {
    const canned = await serve(() => apiError(400, "INVALID_REQUEST", "unknown event type", { field: "type" }));
    const refused = createClient(canned.url).subscribeEvents(["Nope"], () => {});
    const error = await rejection(refused.ready);
    expect([error.code, error.status]).toEqual(["INVALID_REQUEST", 400]);
    expect((await rejection(refused.done)).code).toBe("INVALID_REQUEST");
    const url = canned.url;
    await canned.close();
    node = undefined;
    expect((await rejection(createClient(url).subscribeEvents([], () => {}).done)).code).toBe("NODE_UNREACHABLE");
  });

  it("rejects with INVALID_RESPONSE on an event that is not JSON, and passes on what onEvent throws", async () => {
    let body = "event: ledger\ndata: {not json\n\n";
    const canned = await serve(() => ({
      stream: (response: ServerResponse) => {
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.write(body);
      },
    }));
    const client = createClient(canned.url);
    expect((await rejection(client.subscribeEvents([], () => {}).done)).code).toBe("INVALID_RESPONSE");
    body = sseMessage(record(1, "TokensCommitted"));
    const thrown = new Error("the listener failed");
    await expect(
      client.subscribeEvents([], () => {
        throw thrown;
      }).done,
    ).rejects.toBe(thrown);
  });
});
