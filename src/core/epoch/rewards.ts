/**
 * Reward calculation (§9.1). Produces a breakdown and pays nothing. Every product is truncated on its own: the
 * rate first (payout ÷ total staked), then each stake × rate, then each cut (§1, §18 rule 1).
 */
import { type Amount, add, div, formatAmount, MAX_AMOUNT, mul, ONE, sub, ZERO } from "../amount.js";
import { LedgerError } from "../errors.js";
import type { NodeId } from "../ids.js";
import { ACCESS } from "../roles.js";
import type { LedgerState, NodeRecord } from "../state.js";

/**
 * One node's line of the breakdown: its own reward (with the cuts it took) and, per delegator index, each
 * delegator's net reward. A recorded reward is never 0 (§9.1 skips those), so 0 means "no entry".
 */
export interface RewardEntry {
  readonly node: NodeRecord;
  readonly nodeReward: Amount;
  readonly delegatorRewards: BigUint64Array;
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

function overflow(what: string): never {
  throw new LedgerError("AMOUNT_OVERFLOW", `${what} is above the UFix64 maximum`);
}

/**
 * Delegators' rewards for one node at `rate`, each reduced to `percentage` when given (non-operational nodes),
 * the node taking `cut` of each. Returns the node's total cut, and adds what was withheld to `withheld`.
 *
 * Every delegator's stake is at most the total staked (all role 1–4 stake is counted there), so when
 * total × rate fits (`bounded`), no product here can overflow and the loop needs no checks.
 */
function delegatorRewards(
  node: NodeRecord,
  rate: Amount,
  cut: Amount,
  percentage: Amount | undefined,
  bounded: boolean,
  rewards: BigUint64Array,
  withheld: { sum: bigint; stake: bigint },
): bigint {
  const staked = node.delegators.staked;
  const count = node.delegators.count;
  let nodeCut = 0n;
  for (let i = 0; i < count; i++) {
    const stake = staked[i] as bigint;
    const gross = (stake * rate) / ONE;
    if (!bounded && gross > MAX_AMOUNT) overflow("a delegator's reward");
    let reward = gross;
    if (percentage !== undefined) {
      withheld.stake += stake;
      reward = (gross * percentage) / ONE;
      withheld.sum += gross - reward;
    }
    if (reward === 0n) continue;
    const share = (reward * cut) / ONE;
    if (share > 0n) {
      nodeCut += share;
      reward -= share;
    }
    rewards[i] = reward;
  }
  return nodeCut;
}

export function calculateRewards(state: LedgerState): RewardsSummary {
  const total = totalStaked(state);
  if (total === 0n) return { totalRewards: ZERO, entries: [] };
  const payout = state.params.epochTokenPayout;
  const cut = state.params.rewardCut;
  const rate = div(payout, total);
  const entries: RewardEntry[] = [];

  // Non-operational nodes first, participants or not, access nodes included (§9.1 step 3).
  const withheld = { sum: 0n, stake: 0n };
  for (const id of [...state.nonOperational.keys()].sort()) {
    const node = state.nodes.get(id as NodeId);
    if (node === undefined) {
      throw new LedgerError("NODE_NOT_FOUND", `non-operational node ${id} is not in the identity table`, {
        nodeId: id,
      });
    }
    const percentage = state.nonOperational.get(id) ?? ZERO;
    const nodeGross = mul(node.staked, rate);
    const nodeNet = mul(nodeGross, percentage);
    withheld.sum += nodeGross - nodeNet;
    withheld.stake += node.staked;
    const rewards = new BigUint64Array(node.delegators.count);
    const nodeCut = delegatorRewards(node, rate, cut, percentage, true, rewards, withheld);
    entries.push({ node, nodeReward: add(nodeNet, checked(nodeCut, "a node's reward")), delegatorRewards: rewards });
  }

  // What the non-operational stakers lose is shared by everyone else (§9.1 steps 4–5). The contract's
  // subtraction aborts when non-operational stake exceeds the total (decisions.md D5).
  const operationalStake = sub(total, checked(withheld.stake, "the non-operational stake"));
  const withheldSum = checked(withheld.sum, "the withheld rewards");
  const extraRate = operationalStake === 0n ? ZERO : div(withheldSum, operationalStake);
  const fullRate = add(rate, extraRate);
  const bounded = (total * fullRate) / ONE <= MAX_AMOUNT;

  for (const id of [...state.participants].sort()) {
    if (state.nonOperational.has(id)) continue;
    const node = state.nodes.get(id);
    if (node === undefined) throw new Error(`participant ${id} is not in the identity table`);
    const nodeReward = mul(node.staked, fullRate);
    if (nodeReward === 0n || node.role === ACCESS) continue;
    const rewards = new BigUint64Array(node.delegators.count);
    const nodeCut = delegatorRewards(node, fullRate, cut, undefined, bounded, rewards, withheld);
    entries.push({ node, nodeReward: add(nodeReward, checked(nodeCut, "a node's reward")), delegatorRewards: rewards });
  }
  return { totalRewards: payout, entries };
}

function checked(value: bigint, what: string): Amount {
  if (value > MAX_AMOUNT) overflow(`${what} (${formatAmount(value as Amount)})`);
  return value as Amount;
}
