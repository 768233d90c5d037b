/**
 * The pool routes over the fake service: exact JSON worked out by hand from docs/pools-and-slashing.md, the same
 * answers as the `pool_info` / `pool_member` queries, the 404s and the 400s, and the pool events in the log.
 */
import { afterEach, describe, expect, it } from "vitest";
import { stateHash } from "../../core/state-hash.js";
import {
  advanceEpoch,
  createFakeService,
  FAKE_ADMIN,
  FAKE_ALICE,
  FAKE_BOB,
  FAKE_NOBODY,
  fakeEnvelope,
  NODE_1,
  NODE_2,
  seedLedger,
} from "./fake-service.js";
import { buildHttpServer } from "./server.js";

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const ZERO = "0.00000000";
const POOL_1_ACCOUNT = "0000000000000004";
const POOL_2_ACCOUNT = "0000000000000005";

/**
 * The seeded world (alice's collection node 1 with bob's delegator 1 and alice's delegator 2, bob's consensus node
 * 2), and in epoch 0: alice opens pool 1 on node 1 (fee 0.1, minimum join 100, one extra lock epoch), bob opens
 * pool 2 on his delegator 1 (fee 0.05, minimum 10), bob joins pool 1 with 1,000, alice joins pool 2 with 20.
 */
async function world(options: { epochs?: number } = {}) {
  const fake = createFakeService();
  await seedLedger(fake);
  const opened1 = await fake.submit(
    fakeEnvelope(FAKE_ALICE, "open_pool", { nodeId: NODE_1, fee: "0.1", minimumJoin: "100", extraLockEpochs: 1 }, 2),
  );
  const opened2 = await fake.submit(
    fakeEnvelope(
      FAKE_BOB,
      "open_pool",
      { nodeId: NODE_1, delegatorId: 1, fee: "0.05", minimumJoin: "10", extraLockEpochs: 0 },
      2,
    ),
  );
  expect([opened1.result, opened2.result]).toEqual([
    { poolId: 1, address: POOL_1_ACCOUNT },
    { poolId: 2, address: POOL_2_ACCOUNT },
  ]);
  await fake.submit(fakeEnvelope(FAKE_BOB, "join_pool", { poolId: 1, amount: "1000" }, 3));
  await fake.submit(fakeEnvelope(FAKE_ALICE, "join_pool", { poolId: 2, amount: "20" }, 3));
  if ((options.epochs ?? 0) >= 1) {
    fake.systemBlock([{ op: "set_approved_nodes", nodeIds: [NODE_1, NODE_2] }]);
    advanceEpoch(fake);
  }
  for (let epoch = 2; epoch <= (options.epochs ?? 0); epoch++) advanceEpoch(fake);
  const app = buildHttpServer(fake, { logger: false });
  servers.push(app);
  const get = async (url: string) => {
    const response = await app.inject({ method: "GET", url });
    return { status: response.statusCode, body: response.json() as unknown };
  };
  return { fake, get };
}

function expectError(response: { status: number; body: unknown }, status: number, code: string, details?: object) {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({
    error: { code, message: expect.any(String), details: details ?? expect.any(Object) },
  });
}

const record = (fields: Partial<Record<string, string>>) => ({
  committed: ZERO,
  staked: ZERO,
  unstaking: ZERO,
  unstaked: ZERO,
  rewarded: ZERO,
  requestedToUnstake: ZERO,
  ...fields,
});

// In epoch 0 nothing is staked: every share is worth one token, nobody has rewards.
const POOL_1_EPOCH_0 = {
  id: 1,
  account: POOL_1_ACCOUNT,
  operator: FAKE_ALICE,
  nodeID: NODE_1,
  delegatorID: null,
  fee: "0.10000000",
  pendingFee: null,
  minimumJoin: "100.00000000",
  extraLockEpochs: 1,
  record: record({ committed: "301000.00000000" }),
  reserved: ZERO,
  value: "301000.00000000",
  totalShares: "301000.00000000",
  rewardPerShare: "0",
  operatorFees: ZERO,
  totalClaimable: ZERO,
  members: 2,
  cohorts: [],
};

