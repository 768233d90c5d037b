/**
 * The epoch transition at scale: 1,000 nodes and 1,000,000 delegators, every delegator active in the auction
 * (the worst case: all on the moves-pending list). Measures end of auction + reward calculation and payment +
 * token movement, the memory each delegator costs, and — in the same run — the compute floor: a tight loop doing
 * the same number of truncating multiplications.
 */
import { parseAmount } from "../src/core/amount.js";
import { endStakingAuction } from "../src/core/epoch/end-auction.js";
import { moveTokens } from "../src/core/epoch/move-tokens.js";
import { payRewards } from "../src/core/epoch/payment.js";
import { calculateRewards } from "../src/core/epoch/rewards.js";
import { EventLog } from "../src/core/events.js";
import { asAccountId } from "../src/core/ids.js";
import { apply } from "../src/core/operations.js";
import { createLedger, type LedgerState } from "../src/core/state.js";
import { collectGarbage, type Figure, median, round, seconds } from "./report.js";
import { buildNodes, DELEGATORS, delegatorOwners, everyoneDelegatesMore, registerDelegators } from "./world.js";

const ROUNDS = 3;
const ADMIN = asAccountId("admin");

function transition(state: LedgerState): { events: EventLog; multiplications: number } {
  const events = new EventLog();
  endStakingAuction(state, events);
  const summary = calculateRewards(state);
  payRewards(state, events, summary, state.epochCounter);
  moveTokens(state, events, state.epochCounter + 1);
  let multiplications = 0;
  for (const entry of summary.entries) multiplications += 1 + 2 * entry.delegatorRewards.length;
  return { events, multiplications };
}

/** A tight loop doing `count` truncating multiplications of the same sizes as the reward calculation. */
function computeFloor(count: number): number {
  const rate = 1_234_567n;
  const cut = 8_000_000n;
  const unit = 100_000_000n;
  let sink = 0n;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 2) {
    const gross = ((5_000_000_000n + BigInt(i)) * rate) / unit;
    sink += (gross * cut) / unit;
  }
  const elapsed = seconds(start);
  if (sink < 0n) throw new Error("unreachable");
  return elapsed;
}

/** JavaScript heap plus the typed arrays' backing stores, which live outside it. */
function memoryInUse(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

export function epochTransitionBenchmark(): Figure[] {
  const state = createLedger({ admin: ADMIN, keyValidation: "format", epochTokenPayout: parseAmount("1250000") });
  const nodeIds = buildNodes(state);
  const accounts = delegatorOwners(state);
  collectGarbage();
  const before = memoryInUse();
  registerDelegators(state, nodeIds, accounts);
  collectGarbage();
  const perDelegator = (memoryInUse() - before) / DELEGATORS;

  // Epoch 0 → 1: everything committed becomes staked (setup, not measured).
  apply(state, ADMIN, { op: "end_epoch", nodeIds });

  const times: number[] = [];
  const floors: number[] = [];
  const materialize: number[] = [];
  let eventCount = 0;
  for (let round = 0; round < ROUNDS; round++) {
    everyoneDelegatesMore(state);
    collectGarbage();
    const start = process.hrtime.bigint();
    const { events, multiplications } = transition(state);
    times.push(seconds(start));
    eventCount = events.length;
    floors.push(computeFloor(multiplications));
    const start2 = process.hrtime.bigint();
    let objects = 0;
    for (const _event of events) objects += 1;
    materialize.push(seconds(start2));
    if (objects !== eventCount) throw new Error("event log length and iteration disagree");
  }
  const time = median(times);
  const floor = median(floors);
  return [
    { name: "epoch_transition_1m_delegators", value: round(time), unit: "s", target: "<= 0.5" },
    { name: "epoch_transition_events", value: eventCount, unit: "events", target: null },
    { name: "epoch_transition_event_objects", value: round(median(materialize)), unit: "s", target: null },
    { name: "memory_per_delegator", value: Math.round(perDelegator), unit: "bytes", target: "<= 400" },
    { name: "compute_floor_1m_delegators", value: round(floor), unit: "s", target: null },
    { name: "epoch_transition_vs_floor", value: round(time / floor, 2), unit: "x", target: null },
  ];
}
