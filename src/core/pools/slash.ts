/**
 * A slash of a pooled record ("Slashes and pools"). The slashing engine has already taken its losses from the
 * record; here the part that fell on tokens reserved for leavers comes off their cohorts, pro rata:
 *
 *   cohort E (in staked, requested):  ⌊outstanding × fromRequested / requested before the slash⌋
 *   cohort E − 1 (in unstaking):      ⌊outstanding × fromUnstaking / unstaking before the slash⌋
 *
 * and the rest falls on V, so every member loses the same fraction of its principal. O(cohorts), never O(members).
 */
import { type Amount, sub } from "../amount.js";
import type { EventLog } from "../events.js";
import type { DelegatorId } from "../ids.js";
import type { LedgerState, NodeRecord } from "../state.js";
import { outstandingOf, placeOf } from "./cohorts.js";
import { readRecord, recordKey } from "./record.js";

/** What a slash took from a record: from staked (of which `fromRequested` was requested to unstake) and unstaking. */
export interface RecordLosses {
  fromStaked: Amount;
  fromRequested: Amount;
  fromUnstaking: Amount;
}

/**
 * Called by the slashing engine after it slashed a record (node, or delegator `delegatorId` of the node), with what
 * it took. Does nothing for a record no pool holds; otherwise moves the cohorts and emits PoolSlashed. Cannot fail.
 */
export function onRecordSlashed(
  state: LedgerState,
  events: EventLog,
  node: NodeRecord,
  delegatorId: DelegatorId | null,
  losses: RecordLosses,
  caseId: number,
): void {
  const poolId = state.pools.byRecord.get(recordKey({ nodeId: node.id, delegatorId }));
  const pool = poolId === undefined ? undefined : state.pools.pools.get(poolId);
  if (pool === undefined) return;
  const record = readRecord(state, pool).pools;
  const epoch = state.epochCounter;
  const before = {
    requested: record.requestedToUnstake + losses.fromRequested,
    unstaking: record.unstaking + losses.fromUnstaking,
  };
  let fromLeavers = 0n;
  for (const cohort of pool.cohorts.values()) {
    const place = placeOf(cohort, epoch);
    if (place === "unstaked") continue;
    const loss = place === "requested" ? losses.fromRequested : losses.fromUnstaking;
    const held = before[place];
    if (loss === 0n || held === 0n) continue;
    const taken = (outstandingOf(cohort) * loss) / held;
    cohort.value = sub(cohort.value, taken as Amount);
    fromLeavers += taken;
  }
  const total = losses.fromStaked + losses.fromUnstaking;
  events.push({
    type: "PoolSlashed",
    poolId: pool.id,
    caseId,
    fromMembers: sub(total as Amount, fromLeavers as Amount),
    fromLeavers: fromLeavers as Amount,
  });
}
