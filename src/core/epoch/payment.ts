/**
 * Paying a reward breakdown (§9.2): the whole fee vault is withdrawn, the shortfall up to the total is minted,
 * each entry goes to its rewarded pool, and whatever is left (truncation dust, excess fees) is burned.
 */
import { type Amount, add, formatAmount, min, sub, ZERO } from "../amount.js";
import { LedgerError } from "../errors.js";
import type { LedgerEvent } from "../events.js";
import type { LedgerState } from "../state.js";
import type { RewardsSummary } from "./rewards.js";

export function payRewards(
  state: LedgerState,
  events: LedgerEvent[],
  summary: RewardsSummary,
  epochCounter: number,
): void {
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
  let paid = 0n;
  for (const entry of summary.entries) {
    paid += entry.nodeReward;
    for (const reward of entry.delegatorRewards) paid += reward;
  }
  if (paid > vault) {
    throw new LedgerError("INSUFFICIENT_REWARD_FUNDS", "the reward breakdown exceeds the fees and minted tokens", {
      breakdown: formatAmount(paid as Amount),
      available: formatAmount(vault),
    });
  }
  const supplyWithMinted = add(state.totalSupply, minted);

  state.feeVault = ZERO;
  for (const entry of summary.entries) {
    const node = entry.node;
    node.rewarded = add(node.rewarded, entry.nodeReward);
    const { delegators, delegatorRewards } = entry;
    for (let i = 0; i < delegators.length; i++) {
      const delegator = delegators[i];
      const amount = delegatorRewards[i];
      if (delegator === undefined || amount === undefined) throw new Error("reward breakdown arrays differ in length");
      delegator.rewarded = add(delegator.rewarded, amount);
      events.push({ type: "DelegatorRewardsPaid", nodeID: node.id, delegatorID: delegator.id, amount, epochCounter });
    }
    events.push({ type: "RewardsPaid", nodeID: node.id, amount: entry.nodeReward, epochCounter });
  }
  const burned = sub(vault, paid as Amount);
  state.totalSupply = sub(supplyWithMinted, burned);
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
