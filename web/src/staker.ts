/**
 * What the node page and the delegator page share: the six token pools of a record, the reward quote, the pool
 * that holds the record (if any), and the stake and reward history as charts with their values in a table.
 */
import {
  type DelegatorInfo,
  type EpochView,
  type FlowstakeClient,
  isClientError,
  type NodeInfo,
  type PoolSummary,
} from "../../src/client/index.js";
import { unitsText } from "./amount-text.js";
import { lineChart } from "./chart.js";
import { h } from "./dom.js";
import type { EpochPoint, HistoryTarget } from "./history.js";
import { loadHistory } from "./load-history.js";
import { accountLink, amount, errorBox, facts, poolLink, table } from "./view.js";

type TokenRecord = Pick<
  NodeInfo | DelegatorInfo,
  | "tokensCommitted"
  | "tokensStaked"
  | "tokensUnstaking"
  | "tokensUnstaked"
  | "tokensRewarded"
  | "tokensRequestedToUnstake"
>;

export function tokenPools(record: TokenRecord): HTMLElement {
  return facts(
    [
      ["Committed", h("span", { "data-field": "committed" }, amount(record.tokensCommitted))],
      ["Staked", h("span", { "data-field": "staked" }, amount(record.tokensStaked))],
      ["Unstaking", h("span", { "data-field": "unstaking" }, amount(record.tokensUnstaking))],
      ["Unstaked", h("span", { "data-field": "unstaked" }, amount(record.tokensUnstaked))],
      ["Rewarded", h("span", { "data-field": "rewarded" }, amount(record.tokensRewarded))],
      ["Requested to unstake", h("span", { "data-field": "requested" }, amount(record.tokensRequestedToUnstake))],
    ],
    "cards",
  );
}

/** This epoch's reward, once the auction has closed; a sentence while it is open. */
export async function rewardQuote(
  client: FlowstakeClient,
  target: HistoryTarget,
  epoch: EpochView,
): Promise<HTMLElement> {
  const open = h("span", null, "known once the staking auction closes");
  // The node would answer AUCTION_IN_PROGRESS: no need to ask.
  if (epoch.phase === "staking_auction") return open;
  try {
    const quote = await client.getRewardQuote(target);
    return h(
      "span",
      null,
      amount(quote.reward),
      ` for epoch ${quote.epochCounter} (${quote.source === "stored" ? "calculated at the epoch's commit" : "from the current stake"})`,
    );
  } catch (error) {
    if (isClientError(error) && error.code === "AUCTION_IN_PROGRESS") return open;
    throw error;
  }
}

/** The pool whose record is this node (no delegator) or this delegator. */
export function poolOf(pools: readonly PoolSummary[], target: HistoryTarget): PoolSummary | undefined {
  return pools.find((pool) => pool.nodeID === target.nodeId && pool.delegatorID === (target.delegatorId ?? null));
}

/** A pool's announced fee change and the epoch it takes effect, or "none". */
export function announcedFee(pool: Pick<PoolSummary, "pendingFee">): Node | string {
  return pool.pendingFee === null
    ? "none"
    : h("span", null, amount(pool.pendingFee.fee), ` from epoch ${pool.pendingFee.effectiveEpoch}`);
}

export function poolFacts(pool: PoolSummary | undefined): HTMLElement {
  if (pool === undefined) return h("p", { class: "empty" }, "Not held by a pool.");
  return facts([
    ["Pool", poolLink(pool.id)],
    ["Operator", accountLink(pool.operator)],
    ["Pool account", accountLink(pool.account)],
    ["Fee", amount(pool.fee)],
    ["Announced fee", announcedFee(pool)],
    ["Members' principal", amount(pool.value)],
    ["Total shares", amount(pool.totalShares)],
    ["Members", String(pool.members)],
    ["Operator fees", amount(pool.operatorFees)],
    ["Claimable", amount(pool.totalClaimable)],
  ]);
}

function charts(points: readonly EpochPoint[], who: string): HTMLElement {
  const epochs = points.map((point) => point.epoch);
  const first = epochs[0] ?? 0;
  const last = epochs[epochs.length - 1] ?? first;
  const span = first === last ? `epoch ${first}` : `epochs ${first} to ${last}`;
  const lastPoint = points[points.length - 1];
  return h(
    "div",
    null,
    h(
      "div",
      { class: "charts" },
      h(
        "figure",
        null,
        lineChart({
          title: "Staked tokens by epoch",
          description: `${who}'s staked tokens at the end of each epoch, ${span}; now ${unitsText(lastPoint?.staked ?? 0n)}.`,
          epochs,
          values: points.map((point) => point.staked),
          tone: "staked",
        }),
        h("figcaption", null, "Staked, at the end of each epoch"),
      ),
      h(
        "figure",
        null,
        lineChart({
          title: "Rewards paid by epoch, cumulative",
          description: `${who}'s rewards paid from ${span}, added up; ${unitsText(lastPoint?.rewardsTotal ?? 0n)} in all.`,
          epochs,
          values: points.map((point) => point.rewardsTotal),
          tone: "rewards",
        }),
        h("figcaption", null, "Rewards paid, added up over the epochs shown"),
      ),
    ),
    h(
      "details",
      null,
      h("summary", null, "Values by epoch"),
      table(
        `${who} by epoch (exact amounts)`,
        [
          { label: "Epoch", numeric: true },
          { label: "Staked at the end", numeric: true },
          { label: "Rewards paid in the epoch", numeric: true },
          { label: "Rewards paid, cumulative", numeric: true },
        ],
        [...points]
          .reverse()
          .map((point) => [
            String(point.epoch),
            amount(unitsText(point.staked)),
            amount(unitsText(point.rewardsPaid)),
            amount(unitsText(point.rewardsTotal)),
          ]),
        "No epochs yet.",
      ),
    ),
  );
}

/** The history section's body; it reads the log again only when the epoch or the staked amount changed. */
export function historyPanel(client: FlowstakeClient, target: HistoryTarget, who: string) {
  const body = h("div", { class: "body", "data-field": "history" }, h("p", { class: "empty" }, "Loading…"));
  let shownFor = "";
  return {
    body,
    async refresh(now: { epoch: number; staked: string; rewarded: string }): Promise<void> {
      const key = `${now.epoch}/${now.staked}/${now.rewarded}`;
      if (key === shownFor) return;
      try {
        const answer = await loadHistory(client, target, now);
        shownFor = key;
        body.replaceChildren(
          answer.kind === "points"
            ? charts(answer.points, who)
            : h(
                "p",
                { class: "empty" },
                `More than ${answer.limit} matching events in the log: the API filters events by type, not by node, so the dashboard does not draw this history.`,
              ),
        );
      } catch (error) {
        body.replaceChildren(errorBox(error));
      }
    },
  };
}
