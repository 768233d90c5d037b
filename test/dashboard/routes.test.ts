/**
 * The dashboard's routes in process (`fastify.inject`): `/` is the built page, its assets come with their content
 * types, compressed on request and cached by name, and the API around them answers exactly as before — the same
 * 404 body for what is neither, nothing of the dashboard in `/openapi.json`. Needs `npm run build` (npm test runs it).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { installErrorHandling } from "../../src/node/http/errors.js";
import { createFakeService, seedLedger } from "../../src/node/http/fake-service.js";
import { dashboardRoutes, defaultDashboardDirectory } from "../../src/node/http/routes/dashboard.js";
import { buildHttpServer } from "../../src/node/http/server.js";

const servers: FastifyInstance[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

beforeAll(() => {
  const index = join(defaultDashboardDirectory(), "index.html");
  if (!existsSync(index)) throw new Error(`${index} is missing: run npm run build first (npm test does)`);
});

async function serve(): Promise<FastifyInstance> {
  const fake = createFakeService();
  await seedLedger(fake);
  const app = buildHttpServer(fake, { logger: false });
  servers.push(app);
  return app;
}

/** The script and stylesheet the page links to. */
function assetPaths(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1] ?? "");
}

const notFound = (details: Record<string, unknown>) => ({
  error: { code: "NOT_FOUND", message: expect.any(String), details },
});

describe("GET /", () => {
  it("serves the dashboard page as HTML that loads its own script and stylesheet only", async () => {
    const app = await serve();
    const response = await app.inject({ method: "GET", url: "/" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("no-cache");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(response.headers["content-security-policy"]).toContain("connect-src 'self'");
    expect(response.body).toMatch(/^<!doctype html>/i);
    expect(response.body).toContain('<main id="main"');
    const assets = assetPaths(response.body);
    expect(assets.filter((path) => path.endsWith(".js"))).toHaveLength(1);
    expect(assets.filter((path) => path.endsWith(".css"))).toHaveLength(1);
    // Nothing from another origin: every script, stylesheet and link is local.
    expect(response.body).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });

  it("answers HEAD, a matching If-None-Match with 304, and gzip when asked", async () => {
    const app = await serve();
    const plain = await app.inject({ method: "GET", url: "/" });
    const head = await app.inject({ method: "HEAD", url: "/" });
    expect(head.statusCode).toBe(200);
    expect(head.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(head.body).toBe("");
    const etag = plain.headers.etag;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const cached = await app.inject({ method: "GET", url: "/", headers: { "if-none-match": String(etag) } });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe("");
    const zipped = await app.inject({ method: "GET", url: "/", headers: { "accept-encoding": "br, gzip" } });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toBe("accept-encoding");
    expect(gunzipSync(zipped.rawPayload).toString("utf8")).toBe(plain.body);
    const refused = await app.inject({ method: "GET", url: "/", headers: { "accept-encoding": "gzip;q=0" } });
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(refused.body).toBe(plain.body);
  });
});

describe("GET /assets/{name}", () => {
  it("serves the page's script and stylesheet with their types, cached for good (their names change with them)", async () => {
    const app = await serve();
    const html = (await app.inject({ method: "GET", url: "/" })).body;
    for (const path of assetPaths(html)) {
      const response = await app.inject({ method: "GET", url: path });
      expect(response.statusCode, path).toBe(200);
      expect(response.headers["content-type"], path).toBe(
        path.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8",
      );
      expect(response.headers["cache-control"], path).toBe("public, max-age=31536000, immutable");
      expect(response.headers["x-content-type-options"], path).toBe("nosniff");
      expect(response.body.length, path).toBeGreaterThan(500);
    }
  });

  it("answers the API's 404 body for a file it does not have, however the name is spelled", async () => {
    const app = await serve();
    const missing = await app.inject({ method: "GET", url: "/assets/nothing.js" });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(missing.json()).toEqual(notFound({ resource: "dashboard file", path: "/assets/nothing.js" }));
    for (const url of [
      "/assets/..%2Fpackage.json",
      "/assets/%2e%2e%2f%2e%2e%2fpackage.json",
      "/assets/../package.json",
    ]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json(), url).toMatchObject({ error: { code: "NOT_FOUND" } });
    }
  });
});

describe("the API beside the dashboard", () => {
  it("answers its routes as before", async () => {
    const app = await serve();
    const health = await app.inject({ method: "GET", url: "/health" });
    expect(health.statusCode).toBe(200);
    expect(health.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(health.json()).toEqual({ status: "ok", height: 4, writer: "running" });
    const epoch = await app.inject({ method: "GET", url: "/v1/epoch" });
    expect(epoch.statusCode).toBe(200);
    expect(epoch.json()).toMatchObject({ counter: 0, phase: "staking_auction" });
    const metrics = await app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers["content-type"]).toMatch(/^text\/plain/);
  });

  it("keeps the dashboard out of the OpenAPI document", async () => {
    const app = await serve();
    const document = (await app.inject({ method: "GET", url: "/openapi.json" })).json() as {
      paths: Record<string, unknown>;
    };
    const paths = Object.keys(document.paths);
    expect(paths).toContain("/v1/epoch");
    expect(paths).toContain("/health");
    expect(paths.filter((path) => !path.startsWith("/v1/"))).toEqual(["/health", "/metrics", "/openapi.json"]);
  });

  it("still answers 404 NOT_FOUND with the one error body for paths that are neither", async () => {
    const app = await serve();
    for (const [method, url] of [
      ["GET", "/v2/nodes"],
      ["GET", "/index.html"],
      ["GET", "/assets"],
      ["POST", "/"],
      ["DELETE", "/"],
    ] as const) {
      const response = await app.inject({ method, url });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json(), `${method} ${url}`).toEqual(notFound({ method, path: url }));
    }
  });
});

describe("a node whose dashboard was not built", () => {
  it("says so at / with the 404 body instead of failing to start", async () => {
    const empty = mkdtempSync(join(tmpdir(), "flowstake-no-dashboard-"));
    try {
      const app = Fastify({ logger: false });
      servers.push(app);
      installErrorHandling(app);
      dashboardRoutes(app, { directory: empty });
      for (const url of ["/", "/assets/index.js"]) {
        const response = await app.inject({ method: "GET", url });
        expect(response.statusCode, url).toBe(404);
        expect(response.json(), url).toEqual(notFound({ resource: "dashboard" }));
        expect(response.json().error.message, url).toContain("npm run build");
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
