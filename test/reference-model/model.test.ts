import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { div, fmt, MalformedPlanError, mul, runPlanReference, sub, UNIT } from "./model.js";

// ───────────── helpers ─────────────

interface Line {
  step: number;
  ok: boolean;
  result?: unknown;
  events?: unknown[];
  error?: { code: string; message: string };
}

const id = (k: number) => k.toString(16).padStart(64, "0");

/** "200000" → "200000.00000000" (amounts are always printed with 8 decimals). */
const a = (x: string) => {
  const [w, f = ""] = x.split(".");
  return `${w}.${f.padEnd(8, "0")}`;
};

const reg = (as: string, k: number, role: number, amount: string) => ({
  op: "register_node",
  as,
  nodeId: id(k),
  role,
  networkingAddress: `node-${k}.example.org:3569`,
  networkingKey: `a${k.toString(16).padStart(3, "0")}`.repeat(32),
  stakingKey: `b${k.toString(16).padStart(3, "0")}`.repeat(48),
  amount,
});

const N = (type: string, k: number, amount: string) => ({ type, nodeID: id(k), amount: a(amount) });
const D = (type: string, k: number, d: number, amount: string) => ({
  type,
  nodeID: id(k),
  delegatorID: d,
  amount: a(amount),
});
const paid = (k: number, amount: string, epochCounter: number) => ({
  type: "RewardsPaid",
  nodeID: id(k),
  amount: a(amount),
  epochCounter,
});
const totalPaid = (total: string, fromFees: string, minted: string, feesBurned: string, counter: number) => ({
  type: "EpochTotalRewardsPaid",
  total: a(total),
  fromFees: a(fromFees),
  minted: a(minted),
  feesBurned: a(feesBurned),
  epochCounterForRewards: counter,
});
const newEpoch = (totalStaked: string, payout: string, counter: number) => ({
  type: "NewEpoch",
  totalStaked: a(totalStaked),
  totalRewardPayout: a(payout),
  newEpochCounter: counter,
});
const roleCounts = (c4: number, c5 = 0) => ({ "1": 0, "2": 0, "3": 0, "4": c4, "5": c5 });

function run(steps: object[], accounts: Record<string, string>, params: Record<string, unknown> = {}): Line[] {
  const plan = { params: { keyValidation: "format", ...params }, accounts: { admin: "0", ...accounts }, steps };
  return runPlanReference(plan).map((l): Line => JSON.parse(l));
}

function line(lines: Line[], i: number): Line {
  const l = lines[i];
  if (l === undefined) throw new Error(`no line ${i}`);
  return l;
}
const events = (lines: Line[], i: number) => {
  const l = line(lines, i);
  expect(l.ok, JSON.stringify(l)).toBe(true);
  return l.events;
};
const result = (lines: Line[], i: number) => {
  const l = line(lines, i);
  expect(l.ok, JSON.stringify(l)).toBe(true);
  return l.result;
};
const failed = (lines: Line[], i: number) => expect(line(lines, i).ok, JSON.stringify(line(lines, i))).toBe(false);

// ───────────── the shared examples ─────────────

describe("shared examples", () => {
  const dir = "/work/shared/examples";
  for (const name of ["rewards-with-a-delegator", "unstaking-timeline"]) {
    test(name, () => {
      const plan: unknown = JSON.parse(readFileSync(`${dir}/${name}.plan.json`, "utf8"));
      const expected = readFileSync(`${dir}/${name}.out.jsonl`, "utf8").trim().split("\n");
      // error code and message are each implementation's own (examples/README.md)
      const strip = (l: string) =>
        JSON.stringify(JSON.parse(l), (k, v: unknown) => (k === "code" || k === "message" ? undefined : v));
      expect(runPlanReference(plan).map(strip)).toEqual(expected.map(strip));
    });
  }
});

// ───────────── §1 / §9.3 ─────────────