const POOL_2_EPOCH_0 = {
  id: 2,
  account: POOL_2_ACCOUNT,
  operator: FAKE_BOB,
  nodeID: NODE_1,
  delegatorID: 1,
  fee: "0.05000000",
  pendingFee: null,
  minimumJoin: "10.00000000",
  extraLockEpochs: 0,
  record: record({ committed: "120.00000000" }),
  reserved: ZERO,
  value: "120.00000000",
  totalShares: "120.00000000",
  rewardPerShare: "0",
  operatorFees: ZERO,
  totalClaimable: ZERO,
  members: 2,
  cohorts: [],
};

function summaryOf(info: Record<string, unknown>) {
  const { record: _record, reserved: _reserved, rewardPerShare: _price, cohorts: _cohorts, ...summary } = info;
  return summary;
}

/*
 * Epoch 1's rewards, paid at the start of epoch 2 (staking-contract.md §9, pools-and-slashing.md "Rewards"):
 *
 *   staked in epoch 1: node 1 301,000 (alice's 300,000 and bob's 1,000), its delegators 120 (pool 2) and 50,
 *   node 2 600,000 — 901,170 in all; rate = ⌊1,250,000 / 901,170⌋ = 1.38708567.
 *   delegator 1: 120 × rate = 166.45028040, cut 8 % = 13.31602243, net 153.13425797
 *   delegator 2: 50 × rate = 69.35428350, cut 5.54834268
 *   node 1: 301,000 × rate = 417,512.78667000 + both cuts = 417,531.65103511
 *
 *   pool 1 (R = 417,531.65103511, fee 0.1, 301,000 shares):
 *     fee = ⌊R × 0.1⌋ = 41,753.16510351, forMembers = 375,778.48593160,
 *     increment = ⌊375,778.48593160 × 10¹⁸ / 301,000⌋ = 1,248,433,508,078,405,315 (per share unit, ×10¹⁸),
 *     ⌈increment × 301,000 / 10¹⁸⌉ = forMembers, so the remainder is 0;
 *     bob (1,000 shares): ⌊1,000 × increment / 10¹⁸⌋ = 1,248.43350807
 *   pool 2 (R = 153.13425797, fee 0.05, 120 shares):
 *     fee = ⌊7.6567128985⌋ = 7.65671289, forMembers = 145.47754508,
 *     increment = ⌊145.47754508 × 10¹⁸ / 120⌋ = 1,212,312,875,666,666,666, remainder 0;
 *     bob (100): 121.23128756, alice (20): 24.24625751 (0.00000001 stays in the record's rewarded pool)
 */
const R1 = "417531.65103511";
const R2 = "153.13425797";
const INCREMENT_1 = "1248433508078405315";
const BOB_CLAIM_1 = "1248.43350807";

