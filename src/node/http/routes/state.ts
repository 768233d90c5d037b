/** The state routes: accounts, nodes, delegators, tables, the epoch, parameters, reward quotes and plan queries. */
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { NodeService } from "../../service.js";
import {
  AccountView,
  AddressText,
  CandidateTable,
  Count,
  DelegatorDetails,
  DelegatorList,
  DelegatorPage,
  EpochView,
  ERROR_RESPONSES,
  NodeDetails,
  NodeIdTable,
  NodeIdText,
  NodeList,
  ParamsView,
  QueryAnswer,
  QueryName,
  RewardQuote,
} from "../schemas.js";
import {
  accountView,
  candidateTable,
  delegatorDetails,
  delegatorPage,
  delegatorsOwnedBy,
  epochView,
  nodeDetails,
  nodeIdTable,
  nodeList,
  paramsView,
  queryAnswer,
  rewardQuote,
  type TableName,
} from "../state-views.js";

const TAGS = ["state"];
export const DELEGATOR_PAGE_DEFAULT = 100;
export const DELEGATOR_PAGE_MAX = 1000;

const DelegatorId = Type.Integer({ minimum: 1, maximum: 0xffff_ffff });
const Role = Type.Integer({ minimum: 1, maximum: 5 });

export function stateRoutes(app: FastifyInstance, service: NodeService): void {
  app.get<{ Params: { address: string } }>(
    "/v1/accounts/:address",
    {
      schema: {
        tags: TAGS,
        summary: "An account: balance, keys, and the node and delegator handles it holds",
        params: Type.Object({ address: AddressText }),
        response: { 200: AccountView, ...ERROR_RESPONSES },
      },
    },
    async (request): Promise<AccountView> => accountView(service.state, request.params.address),
  );

  app.get<{ Querystring: { role?: number } }>(
    "/v1/nodes",
    {
      schema: {
        tags: TAGS,
        summary: "Every node (of one role), by node ID",
        querystring: Type.Object({ role: Type.Optional(Role) }),
        response: { 200: NodeList, ...ERROR_RESPONSES },
      },
    },
    async (request) => nodeList(service.state, request.query.role),
  );

  app.get<{ Params: { nodeId: string } }>(
    "/v1/nodes/:nodeId",
    {
      schema: {
        tags: TAGS,
        summary: "A node: NodeInfo plus its owner and commitments",
        params: Type.Object({ nodeId: NodeIdText }),
        response: { 200: NodeDetails, ...ERROR_RESPONSES },
      },
    },
    async (request): Promise<NodeDetails> => nodeDetails(service.state, request.params.nodeId),
  );

  app.get<{ Params: { nodeId: string }; Querystring: { offset?: number; limit?: number } }>(
    "/v1/nodes/:nodeId/delegators",
    {
      schema: {
        tags: TAGS,
        summary: "A node's delegators, a page at a time, by delegator ID",
        params: Type.Object({ nodeId: NodeIdText }),
        querystring: Type.Object({
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 0xffff_ffff, default: 0 })),
          limit: Type.Optional(
            Type.Integer({ minimum: 1, maximum: DELEGATOR_PAGE_MAX, default: DELEGATOR_PAGE_DEFAULT }),
          ),
        }),
        response: { 200: DelegatorPage, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      delegatorPage(
        service.state,
        request.params.nodeId,
        request.query.offset ?? 0,
        request.query.limit ?? DELEGATOR_PAGE_DEFAULT,
      ),
  );

  app.get<{ Params: { nodeId: string; delegatorId: number } }>(
    "/v1/nodes/:nodeId/delegators/:delegatorId",
    {
      schema: {
        tags: TAGS,
        summary: "A delegator: DelegatorInfo plus its owner",
        params: Type.Object({ nodeId: NodeIdText, delegatorId: DelegatorId }),
        response: { 200: DelegatorDetails, ...ERROR_RESPONSES },
      },
    },
    async (request): Promise<DelegatorDetails> =>
      delegatorDetails(service.state, request.params.nodeId, request.params.delegatorId),
  );

  app.get<{ Querystring: { owner: string } }>(
    "/v1/delegators",
    {
      schema: {
        tags: TAGS,
        summary: "The delegators whose handle an account holds",
        querystring: Type.Object({ owner: AddressText }),
        response: { 200: DelegatorList, ...ERROR_RESPONSES },
      },
    },
    async (request) => delegatorsOwnedBy(service.state, request.query.owner),
  );

  app.get(
    "/v1/tables/candidates",
    {
      schema: {
        tags: TAGS,
        summary: "The candidate node IDs of each role",
        response: { 200: CandidateTable, ...ERROR_RESPONSES },
      },
    },
    async () => candidateTable(service.state),
  );

  app.get<{ Params: { table: TableName } }>(
    "/v1/tables/:table",
    {
      schema: {
        tags: TAGS,
        summary: "The current (participants), proposed or approved node IDs, sorted",
        params: Type.Object({
          table: Type.Union([Type.Literal("current"), Type.Literal("proposed"), Type.Literal("approved")]),
        }),
        response: { 200: NodeIdTable, ...ERROR_RESPONSES },
      },
    },
    async (request) => nodeIdTable(service.state, request.params.table),
  );

  app.get(
    "/v1/epoch",
    {
      schema: {
        tags: TAGS,
        summary: "The epoch: counter, phase and its end times, totals, pending rewards",
        response: { 200: EpochView, ...ERROR_RESPONSES },
      },
    },
    async (): Promise<EpochView> => epochView(service.state, service.mode),
  );

  app.get(
    "/v1/params",
    {
      schema: {
        tags: TAGS,
        summary: "The staking parameters",
        response: { 200: ParamsView, ...ERROR_RESPONSES },
      },
    },
    async (): Promise<ParamsView> => paramsView(service.state),
  );

  app.get<{ Querystring: { nodeId: string; delegatorId?: number } }>(
    "/v1/rewards/quote",
    {
      schema: {
        tags: TAGS,
        summary: "What this epoch's payout will credit a node or a delegator, once the auction has closed",
        description:
          "`stored` once the epoch's rewards are calculated (epoch_commit), `calculated` from the current stake " +
          "while the auction is closed before that; AUCTION_IN_PROGRESS (409) while it is open.",
        querystring: Type.Object({ nodeId: NodeIdText, delegatorId: Type.Optional(DelegatorId) }),
        response: { 200: RewardQuote, ...ERROR_RESPONSES },
      },
    },
    async (request): Promise<RewardQuote> =>
      rewardQuote(service.state, request.query.nodeId, request.query.delegatorId),
  );

  app.get<{ Params: { name: string }; Querystring: Record<string, unknown> }>(
    "/v1/query/:name",
    {
      schema: {
        tags: TAGS,
        summary: "Any query of plan-format.md, its arguments as query parameters",
        params: Type.Object({ name: QueryName }),
        querystring: Type.Object({
          nodeId: Type.Optional(Type.String()),
          delegatorId: Type.Optional(Count),
          role: Type.Optional(Count),
          account: Type.Optional(Type.String()),
          poolId: Type.Optional(Count),
          caseId: Type.Optional(Count),
        }),
        response: { 200: QueryAnswer, ...ERROR_RESPONSES },
      },
    },
    async (request) => queryAnswer(service.state, request.params.name, { ...request.query }),
  );
}