describe("§9.3 worked check", () => {
  test("arithmetic: truncated rate first, then each stake", () => {
    const payout = 1_250_000n * UNIT;
    const t = (250_000n + 1_400_000n) * UNIT;
    const rate = div(payout, t);
    expect(fmt(rate)).toBe("0.75757575"); // 0.757575757… truncated
    const r1 = mul(250_000n * UNIT, rate);
    const r2 = mul(1_400_000n * UNIT, rate);
    expect(fmt(r1)).toBe("189393.93750000");
    expect(fmt(r2)).toBe("1060606.05000000");
    expect(fmt(sub(payout, r1 + r2))).toBe("0.01250000");
    expect(() => sub(1n, 2n)).toThrow();
  });

  test("as a plan, with fees below and above the payout", () => {
    const lines = run(
      [
        reg("olga", 1, 1, "250000"),
        reg("olga", 2, 3, "1400000"),
        { op: "end_epoch", nodeIds: [id(1), id(2)] },
        { op: "deposit_fees", amount: "1000" },
        { op: "pay_rewards" },
        { query: "fee_balance" },
        { query: "total_supply" },
        { op: "end_epoch", nodeIds: [id(1), id(2)] },
        { op: "deposit_fees", amount: "2000000" },
        { op: "pay_rewards" },
        { query: "total_supply" },
      ],
      { olga: "2000000" },
    );
    // T = 1,650,000, rate 0.75757575; paid 1,249,999.9875; fees 1000 < payout → minted 1,249,000
    expect(events(lines, 4)).toEqual([
      paid(1, "189393.9375", 1),
      paid(2, "1060606.05", 1),
      totalPaid("1250000", "1000", "1249000", "0.0125", 1),
    ]);
    expect(result(lines, 5)).toBe(a("0")); // all fees were withdrawn
    // 2,000,000 + 1000 fees + 1,249,000 minted − 0.0125 burned
    expect(result(lines, 6)).toBe(a("3249999.9875"));
    // same stake in epoch 2; fees 2,000,000 ≥ payout → minted 0, burned 2,000,000 − 1,249,999.9875
    expect(events(lines, 9)).toEqual([
      paid(1, "189393.9375", 2),
      paid(2, "1060606.05", 2),
      totalPaid("1250000", "1250000", "0", "750000.0125", 2),
    ]);
    // 3,249,999.9875 + 2,000,000 fees − 750,000.0125 burned
    expect(result(lines, 10)).toBe(a("4499999.975"));
  });

  test("§9.1 non-operational: withheld reward redistributed, non-operational nodes first", () => {
    const lines = run(
      [
        reg("olga", 0x41, 4, "200000"),
        reg("olga", 0x42, 4, "200000"),
        reg("olga", 0x43, 4, "200000"),
        { op: "end_epoch", nodeIds: [id(0x41), id(0x42), id(0x43)] },
        { op: "set_non_operational", value: { [id(0x43)]: "0.5" } },
        { op: "pay_rewards" },
        { query: "non_operational" },
      ],
      { olga: "1000000" },
      { epochTokenPayout: "1000" },
    );
    // rate = 1000/600000 = 0.00166666; C gross 333.332, net ×0.5 = 166.666, withheld 166.666
    // extra = 166.666/400000 = 0.00041666; r = 0.00208332; A, B: 200000 × r = 416.664
    // paid 999.994 → burned 0.006
    expect(events(lines, 5)).toEqual([
      paid(0x43, "166.666", 1),
      paid(0x41, "416.664", 1),
      paid(0x42, "416.664", 1),
      totalPaid("1000", "0", "1000", "0.006", 1),
    ]);
    expect(result(lines, 6)).toEqual([]); // cleared after the payout
  });
});

// ───────────── §10 timeline ─────────────

