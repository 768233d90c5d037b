/**
 * The node service with real signatures: accounts, a node operator and a delegator through two epochs on the
 * automatic schedule (a test clock), exact rewards; restarts with identical state hashes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Amount, formatAmount } from "../../src/core/amount.js";
import { runQuery } from "../../src/core/queries.js";
import { stateHash } from "../../src/core/state-hash.js";
import { generateNodeKeys } from "../../src/crypto/index.js";
import { openChain } from "../../src/node/chain.js";
import { createMemoryStore } from "../../src/store/memory/memory-store.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import {
  adminSigner,
  newAccount,
  type Signer,
  startTestNode,
  submit,
  type TestNode,
  testGenesis,
  until,
} from "./harness.js";

const E8 = 100_000_000n;
const mulTrunc = (a: bigint, b: bigint) => (a * b) / E8;
const divTrunc = (a: bigint, b: bigint) => (a * E8) / b;
const units = (whole: number) => BigInt(whole) * E8;

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function registerOperatorAndDelegator(t: TestNode, admin: Signer) {
  const alice = await newAccount(t.node, admin, "2000000.0");
  const bob = await newAccount(t.node, admin, "10000.0");
  const keys = generateNodeKeys();
  await submit(t.node, alice, "register_node", {
    nodeId: keys.nodeId,
    role: 2,
    networkingAddress: "consensus-1.example.org:3569",
    networkingKey: keys.networkingKey.publicKey,
    stakingKey: keys.stakingKey.publicKey,
    stakingKeyPoP: keys.stakingKeyPoP,
    amount: "600000.0",
  });
  const delegation = await submit(t.node, bob, "register_delegator", { nodeId: keys.nodeId, amount: "1000.0" });
  expect(delegation.result).toEqual({ nodeId: keys.nodeId, delegatorId: 1 });
  await submit(t.node, admin, "set_approved_nodes", { nodeIds: [keys.nodeId] });
  return { alice, bob, nodeId: keys.nodeId };
}

function nodeInfo(t: TestNode, nodeId: string) {
  return runQuery(t.node.state, { query: "node_info", nodeId }) as { tokensStaked: Amount; tokensRewarded: Amount };
}

describe("a node on the automatic epoch schedule", () => {
  it("runs a node operator and a delegator through two epochs and pays exact rewards", async () => {
    const admin = adminSigner();
    const t = startTestNode(createMemoryStore(), { genesis: testGenesis(admin), mode: "automatic" });
    cleanups.push(() => t.close());
    const { nodeId } = await registerOperatorAndDelegator(t, admin);

    // Epoch 0: auction (6 s) → setup (2 s) → committed → epoch 1 at 10 s.
    t.clock.advance(6_000);
    await until(() => t.node.state.epoch.phase === "epoch_setup");
    t.clock.advance(2_000);
    await until(() => t.node.state.epoch.phase === "epoch_committed");
    t.clock.advance(2_000);
    await until(() => t.node.state.epochCounter === 1);
    expect(nodeInfo(t, nodeId).tokensStaked).toBe(units(600000));
    expect(formatAmount(t.node.state.totalStakedByRole[2])).toBe("601000.00000000");

    // Epoch 1: rewards are calculated at its commit on 601,000 staked, and paid as epoch 2 begins.
    const feesBefore = t.node.state.feeVault;
    t.clock.advance(10_000);
    await until(() => t.node.state.epochCounter === 2);
    const rate = divTrunc(units(1_250_000), units(601_000));
    expect(rate).toBe(207986688n);
    const nodeGross = mulTrunc(units(600_000), rate);
    const delegatorGross = mulTrunc(units(1000), rate);
    const cut = mulTrunc(delegatorGross, 8_000_000n);
    expect(nodeInfo(t, nodeId).tokensRewarded).toBe(nodeGross + cut);
    const delegator = runQuery(t.node.state, { query: "delegator_info", nodeId, delegatorId: 1 }) as {
      tokensRewarded: Amount;
    };
    expect(delegator.tokensRewarded).toBe(delegatorGross - cut);
    expect(formatAmount(delegator.tokensRewarded)).toBe("1913.47752960");
    // The fees collected in epoch 1 (none: no user transactions) and before were spent on the payout.
    expect(feesBefore).toBeGreaterThan(0n);
    expect(t.node.state.feeVault).toBe(0n);
  });
});

describe("restarts", () => {
  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), "flowstake-node-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  it.each([
    ["from the log alone", 0],
    ["from a snapshot and the blocks after it", 1],
  ])("restarting mid-epoch and after an epoch boundary gives the same state hash (%s)", async (_name, snapshots) => {
    const dir = tempDir();
    const admin = adminSigner();
    const store = openSqliteStore(dir);
    const t = startTestNode(store, { genesis: testGenesis(admin), mode: "manual", snapshotEveryBlocks: snapshots });
    const { nodeId, bob } = await registerOperatorAndDelegator(t, admin);
    // Mid-epoch.
    const midEpoch = stateHash(t.node.state);
    await t.close();
    store.close();
    const reopened = openSqliteStore(dir);
    const again = openChain(reopened);
    expect(stateHash(again.state)).toBe(midEpoch);
    reopened.close();

    // Across an epoch boundary, in manual mode: the admin sends the phase transactions.
    const store2 = openSqliteStore(dir);
    const t2 = startTestNode(store2, { mode: "manual", snapshotEveryBlocks: snapshots });
    for (const type of ["epoch_setup", "epoch_commit", "epoch_start", "epoch_pay_rewards"]) {
      await submit(t2.node, admin, type, {});
    }
    await submit(t2.node, bob, "stake_new_tokens", { nodeId, delegatorId: 1, amount: "5.0" });
    expect(t2.node.state.epochCounter).toBe(1);
    const afterBoundary = stateHash(t2.node.state);
    await t2.close();
    store2.close();
    const store3 = openSqliteStore(dir);
    cleanups.push(() => store3.close());
    if (snapshots > 0) expect(store3.latestSnapshot()).toBeDefined();
    expect(stateHash(openChain(store3).state)).toBe(afterBoundary);
    expect(stateHash(openChain(store3, { fromGenesis: true }).state)).toBe(afterBoundary);
  });
});
