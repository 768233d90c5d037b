/**
 * Cohorts and tickets ("Leaving and withdrawing"). Where a cohort's tokens sit follows from its `unstakedFrom` and
 * the current epoch E alone:
 *
 *   unstakedFrom ≤ E      → in the record's unstaked pool
 *   unstakedFrom = E + 1  → in unstaking (requested in E − 1, or unstaking tokens taken in E)
 *   unstakedFrom = E + 2  → in staked, requested to unstake (requested in E)
 *
 * so at any moment at most one cohort sits in each slashable place — cohort E in staked, cohort E − 1 in unstaking.
 */
import { type Amount, add, ZERO } from "../amount.js";
import type { Cohort, Pool, PoolMember, Ticket } from "./types.js";

export type Place = "requested" | "unstaking" | "unstaked";

export function placeOf(cohort: Cohort, epoch: number): Place {
  if (cohort.unstakedFrom <= epoch) return "unstaked";
  return cohort.unstakedFrom === epoch + 1 ? "unstaking" : "requested";
}

/** What a cohort still holds for its unpaid tickets. */
export function outstandingOf(cohort: Cohort): Amount {
  return (cohort.value - cohort.paid) as Amount;
}

export interface Reserved {
  readonly requested: Amount;
  readonly unstaking: Amount;
  readonly unstaked: Amount;
  readonly total: Amount;
}

/** The record's tokens reserved for leavers, by where they sit (O(cohorts), never O(members)). */
export function reservedOf(pool: Pool, epoch: number): Reserved {
  let requested = 0n;
  let unstaking = 0n;
  let unstaked = 0n;
  for (const cohort of pool.cohorts.values()) {
    const outstanding = outstandingOf(cohort);
    const place = placeOf(cohort, epoch);
    if (place === "requested") requested += outstanding;
    else if (place === "unstaking") unstaking += outstanding;
    else unstaked += outstanding;
  }
  return {
    requested: requested as Amount,
    unstaking: unstaking as Amount,
    unstaked: unstaked as Amount,
    total: (requested + unstaking + unstaked) as Amount,
  };
}

export function readyEpochOf(pool: Pool, cohort: Cohort): number {
  return cohort.unstakedFrom + pool.extraLockEpochs;
}

export function requireCohort(pool: Pool, ticket: Ticket): Cohort {
  const cohort = pool.cohorts.get(ticket.cohort);
  if (cohort === undefined) throw new Error(`pool ${pool.id}: a ticket names missing cohort ${ticket.cohort}`);
  return cohort;
}

/** What a ticket pays: ⌊units × value / nominal⌋, or all that is left when it is the cohort's last. */
export function ticketValue(cohort: Cohort, ticket: Ticket): Amount {
  if (cohort.outstandingTickets === 1) return outstandingOf(cohort);
  if (cohort.nominal === 0n) return ZERO;
  return ((ticket.units * cohort.value) / cohort.nominal) as Amount;
}

/**
 * The cohort that takes new tickets under `key`: the existing one unless a slash left it worth nothing (its
 * tickets then pay 0 and a new cohort starts under the same key). `null` means a new one is needed.
 */
function openCohort(pool: Pool, key: string): Cohort | null {
  for (const cohort of pool.cohorts.values()) {
    if (cohort.key === key && !(cohort.value === 0n && cohort.nominal > 0n)) return cohort;
  }
  return null;
}

/** A ticket to add, checked (overflow) but not applied. */
export interface TicketPlan {
  readonly key: string;
  readonly unstakedFrom: number;
  readonly amount: Amount;
  /** The existing cohort, or null for a new one. */
  readonly cohort: Cohort | null;
  readonly units: Amount;
}

/**
 * Plans a ticket of `amount` tokens in cohort `key`. Units keep the cohort's value per unit: one per token in a
 * cohort worth its nominal, ⌊amount × nominal / value⌋ in a slashed one (the truncation stays in the cohort).
 */
export function planTicket(
  pool: Pool,
  member: PoolMember | undefined,
  key: string,
  unstakedFrom: number,
  amount: Amount,
): TicketPlan {
  const cohort = openCohort(pool, key);
  let units = amount;
  if (cohort !== null && cohort.nominal > 0n && cohort.value !== cohort.nominal) {
    units = ((amount * cohort.nominal) / cohort.value) as Amount;
  }
  if (cohort !== null) {
    add(cohort.nominal, units);
    add(cohort.value, amount);
  }
  const existing = cohort === null ? undefined : member?.tickets.find((t) => t.cohort === cohort.id);
  if (existing !== undefined) add(existing.units, units);
  return { key, unstakedFrom, amount, cohort, units: add(units, ZERO) };
}

/** Applies a planned ticket; returns the cohort it joined. Cannot fail. */
export function addTicket(pool: Pool, member: PoolMember, plan: TicketPlan): Cohort {
  let cohort = plan.cohort;
  if (cohort === null) {
    cohort = {
      id: pool.nextCohortId,
      key: plan.key,
      unstakedFrom: plan.unstakedFrom,
      nominal: ZERO,
      value: ZERO,
      paid: ZERO,
      outstandingTickets: 0,
    };
    pool.nextCohortId += 1;
    pool.cohorts.set(cohort.id, cohort);
  }
  const id = cohort.id;
  cohort.nominal = add(cohort.nominal, plan.units);
  cohort.value = add(cohort.value, plan.amount);
  const existing = member.tickets.find((t) => t.cohort === id);
  if (existing === undefined) {
    member.tickets.push({ cohort: id, units: plan.units });
    cohort.outstandingTickets += 1;
  } else {
    existing.units = add(existing.units, plan.units);
  }
  return cohort;
}

/** Pays a ticket out of its cohort; drops the cohort once its last ticket is paid. Returns what it paid. */
export function payTicket(pool: Pool, cohort: Cohort, ticket: Ticket): Amount {
  const value = ticketValue(cohort, ticket);
  cohort.paid = add(cohort.paid, value);
  cohort.outstandingTickets -= 1;
  if (cohort.outstandingTickets === 0) {
    if (cohort.paid !== cohort.value) throw new Error(`pool ${pool.id}: cohort ${cohort.id} paid out unevenly`);
    pool.cohorts.delete(cohort.id);
  }
  return value;
}