test("§10 timeline: staked in E, unstaking in E+1, unstaked at E+2; committed part unstaked at once", () => {
  const A = 0x21;
  const B = 0x22;
  const lines = run(
    [
      reg("ines", A, 4, "200000"),
      reg("ines", B, 4, "200000"),
      { op: "end_epoch", nodeIds: [id(A), id(B)] },
      { op: "stake_new_tokens", as: "ines", nodeId: id(A), amount: "10000" },
      { op: "request_unstaking", as: "ines", nodeId: id(A), amount: "60000" },
      { query: "node_info", nodeId: id(A) },
      { op: "end_staking", nodeIds: [id(A), id(B)] },
      { op: "pay_rewards" },
      { op: "move_tokens" },
      { op: "withdraw_unstaked_tokens", as: "ines", nodeId: id(A), amount: "10000" },
      { op: "withdraw_unstaked_tokens", as: "ines", nodeId: id(A), amount: "0.00000001" },
      { op: "end_staking", nodeIds: [id(A), id(B)] },
      { op: "pay_rewards" },
      { op: "move_tokens" },
      { op: "withdraw_unstaked_tokens", as: "ines", nodeId: id(A), amount: "50000" },
      { query: "balance", account: "ines" },
    ],
    { ines: "1000000" },
    { epochTokenPayout: "1000" },
  );
  expect(events(lines, 3)).toEqual([N("TokensCommitted", A, "10000")]);
  // 10,000 served from committed at once, the remaining 50,000 waits for the boundary
  expect(events(lines, 4)).toEqual([N("TokensUnstaked", A, "10000"), N("NodeTokensRequestedToUnstake", A, "50000")]);
  expect(result(lines, 5)).toMatchObject({
    tokensCommitted: a("0"),
    tokensStaked: a("200000"),
    tokensUnstaked: a("10000"),
    tokensRequestedToUnstake: a("50000"),
  });
  expect(events(lines, 6)).toEqual([]); // full committed 150,000 ≥ 135,000: stays
  // epoch 1: the requested tokens are still staked and earn; rate 1000/400000 = 0.0025
  expect(events(lines, 7)).toEqual([paid(A, "500", 1), paid(B, "500", 1), totalPaid("1000", "0", "1000", "0", 1)]);
  expect(events(lines, 8)).toEqual([
    N("TokensStaked", A, "0"), // approved, so staked even when 0
    N("TokensUnstaking", A, "50000"),
    newEpoch("350000", "1000", 2),
  ]);
  expect(events(lines, 9)).toEqual([N("UnstakedTokensWithdrawn", A, "10000")]);
  failed(lines, 10); // 50,000 is unstaking, not unstaked
  // epoch 2: unstaking tokens earn nothing; rate 1000/350000 = 0.00285714
  // A 150000 × r = 428.571, B 200000 × r = 571.428, burned 0.001
  expect(events(lines, 12)).toEqual([
    paid(A, "428.571", 2),
    paid(B, "571.428", 2),
    totalPaid("1000", "0", "1000", "0.001", 2),
  ]);
  expect(events(lines, 13)).toEqual([
    N("TokensStaked", A, "0"),
    N("TokensUnstaked", A, "50000"),
    newEpoch("350000", "1000", 3),
  ]);
  expect(events(lines, 14)).toEqual([N("UnstakedTokensWithdrawn", A, "50000")]);
  // 1,000,000 − 400,000 − 10,000 + 10,000 + 50,000
  expect(result(lines, 15)).toBe(a("650000"));
});

// ───────────── §18 subtle rules ─────────────

