/**
 * FlowEpoch's phases around the staking contract (§11.2): staking auction → setup (auction ended) → committed
 * (rewards calculated on the ending epoch's stake) → next epoch (tokens moved, counter + 1), whose first block pays
 * the rewards calculated in the previous one.
 *
 * Time is the block's time, given to the operation: a replay computes the same phase times.
 */
import { type Amount, add, formatAmount, mul, ONE, sub, ZERO } from "../amount.js";
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import { proposedTable } from "../queries.js";
import type { EpochPhase, EpochTiming, LedgerState } from "../state.js";
import { endStakingAuction } from "./end-auction.js";
import { moveTokens } from "./move-tokens.js";
import { payRewards } from "./payment.js";
import { calculateRewards, totalStaked } from "./rewards.js";

function requirePhase(state: LedgerState, phase: EpochPhase, operation: string): void {
  if (state.epoch.phase !== phase) {
    throw new LedgerError(
      "WRONG_EPOCH_PHASE",
      `${operation} needs the ${phase.replaceAll("_", " ")} phase; the epoch is in the ${state.epoch.phase.replaceAll("_", " ")} phase`,
      { phase: state.epoch.phase, needed: phase },
    );
  }
}

/**
 * When the current epoch's phases are due to end, in block time: fixed offsets from the epoch's start, as Flow's
 * staking-auction and DKG end views are fixed offsets from the epoch's first view. A phase that began late does
 * not push the later ones back.
 */
export function phaseEndTimes(state: LedgerState): { stakingAuctionEnd: number; setupEnd: number; epochEnd: number } {
  const { startedAt, timing } = state.epoch;
  const stakingAuctionEnd = startedAt + timing.stakingAuctionMs;
  return {
    stakingAuctionEnd,
    setupEnd: stakingAuctionEnd + timing.setupMs,
    epochEnd: startedAt + timing.epochLengthMs,
  };
}

/** Pays the previous epoch's stored rewards if they are still unpaid; at most once (§11.2). */
function payPreviousRewards(ctx: OperationContext): void {
  const pending = ctx.state.epoch.pendingRewards;
  if (pending === null || pending.paid || pending.epochCounter !== ctx.state.epochCounter - 1) return;
  payRewards(ctx.state, ctx.events, pending.summary, pending.epochCounter);
  pending.paid = true;
}

/** `epoch_pay_rewards`: the first block of an epoch pays what the previous epoch earned. Nothing to pay is fine. */
export function epochPayRewards(ctx: OperationContext): null {
  requirePhase(ctx.state, "staking_auction", "paying the previous epoch's rewards");
  payPreviousRewards(ctx);
  return null;
}

/** `epoch_setup`: end the staking auction (§8.2) and announce the next epoch's nodes. */
export function epochSetup(ctx: OperationContext): null {
  const { state } = ctx;
  requirePhase(state, "staking_auction", "epoch setup");
  // The heartbeat pays the previous epoch's rewards before it ends the auction.
  payPreviousRewards(ctx);
  endStakingAuction(state, ctx.events);
  state.epoch.phase = "epoch_setup";
  state.epoch.setupStartedAt = ctx.time;
  const ends = phaseEndTimes(state);
  ctx.events.push({
    type: "EpochSetup",
    counter: state.epochCounter + 1,
    nodeIDs: proposedTable(state),
    stakingAuctionEndTime: ends.epochEnd + state.epoch.timing.stakingAuctionMs,
    targetEndTime: ends.epochEnd + state.epoch.timing.epochLengthMs,
  });
  return null;
}

/**
 * `epoch_commit`: calculate this epoch's rewards on its stake and store them for payment in the next epoch; with
 * automatic payout, set the next payout from supply growth (`calculateAndSetRewards`).
 */
