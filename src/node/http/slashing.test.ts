/**
 * The slashing routes over the fake service (format key validation: a vote's signature is checked for its shape):
 * a case that expired, one adjudicated, one open; the list by status, each entry as `slashing_case` answers; the
 * parameters; the 404s and 400s.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { AccountId } from "../../core/ids.js";
import { stateHash } from "../../core/state-hash.js";
import {
  advanceEpoch,
  createFakeService,
  FAKE_ADMIN,
  FAKE_ALICE,
  FAKE_BOB,
  type FakeService,
  fakeEnvelope,
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

const ZERO = "0.00000000";
const NODE_3 = "3".padStart(64, "0");
const EVIDENCE = "ab".repeat(32);
/** Any 96 lowercase hex characters pass in format mode. */
const SIGNATURE = "cd".repeat(48);

function serve(fake: FakeService) {
  const app = buildHttpServer(fake, { logger: false });
  servers.push(app);
  return async (url: string) => {
    const response = await app.inject({ method: "GET", url });
    return { status: response.statusCode, body: response.json() as unknown };
  };
}

function expectError(response: { status: number; body: unknown }, status: number, code: string, details?: object) {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({
    error: { code, message: expect.any(String), details: details ?? expect.any(Object) },
  });
}

/**
 * The seeded world plus alice's consensus node 3 (600,000), all three nodes approved and staked from epoch 1: the
 * consensus stake is node 2's 600,000 and node 3's 600,000.
 *
 * Epoch 1: case 1, node 2 against node 1 (fine 0.1), node 2 votes yes: 600,000 of 1,200,000 is not more than two
 * thirds. It expires when epoch 3 begins (opened in 1, open for 2 epochs).
 * Epoch 3: case 2, node 3 against node 1 (fine 0.2): node 2 yes, then node 3 yes: 1,200,000 of 1,200,000, the fine
 * is taken. Case 3, node 2 against node 3 (fine 0.05): node 2 votes no; it stays open.
 */
async function world() {
  const fake = createFakeService();
  await seedLedger(fake);
  await fake.submit(fakeEnvelope(FAKE_ALICE, "register_node", registerNodeArgs(3, 2, "600000.0"), 2));
  fake.systemBlock([{ op: "set_approved_nodes", nodeIds: [NODE_1, NODE_2, NODE_3] }]);
  advanceEpoch(fake);
  const open = (signer: AccountId, seq: number, nodeId: string, accused: string, fine: string) =>
    fake.submit(fakeEnvelope(signer, "open_slashing_case", { nodeId, accused, evidenceHash: EVIDENCE, fine }, seq));
  const vote = (signer: AccountId, seq: number, caseId: number, nodeId: string, value: "yes" | "no") =>
    fake.submit(
      fakeEnvelope(signer, "vote_on_slashing_case", { caseId, nodeId, vote: value, signature: SIGNATURE }, seq),
    );
  expect((await open(FAKE_BOB, 2, NODE_2, NODE_1, "0.1")).result).toEqual({ caseId: 1 });
  expect((await vote(FAKE_BOB, 3, 1, NODE_2, "yes")).result).toEqual({ caseId: 1, adjudicated: false });
  advanceEpoch(fake);
  advanceEpoch(fake);
  const get = serve(fake);
  const before = (await get("/v1/epoch")).body;
  expect((await open(FAKE_ALICE, 3, NODE_3, NODE_1, "0.2")).result).toEqual({ caseId: 2 });
  expect((await vote(FAKE_BOB, 4, 2, NODE_2, "yes")).result).toEqual({ caseId: 2, adjudicated: false });
  const adjudicated = await vote(FAKE_ALICE, 4, 2, NODE_3, "yes");
  expect(adjudicated.result).toEqual({ caseId: 2, adjudicated: true });
  expect((await open(FAKE_BOB, 5, NODE_2, NODE_3, "0.05")).result).toEqual({ caseId: 3 });
  await vote(FAKE_BOB, 6, 3, NODE_2, "no");
  return { fake, get, before, adjudicated };
}

const CASE_1 = {
  caseId: 1,
  opener: NODE_2,
  accused: NODE_1,
  evidenceHash: EVIDENCE,
  fine: "0.10000000",
  status: "expired",
  openedEpoch: 1,
  expiresAtEpoch: 3,
  closedEpoch: 3,
  totalBurned: ZERO,
  votes: [{ nodeId: NODE_2, vote: "yes" }],
  // The tally as it would be computed now: node 2 is still a staked consensus participant.
  yesStake: "600000.00000000",
  totalStake: "1200000.00000000",
};

