/** Every pool, and one pool with its record, price inputs and leaving cohorts. */
import type { EventRecord } from "../../../src/client/index.js";
import { h } from "../dom.js";
import { EPOCH_EVENTS, type PageContext, type PageView } from "../page.js";
import { announcedFee } from "../staker.js";
import { accountLink, amount, delegatorLink, facts, nodeLink, poolLink, section, table } from "../view.js";

const isPoolEvent = (record: EventRecord) =>
  record.event.type.startsWith("Pool") || EPOCH_EVENTS.has(record.event.type);

export function poolsPage(ctx: PageContext): PageView {
  const body = h("div", { class: "body" });

  async function refresh(): Promise<void> {
    const { pools } = await ctx.client.listPools();
    body.replaceChildren(
      table(
        "Pools by pool ID",
        [
          { label: "Pool" },
          { label: "Record" },
          { label: "Operator" },
          { label: "Fee", numeric: true },
          { label: "Members", numeric: true },
          { label: "Members' principal", numeric: true },
          { label: "Total shares", numeric: true },
          { label: "Operator fees", numeric: true },
          { label: "Minimum join", numeric: true },
        ],
        pools.map((pool) => [
          poolLink(pool.id),
          pool.delegatorID === null
            ? h("span", null, "node ", nodeLink(pool.nodeID))
            : h("span", null, nodeLink(pool.nodeID), " ", delegatorLink(pool.nodeID, pool.delegatorID)),
          accountLink(pool.operator),
          h(
            "span",
            null,
            amount(pool.fee),
            pool.pendingFee === null ? null : ` (${pool.pendingFee.fee} from epoch ${pool.pendingFee.effectiveEpoch})`,
          ),
          String(pool.members),
          amount(pool.value),
          amount(pool.totalShares),
          amount(pool.operatorFees),
          amount(pool.minimumJoin),
        ]),
        "No pools.",
      ),
    );
  }

  return { title: "Pools", content: [section("All pools", body)], refresh, relevant: isPoolEvent };
}

export function poolPage(ctx: PageContext, poolId: number): PageView {
  const summaryBody = h("div", { class: "body" });
  const recordBody = h("div", { class: "body" });
  const cohortsBody = h("div", { class: "body" });

  async function refresh(): Promise<void> {
    const pool = await ctx.client.getPool(poolId);
    summaryBody.replaceChildren(
      facts([
        ["Record", pool.delegatorID === null ? nodeLink(pool.nodeID) : delegatorLink(pool.nodeID, pool.delegatorID)],
        ["Node", nodeLink(pool.nodeID)],
        ["Operator", accountLink(pool.operator)],
        ["Pool account", accountLink(pool.account)],
        ["Fee", amount(pool.fee)],
        ["Announced fee", announcedFee(pool)],
        ["Minimum join", amount(pool.minimumJoin)],
        ["Extra lock", `${pool.extraLockEpochs} epoch${pool.extraLockEpochs === 1 ? "" : "s"}`],
        ["Members", String(pool.members)],
        ["Members' principal", amount(pool.value)],
        ["Total shares", amount(pool.totalShares)],
        ["Reward per share (×10¹⁸)", h("code", null, pool.rewardPerShare)],
        ["Operator fees", amount(pool.operatorFees)],
        ["Claimable", amount(pool.totalClaimable)],
        ["Reserved for leavers", amount(pool.reserved)],
      ]),
    );
    recordBody.replaceChildren(
      facts(
        [
          ["Committed", amount(pool.record.committed)],
          ["Staked", amount(pool.record.staked)],
          ["Unstaking", amount(pool.record.unstaking)],
          ["Unstaked", amount(pool.record.unstaked)],
          ["Rewarded", amount(pool.record.rewarded)],
          ["Requested to unstake", amount(pool.record.requestedToUnstake)],
        ],
        "cards",
      ),
    );
    cohortsBody.replaceChildren(
      table(
        "Leaving cohorts",
        [
          { label: "Cohort" },
          { label: "Unstaked from", numeric: true },
          { label: "Ready in epoch", numeric: true },
          { label: "Nominal", numeric: true },
          { label: "Value", numeric: true },
          { label: "Paid", numeric: true },
          { label: "Outstanding", numeric: true },
          { label: "Tickets", numeric: true },
        ],
        pool.cohorts.map((cohort) => [
          cohort.key,
          String(cohort.unstakedFrom),
          String(cohort.readyEpoch),
          amount(cohort.nominal),
          amount(cohort.value),
          amount(cohort.paid),
          amount(cohort.outstanding),
          String(cohort.outstandingTickets),
        ]),
        "Nobody is leaving.",
      ),
    );
  }

  return {
    title: `Pool ${poolId}`,
    content: [section("Pool", summaryBody), section("The pool's record", recordBody), section("Leavers", cohortsBody)],
    refresh,
    relevant: isPoolEvent,
  };
}
