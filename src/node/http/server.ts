/**
 * The HTTP API of docs/api.md over a `NodeService`. Routes parse (TypeBox schemas), call the service or read its
 * state and log, and render; every error leaves through `errors.ts`. The same schemas make `GET /openapi.json`.
 */
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance } from "fastify";
import type { NodeService } from "../service.js";
import { clientErrorHandler, frameworkErrors, installErrorHandling } from "./errors.js";
import { KEEP_ALIVE_MS } from "./event-stream.js";
import { blockRoutes } from "./routes/blocks.js";
import { dashboardRoutes } from "./routes/dashboard.js";
import { eventRoutes } from "./routes/events.js";
import { operationRoutes } from "./routes/operations.js";
import { poolRoutes } from "./routes/pools.js";
import { slashingRoutes } from "./routes/slashing.js";
import { stateRoutes } from "./routes/state.js";
import { transactionRoutes } from "./routes/transactions.js";
import { ErrorBody } from "./schemas.js";
import { refuseLooseIntegers } from "./strict-integers.js";

/** 128 KiB: twice the largest envelope the node accepts (64 KiB canonical), room for whitespace. */
export const DEFAULT_BODY_LIMIT = 128 * 1024;

export interface HttpServerOptions {
  bodyLimit?: number;
  /** true: log every request; false: log nothing; omitted: log only errors (a bug behind an INTERNAL answer). */
  logger?: boolean;
  /** How often an event stream sends its keep-alive comment; 15 s unless a test needs it sooner. */
  keepAliveMs?: number;
}

export function buildHttpServer(service: NodeService, options: HttpServerOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? { level: "error" },
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    onProtoPoisoning: "error",
    onConstructorPoisoning: "error",
    // During shutdown requests are still answered (the service says NODE_UNAVAILABLE if it must), never with
    // fastify's own 503 body.
    return503OnClosing: false,
    frameworkErrors,
    clientErrorHandler,
  });
  // Bodies are JSON only: plain text would otherwise reach the handlers as a string.
  app.removeContentTypeParser("text/plain");
  installErrorHandling(app);
  app.addHook("preValidation", refuseLooseIntegers);

  const streams = new Set<() => void>();
  app.addHook("preClose", (done) => {
    for (const close of streams) close();
    done();
  });

  app.addSchema(ErrorBody);
  app.register(swagger, {
    // Shared schemas keep their `$id` as their name under components/schemas.
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === "string" ? json.$id : `def-${i}`),
    },
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "flowstake node",
        version: "1",
        description: "The HTTP API of a flowstake node (docs/api.md). Every error has one body; `code` decides.",
      },
      tags: [
        { name: "transactions", description: "Submit signed transactions, read executed ones" },
        { name: "state", description: "The ledger state" },
        { name: "pools", description: "Pools: their records, values, members and positions" },
        { name: "slashing", description: "Slashing cases, their votes and tallies, and the parameters" },
        { name: "blocks", description: "The blocks of the log" },
        { name: "events", description: "The event log and its live stream" },
        { name: "operations", description: "Health, metrics and this document" },
      ],
    },
  });
  app.register(async (api) => {
    transactionRoutes(api, service);
    stateRoutes(api, service);
    poolRoutes(api, service);
    slashingRoutes(api, service);
    blockRoutes(api, service);
    eventRoutes(api, service, { keepAliveMs: options.keepAliveMs ?? KEEP_ALIVE_MS, streams });
    operationRoutes(api, service);
    dashboardRoutes(api);
  });
  return app;
}