/* The fine of 0.2 on node 1 (staked 300,000) and its delegators (100 and 50): 60,000 + 20 + 10 = 60,030 burned. */
const CASE_2 = {
  caseId: 2,
  opener: NODE_3,
  accused: NODE_1,
  evidenceHash: EVIDENCE,
  fine: "0.20000000",
  status: "adjudicated",
  openedEpoch: 3,
  expiresAtEpoch: 5,
  closedEpoch: 3,
  totalBurned: "60030.00000000",
  votes: [
    { nodeId: NODE_2, vote: "yes" },
    { nodeId: NODE_3, vote: "yes" },
  ],
  yesStake: "1200000.00000000",
  totalStake: "1200000.00000000",
};

const CASE_3 = {
  caseId: 3,
  opener: NODE_2,
  accused: NODE_3,
  evidenceHash: EVIDENCE,
  fine: "0.05000000",
  status: "open",
  openedEpoch: 3,
  expiresAtEpoch: 5,
  closedEpoch: null,
  totalBurned: ZERO,
  votes: [{ nodeId: NODE_2, vote: "no" }],
  // The accused node 3 is a staked consensus participant: it counts in the total, not among the voters.
  yesStake: ZERO,
  totalStake: "1200000.00000000",
};

describe("GET /v1/slashing/cases/{caseId}", () => {
  it("answers each case as slashing_case does", async () => {
    const { get } = await world();
    expect(await get("/v1/slashing/cases/1")).toEqual({ status: 200, body: CASE_1 });
    expect(await get("/v1/slashing/cases/2")).toEqual({ status: 200, body: CASE_2 });
    expect(await get("/v1/slashing/cases/3")).toEqual({ status: 200, body: CASE_3 });
    for (const [id, view] of [
      [1, CASE_1],
      [2, CASE_2],
      [3, CASE_3],
    ] as const) {
      expect((await get(`/v1/query/slashing_case?caseId=${id}`)).body).toEqual({ result: view });
    }
  });

  it("404 SLASHING_CASE_NOT_FOUND for a case never opened, 400 for an ID that is not one", async () => {
    const { get } = await world();
    expectError(await get("/v1/slashing/cases/4"), 404, "SLASHING_CASE_NOT_FOUND", { caseId: 4 });
    for (const id of ["0", "x", "-2", "2.0", "1e1"]) {
      expectError(await get(`/v1/slashing/cases/${id}`), 400, "INVALID_REQUEST", { in: "params", field: "caseId" });
    }
  });
});

describe("GET /v1/slashing/cases", () => {
  it("lists every case by ID, or those with one status, each as the case route answers", async () => {
    const { get } = await world();
    expect(await get("/v1/slashing/cases")).toEqual({ status: 200, body: { cases: [CASE_1, CASE_2, CASE_3] } });
    expect((await get("/v1/slashing/cases?status=open")).body).toEqual({ cases: [CASE_3] });
    expect((await get("/v1/slashing/cases?status=adjudicated")).body).toEqual({ cases: [CASE_2] });
    expect((await get("/v1/slashing/cases?status=expired")).body).toEqual({ cases: [CASE_1] });
  });

  it("answers an empty list before any case", async () => {
    const get = serve(createFakeService());
    expect(await get("/v1/slashing/cases")).toEqual({ status: 200, body: { cases: [] } });
    expect((await get("/v1/slashing/cases?status=open")).body).toEqual({ cases: [] });
  });

  it("tallies each case as the query does when stakes change after the votes", async () => {
    const { fake, get } = await world();
    // Node 3 unstakes everything: from the next epoch it is no staked consensus participant, and node 2 is alone,
    // with a delegator of 250 whose stake counts as node 2's.
    await fake.submit(fakeEnvelope(FAKE_ALICE, "unstake_all", { nodeId: NODE_3 }, 5));
    await fake.submit(fakeEnvelope(FAKE_ALICE, "register_delegator", { nodeId: NODE_2, amount: "250" }, 6));
    advanceEpoch(fake);
    const listed = (await get("/v1/slashing/cases")).body as { cases: { caseId: number }[] };
    for (const entry of listed.cases) {
      expect((await get(`/v1/query/slashing_case?caseId=${entry.caseId}`)).body).toEqual({ result: entry });
      expect((await get(`/v1/slashing/cases/${entry.caseId}`)).body).toEqual(entry);
    }
    expect(listed.cases).toMatchObject([
      { yesStake: "600250.00000000", totalStake: "600250.00000000" },
      { yesStake: "600250.00000000", totalStake: "600250.00000000" },
      { status: "open", yesStake: ZERO, totalStake: "600250.00000000" },
    ]);
  });

  it("400 for a status it does not have", async () => {
    const { get } = await world();
    expectError(await get("/v1/slashing/cases?status=closed"), 400, "INVALID_REQUEST", {
      in: "querystring",
      field: "status",
    });
  });
});

