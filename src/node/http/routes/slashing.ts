/** Slashing: the cases (all, or by status), one case with its votes and tally, and the parameters. */
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { CaseStatus } from "../../../core/slashing/index.js";
import type { NodeService } from "../../service.js";
import { CaseIdValue, CaseStatusName, SlashingCase, SlashingCaseList } from "../pool-schemas.js";
import { ERROR_RESPONSES, SlashingParamsView } from "../schemas.js";
import { slashingCase, slashingCaseList } from "../slashing-views.js";
import { slashingParams } from "../state-views.js";

const TAGS = ["slashing"];

export function slashingRoutes(app: FastifyInstance, service: NodeService): void {
  app.get<{ Querystring: { status?: CaseStatus } }>(
    "/v1/slashing/cases",
    {
      schema: {
        tags: TAGS,
        summary: "Every slashing case (with one status), by case ID, each as the slashing_case query answers",
        querystring: Type.Object({ status: Type.Optional(CaseStatusName) }),
        response: { 200: SlashingCaseList, ...ERROR_RESPONSES },
      },
    },
    async (request): Promise<SlashingCaseList> => slashingCaseList(service.state, request.query.status),
  );

  app.get<{ Params: { caseId: number } }>(
    "/v1/slashing/cases/:caseId",
    {
      schema: {
        tags: TAGS,
        summary: "A slashing case: the slashing_case query (its votes in the order cast, its tally as of now)",
        params: Type.Object({ caseId: CaseIdValue }),
        response: { 200: SlashingCase, ...ERROR_RESPONSES },
      },
    },
    async (request): Promise<SlashingCase> => slashingCase(service.state, request.params.caseId),
  );

  app.get(
    "/v1/slashing/params",
    {
      schema: {
        tags: TAGS,
        summary: "The slashing parameters: the largest fine of a new case, how long cases stay open, delegators' part",
        response: { 200: SlashingParamsView, ...ERROR_RESPONSES },
      },
    },
    async (): Promise<SlashingParamsView> => slashingParams(service.state),
  );
}
