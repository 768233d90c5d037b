/**
 * The client against the node's real HTTP server (src/node/http over its test service): every method once, so
 * that a route, a parameter name or a response shape drifting on either side fails here.
 */
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createFakeService,
  FAKE_ALICE,
  FAKE_BOB,
  FAKE_NOBODY,
  type FakeService,
  fakeEnvelope,
  NODE_1,
  NODE_2,
  seedLedger,
} from "../node/http/fake-service.js";
import { buildHttpServer } from "../node/http/server.js";
import { ClientError } from "./client-error.js";
import { createClient, type FlowstakeClient } from "./http-client.js";
import type { EventRecord, SignedEnvelope } from "./types.js";

let app: FastifyInstance;
let fake: FakeService;
let client: FlowstakeClient;

beforeAll(async () => {
  fake = createFakeService();
  await seedLedger(fake);
  app = buildHttpServer(fake, { keepAliveMs: 50 });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  client = createClient(`http://127.0.0.1:${port}`);
});

afterAll(async () => {
  await app.close();
});

async function codeOf(promise: Promise<unknown>): Promise<[string, number | undefined]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClientError) return [error.code, error.status];
    throw error;
  }
  return ["(resolved)", undefined];
}

const AMOUNT = /^[0-9]+\.[0-9]{8}$/;

