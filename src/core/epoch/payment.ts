/**
 * Paying a reward breakdown (§9.2): the whole fee vault is withdrawn, the shortfall up to the total is minted,
 * each entry goes to its rewarded pool, and whatever is left (truncation dust, excess fees) is burned.
 */
import { type Amount, add, formatAmount, MAX_AMOUNT, min, sub, ZERO } from "../amount.js";
import { touchNodeAndDelegators } from "../changes.js";
import { LedgerError } from "../errors.js";
import type { EventLog } from "../events.js";
import { distributePoolRewards } from "../pools/index.js";
import type { LedgerState } from "../state.js";
import type { RewardsSummary } from "./rewards.js";

/** What the breakdown pays out in all. */
function breakdownTotal(summary: RewardsSummary): bigint {
  let paid = 0n;
  for (const entry of summary.entries) {
    paid += entry.nodeReward;
    const rewards = entry.delegatorRewards;
    for (let i = 0; i < rewards.length; i++) paid += rewards[i] as bigint;
  }
  return paid;
}

export function payRewards(state: LedgerState, events: EventLog, summary: RewardsSummary, epochCounter: number): void {
  const total = summary.totalRewards;
  if (summary.entries.length === 0) {
    events.push({
      type: "EpochTotalRewardsPaid",
      total,
      fromFees: ZERO,
      minted: ZERO,
      feesBurned: ZERO,
      epochCounterForRewards: epochCounter,
    });
    state.nonOperational = new Map();
    return;
  }

  const fees = state.feeVault;
  const minted = fees < total ? sub(total, fees) : ZERO;
  const vault = add(fees, minted);
  const paid = breakdownTotal(summary);
  if (paid > vault) {
    throw new LedgerError("INSUFFICIENT_REWARD_FUNDS", "the reward breakdown exceeds the fees and minted tokens", {
      breakdown: formatAmount(paid as Amount),
      available: formatAmount(vault),
    });
  }
  const supplyWithMinted = add(state.totalSupply, minted);

  // Nothing below can fail: every pool is part of the supply, which is at most the UFix64 maximum.
  state.feeVault = ZERO;
  for (const entry of summary.entries) {
    const node = entry.node;
    node.rewarded = add(node.rewarded, entry.nodeReward);
    touchNodeAndDelegators(state, node);
    const rewards = entry.delegatorRewards;
    const rewarded = node.delegators.rewarded;
    for (let i = 0; i < rewards.length; i++) {
      const amount = rewards[i] as Amount;
      if (amount === 0n) continue;
      const sum = (rewarded[i] as bigint) + amount;
      if (sum > MAX_AMOUNT) throw new Error(`delegator ${node.id}/${i + 1} rewarded pool above the maximum`);
      rewarded[i] = sum;
      events.pushDelegator("DelegatorRewardsPaid", node.id, i + 1, amount, epochCounter);
    }
    events.push({ type: "RewardsPaid", nodeID: node.id, amount: entry.nodeReward, epochCounter });
  }
  const burned = sub(vault, paid as Amount);
  state.totalSupply = sub(supplyWithMinted, burned);
  distributePoolRewards(state, events, summary, epochCounter);
  events.push({
    type: "EpochTotalRewardsPaid",
    total,
    fromFees: min(fees, total),
    minted,
    feesBurned: burned,
    epochCounterForRewards: epochCounter,
  });
  state.nonOperational = new Map();
}
