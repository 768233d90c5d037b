/**
 * Invariants of the ledger, as named checks that tests, the simulator and the node call after every step.
 * Each returns the violations it finds (empty when the state is sound); `assertInvariants` throws on any.
 */
import { type Amount, formatAmount, MAX_AMOUNT } from "./amount.js";
import { delegatorRecords } from "./delegators.js";
import type { NodeId } from "./ids.js";
import { poolInvariants } from "./pools/index.js";
import { ROLES } from "./roles.js";
import type { LedgerState, Pools } from "./state.js";

export interface InvariantViolation {
  readonly invariant: InvariantName;
  readonly message: string;
}

const POOL_FIELDS = ["committed", "staked", "unstaking", "unstaked", "rewarded", "requestedToUnstake"] as const;

function* stakers(state: LedgerState): Generator<{ label: string; pools: Pools }> {
  for (const node of state.nodes.values()) {
    yield { label: `node ${node.id}`, pools: node };
    for (const delegator of delegatorRecords(node.delegators)) {
      yield { label: `delegator ${node.id}/${delegator.id}`, pools: delegator };
    }
  }
}

/** Σ balances + Σ every pool of every node and delegator + fee vault = total supply. */
function conservation(state: LedgerState): InvariantViolation[] {
  let sum = state.feeVault as bigint;
  for (const account of state.accounts.values()) sum += account.balance;
  for (const { pools } of stakers(state)) {
    sum += pools.committed + pools.staked + pools.unstaking + pools.unstaked + pools.rewarded;
  }
  if (sum === state.totalSupply) return [];
  return [
    {
      invariant: "conservation",
      message: `balances + pools + fee vault = ${formatAmount(sum as Amount)}, total supply = ${formatAmount(state.totalSupply)}`,
    },
  ];
}

/** `totalStakedByRole[r]` = Σ staked of role-r nodes and their delegators: what moveTokens put there. */
function roleTotals(state: LedgerState): InvariantViolation[] {
  const sums = [0n, 0n, 0n, 0n, 0n, 0n];
  for (const node of state.nodes.values()) {
    let sum = node.staked as bigint;
    for (const delegator of delegatorRecords(node.delegators)) sum += delegator.staked;
    sums[node.role] = (sums[node.role] ?? 0n) + sum;
  }
  const violations: InvariantViolation[] = [];
  for (const role of ROLES) {
    if (sums[role] !== state.totalStakedByRole[role]) {
      violations.push({
        invariant: "roleTotals",
        message: `role ${role}: total staked ${formatAmount(state.totalStakedByRole[role])}, stakes add up to ${formatAmount((sums[role] ?? 0n) as Amount)}`,
      });
    }
  }
  return violations;
}

/** Every amount is a UFix64: 0 ≤ x ≤ 2⁶⁴ − 1. */
function inRange(state: LedgerState): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  const check = (label: string, value: bigint) => {
    if (value < 0n || value > MAX_AMOUNT)
      violations.push({ invariant: "inRange", message: `${label} = ${value} units` });
  };
  check("total supply", state.totalSupply);
  check("fee vault", state.feeVault);
  for (const account of state.accounts.values()) check(`balance of ${account.id}`, account.balance);
  for (const { label, pools } of stakers(state))
    for (const field of POOL_FIELDS) check(`${label} ${field}`, pools[field]);
  for (const role of ROLES) check(`total staked of role ${role}`, state.totalStakedByRole[role]);
  return violations;
}

/** A request to unstake never exceeds what is staked (it moves out of `staked` at the boundary). */
function requestsCovered(state: LedgerState): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  for (const { label, pools } of stakers(state)) {
    if (pools.requestedToUnstake > pools.staked) {
      violations.push({
        invariant: "requestsCovered",
        message: `${label} requests ${formatAmount(pools.requestedToUnstake)} but stakes ${formatAmount(pools.staked)}`,
      });
    }
  }
  return violations;
}

/** Lists name only registered nodes; delegator IDs run 1, 2, 3, … per node; pending flags sit on pending nodes. */
function references(state: LedgerState): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  const known = (list: string, ids: Iterable<string>) => {
    for (const id of ids) {
      if (!state.nodes.has(id as NodeId))
        violations.push({ invariant: "references", message: `${list} names unknown node ${id}` });
    }
  };
  known("participant list", state.participants);
  known("approved list", state.approved);
  known("moves-pending list", state.movesPending);
  for (const role of ROLES) known(`candidate list of role ${role}`, state.candidates[role]);
  for (const node of state.nodes.values()) {
    const table = node.delegators;
    if (table.owners.length !== table.count || table.committed.length < table.count) {
      violations.push({ invariant: "references", message: `node ${node.id}: delegator columns disagree on the count` });
    }
    if (!state.accounts.has(node.owner)) {
      violations.push({
        invariant: "references",
        message: `node ${node.id} is owned by unknown account ${node.owner}`,
      });
    }
    for (const delegator of delegatorRecords(table)) {
      const label = `delegator ${node.id}/${delegator.id}`;
      if (!state.accounts.has(delegator.owner)) {
        violations.push({
          invariant: "references",
          message: `${label} is owned by unknown account ${delegator.owner}`,
        });
      }
      if (delegator.movePending && !state.movesPending.has(node.id)) {
        violations.push({ invariant: "references", message: `${label} is pending but its node is not` });
      }
    }
  }
  return violations;
}

export const INVARIANTS = {
  conservation,
  roleTotals,
  inRange,
  requestsCovered,
  references,
  pools: poolInvariants,
} as const;

export type InvariantName = keyof typeof INVARIANTS;

export function checkInvariants(state: LedgerState): InvariantViolation[] {
  return Object.values(INVARIANTS).flatMap((check) => check(state));
}

export class InvariantError extends Error {
  readonly violations: readonly InvariantViolation[];
  constructor(violations: readonly InvariantViolation[]) {
    super(`ledger invariants broken: ${violations.map((v) => `${v.invariant}: ${v.message}`).join("; ")}`);
    this.name = "InvariantError";
    this.violations = violations;
  }
}

export function assertInvariants(state: LedgerState): void {
  const violations = checkInvariants(state);
  if (violations.length > 0) throw new InvariantError(violations);
}