export function epochCommit(ctx: OperationContext): null {
  const { state } = ctx;
  requirePhase(state, "epoch_setup", "epoch commit");
  const summary = calculateRewards(state);
  const next = state.epoch.automaticRewards.enabled ? nextPayout(state) : undefined;

  state.epoch.pendingRewards = { epochCounter: state.epochCounter, summary, paid: false };
  state.epoch.phase = "epoch_committed";
  if (next !== undefined && next !== state.params.epochTokenPayout) {
    ctx.events.push({ type: "NewWeeklyPayout", newPayout: next });
    state.params.epochTokenPayout = next;
  }
  ctx.events.push({
    type: "EpochCommit",
    counter: state.epochCounter + 1,
    rewardsCalculatedFor: state.epochCounter,
    totalRewards: summary.totalRewards,
  });
  return null;
}

/**
 * §11.2: supplyAfter = totalSupply + (payout − fees, if fees < payout); minus the bonus tokens when they are less;
 * next payout = supplyAfter × FLOWsupplyIncreasePercentage, truncated. `payout` is the configured one even when
 * the calculated total was 0.
 */
export function nextPayout(state: LedgerState): Amount {
  const payout = state.params.epochTokenPayout;
  const fees = state.feeVault;
  let supplyAfter = add(state.totalSupply, fees < payout ? sub(payout, fees) : ZERO);
  const bonus = state.epoch.automaticRewards.bonusTokens;
  if (bonus < supplyAfter) supplyAfter = sub(supplyAfter, bonus);
  return mul(supplyAfter, state.epoch.automaticRewards.supplyIncreasePercentage);
}

/** `epoch_start`: move tokens (§10) and begin the next epoch's staking auction. */
export function epochStart(ctx: OperationContext): null {
  const { state } = ctx;
  requirePhase(state, "epoch_committed", "epoch start");
  const previousRewards = state.epoch.pendingRewards?.summary.totalRewards ?? ZERO;
  moveTokens(state, ctx.events, state.epochCounter + 1);
  state.epoch.phase = "staking_auction";
  state.epoch.startedAt = ctx.time;
  state.epoch.setupStartedAt = null;
  state.epoch.previousTotalRewards = previousRewards;
  const ends = phaseEndTimes(state);
  ctx.events.push({
    type: "EpochStart",
    counter: state.epochCounter,
    startTime: ctx.time,
    stakingAuctionEndTime: ends.stakingAuctionEnd,
    endTime: ends.epochEnd,
    totalStaked: totalStaked(state),
    totalFlowSupply: add(state.totalSupply, previousRewards),
    totalRewards: state.params.epochTokenPayout,
  });
  return null;
}

/** Phase lengths; the auction and the setup must end before the epoch does (FlowEpoch's config rule). */
export function setEpochTiming(ctx: OperationContext, timing: EpochTiming): null {
  const { epochLengthMs, stakingAuctionMs, setupMs } = timing;
  const positive = [epochLengthMs, stakingAuctionMs, setupMs].every((v) => Number.isSafeInteger(v) && v > 0);
  if (!positive || stakingAuctionMs + setupMs >= epochLengthMs) {
    throw new LedgerError(
      "INVALID_ARGUMENT",
      "epoch timing needs positive lengths with staking auction + setup shorter than the epoch",
      { field: "stakingAuctionMs" },
    );
  }
  requirePhase(ctx.state, "staking_auction", "changing the epoch timing");
  ctx.state.epoch.timing = { epochLengthMs, stakingAuctionMs, setupMs };
  return null;
}

/** Automatic payout from supply growth; the percentage is at most 1 (§11.2). */
export function setAutomaticRewards(
  ctx: OperationContext,
  args: { enabled: boolean; supplyIncreasePercentage: Amount; bonusTokens: Amount },
): null {
  if (args.supplyIncreasePercentage > ONE) {
    throw new LedgerError(
      "INVALID_ARGUMENT",
      `supply increase percentage must be at most 1, got ${formatAmount(args.supplyIncreasePercentage)}`,
      { field: "supplyIncreasePercentage" },
    );
  }
  requirePhase(ctx.state, "staking_auction", "changing the automatic payout");
  ctx.state.epoch.automaticRewards = { ...args };
  return null;
}

/** The transaction fee paid by every signed transaction into the fee vault. */
export function setTransactionFee(ctx: OperationContext, fee: Amount): null {
  ctx.state.transactionFee = fee;
  return null;
}
