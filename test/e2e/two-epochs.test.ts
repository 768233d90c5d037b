/**
 * End to end through HTTP with real signatures and the real clock: a node on the automatic epoch schedule (1.5 s
 * epochs), an operator and two delegators registered early in an auction, two full epochs, exact pools and rewards
 * (computed here by the spec's formula), the payout's events from `GET /v1/events` and from the live stream, and
 * `flowstake verify` on the log afterwards.
 */
import { describe, expect, it } from "vitest";
import { createClient, type EpochView, type EventRecord } from "../../src/client/index.js";
import { generateNodeKeys } from "../../src/crypto/index.js";
import { startNode } from "../../src/node/start.js";
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
  requireBuiltCli,
  send,
  tempDir,
  units,
  verifyDataDir,
} from "./support.js";

const TIMING = { epochLengthMs: 1500, stakingAuctionMs: 800, setupMs: 300 };
/** Start staking within 200 ms of an auction opening (it lasts 800 ms), so that the four transactions fit in it. */
const AUCTION_MARGIN_MS = 600;

const NODE_STAKE = "612345.67890123";
const DELEGATOR_STAKES = ["1000.12345678", "777.7"] as const;
const PAYOUT = "1250000";
const CUT = "0.08";
const FEE = "0.00001";

const cleanup = cleanupAfterEach();

