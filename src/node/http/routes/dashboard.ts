/**
 * The dashboard at `/`: the files `npm run build` puts in `dist/web` (from `web/`), read once when the server is
 * built and answered from memory — `GET /` is the page, `GET /assets/{name}` its script and stylesheet. The page
 * only reads the API under `/v1`. These routes are not API routes: they are hidden from `/openapi.json`, and a path
 * outside them still gets the API's 404 error body.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { LedgerError } from "../../../core/errors.js";

export interface DashboardOptions {
  /** The built dashboard; `dist/web` of this package by default. */
  directory?: string;
}

interface StaticFile {
  body: Buffer;
  gzipped: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".map": "application/json; charset=utf-8",
};

/** The page may load its own files and talk to this node, nothing else. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Asset names as the build writes them: a name, a content hash, an extension. */
const ASSET_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.[a-z]+$/;

/** `dist/web` of the package this file belongs to (from `src/…` under vitest, from `dist/src/…` when built). */
export function defaultDashboardDirectory(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("the dashboard route is not inside a package");
    dir = parent;
  }
  return join(dir, "dist", "web");
}

function staticFile(path: string, cacheControl: string): StaticFile {
  const body = readFileSync(path);
  return {
    body,
    gzipped: gzipSync(body, { level: 9 }),
    type: TYPES[extname(path)] ?? "application/octet-stream",
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
    cacheControl,
  };
}

/** The built files by URL path; empty when the dashboard has not been built. */
function loadDashboard(directory: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const index = join(directory, "index.html");
  if (!existsSync(index)) return files;
  files.set("/", staticFile(index, "no-cache"));
  const assets = join(directory, "assets");
  if (existsSync(assets)) {
    for (const name of readdirSync(assets)) {
      // Names carry a hash of their content: a new build means new names.
      if (ASSET_NAME.test(name))
        files.set(`/assets/${name}`, staticFile(join(assets, name), "public, max-age=31536000, immutable"));
    }
  }
  return files;
}

function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers["accept-encoding"];
  const text = Array.isArray(header) ? header.join(",") : (header ?? "");
  return text.split(",").some((part) => {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    const refused = params.some((param) => /^\s*q=0(?:\.0*)?\s*$/.test(param));
    return (coding.trim() === "gzip" || coding.trim() === "*") && !refused;
  });
}

function send(file: StaticFile, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply
    .header("cache-control", file.cacheControl)
    .header("etag", file.etag)
    .header("vary", "accept-encoding")
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer");
  if (file.type.startsWith("text/html")) reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
  if (request.headers["if-none-match"] === file.etag) return reply.code(304).send();
  reply.type(file.type);
  if (acceptsGzip(request)) return reply.header("content-encoding", "gzip").send(file.gzipped);
  return reply.send(file.body);
}

export function dashboardRoutes(app: FastifyInstance, options: DashboardOptions = {}): void {
  const directory = options.directory ?? defaultDashboardDirectory();
  const files = loadDashboard(directory);
  const notBuilt = () =>
    new LedgerError(
      "NOT_FOUND",
      `the dashboard is not built (no ${join(directory, "index.html")}): run npm run build`,
      {
        resource: "dashboard",
      },
    );

  app.get("/", { schema: { hide: true } }, async (request, reply) => {
    const page = files.get("/");
    if (page === undefined) throw notBuilt();
    return send(page, request, reply);
  });

  app.get<{ Params: { name: string } }>(
    "/assets/:name",
    { schema: { hide: true, params: Type.Object({ name: Type.String({ maxLength: 200 }) }) } },
    async (request, reply) => {
      const path = `/assets/${request.params.name}`;
      const file = files.get(path);
      if (file === undefined) {
        if (files.size === 0) throw notBuilt();
        throw new LedgerError("NOT_FOUND", `no dashboard file ${path}`, { resource: "dashboard file", path });
      }
      return send(file, request, reply);
    },
  );
}
