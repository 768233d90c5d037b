/**
 * Reward calculation (§9.1). Produces a breakdown and pays nothing. Every product is truncated on its own: the
 * rate first (payout ÷ total staked), then each stake × rate, then each cut (§1, §18 rule 1).
 */
import { type Amount, add, div, mul, sub, ZERO } from "../amount.js";
import { LedgerError } from "../errors.js";
import type { NodeId } from "../ids.js";
import { ACCESS } from "../roles.js";
import type { DelegatorRecord, LedgerState, NodeRecord } from "../state.js";

/** One node's line of the breakdown: its own reward (with the cuts it took) and its delegators' net rewards. */
export interface RewardEntry {
  readonly node: NodeRecord;
  nodeReward: Amount;
  readonly delegators: DelegatorRecord[];
  readonly delegatorRewards: Amount[];
}

export interface RewardsSummary {
  /** The configured payout at calculation time, not the sum of the breakdown (§9.1 step 7). */
  readonly totalRewards: Amount;
  readonly entries: RewardEntry[];
}

/** Σ `totalStakedByRole` for roles 1–4: access-node stake is excluded (§3.4). */
export function totalStaked(state: LedgerState): Amount {
  const t = state.totalStakedByRole;
  return add(add(add(t[1], t[2]), t[3]), t[4]);
}

export function calculateRewards(state: LedgerState): RewardsSummary {
  const total = totalStaked(state);
  if (total === 0n) return { totalRewards: ZERO, entries: [] };
  const payout = state.params.epochTokenPayout;
  const cut = state.params.rewardCut;
  const rate = div(payout, total);
  const entries: RewardEntry[] = [];

  // Non-operational nodes first, participants or not, access nodes included (§9.1 step 3).
  let withheld = ZERO;
  let nonOperationalStake = ZERO;
  for (const id of [...state.nonOperational.keys()].sort()) {
    const node = state.nodes.get(id as NodeId);
    if (node === undefined) {
      throw new LedgerError("NODE_NOT_FOUND", `non-operational node ${id} is not in the identity table`, {
        nodeId: id,
      });
    }
    const percentage = state.nonOperational.get(id) ?? ZERO;
    const nodeGross = mul(node.staked, rate);
    let nodeReward = mul(nodeGross, percentage);
    withheld = add(withheld, sub(nodeGross, nodeReward));
    nonOperationalStake = add(nonOperationalStake, node.staked);
    const entry: RewardEntry = { node, nodeReward: ZERO, delegators: [], delegatorRewards: [] };
    for (const delegator of node.delegators) {
      nonOperationalStake = add(nonOperationalStake, delegator.staked);
      const gross = mul(delegator.staked, rate);
      let reward = mul(gross, percentage);
      withheld = add(withheld, sub(gross, reward));
      if (reward === 0n) continue;
      const nodeCut = mul(reward, cut);
      if (nodeCut > 0n) {
        nodeReward = add(nodeReward, nodeCut);
        reward = sub(reward, nodeCut);
      }
      entry.delegators.push(delegator);
      entry.delegatorRewards.push(reward);
    }
    entry.nodeReward = nodeReward;
    entries.push(entry);
  }

  // What the non-operational stakers lose is shared by everyone else (§9.1 steps 4–5).
  const operationalStake = sub(total, nonOperationalStake);
  const extraRate = operationalStake === 0n ? ZERO : div(withheld, operationalStake);
  const fullRate = add(rate, extraRate);

  for (const id of [...state.participants].sort()) {
    if (state.nonOperational.has(id)) continue;
    const node = state.nodes.get(id);
    if (node === undefined) throw new Error(`participant ${id} is not in the identity table`);
    let nodeReward = mul(node.staked, fullRate);
    if (nodeReward === 0n || node.role === ACCESS) continue;
    const entry: RewardEntry = { node, nodeReward: ZERO, delegators: [], delegatorRewards: [] };
    for (const delegator of node.delegators) {
      let reward = mul(delegator.staked, fullRate);
      if (reward === 0n) continue;
      const nodeCut = mul(reward, cut);
      if (nodeCut > 0n) {
        nodeReward = add(nodeReward, nodeCut);
        reward = sub(reward, nodeCut);
      }
      entry.delegators.push(delegator);
      entry.delegatorRewards.push(reward);
    }
    entry.nodeReward = nodeReward;
    entries.push(entry);
  }
  return { totalRewards: payout, entries };
}
