import { afterEach, describe, expect, it } from "vitest";
import { stateHash } from "../../core/state-hash.js";
import {
  createFakeService,
  FAKE_ADMIN,
  FAKE_ALICE,
  FAKE_BOB,
  FAKE_GENESIS_TIME,
  FAKE_NOBODY,
  FAKE_PUBLIC_KEY,
  type FakeService,
  NODE_1,
  NODE_2,
  registerNodeArgs,
  seedLedger,
} from "./fake-service.js";
import { buildHttpServer } from "./server.js";

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function world(): Promise<{
  fake: FakeService;
  get: (url: string) => Promise<{ status: number; body: unknown }>;
}> {
  const fake = createFakeService();
  await seedLedger(fake);
  const app = buildHttpServer(fake, { logger: false });
  servers.push(app);
  return {
    fake,
    get: async (url: string) => {
      const response = await app.inject({ method: "GET", url });
      return { status: response.statusCode, body: response.json() };
    },
  };
}

/** Epoch 0 ends with both nodes approved: their committed tokens are staked in epoch 1, whose auction is open. */
function startEpochOne(fake: FakeService): void {
  fake.systemBlock([{ op: "set_approved_nodes", nodeIds: [NODE_1, NODE_2] }]);
  fake.systemBlock([{ op: "epoch_setup" }]);
  fake.systemBlock([{ op: "epoch_commit" }]);
  fake.systemBlock([{ op: "epoch_start" }, { op: "epoch_pay_rewards" }]);
}

const ZERO = "0.00000000";
const key = (weight: number, index = 0) => ({
  index,
  publicKey: FAKE_PUBLIC_KEY,
  signatureAlgorithm: "ECDSA_P256",
  hashAlgorithm: "SHA3_256",
  weight,
  revoked: false,
  sequenceNumber: 0,
});
const keys1 = registerNodeArgs(1, 1, "0");
const keys2 = registerNodeArgs(2, 2, "0");

function nodeInfo1(pools: Partial<Record<string, string>> = {}) {
  return {
    id: NODE_1,
    role: 1,
    networkingAddress: "node-1.example.org:3569",
    networkingKey: keys1.networkingKey,
    stakingKey: keys1.stakingKey,
    tokensCommitted: "300000.00000000",
    tokensStaked: ZERO,
    tokensUnstaking: ZERO,
    tokensUnstaked: ZERO,
    tokensRewarded: ZERO,
    tokensRequestedToUnstake: ZERO,
    delegators: [1, 2],
    delegatorIDCounter: 2,
    initialWeight: 0,
    ...pools,
  };
}

function nodeInfo2() {
  return {
    id: NODE_2,
    role: 2,
    networkingAddress: "node-2.example.org:3569",
    networkingKey: keys2.networkingKey,
    stakingKey: keys2.stakingKey,
    tokensCommitted: "600000.00000000",
    tokensStaked: ZERO,
    tokensUnstaking: ZERO,
    tokensUnstaked: ZERO,
    tokensRewarded: ZERO,
    tokensRequestedToUnstake: ZERO,
    delegators: [],
    delegatorIDCounter: 0,
    initialWeight: 0,
  };
}

function delegator(id: number, committed: string, owner: string, pools: Partial<Record<string, string>> = {}) {
  return {
    id,
    nodeID: NODE_1,
    tokensCommitted: committed,
    tokensStaked: ZERO,
    tokensUnstaking: ZERO,
    tokensUnstaked: ZERO,
    tokensRewarded: ZERO,
    tokensRequestedToUnstake: ZERO,
    owner,
    ...pools,
  };
}

function expectError(response: { status: number; body: unknown }, status: number, code: string, details?: object) {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({
    error: { code, message: expect.any(String), details: details ?? expect.any(Object) },
  });
}

