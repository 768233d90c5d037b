/**
 * The benchmarks' world: 1,000 nodes across roles 1–4 at their minimums and 1,000,000 delegators with fractional
 * stakes (so every multiplication truncates), owned by 1,000 accounts. Built through the core's `apply`, as the
 * admin would fund accounts with `fund`.
 */
import { parseAmount } from "../src/core/amount.js";
import { type AccountId, asAccountId } from "../src/core/ids.js";
import { apply } from "../src/core/operations.js";
import type { LedgerState } from "../src/core/state.js";

export const NODES = 1_000;
export const DELEGATORS = 1_000_000;
const OWNERS = 1_000;
const MINIMUMS: Record<number, string> = { 1: "250000", 2: "500000", 3: "1250000", 4: "135000" };

function hex(n: number, length: number): string {
  return n.toString(16).padStart(length, "0");
}

/** Registers the nodes (operators funded by the admin); returns their IDs. */
export function buildNodes(state: LedgerState): string[] {
  const ids: string[] = [];
  for (let i = 0; i < NODES; i++) {
    const role = (i % 4) + 1;
    const operator = asAccountId(`operator-${hex(i, 8)}`);
    const nodeId = hex(i + 1, 64);
    apply(state, state.admin, { op: "fund", account: operator, amount: parseAmount("2000000") });
    apply(state, operator, {
      op: "register_node",
      nodeId,
      role,
      networkingAddress: `node-${i}.example.org:3569`,
      networkingKey: hex(i + 1, 128),
      stakingKey: hex(i + 1, 192),
      amount: parseAmount(MINIMUMS[role] ?? "0"),
    });
    ids.push(nodeId);
  }
  return ids;
}

/** The accounts that will hold the delegators, funded by the admin. */
export function delegatorOwners(state: LedgerState): AccountId[] {
  const list: AccountId[] = [];
  for (let i = 0; i < OWNERS; i++) {
    const id = asAccountId(`delegator-owner-${hex(i, 8)}`);
    apply(state, state.admin, { op: "fund", account: id, amount: parseAmount("100000000") });
    list.push(id);
  }
  return list;
}

export function registerDelegators(state: LedgerState, nodeIds: string[], owners: AccountId[]): void {
  for (let i = 0; i < DELEGATORS; i++) {
    const nodeId = nodeIds[i % NODES] ?? "";
    const owner = owners[i % OWNERS] ?? state.admin;
    const amount = parseAmount(`${50 + (i % 997)}.${hex((i * 7919) % 99_999_999, 8).replace(/[a-f]/g, "7")}`);
    apply(state, owner, { op: "register_delegator", nodeId, amount });
  }
}

/** Every delegator adds a little stake, so every delegator is on the moves-pending list. */
export function everyoneDelegatesMore(state: LedgerState): void {
  const amount = parseAmount("1.23456789");
  for (const node of state.nodes.values()) {
    for (let id = 1; id <= node.delegators.count; id++) {
      const owner = node.delegators.owners[id - 1] ?? state.admin;
      apply(state, owner, { op: "stake_new_tokens", nodeId: node.id, delegatorId: id, amount });
    }
  }
}
