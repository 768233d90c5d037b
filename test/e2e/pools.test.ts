/**
 * A pool end to end through a real node (HTTP, real signatures, manual epochs so that every boundary is where the
 * test puts it): an operator opens a pool on its consensus node, two members join with real accounts, an epoch's
 * rewards are split with the service fee, one member restakes its rewards, the other leaves and withdraws after the
 * holding period and the pool's extra lock. Every amount is worked out by hand from docs/pools-and-slashing.md and
 * staking-contract.md §9 (in comments), and recomputed here in bigint by the spec's formulas, independently of
 * src/core. Afterwards the node stops and `flowstake verify` replays the log.
 */
import { describe, expect, it } from "vitest";
import {
  createClient,
  type EventRecord,
  type FlowstakeClient,
  type LedgerEventJson,
  type TransactionOutcome,
} from "../../src/client/index.js";
import { generateNodeKeys } from "../../src/crypto/index.js";
import { type RunningNode, startNode } from "../../src/node/start.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import {
  adminSigner,
  amountText,
  cleanupAfterEach,
  createAccount,
  divTrunc,
  e2eGenesis,
  initDataDir,
  mulTrunc,
  pollUntil,
  refusal,
  requireBuiltCli,
  type Signer,
  send,
  tempDir,
  units,
  verifyDataDir,
} from "./support.js";

const PAYOUT = units("1250000");
const FEE = units("0.1");
const TX_FEE = units("0.00001");
const SCALE = 10n ** 18n;
const ZERO = amountText(0n);

const cleanup = cleanupAfterEach();

/** staking-contract.md §9.1 for a network whose only stake is one node without delegators. */
function soleNodeReward(staked: bigint): bigint {
  return mulTrunc(staked, divTrunc(PAYOUT, staked));
}

/** pools-and-slashing.md "Rewards": the O(1) split of R over `totalShares` (10⁻⁸ units) with the fee. */
function split(reward: bigint, totalShares: bigint) {
  const fee = mulTrunc(reward, FEE);
  const forMembers = reward - fee;
  const increment = (forMembers * SCALE) / totalShares;
  const spread = (increment * totalShares + SCALE - 1n) / SCALE;
  return { fee, forMembers, increment, remainder: forMembers - spread };
}

/** A member's share of increments: ⌊shares × Σ increments / 10¹⁸⌋. */
const accrued = (shares: bigint, increment: bigint) => (shares * increment) / SCALE;

function distributed(events: readonly LedgerEventJson[]): LedgerEventJson[] {
  return events.filter((e) => e.type === "PoolRewardsDistributed");
}

