import { afterEach, describe, expect, it } from "vitest";
import type { MetricsSnapshot, NodeService } from "../service.js";
import { createFakeService, seedLedger } from "./fake-service.js";
import { renderMetrics } from "./prometheus.js";
import { buildHttpServer } from "./server.js";

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

function serve(service: NodeService) {
  const app = buildHttpServer(service, { logger: false });
  servers.push(app);
  return app;
}

describe("GET /health", () => {
  it("answers 200 while the writer runs", async () => {
    const fake = createFakeService();
    await seedLedger(fake);
    const response = await serve(fake).inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok", height: 4, writer: "running" });
  });

  it("answers 503 with the same shape once the writer has stopped", async () => {
    const fake = createFakeService();
    fake.healthState = { status: "unavailable", height: 0, writer: "stopped" };
    const response = await serve(fake).inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: "unavailable", height: 0, writer: "stopped" });
  });
});

/** Parses the text exposition format: every line is a comment (HELP/TYPE) or a sample `name{labels} value`. */
function parseExposition(text: string) {
  expect(text.endsWith("\n")).toBe(true);
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
  const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  for (const line of text.slice(0, -1).split("\n")) {
    const comment = /^# (HELP|TYPE) (\S+) (.+)$/.exec(line);
    if (comment !== null) {
      if (comment[1] === "TYPE") types.set(comment[2] ?? "", comment[3] ?? "");
      else helps.add(comment[2] ?? "");
      continue;
    }
    const match = SAMPLE.exec(line);
    expect(match, line).not.toBeNull();
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match?.[2] ?? "").matchAll(LABEL)) labels[key ?? ""] = value ?? "";
    const text = match?.[3] ?? "";
    const value = text === "+Inf" ? Number.POSITIVE_INFINITY : Number(text);
    expect(Number.isNaN(value), line).toBe(false);
    samples.push({ name: match?.[1] ?? "", labels, value });
  }
  return { types, helps, samples };
}

describe("GET /metrics", () => {
  it("answers Prometheus text that parses, every metric with HELP and TYPE, prefixed flowstake_", async () => {
    const fake = createFakeService();
    await seedLedger(fake);
    const response = await serve(fake).inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    const { types, helps, samples } = parseExposition(response.body);
    expect([...types.keys()].sort()).toEqual([...helps].sort());
    expect(Object.fromEntries(types)).toEqual({
      flowstake_transactions_submitted_total: "counter",
      flowstake_transactions_executed_total: "counter",
      flowstake_transactions_refused_total: "counter",
      flowstake_blocks_total: "counter",
      flowstake_height: "gauge",
      flowstake_queue_depth: "gauge",
      flowstake_submit_to_durable_seconds: "histogram",
      flowstake_signature_verifications_total: "counter",
      flowstake_epoch_counter: "gauge",
      flowstake_epoch_phase: "gauge",
    });
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value;
    expect(value("flowstake_transactions_submitted_total")).toBe(5);
    expect(value("flowstake_transactions_refused_total", { code: "INVALID_SIGNATURE" })).toBe(1);
    expect(value("flowstake_height")).toBe(4);
    expect(value("flowstake_submit_to_durable_seconds_bucket", { le: "0.05" })).toBe(2);
    expect(value("flowstake_submit_to_durable_seconds_bucket", { le: "+Inf" })).toBe(3);
    expect(value("flowstake_submit_to_durable_seconds_sum")).toBe(0.125);
    expect(value("flowstake_submit_to_durable_seconds_count")).toBe(3);
    expect(value("flowstake_epoch_phase", { phase: "staking_auction" })).toBe(1);
    expect(value("flowstake_epoch_phase", { phase: "epoch_setup" })).toBe(0);
    for (const sample of samples) expect(sample.name.startsWith("flowstake_"), sample.name).toBe(true);
  });

  it("writes the histogram's buckets in order, cumulative, ending at +Inf", () => {
    const snapshot: MetricsSnapshot = {
      height: 1,
      epochCounter: 2,
      epochPhase: "epoch_setup",
      transactionsSubmitted: 0,
      transactionsExecuted: 0,
      refusals: {},
      blocks: 0,
      signatureVerifications: 0,
      queueDepth: 0,
      latency: {
        buckets: [
          { le: 0.1, count: 4 },
          { le: 0.01, count: 1 },
          { le: Number.POSITIVE_INFINITY, count: 6 },
        ],
        sum: 1.5,
        count: 6,
      },
    };
    const lines = renderMetrics(snapshot)
      .split("\n")
      .filter((line) => line.startsWith("flowstake_submit_to_durable_seconds_bucket"));
    expect(lines).toEqual([
      'flowstake_submit_to_durable_seconds_bucket{le="0.01"} 1',
      'flowstake_submit_to_durable_seconds_bucket{le="0.1"} 4',
      'flowstake_submit_to_durable_seconds_bucket{le="+Inf"} 6',
    ]);
    expect(renderMetrics(snapshot)).toContain('flowstake_epoch_phase{phase="epoch_setup"} 1\n');
  });

  it("escapes label values", () => {
    const fake = createFakeService();
    const text = renderMetrics({ ...fake.metrics(), refusals: { 'A"B\\C\nD': 2 } });
    expect(text).toContain('flowstake_transactions_refused_total{code="A\\"B\\\\C\\nD"} 2\n');
    expect(() => parseExposition(text)).not.toThrow();
  });
});

