/**
 * The epoch boundary (§10): committed → staked, unstaking → unstaked, requested → unstaking, for every node and
 * delegator on the moves-pending list, then the next auction opens.
 */
import { type Amount, add, sub, ZERO } from "../amount.js";
import { LedgerError } from "../errors.js";
import type { LedgerEvent } from "../events.js";
import type { NodeId } from "../ids.js";
import { meetsRoleMinimum, requireNode } from "../staking/records.js";
import type { LedgerState } from "../state.js";
import { totalStaked } from "./rewards.js";

export function requireAuctionClosed(state: LedgerState): void {
  if (state.stakingEnabled) {
    throw new LedgerError("AUCTION_IN_PROGRESS", "cannot move tokens if the staking auction is still in progress");
  }
}

export function moveTokens(state: LedgerState, events: LedgerEvent[], newEpochCounter: number): void {
  requireAuctionClosed(state);
  const pending: NodeId[] = [...state.movesPending].sort();
  state.movesPending = new Set();
  const participants = new Set(state.participants);
  const totals = state.totalStakedByRole;
  const delegatorMinimum = state.params.delegatorMinimum;

  for (const id of pending) {
    const node = requireNode(state, id);
    const role = node.role;
    const nodeID = node.id;
    if (node.committed > 0n || state.approved.has(nodeID)) {
      totals[role] = add(totals[role], node.committed);
      events.push({ type: "TokensStaked", nodeID, amount: node.committed });
      node.staked = add(node.staked, node.committed);
      node.committed = ZERO;
      participants.add(nodeID);
    }
    if (node.unstaking > 0n) {
      events.push({ type: "TokensUnstaked", nodeID, amount: node.unstaking });
      node.unstaked = add(node.unstaked, node.unstaking);
      node.unstaking = ZERO;
    }
    if (node.requestedToUnstake > 0n) {
      events.push({ type: "TokensUnstaking", nodeID, amount: node.requestedToUnstake });
      node.unstaking = add(node.unstaking, node.requestedToUnstake);
      node.staked = sub(node.staked, node.requestedToUnstake);
      if (!meetsRoleMinimum(state, node.staked, role)) participants.delete(nodeID);
      // Unstaking tokens are released at the next boundary, so the node stays pending.
      state.movesPending.add(nodeID);
    }

    let total: Amount = totals[role];
    for (const delegator of node.delegators) {
      if (!delegator.movePending) continue;
      delegator.movePending = false;
      const delegatorID = delegator.id;
      // D1: a delegator whose next-epoch stake would be below the minimum is fully unstaked (§18 rule 7).
      if (delegator.committed + delegator.staked - delegator.requestedToUnstake < delegatorMinimum) {
        delegator.unstaked = add(delegator.unstaked, delegator.committed);
        delegator.committed = ZERO;
        delegator.requestedToUnstake = delegator.staked;
      }
      total = add(total, delegator.committed);
      if (delegator.committed > 0n) {
        events.push({ type: "DelegatorTokensStaked", nodeID, delegatorID, amount: delegator.committed });
        delegator.staked = add(delegator.staked, delegator.committed);
        delegator.committed = ZERO;
      }
      if (delegator.unstaking > 0n) {
        events.push({ type: "DelegatorTokensUnstaked", nodeID, delegatorID, amount: delegator.unstaking });
        delegator.unstaked = add(delegator.unstaked, delegator.unstaking);
        delegator.unstaking = ZERO;
      }
      if (delegator.requestedToUnstake > 0n) {
        events.push({ type: "DelegatorTokensUnstaking", nodeID, delegatorID, amount: delegator.requestedToUnstake });
        delegator.unstaking = add(delegator.unstaking, delegator.requestedToUnstake);
        delegator.staked = sub(delegator.staked, delegator.requestedToUnstake);
        delegator.movePending = true;
        state.movesPending.add(nodeID);
      }
      total = sub(total, delegator.requestedToUnstake);
      delegator.requestedToUnstake = ZERO;
    }
    totals[role] = sub(total, node.requestedToUnstake);
    node.requestedToUnstake = ZERO;
  }

  state.stakingEnabled = true;
  state.participants = participants;
  state.epochCounter = newEpochCounter;
  events.push({
    type: "NewEpoch",
    totalStaked: totalStaked(state),
    totalRewardPayout: state.params.epochTokenPayout,
    newEpochCounter,
  });
}

/** Whether moving tokens could abort half-way: a role minimum missing from the table (decisions.md D5). */
export function moveTokensMayAbort(state: LedgerState): boolean {
  for (const id of state.movesPending) {
    const node = state.nodes.get(id);
    if (node !== undefined && !state.params.minimumStakes.has(node.role)) return true;
  }
  return false;
}
