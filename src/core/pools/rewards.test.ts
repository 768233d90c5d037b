import { describe, expect, it } from "vitest";
import type { Amount } from "../amount.js";
import type { RewardsSummary } from "../epoch/rewards.js";
import { EventLog } from "../events.js";
import { checkInvariants } from "../invariants.js";
import { apply } from "../operations.js";
import {
  ALICE,
  admin,
  BOB,
  balanceOf,
  CAROL,
  nodeOf,
  refusal,
  registerDelegator,
  registerNode,
} from "../test-fixtures.js";
import { REWARD_SCALE, unsettledOf } from "./members.js";
import { distributePoolRewards } from "./rewards.js";
import {
  act,
  amount,
  DAVE,
  epochWithRewards,
  events,
  join,
  leave,
  member,
  N1,
  openOp,
  pool,
  pooledNode,
  stakedNode,
} from "./test-fixtures.js";

/** Pool 1 (fee 0.12345678) with Alice's 250000 staked and Dave's 1000 committed; epoch 1's rewards paid (R = 1000). */
function rewardedPool() {
  const ledger = pooledNode({ fee: "0.12345678" });
  join(ledger, DAVE, "1000");
  const paid = epochWithRewards(ledger);
  return { ledger, paid };
}

describe("reward distribution (O(1) per pool)", () => {
  it("takes the fee (truncated), raises rewardPerShare, gives the operator what the accumulator cannot carry", () => {
    const { ledger, paid } = rewardedPool();
    // rate = 1000 / 250000 = 0.004; R = 250000 × 0.004 = 1000 (Dave's tokens were only committed).
    // fee = ⌊1000 × 0.12345678⌋ = 123.45678; forMembers = 876.54322 over 251000 shares:
    // increment = ⌊87654322000 × 10¹⁸ / 25100000000000⌋ = 3492204063745019; ⌈increment × shares / 10¹⁸⌉ = 87654322000.
    expect(paid.map((e) => e.type)).toEqual(["RewardsPaid", "PoolRewardsDistributed", "EpochTotalRewardsPaid"]);
    expect(events(paid, "PoolRewardsDistributed")).toEqual([
      {
        type: "PoolRewardsDistributed",
        poolId: 1,
        reward: amount("1000"),
        fee: amount("123.45678"),
        forMembers: amount("876.54322"),
        remainderToOperator: amount("0"),
        epochCounter: 1,
      },
    ]);
    const p = pool(ledger);
    expect(p.rewardPerShare).toBe(3492204063745019n);
    expect(p.operatorFees).toBe(amount("123.45678"));
    // Alice: ⌊25000000000000 × 3492204063745019 / 10¹⁸⌋ = 873.05101593; Dave: 3.49220406. One unit stays as dust.
    expect(unsettledOf(p, member(ledger, ALICE))).toBe(amount("873.05101593"));
    expect(unsettledOf(p, member(ledger, DAVE))).toBe(amount("3.49220406"));
    expect(nodeOf(ledger, N1).rewarded).toBe(amount("1000"));
    expect(checkInvariants(ledger)).toEqual([]);
  });

  it("a pool without shares gives everything to the operator", () => {
    const ledger = pooledNode({ fee: "0.1" });
    leave(ledger, ALICE, "250000");
    const paid = epochWithRewards(ledger);
    expect(events(paid, "PoolRewardsDistributed")[0]).toMatchObject({
      reward: amount("1000"),
      fee: amount("100"),
      forMembers: amount("900"),
      remainderToOperator: amount("900"),
    });
    expect(pool(ledger).operatorFees).toBe(amount("1000"));
    expect(pool(ledger).rewardPerShare).toBe(0n);
  });

  it("a delegator pool splits the delegator's net reward", () => {
    const ledger = stakedNode();
    const id = registerDelegator(ledger, BOB, N1, "1000");
    apply(ledger, BOB, openOp({ fee: "0" }, id));
    admin(ledger, { op: "end_epoch", nodeIds: [N1] });
    const paid = epochWithRewards(ledger);
    // rate = ⌊1000 / 251000⌋ = 0.00398406; gross 3.98406, cut ⌊0.3187248⌋, net 3.6653352.
    expect(events(paid, "PoolRewardsDistributed")[0]).toMatchObject({
      reward: amount("3.6653352"),
      fee: amount("0"),
      remainderToOperator: amount("0"),
    });
    expect(unsettledOf(pool(ledger), member(ledger, BOB))).toBe(amount("3.6653352"));
  });

  it("nothing for a pool whose record was not paid", () => {
    const ledger = pooledNode();
    apply(ledger, CAROL, { ...openOp(), nodeId: registerNode(ledger, CAROL, 2, 1, "250000") });
    const paid = epochWithRewards(ledger);
    expect(events(paid, "PoolRewardsDistributed").map((e) => e.poolId)).toEqual([1]);
  });

  it("with more than 10¹⁸ share units the accumulator cannot carry every unit: the rest is the operator's", () => {
    const ledger = pooledNode({ fee: "0" });
    const p = pool(ledger);
    const record = nodeOf(ledger, N1);
    const shares = (2n * REWARD_SCALE + 1n) as Amount;
    p.totalShares = shares;
    member(ledger, ALICE).shares = shares;
    record.rewarded = 10n as Amount;
    const events = new EventLog();
    const summary: RewardsSummary = {
      totalRewards: 10n as Amount,
      entries: [{ node: record, nodeReward: 10n as Amount, delegatorRewards: new BigUint64Array(0) }],
    };
    distributePoolRewards(ledger, events, summary, 1);
    // increment = ⌊10 × 10¹⁸ / (2 × 10¹⁸ + 1)⌋ = 4; ⌈4 × (2 × 10¹⁸ + 1) / 10¹⁸⌉ = 9: one unit to the operator.
    expect(p.rewardPerShare).toBe(4n);
    expect(events.toArray()[0]).toMatchObject({ forMembers: 10n, remainderToOperator: 1n });
    expect(unsettledOf(p, member(ledger, ALICE))).toBe(8n);
  });

  it("what members can claim never exceeds what was spread (exact debts, the spread rounded up)", () => {
    // Shares of 1, 2 units: the spec's first rounding (⌊⌋ debts and spread) lets a later member claim a unit that
    // was handed to the operator. Here: A = 1, B = 2 units; B leaves, C comes with 2 units.
    const ledger = pooledNode({ fee: "0" });
    const p = pool(ledger);
    const record = nodeOf(ledger, N1);
    p.members.clear();
    const a = { shares: 1n as Amount, rewardDebt: 0n, claimable: 0n as Amount, tickets: [] };
    const b = { shares: 2n as Amount, rewardDebt: 0n, claimable: 0n as Amount, tickets: [] };
    p.members.set(ALICE, a);
    p.members.set(BOB, b);
    p.totalShares = 3n as Amount;
    const payOne = () => {
      record.rewarded = (record.rewarded + 1n) as Amount;
      const summary: RewardsSummary = {
        totalRewards: 1n as Amount,
        entries: [{ node: record, nodeReward: 1n as Amount, delegatorRewards: new BigUint64Array(0) }],
      };
      distributePoolRewards(ledger, new EventLog(), summary, 1);
    };
    const claims = () =>
      p.operatorFees + p.totalClaimable + [...p.members.values()].reduce((s, m) => s + unsettledOf(p, m), 0n);
    payOne();
    expect(p.rewardPerShare).toBe(REWARD_SCALE / 3n);
    expect(p.operatorFees).toBe(0n);
    b.shares = 0n as Amount;
    b.rewardDebt = 0n;
    const c = { shares: 2n as Amount, rewardDebt: 2n * p.rewardPerShare, claimable: 0n as Amount, tickets: [] };
    p.members.set(CAROL, c);
    for (let i = 0; i < 5; i++) {
      payOne();
      expect(claims()).toBeLessThanOrEqual(record.rewarded);
    }
    expect(unsettledOf(p, c)).toBe(3n);
  });
});

