/**
 * A member's entry: shares, the reward accumulator's bookkeeping ("Rewards") and tickets. Every write goes through
 * `saveMember`, which marks the entry for the incremental state hash (changes.ts) and drops an empty one.
 */
import { type Amount, add } from "../amount.js";
import { touchPoolMember } from "../changes.js";
import { LedgerError } from "../errors.js";
import type { AccountId } from "../ids.js";
import type { LedgerState } from "../state.js";
import type { Pool, PoolMember } from "./types.js";

/** `rewardPerShare` and `rewardDebt` are scaled by 10¹⁸. */
export const REWARD_SCALE = 10n ** 18n;

export function newMember(): PoolMember {
  return { shares: 0n as Amount, rewardDebt: 0n, claimable: 0n as Amount, tickets: [] };
}

export function requireMember(pool: Pool, account: AccountId): PoolMember {
  const member = pool.members.get(account);
  if (member === undefined) {
    throw new LedgerError("NOT_POOL_MEMBER", `account ${account} is not a member of pool ${pool.id}`, {
      poolId: pool.id,
      account,
    });
  }
  return member;
}

/**
 * Rewards accrued since the member's last settlement: ⌊(shares × rewardPerShare − rewardDebt) / 10¹⁸⌋. The debt is
 * kept exactly (not truncated), so what a member accrues never exceeds its exact share of what was distributed.
 */
export function unsettledOf(pool: Pool, member: PoolMember): Amount {
  return ((member.shares * pool.rewardPerShare - member.rewardDebt) / REWARD_SCALE) as Amount;
}

/** Settled and unsettled rewards: what the member could claim now. */
export function claimableOf(pool: Pool, member: PoolMember): Amount {
  return add(member.claimable, unsettledOf(pool, member));
}

/**
 * Settles the member's unsettled rewards into `claimable`, then gives it `shares` with a fresh debt. The caller
 * checked every amount; nothing here can fail.
 */
export function settleWithShares(pool: Pool, member: PoolMember, shares: Amount): void {
  const unsettled = unsettledOf(pool, member);
  member.claimable = add(member.claimable, unsettled);
  pool.totalClaimable = add(pool.totalClaimable, unsettled);
  member.shares = shares;
  member.rewardDebt = shares * pool.rewardPerShare;
}

/** Stores the member (or removes it when it holds nothing) and marks it changed. */
export function saveMember(state: LedgerState, pool: Pool, account: AccountId, member: PoolMember): void {
  if (member.shares === 0n && member.claimable === 0n && member.tickets.length === 0) pool.members.delete(account);
  else pool.members.set(account, member);
  touchPoolMember(state, pool.id, account);
}
