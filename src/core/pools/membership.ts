/**
 * Joining, leaving and withdrawing ("Joining and adding stake", "Leaving and withdrawing"). Each operation checks
 * and computes everything first, then runs the record operation (atomic on its own: it refuses before changing
 * anything), then applies the pool's changes, which cannot fail. A refusal anywhere changes nothing.
 */
import { type Amount, add, formatAmount, min, sub, ZERO } from "../amount.js";
import { credit, debit, requireBalance } from "../balances.js";
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import { requireAuctionOpen } from "../staking/records.js";
import { stakeNewTokens } from "../staking/stake.js";
import { requestUnstaking } from "../staking/unstake.js";
import { withdrawUnstakedTokens } from "../staking/withdraw.js";
import type { LedgerState } from "../state.js";
import {
  addTicket,
  payTicket,
  planTicket,
  readyEpochOf,
  requireCohort,
  type TicketPlan,
  ticketValue,
} from "./cohorts.js";
import type { TicketMade } from "./events.js";
import { newMember, requireMember, saveMember, settleWithShares } from "./members.js";
import {
  type PoolValue,
  passOn,
  poolContext,
  poolValue,
  principalOf,
  readRecord,
  recordArgs,
  requirePool,
  sharesForDeposit,
  sharesForWithdrawal,
} from "./record.js";
import type { Pool, PoolId } from "./types.js";

export interface PoolAmountArgs {
  poolId: PoolId;
  amount: Amount;
}

/**
 * `join_pool` (auction open): the member's FLOW goes through the pool's account into the record with
 * stake_new_tokens; shares are minted at the price before the deposit. An account without shares is joining anew
 * and must bring at least `minimumJoin`.
 */
export function joinPool(ctx: OperationContext, args: PoolAmountArgs): null {
  const { state } = ctx;
  const pool = requirePool(state, args.poolId);
  const account = requireBalance(ctx, args.amount);
  requireAuctionOpen(state, "join a pool");
  const existing = pool.members.get(ctx.signer);
  if ((existing === undefined || existing.shares === 0n) && args.amount < pool.minimumJoin) {
    throw new LedgerError(
      "BELOW_POOL_MINIMUM",
      `a new member of pool ${pool.id} must bring at least ${formatAmount(pool.minimumJoin)}, got ${formatAmount(args.amount)}`,
      { poolId: pool.id, minimumJoin: formatAmount(pool.minimumJoin), amount: formatAmount(args.amount) },
    );
  }
  const minted = sharesForDeposit(pool, poolValue(state, pool).value, args.amount);
  const member = existing ?? newMember();
  const shares = add(member.shares, minted as Amount);
  const totalShares = add(pool.totalShares, minted as Amount);
  const poolAccount = state.accounts.get(pool.account);
  if (poolAccount === undefined) throw new Error(`pool ${pool.id}: its account ${pool.account} is missing`);
  add(poolAccount.balance, args.amount);

  // The pool's account stakes the member's FLOW; if the record refuses, the FLOW goes back and nothing changed.
  debit(state, account, args.amount);
  credit(state, poolAccount, args.amount);
  try {
    stakeNewTokens(poolContext(ctx, pool), { ...recordArgs(pool), amount: args.amount });
  } catch (error) {
    debit(state, poolAccount, args.amount);
    credit(state, account, args.amount);
    throw error;
  }
  settleWithShares(pool, member, shares);
  pool.totalShares = totalShares;
  saveMember(state, pool, ctx.signer, member);
  ctx.events.push({
    type: "PoolJoined",
    poolId: pool.id,
    account: ctx.signer,
    amount: args.amount,
    shares: minted as Amount,
  });
  return null;
}

/** Where a leave takes its tokens from, in the order of the specification. */
interface LeaveSplit {
  /** Unreserved unstaked tokens (after a forced removal): ready now. */
  readonly fromUnstaked: Amount;
  /** Committed tokens, unstaked at once by request_unstaking: ready now. */
  readonly fromCommitted: Amount;
  /** Staked tokens already requested but not reserved (after a forced removal): cohort E. */
  readonly fromRequested: Amount;
  /** Unrequested staked tokens, through request_unstaking: cohort E. */
  readonly fromStaked: Amount;
  /** Unreserved unstaking tokens (after a forced removal): cohort E − 1. */
  readonly fromUnstaking: Amount;
}

function splitLeave(pool: Pool, { record, reserved }: PoolValue, amount: Amount): LeaveSplit {
  let rest = amount;
  const take = (available: Amount): Amount => {
    const part = min(rest, available);
    rest = sub(rest, part);
    return part;
  };
  const split: LeaveSplit = {
    fromUnstaked: take(sub(record.unstaked, reserved.unstaked)),
    fromCommitted: take(record.committed),
    fromRequested: take(sub(record.requestedToUnstake, reserved.requested)),
    fromStaked: take(sub(record.staked, record.requestedToUnstake)),
    fromUnstaking: take(sub(record.unstaking, reserved.unstaking)),
  };
  if (rest !== 0n) throw new Error(`pool ${pool.id}: ${formatAmount(rest)} of a leave has no tokens behind it`);
  return split;
}