describe("the client against the node's HTTP server", () => {
  it("reads accounts, nodes, delegators and tables", async () => {
    const alice = await client.getAccount(FAKE_ALICE);
    expect(alice.address).toBe(FAKE_ALICE);
    expect(alice.balance).toMatch(AMOUNT);
    expect(alice.nodes).toEqual([NODE_1]);
    expect(alice.keys[0]).toMatchObject({ index: 0, revoked: false, sequenceNumber: expect.any(Number) });

    expect((await client.listNodes()).nodes.map((n) => n.id)).toEqual([NODE_1, NODE_2]);
    expect((await client.listNodes({ role: 2 })).nodes.map((n) => n.id)).toEqual([NODE_2]);
    const node = await client.getNode(NODE_1);
    expect(node).toMatchObject({ id: NODE_1, role: 1, owner: FAKE_ALICE, tokensCommitted: "300000.00000000" });
    expect(node.totalCommitment).toMatch(AMOUNT);

    const page = await client.listNodeDelegators(NODE_1, { offset: 1, limit: 5 });
    expect(page.total).toBe(2);
    expect(page.delegators.map((d) => [d.id, d.owner])).toEqual([[2, FAKE_ALICE]]);
    expect(await client.getDelegator(NODE_1, 1)).toMatchObject({ id: 1, nodeID: NODE_1, owner: FAKE_BOB });
    expect((await client.listDelegatorsByOwner(FAKE_BOB)).delegators.map((d) => d.id)).toEqual([1]);

    for (const name of ["current", "proposed", "approved"] as const) {
      expect(Array.isArray((await client.getTable(name)).nodeIds), name).toBe(true);
    }
    expect(Object.keys(await client.getCandidates()).sort()).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("reads the epoch, the parameters, queries and a reward quote", async () => {
    const epoch = await client.getEpoch();
    expect(epoch.phase).toBe("staking_auction");
    expect(typeof epoch.epochEndsAt).toBe("number");
    expect(epoch.totalStakedByRole["1"]).toMatch(AMOUNT);
    const params = await client.getParams();
    expect(params.minimumStakes["1"]).toMatch(AMOUNT);
    expect(params.epochTiming.epochLengthMs).toBeGreaterThan(0);

    expect((await client.query("node_info", { nodeId: NODE_1 })).result).toMatchObject({ id: NODE_1 });
    expect((await client.query("delegator_info", { nodeId: NODE_1, delegatorId: 2 })).result).toMatchObject({ id: 2 });
    expect((await client.query("balance", { account: FAKE_BOB })).result).toMatch(AMOUNT);
    expect((await client.query("total_staked_by_role", { role: 1 })).result).toMatch(AMOUNT);
    expect((await client.query("staking_enabled")).result).toBe(true);

    // The auction is still open: the node refuses a quote with a code, which the client carries.
    const [code, status] = await codeOf(client.getRewardQuote({ nodeId: NODE_1, delegatorId: 1 }));
    expect(code).toMatch(/^[A-Z_]+$/);
    expect(status).toBeGreaterThanOrEqual(400);
  });

  it("reads blocks, transactions and event pages", async () => {
    const latest = await client.getLatestBlock();
    expect(latest.height).toBe(4);
    expect((await client.listBlocks({ from: 1, limit: 2 })).blocks.map((b) => b.height)).toEqual([1, 2]);
    const block = await client.getBlock(1);
    const id = block.transactions[0]?.id ?? "";
    const tx = await client.getTransaction(id);
    expect(tx).toMatchObject({ id, height: 1, type: "register_node", authorizer: FAKE_ALICE });
    expect(tx.envelope?.payload.type).toBe("register_node");

    const first = await client.listEvents({ types: ["TokensCommitted", "NewNodeCreated"], fromHeight: 1, limit: 3 });
    expect(first.events.map((e) => e.sequence)).toEqual([1, 2, 7]);
    const rest = await client.listEvents({ types: ["TokensCommitted", "NewNodeCreated"], after: first.next });
    expect(rest.events.map((e) => e.sequence)).toEqual([8]);
  });

  it("submits, streams the new block's events, and maps refusals to their codes", async () => {
    const received: EventRecord[] = [];
    const subscription = client.subscribeEvents(["DelegatorTokensCommitted"], (record) => {
      received.push(record);
      subscription.close();
    });
    await subscription.ready;
    const envelope = fakeEnvelope(FAKE_BOB, "stake_new_tokens", { nodeId: NODE_1, delegatorId: 1, amount: "5.0" }, 2);
    const outcome = await client.submitTransaction(envelope as unknown as SignedEnvelope);
    expect(outcome).toMatchObject({ type: "stake_new_tokens", height: 5, result: null });
    await subscription.done;
    expect(received.map((r) => [r.height, r.event.type, r.event.amount])).toEqual([
      [5, "DelegatorTokensCommitted", "5.00000000"],
    ]);

    expect(await codeOf(client.getNode("f".repeat(64)))).toEqual(["NODE_NOT_FOUND", 404]);
    expect((await codeOf(client.getAccount(FAKE_NOBODY)))[0]).toBe("ACCOUNT_NOT_FOUND");
    expect((await codeOf(client.getNode("not-an-id")))[1]).toBe(400);
  });

  it("reads health, metrics and the OpenAPI document", async () => {
    expect(await client.health()).toMatchObject({ status: "ok", writer: "running" });
    fake.healthState = { status: "unavailable", height: 5, writer: "stopped" };
    expect(await client.health()).toEqual({ status: "unavailable", height: 5, writer: "stopped" });
    expect(await client.metrics()).toMatch(/^# (HELP|TYPE) /m);
    const document = await client.openApi();
    expect(String(document.openapi)).toMatch(/^3\./);
    expect(Object.keys(document.paths ?? {})).toContain("/v1/transactions");
  });
});

describe("pools and slashing, through the client", () => {
  it("reads pools, positions, cases and parameters as the routes answer them", async () => {
    // Alice opens a pool on her node 1 and bob joins it; both nodes are approved and staked from epoch 1, where
    // bob's consensus node 2 opens a case against node 1.
    await fake.submit(
      fakeEnvelope(FAKE_ALICE, "open_pool", { nodeId: NODE_1, fee: "0.1", minimumJoin: "10", extraLockEpochs: 0 }, 9),
    );
    await fake.submit(fakeEnvelope(FAKE_BOB, "join_pool", { poolId: 1, amount: "25" }, 9));
    fake.systemBlock([{ op: "set_approved_nodes", nodeIds: [NODE_1, NODE_2] }]);
    fake.systemBlock([{ op: "epoch_setup" }]);
    fake.systemBlock([{ op: "epoch_commit" }]);
    fake.systemBlock([{ op: "epoch_start" }, { op: "epoch_pay_rewards" }]);
    const evidenceHash = "ee".repeat(32);
    const opened = await client.submitTransaction(
      fakeEnvelope(
        FAKE_BOB,
        "open_slashing_case",
        { nodeId: NODE_2, accused: NODE_1, evidenceHash, fine: "0.1" },
        10,
      ) as unknown as SignedEnvelope,
    );
    expect(opened.result).toEqual({ caseId: 1 });

    const raw = async (url: string) => (await app.inject({ method: "GET", url })).json();
    const pool = await client.getPool(1);
    expect(pool).toEqual(await raw("/v1/pools/1"));
    expect(pool).toMatchObject({ id: 1, operator: FAKE_ALICE, nodeID: NODE_1, delegatorID: null, fee: "0.10000000" });
    expect((await client.query("pool_info", { poolId: 1 })).result).toEqual(pool);
    const list = await client.listPools();
    expect(list.pools.map((p) => [p.id, p.value, p.members])).toEqual([[1, pool.value, 2]]);
    const bob = await client.getPoolMember(1, FAKE_BOB);
    expect(bob).toEqual({
      poolId: 1,
      account: FAKE_BOB,
      shares: "25.00000000",
      principal: "25.00000000",
      claimable: "0.00000000",
      tickets: [],
    });
    expect((await client.query("pool_member", { poolId: 1, account: FAKE_BOB })).result).toEqual(bob);
    expect(await client.listAccountPools(FAKE_BOB)).toEqual({
      address: FAKE_BOB,
      pools: [{ pool: list.pools[0], isOperator: false, member: bob }],
    });
    expect(await codeOf(client.getPool(2))).toEqual(["POOL_NOT_FOUND", 404]);
    expect(await codeOf(client.getPoolMember(1, FAKE_NOBODY))).toEqual(["NOT_FOUND", 404]);

    const slashingCase = await client.getSlashingCase(1);
    expect(slashingCase).toMatchObject({ caseId: 1, opener: NODE_2, accused: NODE_1, status: "open", votes: [] });
    expect((await client.query("slashing_case", { caseId: 1 })).result).toEqual(slashingCase);
    expect(await client.listSlashingCases()).toEqual({ cases: [slashingCase] });
    expect(await client.listSlashingCases({ status: "open" })).toEqual({ cases: [slashingCase] });
    expect(await client.listSlashingCases({ status: "expired" })).toEqual({ cases: [] });
    expect(await codeOf(client.getSlashingCase(2))).toEqual(["SLASHING_CASE_NOT_FOUND", 404]);
    const params = await client.getSlashingParams();
    expect(params).toEqual({ maxSlashFraction: "0.50000000", caseEpochs: 2, slashDelegators: true });
    expect(await client.getParams()).toMatchObject({ maxPoolFee: "0.50000000", slashing: params });
  });
});