describe("stake_pool_rewards", () => {
  it("moves the member's rewards into the record and mints shares at the price before", () => {
    const { ledger } = rewardedPool();
    const staked = act(ledger, DAVE, { op: "stake_pool_rewards", poolId: 1 }).events;
    expect(staked).toEqual([
      { type: "TokensCommitted", nodeID: N1, amount: amount("3.49220406") },
      {
        type: "PoolRewardsStaked",
        poolId: 1,
        account: DAVE,
        amount: amount("3.49220406"),
        shares: amount("3.49220406"),
      },
    ]);
    expect(member(ledger, DAVE)).toMatchObject({ shares: amount("1003.49220406"), claimable: 0n });
    expect(nodeOf(ledger, N1).rewarded).toBe(amount("996.50779594"));
    expect(checkInvariants(ledger)).toEqual([]);
  });

  it("at a price other than 1 the shares differ from the amount", () => {
    const { ledger } = rewardedPool();
    // 7 units of principal without shares: V = 251000.00000007 for 251000 shares.
    nodeOf(ledger, N1).committed = amount("0.00000007");
    ledger.totalSupply = (ledger.totalSupply + 7n) as typeof ledger.totalSupply;
    // 87305101593 × 25100000000000 / 25100000000007 = 87305101592.97… → 873.05101592
    const staked = act(ledger, ALICE, { op: "stake_pool_rewards", poolId: 1, amount: amount("873.05101593") });
    expect(staked.events[1]).toMatchObject({ amount: amount("873.05101593"), shares: amount("873.05101592") });
  });

  describe("refusals change nothing", () => {
    it("POOL_NOT_FOUND, NOT_POOL_MEMBER, AUCTION_NOT_IN_PROGRESS", () => {
      const { ledger } = rewardedPool();
      expect(refusal(ledger, DAVE, { op: "stake_pool_rewards", poolId: 2 }).code).toBe("POOL_NOT_FOUND");
      expect(refusal(ledger, BOB, { op: "stake_pool_rewards", poolId: 1 })).toMatchObject({
        code: "NOT_POOL_MEMBER",
        stateUnchanged: true,
      });
      admin(ledger, { op: "end_staking", nodeIds: [N1] });
      expect(refusal(ledger, DAVE, { op: "stake_pool_rewards", poolId: 1 })).toMatchObject({
        code: "AUCTION_NOT_IN_PROGRESS",
        stateUnchanged: true,
      });
    });

    it("INSUFFICIENT_POOL_REWARDS above what the member can claim (settled and not)", () => {
      const { ledger } = rewardedPool();
      expect(refusal(ledger, DAVE, { op: "stake_pool_rewards", poolId: 1, amount: amount("3.49220407") })).toEqual({
        code: "INSUFFICIENT_POOL_REWARDS",
        details: { poolId: 1, requested: "3.49220407", available: "3.49220406" },
        stateUnchanged: true,
      });
    });

    it("POOL_HAS_NO_VALUE", () => {
      const { ledger } = rewardedPool();
      const node = nodeOf(ledger, N1);
      ledger.totalSupply = (ledger.totalSupply - node.staked) as typeof ledger.totalSupply;
      ledger.totalStakedByRole[1] = amount("0");
      node.staked = amount("0");
      expect(refusal(ledger, DAVE, { op: "stake_pool_rewards", poolId: 1 })).toMatchObject({
        code: "POOL_HAS_NO_VALUE",
        stateUnchanged: true,
      });
    });

    it("the record's own refusal (CANDIDATE_LIMIT_EXCEEDED)", () => {
      const ledger = stakedNode();
      registerNode(ledger, BOB, 2, 1, "250000");
      apply(ledger, BOB, { ...openOp({ fee: "0" }), nodeId: registerNode(ledger, BOB, 3, 1, "250000") });
      const p = pool(ledger);
      // Rewards credited by hand: the record is a candidate, never paid.
      nodeOf(ledger, p.target.nodeId).rewarded = amount("10");
      ledger.totalSupply = (ledger.totalSupply + amount("10")) as typeof ledger.totalSupply;
      admin(ledger, { op: "set_candidate_node_limit", role: 1, limit: 2n });
      p.totalClaimable = amount("10");
      member(ledger, BOB).claimable = amount("10");
      expect(refusal(ledger, BOB, { op: "stake_pool_rewards", poolId: 1 })).toMatchObject({
        code: "CANDIDATE_LIMIT_EXCEEDED",
        stateUnchanged: true,
      });
    });
  });
});

