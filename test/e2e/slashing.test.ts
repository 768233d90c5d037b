/**
 * Slashing end to end through a real node (HTTP, real account signatures, manual epochs): three consensus nodes
 * with real staking keys from `generateNodeKeys()`, whose stakes put the two-thirds boundary where a vote can land
 * on it exactly; votes signed with `blsSign` over `slashingVoteMessage` under `SLASHING_VOTE_TAG`; a case that
 * stops at exactly two thirds and expires, one adjudicated by just over two thirds; a forged and a duplicate vote
 * refused with their codes and no change; the fine burned from the supply, the role's total, the accused's
 * delegator and the pool holding it, with its events. A second test votes with the built CLI
 * (`flowstake slashing vote --staking-keys FILE`). After each, the node stops and `flowstake verify` replays the log.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createClient,
  type FlowstakeClient,
  type SlashingCase,
  type TransactionOutcome,
} from "../../src/client/index.js";
import { parseAmount } from "../../src/core/amount.js";
import { SLASHING_VOTE_TAG, slashingVoteMessage } from "../../src/core/slashing/votes.js";
import { blsSign, generateNodeKeys, type NodeKeys } from "../../src/crypto/index.js";
import { type RunningNode, startNode } from "../../src/node/start.js";
import {
  adminSigner,
  amountText,
  cleanupAfterEach,
  createAccount,
  e2eGenesis,
  initDataDir,
  refusal,
  requireBuiltCli,
  runCli,
  type Signer,
  send,
  tempDir,
  units,
  verifyDataDir,
} from "./support.js";

const TIMING = { epochLengthMs: 600_000, stakingAuctionMs: 500_000, setupMs: 50_000 };
const ZERO = amountText(0n);

const cleanup = cleanupAfterEach();

/** A vote as its node's operator signs it: BLS with the node's staking key over the canonical vote message. */
function voteSignature(keys: NodeKeys, c: SlashingCase, vote: "yes" | "no"): string {
  const message = slashingVoteMessage({
    caseId: c.caseId,
    accused: c.accused,
    evidenceHash: c.evidenceHash,
    fine: parseAmount(c.fine),
    vote,
  });
  return blsSign(keys.stakingKey.privateKey, message, SLASHING_VOTE_TAG);
}

interface Started {
  client: FlowstakeClient;
  admin: Signer;
  /** The admin ends the epoch and starts the next; the outcomes of the four phase transactions. */
  nextEpoch(): Promise<TransactionOutcome[]>;
  /** Restarts the node (the same views after), stops it, then `flowstake verify` must find the log whole. */
  stopAndVerify(): Promise<void>;
}

async function startManualNode(prefix: string): Promise<Started> {
  requireBuiltCli();
  const data = tempDir(prefix);
  cleanup(() => data.remove());
  const admin = adminSigner();
  initDataDir(data.dir, e2eGenesis(admin, TIMING));
  let running: RunningNode | null = await startNode({ dataDir: data.dir, port: 0, mode: "manual" });
  cleanup(async () => {
    await running?.close();
  });
  const client = createClient(running.url);
  return {
    client,
    admin,
    async nextEpoch() {
      const outcomes: TransactionOutcome[] = [];
      for (const type of ["epoch_setup", "epoch_commit", "epoch_start", "epoch_pay_rewards"]) {
        outcomes.push(await send(client, admin, type, {}));
      }
      return outcomes;
    },
    async stopAndVerify() {
      // A restart (from the snapshot taken at the last epoch start, then the blocks after it) shows the same cases.
      const view = async (c: FlowstakeClient) => ({
        latest: await c.getLatestBlock(),
        cases: await c.listSlashingCases(),
        pools: await c.listPools(),
        epoch: await c.getEpoch(),
        params: await c.getSlashingParams(),
      });
      const before = await view(client);
      await running?.close();
      running = await startNode({ dataDir: data.dir, port: 0, mode: "manual" });
      expect(await view(createClient(running.url))).toEqual(before);
      const height = before.latest.height;
      await running.close();
      running = null;
      const { run, report } = await verifyDataDir(data.dir);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(report).toMatchObject({ ok: true, height });
    },
  };
}

