/** Admin setters (§7): minimums, payout, cut, candidate and slot limits, non-operational list, node weight. */
import { type Amount, formatAmount, ONE } from "../amount.js";
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import { isRole, type Role, type RoleTable } from "../roles.js";
import { nodeChanged, requireNode } from "../staking/records.js";

const UINT16_MAX = 0xffff;
const UINT64_MAX = 0xffff_ffff_ffff_ffffn;

/** Exactly 5 entries; the keys are not otherwise checked (decisions.md D5). */
export function setMinimumStakes(ctx: OperationContext, minimums: ReadonlyMap<number, Amount>): null {
  if (minimums.size !== 5) {
    throw new LedgerError("INVALID_MINIMUMS", `minimum stakes need exactly 5 entries, got ${minimums.size}`);
  }
  const table = new Map(minimums);
  ctx.state.params.minimumStakes = table;
  ctx.events.push({ type: "NewStakingMinimums", newMinimums: new Map(table) });
  return null;
}

export function setDelegatorMinimum(ctx: OperationContext, minimum: Amount): null {
  ctx.state.params.delegatorMinimum = minimum;
  ctx.events.push({ type: "NewDelegatorStakingMinimum", newMinimum: minimum });
  return null;
}

/** Emits NewWeeklyPayout only when the value changes. */
export function setEpochTokenPayout(ctx: OperationContext, payout: Amount): null {
  if (payout !== ctx.state.params.epochTokenPayout) ctx.events.push({ type: "NewWeeklyPayout", newPayout: payout });
  ctx.state.params.epochTokenPayout = payout;
  return null;
}

/** Strictly between 0 and 1; emits NewDelegatorCutPercentage only when the value changes. */
export function setCutPercentage(ctx: OperationContext, cut: Amount): null {
  if (cut <= 0n || cut >= ONE) {
    throw new LedgerError("INVALID_CUT_PERCENTAGE", `cut percentage must be between 0 and 1, got ${formatAmount(cut)}`);
  }
  if (cut !== ctx.state.params.rewardCut) ctx.events.push({ type: "NewDelegatorCutPercentage", newCutPercentage: cut });
  ctx.state.params.rewardCut = cut;
  return null;
}

function requireRole(role: number): Role {
  if (!isRole(role)) throw new LedgerError("INVALID_ROLE", `role must be 1, 2, 3, 4 or 5, got ${role}`, { role });
  return role;
}

export function setCandidateNodeLimit(ctx: OperationContext, role: number, limit: bigint): null {
  const checked = requireRole(role);
  if (limit < 0n || limit > UINT64_MAX) {
    throw new LedgerError("INVALID_CANDIDATE_LIMIT", `candidate limit must fit in 64 unsigned bits, got ${limit}`);
  }
  ctx.state.params.candidateNodeLimits[checked] = limit;
  return null;
}

/** Exactly the 5 roles, each a UInt16. */
export function setSlotLimits(ctx: OperationContext, limits: ReadonlyMap<number, number>): null {
  const table: RoleTable<number> = [undefined, 0, 0, 0, 0, 0];
  if (limits.size !== 5) {
    throw new LedgerError("INVALID_SLOT_LIMITS", `slot limits need exactly 5 entries, got ${limits.size}`);
  }
  for (const role of [1, 2, 3, 4, 5] as const) {
    const limit = limits.get(role);
    if (limit === undefined) throw new LedgerError("INVALID_SLOT_LIMITS", `slot limits need a limit for role ${role}`);
    if (!Number.isInteger(limit) || limit < 0 || limit > UINT16_MAX) {
      throw new LedgerError("INVALID_SLOT_LIMITS", `slot limit for role ${role} must be in 0..65535, got ${limit}`);
    }
    table[role] = limit;
  }
  ctx.state.params.slotLimits = table;
  return null;
}

/** `set_open_access_node_slots`: sets the open slots of role 5 only. */
export function setOpenAccessNodeSlots(ctx: OperationContext, slots: number): null {
  if (!Number.isInteger(slots) || slots < 0 || slots > UINT16_MAX) {
    throw new LedgerError("INVALID_SLOT_LIMITS", `open slots must be in 0..65535, got ${slots}`);
  }
  ctx.state.params.openSlots.set(5, slots);
  return null;
}

/** Replaces the list; every percentage must satisfy 0 ≤ p < 1. Node IDs are not checked (§9.1 step 3). */
export function setNonOperational(ctx: OperationContext, list: ReadonlyMap<string, Amount>): null {
  for (const [nodeId, percentage] of list) {
    if (percentage >= ONE) {
      throw new LedgerError(
        "INVALID_NON_OPERATIONAL_PERCENTAGE",
        `reward percentage for ${nodeId} must be below 1, got ${formatAmount(percentage)}`,
        { nodeId },
      );
    }
  }
  ctx.state.nonOperational = new Map(list);
  return null;
}

export function setNodeWeight(ctx: OperationContext, args: { nodeId: string; weight: number }): null {
  if (!Number.isInteger(args.weight) || args.weight < 0 || args.weight > 100) {
    throw new LedgerError("INVALID_NODE_WEIGHT", `node weight must be in 0..100, got ${args.weight}`);
  }
  const node = requireNode(ctx.state, args.nodeId);
  node.initialWeight = args.weight;
  nodeChanged(ctx.state, node);
  ctx.events.push({ type: "NodeWeightChanged", nodeID: node.id, newWeight: args.weight });
  return null;
}

export function startStakingAuction(ctx: OperationContext): null {
  ctx.state.stakingEnabled = true;
  return null;
}