/**
 * `leave_pool` (auction open): `amount` ≤ the member's principal. Shares are burned rounded up (all of them when
 * `amount` is the whole principal); the tokens are taken from the record in the order of `LeaveSplit`, each part
 * becoming a ticket in its cohort.
 */
export function leavePool(ctx: OperationContext, args: PoolAmountArgs): null {
  const { state } = ctx;
  const pool = requirePool(state, args.poolId);
  const member = requireMember(pool, ctx.signer);
  requireAuctionOpen(state, "leave a pool");
  const current = poolValue(state, pool);
  const principal = principalOf(member.shares, current.value, pool.totalShares);
  if (args.amount > principal) {
    throw new LedgerError(
      "INSUFFICIENT_POOL_SHARES",
      `asked to take ${formatAmount(args.amount)} out of pool ${pool.id}, the member's principal is ${formatAmount(principal)}`,
      { poolId: pool.id, requested: formatAmount(args.amount), principal: formatAmount(principal) },
    );
  }
  // Taking the whole principal burns every share: at least ⌈X × totalShares / V⌉, and no worthless remainder stays.
  const burned = args.amount === principal ? member.shares : sharesForWithdrawal(pool, current.value, args.amount);
  const split = splitLeave(pool, current, args.amount);
  const epoch = state.epochCounter;
  const plans: TicketPlan[] = [];
  const immediate = add(split.fromUnstaked, split.fromCommitted);
  if (immediate > 0n) plans.push(planTicket(pool, member, `immediate@${epoch}`, epoch, immediate));
  const requested = add(split.fromRequested, split.fromStaked);
  if (requested > 0n) plans.push(planTicket(pool, member, `${epoch}`, epoch + 2, requested));
  if (split.fromUnstaking > 0n) plans.push(planTicket(pool, member, `${epoch - 1}`, epoch + 1, split.fromUnstaking));
  const request = add(split.fromCommitted, split.fromStaked);

  if (request > 0n) requestUnstaking(poolContext(ctx, pool), { ...recordArgs(pool), amount: request });
  settleWithShares(pool, member, sub(member.shares, burned));
  pool.totalShares = sub(pool.totalShares, burned);
  const tickets: TicketMade[] = plans.map((plan) => {
    const cohort = addTicket(pool, member, plan);
    return { cohort: cohort.key, amount: plan.amount, readyEpoch: readyEpochOf(pool, cohort) };
  });
  if (burned > 0n && pool.totalShares === 0n) sweepDust(ctx.state, pool);
  saveMember(state, pool, ctx.signer, member);
  ctx.events.push({
    type: "PoolLeft",
    poolId: pool.id,
    account: ctx.signer,
    amount: args.amount,
    shares: burned,
    tickets,
  });
  return null;
}

/**
 * The last share is gone: the sub-unit rewards that per-member truncation left in the record's rewarded pool
 * belong to nobody, so they go to the operator. (Every member is settled: nobody has shares.)
 */
function sweepDust(state: LedgerState, pool: Pool): void {
  const rewarded = readRecord(state, pool).pools.rewarded;
  pool.operatorFees = sub(rewarded, pool.totalClaimable);
}

/** `withdraw_from_pool` (any phase): every ready ticket, through the record's withdraw_unstaked_tokens. */
export function withdrawFromPool(ctx: OperationContext, args: { poolId: PoolId }): null {
  const { state } = ctx;
  const pool = requirePool(state, args.poolId);
  const member = requireMember(pool, ctx.signer);
  const epoch = state.epochCounter;
  const ready = member.tickets.filter((ticket) => readyEpochOf(pool, requireCohort(pool, ticket)) <= epoch);
  let amount = ZERO;
  for (const ticket of ready) amount = add(amount, ticketValue(requireCohort(pool, ticket), ticket));

  if (amount > 0n) {
    withdrawUnstakedTokens(poolContext(ctx, pool), { ...recordArgs(pool), amount });
    passOn(state, pool, ctx.signer, amount);
  }
  for (const ticket of ready) payTicket(pool, requireCohort(pool, ticket), ticket);
  member.tickets = member.tickets.filter((ticket) => !ready.includes(ticket));
  saveMember(state, pool, ctx.signer, member);
  ctx.events.push({ type: "PoolWithdrawn", poolId: pool.id, account: ctx.signer, amount, tickets: ready.length });
  return null;
}