describe("GET /v1/accounts/{address}", () => {
  it("answers the balance, the keys and the handles the account holds", async () => {
    const { get } = await world();
    expect(await get(`/v1/accounts/${FAKE_BOB}`)).toEqual({
      status: 200,
      body: {
        address: FAKE_BOB,
        balance: "9399900.00000000",
        keys: [key(1000), key(500, 1)],
        nodes: [NODE_2],
        delegators: [{ nodeId: NODE_1, delegatorId: 1 }],
      },
    });
    expect((await get(`/v1/accounts/${FAKE_ALICE}`)).body).toMatchObject({
      balance: "9699950.00000000",
      nodes: [NODE_1],
      delegators: [{ nodeId: NODE_1, delegatorId: 2 }],
    });
    expect((await get(`/v1/accounts/${FAKE_ADMIN}`)).body).toMatchObject({ nodes: [], delegators: [] });
  });

  it("404 ACCOUNT_NOT_FOUND for an unknown address, 400 for a malformed one", async () => {
    const { get } = await world();
    expectError(await get(`/v1/accounts/${FAKE_NOBODY}`), 404, "ACCOUNT_NOT_FOUND", { account: FAKE_NOBODY });
    expectError(await get("/v1/accounts/0000000000000002ff"), 400, "INVALID_REQUEST", {
      in: "params",
      field: "address",
    });
    expectError(await get("/v1/accounts/000000000000000A"), 400, "INVALID_REQUEST");
  });
});

describe("GET /v1/nodes", () => {
  it("answers every node's NodeInfo by node ID, or one role's", async () => {
    const { get } = await world();
    expect(await get("/v1/nodes")).toEqual({ status: 200, body: { nodes: [nodeInfo1(), nodeInfo2()] } });
    expect((await get("/v1/nodes?role=2")).body).toEqual({ nodes: [nodeInfo2()] });
    expect((await get("/v1/nodes?role=5")).body).toEqual({ nodes: [] });
  });

  it("400 for a role outside 1..5 or not a number", async () => {
    const { get } = await world();
    expectError(await get("/v1/nodes?role=6"), 400, "INVALID_REQUEST", { in: "querystring", field: "role" });
    expectError(await get("/v1/nodes?role=one"), 400, "INVALID_REQUEST", { in: "querystring", field: "role" });
  });
});

describe("GET /v1/nodes/{nodeId}", () => {
  it("answers NodeInfo plus the owner and the commitments", async () => {
    const { get } = await world();
    expect(await get(`/v1/nodes/${NODE_1}`)).toEqual({
      status: 200,
      body: {
        ...nodeInfo1(),
        owner: FAKE_ALICE,
        totalCommitment: "300150.00000000",
        totalCommitmentWithoutDelegators: "300000.00000000",
        totalStakedWithDelegators: ZERO,
      },
    });
  });

  it("counts the delegators' stake once it is staked", async () => {
    const { fake, get } = await world();
    startEpochOne(fake);
    expect((await get(`/v1/nodes/${NODE_1}`)).body).toMatchObject({
      tokensCommitted: ZERO,
      tokensStaked: "300000.00000000",
      initialWeight: 100,
      totalCommitment: "300150.00000000",
      totalStakedWithDelegators: "300150.00000000",
    });
  });

  it("404 NODE_NOT_FOUND for an unknown node, 400 for a malformed ID", async () => {
    const { get } = await world();
    const unknown = "9".repeat(64);
    expectError(await get(`/v1/nodes/${unknown}`), 404, "NODE_NOT_FOUND", { nodeId: unknown });
    expectError(await get(`/v1/nodes/${"A".repeat(64)}`), 400, "INVALID_REQUEST", { in: "params", field: "nodeId" });
    expectError(await get("/v1/nodes/1"), 400, "INVALID_REQUEST");
  });
});

describe("GET /v1/nodes/{nodeId}/delegators", () => {
  it("answers a page of delegators with the total", async () => {
    const { get } = await world();
    const all = {
      total: 2,
      delegators: [delegator(1, "100.00000000", FAKE_BOB), delegator(2, "50.00000000", FAKE_ALICE)],
    };
    expect(await get(`/v1/nodes/${NODE_1}/delegators`)).toEqual({ status: 200, body: all });
    expect((await get(`/v1/nodes/${NODE_1}/delegators?offset=1&limit=1`)).body).toEqual({
      total: 2,
      delegators: [delegator(2, "50.00000000", FAKE_ALICE)],
    });
    expect((await get(`/v1/nodes/${NODE_1}/delegators?offset=2`)).body).toEqual({ total: 2, delegators: [] });
    expect((await get(`/v1/nodes/${NODE_2}/delegators`)).body).toEqual({ total: 0, delegators: [] });
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=1001", "limit"],
    ["limit=ten", "limit"],
    ["offset=-1", "offset"],
    ["offset=1.5", "offset"],
  ])("400 for paging %s", async (query, field) => {
    const { get } = await world();
    expectError(await get(`/v1/nodes/${NODE_1}/delegators?${query}`), 400, "INVALID_REQUEST", {
      in: "querystring",
      field,
    });
  });

  it("404 NODE_NOT_FOUND for an unknown node", async () => {
    const { get } = await world();
    expectError(await get(`/v1/nodes/${"9".repeat(64)}/delegators`), 404, "NODE_NOT_FOUND");
  });
});

