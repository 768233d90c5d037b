/**
 * A pool's epoch at scale: one node run as a pool with 1,000,000 members (and, for comparison, the same with 10),
 * through the epoch transition with a reward payout — end of auction, reward calculation and payment (with the pool's
 * split), token movement — and the state hash brought up to date. The cost must not grow with members: the split is
 * O(1) per pool and the hash rehashes only the members a block changed (none here).
 *
 * The members are built with the pools module's own `join_pool`, straight through `applyPoolOperation` (not through
 * transactions); their accounts are put in the ledger directly, before the memory baseline, so that
 * `memory_per_pool_member` counts the member entries alone.
 */
import { type Amount, parseAmount } from "../src/core/amount.js";
import { createChangeSet } from "../src/core/changes.js";
import { EventLog } from "../src/core/events.js";
import { type AccountId, asAccountId } from "../src/core/ids.js";
import { apply } from "../src/core/operations.js";
import { applyPoolOperation } from "../src/core/pools/index.js";
import { createLedger, type LedgerState } from "../src/core/state.js";
import { StateDigest } from "../src/core/state-hash.js";
import { collectGarbage, type Figure, round, seconds } from "./report.js";

const ADMIN = asAccountId("admin");
const OPERATOR = asAccountId("operator");
const NODE_ID = "1".padStart(64, "0");
/**
 * Batches of transitions, each after a collection and a few untimed transitions. A figure is the fastest batch's
 * mean: a transition takes tens of microseconds, and on a shared machine the noise (other processes, a virtual
 * CPU's steal) only ever adds to it — in steps of the same size for both pools.
 */
const BATCHES = 41;
const PER_BATCH = 40;
const WARM_UP = 5;

/** JavaScript heap plus the typed arrays' backing stores, which live outside it. */
function memoryInUse(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** A ledger whose node 1 is pool 1, and the accounts of `members` future members (1,000 FLOW each). */
function pooledLedger(members: number): { state: LedgerState; accounts: AccountId[] } {
  const state = createLedger({
    admin: ADMIN,
    keyValidation: "format",
    epochTokenPayout: parseAmount("1250000"),
    accounts: [
      [ADMIN, parseAmount("0")],
      [OPERATOR, parseAmount("1000000")],
    ],
  });
  apply(state, OPERATOR, {
    op: "register_node",
    nodeId: NODE_ID,
    role: 1,
    networkingAddress: "pool-node.example.org:3569",
    networkingKey: "ab".repeat(64),
    stakingKey: "cd".repeat(96),
    amount: parseAmount("250000"),
  });
  apply(state, OPERATOR, {
    op: "open_pool",
    nodeId: NODE_ID,
    fee: parseAmount("0.08"),
    minimumJoin: parseAmount("1"),
    extraLockEpochs: 1,
  });
  const balance = parseAmount("1000");
  const accounts: AccountId[] = [];
  for (let i = 0; i < members; i++) {
    const id = asAccountId(`m${i.toString(16).padStart(15, "0")}`);
    state.accounts.set(id, { id, balance, keys: [] });
    accounts.push(id);
  }
  state.totalSupply = (state.totalSupply + BigInt(members) * balance) as Amount;
  return { state, accounts };
}

/** Each account joins with a different fractional amount, through the pools module. */
function joinAll(state: LedgerState, accounts: readonly AccountId[]): void {
  accounts.forEach((signer, i) => {
    const amount = parseAmount(`${1 + (i % 997)}.${((i * 7919) % 99_999_999).toString().padStart(8, "0")}`);
    const ctx = { state, signer, verifier: undefined, time: 0, events: new EventLog() };
    applyPoolOperation(ctx, { op: "join_pool", poolId: 1, amount });
  });
}

function transition(state: LedgerState, digest: StateDigest): void {
  apply(state, ADMIN, { op: "end_staking", nodeIds: [NODE_ID] });
  apply(state, ADMIN, { op: "pay_rewards" });
  apply(state, ADMIN, { op: "move_tokens" });
  digest.update(state);
}

interface Prepared {
  state: LedgerState;
  digest: StateDigest;
  perMember: number;
}

/** A pool with `members` members, past its first epoch (the deposits staked), with a primed state digest. */
function prepare(members: number): Prepared {
  const { state, accounts } = pooledLedger(members);
  collectGarbage();
  const before = memoryInUse();
  joinAll(state, accounts);
  state.changes = createChangeSet();
  collectGarbage();
  const perMember = (memoryInUse() - before) / members;
  apply(state, ADMIN, { op: "end_epoch", nodeIds: [NODE_ID] });
  const digest = new StateDigest();
  digest.update(state);
  return { state, digest, perMember };
}

/** Seconds per transition: one batch's mean, after a collection and a few untimed transitions. */
function batch({ state, digest }: Prepared): number {
  // As epoch-transition.ts does before its rounds: the collector's marking of a large heap is the cost of holding
  // a million members in memory, not of the epoch.
  collectGarbage();
  for (let i = 0; i < WARM_UP; i++) transition(state, digest);
  const start = process.hrtime.bigint();
  for (let i = 0; i < PER_BATCH; i++) transition(state, digest);
  return seconds(start) / PER_BATCH;
}

function check({ state }: Prepared, members: number): void {
  const pool = state.pools.pools.get(1);
  if (pool === undefined || pool.members.size !== members + 1 || pool.rewardPerShare === 0n) {
    throw new Error("pool benchmark: the pool did not come out as built");
  }
}

/**
 * Both ledgers live in the same process and their batches alternate, so that both figures pay the same for the
 * heap the million members occupy (the collector, the caches): their ratio is what the member count itself costs.
 */
export function poolEpochBenchmark(): Figure[] {
  const large = prepare(1_000_000);
  const small = prepare(10);
  const largeTimes: number[] = [];
  const smallTimes: number[] = [];
  for (let i = 0; i < BATCHES; i++) {
    largeTimes.push(batch(large));
    smallTimes.push(batch(small));
  }
  check(large, 1_000_000);
  check(small, 10);
  const largeTime = Math.min(...largeTimes);
  const smallTime = Math.min(...smallTimes);
  return [
    { name: "pool_epoch_1m_members", value: round(largeTime, 6), unit: "s", target: null },
    { name: "pool_epoch_10_members", value: round(smallTime, 6), unit: "s", target: null },
    { name: "pool_epoch_member_scaling", value: round(largeTime / smallTime, 2), unit: "x", target: "≈ 1" },
    { name: "memory_per_pool_member", value: Math.round(large.perMember), unit: "bytes", target: null },
  ];
}
