/** The blocks of the log: a range of headers, the latest, one block with its transactions. */
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { NodeService } from "../../service.js";
import { blockDetails, blockList, latestBlock } from "../log-views.js";
import { BlockDetails, BlockHeader, BlockList, ERROR_RESPONSES, Natural } from "../schemas.js";

const TAGS = ["blocks"];
export const BLOCK_PAGE_DEFAULT = 100;
export const BLOCK_PAGE_MAX = 1000;

export function blockRoutes(app: FastifyInstance, service: NodeService): void {
  app.get<{ Querystring: { from?: number; limit?: number } }>(
    "/v1/blocks",
    {
      schema: {
        tags: TAGS,
        summary: "Block headers from a height, ascending",
        querystring: Type.Object({
          from: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: BLOCK_PAGE_MAX, default: BLOCK_PAGE_DEFAULT })),
        }),
        response: { 200: BlockList, ...ERROR_RESPONSES },
      },
    },
    async (request) => blockList(service.store, request.query.from ?? 0, request.query.limit ?? BLOCK_PAGE_DEFAULT),
  );

  app.get(
    "/v1/blocks/latest",
    {
      schema: {
        tags: TAGS,
        summary: "The latest durable block's header",
        response: { 200: BlockHeader, ...ERROR_RESPONSES },
      },
    },
    async (): Promise<BlockHeader> => latestBlock(service.store),
  );

  app.get<{ Params: { height: number } }>(
    "/v1/blocks/:height",
    {
      schema: {
        tags: TAGS,
        summary: "A block's header and its transactions",
        params: Type.Object({ height: Natural }),
        response: { 200: BlockDetails, ...ERROR_RESPONSES },
      },
    },
    async (request): Promise<BlockDetails> => blockDetails(service.store, request.params.height),
  );
}