describe("GET /v1/nodes/{nodeId}/delegators/{delegatorId}", () => {
  it("answers DelegatorInfo plus the owner", async () => {
    const { get } = await world();
    expect(await get(`/v1/nodes/${NODE_1}/delegators/2`)).toEqual({
      status: 200,
      body: delegator(2, "50.00000000", FAKE_ALICE),
    });
  });

  it("404 DELEGATOR_NOT_FOUND for an unknown delegator, 400 for an ID that is not one", async () => {
    const { get } = await world();
    expectError(await get(`/v1/nodes/${NODE_1}/delegators/3`), 404, "DELEGATOR_NOT_FOUND", {
      nodeId: NODE_1,
      delegatorId: 3,
    });
    expectError(await get(`/v1/nodes/${"9".repeat(64)}/delegators/1`), 404, "NODE_NOT_FOUND");
    expectError(await get(`/v1/nodes/${NODE_1}/delegators/0`), 400, "INVALID_REQUEST", {
      in: "params",
      field: "delegatorId",
    });
    expectError(await get(`/v1/nodes/${NODE_1}/delegators/x`), 400, "INVALID_REQUEST");
  });
});

describe("GET /v1/delegators?owner=", () => {
  it("answers the delegators the account holds", async () => {
    const { get } = await world();
    expect(await get(`/v1/delegators?owner=${FAKE_BOB}`)).toEqual({
      status: 200,
      body: { delegators: [delegator(1, "100.00000000", FAKE_BOB)] },
    });
    expect((await get(`/v1/delegators?owner=${FAKE_ADMIN}`)).body).toEqual({ delegators: [] });
  });

  it("400 without an owner, 404 for an unknown account", async () => {
    const { get } = await world();
    expectError(await get("/v1/delegators"), 400, "INVALID_REQUEST", { in: "querystring", field: "owner" });
    expectError(await get(`/v1/delegators?owner=${FAKE_NOBODY}`), 404, "ACCOUNT_NOT_FOUND");
  });
});

describe("GET /v1/tables/…", () => {
  it("answers the current, proposed and approved node IDs and the candidates", async () => {
    const { fake, get } = await world();
    fake.systemBlock([{ op: "set_approved_nodes", nodeIds: [NODE_2] }]);
    expect(await get("/v1/tables/current")).toEqual({ status: 200, body: { nodeIds: [] } });
    expect((await get("/v1/tables/proposed")).body).toEqual({ nodeIds: [NODE_2] });
    expect((await get("/v1/tables/approved")).body).toEqual({ nodeIds: [NODE_2] });
    expect((await get("/v1/tables/candidates")).body).toEqual({
      "1": [NODE_1],
      "2": [NODE_2],
      "3": [],
      "4": [],
      "5": [],
    });
    startEpochOne(fake);
    expect((await get("/v1/tables/current")).body).toEqual({ nodeIds: [NODE_1, NODE_2] });
  });

  it("400 for a table it does not have", async () => {
    const { get } = await world();
    expectError(await get("/v1/tables/everything"), 400, "INVALID_REQUEST", { in: "params", field: "table" });
  });
});