describe("GET /v1/pools and /v1/pools/{poolId}", () => {
  it("answers each pool as pool_info does, and the list of their summaries", async () => {
    const { get } = await world();
    expect(await get("/v1/pools/1")).toEqual({ status: 200, body: POOL_1_EPOCH_0 });
    expect(await get("/v1/pools/2")).toEqual({ status: 200, body: POOL_2_EPOCH_0 });
    expect(await get("/v1/query/pool_info?poolId=1")).toEqual({ status: 200, body: { result: POOL_1_EPOCH_0 } });
    expect(await get("/v1/pools")).toEqual({
      status: 200,
      body: { pools: [summaryOf(POOL_1_EPOCH_0), summaryOf(POOL_2_EPOCH_0)] },
    });
    expect(summaryOf(POOL_1_EPOCH_0)).toEqual({
      id: 1,
      account: POOL_1_ACCOUNT,
      operator: FAKE_ALICE,
      nodeID: NODE_1,
      delegatorID: null,
      fee: "0.10000000",
      pendingFee: null,
      minimumJoin: "100.00000000",
      extraLockEpochs: 1,
      value: "301000.00000000",
      totalShares: "301000.00000000",
      operatorFees: ZERO,
      totalClaimable: ZERO,
      members: 2,
    });
  });

  it("answers an empty list on a ledger without pools", async () => {
    const fake = createFakeService();
    const app = buildHttpServer(fake, { logger: false });
    servers.push(app);
    const response = await app.inject({ method: "GET", url: "/v1/pools" });
    expect([response.statusCode, response.json()]).toEqual([200, { pools: [] }]);
  });

  it("shows the split rewards, an announced fee, a leaver's cohort and the value it reserves", async () => {
    const { fake, get } = await world({ epochs: 2 });
    // Epoch 2: alice announces a fee of 0.2 (in force from epoch 2 + 2 + 1); bob takes 400 out of pool 1: 400
    // shares burned at one token each, a ticket in cohort "2" (requested now, unstaked at 4, ready at 4 + 1).
    await fake.submit(fakeEnvelope(FAKE_ALICE, "set_pool_fee", { poolId: 1, fee: "0.2" }, 4));
    await fake.submit(fakeEnvelope(FAKE_BOB, "leave_pool", { poolId: 1, amount: "400" }, 4));
    const pool1 = {
      ...POOL_1_EPOCH_0,
      pendingFee: { fee: "0.20000000", effectiveEpoch: 5 },
      record: record({ staked: "301000.00000000", rewarded: R1, requestedToUnstake: "400.00000000" }),
      reserved: "400.00000000",
      value: "300600.00000000",
      totalShares: "300600.00000000",
      rewardPerShare: INCREMENT_1,
      operatorFees: "41753.16510351",
      // Bob's rewards were settled when his shares changed; alice's are not settled yet.
      totalClaimable: BOB_CLAIM_1,
      cohorts: [
        {
          key: "2",
          unstakedFrom: 4,
          readyEpoch: 5,
          nominal: "400.00000000",
          value: "400.00000000",
          paid: ZERO,
          outstanding: "400.00000000",
          outstandingTickets: 1,
        },
      ],
    };
    expect(await get("/v1/pools/1")).toEqual({ status: 200, body: pool1 });
    expect((await get("/v1/query/pool_info?poolId=1")).body).toEqual({ result: pool1 });
    expect((await get("/v1/pools/2")).body).toEqual({
      ...POOL_2_EPOCH_0,
      record: record({ staked: "120.00000000", rewarded: R2 }),
      rewardPerShare: "1212312875666666666",
      operatorFees: "7.65671289",
    });
    expect((await get("/v1/pools")).body).toEqual({
      pools: [summaryOf(pool1), { ...summaryOf(POOL_2_EPOCH_0), operatorFees: "7.65671289" }],
    });
  });
});

describe("GET /v1/pools/{poolId}/members/{address}", () => {
  it("answers a member's position as pool_member does: shares, principal, claimable, tickets", async () => {
    const { fake, get } = await world({ epochs: 2 });
    await fake.submit(fakeEnvelope(FAKE_BOB, "leave_pool", { poolId: 1, amount: "400" }, 4));
    const bob = {
      poolId: 1,
      account: FAKE_BOB,
      shares: "600.00000000",
      principal: "600.00000000",
      claimable: BOB_CLAIM_1,
      tickets: [{ cohort: "2", units: "400.00000000", value: "400.00000000", readyEpoch: 5 }],
    };
    expect(await get(`/v1/pools/1/members/${FAKE_BOB}`)).toEqual({ status: 200, body: bob });
    expect((await get(`/v1/query/pool_member?poolId=1&account=${FAKE_BOB}`)).body).toEqual({ result: bob });
    expect((await get(`/v1/pools/2/members/${FAKE_ALICE}`)).body).toEqual({
      poolId: 2,
      account: FAKE_ALICE,
      shares: "20.00000000",
      principal: "20.00000000",
      claimable: "24.24625751",
      tickets: [],
    });
    expect((await get(`/v1/pools/2/members/${FAKE_BOB}`)).body).toMatchObject({ claimable: "121.23128756" });
    // Alice's 300,000 shares: ⌊300,000 × increment / 10¹⁸⌋, not settled yet but claimable.
    expect((await get(`/v1/pools/1/members/${FAKE_ALICE}`)).body).toMatchObject({
      shares: "300000.00000000",
      principal: "300000.00000000",
      claimable: "374530.05242352",
    });
  });

  it("404 POOL_NOT_FOUND for an unknown pool, NOT_FOUND for an account without a position", async () => {
    const { get } = await world();
    expectError(await get(`/v1/pools/9/members/${FAKE_BOB}`), 404, "POOL_NOT_FOUND", { poolId: 9 });
    expectError(await get(`/v1/pools/2/members/${FAKE_ADMIN}`), 404, "NOT_FOUND", {
      resource: "pool member",
      poolId: 2,
      account: FAKE_ADMIN,
    });
    // An address no account has is no member either.
    expectError(await get(`/v1/pools/1/members/${FAKE_NOBODY}`), 404, "NOT_FOUND", {
      resource: "pool member",
      poolId: 1,
      account: FAKE_NOBODY,
    });
  });

  it.each([
    ["/v1/pools/0/members/0000000000000002", "poolId"],
    ["/v1/pools/x/members/0000000000000002", "poolId"],
    ["/v1/pools/1.5/members/0000000000000002", "poolId"],
    ["/v1/pools/1/members/000000000000002", "address"],
    ["/v1/pools/1/members/000000000000000A", "address"],
    ["/v1/pools/1/members/0x00000000000002", "address"],
  ])("400 INVALID_REQUEST for %s", async (url, field) => {
    const { get } = await world();
    expectError(await get(url), 400, "INVALID_REQUEST", { in: "params", field });
  });
});

