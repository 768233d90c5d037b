/** `POST /v1/transactions` and `GET /v1/transactions/{id}`. */
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { LedgerError } from "../../../core/errors.js";
import type { NodeService } from "../../service.js";
import { executedTransaction } from "../log-views.js";
import { Envelope, ERROR_RESPONSES, ExecutedTransaction, HashText, TransactionOutcome } from "../schemas.js";

const TAGS = ["transactions"];

export function transactionRoutes(app: FastifyInstance, service: NodeService): void {
  app.post<{ Body: unknown; Reply: TransactionOutcome }>(
    "/v1/transactions",
    {
      schema: {
        tags: TAGS,
        summary: "Submit a signed transaction; answers once its block is durable",
        description:
          "Submitting the same envelope again answers with the same outcome. A refused transaction changed nothing.",
        consumes: ["application/json"],
        body: Envelope,
        response: { 200: TransactionOutcome, ...ERROR_RESPONSES },
      },
      // The node checks the envelope (TRANSACTION_MALFORMED naming the field) and its ID is the hash of what was
      // sent: the schema above documents the body, but nothing here may validate, coerce or strip it.
      validatorCompiler: () => () => true,
    },
    async (request) => {
      if (request.body === undefined) {
        throw new LedgerError("UNSUPPORTED_MEDIA_TYPE", "the transaction must be a JSON body", {
          contentType: request.headers["content-type"] ?? null,
        });
      }
      return service.submit(request.body);
    },
  );

  app.get<{ Params: { id: string }; Reply: ExecutedTransaction }>(
    "/v1/transactions/:id",
    {
      schema: {
        tags: TAGS,
        summary: "An executed transaction, its events and its envelope",
        params: Type.Object({ id: HashText }),
        response: { 200: ExecutedTransaction, ...ERROR_RESPONSES },
      },
    },
    async (request) => executedTransaction(service.store, request.params.id),
  );
}
