/**
 * The pool and slashing views: their tables for people, and the built CLI (`npm run build` first) against the
 * node's real HTTP server over the fake service, whose `--json` must be the API's JSON exactly.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PoolInfo, SlashingCase } from "../client/index.js";
import type { AccountId } from "../core/ids.js";
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
  registerNodeArgs,
  seedLedger,
} from "../node/http/fake-service.js";
import { buildHttpServer } from "../node/http/server.js";
import {
  casesTable,
  describeCase,
  describeMember,
  describePool,
  poolsTable,
  shareValue,
  tallyText,
} from "./pool-views.js";

const CLI = resolve("dist/src/cli/main.js");
const NODE_3 = "3".padStart(64, "0");
const ZERO = "0.00000000";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let app: FastifyInstance;
let url = "";

function run(args: readonly string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      "node",
      [CLI, ...args, "--node", url],
      { env: { ...process.env, FLOWSTAKE_NODE: "" }, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
  });
}

async function api(path: string): Promise<unknown> {
  return (await app.inject({ method: "GET", url: path })).json();
}

/**
 * Alice's node 1 is pool 1 (fee 0.1), bob joined it with 1,000; alice's consensus node 3 and bob's node 2 are staked
 * from epoch 1. In epoch 1, bob leaves the pool with 400; case 1 (node 2 against node 1, fine 0.1) gets node 2's yes
 * and stays open; case 2 (node 3 against node 1, fine 0.2) is adjudicated by both.
 */
beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const fake = createFakeService();
  await seedLedger(fake);
  await fake.submit(fakeEnvelope(FAKE_ALICE, "register_node", registerNodeArgs(3, 2, "600000.0"), 2));
  await fake.submit(
    fakeEnvelope(FAKE_ALICE, "open_pool", { nodeId: NODE_1, fee: "0.1", minimumJoin: "100", extraLockEpochs: 0 }, 3),
  );
  await fake.submit(fakeEnvelope(FAKE_BOB, "join_pool", { poolId: 1, amount: "1000" }, 2));
  fake.systemBlock([{ op: "set_approved_nodes", nodeIds: [NODE_1, NODE_2, NODE_3] }]);
  advanceEpoch(fake);
  await fake.submit(fakeEnvelope(FAKE_BOB, "leave_pool", { poolId: 1, amount: "400" }, 3));
  const evidenceHash = "ab".repeat(32);
  const signature = "cd".repeat(48);
  const steps: [AccountId, number, string, Record<string, unknown>][] = [
    [FAKE_BOB, 4, "open_slashing_case", { nodeId: NODE_2, accused: NODE_1, evidenceHash, fine: "0.1" }],
    [FAKE_BOB, 5, "vote_on_slashing_case", { caseId: 1, nodeId: NODE_2, vote: "yes", signature }],
    [FAKE_ALICE, 4, "open_slashing_case", { nodeId: NODE_3, accused: NODE_1, evidenceHash, fine: "0.2" }],
    [FAKE_BOB, 6, "vote_on_slashing_case", { caseId: 2, nodeId: NODE_2, vote: "yes", signature }],
    [FAKE_ALICE, 5, "vote_on_slashing_case", { caseId: 2, nodeId: NODE_3, vote: "yes", signature }],
  ];
  for (const [signer, seq, type, args] of steps) {
    await fake.submit(fakeEnvelope(signer, type, args, seq));
  }
  app = buildHttpServer(fake, { logger: false });
  await app.listen({ host: "127.0.0.1", port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}, 30_000);

afterAll(async () => {
  await app?.close();
});