describe("the fine, seen through the API", () => {
  it("burns from the supply and the role's total, and logs the slash in order", async () => {
    const { get, before, adjudicated } = await world();
    expect(adjudicated.events).toEqual([
      { type: "SlashingVoteCast", caseId: 2, voter: NODE_3, vote: "yes" },
      {
        type: "NodeSlashed",
        caseId: 2,
        nodeID: NODE_1,
        fromStaked: "60000.00000000",
        fromRequested: ZERO,
        fromUnstaking: ZERO,
        amount: "60000.00000000",
      },
      {
        type: "DelegatorSlashed",
        caseId: 2,
        nodeID: NODE_1,
        delegatorID: 1,
        fromStaked: "20.00000000",
        fromRequested: ZERO,
        fromUnstaking: ZERO,
        amount: "20.00000000",
      },
      {
        type: "DelegatorSlashed",
        caseId: 2,
        nodeID: NODE_1,
        delegatorID: 2,
        fromStaked: "10.00000000",
        fromRequested: ZERO,
        fromUnstaking: ZERO,
        amount: "10.00000000",
      },
      { type: "SlashingCaseAdjudicated", caseId: 2, accused: NODE_1, totalBurned: "60030.00000000" },
    ]);
    const after = (await get("/v1/epoch")).body as { totalSupply: string; totalStakedByRole: Record<string, string> };
    const was = before as typeof after;
    expect(after.totalStakedByRole["1"]).toBe("240120.00000000");
    expect(was.totalStakedByRole["1"]).toBe("300150.00000000");
    const supply = (text: string) => BigInt(text.replace(".", ""));
    expect(supply(was.totalSupply) - supply(after.totalSupply)).toBe(6_003_000_000_000n);
    const listed = (await get("/v1/events?type=SlashingCaseExpired&type=SlashingCaseAdjudicated")).body as {
      events: { event: unknown }[];
    };
    expect(listed.events.map((e) => e.event)).toEqual([
      { type: "SlashingCaseExpired", caseId: 1, accused: NODE_1 },
      { type: "SlashingCaseAdjudicated", caseId: 2, accused: NODE_1, totalBurned: "60030.00000000" },
    ]);
  });
});

describe("GET /v1/slashing/params and the slashing parameters in GET /v1/params", () => {
  it("answers the defaults, then what the admin set", async () => {
    const fake = createFakeService();
    const get = serve(fake);
    const defaults = { maxSlashFraction: "0.50000000", caseEpochs: 2, slashDelegators: true };
    expect(await get("/v1/slashing/params")).toEqual({ status: 200, body: defaults });
    expect((await get("/v1/params")).body).toMatchObject({ maxPoolFee: "0.50000000", slashing: defaults });
    await fake.submit(
      fakeEnvelope(FAKE_ADMIN, "set_slashing_params", {
        maxSlashFraction: "0.25",
        caseEpochs: 7,
        slashDelegators: false,
      }),
    );
    await fake.submit(fakeEnvelope(FAKE_ADMIN, "set_max_pool_fee", { value: "0.3" }, 1));
    const set = { maxSlashFraction: "0.25000000", caseEpochs: 7, slashDelegators: false };
    expect((await get("/v1/slashing/params")).body).toEqual(set);
    expect((await get("/v1/params")).body).toMatchObject({ maxPoolFee: "0.30000000", slashing: set });
  });
});

it("slashing reads never change the state", async () => {
  const { fake, get } = await world();
  const before = stateHash(fake.state);
  for (const url of [
    "/v1/slashing/cases",
    "/v1/slashing/cases?status=open",
    "/v1/slashing/cases/2",
    "/v1/slashing/params",
  ]) {
    expect((await get(url)).status, url).toBe(200);
  }
  expect(stateHash(fake.state)).toBe(before);
});