describe("a pool on a real node", () => {
  it("splits an epoch's rewards with the fee, restakes a member's, pays a leaver after the holding period", async () => {
    requireBuiltCli();
    const data = tempDir("pools");
    cleanup(() => data.remove());
    const admin = adminSigner();
    initDataDir(data.dir, e2eGenesis(admin, { epochLengthMs: 600_000, stakingAuctionMs: 500_000, setupMs: 50_000 }));
    let running: RunningNode | null = await startNode({ dataDir: data.dir, port: 0, mode: "manual" });
    cleanup(async () => {
      await running?.close();
    });
    const client: FlowstakeClient = createClient(running.url);

    /** The admin ends the epoch and starts the next; the outcome of `epoch_pay_rewards`, which pays the last one. */
    const nextEpoch = async (): Promise<TransactionOutcome> => {
      for (const type of ["epoch_setup", "epoch_commit", "epoch_start"]) await send(client, admin, type, {});
      return send(client, admin, "epoch_pay_rewards", {});
    };
    const balance = async (signer: Signer) => units((await client.getAccount(signer.address)).balance);
    // The live stream, filtered by pool event types, must deliver what the log lists.
    const streamTypes = ["PoolJoined", "PoolRewardsDistributed", "PoolLeft", "PoolWithdrawn"];
    const streamed: EventRecord[] = [];
    const subscription = client.subscribeEvents(streamTypes, (record) => streamed.push(record));
    cleanup(() => subscription.close());
    await subscription.ready;

    // Accounts 2, 3, 4; the pool's own account will be 5.
    const alice = await createAccount(client, admin, "600000.0");
    const bob = await createAccount(client, admin, "5000.0");
    const carol = await createAccount(client, admin, "5000.0");
    const poolAccount = "0000000000000005";
    const keys = generateNodeKeys();
    const nodeId = keys.nodeId;
    await send(client, alice, "register_node", {
      nodeId,
      role: 2,
      networkingAddress: "pool-node.example.org:3569",
      networkingKey: keys.networkingKey.publicKey,
      stakingKey: keys.stakingKey.publicKey,
      stakingKeyPoP: keys.stakingKeyPoP,
      amount: "500000.0",
    });

    // Epoch 0. Alice opens the pool: her 500,000 committed become 500,000 shares; the handle moves to the pool.
    const opened = await send(client, alice, "open_pool", {
      nodeId,
      fee: "0.1",
      minimumJoin: "100",
      extraLockEpochs: 1,
    });
    expect(opened.result).toEqual({ poolId: 1, address: poolAccount });
    expect(opened.events).toEqual([
      { type: "AccountCreated", address: poolAccount },
      {
        type: "PoolOpened",
        poolId: 1,
        account: poolAccount,
        operator: alice.address,
        nodeID: nodeId,
        delegatorID: null,
        fee: "0.10000000",
        minimumJoin: "100.00000000",
        extraLockEpochs: 1,
        shares: "500000.00000000",
      },
    ]);
    expect((await client.getNode(nodeId)).owner).toBe(poolAccount);
    // A first deposit below the minimum join is refused and changes nothing.
    const latest = await client.getLatestBlock();
    const small = await refusal(send(client, carol, "join_pool", { poolId: 1, amount: "99.99999999" }));
    expect([small.code, small.status]).toEqual(["BELOW_POOL_MINIMUM", 422]);
    expect(await client.getLatestBlock()).toEqual(latest);
    // Bob and carol join at one token a share (nothing has moved V yet).
    const bobJoined = await send(client, bob, "join_pool", { poolId: 1, amount: "1000" });
    expect(bobJoined.events).toEqual([
      { type: "TokensCommitted", nodeID: nodeId, amount: "1000.00000000" },
      { type: "PoolJoined", poolId: 1, account: bob.address, amount: "1000.00000000", shares: "1000.00000000" },
    ]);
    await send(client, carol, "join_pool", { poolId: 1, amount: "3000" });
    expect((await client.getAccount(poolAccount)).balance).toBe(ZERO);
    await send(client, admin, "set_approved_nodes", { nodeIds: [nodeId] });

    // Epoch 1 stakes the pool's 504,000; its commit calculates rewards on them; epoch 2's first block pays them.
    await nextEpoch();
    expect((await client.getPool(1)).record).toMatchObject({ committed: ZERO, staked: "504000.00000000" });
    const paid = await nextEpoch();
    expect(await client.getEpoch()).toMatchObject({ counter: 2, phase: "staking_auction" });

    /*
     * Epoch 1's rewards (the node is the only stake: 504,000):
     *   rate = ⌊1,250,000 / 504,000⌋ = 2.48015873; R = 504,000 × 2.48015873 = 1,249,999.99992000
     * The split (fee 0.1, 504,000 shares):
     *   fee = ⌊1,249,999.99992 × 0.1⌋ = 124,999.99999200; forMembers = 1,124,999.99992800
     *   increment = ⌊1,124,999.99992800 × 10¹⁸ / 504,000⌋ = 2,232,142,857 × 10⁹ (exactly 2.232142857 per share)
     *   ⌈increment × 504,000 / 10¹⁸⌉ = 1,124,999.999928 = forMembers: the remainder is 0
     *   bob 1,000 × 2.232142857 = 2,232.14285700; carol 3,000 × … = 6,696.42857100; alice 1,116,071.42850000
     */
    const r1 = soleNodeReward(units("504000"));
    const s1 = split(r1, units("504000"));
    expect([amountText(r1), amountText(s1.fee), amountText(s1.forMembers), s1.increment, s1.remainder]).toEqual([
      "1249999.99992000",
      "124999.99999200",
      "1124999.99992800",
      2_232_142_857_000_000_000n,
      0n,
    ]);
    const rewardEvents = paid.events.filter((e) =>
      ["RewardsPaid", "PoolRewardsDistributed", "EpochTotalRewardsPaid"].includes(e.type),
    );
    expect(rewardEvents.map((e) => e.type)).toEqual(["RewardsPaid", "PoolRewardsDistributed", "EpochTotalRewardsPaid"]);
    expect(rewardEvents[0]).toEqual({
      type: "RewardsPaid",
      nodeID: nodeId,
      amount: "1249999.99992000",
      epochCounter: 1,
    });
    expect(rewardEvents[1]).toEqual({
      type: "PoolRewardsDistributed",
      poolId: 1,
      reward: "1249999.99992000",
      fee: "124999.99999200",
      forMembers: "1124999.99992800",
      remainderToOperator: ZERO,
      epochCounter: 1,
    });
    expect(rewardEvents[2]).toMatchObject({ total: "1250000.00000000", epochCounterForRewards: 1 });
    expect(await client.getPool(1)).toEqual({
      id: 1,
      account: poolAccount,
      operator: alice.address,
      nodeID: nodeId,
      delegatorID: null,
      fee: "0.10000000",
      pendingFee: null,
      minimumJoin: "100.00000000",
      extraLockEpochs: 1,
      record: {
        committed: ZERO,
        staked: "504000.00000000",
        unstaking: ZERO,
        unstaked: ZERO,
        rewarded: "1249999.99992000",
        requestedToUnstake: ZERO,
      },
      reserved: ZERO,
      value: "504000.00000000",
      totalShares: "504000.00000000",
      rewardPerShare: "2232142857000000000",
      operatorFees: "124999.99999200",
      totalClaimable: ZERO,
      members: 3,
      cohorts: [],
    });
    expect(await client.getPoolMember(1, bob.address)).toEqual({
      poolId: 1,
      account: bob.address,
      shares: "1000.00000000",
      principal: "1000.00000000",
      claimable: "2232.14285700",
      tickets: [],
    });
    expect((await client.getPoolMember(1, carol.address)).claimable).toBe("6696.42857100");
    expect((await client.getPoolMember(1, alice.address)).claimable).toBe("1116071.42850000");
    expect((await client.listEvents({ types: ["PoolRewardsDistributed"] })).events.map((r) => r.event)).toEqual([
      rewardEvents[1],
    ]);

    // Epoch 2. Carol leaves with her whole principal, 3,000: all her shares burn, and the record requests 3,000
    // from staked — cohort "2", unstaked when epoch 4 begins, ready one extra epoch later, at 5.
    const left = await send(client, carol, "leave_pool", { poolId: 1, amount: "3000" });
    expect(left.events).toEqual([
      { type: "TokensUnstaked", nodeID: nodeId, amount: ZERO },
      { type: "NodeTokensRequestedToUnstake", nodeID: nodeId, amount: "3000.00000000" },
      {
        type: "PoolLeft",
        poolId: 1,
        account: carol.address,
        amount: "3000.00000000",
        shares: "3000.00000000",
        tickets: [{ cohort: "2", amount: "3000.00000000", readyEpoch: 5 }],
      },
    ]);
    // She keeps her rewards (settled when her shares went) and the ticket.
    expect(await client.getPoolMember(1, carol.address)).toEqual({
      poolId: 1,
      account: carol.address,
      shares: ZERO,
      principal: ZERO,
      claimable: "6696.42857100",
      tickets: [{ cohort: "2", units: "3000.00000000", value: "3000.00000000", readyEpoch: 5 }],
    });
    // V = 504,000 staked − 3,000 reserved = 501,000 over 501,000 shares: still one token a share.
    expect(await client.getPool(1)).toMatchObject({ reserved: "3000.00000000", value: "501000.00000000" });

    // Bob restakes everything claimable: stake_rewarded_tokens on the record, 2,232.142857 shares at that price.
    const restaked = await send(client, bob, "stake_pool_rewards", { poolId: 1 });
    expect(restaked.events).toEqual([
      { type: "TokensCommitted", nodeID: nodeId, amount: "2232.14285700" },
      { type: "PoolRewardsStaked", poolId: 1, account: bob.address, amount: "2232.14285700", shares: "2232.14285700" },
    ]);
    expect(await client.getPoolMember(1, bob.address)).toMatchObject({
      shares: "3232.14285700",
      principal: "3232.14285700",
      claimable: ZERO,
    });

    // Carol takes her rewards to her balance (less the transaction fee).
    const carolBefore = await balance(carol);
    const withdrawn = await send(client, carol, "withdraw_pool_rewards", { poolId: 1 });
    expect(withdrawn.events).toEqual([
      { type: "RewardTokensWithdrawn", nodeID: nodeId, amount: "6696.42857100" },
      { type: "PoolRewardsWithdrawn", poolId: 1, account: carol.address, amount: "6696.42857100" },
    ]);
    expect(await balance(carol)).toBe(carolBefore + units("6696.428571") - TX_FEE);

    // Epochs 3 and 4: the payouts for epochs 2 and 3, split over the shares as they then were. Carol's 3,000 still
    // earned in epoch 2 (staked, requested), but she holds no shares: that reward is the members'.
    const shares2 = units("501000") + units("2232.142857");
    const r2 = soleNodeReward(units("504000"));
    const s2 = split(r2, shares2);
    const paid3 = await nextEpoch();
    // Epoch 3's stake: 504,000 − carol's 3,000 (now unstaking) + bob's restaked 2,232.142857.
    const staked3 = units("504000") - units("3000") + units("2232.142857");
    expect((await client.getPool(1)).record).toMatchObject({
      staked: amountText(staked3),
      unstaking: "3000.00000000",
      requestedToUnstake: ZERO,
    });
    const r3 = soleNodeReward(staked3);
    const s3 = split(r3, shares2);
    const paid4 = await nextEpoch();
    for (const [outcome, reward, s, epochCounter] of [
      [paid3, r2, s2, 2],
      [paid4, r3, s3, 3],
    ] as const) {
      expect(distributed(outcome.events)).toEqual([
        {
          type: "PoolRewardsDistributed",
          poolId: 1,
          reward: amountText(reward),
          fee: amountText(s.fee),
          forMembers: amountText(s.forMembers),
          remainderToOperator: amountText(s.remainder),
          epochCounter,
        },
      ]);
    }

    // Epoch 4: carol's tokens are unstaked, but the pool's extra lock holds them one more epoch: nothing is paid.
    const early = await send(client, carol, "withdraw_from_pool", { poolId: 1 });
    expect(early.events).toEqual([
      { type: "PoolWithdrawn", poolId: 1, account: carol.address, amount: ZERO, tickets: 0 },
    ]);
    expect((await client.getPool(1)).record).toMatchObject({ unstaked: "3000.00000000", unstaking: ZERO });

    // Epoch 5: the ticket is ready and pays its whole 3,000; carol's entry, now empty, is gone.
    const paid5 = await nextEpoch();
    const r4 = soleNodeReward(staked3);
    const s4 = split(r4, shares2);
    expect(distributed(paid5.events)).toEqual([
      expect.objectContaining({ reward: amountText(r4), fee: amountText(s4.fee), epochCounter: 4 }),
    ]);
    const carolAt5 = await balance(carol);
    const collected = await send(client, carol, "withdraw_from_pool", { poolId: 1 });
    expect(collected.events).toEqual([
      { type: "UnstakedTokensWithdrawn", nodeID: nodeId, amount: "3000.00000000" },
      { type: "PoolWithdrawn", poolId: 1, account: carol.address, amount: "3000.00000000", tickets: 1 },
    ]);
    expect(await balance(carol)).toBe(carolAt5 + units("3000") - TX_FEE);
    const gone = await refusal(client.getPoolMember(1, carol.address));
    expect([gone.code, gone.status, gone.details]).toEqual([
      "NOT_FOUND",
      404,
      { resource: "pool member", poolId: 1, account: carol.address },
    ]);
    expect(await client.listAccountPools(carol.address)).toEqual({ address: carol.address, pools: [] });

    // Everything the accumulator says, from the increments alone.
    const increments = s1.increment + s2.increment + s3.increment + s4.increment;
    const later = s2.increment + s3.increment + s4.increment;
    const bobShares = units("3232.142857");
    const pool = await client.getPool(1);
    expect(pool).toMatchObject({
      record: {
        staked: amountText(staked3),
        unstaked: ZERO,
        rewarded: amountText(r1 + r2 + r3 + r4 - units("6696.428571") - units("2232.142857")),
      },
      reserved: ZERO,
      value: amountText(staked3),
      totalShares: amountText(shares2),
      rewardPerShare: increments.toString(),
      operatorFees: amountText(
        s1.fee + s2.fee + s3.fee + s4.fee + s1.remainder + s2.remainder + s3.remainder + s4.remainder,
      ),
      totalClaimable: ZERO,
      members: 2,
      cohorts: [],
    });
    expect((await client.getPoolMember(1, bob.address)).claimable).toBe(amountText(accrued(bobShares, later)));
    expect((await client.getPoolMember(1, alice.address)).claimable).toBe(
      amountText(accrued(units("500000"), increments)),
    );
    const bobPools = await client.listAccountPools(bob.address);
    expect(bobPools.pools.map((p) => [p.pool.id, p.isOperator, p.member?.shares])).toEqual([
      [1, false, "3232.14285700"],
    ]);
    expect((await client.listPools()).pools).toEqual([
      expect.objectContaining({ id: 1, value: amountText(staked3), totalShares: amountText(shares2), members: 2 }),
    ]);

    const logged = await client.listEvents({ types: streamTypes });
    expect(logged.events.map((r) => r.event.type)).toEqual([
      "PoolJoined",
      "PoolJoined",
      "PoolRewardsDistributed",
      "PoolLeft",
      "PoolRewardsDistributed",
      "PoolRewardsDistributed",
      "PoolWithdrawn",
      "PoolRewardsDistributed",
      "PoolWithdrawn",
    ]);
    await pollUntil(
      async () => streamed.length,
      (n) => n >= logged.events.length,
      "the streamed pool events",
    );
    expect(streamed).toEqual(logged.events);

    // A restart (from the snapshot taken at the last epoch start, then the blocks after it) shows the same pools.
    const poolView = async (c: FlowstakeClient) => ({
      latest: await c.getLatestBlock(),
      pools: await c.listPools(),
      pool: await c.getPool(1),
      members: await Promise.all([alice, bob].map((s) => c.getPoolMember(1, s.address))),
      accounts: await Promise.all([alice, bob, carol].map((s) => c.listAccountPools(s.address))),
      params: await c.getParams(),
    });
    const beforeRestart = await poolView(client);
    // The node's closing ends the stream. (Aborting the subscription first and closing the node a little later
    // keeps the close waiting, up to the server's 60 s headers timeout, on the spare connection Node's fetch opens
    // after an abort, which closeIdleConnections() does not count as idle.)
    await running.close();
    await subscription.done;
    const store = openSqliteStore(data.dir);
    expect(store.latestSnapshot()?.height).toBeGreaterThan(0);
    store.close();
    running = await startNode({ dataDir: data.dir, port: 0, mode: "manual" });
    expect(await poolView(createClient(running.url))).toEqual(beforeRestart);

    // Stop the node and replay the log from genesis, every signature re-checked.
    await running.close();
    running = null;
    const { run, report } = await verifyDataDir(data.dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(report).toMatchObject({ ok: true, height: beforeRestart.latest.height });
  }, 60_000);
});
