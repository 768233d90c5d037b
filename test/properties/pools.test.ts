/**
 * Random sequences of pool actions — opening, joins by many accounts, leaves, withdrawals, reward stakes and
 * withdrawals, fee changes — mixed with staking, slashing and epoch operations (end of auction with a random
 * approved list, payouts, token movement, forced removals) over many epochs. After every step: every invariant holds,
 * a refused step left the state hash unchanged, the incremental digest equals the full hash, and for every pool what
 * its members and operator can claim — principal, tickets, rewards, fees — never exceeds what its record holds.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Amount, parseAmount } from "../../src/core/amount.js";
import { isLedgerError } from "../../src/core/errors.js";
import { type AccountId, asAccountId, asNodeId, type NodeId } from "../../src/core/ids.js";
import { checkInvariants } from "../../src/core/invariants.js";
import { apply, type Operation } from "../../src/core/operations.js";
import type { PoolInfo, PoolMemberInfo } from "../../src/core/pools/index.js";
import { runQuery } from "../../src/core/queries.js";
import { decodeSnapshot, encodeSnapshot } from "../../src/core/snapshot.js";
import { createLedger, type LedgerState } from "../../src/core/state.js";
import { StateDigest, stateHash } from "../../src/core/state-hash.js";

const RUNS = Number(process.env.FLOWSTAKE_POOL_PROPERTY_RUNS ?? 60);
const ADMIN = asAccountId("admin");
const OPERATORS = ["op0", "op1", "op2"].map(asAccountId);
const MEMBERS = ["m0", "m1", "m2", "m3", "m4", "m5"].map(asAccountId);
const PEOPLE = [...OPERATORS, ...MEMBERS];
const node = (n: number): NodeId => asNodeId(n.toString(16).padStart(64, "0"));
const N1 = node(1);
const N2 = node(2);
const N3 = node(3);
const SIGNATURE = "ab".repeat(48);

function keys(n: number) {
  const unit = `a${n.toString(16).padStart(3, "0")}`;
  return {
    networkingAddress: `node-${n}.example.org:3569`,
    networkingKey: unit.repeat(32),
    stakingKey: unit.repeat(48),
  };
}

function must(state: LedgerState, signer: AccountId, operation: Operation): void {
  apply(state, signer, operation);
}

/**
 * Epoch 1: N1 (role 1, op0, 2000) is pool 1; N2 (role 1, op1, 3000) has op2's delegator 1 (100), which is pool 2;
 * N3 (role 2, op2, 10000) is the consensus node that opens and decides slashing cases. Low minimums, so that leaves
 * and slashes push records below them and the end of the auction removes them.
 */
function world(): LedgerState {
  const state = createLedger({
    admin: ADMIN,
    keyValidation: "format",
    epochTokenPayout: parseAmount("1000"),
    minimumStakes: new Map([
      [1, parseAmount("1000")],
      [2, parseAmount("5000")],
      [3, parseAmount("1250000")],
      [4, parseAmount("135000")],
      [5, parseAmount("100")],
    ]),
    delegatorMinimum: parseAmount("10"),
    accounts: [[ADMIN, parseAmount("0")], ...PEOPLE.map((p) => [p, parseAmount("1000000")] as const)],
  });
  must(state, OPERATORS[0] as AccountId, {
    op: "register_node",
    nodeId: N1,
    role: 1,
    ...keys(1),
    amount: parseAmount("2000"),
  });
  must(state, OPERATORS[1] as AccountId, {
    op: "register_node",
    nodeId: N2,
    role: 1,
    ...keys(2),
    amount: parseAmount("3000"),
  });
  must(state, OPERATORS[2] as AccountId, {
    op: "register_node",
    nodeId: N3,
    role: 2,
    ...keys(3),
    amount: parseAmount("10000"),
  });
  must(state, OPERATORS[2] as AccountId, { op: "register_delegator", nodeId: N2, amount: parseAmount("100") });
  must(state, ADMIN, { op: "end_epoch", nodeIds: [N1, N2, N3] });
  const open = { fee: parseAmount("0.1"), minimumJoin: parseAmount("1"), extraLockEpochs: 1 };
  must(state, OPERATORS[0] as AccountId, { op: "open_pool", nodeId: N1, ...open });
  must(state, OPERATORS[2] as AccountId, { op: "open_pool", nodeId: N2, delegatorId: 1, ...open, extraLockEpochs: 0 });
  return state;
}

