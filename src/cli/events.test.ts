import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ClientError, createClient, type EventRecord } from "../client/index.js";
import { type CannedNode, startCannedNode } from "../client/test-fixtures.js";
import { eventFilter, eventLine, followEvents } from "./events.js";

const NODE_ID = "1".repeat(64);

function record(sequence: number): EventRecord {
  return {
    sequence,
    height: 10 + sequence,
    txIndex: 0,
    event: { type: "TokensCommitted", nodeID: NODE_ID, amount: "1.00000000" },
  };
}

let node: CannedNode | undefined;

afterEach(async () => {
  await node?.close();
  node = undefined;
});

describe("followEvents", () => {
  it("subscribes first, pages through history, then streams: every event once, in order", async () => {
    const history = [record(1), record(2), record(3)];
    node = await startCannedNode((request) => {
      if (request.path === "/v1/events/stream") {
        return {
          stream: (response: ServerResponse) => {
            response.writeHead(200, { "content-type": "text/event-stream" });
            // Committed while the history is being read: 3 comes both ways, 4 only from the stream.
            for (const r of [record(3), record(4)]) response.write(`event: ledger\ndata: ${JSON.stringify(r)}\n\n`);
            setTimeout(() => response.end(), 50);
          },
        };
      }
      if (request.path === "/v1/events") {
        const after = Number(request.query.get("after") ?? "0");
        const page = history.filter((r) => r.sequence > after).slice(0, 2);
        return { json: { events: page, next: page.at(-1)?.sequence ?? after } };
      }
      return undefined;
    });
    const printed: number[] = [];
    const client = createClient(node.url);
    const error = await followEvents(client, { types: ["TokensCommitted"], fromHeight: 0 }, (r) =>
      printed.push(r.sequence),
    ).catch((e: unknown) => e);
    expect(printed).toEqual([1, 2, 3, 4]);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe("NODE_UNREACHABLE");
    const calls = node.requests.map((r) => `${r.path}?${r.query.toString()}`);
    expect(calls).toEqual([
      "/v1/events/stream?type=TokensCommitted",
      "/v1/events?type=TokensCommitted&fromHeight=0&limit=1000",
      "/v1/events?type=TokensCommitted&fromHeight=0&after=2&limit=1000",
      "/v1/events?type=TokensCommitted&fromHeight=0&after=3&limit=1000",
    ]);
  });

  it("without a start only streams", async () => {
    node = await startCannedNode((request) =>
      request.path === "/v1/events/stream"
        ? {
            stream: (response: ServerResponse) => {
              response.writeHead(200, { "content-type": "text/event-stream" });
              response.end(`event: ledger\ndata: ${JSON.stringify(record(8))}\n\n`);
            },
          }
        : undefined,
    );
    const printed: number[] = [];
    await expect(followEvents(createClient(node.url), {}, (r) => printed.push(r.sequence))).rejects.toThrow(
      /closed the event stream/,
    );
    expect(printed).toEqual([8]);
    expect(node.requests).toHaveLength(1);
  });
});

describe("event options and lines", () => {
  it("turns options into a filter", () => {
    expect(eventFilter({ type: ["A", "B"], fromHeight: "3", toHeight: "9", after: "4", limit: "10" })).toEqual({
      types: ["A", "B"],
      fromHeight: 3,
      toHeight: 9,
      after: 4,
      limit: 10,
    });
    expect(eventFilter({ type: [] })).toEqual({});
    expect(() => eventFilter({ fromHeight: "x" })).toThrow(/--from-height/);
  });

  it("prints one line per event with IDs shortened", () => {
    expect(eventLine(record(5))).toBe("#5 height 15 tx 0 TokensCommitted nodeID=11111111…111111 amount=1.00000000");
  });
});
