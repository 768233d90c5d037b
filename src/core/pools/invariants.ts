/**
 * The `pools` invariant ("Invariants"): for each pool, its record is held by its account; shares and claims add up;
 * what members and the operator can claim is in the record's rewarded pool; reserved tokens are where the cohorts
 * say they are. A check, run after steps: it walks every member.
 */
import { type Amount, formatAmount } from "../amount.js";
import type { InvariantViolation } from "../invariants.js";
import type { LedgerState } from "../state.js";
import { placeOf, reservedOf } from "./cohorts.js";
import { unsettledOf } from "./members.js";
import { recordKey } from "./record.js";
import type { Pool } from "./types.js";

function violation(pool: Pool, message: string): InvariantViolation {
  return { invariant: "pools", message: `pool ${pool.id}: ${message}` };
}

const f = (value: bigint) => formatAmount(value as Amount);

function checkPool(state: LedgerState, pool: Pool): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const node = state.nodes.get(pool.target.nodeId);
  if (node === undefined) return [violation(pool, `its node ${pool.target.nodeId} is not in the table`)];
  const id = pool.target.delegatorId;
  if (id !== null && (id < 1 || id > node.delegators.count))
    return [violation(pool, `its node has no delegator ${id}`)];
  const owner = id === null ? node.owner : node.delegators.owners[id - 1];
  if (owner !== pool.account) out.push(violation(pool, `the record's handle is held by ${owner}, not ${pool.account}`));
  if (!state.accounts.has(pool.account)) out.push(violation(pool, `its account ${pool.account} does not exist`));
  if (state.pools.byRecord.get(recordKey(pool.target)) !== pool.id) out.push(violation(pool, "byRecord disagrees"));
  const record =
    id === null
      ? node
      : {
          committed: node.delegators.committed[id - 1] ?? 0n,
          staked: node.delegators.staked[id - 1] ?? 0n,
          unstaking: node.delegators.unstaking[id - 1] ?? 0n,
          unstaked: node.delegators.unstaked[id - 1] ?? 0n,
          rewarded: node.delegators.rewarded[id - 1] ?? 0n,
          requestedToUnstake: node.delegators.requestedToUnstake[id - 1] ?? 0n,
        };

  let shares = 0n;
  let claimable = 0n;
  let unsettled = 0n;
  const tickets = new Map<number, { count: number; units: bigint }>();
  for (const [account, member] of pool.members) {
    shares += member.shares;
    claimable += member.claimable;
    const owed = unsettledOf(pool, member);
    if (owed < 0n) out.push(violation(pool, `member ${account} has negative unsettled rewards`));
    unsettled += owed;
    const own = new Set<number>();
    for (const ticket of member.tickets) {
      if (own.has(ticket.cohort))
        out.push(violation(pool, `member ${account} holds two tickets in cohort ${ticket.cohort}`));
      own.add(ticket.cohort);
      const seen = tickets.get(ticket.cohort) ?? { count: 0, units: 0n };
      tickets.set(ticket.cohort, { count: seen.count + 1, units: seen.units + ticket.units });
    }
  }
  if (shares !== pool.totalShares)
    out.push(violation(pool, `Σ shares ${f(shares)} ≠ totalShares ${f(pool.totalShares)}`));
  if (claimable !== pool.totalClaimable) {
    out.push(violation(pool, `Σ claimable ${f(claimable)} ≠ totalClaimable ${f(pool.totalClaimable)}`));
  }
  const claims = pool.operatorFees + pool.totalClaimable + unsettled;
  if (claims > record.rewarded) {
    out.push(
      violation(pool, `operator fees + claimable + unsettled = ${f(claims)} > record's rewarded ${f(record.rewarded)}`),
    );
  }

  const epoch = state.epochCounter;
  for (const cohort of pool.cohorts.values()) {
    const held = tickets.get(cohort.id) ?? { count: 0, units: 0n };
    if (held.count !== cohort.outstandingTickets) {
      out.push(
        violation(pool, `cohort ${cohort.id} counts ${cohort.outstandingTickets} tickets, members hold ${held.count}`),
      );
    }
    if (held.units > cohort.nominal || cohort.paid > cohort.value || cohort.outstandingTickets <= 0) {
      out.push(violation(pool, `cohort ${cohort.id} is inconsistent`));
    }
    if (placeOf(cohort, epoch) !== "unstaked" && cohort.paid > 0n) {
      out.push(violation(pool, `cohort ${cohort.id} paid out before its tokens were unstaked`));
    }
  }
  for (const cohortId of tickets.keys()) {
    if (!pool.cohorts.has(cohortId)) out.push(violation(pool, `a ticket names missing cohort ${cohortId}`));
  }
  const reserved = reservedOf(pool, epoch);
  if (reserved.requested > record.requestedToUnstake) {
    out.push(violation(pool, `reserved ${f(reserved.requested)} > requested ${f(record.requestedToUnstake)}`));
  }
  if (reserved.unstaking > record.unstaking) {
    out.push(violation(pool, `reserved ${f(reserved.unstaking)} > unstaking ${f(record.unstaking)}`));
  }
  if (reserved.unstaked > record.unstaked) {
    out.push(violation(pool, `reserved ${f(reserved.unstaked)} > unstaked ${f(record.unstaked)}`));
  }
  return out;
}

export function poolInvariants(state: LedgerState): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  for (const pool of state.pools.pools.values()) out.push(...checkPool(state, pool));
  if (state.pools.byRecord.size !== state.pools.pools.size) {
    out.push({ invariant: "pools", message: "byRecord and the pool list differ in size" });
  }
  return out;
}