describe("GET /v1/pools/{poolId}: refusals", () => {
  it("404 POOL_NOT_FOUND for a pool that does not exist", async () => {
    const { get } = await world();
    expectError(await get("/v1/pools/3"), 404, "POOL_NOT_FOUND", { poolId: 3 });
    expectError(await get("/v1/pools/9007199254740991"), 404, "POOL_NOT_FOUND", { poolId: 9007199254740991 });
  });

  it.each(["0", "-1", "x", "1e3", "01x", "9007199254740992"])("400 INVALID_REQUEST for the pool ID %s", async (id) => {
    const { get } = await world();
    expectError(await get(`/v1/pools/${id}`), 400, "INVALID_REQUEST", { in: "params", field: "poolId" });
  });
});

describe("GET /v1/accounts/{address}/pools", () => {
  it("answers the pools an account runs or has a position in, with its position", async () => {
    const { fake, get } = await world({ epochs: 2 });
    await fake.submit(fakeEnvelope(FAKE_BOB, "leave_pool", { poolId: 1, amount: "400" }, 4));
    const pool1 = summaryOf((await get("/v1/pools/1")).body as Record<string, unknown>);
    const pool2 = summaryOf((await get("/v1/pools/2")).body as Record<string, unknown>);
    const member = async (poolId: number, account: string) =>
      (await get(`/v1/pools/${poolId}/members/${account}`)).body;
    expect(await get(`/v1/accounts/${FAKE_BOB}/pools`)).toEqual({
      status: 200,
      body: {
        address: FAKE_BOB,
        pools: [
          { pool: pool1, isOperator: false, member: await member(1, FAKE_BOB) },
          { pool: pool2, isOperator: true, member: await member(2, FAKE_BOB) },
        ],
      },
    });
    expect((await get(`/v1/accounts/${FAKE_ALICE}/pools`)).body).toEqual({
      address: FAKE_ALICE,
      pools: [
        { pool: pool1, isOperator: true, member: await member(1, FAKE_ALICE) },
        { pool: pool2, isOperator: false, member: await member(2, FAKE_ALICE) },
      ],
    });
    expect((await get(`/v1/accounts/${FAKE_ADMIN}/pools`)).body).toEqual({ address: FAKE_ADMIN, pools: [] });
  });

  it("keeps an operator that left every share, with no position", async () => {
    const { fake, get } = await world();
    // Bob takes his whole 120 out of pool 2 (auction open, epoch 0: committed tokens, ready at once) and withdraws.
    await fake.submit(fakeEnvelope(FAKE_BOB, "leave_pool", { poolId: 2, amount: "100" }, 4));
    await fake.submit(fakeEnvelope(FAKE_BOB, "withdraw_from_pool", { poolId: 2 }, 5));
    const bobPools = (await get(`/v1/accounts/${FAKE_BOB}/pools`)).body as { pools: unknown[] };
    expect(bobPools.pools).toEqual([
      expect.objectContaining({ isOperator: false, pool: expect.objectContaining({ id: 1 }) }),
      { pool: expect.objectContaining({ id: 2, members: 1 }), isOperator: true, member: null },
    ]);
  });

  it("404 ACCOUNT_NOT_FOUND for an unknown account, 400 for a malformed address", async () => {
    const { get } = await world();
    expectError(await get(`/v1/accounts/${FAKE_NOBODY}/pools`), 404, "ACCOUNT_NOT_FOUND", { account: FAKE_NOBODY });
    expectError(await get("/v1/accounts/xyz/pools"), 400, "INVALID_REQUEST", { in: "params", field: "address" });
  });
});

