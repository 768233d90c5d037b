/** `GET /health`, `GET /metrics` and `GET /openapi.json`. */
import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { NodeService } from "../../service.js";
import { PROMETHEUS_CONTENT_TYPE, renderMetrics } from "../prometheus.js";
import { ERROR_RESPONSES, HealthView, JsonObject } from "../schemas.js";

const TAGS = ["operations"];

export function operationRoutes(app: FastifyInstance, service: NodeService): void {
  app.get(
    "/health",
    {
      schema: {
        tags: TAGS,
        summary: "200 while the writer runs, 503 with the same body once it has stopped",
        response: { 200: HealthView, 503: HealthView, ...ERROR_RESPONSES },
      },
    },
    async (_request, reply): Promise<Static<typeof HealthView>> => {
      const health = service.health();
      reply.code(health.status === "ok" ? 200 : 503);
      return { status: health.status, height: health.height, writer: health.writer };
    },
  );

  app.get(
    "/metrics",
    {
      schema: {
        tags: TAGS,
        summary: "Prometheus metrics (text exposition format 0.0.4)",
        response: {
          200: { description: "the metrics", content: { [PROMETHEUS_CONTENT_TYPE]: { schema: Type.String() } } },
          ...ERROR_RESPONSES,
        },
      },
    },
    async (_request, reply): Promise<string> => {
      const text = renderMetrics(service.metrics());
      reply.type(PROMETHEUS_CONTENT_TYPE);
      return text;
    },
  );

  app.get(
    "/openapi.json",
    {
      schema: {
        tags: TAGS,
        summary: "This API's OpenAPI 3 document",
        response: { 200: JsonObject, ...ERROR_RESPONSES },
      },
    },
    async () => app.swagger(),
  );
}