describe("GET /openapi.json", () => {
  const ROUTES = [
    "post /v1/transactions",
    "get /v1/transactions/{id}",
    "get /v1/accounts/{address}",
    "get /v1/nodes",
    "get /v1/nodes/{nodeId}",
    "get /v1/nodes/{nodeId}/delegators",
    "get /v1/nodes/{nodeId}/delegators/{delegatorId}",
    "get /v1/delegators",
    "get /v1/tables/{table}",
    "get /v1/tables/candidates",
    "get /v1/epoch",
    "get /v1/params",
    "get /v1/rewards/quote",
    "get /v1/query/{name}",
    "get /v1/pools",
    "get /v1/pools/{poolId}",
    "get /v1/pools/{poolId}/members/{address}",
    "get /v1/accounts/{address}/pools",
    "get /v1/slashing/cases",
    "get /v1/slashing/cases/{caseId}",
    "get /v1/slashing/params",
    "get /v1/blocks",
    "get /v1/blocks/latest",
    "get /v1/blocks/{height}",
    "get /v1/events",
    "get /v1/events/stream",
    "get /health",
    "get /metrics",
    "get /openapi.json",
  ];

  it("is an OpenAPI 3 document of every route of docs/api.md, each with its parameters and the error body", async () => {
    const response = await serve(createFakeService()).inject({ method: "GET", url: "/openapi.json" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    const document = JSON.parse(response.body) as {
      openapi: string;
      components?: { schemas?: Record<string, unknown> };
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: object }>>;
    };
    expect(document.openapi).toMatch(/^3\./);
    const listed = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(listed.sort()).toEqual([...ROUTES].sort());
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining(["200", "4XX"]));
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          const param = operation.parameters?.find((p) => `{${p.name}}` === name);
          expect(param?.in, `${method} ${path} ${name}`).toBe("path");
        }
      }
    }
    // Every reference resolves: the shared error body is a component.
    const refs = [...response.body.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    expect(new Set(refs)).toEqual(new Set(["#/components/schemas/Error"]));
    expect(document.components?.schemas?.Error).toMatchObject({ type: "object", required: ["error"] });
    const events = document.paths["/v1/events"]?.get?.parameters?.map((p) => p.name).sort();
    expect(events).toEqual(["after", "fromHeight", "limit", "toHeight", "type"]);
  });
});

describe("logging", () => {
  it("logs only errors unless told otherwise, so that a bug behind an INTERNAL answer is never silent", async () => {
    const quiet = buildHttpServer(createFakeService());
    const verbose = buildHttpServer(createFakeService(), { logger: true });
    servers.push(quiet, verbose);
    expect(quiet.log.level).toBe("error");
    expect(verbose.log.level).toBe("info");
  });
});