async function registerNode(
  client: FlowstakeClient,
  owner: Signer,
  keys: NodeKeys,
  role: number,
  amount: string,
): Promise<string> {
  const outcome = await send(client, owner, "register_node", {
    nodeId: keys.nodeId,
    role,
    networkingAddress: `${keys.nodeId.slice(0, 12)}.example.org:3569`,
    networkingKey: keys.networkingKey.publicKey,
    stakingKey: keys.stakingKey.publicKey,
    stakingKeyPoP: keys.stakingKeyPoP,
    amount,
  });
  expect(outcome.result).toEqual({ nodeId: keys.nodeId });
  return keys.nodeId;
}

describe("slashing on a real node", () => {
  it("adjudicates just over two thirds, not exactly two thirds, refuses forged and repeated votes, burns the fine", async () => {
    const { client, admin, nextEpoch, stopAndVerify } = await startManualNode("slashing");
    const alice = await createAccount(client, admin, "600000.0");
    const bob = await createAccount(client, admin, "600000.0");
    const carol = await createAccount(client, admin, "600000.0");
    const dave = await createAccount(client, admin, "300000.0");
    const erin = await createAccount(client, admin, "20000.0");
    const frank = await createAccount(client, admin, "2000.0");

    /*
     * The consensus stake: A = 500,000.00000002, B = 500,000, C = 500,000.00000001 (no delegators), in all
     * T = 1,500,000.00000003, so 2T = 3,000,000.00000006.
     *   A + B = 1,000,000.00000002: 3 × (A + B) = 3,000,000.00000006 = 2T — exactly two thirds, not enough;
     *   A + C = 1,000,000.00000003: 3 × (A + C) = 3,000,000.00000009 > 2T — just over two thirds.
     */
    const keysA = generateNodeKeys();
    const keysB = generateNodeKeys();
    const keysC = generateNodeKeys();
    const keysD = generateNodeKeys();
    const nodeA = await registerNode(client, alice, keysA, 2, "500000.00000002");
    const nodeB = await registerNode(client, bob, keysB, 2, "500000");
    const nodeC = await registerNode(client, carol, keysC, 2, "500000.00000001");
    // The accused: dave's collection node D (250,000), the record of dave's pool, which erin joins with 10,000;
    // frank delegates 1,000 to it directly.
    const nodeD = await registerNode(client, dave, keysD, 1, "250000");
    const opened = await send(client, dave, "open_pool", {
      nodeId: nodeD,
      fee: "0.1",
      minimumJoin: "100",
      extraLockEpochs: 0,
    });
    expect(opened.result).toMatchObject({ poolId: 1 });
    await send(client, erin, "join_pool", { poolId: 1, amount: "10000" });
    await send(client, frank, "register_delegator", { nodeId: nodeD, amount: "1000" });
    await send(client, admin, "set_approved_nodes", { nodeIds: [nodeA, nodeB, nodeC, nodeD] });
    await nextEpoch();
    const epoch1 = await client.getEpoch();
    expect(epoch1).toMatchObject({ counter: 1, phase: "staking_auction" });
    expect(epoch1.totalStakedByRole["2"]).toBe("1500000.00000003");
    expect(epoch1.totalStakedByRole["1"]).toBe("261000.00000000");

    // Epoch 1. Erin takes 4,000 out of the pool: requested from the record's staked tokens, cohort "1", ready at 3.
    const left = await send(client, erin, "leave_pool", { poolId: 1, amount: "4000" });
    expect(left.events.at(-1)).toMatchObject({ tickets: [{ cohort: "1", amount: "4000.00000000", readyEpoch: 3 }] });

    // Case 1, opened by C against D with a fine of 0.1: A and B vote yes — exactly two thirds.
    const evidenceHash = "5e".repeat(32);
    const case1 = await send(client, carol, "open_slashing_case", {
      nodeId: nodeC,
      accused: nodeD,
      evidenceHash,
      fine: "0.1",
    });
    expect(case1.result).toEqual({ caseId: 1 });
    expect(case1.events).toEqual([
      {
        type: "SlashingCaseOpened",
        caseId: 1,
        opener: nodeC,
        accused: nodeD,
        evidenceHash,
        fine: "0.10000000",
        expiresAtEpoch: 3,
      },
    ]);
    const open1 = await client.getSlashingCase(1);
    const vote = (signer: Signer, nodeId: string, c: SlashingCase, keys: NodeKeys, value: "yes" | "no" = "yes") =>
      send(client, signer, "vote_on_slashing_case", {
        caseId: c.caseId,
        nodeId,
        vote: value,
        signature: voteSignature(keys, c, value),
      });
    expect((await vote(alice, nodeA, open1, keysA)).result).toEqual({ caseId: 1, adjudicated: false });
    const byB = await vote(bob, nodeB, open1, keysB);
    expect(byB.result).toEqual({ caseId: 1, adjudicated: false });
    expect(byB.events).toEqual([{ type: "SlashingVoteCast", caseId: 1, voter: nodeB, vote: "yes" }]);
    const stalled = await client.getSlashingCase(1);
    expect(stalled).toEqual({
      caseId: 1,
      opener: nodeC,
      accused: nodeD,
      evidenceHash,
      fine: "0.10000000",
      status: "open",
      openedEpoch: 1,
      expiresAtEpoch: 3,
      closedEpoch: null,
      totalBurned: ZERO,
      votes: [
        { nodeId: nodeA, vote: "yes" },
        { nodeId: nodeB, vote: "yes" },
      ],
      yesStake: "1000000.00000002",
      totalStake: "1500000.00000003",
    });
    expect(3n * units(stalled.yesStake)).toBe(2n * units(stalled.totalStake));

    // A forged vote and a repeated one: refused with their codes, and nothing changes.
    const unchanged = async () => ({
      latest: await client.getLatestBlock(),
      cases: await client.listSlashingCases(),
      accounts: await Promise.all([alice, carol].map((s) => client.getAccount(s.address))),
      node: await client.getNode(nodeD),
      epoch: await client.getEpoch(),
    });
    const before = await unchanged();
    const forgeries = [
      // C's vote signed with A's staking key,
      voteSignature(keysA, open1, "yes"),
      // C's own key over the "no" message, sent as a yes,
      voteSignature(keysC, open1, "no"),
      // C's own key over another case's message.
      voteSignature(keysC, { ...open1, caseId: 2 }, "yes"),
    ];
    for (const signature of forgeries) {
      const forged = await refusal(
        send(client, carol, "vote_on_slashing_case", { caseId: 1, nodeId: nodeC, vote: "yes", signature }),
      );
      expect([forged.code, forged.status, forged.details]).toEqual([
        "INVALID_VOTE_SIGNATURE",
        400,
        { caseId: 1, nodeId: nodeC },
      ]);
    }
    const again = await refusal(vote(alice, nodeA, open1, keysA));
    expect([again.code, again.status, again.details]).toEqual(["ALREADY_VOTED", 409, { caseId: 1, nodeId: nodeA }]);
    expect(await unchanged()).toEqual(before);

    // Case 2, opened by B against D with a fine of 0.1: A and C vote yes — just over two thirds, adjudicated.
    await send(client, bob, "open_slashing_case", { nodeId: nodeB, accused: nodeD, evidenceHash, fine: "0.1" });
    const open2 = await client.getSlashingCase(2);
    expect((await vote(alice, nodeA, open2, keysA)).result).toEqual({ caseId: 2, adjudicated: false });
    const supplyBefore = units((await client.getEpoch()).totalSupply);
    const decisive = await vote(carol, nodeC, open2, keysC);
    expect(decisive.result).toEqual({ caseId: 2, adjudicated: true });

    /*
     * The fine, q = 0.1 (pools-and-slashing.md "The fine", "Slashes and pools"):
     *   node D: staked 260,000 (dave's 250,000 and erin's 10,000), of which 4,000 requested (erin's leave)
     *     fromStaked = ⌊260,000 × 0.1⌋ = 26,000; requested 4,000 − ⌊400⌋ = 3,600 ≤ 234,000, so fromRequested = 400
     *   the pool: its cohort "1" holds the requested 4,000: it loses ⌊4,000 × 400 / 4,000⌋ = 400 (the leaver's
     *     share), the members the rest, 25,600: V = 256,000 → 230,400
     *   frank's delegator 1: ⌊1,000 × 0.1⌋ = 100
     *   burned 26,100: the supply and role 1's total stake drop by it (261,000 → 234,900)
     */
    expect(decisive.events).toEqual([
      { type: "SlashingVoteCast", caseId: 2, voter: nodeC, vote: "yes" },
      {
        type: "NodeSlashed",
        caseId: 2,
        nodeID: nodeD,
        fromStaked: "26000.00000000",
        fromRequested: "400.00000000",
        fromUnstaking: ZERO,
        amount: "26000.00000000",
      },
      { type: "PoolSlashed", poolId: 1, caseId: 2, fromMembers: "25600.00000000", fromLeavers: "400.00000000" },
      {
        type: "DelegatorSlashed",
        caseId: 2,
        nodeID: nodeD,
        delegatorID: 1,
        fromStaked: "100.00000000",
        fromRequested: ZERO,
        fromUnstaking: ZERO,
        amount: "100.00000000",
      },
      { type: "SlashingCaseAdjudicated", caseId: 2, accused: nodeD, totalBurned: "26100.00000000" },
    ]);
    const afterFine = await client.getEpoch();
    expect(supplyBefore - units(afterFine.totalSupply)).toBe(units("26100"));
    expect(afterFine.totalStakedByRole).toMatchObject({ "1": "234900.00000000", "2": "1500000.00000003" });
    expect(await client.getSlashingCase(2)).toMatchObject({
      status: "adjudicated",
      closedEpoch: 1,
      totalBurned: "26100.00000000",
      yesStake: "1000000.00000003",
      totalStake: "1500000.00000003",
    });
    expect(await client.getNode(nodeD)).toMatchObject({
      tokensStaked: "234000.00000000",
      tokensRequestedToUnstake: "3600.00000000",
      totalStakedWithDelegators: "234900.00000000",
    });
    expect((await client.getDelegator(nodeD, 1)).tokensStaked).toBe("900.00000000");
    expect(await client.getPool(1)).toMatchObject({
      record: { staked: "234000.00000000", requestedToUnstake: "3600.00000000" },
      reserved: "3600.00000000",
      value: "230400.00000000",
      totalShares: "256000.00000000",
      cohorts: [
        {
          key: "1",
          unstakedFrom: 3,
          readyEpoch: 3,
          nominal: "4000.00000000",
          value: "3600.00000000",
          paid: ZERO,
          outstanding: "3600.00000000",
          outstandingTickets: 1,
        },
      ],
    });
    // Every member lost a tenth: dave 250,000 × 230,400 / 256,000 = 225,000; erin 6,000 → 5,400; her ticket 3,600.
    expect((await client.getPoolMember(1, dave.address)).principal).toBe("225000.00000000");
    expect(await client.getPoolMember(1, erin.address)).toMatchObject({
      shares: "6000.00000000",
      principal: "5400.00000000",
      tickets: [{ cohort: "1", units: "4000.00000000", value: "3600.00000000", readyEpoch: 3 }],
    });

    // Case 1 is still at exactly two thirds; it expires when epoch 3 begins (opened in 1, open for 2).
    await nextEpoch();
    expect((await client.getSlashingCase(1)).status).toBe("open");
    const third = await nextEpoch();
    const start = third[2];
    expect(start?.type).toBe("epoch_start");
    const expired = start?.events.filter((e) => e.type === "SlashingCaseExpired" || e.type === "NewEpoch") ?? [];
    expect(expired.map((e) => e.type)).toEqual(["SlashingCaseExpired", "NewEpoch"]);
    expect(expired[0]).toEqual({ type: "SlashingCaseExpired", caseId: 1, accused: nodeD });
    expect(await client.getSlashingCase(1)).toMatchObject({ status: "expired", closedEpoch: 3, totalBurned: ZERO });
    const late = await refusal(vote(carol, nodeC, await client.getSlashingCase(1), keysC));
    expect([late.code, late.status, late.details]).toEqual([
      "SLASHING_CASE_CLOSED",
      409,
      { caseId: 1, status: "expired" },
    ]);
    expect((await client.listSlashingCases({ status: "open" })).cases).toEqual([]);
    expect((await client.listSlashingCases({ status: "adjudicated" })).cases.map((c) => c.caseId)).toEqual([2]);
    expect((await client.listSlashingCases({ status: "expired" })).cases.map((c) => c.caseId)).toEqual([1]);

    // Erin's ticket, slashed with the cohort it is in, pays 3,600 at epoch 3.
    const collected = await send(client, erin, "withdraw_from_pool", { poolId: 1 });
    expect(collected.events.at(-1)).toEqual({
      type: "PoolWithdrawn",
      poolId: 1,
      account: erin.address,
      amount: "3600.00000000",
      tickets: 1,
    });

    // The log has the slashing story in order.
    const types = ["SlashingCaseOpened", "SlashingVoteCast", "NodeSlashed", "PoolSlashed", "DelegatorSlashed"];
    const logged = await client.listEvents({ types: [...types, "SlashingCaseAdjudicated", "SlashingCaseExpired"] });
    expect(logged.events.map((r) => r.event.type)).toEqual([
      "SlashingCaseOpened",
      "SlashingVoteCast",
      "SlashingVoteCast",
      "SlashingCaseOpened",
      "SlashingVoteCast",
      "SlashingVoteCast",
      "NodeSlashed",
      "PoolSlashed",
      "DelegatorSlashed",
      "SlashingCaseAdjudicated",
      "SlashingCaseExpired",
    ]);

    await stopAndVerify();
  }, 60_000);

  it("takes a vote signed by `flowstake slashing vote --staking-keys FILE`", async () => {
    const { client, admin, nextEpoch, stopAndVerify } = await startManualNode("slashing-cli");
    const scratch = tempDir("slashing-cli-keys");
    cleanup(() => scratch.remove());
    const keystore = join(scratch.dir, "keys");
    const alice = await createAccount(client, admin, "600000.0");
    const bob = await createAccount(client, admin, "600000.0");
    const dave = await createAccount(client, admin, "300000.0");

    // Bob's node keys come from the CLI, as an operator would make them; the vote is signed from that file.
    const generated = await runCli(["keys", "generate", "--node"]);
    expect(generated.code).toBe(0);
    const keysFile = join(scratch.dir, "bob-node.json");
    writeFileSync(keysFile, generated.stdout);
    const keysB = JSON.parse(generated.stdout) as NodeKeys;
    const keysA = generateNodeKeys();
    const nodeA = await registerNode(client, alice, keysA, 2, "500000");
    const nodeB = await registerNode(client, bob, keysB, 2, "500000");
    const nodeD = await registerNode(client, dave, generateNodeKeys(), 1, "250000");
    await send(client, admin, "set_approved_nodes", { nodeIds: [nodeA, nodeB, nodeD] });
    await nextEpoch();

    // A opens a case against D (fine 0.2) and votes yes: half the consensus stake, not enough.
    const evidenceHash = "c1".repeat(32);
    await send(client, alice, "open_slashing_case", { nodeId: nodeA, accused: nodeD, evidenceHash, fine: "0.2" });
    const found = await client.getSlashingCase(1);
    await send(client, alice, "vote_on_slashing_case", {
      caseId: 1,
      nodeId: nodeA,
      vote: "yes",
      signature: voteSignature(keysA, found, "yes"),
    });

    // Bob's account key goes into a keystore; the CLI reads the case, signs with B's staking key, and submits.
    const bobKeyFile = join(scratch.dir, "bob.key");
    writeFileSync(bobKeyFile, bob.privateKey);
    const env = { FLOWSTAKE_KEYSTORE: keystore, FLOWSTAKE_NODE: client.baseUrl };
    const imported = await runCli(
      ["keys", "import", "bob", "--private-key-file", bobKeyFile, "--address", bob.address],
      env,
    );
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    const voted = await runCli(
      [
        "slashing",
        "vote",
        "--key",
        "bob",
        "--case-id",
        "1",
        "--node-id",
        nodeB,
        "--vote",
        "yes",
        "--staking-keys",
        keysFile,
        "--json",
      ],
      env,
    );
    expect(voted.stderr).toBe("");
    expect(voted.code).toBe(0);
    const outcome = JSON.parse(voted.stdout) as TransactionOutcome;
    // D's 250,000 staked × 0.2 = 50,000 burned.
    expect(outcome).toMatchObject({ type: "vote_on_slashing_case", result: { caseId: 1, adjudicated: true } });
    expect(outcome.events).toEqual([
      { type: "SlashingVoteCast", caseId: 1, voter: nodeB, vote: "yes" },
      {
        type: "NodeSlashed",
        caseId: 1,
        nodeID: nodeD,
        fromStaked: "50000.00000000",
        fromRequested: ZERO,
        fromUnstaking: ZERO,
        amount: "50000.00000000",
      },
      { type: "SlashingCaseAdjudicated", caseId: 1, accused: nodeD, totalBurned: "50000.00000000" },
    ]);
    // The envelope the CLI built is in the log, authorized by bob, with B's signature as the vote's.
    const tx = await client.getTransaction(outcome.id);
    expect(tx.authorizer).toBe(bob.address);
    expect(tx.envelope?.payload.args).toEqual({
      caseId: 1,
      nodeId: nodeB,
      vote: "yes",
      signature: voteSignature(keysB, found, "yes"),
    });
    // The CLI's view of the case is the API's.
    const shown = await runCli(["slashing", "case", "1", "--json"], env);
    expect(JSON.parse(shown.stdout)).toEqual(await client.getSlashingCase(1));

    await stopAndVerify();
  }, 60_000);
});
