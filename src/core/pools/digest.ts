/**
 * Pools in the state hash (state-hash.ts). A pool's own fields and its cohorts are few and go with the globals,
 * rehashed every time; its members go one by one into the multiset sum, like accounts, so a block rehashes only the
 * members it changed (marked with `touchPoolMember`), never a whole pool.
 */
import type { AccountId } from "../ids.js";
import type { LedgerState } from "../state.js";
import type { PoolMember } from "./types.js";

/** Lines of the state hash's global part describing the pools (O(pools + cohorts)). */
export function poolsDigestText(state: LedgerState): string {
  const { pools, maxPoolFee } = state.pools;
  const lines = [`pools ${maxPoolFee} ${pools.size}`];
  for (const id of [...pools.keys()].sort((a, b) => a - b)) {
    const p = pools.get(id);
    if (p === undefined) continue;
    const pending = p.pendingFee === null ? "- -" : `${p.pendingFee.fee} ${p.pendingFee.effectiveEpoch}`;
    lines.push(
      [
        "pool",
        p.id,
        JSON.stringify(p.account),
        JSON.stringify(p.operator),
        p.target.nodeId,
        p.target.delegatorId ?? "-",
        p.fee,
        pending,
        p.minimumJoin,
        p.extraLockEpochs,
        p.totalShares,
        p.rewardPerShare,
        p.operatorFees,
        p.totalClaimable,
        p.nextCohortId,
        p.members.size,
      ].join(" "),
    );
    for (const c of [...p.cohorts.values()].sort((a, b) => a.id - b.id)) {
      lines.push(
        ["cohort", c.id, JSON.stringify(c.key), c.unstakedFrom, c.nominal, c.value, c.paid, c.outstandingTickets].join(
          " ",
        ),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The text whose hash stands for one member in the multiset sum. */
export function poolMemberDigestText(poolId: number, account: AccountId, member: PoolMember): string {
  const tickets = member.tickets.map((t) => `${t.cohort}:${t.units}`).join(",");
  return `poolMember ${poolId} ${JSON.stringify(account)} ${member.shares} ${member.rewardDebt} ${member.claimable} ${tickets}\n`;
}
