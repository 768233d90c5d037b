/**
 * A node's or a delegator's stake and rewards by epoch, rebuilt from the event log (`GET /v1/events`): the events
 * that move its staked tokens (`TokensStaked` +, `TokensUnstaking` −, `NodeSlashed` −, and the delegator versions)
 * and those that pay it (`RewardsPaid`, `DelegatorRewardsPaid`).
 *
 * Epochs come from `EpochStart`: every event of the transaction that starts epoch c (the tokens moved by
 * `epoch_start` come before its `EpochStart`) belongs to c; the events before it to c − 1. The staked amounts are
 * anchored on the staker's staked tokens now and walked backwards, so a stake from the genesis state (which has no
 * event) or a window that starts late still ends exactly on what the node reports.
 */
import type { EventRecord, LedgerEventJson } from "../../src/client/index.js";
import { toUnits } from "./amount-text.js";

export interface HistoryTarget {
  nodeId: string;
  /** Absent for the node's own tokens. */
  delegatorId?: number;
}

export interface EpochPoint {
  epoch: number;
  /** Staked tokens at the end of the epoch (or now, for the current one), in 10⁻⁸ units. */
  staked: bigint;
  /** Rewards paid to the staker during the epoch. */
  rewardsPaid: bigint;
  /** Rewards paid from the first epoch shown up to the end of this one. */
  rewardsTotal: bigint;
}

const NODE_TYPES = ["NewNodeCreated", "TokensStaked", "TokensUnstaking", "NodeSlashed", "RewardsPaid"] as const;
const DELEGATOR_TYPES = [
  "NewDelegatorCreated",
  "DelegatorTokensStaked",
  "DelegatorTokensUnstaking",
  "DelegatorSlashed",
  "DelegatorRewardsPaid",
] as const;

/** The event types to ask `GET /v1/events` for, besides `EpochStart`. */
export function historyEventTypes(target: HistoryTarget): readonly string[] {
  return target.delegatorId === undefined ? NODE_TYPES : DELEGATOR_TYPES;
}

function amountField(event: LedgerEventJson, field: string): bigint {
  const value = event[field];
  return typeof value === "string" ? toUnits(value) : 0n;
}

function concerns(event: LedgerEventJson, target: HistoryTarget): boolean {
  if (event.nodeID !== target.nodeId) return false;
  if (target.delegatorId === undefined) return !("delegatorID" in event);
  return event.delegatorID === target.delegatorId;
}

/** How an event changes the staker's staked tokens and rewards. */
function effect(event: LedgerEventJson): { staked: bigint; rewards: bigint; created: boolean } {
  switch (event.type) {
    case "TokensStaked":
    case "DelegatorTokensStaked":
      return { staked: amountField(event, "amount"), rewards: 0n, created: false };
    case "TokensUnstaking":
    case "DelegatorTokensUnstaking":
      return { staked: -amountField(event, "amount"), rewards: 0n, created: false };
    case "NodeSlashed":
    case "DelegatorSlashed":
      return { staked: -amountField(event, "fromStaked"), rewards: 0n, created: false };
    case "RewardsPaid":
    case "DelegatorRewardsPaid":
      return { staked: 0n, rewards: amountField(event, "amount"), created: false };
    case "NewNodeCreated":
    case "NewDelegatorCreated":
      return { staked: 0n, rewards: 0n, created: true };
    default:
      return { staked: 0n, rewards: 0n, created: false };
  }
}

/**
 * The points from the staker's creation (or the first epoch with one of its events, or the window's first epoch)
 * to `now.epoch`. `records` are in sequence order and hold the `EpochStart` events of the same window.
 */
export function stakeHistory(
  records: readonly EventRecord[],
  target: HistoryTarget,
  now: { epoch: number; staked: string },
  windowStart?: number,
): EpochPoint[] {
  // Each transaction's epoch, walking back from now.
  const epochOfTx = new Map<string, number>();
  let current = now.epoch;
  for (let i = records.length - 1; i >= 0; ) {
    const record = records[i];
    if (record === undefined) break;
    const key = `${record.height}/${record.txIndex}`;
    let start: number | undefined;
    let j = i;
    for (; j >= 0; j--) {
      const other = records[j];
      if (other === undefined || other.height !== record.height || other.txIndex !== record.txIndex) break;
      const counter = other.event.counter;
      if (other.event.type === "EpochStart" && typeof counter === "number") start = counter;
    }
    if (start !== undefined) current = start;
    epochOfTx.set(key, current);
    if (start !== undefined) current = start - 1;
    i = j;
  }

  const stakedDelta = new Map<number, bigint>();
  const rewards = new Map<number, bigint>();
  let first: number | undefined;
  let created: number | undefined;
  for (const record of records) {
    if (!concerns(record.event, target)) continue;
    const epoch = epochOfTx.get(`${record.height}/${record.txIndex}`) ?? now.epoch;
    const change = effect(record.event);
    if (change.created) created = epoch;
    stakedDelta.set(epoch, (stakedDelta.get(epoch) ?? 0n) + change.staked);
    rewards.set(epoch, (rewards.get(epoch) ?? 0n) + change.rewards);
    first = first === undefined ? epoch : Math.min(first, epoch);
  }

  const from = Math.min(now.epoch, created ?? first ?? windowStart ?? now.epoch);
  const points: EpochPoint[] = [];
  let staked = toUnits(now.staked);
  for (let epoch = now.epoch; epoch >= from; epoch--) {
    points.push({ epoch, staked, rewardsPaid: rewards.get(epoch) ?? 0n, rewardsTotal: 0n });
    staked -= stakedDelta.get(epoch) ?? 0n;
  }
  points.reverse();
  let total = 0n;
  for (const point of points) {
    total += point.rewardsPaid;
    point.rewardsTotal = total;
  }
  return points;
}
