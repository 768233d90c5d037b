/** End of the staking auction (§8.2): remove invalid nodes, fill role slots, close the auction. */
import { removeAndRefund } from "../admin/remove-node.js";
import { LedgerError } from "../errors.js";
import type { EventLog } from "../events.js";
import type { NodeId } from "../ids.js";
import { ACCESS, ROLES } from "../roles.js";
import { fullCommittedBalance, meetsRoleMinimum, nodeChanged, requireNode } from "../staking/records.js";
import type { LedgerState } from "../state.js";
import { drawIndex } from "./random.js";

const UINT16_MAX = 0xffff;

/**
 * Step 1. Only nodes on the moves-pending list are checked (§18 rule 6): roles 1–4 need their minimum *and*
 * approval; access nodes need their minimum *or* approval. Survivors get weight 100.
 */
export function removeInvalidNodes(state: LedgerState, events: EventLog): void {
  for (const id of [...state.movesPending].sort()) {
    const node = requireNode(state, id);
    const enough = meetsRoleMinimum(state, fullCommittedBalance(node), node.role);
    const approved = state.approved.has(node.id);
    const valid = node.role === ACCESS ? enough || approved : enough && approved;
    if (valid) {
      node.initialWeight = 100;
      nodeChanged(state, node);
    } else removeAndRefund(state, events, node);
  }
}

/**
 * Step 2. Per role: no free slot refunds every candidate; too few slots refunds randomly drawn candidates
 * (decisions.md D2); otherwise every candidate joins. Existing participants are never removed. Open slots, when
 * set for a role, make its limit count + open slots.
 *
 * Faithful quirk: the counts are read once at the start and written back at the end, so decrements made by
 * refunds in between (possible only when the auction is already closed) are overwritten, as in the contract.
 */
export function fillNodeRoleSlots(state: LedgerState, events: EventLog): void {
  const counts = [...state.roleCounts] as typeof state.roleCounts;
  const limits = [...state.params.slotLimits] as typeof state.params.slotLimits;
  const candidates = state.candidates;
  state.candidates = [undefined, new Set(), new Set(), new Set(), new Set(), new Set()];

  for (const role of ROLES) {
    const ids: NodeId[] = [...candidates[role]].sort();
    const count = counts[role];
    const limit = limits[role];
    if (count >= limit) {
      for (const id of ids) removeAndRefund(state, events, requireNode(state, id));
    } else if (count + ids.length > limit) {
      let toRemove = count + ids.length - limit;
      const chosen = new Set<number>();
      while (toRemove > 0) {
        const index = drawIndex(state, ids.length);
        if (!chosen.has(index)) {
          chosen.add(index);
          toRemove -= 1;
        }
      }
      for (const index of [...chosen].sort((a, b) => a - b)) {
        removeAndRefund(state, events, requireNode(state, ids[index] as NodeId));
      }
      counts[role] = limit;
    } else {
      counts[role] = count + ids.length;
    }
    const open = state.params.openSlots.get(role);
    if (open !== undefined) {
      limits[role] = counts[role] + open;
      if (limits[role] > UINT16_MAX) {
        throw new LedgerError("INVALID_SLOT_LIMITS", `slot limit of role ${role} would exceed 65535`, { role });
      }
    }
  }
  state.roleCounts = counts;
  state.params.slotLimits = limits;
}

/**
 * Whether ending the auction could abort half-way: a role minimum missing from the table (D5), or open slots that
 * could push a slot limit past the UInt16 maximum. The caller then runs it on a copy of the state.
 */
export function endAuctionMayAbort(state: LedgerState): boolean {
  for (const role of ROLES) {
    if (!state.params.minimumStakes.has(role)) return true;
    const open = state.params.openSlots.get(role);
    if (open === undefined) continue;
    const count = state.roleCounts[role];
    const limit = state.params.slotLimits[role];
    const highest = count >= limit ? count : Math.min(limit, count + state.candidates[role].size);
    if (highest + open > UINT16_MAX) return true;
  }
  return false;
}

/** §8.2 steps 1–3. */
export function endStakingAuction(state: LedgerState, events: EventLog): void {
  removeInvalidNodes(state, events);
  fillNodeRoleSlots(state, events);
  state.stakingEnabled = false;
}
