/** The pools: all of them, one, one member's position, and the pools an account runs or has a position in. */
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { NodeService } from "../../service.js";
import { AccountPools, PoolIdValue, PoolInfo, PoolList, PoolMember } from "../pool-schemas.js";
import { accountPools, poolDetails, poolList, poolMember } from "../pool-views.js";
import { AddressText, ERROR_RESPONSES } from "../schemas.js";

const TAGS = ["pools"];

export function poolRoutes(app: FastifyInstance, service: NodeService): void {
  app.get(
    "/v1/pools",
    {
      schema: {
        tags: TAGS,
        summary: "Every pool, by pool ID: its target, fee, value, shares and claims",
        response: { 200: PoolList, ...ERROR_RESPONSES },
      },
    },
    async (): Promise<PoolList> => poolList(service.state),
  );

  app.get<{ Params: { poolId: number } }>(
    "/v1/pools/:poolId",
    {
      schema: {
        tags: TAGS,
        summary: "A pool: the pool_info query (its record, value, price inputs and cohorts)",
        params: Type.Object({ poolId: PoolIdValue }),
        response: { 200: PoolInfo, ...ERROR_RESPONSES },
      },
    },
    async (request): Promise<PoolInfo> => poolDetails(service.state, request.params.poolId),
  );

  app.get<{ Params: { poolId: number; address: string } }>(
    "/v1/pools/:poolId/members/:address",
    {
      schema: {
        tags: TAGS,
        summary: "A member's position: the pool_member query (shares, principal, claimable rewards, tickets)",
        description: "POOL_NOT_FOUND for an unknown pool; NOT_FOUND for an account without a position in it.",
        params: Type.Object({ poolId: PoolIdValue, address: AddressText }),
        response: { 200: PoolMember, ...ERROR_RESPONSES },
      },
    },
    async (request): Promise<PoolMember> => poolMember(service.state, request.params.poolId, request.params.address),
  );

  app.get<{ Params: { address: string } }>(
    "/v1/accounts/:address/pools",
    {
      schema: {
        tags: TAGS,
        summary: "The pools an account runs or has a position in, with its position",
        params: Type.Object({ address: AddressText }),
        response: { 200: AccountPools, ...ERROR_RESPONSES },
      },
    },
    async (request): Promise<AccountPools> => accountPools(service.state, request.params.address),
  );
}