describe("GET /v1/epoch and /v1/params", () => {
  it("answers the epoch", async () => {
    const { get } = await world();
    const day = 24 * 3600_000;
    expect(await get("/v1/epoch")).toEqual({
      status: 200,
      body: {
        counter: 0,
        phase: "staking_auction",
        stakingEnabled: true,
        startedAt: FAKE_GENESIS_TIME,
        stakingAuctionEndsAt: FAKE_GENESIS_TIME + 6 * day,
        setupEndsAt: FAKE_GENESIS_TIME + 6 * day + day / 2,
        epochEndsAt: FAKE_GENESIS_TIME + 7 * day,
        mode: "manual",
        payout: "1250000.00000000",
        totalStaked: ZERO,
        totalStakedByRole: { "1": ZERO, "2": ZERO, "3": ZERO, "4": ZERO, "5": ZERO },
        totalSupply: "20001000.00000000",
        feeVault: ZERO,
        automaticRewards: { enabled: false, supplyIncreasePercentage: ZERO, bonusTokens: ZERO },
        pendingRewards: null,
      },
    });
  });

  it("answers the epoch's stake and the stored rewards as the epochs turn", async () => {
    const { fake, get } = await world();
    startEpochOne(fake);
    fake.systemBlock([{ op: "epoch_setup" }]);
    fake.systemBlock([{ op: "epoch_commit" }]);
    expect((await get("/v1/epoch")).body).toMatchObject({
      counter: 1,
      phase: "epoch_committed",
      stakingEnabled: false,
      totalStaked: "900150.00000000",
      totalStakedByRole: { "1": "300150.00000000", "2": "600000.00000000", "3": ZERO, "4": ZERO, "5": ZERO },
      pendingRewards: { epochCounter: 1, totalRewards: "1250000.00000000", paid: false },
    });
  });

  it("answers the parameters", async () => {
    const { get } = await world();
    const each = <T>(value: T) => ({ "1": value, "2": value, "3": value, "4": value, "5": value });
    expect(await get("/v1/params")).toEqual({
      status: 200,
      body: {
        minimumStakes: {
          "1": "250000.00000000",
          "2": "500000.00000000",
          "3": "1250000.00000000",
          "4": "135000.00000000",
          "5": "100.00000000",
        },
        delegatorMinimum: "50.00000000",
        rewardCut: "0.08000000",
        epochTokenPayout: "1250000.00000000",
        candidateNodeLimits: each(10_000),
        slotLimits: each(10_000),
        openSlots: {},
        transactionFee: "0.00001000",
        epochTiming: { epochLengthMs: 7 * 24 * 3600_000, stakingAuctionMs: 6 * 24 * 3600_000, setupMs: 12 * 3600_000 },
        rewardRatios: { "1": "0.16800000", "2": "0.51800000", "3": "0.07800000", "4": "0.23600000", "5": ZERO },
        maxPoolFee: "0.50000000",
        slashing: { maxSlashFraction: "0.50000000", caseEpochs: 2, slashDelegators: true },
      },
    });
  });
});

describe("GET /v1/rewards/quote", () => {
  // Epoch 1 stakes 900,150: rate = 1,250,000 / 900,150 = 1.38865744 (truncated). Node 1: 300,000 × rate =
  // 416,597.232 plus 8% of each delegator's 100 × rate = 138.865744 and 50 × rate = 69.4328720.
  const node1 = "416613.89588928";
  const delegator1 = "127.75648448";
  const delegator2 = "63.87824224";
  const node2 = "833194.46400000";

  it("409 AUCTION_IN_PROGRESS while the auction is open", async () => {
    const { fake, get } = await world();
    expectError(await get(`/v1/rewards/quote?nodeId=${NODE_1}`), 409, "AUCTION_IN_PROGRESS", { epochCounter: 0 });
    startEpochOne(fake);
    expectError(await get(`/v1/rewards/quote?nodeId=${NODE_1}`), 409, "AUCTION_IN_PROGRESS", { epochCounter: 1 });
  });

  it("calculates the quote once the auction has closed, then reads the stored rewards", async () => {
    const { fake, get } = await world();
    startEpochOne(fake);
    fake.systemBlock([{ op: "epoch_setup" }]);
    const quote = (query: string) => get(`/v1/rewards/quote?${query}`);
    expect(await quote(`nodeId=${NODE_1}`)).toEqual({
      status: 200,
      body: { epochCounter: 1, nodeId: NODE_1, reward: node1, source: "calculated" },
    });
    expect((await quote(`nodeId=${NODE_1}&delegatorId=1`)).body).toEqual({
      epochCounter: 1,
      nodeId: NODE_1,
      delegatorId: 1,
      reward: delegator1,
      source: "calculated",
    });
    fake.systemBlock([{ op: "epoch_commit" }]);
    expect((await quote(`nodeId=${NODE_1}`)).body).toEqual({
      epochCounter: 1,
      nodeId: NODE_1,
      reward: node1,
      source: "stored",
    });
    expect((await quote(`nodeId=${NODE_1}&delegatorId=2`)).body).toMatchObject({
      reward: delegator2,
      source: "stored",
    });
    expect((await quote(`nodeId=${NODE_2}`)).body).toMatchObject({ reward: node2, source: "stored" });
  });

  it("quotes 0 for a staker the payout does not reach", async () => {
    const { fake, get } = await world();
    startEpochOne(fake);
    await fake.submit({
      payload: { type: "register_delegator", args: { nodeId: NODE_1, amount: "60.0" }, authorizer: FAKE_BOB },
    });
    fake.systemBlock([{ op: "epoch_setup" }]);
    expect((await get(`/v1/rewards/quote?nodeId=${NODE_1}&delegatorId=3`)).body).toMatchObject({
      delegatorId: 3,
      reward: ZERO,
    });
  });

  it("404 for an unknown node or delegator, 400 without a node ID", async () => {
    const { fake, get } = await world();
    startEpochOne(fake);
    fake.systemBlock([{ op: "epoch_setup" }]);
    expectError(await get(`/v1/rewards/quote?nodeId=${"9".repeat(64)}`), 404, "NODE_NOT_FOUND");
    expectError(await get(`/v1/rewards/quote?nodeId=${NODE_1}&delegatorId=9`), 404, "DELEGATOR_NOT_FOUND");
    expectError(await get("/v1/rewards/quote"), 400, "INVALID_REQUEST", { in: "querystring", field: "nodeId" });
  });
});