describe("two epochs end to end (HTTP, real signatures, real clock)", () => {
  it("pays an operator and two delegators exactly what the formula says, and the log verifies", async () => {
    requireBuiltCli();
    const data = tempDir("two-epochs");
    cleanup(() => data.remove());
    const admin = adminSigner();
    initDataDir(data.dir, e2eGenesis(admin, TIMING));
    const running = await startNode({ dataDir: data.dir, port: 0, mode: "automatic" });
    let stopped = false;
    cleanup(async () => {
      if (!stopped) await running.close();
    });
    const client = createClient(running.url);
    const epoch = () => client.getEpoch();

    // The stream is open before anything happens; it must deliver the payout's events as their block commits.
    const streamed: EventRecord[] = [];
    const subscription = client.subscribeEvents(["RewardsPaid", "DelegatorRewardsPaid", "EpochTotalRewardsPaid"], (r) =>
      streamed.push(r),
    );
    cleanup(() => subscription.close());
    await subscription.ready;

    // Accounts can be created in any phase.
    const operator = await createAccount(client, admin, "700000.0");
    const delegators = [await createAccount(client, admin, "5000.0"), await createAccount(client, admin, "5000.0")];
    const signedBeforeStaking = 3;

    // Stake early in an auction: wait for a fresh one with enough time left, so a slow start cannot split it.
    const start = await epoch();
    const auction = await pollUntil(
      epoch,
      (e) =>
        e.phase === "staking_auction" &&
        e.counter > start.counter &&
        e.stakingAuctionEndsAt - Date.now() > AUCTION_MARGIN_MS,
      "a fresh staking auction",
    );
    const stakingEpoch = auction.counter;

    const keys = generateNodeKeys();
    const nodeId = keys.nodeId;
    const registered = await send(client, operator, "register_node", {
      nodeId,
      role: 2,
      networkingAddress: "consensus-1.example.org:3569",
      networkingKey: keys.networkingKey.publicKey,
      stakingKey: keys.stakingKey.publicKey,
      stakingKeyPoP: keys.stakingKeyPoP,
      amount: NODE_STAKE,
    });
    expect(registered.result).toEqual({ nodeId });
    expect(registered.events).toEqual([
      // As in Flow: the record is created empty, then the tokens are committed to it.
      { type: "NewNodeCreated", nodeID: nodeId, role: 2, amountCommitted: amountText(0n) },
      { type: "TokensCommitted", nodeID: nodeId, amount: amountText(units(NODE_STAKE)) },
    ]);
    for (const [i, delegator] of delegators.entries()) {
      const amount = DELEGATOR_STAKES[i] ?? "";
      const outcome = await send(client, delegator, "register_delegator", { nodeId, amount });
      expect(outcome.result).toEqual({ nodeId, delegatorId: i + 1 });
    }
    await send(client, admin, "set_approved_nodes", { nodeIds: [nodeId] });
    const signed = signedBeforeStaking + 2 + delegators.length;
    // Everything happened inside that one auction.
    expect(await epoch()).toMatchObject({ counter: stakingEpoch, phase: "staking_auction" });

    // The next epoch stakes the committed tokens; its commit calculates rewards on them; the one after pays them.
    // (Phases are read from the log's events afterwards, not by catching a 400 ms phase in a poll.)
    const staked = await pollUntil(epoch, (e) => e.counter >= stakingEpoch + 1, "the tokens to be staked");
    const nodeStake = units(NODE_STAKE);
    const delegatorStakes = DELEGATOR_STAKES.map(units);
    const totalStaked = nodeStake + delegatorStakes.reduce((a, b) => a + b, 0n);
    expect(staked.totalStaked).toBe(amountText(totalStaked));
    expect(staked.totalStakedByRole["2"]).toBe(amountText(totalStaked));
    const feesBeforePayout = units(FEE) * BigInt(signed);
    const paid: EpochView = await pollUntil(epoch, (e) => e.counter >= stakingEpoch + 2, "the payout");
    const commits = await client.listEvents({ types: ["EpochCommit"] });
    expect(commits.events.map((r) => r.event).filter((e) => e.rewardsCalculatedFor === stakingEpoch + 1)).toEqual([
      {
        type: "EpochCommit",
        counter: stakingEpoch + 2,
        rewardsCalculatedFor: stakingEpoch + 1,
        totalRewards: amountText(units(PAYOUT)),
      },
    ]);

    // The formula (§9.1), in bigint: one rate, each reward truncated, each cut truncated.
    const rate = divTrunc(units(PAYOUT), totalStaked);
    const nodeGross = mulTrunc(nodeStake, rate);
    const delegatorGross = delegatorStakes.map((stake) => mulTrunc(stake, rate));
    const cuts = delegatorGross.map((gross) => mulTrunc(gross, units(CUT)));
    const nodeReward = nodeGross + cuts.reduce((a, b) => a + b, 0n);
    const delegatorRewards = delegatorGross.map((gross, i) => gross - (cuts[i] ?? 0n));
    const totalPaid = nodeReward + delegatorRewards.reduce((a, b) => a + b, 0n);

    const node = await client.getNode(nodeId);
    const delegatorViews = [await client.getDelegator(nodeId, 1), await client.getDelegator(nodeId, 2)];
    // Read while still in the paying epoch: one payout, not two.
    expect((await epoch()).counter).toBe(stakingEpoch + 2);
    expect(paid).toMatchObject({
      phase: "staking_auction",
      feeVault: amountText(0n),
      pendingRewards: { epochCounter: stakingEpoch + 1, totalRewards: amountText(units(PAYOUT)), paid: true },
    });
    expect(node).toMatchObject({
      id: nodeId,
      owner: operator.address,
      role: 2,
      tokensCommitted: amountText(0n),
      tokensStaked: amountText(nodeStake),
      tokensUnstaking: amountText(0n),
      tokensUnstaked: amountText(0n),
      tokensRewarded: amountText(nodeReward),
      tokensRequestedToUnstake: amountText(0n),
      delegators: [1, 2],
      totalStakedWithDelegators: amountText(totalStaked),
    });
    for (const [i, view] of delegatorViews.entries()) {
      expect(view).toEqual({
        id: i + 1,
        nodeID: nodeId,
        owner: delegators[i]?.address,
        tokensCommitted: amountText(0n),
        tokensStaked: amountText(delegatorStakes[i] ?? 0n),
        tokensUnstaking: amountText(0n),
        tokensUnstaked: amountText(0n),
        tokensRewarded: amountText(delegatorRewards[i] ?? 0n),
        tokensRequestedToUnstake: amountText(0n),
      });
    }

    // The payout's events, as the log lists them.
    const listed = await client.listEvents({ types: ["RewardsPaid", "DelegatorRewardsPaid", "EpochTotalRewardsPaid"] });
    const ofStakedEpoch = listed.events.filter(
      (r) => r.event.epochCounter === stakingEpoch + 1 || r.event.epochCounterForRewards === stakingEpoch + 1,
    );
    expect(ofStakedEpoch.map((r) => r.event)).toEqual([
      ...delegatorRewards.map((reward, i) => ({
        type: "DelegatorRewardsPaid",
        nodeID: nodeId,
        delegatorID: i + 1,
        amount: amountText(reward),
        epochCounter: stakingEpoch + 1,
      })),
      { type: "RewardsPaid", nodeID: nodeId, amount: amountText(nodeReward), epochCounter: stakingEpoch + 1 },
      {
        type: "EpochTotalRewardsPaid",
        total: amountText(units(PAYOUT)),
        fromFees: amountText(feesBeforePayout),
        minted: amountText(units(PAYOUT) - feesBeforePayout),
        feesBurned: amountText(units(PAYOUT) - totalPaid),
        epochCounterForRewards: stakingEpoch + 1,
      },
    ]);
    // Nobody was paid anything for an earlier epoch: nothing was staked then.
    expect(listed.events.filter((r) => r.event.type !== "EpochTotalRewardsPaid")).toEqual(ofStakedEpoch.slice(0, 3));
    // The filter by type alone returns exactly those.
    const rewardsPaid = await client.listEvents({ types: ["RewardsPaid"] });
    expect(rewardsPaid.events).toEqual([ofStakedEpoch[2]]);
    const delegatorsPaid = await client.listEvents({ types: ["DelegatorRewardsPaid"] });
    expect(delegatorsPaid.events).toEqual(ofStakedEpoch.slice(0, 2));
    // The block that paid them is the block that started the paying epoch.
    const payBlock = await client.getBlock(ofStakedEpoch[0]?.height ?? -1);
    expect(payBlock.transactions.map((t) => [t.type, t.authorizer])).toEqual([
      ["epoch_start", null],
      ["epoch_pay_rewards", null],
    ]);

    // The stream delivered the same records, in the same order, as their block committed.
    await pollUntil(
      async () => streamed.length,
      (n) => n >= listed.events.length,
      "the streamed payout events",
    );
    expect(streamed.slice(0, listed.events.length)).toEqual(listed.events);

    // Stop the node, then replay the whole log from genesis with every signature re-checked.
    subscription.close();
    await running.close();
    stopped = true;
    const store = openSqliteStore(data.dir);
    const latest = store.latestBlock();
    store.close();
    const { run, report } = await verifyDataDir(data.dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      height: latest?.height,
      stateHash: latest?.stateHash,
      blockHash: latest?.hash,
    });
  }, 20_000);
});
