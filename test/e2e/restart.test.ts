/**
 * Restarting a node (close, `startNode` again on the same data directory) in the middle of an epoch and right after
 * an epoch boundary: everything the API shows is identical before and after, from the log alone or from a snapshot
 * and the blocks after it, and signing carries on at the right sequence numbers. Manual mode: the admin sends the
 * epoch phases, so the boundary is exactly where the test puts it.
 */
import { describe, expect, it } from "vitest";
import { createClient, type FlowstakeClient } from "../../src/client/index.js";
import { generateNodeKeys } from "../../src/crypto/index.js";
import { type RunningNode, startNode } from "../../src/node/start.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import {
  ADMIN_ADDRESS,
  adminSigner,
  amountText,
  cleanupAfterEach,
  createAccount,
  e2eGenesis,
  envelope,
  initDataDir,
  refusal,
  type Signer,
  send,
  sequenceNumberOf,
  tempDir,
  units,
} from "./support.js";

const cleanup = cleanupAfterEach();

/** Everything the API says about the ledger that a restart could lose or change. */
async function view(client: FlowstakeClient, nodeId: string, accounts: readonly string[]) {
  return {
    latest: await client.getLatestBlock(),
    blocks: await client.listBlocks({ from: 0, limit: 1000 }),
    node: await client.getNode(nodeId),
    delegator: await client.getDelegator(nodeId, 1),
    accounts: await Promise.all(accounts.map((a) => client.getAccount(a))),
    epoch: await client.getEpoch(),
    params: await client.getParams(),
    tables: {
      proposed: await client.getTable("proposed"),
      approved: await client.getTable("approved"),
      current: await client.getTable("current"),
    },
    events: await client.listEvents({ limit: 10_000 }),
  };
}

describe.each([
  ["from the log alone", 0],
  ["from a snapshot and the blocks after it", 1],
])("restarting a node %s", (_name, snapshotEveryBlocks) => {
  it("keeps the state hash and every view mid-epoch and after an epoch boundary; signing carries on", async () => {
    const data = tempDir("restart");
    cleanup(() => data.remove());
    const admin = adminSigner();
    initDataDir(data.dir, e2eGenesis(admin, { epochLengthMs: 60_000, stakingAuctionMs: 36_000, setupMs: 12_000 }));
    let running: RunningNode | null = null;
    cleanup(async () => {
      await running?.close();
    });
    const start = async () => {
      running = await startNode({ dataDir: data.dir, port: 0, mode: "manual", snapshotEveryBlocks });
      return createClient(running.url);
    };
    const restart = async () => {
      await running?.close();
      running = null;
      return start();
    };

    let client = await start();
    const alice: Signer = await createAccount(client, admin, "700000.0");
    const bob: Signer = await createAccount(client, admin, "5000.0");
    const keys = generateNodeKeys();
    const nodeId = keys.nodeId;
    await send(client, alice, "register_node", {
      nodeId,
      role: 2,
      networkingAddress: "consensus-1.example.org:3569",
      networkingKey: keys.networkingKey.publicKey,
      stakingKey: keys.stakingKey.publicKey,
      stakingKeyPoP: keys.stakingKeyPoP,
      amount: "600000.0",
    });
    const delegation = envelope(bob, "register_delegator", { nodeId, amount: "1000.0" }, { sequenceNumber: 0 });
    const delegated = await client.submitTransaction(delegation);
    await send(client, admin, "set_approved_nodes", { nodeIds: [nodeId] });
    const accounts = [ADMIN_ADDRESS, alice.address, bob.address];

    // Mid-epoch (the staking auction of epoch 0).
    const midEpoch = await view(client, nodeId, accounts);
    expect(midEpoch.epoch).toMatchObject({ counter: 0, phase: "staking_auction", mode: "manual" });
    expect(midEpoch.node.tokensCommitted).toBe(amountText(units("600000")));
    client = await restart();
    expect(await view(client, nodeId, accounts)).toEqual(midEpoch);
    if (snapshotEveryBlocks > 0) {
      const store = openSqliteStore(data.dir);
      expect(store.latestSnapshot()?.height).toBeGreaterThan(0);
      store.close();
    }

    // The same envelope again is the same transaction: the first outcome, not a second execution.
    expect(await client.submitTransaction(delegation)).toEqual(delegated);
    // Each key carries on from its own count: admin 3 (two accounts, the approval), alice 1, bob 1.
    expect(await sequenceNumberOf(client, admin)).toBe(3);
    expect(await sequenceNumberOf(client, alice)).toBe(1);
    expect(await sequenceNumberOf(client, bob)).toBe(1);
    const stale = await refusal(
      client.submitTransaction(
        envelope(bob, "stake_new_tokens", { nodeId, delegatorId: 1, amount: "1.0" }, { sequenceNumber: 0 }),
      ),
    );
    expect([stale.code, stale.status, stale.details]).toEqual([
      "SEQUENCE_NUMBER_MISMATCH",
      409,
      { expected: 1, got: 0 },
    ]);
    const staked = await client.submitTransaction(
      envelope(bob, "stake_new_tokens", { nodeId, delegatorId: 1, amount: "1.0" }, { sequenceNumber: 1 }),
    );
    expect(staked.events).toEqual([
      { type: "DelegatorTokensCommitted", nodeID: nodeId, delegatorID: 1, amount: amountText(units("1")) },
    ]);

    // Across the boundary: the admin ends epoch 0 and starts epoch 1.
    for (const type of ["epoch_setup", "epoch_commit", "epoch_start", "epoch_pay_rewards"]) {
      const outcome = await send(client, admin, type, {});
      expect(outcome.type).toBe(type);
    }
    const afterBoundary = await view(client, nodeId, accounts);
    expect(afterBoundary.epoch).toMatchObject({ counter: 1, phase: "staking_auction" });
    expect(afterBoundary.node.tokensStaked).toBe(amountText(units("600000")));
    expect(afterBoundary.delegator.tokensStaked).toBe(amountText(units("1001")));
    client = await restart();
    expect(await view(client, nodeId, accounts)).toEqual(afterBoundary);

    // And once more with nothing in between: a restart of a restart changes nothing either.
    client = await restart();
    expect(await view(client, nodeId, accounts)).toEqual(afterBoundary);

    // Signing carries on: the admin at 3 + 4 phase transactions, bob at 2.
    expect(await sequenceNumberOf(client, admin)).toBe(7);
    expect(await sequenceNumberOf(client, bob)).toBe(2);
    const more = await send(client, bob, "stake_new_tokens", { nodeId, delegatorId: 1, amount: "2.5" });
    expect(more.height).toBe(afterBoundary.latest.height + 1);
    expect((await client.getDelegator(nodeId, 1)).tokensCommitted).toBe(amountText(units("2.5")));
    expect(await sequenceNumberOf(client, bob)).toBe(3);
    const latest = await client.getLatestBlock();
    expect(latest.parentHash).toBe(afterBoundary.latest.hash);
  });
});
