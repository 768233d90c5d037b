/**
 * What changed since the state digest was last brought up to date. Every operation marks the records it writes;
 * `StateDigest` (state-digest.ts) rehashes only those, so a block's state hash costs what the block changed, not
 * what the ledger holds. Global fields (parameters, lists, supply) are small and always rehashed.
 *
 * A missed mark would make the incremental hash differ from the from-scratch one; the property tests compare the
 * two after every step.
 */
import type { AccountId, DelegatorId, NodeId } from "./ids.js";
import type { LedgerState, NodeRecord } from "./state.js";

/** Delegators are hashed in chunks of this many, so one delegator's change rehashes one chunk. */
export const DELEGATOR_CHUNK = 1024;

export interface ChangeSet {
  accounts: Set<AccountId>;
  /** Nodes whose own fields changed (pools, address, weight, owner). */
  nodes: Set<NodeId>;
  /** Node → chunk indexes of delegators that changed. */
  delegatorChunks: Map<NodeId, Set<number>>;
  /** Nodes all of whose delegators may have changed (epoch-wide operations). */
  allDelegators: Set<NodeId>;
  /** Pool → members whose entry changed or was removed (a pool's own fields are hashed with the globals). */
  poolMembers: Map<number, Set<AccountId>>;
}

export function createChangeSet(): ChangeSet {
  return {
    accounts: new Set(),
    nodes: new Set(),
    delegatorChunks: new Map(),
    allDelegators: new Set(),
    poolMembers: new Map(),
  };
}

export function touchAccount(state: LedgerState, id: AccountId): void {
  state.changes.accounts.add(id);
}

export function touchNode(state: LedgerState, node: NodeRecord): void {
  state.changes.nodes.add(node.id);
}

export function touchDelegator(state: LedgerState, node: NodeRecord, id: DelegatorId): void {
  const chunk = Math.floor((id - 1) / DELEGATOR_CHUNK);
  const chunks = state.changes.delegatorChunks.get(node.id);
  if (chunks === undefined) state.changes.delegatorChunks.set(node.id, new Set([chunk]));
  else chunks.add(chunk);
}

/** A member of a pool: its shares, rewards or tickets changed, or it left the member list. */
export function touchPoolMember(state: LedgerState, poolId: number, account: AccountId): void {
  const members = state.changes.poolMembers.get(poolId);
  if (members === undefined) state.changes.poolMembers.set(poolId, new Set([account]));
  else members.add(account);
}

/** The node and every one of its delegators. */
export function touchNodeAndDelegators(state: LedgerState, node: NodeRecord): void {
  state.changes.nodes.add(node.id);
  state.changes.allDelegators.add(node.id);
}
