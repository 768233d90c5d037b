/**
 * The one way an error leaves the HTTP API: `{ error: { code, message, details } }` with the status of `status.ts`.
 * A `LedgerError` is rendered as it is; what fastify refuses before a handler runs (validation, the body's size,
 * type or JSON, an unknown route, a malformed URL or request) becomes the matching edge code, always a 4xx; anything
 * else is a bug: logged in full, answered with an opaque `INTERNAL`.
 */
import type { Socket } from "node:net";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type ErrorDetails, isLedgerError, LedgerError } from "../../core/errors.js";
import type { ErrorBody } from "./schemas.js";
import { statusOf } from "./status.js";

export function errorBody(error: LedgerError): ErrorBody {
  return { error: { code: error.code, message: error.message, details: { ...error.details } } };
}

const INTERNAL_MESSAGE = "internal error";

/** One failed check of a schema, as ajv reports it. */
interface ValidationIssue {
  instancePath?: unknown;
  params?: unknown;
}

function property(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The field a validation issue is about, as a dotted path: "limit", "type.1", "payload.authorizer". */
function fieldOf(issue: ValidationIssue | undefined): string {
  const path = typeof issue?.instancePath === "string" ? issue.instancePath.split("/").filter((p) => p !== "") : [];
  for (const key of ["missingProperty", "additionalProperty"]) {
    const name = property(issue?.params, key);
    if (typeof name === "string") path.push(name);
  }
  return path.join(".");
}

/**
 * The refusal an error stands for, or undefined when it is a bug. Fastify's own request errors carry a 4xx
 * `statusCode` and an `FST_` code; the body parser's stream errors (a client that hangs up) carry a 4xx status.
 */
export function refusalOf(error: unknown, contentType?: string): LedgerError | undefined {
  if (isLedgerError(error)) return error;
  const validation = property(error, "validation");
  if (Array.isArray(validation)) {
    const context = property(error, "validationContext");
    const details: ErrorDetails = {
      in: typeof context === "string" ? context : "request",
      field: fieldOf(validation[0] as ValidationIssue | undefined),
    };
    return new LedgerError("INVALID_REQUEST", messageOf(error, "the request is malformed"), details);
  }
  const status = property(error, "statusCode");
  if (typeof status !== "number" || status < 400 || status > 499) return undefined;
  const code = property(error, "code");
  const fastifyCode = typeof code === "string" && code.startsWith("FST_") ? code : undefined;
  const message = fastifyCode === undefined ? "the request is malformed" : messageOf(error, "the request is malformed");
  switch (status) {
    case 413:
      return new LedgerError("BODY_TOO_LARGE", "the request body is larger than the node accepts", {});
    case 415:
      return new LedgerError("UNSUPPORTED_MEDIA_TYPE", "request bodies must be JSON (Content-Type: application/json)", {
        contentType: contentType ?? null,
      });
    case 404:
      return new LedgerError("NOT_FOUND", message, {});
    default:
      return new LedgerError("INVALID_REQUEST", message, fastifyCode === undefined ? {} : { reason: fastifyCode });
  }
}

function messageOf(error: unknown, fallback: string): string {
  const message = property(error, "message");
  return typeof message === "string" && message !== "" ? message : fallback;
}

/** Sends the error body for `error`; a bug is logged and answered opaquely. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  let refusal = refusalOf(error, request.headers["content-type"]);
  if (refusal === undefined) {
    request.log.error({ err: error }, "internal error while answering a request");
    refusal = new LedgerError("INTERNAL", INTERNAL_MESSAGE, {});
  }
  // Serialised here rather than by the route's schema: a route may document another body for the same status
  // (`/health` answers 503 with its own shape).
  return reply
    .code(statusOf(refusal.code))
    .type("application/json; charset=utf-8")
    .serializer(JSON.stringify)
    .send(errorBody(refusal));
}

/** Routes the request errors fastify raises before routing (a malformed URL, an over-long parameter). */
export function frameworkErrors(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  sendError(error, request, reply);
}

/** A request Node's HTTP parser refused: answer 400 with the error body, then close the connection. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  if (socket.writable) {
    const body = JSON.stringify(
      errorBody(new LedgerError("INVALID_REQUEST", "the request is not valid HTTP", { reason: error.code ?? null })),
    );
    socket.write(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? request.url;
    sendError(
      new LedgerError("NOT_FOUND", `no route ${request.method} ${path}`, { method: request.method, path }),
      request,
      reply,
    );
  });
}
