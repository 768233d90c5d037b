/**
 * Rewards ("Rewards"): the O(1) split of what the record earned, and what members and the operator do with their
 * share — restake it (new shares at the price before the deposit) or withdraw it.
 */
import { type Amount, add, formatAmount, mul, sub, ZERO } from "../amount.js";
import type { OperationContext } from "../context.js";
import type { RewardEntry, RewardsSummary } from "../epoch/rewards.js";
import { LedgerError } from "../errors.js";
import type { EventLog } from "../events.js";
import type { NodeId } from "../ids.js";
import { requireAuctionOpen } from "../staking/records.js";
import { stakeRewardedTokens } from "../staking/stake.js";
import { withdrawRewardedTokens } from "../staking/withdraw.js";
import type { LedgerState } from "../state.js";
import { feeInForce, promoteFee, requireOperator } from "./fees.js";
import { claimableOf, REWARD_SCALE, requireMember, saveMember, settleWithShares } from "./members.js";
import { passOn, poolContext, poolValue, recordArgs, requirePool, sharesForDeposit } from "./record.js";
import type { Pool, PoolId } from "./types.js";

/** What the pool's record received in this payment. */
function rewardOf(pool: Pool, entries: ReadonlyMap<NodeId, RewardEntry>): Amount {
  const entry = entries.get(pool.target.nodeId);
  if (entry === undefined) return ZERO;
  const id = pool.target.delegatorId;
  if (id === null) return entry.nodeReward;
  return (entry.delegatorRewards[id - 1] ?? 0n) as Amount;
}

/**
 * After `payRewards` credited the records: each pool whose record received R > 0 splits it. The members' part is
 * spread by raising `rewardPerShare`; what the accumulator cannot carry goes to the operator:
 *
 *   fee = ⌊R × fee in force⌋, forMembers = R − fee, increment = ⌊forMembers × 10¹⁸ / totalShares⌋,
 *   remainder = forMembers − ⌈increment × totalShares / 10¹⁸⌉
 *
 * O(pools + nodes paid), never O(members). Cannot fail: it runs after the payment has changed the state.
 */
export function distributePoolRewards(
  state: LedgerState,
  events: EventLog,
  summary: RewardsSummary,
  epochCounter: number,
): void {
  if (state.pools.pools.size === 0) return;
  const entries = new Map<NodeId, RewardEntry>();
  for (const entry of summary.entries) entries.set(entry.node.id, entry);
  for (const pool of state.pools.pools.values()) {
    const reward = rewardOf(pool, entries);
    if (reward === 0n) continue;
    promoteFee(pool, epochCounter, events);
    const fee = mul(reward, feeInForce(pool, epochCounter));
    const forMembers = sub(reward, fee);
    let remainder = forMembers;
    if (pool.totalShares > 0n) {
      const increment = (forMembers * REWARD_SCALE) / pool.totalShares;
      const spread = (increment * pool.totalShares + REWARD_SCALE - 1n) / REWARD_SCALE;
      remainder = sub(forMembers, spread as Amount);
      pool.rewardPerShare += increment;
    }
    pool.operatorFees = add(pool.operatorFees, add(fee, remainder));
    events.push({
      type: "PoolRewardsDistributed",
      poolId: pool.id,
      reward,
      fee,
      forMembers,
      remainderToOperator: remainder,
      epochCounter,
    });
  }
}

function requestedOrAll(requested: Amount | undefined, available: Amount, what: string, pool: Pool): Amount {
  const amount = requested ?? available;
  if (amount > available) {
    throw new LedgerError(
      "INSUFFICIENT_POOL_REWARDS",
      `${what} in pool ${pool.id}: asked ${formatAmount(amount)}, claimable ${formatAmount(available)}`,
      { poolId: pool.id, requested: formatAmount(amount), available: formatAmount(available) },
    );
  }
  return amount;
}

export interface ClaimArgs {
  poolId: PoolId;
  amount?: Amount | undefined;
}

/** `stake_pool_rewards`: the record's stake_rewarded_tokens, then shares at the price before the deposit. */
export function stakePoolRewards(ctx: OperationContext, args: ClaimArgs): null {
  const { state } = ctx;
  const pool = requirePool(state, args.poolId);
  const member = requireMember(pool, ctx.signer);
  requireAuctionOpen(state, "stake pool rewards");
  const claimable = claimableOf(pool, member);
  const amount = requestedOrAll(args.amount, claimable, "stake rewards", pool);
  const minted = sharesForDeposit(pool, poolValue(state, pool).value, amount);
  const shares = add(member.shares, minted as Amount);
  const totalShares = add(pool.totalShares, minted as Amount);

  stakeRewardedTokens(poolContext(ctx, pool), { ...recordArgs(pool), amount });
  settleWithShares(pool, member, shares);
  member.claimable = sub(member.claimable, amount);
  pool.totalClaimable = sub(pool.totalClaimable, amount);
  pool.totalShares = totalShares;
  saveMember(state, pool, ctx.signer, member);
  ctx.events.push({
    type: "PoolRewardsStaked",
    poolId: pool.id,
    account: ctx.signer,
    amount,
    shares: minted as Amount,
  });
  return null;
}

/** `withdraw_pool_rewards` (any phase): the record's withdraw_rewarded_tokens, to the member's balance. */
export function withdrawPoolRewards(ctx: OperationContext, args: ClaimArgs): null {
  const { state } = ctx;
  const pool = requirePool(state, args.poolId);
  const member = requireMember(pool, ctx.signer);
  const amount = requestedOrAll(args.amount, claimableOf(pool, member), "withdraw rewards", pool);

  withdrawRewardedTokens(poolContext(ctx, pool), { ...recordArgs(pool), amount });
  passOn(state, pool, ctx.signer, amount);
  settleWithShares(pool, member, member.shares);
  member.claimable = sub(member.claimable, amount);
  pool.totalClaimable = sub(pool.totalClaimable, amount);
  saveMember(state, pool, ctx.signer, member);
  ctx.events.push({ type: "PoolRewardsWithdrawn", poolId: pool.id, account: ctx.signer, amount });
  return null;
}

/** `withdraw_pool_fees` (any phase): the operator's fees and remainders, from the record's rewarded pool. */
export function withdrawPoolFees(ctx: OperationContext, args: ClaimArgs): null {
  const { state } = ctx;
  const pool = requirePool(state, args.poolId);
  requireOperator(ctx, pool);
  const amount = requestedOrAll(args.amount, pool.operatorFees, "withdraw fees", pool);

  withdrawRewardedTokens(poolContext(ctx, pool), { ...recordArgs(pool), amount });
  passOn(state, pool, ctx.signer, amount);
  pool.operatorFees = sub(pool.operatorFees, amount);
  ctx.events.push({ type: "PoolFeesWithdrawn", poolId: pool.id, account: ctx.signer, amount });
  return null;
}
