/**
 * Who counts in slashing (docs/pools-and-slashing.md "Cases", "Adjudication"): a staked consensus participant is a
 * node of role 2, in the current participant table, with staked > 0; its stake is its staked tokens plus its
 * delegators' staked tokens.
 */
import { type Amount, units } from "../amount.js";
import { LedgerError } from "../errors.js";
import type { NodeId } from "../ids.js";
import type { LedgerState, NodeRecord } from "../state.js";
import type { SlashingCase } from "./types.js";

export const CONSENSUS_ROLE = 2;

export function isStakedConsensusNode(state: LedgerState, node: NodeRecord): boolean {
  return node.role === CONSENSUS_ROLE && state.participants.has(node.id) && node.staked > 0n;
}

/** Throws NOT_A_STAKED_CONSENSUS_NODE unless `node` may open cases and vote; `what` completes "cannot …". */
export function requireStakedConsensusNode(state: LedgerState, node: NodeRecord, what: string): void {
  if (isStakedConsensusNode(state, node)) return;
  const why =
    node.role !== CONSENSUS_ROLE
      ? `it has role ${node.role}, not 2 (consensus)`
      : !state.participants.has(node.id)
        ? "it does not participate in the current epoch"
        : "it has no staked tokens";
  throw new LedgerError("NOT_A_STAKED_CONSENSUS_NODE", `node ${node.id} cannot ${what}: ${why}`, {
    nodeId: node.id,
  });
}

/** The node's staked tokens plus its delegators' (one pass over the staked column). */
export function stakeWithDelegators(node: NodeRecord): Amount {
  const table = node.delegators;
  const staked = table.staked;
  let sum = node.staked as bigint;
  for (let i = 0; i < table.count; i++) sum += staked[i] as bigint;
  // Every stake is part of the supply, so the sum is a UFix64; `units` guards against a bug.
  return units(sum);
}

export interface Tally {
  /** Σ stake of the yes-voters that are staked consensus participants now. */
  readonly yesStake: Amount;
  /** Σ stake of every staked consensus participant now (the accused included, when it is one). */
  readonly totalStake: Amount;
}

/** The stake of every staked consensus participant now, and their sum: what every tally weighs votes by. */
export interface ConsensusStakes {
  readonly stakes: ReadonlyMap<NodeId, Amount>;
  readonly total: Amount;
}

/** One pass over the participants; each node's stake (its delegators included) summed once. */
export function consensusStakes(state: LedgerState): ConsensusStakes {
  const stakes = new Map<NodeId, Amount>();
  let total = 0n;
  for (const id of state.participants) {
    const node = state.nodes.get(id);
    if (node === undefined || !isStakedConsensusNode(state, node)) continue;
    const stake = stakeWithDelegators(node);
    stakes.set(id, stake);
    total += stake;
  }
  return { stakes, total: units(total) };
}

/** The case's tally against stakes taken from the current state (a voter that no longer counts weighs nothing). */
export function tallyWith(slashingCase: SlashingCase, { stakes, total }: ConsensusStakes): Tally {
  let yes = 0n;
  for (const [voter, vote] of slashingCase.votes) if (vote === "yes") yes += stakes.get(voter) ?? 0n;
  return { yesStake: units(yes), totalStake: total };
}

/** The case's yes stake and the total consensus stake, as of the current state. */
export function tally(state: LedgerState, slashingCase: SlashingCase): Tally {
  return tallyWith(slashingCase, consensusStakes(state));
}

/** Strictly more than two thirds: 3 × yes > 2 × total. Exactly two thirds is not enough. */
export function isSupermajority({ yesStake, totalStake }: Tally): boolean {
  return 3n * yesStake > 2n * totalStake;
}