function succeeded(result: Run): string {
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

describe("the built CLI's pool and slashing views", () => {
  it("--json prints exactly what each route answers", async () => {
    const cases: [string[], string][] = [
      [["pool", "show", "1"], "/v1/pools/1"],
      [["pool", "list"], "/v1/pools"],
      [["pool", "list", "--account", FAKE_BOB], `/v1/accounts/${FAKE_BOB}/pools`],
      [["pool", "member", "1", FAKE_BOB], `/v1/pools/1/members/${FAKE_BOB}`],
      [["pool", "member", "1", `0x${FAKE_ALICE.toUpperCase()}`], `/v1/pools/1/members/${FAKE_ALICE}`],
      [["slashing", "case", "2"], "/v1/slashing/cases/2"],
      [["slashing", "cases"], "/v1/slashing/cases"],
      [["slashing", "cases", "--status", "open"], "/v1/slashing/cases?status=open"],
      [
        ["query", "pool_member", "--pool-id", "1", "--account", FAKE_BOB],
        `/v1/query/pool_member?poolId=1&account=${FAKE_BOB}`,
      ],
      [["query", "slashing_case", "--case-id", "1"], "/v1/query/slashing_case?caseId=1"],
      [["params"], "/v1/params"],
    ];
    for (const [args, path] of cases) {
      const expected = await api(path);
      expect(JSON.parse(succeeded(await run([...args, "--json"]))), args.join(" ")).toEqual(expected);
    }
    expect(((await api("/v1/slashing/cases?status=open")) as { cases: unknown[] }).cases).toHaveLength(1);
  }, 30_000);

  it("prints tables for people", async () => {
    const pool = succeeded(await run(["pool", "show", "1"]));
    expect(pool).toContain(`pool 1: node ${NODE_1}`);
    expect(pool).toMatch(/operator\s+│ 0000000000000002/);
    expect(pool).toContain("leavers' cohorts");
    const list = succeeded(await run(["pool", "list"]));
    expect(list).toContain("00000000…000001");
    const member = succeeded(await run(["pool", "member", "1", FAKE_BOB]));
    expect(member).toContain(`member ${FAKE_BOB} of pool 1`);
    expect(member).toContain("tickets");
    const mine = succeeded(await run(["pool", "list", "--account", FAKE_ALICE]));
    expect(mine).toContain("operator, member");
    expect(succeeded(await run(["pool", "list", "--account", FAKE_ADMIN]))).toBe("no pools\n");
    const slashingCase = succeeded(await run(["slashing", "case", "2"]));
    expect(slashingCase).toContain("slashing case 2: adjudicated");
    expect(slashingCase).toContain(`accused  ${NODE_1}`);
    expect(slashingCase).toContain(`evidence ${"ab".repeat(32)}`);
    expect(slashingCase).toContain("more than two thirds");
    const cases = succeeded(await run(["slashing", "cases"]));
    expect(cases).toContain("1 yes, 0 no");
    expect(succeeded(await run(["slashing", "cases", "--status", "expired"]))).toBe("no cases\n");
    expect(succeeded(await run(["params"]))).toContain("max slash fraction");
  }, 30_000);

  it("exits 1 with the node's code for what is not there, 2 for what is malformed", async () => {
    expect(await run(["pool", "show", "9"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "flowstake: POOL_NOT_FOUND: no pool 9\n",
    });
    const notMember = await run(["pool", "member", "1", FAKE_NOBODY]);
    expect([notMember.code, notMember.stderr]).toEqual([1, expect.stringMatching(/^flowstake: NOT_FOUND: /)]);
    const noCase = await run(["slashing", "case", "7"]);
    expect([noCase.code, noCase.stderr]).toEqual([1, "flowstake: SLASHING_CASE_NOT_FOUND: no slashing case 7\n"]);
    for (const args of [
      ["pool", "show", "x"],
      ["pool", "show", "0"],
      ["pool", "member", "1", "nobody"],
      ["slashing", "case", "-1"],
      ["slashing", "cases", "--status", "closed"],
      ["query", "pool_info", "--pool-id", "one"],
      // A vote signed here is checked before the node is asked for its case or any key is read.
      [
        "slashing",
        "vote",
        "--key",
        "nobody",
        "--case-id",
        "x",
        "--node-id",
        NODE_2,
        "--vote",
        "yes",
        "--staking-keys",
        "/none",
      ],
      [
        "slashing",
        "vote",
        "--key",
        "nobody",
        "--case-id",
        "1",
        "--node-id",
        NODE_2,
        "--vote",
        "maybe",
        "--staking-keys",
        "/none",
      ],
    ]) {
      const result = await run(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout, args.join(" ")).toBe("");
    }
    // A vote signed here is checked before the node is asked for its case or any key is read.
    const vote = ["slashing", "vote", "--key", "nobody", "--node-id", NODE_2, "--staking-keys", "/none"];
    const badCase = await run([...vote, "--case-id", "x", "--vote", "yes"]);
    expect([badCase.code, badCase.stderr]).toEqual([2, expect.stringContaining("--case-id")]);
    const badVote = await run([...vote, "--case-id", "1", "--vote", "maybe"]);
    expect([badVote.code, badVote.stderr]).toEqual([2, expect.stringContaining('"maybe"')]);
  }, 30_000);
});

describe("the views' text", () => {
  const pool: PoolInfo = {
    id: 2,
    account: "0000000000000009",
    operator: FAKE_ALICE,
    nodeID: NODE_1,
    delegatorID: 3,
    fee: "0.10000000",
    pendingFee: { fee: "0.20000000", effectiveEpoch: 7 },
    minimumJoin: "100.00000000",
    extraLockEpochs: 1,
    record: {
      committed: ZERO,
      staked: "900.00000000",
      unstaking: ZERO,
      unstaked: ZERO,
      rewarded: "3.00000000",
      requestedToUnstake: "100.00000000",
    },
    reserved: "100.00000000",
    value: "800.00000000",
    totalShares: "300.00000000",
    rewardPerShare: "10000000000000000",
    operatorFees: "1.00000000",
    totalClaimable: "0.50000000",
    members: 2,
    cohorts: [
      {
        key: "5",
        unstakedFrom: 7,
        readyEpoch: 8,
        nominal: "100.00000000",
        value: "100.00000000",
        paid: ZERO,
        outstanding: "100.00000000",
        outstandingTickets: 1,
      },
    ],
  };

  it("shows a pool with its fee to come, its share value and its cohorts", () => {
    const text = describePool(pool);
    expect(text).toMatch(new RegExp(`^pool 2: delegator 3 of ${NODE_1}\n`));
    expect(text).toContain("0.10000000 (0.20000000 from epoch 7)");
    expect(text).toContain("2.66666666");
    expect(text).toMatch(/│ 5\s+│ 7\s+│ 8\s+│/);
    expect(describePool({ ...pool, cohorts: [] })).toContain("no leavers' cohorts");
    expect(poolsTable([pool])).toContain("delegator 3 of 00000000…000001");
  });

  it("values a share at V ÷ shares, truncated, and nothing without shares", () => {
    expect(shareValue({ value: "800.00000000", totalShares: "300.00000000" })).toBe("2.66666666");
    expect(shareValue({ value: "1.00000000", totalShares: "1.00000000" })).toBe("1.00000000");
    expect(shareValue({ value: ZERO, totalShares: ZERO })).toBe("—");
  });

  it("shows a member's tickets, or says it has none", () => {
    const member = { poolId: 2, account: FAKE_BOB, shares: "1.00000000", principal: "2.00000000", claimable: ZERO };
    expect(describeMember({ ...member, tickets: [] })).toContain("no tickets");
    const text = describeMember({
      ...member,
      tickets: [{ cohort: "immediate@3", units: "5.00000000", value: "4.50000000", readyEpoch: 4 }],
    });
    expect(text).toMatch(/│ immediate@3\s+│ 5\.00000000\s+│ 4\.50000000\s+│ 4\s+│/);
  });

  it("says where a tally stands against two thirds", () => {
    expect(tallyText({ yesStake: "1000000.00000002", totalStake: "1500000.00000003" })).toBe(
      "yes 1000000.00000002 of 1500000.00000003: exactly two thirds, not more",
    );
    expect(tallyText({ yesStake: "1000000.00000003", totalStake: "1500000.00000003" })).toContain(
      ": more than two thirds",
    );
    expect(tallyText({ yesStake: ZERO, totalStake: ZERO })).toContain(": not more than two thirds");
  });

  it("shows a case's votes in order and lists cases", () => {
    const c: SlashingCase = {
      caseId: 4,
      opener: NODE_2,
      accused: NODE_1,
      evidenceHash: "ab".repeat(32),
      fine: "0.10000000",
      status: "open",
      openedEpoch: 1,
      expiresAtEpoch: 3,
      closedEpoch: null,
      totalBurned: ZERO,
      votes: [
        { nodeId: NODE_2, vote: "yes" },
        { nodeId: NODE_3, vote: "no" },
      ],
      yesStake: "1.00000000",
      totalStake: "3.00000000",
    };
    const text = describeCase(c);
    expect(text).toMatch(new RegExp(`│ 1\\s+│ ${NODE_2} │ yes\\s+│[\\s\\S]*│ 2\\s+│ ${NODE_3} │ no\\s+│`));
    expect(describeCase({ ...c, votes: [] })).toContain("no votes");
    expect(casesTable([c])).toContain("1 yes, 1 no");
  });
});
