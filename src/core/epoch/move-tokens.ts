/**
 * The epoch boundary (§10): committed → staked, unstaking → unstaked, requested → unstaking, for every node and
 * delegator on the moves-pending list, then the next auction opens.
 */
import { type Amount, add, MAX_AMOUNT, sub, ZERO } from "../amount.js";
import { touchNodeAndDelegators } from "../changes.js";
import type { DelegatorTable } from "../delegators.js";
import { LedgerError } from "../errors.js";
import type { EventLog } from "../events.js";
import type { NodeId } from "../ids.js";
import { expireSlashingCases } from "../slashing/index.js";
import { meetsRoleMinimum, requireNode } from "../staking/records.js";
import type { LedgerState, NodeRecord } from "../state.js";
import { totalStaked } from "./rewards.js";

export function requireAuctionClosed(state: LedgerState): void {
  if (state.stakingEnabled) {
    throw new LedgerError("AUCTION_IN_PROGRESS", "cannot move tokens if the staking auction is still in progress");
  }
}

/**
 * §10 step 4 for every pending delegator of `node`; returns the change to the role's total. Pool sums cannot
 * overflow (each is part of the supply), and `staked − requested` cannot go below zero (requests never exceed
 * what is staked), so the loop works on the columns without per-item checks beyond a guard against bugs.
 */
function moveDelegatorTokens(state: LedgerState, events: EventLog, node: NodeRecord, total: bigint): bigint {
  const table: DelegatorTable = node.delegators;
  const { committed, staked, unstaking, unstaked, requestedToUnstake, movePending } = table;
  const minimum = state.params.delegatorMinimum;
  const nodeID = node.id;
  let sum = total;
  for (let i = 0; i < table.count; i++) {
    if (movePending[i] === 0) continue;
    movePending[i] = 0;
    const id = i + 1;
    let c = committed[i] as bigint;
    let s = staked[i] as bigint;
    let u = unstaking[i] as bigint;
    let r = requestedToUnstake[i] as bigint;
    // D1: a delegator whose next-epoch stake would be below the minimum is fully unstaked, silently (§18 rule 7).
    if (c + s - r < minimum) {
      unstaked[i] = (unstaked[i] as bigint) + c;
      c = 0n;
      r = s;
    }
    sum += c;
    if (c > 0n) {
      events.pushDelegator("DelegatorTokensStaked", nodeID, id, c as Amount);
      s += c;
      c = 0n;
    }
    if (u > 0n) {
      events.pushDelegator("DelegatorTokensUnstaked", nodeID, id, u as Amount);
      unstaked[i] = (unstaked[i] as bigint) + u;
      u = 0n;
    }
    if (r > 0n) {
      events.pushDelegator("DelegatorTokensUnstaking", nodeID, id, r as Amount);
      u += r;
      s -= r;
      movePending[i] = 1;
      state.movesPending.add(nodeID);
    }
    sum -= r;
    if (s < 0n || s > MAX_AMOUNT || sum < 0n) throw new Error(`moveTokens: delegator ${nodeID}/${id} out of range`);
    committed[i] = c;
    staked[i] = s;
    unstaking[i] = u;
    requestedToUnstake[i] = 0n;
  }
  return sum;
}

export function moveTokens(state: LedgerState, events: EventLog, newEpochCounter: number): void {
  requireAuctionClosed(state);
  const pending: NodeId[] = [...state.movesPending].sort();
  state.movesPending = new Set();
  const participants = new Set(state.participants);
  const totals = state.totalStakedByRole;

  for (const id of pending) {
    const node = requireNode(state, id);
    const role = node.role;
    const nodeID = node.id;
    touchNodeAndDelegators(state, node);
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
    const total = moveDelegatorTokens(state, events, node, totals[role]);
    totals[role] = sub(total as Amount, node.requestedToUnstake);
    node.requestedToUnstake = ZERO;
  }

  state.stakingEnabled = true;
  state.participants = participants;
  state.epochCounter = newEpochCounter;
  expireSlashingCases(state, events);
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
