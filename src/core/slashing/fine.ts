/**
 * The fine (docs/pools-and-slashing.md "The fine"): with q the case's fine, for the accused node and — when
 * `slashDelegators` is on — each of its delegators:
 *
 *     fromStaked    = ⌊staked × q⌋
 *     fromUnstaking = ⌊unstaking × q⌋
 *     requested    −= ⌊requested × q⌋, then at most the new staked
 *
 * Committed, unstaked and rewarded tokens are never touched. The role's total staked drops by every `fromStaked`
 * and everything taken is burned (the total supply drops). Runs only after every check of the vote passed; nothing
 * here can refuse (q ≤ 1, so no product exceeds what it is taken from).
 */
import { type Amount, add, min, mul, sub } from "../amount.js";
import { touchNode, touchNodeAndDelegators } from "../changes.js";
import type { EventLog } from "../events.js";
import { onRecordSlashed } from "../pools/index.js";
import type { LedgerState, NodeRecord } from "../state.js";
import type { SlashedAmounts, SlashingCase } from "./types.js";

/** What one record loses; `staked`, `unstaking` and `requested` are its pools before the slash. */
export function recordLosses(
  staked: Amount,
  unstaking: Amount,
  requested: Amount,
  q: Amount,
): SlashedAmounts & { staked: Amount; unstaking: Amount; requested: Amount } {
  const fromStaked = mul(staked, q);
  const fromUnstaking = mul(unstaking, q);
  const newStaked = sub(staked, fromStaked);
  const newRequested = min(sub(requested, mul(requested, q)), newStaked);
  return {
    fromStaked,
    fromRequested: sub(requested, newRequested),
    fromUnstaking,
    staked: newStaked,
    unstaking: sub(unstaking, fromUnstaking),
    requested: newRequested,
  };
}

/**
 * Applies an adjudicated case's fine and closes the case. Events, in order: `NodeSlashed` (always, even when the
 * node loses nothing), then for each delegator that lost something, by delegator ID, `DelegatorSlashed`; each
 * record that lost something is followed by what its pool emits (`PoolSlashed`); then `SlashingCaseAdjudicated`.
 */
export function applyFine(state: LedgerState, events: EventLog, slashingCase: SlashingCase): Amount {
  const node = state.nodes.get(slashingCase.accused);
  if (node === undefined)
    throw new Error(`slashing case ${slashingCase.id} names unknown node ${slashingCase.accused}`);
  const q = slashingCase.fine;
  const caseId = slashingCase.id;

  const own = recordLosses(node.staked, node.unstaking, node.requestedToUnstake, q);
  node.staked = own.staked;
  node.unstaking = own.unstaking;
  node.requestedToUnstake = own.requested;
  touchNode(state, node);
  const nodeLoss = { fromStaked: own.fromStaked, fromRequested: own.fromRequested, fromUnstaking: own.fromUnstaking };
  const nodeAmount = add(own.fromStaked, own.fromUnstaking);
  events.push({ type: "NodeSlashed", caseId, nodeID: node.id, ...nodeLoss, amount: nodeAmount });
  if (nodeAmount > 0n) onRecordSlashed(state, events, node, null, nodeLoss, caseId);

  let fromStaked = own.fromStaked;
  let burned = nodeAmount;
  if (state.slashing.slashDelegators && node.delegators.count > 0) {
    const taken = slashDelegators(state, events, node, q, caseId);
    fromStaked = add(fromStaked, taken.fromStaked);
    burned = add(burned, taken.burned);
  }

  const role = node.role;
  state.totalStakedByRole[role] = sub(state.totalStakedByRole[role], fromStaked);
  state.totalSupply = sub(state.totalSupply, burned);
  slashingCase.status = "adjudicated";
  slashingCase.closedEpoch = state.epochCounter;
  slashingCase.totalBurned = burned;
  events.push({ type: "SlashingCaseAdjudicated", caseId, accused: node.id, totalBurned: burned });
  return burned;
}

/** The fine on every delegator of `node` (its columns, in ID order); returns what left staked and what burned. */
function slashDelegators(
  state: LedgerState,
  events: EventLog,
  node: NodeRecord,
  q: Amount,
  caseId: number,
): { fromStaked: Amount; burned: Amount } {
  touchNodeAndDelegators(state, node);
  const table = node.delegators;
  let fromStaked = 0n as Amount;
  let burned = 0n as Amount;
  for (let i = 0; i < table.count; i++) {
    const loss = recordLosses(
      table.staked[i] as Amount,
      table.unstaking[i] as Amount,
      table.requestedToUnstake[i] as Amount,
      q,
    );
    const amount = add(loss.fromStaked, loss.fromUnstaking);
    // Nothing taken means nothing changed: ⌊requested × q⌋ ≤ ⌊staked × q⌋ = 0 and requested ≤ staked.
    if (amount === 0n) continue;
    table.staked[i] = loss.staked;
    table.unstaking[i] = loss.unstaking;
    table.requestedToUnstake[i] = loss.requested;
    const losses = {
      fromStaked: loss.fromStaked,
      fromRequested: loss.fromRequested,
      fromUnstaking: loss.fromUnstaking,
    };
    const delegatorID = i + 1;
    events.push({ type: "DelegatorSlashed", caseId, nodeID: node.id, delegatorID, ...losses, amount });
    onRecordSlashed(state, events, node, delegatorID, losses, caseId);
    fromStaked = add(fromStaked, loss.fromStaked);
    burned = add(burned, amount);
  }
  return { fromStaked, burned };
}