describe("pool events in the log", () => {
  it("filters by the pool event types and refuses a type the ledger does not have", async () => {
    const { get } = await world({ epochs: 2 });
    const page = (await get("/v1/events?type=PoolRewardsDistributed")).body as {
      events: { height: number; event: unknown }[];
    };
    expect(page.events.map((e) => e.event)).toEqual([
      {
        type: "PoolRewardsDistributed",
        poolId: 1,
        reward: R1,
        fee: "41753.16510351",
        forMembers: "375778.48593160",
        remainderToOperator: ZERO,
        epochCounter: 1,
      },
      {
        type: "PoolRewardsDistributed",
        poolId: 2,
        reward: R2,
        fee: "7.65671289",
        forMembers: "145.47754508",
        remainderToOperator: ZERO,
        epochCounter: 1,
      },
    ]);
    const opened = (await get("/v1/events?type=PoolOpened&type=PoolJoined")).body as { events: { event: unknown }[] };
    expect(opened.events.map((e) => e.event)).toEqual([
      {
        type: "PoolOpened",
        poolId: 1,
        account: POOL_1_ACCOUNT,
        operator: FAKE_ALICE,
        nodeID: NODE_1,
        delegatorID: null,
        fee: "0.10000000",
        minimumJoin: "100.00000000",
        extraLockEpochs: 1,
        shares: "300000.00000000",
      },
      {
        type: "PoolOpened",
        poolId: 2,
        account: POOL_2_ACCOUNT,
        operator: FAKE_BOB,
        nodeID: NODE_1,
        delegatorID: 1,
        fee: "0.05000000",
        minimumJoin: "10.00000000",
        extraLockEpochs: 0,
        shares: "100.00000000",
      },
      { type: "PoolJoined", poolId: 1, account: FAKE_BOB, amount: "1000.00000000", shares: "1000.00000000" },
      { type: "PoolJoined", poolId: 2, account: FAKE_ALICE, amount: "20.00000000", shares: "20.00000000" },
    ]);
    expectError(await get("/v1/events?type=PoolRewardsDistributd"), 400, "INVALID_REQUEST", {
      in: "querystring",
      field: "type.0",
    });
    expectError(await get("/v1/events/stream?type=PoolSlashd"), 400, "INVALID_REQUEST", {
      in: "querystring",
      field: "type.0",
    });
  });

  it("lists every pool and slashing event type as one the filter accepts", async () => {
    const { get } = await world();
    for (const type of ["PoolLeft", "PoolWithdrawn", "PoolSlashed", "NewMaxPoolFee", "SlashingCaseExpired"]) {
      expect((await get(`/v1/events?type=${type}`)).status, type).toBe(200);
    }
    const app = buildHttpServer(createFakeService(), { logger: false });
    servers.push(app);
    const document = (await app.inject({ method: "GET", url: "/openapi.json" })).json() as {
      paths: Record<string, { get: { parameters: { name: string; schema: { items?: { enum?: string[] } } }[] } }>;
    };
    const types = document.paths["/v1/events"]?.get.parameters.find((p) => p.name === "type")?.schema.items?.enum;
    expect(types).toEqual(expect.arrayContaining(["PoolRewardsDistributed", "PoolSlashed", "SlashingVoteCast"]));
  });
});

it("pool reads never change the state", async () => {
  const { fake, get } = await world({ epochs: 2 });
  const before = stateHash(fake.state);
  for (const url of [
    "/v1/pools",
    "/v1/pools/1",
    `/v1/pools/1/members/${FAKE_BOB}`,
    `/v1/pools/1/members/${FAKE_NOBODY}`,
    `/v1/accounts/${FAKE_ALICE}/pools`,
    `/v1/query/pool_member?poolId=1&account=${FAKE_NOBODY}`,
  ]) {
    await get(url);
  }
  expect(stateHash(fake.state)).toBe(before);
  // pool_member through the query route names an account without creating it (the node is not the simulator).
  expect(fake.state.accounts.has(FAKE_NOBODY)).toBe(false);
});