describe("GET /v1/query/{name}", () => {
  it("answers any plan query with its result, formatted as the simulator does", async () => {
    const { get } = await world();
    expect(await get(`/v1/query/node_info?nodeId=${NODE_1}`)).toEqual({
      status: 200,
      body: { result: nodeInfo1() },
    });
    const { owner: _owner, ...info } = delegator(1, "100.00000000", FAKE_BOB);
    expect((await get(`/v1/query/delegator_info?nodeId=${NODE_1}&delegatorId=1`)).body).toEqual({ result: info });
    expect((await get(`/v1/query/node_total_commitment?nodeId=${NODE_1}`)).body).toEqual({
      result: "300150.00000000",
    });
    expect((await get(`/v1/query/balance?account=${FAKE_ALICE}`)).body).toEqual({ result: "9699950.00000000" });
    expect((await get("/v1/query/table")).body).toEqual({ result: [NODE_1, NODE_2] });
    expect((await get("/v1/query/role_counts")).body).toEqual({ result: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 } });
    expect((await get("/v1/query/staking_enabled")).body).toEqual({ result: true });
    expect((await get("/v1/query/epoch_counter")).body).toEqual({ result: 0 });
    expect((await get("/v1/query/total_staked_by_role?role=1")).body).toEqual({ result: ZERO });
  });

  it("refuses what the query refuses, with the query's code", async () => {
    const { get } = await world();
    expectError(await get("/v1/query/node_info"), 400, "INVALID_ARGUMENT", { field: "nodeId" });
    expectError(await get(`/v1/query/node_info?nodeId=${"9".repeat(64)}`), 404, "NODE_NOT_FOUND");
    expectError(await get(`/v1/query/delegator_info?nodeId=${NODE_1}&delegatorId=7`), 404, "DELEGATOR_NOT_FOUND");
    expectError(await get(`/v1/query/balance?account=${FAKE_NOBODY}`), 404, "ACCOUNT_NOT_FOUND");
    expectError(await get("/v1/query/total_staked_by_role?role=9"), 400, "INVALID_ROLE");
  });

  it("400 for a query it does not know or an argument that is not a number", async () => {
    const { get } = await world();
    expectError(await get("/v1/query/everything"), 400, "INVALID_REQUEST", { in: "params", field: "name" });
    expectError(await get("/v1/query/total_staked_by_role?role=x"), 400, "INVALID_REQUEST", {
      in: "querystring",
      field: "role",
    });
    expectError(await get(`/v1/query/delegator_info?nodeId=${NODE_1}&delegatorId=-1`), 400, "INVALID_REQUEST");
  });
});

it("reads never change the state", async () => {
  const { fake, get } = await world();
  startEpochOne(fake);
  fake.systemBlock([{ op: "epoch_setup" }]);
  const before = stateHash(fake.state);
  for (const url of [
    `/v1/accounts/${FAKE_BOB}`,
    "/v1/nodes",
    `/v1/nodes/${NODE_1}`,
    `/v1/nodes/${NODE_1}/delegators`,
    `/v1/delegators?owner=${FAKE_BOB}`,
    "/v1/tables/proposed",
    "/v1/tables/candidates",
    "/v1/epoch",
    "/v1/params",
    `/v1/rewards/quote?nodeId=${NODE_1}&delegatorId=1`,
    "/v1/query/proposed_table",
  ]) {
    expect((await get(url)).status, url).toBe(200);
  }
  expect(stateHash(fake.state)).toBe(before);
});