describe("§18", () => {
  test("rule 3: below-minimum request without delegators → removed, all stake unstaked, dropped from approved", () => {
    const A = 0x31;
    const lines = run(
      [
        reg("vera", A, 4, "200000"),
        { op: "end_epoch", nodeIds: [id(A)] },
        { op: "request_unstaking", as: "vera", nodeId: id(A), amount: "100000" },
        { op: "end_staking", nodeIds: [id(A)] },
        { query: "node_info", nodeId: id(A) },
        { query: "approved_nodes" },
        { query: "role_counts" },
        { op: "move_tokens" },
        { query: "current_table" },
        { query: "node_info", nodeId: id(A) },
      ],
      { vera: "1000000" },
    );
    // allowed: no delegators, even though 100,000 < 135,000 remains
    expect(events(lines, 2)).toEqual([N("TokensUnstaked", A, "0"), N("NodeTokensRequestedToUnstake", A, "100000")]);
    // end of auction: full committed 100,000 < minimum → refunded (committed 0 + staked 200,000)
    expect(events(lines, 3)).toEqual([N("NodeRemovedAndRefunded", A, "200000")]);
    expect(result(lines, 4)).toMatchObject({
      tokensStaked: a("200000"),
      tokensRequestedToUnstake: a("200000"), // all of it, not just the 100,000 asked for
      initialWeight: 0,
    });
    expect(result(lines, 5)).toEqual([]);
    expect(result(lines, 6)).toEqual(roleCounts(0));
    // not approved and nothing committed → no TokensStaked
    expect(events(lines, 7)).toEqual([N("TokensUnstaking", A, "200000"), newEpoch("0", "1250000", 2)]);
    expect(result(lines, 8)).toEqual([]);
    expect(result(lines, 9)).toMatchObject({ tokensStaked: a("0"), tokensUnstaking: a("200000") });
  });

  test("rule 3/4 contrast: with a delegator the same request is refused; unstake_all bypasses", () => {
    const B = 0x32;
    const lines = run(
      [
        reg("vera", B, 4, "200000"),
        { op: "register_delegator", as: "dora", nodeId: id(B), amount: "100" },
        { op: "end_epoch", nodeIds: [id(B)] },
        { op: "request_unstaking", as: "vera", nodeId: id(B), amount: "100000" },
        { op: "request_unstaking", as: "vera", nodeId: id(B), amount: "65000" },
        { op: "unstake_all", as: "vera", nodeId: id(B) },
        { query: "delegator_info", nodeId: id(B), delegatorId: 1 },
      ],
      { vera: "1000000", dora: "1000" },
    );
    failed(lines, 3); // 200,000 − 100,000 < 135,000 with a delegator
    // exactly the minimum is fine (≥)
    expect(events(lines, 4)).toEqual([N("TokensUnstaked", B, "0"), N("NodeTokensRequestedToUnstake", B, "65000")]);
    // request is *set* to the whole staked amount; no committed tokens → no TokensUnstaked (README R2)
    expect(events(lines, 5)).toEqual([N("NodeTokensRequestedToUnstake", B, "200000")]);
    expect(result(lines, 6)).toMatchObject({ tokensStaked: a("100"), tokensRequestedToUnstake: a("0") });
  });

  test("rule 6: checks and the delegator sweep only touch the moves-pending list", () => {
    const A = 0x33;
    const lines = run(
      [
        reg("olga", A, 4, "200000"),
        { op: "register_delegator", as: "dora", nodeId: id(A), amount: "100" },
        { op: "end_epoch", nodeIds: [id(A)] },
        {
          op: "set_minimum_stakes",
          value: { "1": "250000", "2": "500000", "3": "1250000", "4": "300000", "5": "100" },
        },
        { op: "set_delegator_minimum", value: "200" },
        { op: "end_epoch", nodeIds: [id(A)] },
        { query: "current_table" },
        { query: "delegator_info", nodeId: id(A), delegatorId: 1 },
        { op: "stake_new_tokens", as: "dora", nodeId: id(A), delegatorId: 1, amount: "1" },
        { op: "end_epoch", nodeIds: [id(A)] },
      ],
      { olga: "1000000", dora: "1000" },
    );
    expect(events(lines, 3)).toEqual([
      {
        type: "NewStakingMinimums",
        newMinimums: { "1": a("250000"), "2": a("500000"), "3": a("1250000"), "4": a("300000"), "5": a("100") },
      },
    ]);
    expect(events(lines, 4)).toEqual([{ type: "NewDelegatorStakingMinimum", newMinimum: a("200") }]);
    // nobody on moves-pending: the raised minimums evict no one
    expect(events(lines, 5)).toEqual([newEpoch("200100", "1250000", 2)]);
    expect(result(lines, 6)).toEqual([id(A)]);
    expect(result(lines, 7)).toMatchObject({ tokensStaked: a("100") });
    // the delegator's top-up puts (A, 1) and so A itself on moves-pending: now both are checked.
    // A: full committed 200,000 < 300,000 → refunded; its delegator's committed 1 → unstaked, request := 100.
    // moveTokens: A's request 200,000 → unstaking; delegator: 0 + 100 − 100 < 200 → swept (silently), 100 → unstaking.
    expect(events(lines, 9)).toEqual([
      N("NodeRemovedAndRefunded", A, "200000"),
      D("DelegatorTokensUnstaked", A, 1, "1"),
      N("TokensUnstaking", A, "200000"),
      D("DelegatorTokensUnstaking", A, 1, "100"),
      newEpoch("0", "1250000", 3),
    ]);
  });

  test("rule 7: delegator minimum at registration (≥) and at moveTokens, not on top-ups or requests", () => {
    const A = 0x34;
    const lines = run(
      [
        reg("olga", A, 4, "200000"),
        { op: "register_delegator", as: "dora", nodeId: id(A), amount: "50" },
        { op: "register_delegator", as: "dora", nodeId: id(A), amount: "49.99999999" },
        { op: "end_epoch", nodeIds: [id(A)] },
        { op: "request_unstaking", as: "dora", nodeId: id(A), delegatorId: 1, amount: "10" },
        { op: "stake_new_tokens", as: "dora", nodeId: id(A), delegatorId: 1, amount: "0.00000001" },
        { op: "end_epoch", nodeIds: [id(A)] },
        { query: "delegator_info", nodeId: id(A), delegatorId: 1 },
      ],
      { olga: "1000000", dora: "1000" },
    );
    expect(events(lines, 1)).toEqual([
      { type: "NewDelegatorCreated", nodeID: id(A), delegatorID: 1 },
      D("DelegatorTokensCommitted", A, 1, "50"),
    ]);
    failed(lines, 2);
    expect(events(lines, 3)).toEqual([
      N("TokensStaked", A, "200000"),
      D("DelegatorTokensStaked", A, 1, "50"),
      newEpoch("200050", "1250000", 1),
    ]);
    // no minimum check on the request (40 would remain) …
    expect(events(lines, 4)).toEqual([
      D("DelegatorTokensUnstaked", A, 1, "0"),
      D("DelegatorTokensRequestedToUnstake", A, 1, "10"),
    ]);
    // … nor on a top-up
    expect(events(lines, 5)).toEqual([D("DelegatorTokensCommitted", A, 1, "0.00000001")]);
    // at the boundary: 0.00000001 + 50 − 10 = 40.00000001 < 50 → committed → unstaked silently,
    // request := staked 50; no DelegatorTokensStaked (nothing committed any more). Total 200,050 − 50.
    expect(events(lines, 6)).toEqual([
      N("TokensStaked", A, "0"),
      D("DelegatorTokensUnstaking", A, 1, "50"),
      newEpoch("200000", "1250000", 2),
    ]);
    expect(result(lines, 7)).toEqual({
      id: 1,
      nodeID: id(A),
      tokensCommitted: a("0"),
      tokensStaked: a("0"),
      tokensUnstaking: a("50"),
      tokensUnstaked: a("0.00000001"),
      tokensRewarded: a("0"),
      tokensRequestedToUnstake: a("0"),
    });
  });

  test("rule 8: unapproving marks during the auction, refunds at once outside it", () => {
    const A = 0x35;
    const B = 0x36;
    const lines = run(
      [
        reg("olga", A, 4, "200000"),
        reg("olga", B, 4, "200000"),
        { op: "end_epoch", nodeIds: [id(A), id(B)] },
        { op: "remove_approved_nodes", nodeIds: [id(A)] },
        { query: "node_info", nodeId: id(A) },
        { query: "approved_nodes" },
        { query: "role_counts" },
        { op: "end_staking_auction" },
        { query: "role_counts" },
        { op: "remove_approved_nodes", nodeIds: [id(B)] },
        { query: "role_counts" },
        { query: "node_info", nodeId: id(B) },
        { op: "pay_rewards" },
        { op: "move_tokens" },
        { query: "current_table" },
      ],
      { olga: "1000000" },
    );
    expect(events(lines, 3)).toEqual([]); // auction open: only put on moves-pending
    expect(result(lines, 4)).toMatchObject({ tokensStaked: a("200000"), tokensRequestedToUnstake: a("0") });
    expect(result(lines, 5)).toEqual([id(B)]);
    expect(result(lines, 6)).toEqual(roleCounts(2));
    expect(events(lines, 7)).toEqual([N("NodeRemovedAndRefunded", A, "200000")]);
    expect(result(lines, 8)).toEqual(roleCounts(1));
    // auction closed: refunded immediately, role count decremented
    expect(events(lines, 9)).toEqual([N("NodeRemovedAndRefunded", B, "200000")]);
    expect(result(lines, 10)).toEqual(roleCounts(0));
    expect(result(lines, 11)).toMatchObject({ tokensRequestedToUnstake: a("200000"), initialWeight: 0 });
    // rule 9: removed nodes are still paid for the ending epoch (3.125 × 200,000 each)
    expect(events(lines, 12)).toEqual([
      paid(A, "625000", 1),
      paid(B, "625000", 1),
      totalPaid("1250000", "0", "1250000", "0", 1),
    ]);
    expect(events(lines, 13)).toEqual([
      N("TokensUnstaking", A, "200000"),
      N("TokensUnstaking", B, "200000"),
      newEpoch("0", "1250000", 2),
    ]);
    expect(result(lines, 14)).toEqual([]);
  });

  test("rule 10: registration minimum up front; candidate limit on every commit", () => {
    const A = 0x37;
    const B = 0x38;
    const limits = { "1": 1, "2": 10, "3": 10, "4": 10, "5": 10 };
    const lines = run(
      [
        reg("olga", A, 1, "249999.99999999"),
        reg("olga", A, 1, "250000"),
        { op: "stake_new_tokens", as: "olga", nodeId: id(A), amount: "1" },
        reg("olga", B, 1, "250000"),
        { query: "candidate_nodes" },
        { query: "node_info", nodeId: id(A) },
        { query: "balance", account: "olga" },
      ],
      { olga: "2000000" },
      { candidateNodeLimits: limits },
    );
    failed(lines, 0);
    expect(events(lines, 1)).toEqual([
      { type: "NewNodeCreated", nodeID: id(A), role: 1, amountCommitted: a("0") },
      N("TokensCommitted", A, "250000"),
    ]);
    failed(lines, 2); // the list already holds 1 entry — A itself
    failed(lines, 3);
    expect(result(lines, 4)).toEqual({ "1": [id(A)], "2": [], "3": [], "4": [], "5": [] });
    expect(result(lines, 5)).toMatchObject({ tokensCommitted: a("250000") });
    expect(result(lines, 6)).toBe(a("1750000"));
  });

  test("rule 10: slot limits never remove existing participants", () => {
    const A = 0x39;
    const B = 0x3a;
    const lines = run(
      [
        reg("olga", A, 4, "200000"),
        { op: "end_epoch", nodeIds: [id(A)] },
        { op: "set_slot_limits", value: { "1": 10000, "2": 10000, "3": 10000, "4": 0, "5": 10000 } },
        { op: "stake_new_tokens", as: "olga", nodeId: id(A), amount: "1000" },
        reg("olga", B, 4, "200000"),
        { op: "end_epoch", nodeIds: [id(A), id(B)] },
        { query: "role_counts" },
        { query: "current_table" },
        { query: "node_info", nodeId: id(B) },
      ],
      { olga: "1000000" },
    );
    expect(events(lines, 3)).toEqual([N("TokensCommitted", A, "1000")]); // a participant is no candidate
    // C = 1 ≥ L = 0: the new candidate B is refunded (auction still open, staked 0: no request);
    // A keeps its slot and stakes its top-up
    expect(events(lines, 5)).toEqual([
      N("NodeRemovedAndRefunded", B, "200000"),
      N("TokensStaked", A, "1000"),
      newEpoch("201000", "1250000", 2),
    ]);
    expect(result(lines, 6)).toEqual(roleCounts(1));
    expect(result(lines, 7)).toEqual([id(A)]);
    expect(result(lines, 8)).toMatchObject({
      tokensCommitted: a("0"),
      tokensUnstaked: a("200000"),
      tokensRequestedToUnstake: a("0"),
      initialWeight: 0,
    });
  });

  test("rule 11: empty breakdown mints nothing; total 0 when T = 0, the payout otherwise", () => {
    const A = 0x3b;
    const lines = run(
      [
        { op: "deposit_fees", amount: "5" },
        { op: "pay_rewards" },
        { query: "fee_balance" },
        { query: "total_supply" },
        reg("olga", A, 4, "200000"),
        { op: "end_epoch", nodeIds: [id(A)] },
        { op: "request_unstaking", as: "olga", nodeId: id(A), amount: "10000" },
        { op: "end_staking", nodeIds: [id(A)] },
        {
          op: "set_minimum_stakes",
          value: { "1": "250000", "2": "500000", "3": "1250000", "4": "195000", "5": "100" },
        },
        { op: "move_tokens" },
        { query: "current_table" },
        { op: "pay_rewards" },
        { query: "total_supply" },
      ],
      { olga: "1000000" },
    );
    expect(events(lines, 1)).toEqual([totalPaid("0", "0", "0", "0", 0)]);
    expect(result(lines, 2)).toBe(a("5")); // fees are not touched
    expect(result(lines, 3)).toBe(a("1000005")); // olga's 1,000,000 + the fees
    expect(events(lines, 7)).toEqual([]); // 190,000 ≥ 135,000 at the end of the auction
    // the minimum is raised after the checks: staked 190,000 < 195,000 → leaves the participant list,
    // but its 190,000 stays in the role total
    expect(events(lines, 9)).toEqual([
      N("TokensStaked", A, "0"),
      N("TokensUnstaking", A, "10000"),
      newEpoch("190000", "1250000", 2),
    ]);
    expect(result(lines, 10)).toEqual([]);
    // T = 190,000 > 0 but nobody participates: total is the payout, nothing minted or burned
    expect(events(lines, 11)).toEqual([totalPaid("1250000", "0", "0", "0", 2)]);
    expect(result(lines, 12)).toBe(a("1000005"));
  });
});

