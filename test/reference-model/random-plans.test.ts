import { isDeepStrictEqual } from "node:util";
import { expect, test } from "vitest";
import { type ModelState, type Pools, runPlanReferenceWithStates } from "./model.js";
import { mulberry32, randomPlan } from "./random-plan.js";

const PLANS = 200;
const STEPS = 150;

const poolSum = (p: Pools) => p.committed + p.staked + p.unstaking + p.unstaked + p.rewarded;

/** Returns a description of the first broken invariant, or undefined. */
function brokenInvariant(s: ModelState): string | undefined {
  // conservation: every token in existence is in exactly one place
  let sum = s.feeBalance;
  for (const b of s.balances.values()) sum += b;
  const stakedByRole = new Map<number, bigint>();
  for (const n of s.nodes.values()) {
    sum += poolSum(n);
    let staked = n.staked;
    for (const d of n.delegators.values()) {
      sum += poolSum(d);
      staked += d.staked;
      if (d.requested > d.staked) return `delegator ${n.id}/${d.id} requests more than it has staked`;
    }
    if (n.requested > n.staked) return `node ${n.id} requests more than it has staked`;
    stakedByRole.set(n.role, (stakedByRole.get(n.role) ?? 0n) + staked);
    for (const x of [n, ...n.delegators.values()]) {
      for (const v of [x.committed, x.staked, x.unstaking, x.unstaked, x.rewarded, x.requested]) {
        if (v < 0n) return `negative pool in ${n.id}`;
      }
    }
  }
  if (sum !== s.totalSupply) return `conservation: sum ${sum} != total supply ${s.totalSupply}`;
  // role totals move only at the boundary, exactly with the staked pools (§3.4, §10)
  for (const [role, total] of s.totalStakedByRole) {
    if (total !== (stakedByRole.get(role) ?? 0n))
      return `role ${role} total ${total} != staked ${stakedByRole.get(role)}`;
  }
  return undefined;
}

test(`${PLANS} random plans of ${STEPS} steps: conservation after every step, failed steps change nothing`, () => {
  const seen = new Map<string, { ok: number; failed: number }>();
  let plansWithDraws = 0;
  let epochs = 0;
  for (let seed = 1; seed <= PLANS; seed++) {
    const plan = randomPlan(mulberry32(seed), { steps: STEPS });
    const records = runPlanReferenceWithStates(plan); // a generated plan is never malformed
    expect(records).toHaveLength(STEPS);
    for (const [i, r] of records.entries()) {
      const where = `seed ${seed} step ${i}: ${r.line.slice(0, 300)}`;
      const broken = brokenInvariant(r.after);
      if (broken !== undefined) expect.fail(`${where}\n${broken}`);
      if (!r.ok && !isDeepStrictEqual(r.after, r.before)) expect.fail(`${where}\nfailed step changed the state`);

      const parsed: unknown = JSON.parse(r.line);
      if (typeof parsed !== "object" || parsed === null) throw new Error(where);
      const name =
        "op" in parsed ? `op ${String(parsed.op)}` : "query" in parsed ? `query ${String(parsed.query)}` : "";
      expect("step" in parsed && parsed.step === i, where).toBe(true);
      const tally = seen.get(name) ?? { ok: 0, failed: 0 };
      if (r.ok) tally.ok++;
      else tally.failed++;
      seen.set(name, tally);
    }
    const last = records[records.length - 1]?.after;
    if (last !== undefined) {
      epochs += last.epochCounter;
      if (last.drawCounter > 0) plansWithDraws++;
    }
  }

  // the generator reaches everything: every op and query succeeds somewhere, every op also fails somewhere
  const ops = [
    "register_node",
    "register_delegator",
    "stake_new_tokens",
    "stake_unstaked_tokens",
    "stake_rewarded_tokens",
    "request_unstaking",
    "unstake_all",
    "withdraw_unstaked_tokens",
    "withdraw_rewarded_tokens",
    "update_networking_address",
    "transfer_node",
    "transfer_delegator",
    "start_staking_auction",
    "end_staking_auction",
    "set_approved_nodes",
    "add_approved_nodes",
    "remove_approved_nodes",
    "add_approved_and_limits",
    "end_staking",
    "remove_invalid_nodes",
    "pay_rewards",
    "move_tokens",
    "end_epoch",
    "remove_node",
    "set_cut_percentage",
    "set_epoch_token_payout",
    "set_delegator_minimum",
    "set_minimum_stakes",
    "set_candidate_node_limit",
    "set_slot_limits",
    "set_open_access_node_slots",
    "set_non_operational",
    "set_node_weight",
    "deposit_fees",
    "fund",
  ];
  const queries = [
    "node_info",
    "delegator_info",
    "table",
    "current_table",
    "proposed_table",
    "approved_nodes",
    "non_operational",
    "candidate_nodes",
    "candidate_limits",
    "slot_limits",
    "role_counts",
    "minimum_stakes",
    "total_staked",
    "total_staked_by_role",
    "node_total_commitment",
    "node_total_commitment_without_delegators",
    "cut_percentage",
    "epoch_token_payout",
    "delegator_minimum",
    "fee_balance",
    "total_supply",
    "balance",
    "staking_enabled",
    "epoch_counter",
  ];
  for (const op of ops) {
    expect(seen.get(`op ${op}`)?.ok ?? 0, `${op} succeeds somewhere`).toBeGreaterThan(0);
    expect(seen.get(`op ${op}`)?.failed ?? 0, `${op} fails somewhere`).toBeGreaterThan(0);
  }
  for (const q of queries) expect(seen.get(`query ${q}`)?.ok ?? 0, `${q} answers somewhere`).toBeGreaterThan(0);
  expect(plansWithDraws, "random slot selection happens").toBeGreaterThan(10);
  expect(epochs / PLANS, "several epochs pass per plan").toBeGreaterThan(3);
});

test("randomPlan is deterministic for a seed", () => {
  expect(randomPlan(mulberry32(7))).toEqual(randomPlan(mulberry32(7)));
  expect(randomPlan(mulberry32(7))).not.toEqual(randomPlan(mulberry32(8)));
});
