/** The event log: pages of it, filtered, and the live stream. */
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { MAX_EVENT_QUERY_LIMIT } from "../../../store/port.js";
import type { NodeService } from "../../service.js";
import { startEventStream } from "../event-stream.js";
import { eventPage } from "../log-views.js";
import { ERROR_RESPONSES, EventPage, EventTypeName, Natural } from "../schemas.js";

const TAGS = ["events"];
export const EVENT_PAGE_DEFAULT = 1000;

const Types = Type.Array(EventTypeName, { description: "only these event types (repeat the parameter)" });
const After = Type.Integer({
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: "only events with a greater sequence: the previous page's `next`",
});

export interface EventRouteOptions {
  keepAliveMs: number;
  /** Every open stream's closer, so that closing the server ends them. */
  streams: Set<() => void>;
}

export function eventRoutes(app: FastifyInstance, service: NodeService, options: EventRouteOptions): void {
  app.get<{
    Querystring: { type?: string[]; fromHeight?: number; toHeight?: number; after?: number; limit?: number };
  }>(
    "/v1/events",
    {
      schema: {
        tags: TAGS,
        summary: "Events of the log in sequence order, filtered by type and height",
        querystring: Type.Object({
          type: Type.Optional(Types),
          fromHeight: Type.Optional(Natural),
          toHeight: Type.Optional(Natural),
          after: Type.Optional(After),
          limit: Type.Optional(
            Type.Integer({ minimum: 1, maximum: MAX_EVENT_QUERY_LIMIT, default: EVENT_PAGE_DEFAULT }),
          ),
        }),
        response: { 200: EventPage, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      eventPage(service.store, {
        types: request.query.type,
        fromHeight: request.query.fromHeight,
        toHeight: request.query.toHeight,
        after: request.query.after,
        limit: request.query.limit ?? EVENT_PAGE_DEFAULT,
      }),
  );

  app.get<{ Querystring: { type?: string[]; after?: number }; Headers: { "last-event-id"?: number } }>(
    "/v1/events/stream",
    {
      // A HEAD request must not open a subscription that sends nothing.
      exposeHeadRoute: false,
      schema: {
        tags: TAGS,
        summary: "Server-sent events: one `event: ledger` message per event as blocks commit",
        description:
          "Each message's `id` is the event's sequence and its `data` is `{ sequence, height, txIndex, event }`. " +
          "A `: keep-alive` comment comes every 15 s. With `after` (or `Last-Event-ID`) the log's events after " +
          "that sequence come first; without, the stream starts with the next block.",
        querystring: Type.Object({ type: Type.Optional(Types), after: Type.Optional(After) }),
        headers: Type.Object({ "last-event-id": Type.Optional(After) }),
        response: {
          200: { description: "an event stream", content: { "text/event-stream": { schema: Type.String() } } },
          ...ERROR_RESPONSES,
        },
      },
    },
    (request, reply) => {
      reply.hijack();
      const close = startEventStream(service, reply.raw, {
        types: request.query.type,
        after: request.query.after ?? request.headers["last-event-id"],
        keepAliveMs: options.keepAliveMs,
        log: request.log,
      });
      options.streams.add(close);
      reply.raw.on("close", () => options.streams.delete(close));
    },
  );
}