describe("withdraw_pool_rewards and withdraw_pool_fees (any phase)", () => {
  it("pay the member and the operator from the record's rewarded pool", () => {
    const { ledger } = rewardedPool();
    admin(ledger, { op: "end_staking", nodeIds: [N1] });
    const before = balanceOf(ledger, DAVE);
    expect(act(ledger, DAVE, { op: "withdraw_pool_rewards", poolId: 1, amount: amount("1") }).events).toEqual([
      { type: "RewardTokensWithdrawn", nodeID: N1, amount: amount("1") },
      { type: "PoolRewardsWithdrawn", poolId: 1, account: DAVE, amount: amount("1") },
    ]);
    expect(member(ledger, DAVE).claimable).toBe(amount("2.49220406"));
    act(ledger, DAVE, { op: "withdraw_pool_rewards", poolId: 1 });
    expect(balanceOf(ledger, DAVE)).toBe((before + amount("3.49220406")) as Amount);
    expect(act(ledger, ALICE, { op: "withdraw_pool_fees", poolId: 1 }).events).toEqual([
      { type: "RewardTokensWithdrawn", nodeID: N1, amount: amount("123.45678") },
      { type: "PoolFeesWithdrawn", poolId: 1, account: ALICE, amount: amount("123.45678") },
    ]);
    expect(pool(ledger).operatorFees).toBe(0n);
    expect(checkInvariants(ledger)).toEqual([]);
  });

  it("refusals change nothing: INSUFFICIENT_POOL_REWARDS, NOT_POOL_OPERATOR, NOT_POOL_MEMBER, POOL_NOT_FOUND", () => {
    const { ledger } = rewardedPool();
    expect(refusal(ledger, DAVE, { op: "withdraw_pool_rewards", poolId: 1, amount: amount("4") })).toMatchObject({
      code: "INSUFFICIENT_POOL_REWARDS",
      stateUnchanged: true,
    });
    expect(refusal(ledger, ALICE, { op: "withdraw_pool_fees", poolId: 1, amount: amount("123.45679") })).toEqual({
      code: "INSUFFICIENT_POOL_REWARDS",
      details: { poolId: 1, requested: "123.45679000", available: "123.45678000" },
      stateUnchanged: true,
    });
    expect(refusal(ledger, DAVE, { op: "withdraw_pool_fees", poolId: 1 })).toEqual({
      code: "NOT_POOL_OPERATOR",
      details: { poolId: 1, account: DAVE },
      stateUnchanged: true,
    });
    expect(refusal(ledger, BOB, { op: "withdraw_pool_rewards", poolId: 1 }).code).toBe("NOT_POOL_MEMBER");
    expect(refusal(ledger, BOB, { op: "withdraw_pool_fees", poolId: 3 }).code).toBe("POOL_NOT_FOUND");
  });

  it("the last member's exit sweeps the dust to the operator", () => {
    const { ledger } = rewardedPool();
    act(ledger, DAVE, { op: "withdraw_pool_rewards", poolId: 1 });
    leave(ledger, DAVE, "1000");
    leave(ledger, ALICE, "250000");
    const p = pool(ledger);
    expect(p.totalShares).toBe(0n);
    // rewarded 1000 − Dave's 3.49220406 = 996.50779594; Alice's 873.05101593 settled; the one unit of dust is swept.
    expect(p.totalClaimable).toBe(amount("873.05101593"));
    expect(p.operatorFees).toBe(amount("123.45678001"));
    expect(checkInvariants(ledger)).toEqual([]);
  });
});