type Action =
  | { kind: "join" | "leave" | "stake" | "withdrawRewards"; who: number; pool: number; x: number }
  | { kind: "withdraw"; who: number; pool: number }
  | { kind: "fees"; who: number; pool: number; x: number }
  | { kind: "setFee"; pool: number; x: number }
  | { kind: "openNode"; x: number }
  | { kind: "endStaking"; mask: number }
  | { kind: "payRewards" | "moveTokens" | "depositFees" | "endEpoch" }
  | { kind: "removeNode"; n: number }
  | { kind: "slash"; n: number; x: number }
  | { kind: "stakeN3" | "unstakeN3" | "delegate"; who: number; x: number };

const who = fc.integer({ min: 0, max: PEOPLE.length - 1 });
const poolId = fc.integer({ min: 1, max: 3 });
const x = fc.integer({ min: 0, max: 10_500 });

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("join" as const), who, pool: poolId, x }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("leave" as const), who, pool: poolId, x }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), who, pool: poolId }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("stake" as const), who, pool: poolId, x }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("withdrawRewards" as const), who, pool: poolId, x }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("fees" as const), who, pool: poolId, x }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("setFee" as const), pool: poolId, x }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("openNode" as const), x }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("endStaking" as const), mask: fc.integer({ min: 0, max: 7 }) }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("payRewards" as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("moveTokens" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("endEpoch" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("depositFees" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("removeNode" as const), n: fc.integer({ min: 1, max: 2 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("slash" as const), n: fc.integer({ min: 1, max: 2 }), x }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom("stakeN3" as const, "unstakeN3" as const, "delegate" as const),
      who,
      x,
    }),
  },
);

/** An amount with a fractional part that varies with `x`. */
function someAmount(value: number): Amount {
  return (BigInt(value) * 12_345_679n + BigInt(value % 7)) as Amount;
}

/** Mostly an actual member of the pool (by index), sometimes anyone. */
function memberOf(state: LedgerState, pool: number, index: number): AccountId {
  const members = [...(state.pools.pools.get(pool)?.members.keys() ?? [])].sort();
  if (index % 5 === 0 || members.length === 0) return PEOPLE[index % PEOPLE.length] ?? ADMIN;
  return members[index % members.length] ?? ADMIN;
}

function memberInfo(state: LedgerState, pool: number, account: AccountId): PoolMemberInfo | null {
  const members = state.pools.pools.get(pool)?.members;
  if (members === undefined || !members.has(account)) return null;
  return runQuery(state, { query: "pool_member", poolId: pool, account }) as PoolMemberInfo;
}

/** The operation an action stands for, in the state it will run in (amounts relative to what the signer has). */
function operationOf(state: LedgerState, a: Action): { signer: AccountId; operation: Operation }[] {
  const person = (i: number) => PEOPLE[i] ?? ADMIN;
  switch (a.kind) {
    case "join":
      return [{ signer: person(a.who), operation: { op: "join_pool", poolId: a.pool, amount: someAmount(a.x) } }];
    case "leave": {
      const signer = memberOf(state, a.pool, a.who);
      const info = memberInfo(state, a.pool, signer);
      const principal = info?.principal ?? 0n;
      // Above 10000: the whole principal, or a unit more than it (refused).
      const amount = a.x < 10_000 ? (principal * BigInt(a.x)) / 10_000n : a.x < 10_300 ? principal : principal + 1n;
      return [{ signer, operation: { op: "leave_pool", poolId: a.pool, amount: amount as Amount } }];
    }
    case "withdraw":
      return [{ signer: memberOf(state, a.pool, a.who), operation: { op: "withdraw_from_pool", poolId: a.pool } }];
    case "stake":
    case "withdrawRewards": {
      const signer = memberOf(state, a.pool, a.who);
      const claimable = memberInfo(state, a.pool, signer)?.claimable ?? 0n;
      const amount = a.x % 3 === 0 ? undefined : ((((claimable + 1n) * BigInt(a.x)) / 10_000n) as Amount);
      const op = a.kind === "stake" ? "stake_pool_rewards" : "withdraw_pool_rewards";
      return [{ signer, operation: { op, poolId: a.pool, amount } }];
    }
    case "fees": {
      const pool = state.pools.pools.get(a.pool);
      const signer = a.who % 3 === 0 ? person(a.who) : (pool?.operator ?? person(a.who));
      const amount =
        a.x % 2 === 0 ? undefined : (((((pool?.operatorFees ?? 0n) + 1n) * BigInt(a.x)) / 10_000n) as Amount);
      return [{ signer, operation: { op: "withdraw_pool_fees", poolId: a.pool, amount } }];
    }
    case "setFee": {
      const operator = state.pools.pools.get(a.pool)?.operator ?? ADMIN;
      return [
        {
          signer: operator,
          operation: { op: "set_pool_fee", poolId: a.pool, fee: (BigInt(a.x % 55) * 1_000_000n) as Amount },
        },
      ];
    }
    case "openNode":
      return [
        {
          signer: OPERATORS[1] as AccountId,
          operation: {
            op: "open_pool",
            nodeId: N2,
            fee: (BigInt(a.x % 40) * 1_000_000n) as Amount,
            minimumJoin: someAmount(a.x % 50),
            extraLockEpochs: a.x % 3,
          },
        },
      ];
    case "endStaking": {
      const nodeIds = [N1, N2, N3].filter((_, i) => (a.mask & (1 << i)) === 0);
      return [{ signer: ADMIN, operation: { op: "end_staking", nodeIds } }];
    }
    case "endEpoch":
      return [{ signer: ADMIN, operation: { op: "end_epoch", nodeIds: [N1, N2, N3] } }];
    case "payRewards":
      return [{ signer: ADMIN, operation: { op: "pay_rewards" } }];
    case "moveTokens":
      return [{ signer: ADMIN, operation: { op: "move_tokens" } }];
    case "depositFees":
      return [{ signer: ADMIN, operation: { op: "deposit_fees", amount: parseAmount("3.33333333") } }];
    case "removeNode":
      return [{ signer: ADMIN, operation: { op: "remove_node", nodeId: a.n === 1 ? N1 : N2 } }];
    case "slash": {
      const fine = (BigInt(1 + (a.x % 50)) * 1_000_000n) as Amount;
      const caseId = state.slashing.nextCaseId;
      const signer = OPERATORS[2] as AccountId;
      const accused = a.n === 1 ? N1 : N2;
      return [
        {
          signer,
          operation: { op: "open_slashing_case", nodeId: N3, accused, evidenceHash: "e7".repeat(32), fine },
        },
        {
          signer,
          operation: { op: "vote_on_slashing_case", caseId, nodeId: N3, vote: "yes", signature: SIGNATURE },
        },
      ];
    }
    case "stakeN3":
      return [
        {
          signer: OPERATORS[2] as AccountId,
          operation: { op: "stake_new_tokens", nodeId: N3, amount: someAmount(a.x) },
        },
      ];
    case "unstakeN3":
      return [
        {
          signer: OPERATORS[2] as AccountId,
          operation: { op: "request_unstaking", nodeId: N3, amount: someAmount(a.x) },
        },
      ];
    case "delegate":
      return [
        {
          signer: person(a.who),
          operation: { op: "register_delegator", nodeId: a.x % 2 === 0 ? N1 : N2, amount: someAmount(a.x) },
        },
      ];
  }
}

/** Σ principal + tickets + claimable + operator fees of each pool, against what its record holds. */
function checkClaims(state: LedgerState, where: string): void {
  for (const id of state.pools.pools.keys()) {
    const info = runQuery(state, { query: "pool_info", poolId: id }) as PoolInfo;
    let principal = 0n;
    let tickets = 0n;
    let claimable = 0n;
    for (const account of state.pools.pools.get(id)?.members.keys() ?? []) {
      const member = runQuery(state, { query: "pool_member", poolId: id, account }) as PoolMemberInfo;
      principal += member.principal;
      claimable += member.claimable;
      for (const ticket of member.tickets) tickets += ticket.value;
    }
    const r = info.record;
    const holds = r.committed + r.staked + r.unstaking + r.unstaked + r.rewarded;
    expect(principal, `${where}: pool ${id} principal`).toBeLessThanOrEqual(info.value);
    expect(tickets, `${where}: pool ${id} tickets`).toBeLessThanOrEqual(info.reserved);
    expect(claimable + info.operatorFees, `${where}: pool ${id} rewards`).toBeLessThanOrEqual(r.rewarded);
    expect(principal + tickets + claimable + info.operatorFees, `${where}: pool ${id}`).toBeLessThanOrEqual(holds);
  }
}

interface Tally {
  steps: number;
  refused: number;
  kinds: Map<string, number>;
}

function run(actions: readonly Action[], tally: Tally): void {
  const state = world();
  const digest = new StateDigest();
  expect(digest.update(state)).toBe(stateHash(state));
  actions.forEach((a, i) => {
    for (const { signer, operation } of operationOf(state, a)) {
      const where = `step ${i} (${operation.op})`;
      const before = stateHash(state);
      let refused = false;
      try {
        const epoch = state.epochCounter;
        for (const event of apply(state, signer, operation).events) {
          const seen: string[] = [];
          if (event.type === "PoolLeft") {
            for (const t of event.tickets) {
              seen.push(
                t.cohort.startsWith("immediate@")
                  ? "ticket now"
                  : t.cohort === String(epoch)
                    ? "ticket from staked"
                    : "ticket from unstaking",
              );
            }
          }
          if (event.type === "PoolSlashed" && event.fromLeavers > 0n) seen.push("slash on leavers");
          if (event.type === "PoolFeeChanged") seen.push("fee changed");
          for (const kind of seen) tally.kinds.set(kind, (tally.kinds.get(kind) ?? 0) + 1);
        }
      } catch (error) {
        if (!isLedgerError(error)) throw error;
        refused = true;
      }
      tally.steps += 1;
      if (refused) {
        tally.refused += 1;
        expect(stateHash(state), `${where} was refused but changed the state`).toBe(before);
      } else {
        tally.kinds.set(operation.op, (tally.kinds.get(operation.op) ?? 0) + 1);
      }
      expect(checkInvariants(state), where).toEqual([]);
      expect(digest.update(state), `${where}: incremental digest`).toBe(stateHash(state));
      checkClaims(state, where);
    }
  });
  const copy = decodeSnapshot(concat(encodeSnapshot(state)));
  expect(stateHash(copy)).toBe(stateHash(state));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

describe("pools under random sequences of actions", () => {
  it(
    `${RUNS} sequences: invariants, atomic refusals, incremental hash, claims within the record`,
    () => {
      const tally: Tally = { steps: 0, refused: 0, kinds: new Map() };
      fc.assert(
        fc.property(fc.array(action, { minLength: 40, maxLength: 160 }), (actions) => run(actions, tally)),
        { numRuns: RUNS, seed: Number(process.env.FLOWSTAKE_POOL_PROPERTY_SEED ?? 20261121) },
      );
      // The sequences must exercise the pool operations both ways.
      expect(tally.refused).toBeGreaterThan(tally.steps / 20);
      expect(tally.refused).toBeLessThan(tally.steps * 0.8);
      for (const op of [
        "join_pool",
        "leave_pool",
        "withdraw_from_pool",
        "stake_pool_rewards",
        "withdraw_pool_rewards",
        "withdraw_pool_fees",
        "set_pool_fee",
        "pay_rewards",
        "move_tokens",
        "vote_on_slashing_case",
        "ticket now",
        "ticket from staked",
        "ticket from unstaking",
        "slash on leavers",
        "fee changed",
      ]) {
        expect(tally.kinds.get(op) ?? 0, op).toBeGreaterThan(0);
      }
    },
    RUNS * 2_000,
  );
});