// ───────────── D2, D3, D4, D7 ─────────────

describe("decisions", () => {
  test("D2: more candidates than free slots → exactly the excess is refunded, deterministically per seed", () => {
    const steps = [
      ...[1, 2, 3, 4].map((k) => reg("olga", 0x50 + k, 5, "100")),
      { op: "end_epoch", nodeIds: [] },
      { query: "role_counts" },
      { query: "current_table" },
    ];
    const slotLimits = { "1": 10, "2": 10, "3": 10, "4": 10, "5": 2 };
    const once = run(steps, { olga: "1000" }, { slotLimits });
    const refunded = (once[4]?.events ?? []).filter(
      (e) => typeof e === "object" && e !== null && "type" in e && e.type === "NodeRemovedAndRefunded",
    );
    expect(refunded).toHaveLength(2);
    expect(result(once, 5)).toEqual(roleCounts(0, 2));
    expect(result(once, 6)).toHaveLength(2);
    expect(run(steps, { olga: "1000" }, { slotLimits })).toEqual(once);
  });

  test("D3/D4: accounts appear with defaultBalance when named; admin ops need the admin signer", () => {
    const lines = run(
      [
        { query: "total_supply" },
        { op: "fund", account: "zoe", amount: "1" },
        { query: "balance", account: "zoe" },
        { op: "deposit_fees", as: "zoe", amount: "1" },
        { query: "total_supply" },
      ],
      {},
      { defaultBalance: "10" },
    );
    expect(result(lines, 0)).toBe(a("0")); // "admin": "0"
    expect(result(lines, 2)).toBe(a("11"));
    failed(lines, 3); // NOT_ADMIN
    expect(result(lines, 4)).toBe(a("11"));
  });

  test("D7: malformed plans throw; contract-level problems are failed steps", () => {
    const plan = (step: object, params: object = { keyValidation: "format" }) => ({
      params,
      accounts: {},
      steps: [step],
    });
    const good = reg("olga", 1, 1, "250000");
    expect(() => runPlanReference(plan({ op: "no_such_op" }))).toThrow(MalformedPlanError);
    expect(() => runPlanReference(plan({ ...good, amount: 1.5 }))).toThrow(MalformedPlanError);
    expect(() => runPlanReference(plan({ ...good, amount: "1.123456789" }))).toThrow(MalformedPlanError);
    expect(() => runPlanReference(plan({ ...good, amount: "-1" }))).toThrow(MalformedPlanError);
    expect(() => runPlanReference(plan({ ...good, amount: "184467440737.09551616" }))).toThrow(MalformedPlanError);
    expect(() => runPlanReference(plan({ ...good, role: "1" }))).toThrow(MalformedPlanError);
    expect(() => runPlanReference(plan({ ...good, as: undefined }))).toThrow(MalformedPlanError);
    expect(() => runPlanReference(plan({ query: "delegator_info", nodeId: id(1) }))).toThrow(MalformedPlanError);
    expect(() => runPlanReference(plan(good, {}))).toThrow(/unsupported/);
    expect(() => runPlanReference(plan(good, { keyValidation: "full" }))).toThrow(/unsupported/);
    const ran = (step: object) => runPlanReference(plan(step)).map((l): Line => JSON.parse(l));
    expect(ran({ ...good, amount: 250000 })[0]?.ok).toBe(true); // a JSON integer is an amount
    expect(ran({ ...good, role: 6 })[0]?.ok).toBe(false);
    expect(ran({ ...good, nodeId: id(0xab).toUpperCase() })[0]?.ok).toBe(false);
    expect(ran({ op: "set_cut_percentage", value: "1" })[0]?.ok).toBe(false);
  });

  test("§5.1 networking addresses", () => {
    const tryAddress = (networkingAddress: string) =>
      run([{ ...reg("olga", 1, 5, "100"), networkingAddress }], { olga: "1000" })[0]?.ok;
    for (const bad of [
      "",
      "host.com:65536",
      "123.234.56.23:3569",
      "[2001:db8::1]:3569",
      "host.3:3569",
      "abcd.xyz.com",
      `${"a".repeat(509)}:1`, // 511 characters
      "198.234.124.123:3569",
      "host.com:0",
      "ho st.com:1",
    ]) {
      expect(tryAddress(bad), bad).toBe(false);
    }
    for (const good of ["a:1", "collector-1.example.org:3569", "My_Host.X:65535", `${"a".repeat(504)}.io:1`]) {
      expect(tryAddress(good), good).toBe(true);
    }
  });
});
