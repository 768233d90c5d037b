/**
 * A node: its identity and place in the tables, its six token pools and totals with its delegators, this epoch's
 * reward quote, the pool that holds it, its stake and rewards by epoch, and its delegators a page at a time.
 */
import type { EventRecord } from "../../../src/client/index.js";
import { h } from "../dom.js";
import { EPOCH_EVENTS, namesNode, type PageContext, type PageView } from "../page.js";
import { historyPanel, poolFacts, poolOf, rewardQuote, tokenPools } from "../staker.js";
import { accountLink, amount, delegatorLink, facts, link, roleName, section, shortId, table, yesNo } from "../view.js";

export const DELEGATOR_PAGE_SIZE = 25;

export function nodePage(ctx: PageContext, nodeId: string, offset: number): PageView {
  const { client } = ctx;
  const identityBody = h("div", { class: "body" });
  const tokensBody = h("div", { class: "body" });
  const poolBody = h("div", { class: "body" });
  const delegatorsBody = h("div", { class: "body" });
  const history = historyPanel(client, { nodeId }, "The node");

  async function refresh(): Promise<void> {
    const [node, epoch, current, proposed, approved, pools, delegators] = await Promise.all([
      client.getNode(nodeId),
      client.getEpoch(),
      client.getTable("current"),
      client.getTable("proposed"),
      client.getTable("approved"),
      client.listPools(),
      client.listNodeDelegators(nodeId, { offset, limit: DELEGATOR_PAGE_SIZE }),
    ]);
    const quote = await rewardQuote(client, { nodeId }, epoch);
    identityBody.replaceChildren(
      facts([
        ["Role", h("span", { "data-field": "role" }, roleName(node.role))],
        ["Owner", accountLink(node.owner)],
        ["Networking address", node.networkingAddress],
        ["Networking key", h("code", { title: node.networkingKey }, shortId(node.networkingKey))],
        ["Staking key", h("code", { title: node.stakingKey }, shortId(node.stakingKey))],
        ["Initial weight", String(node.initialWeight)],
        ["In the current table", yesNo(current.nodeIds.includes(nodeId))],
        ["In the proposed table", yesNo(proposed.nodeIds.includes(nodeId))],
        ["Approved", yesNo(approved.nodeIds.includes(nodeId))],
      ]),
    );
    tokensBody.replaceChildren(
      tokenPools(node),
      facts([
        ["Total commitment", amount(node.totalCommitment)],
        ["Commitment without delegators", amount(node.totalCommitmentWithoutDelegators)],
        ["Staked with delegators", amount(node.totalStakedWithDelegators)],
        ["This epoch's reward", quote],
      ]),
    );
    poolBody.replaceChildren(poolFacts(poolOf(pools.pools, { nodeId })));
    delegatorsBody.replaceChildren(
      h("p", null, `${delegators.total} delegator${delegators.total === 1 ? "" : "s"}.`),
      table(
        "Delegators of this node",
        [
          { label: "Delegator" },
          { label: "Owner" },
          { label: "Committed", numeric: true },
          { label: "Staked", numeric: true },
          { label: "Unstaking", numeric: true },
          { label: "Unstaked", numeric: true },
          { label: "Rewarded", numeric: true },
          { label: "Requested to unstake", numeric: true },
        ],
        delegators.delegators.map((delegator) => [
          delegatorLink(nodeId, delegator.id),
          accountLink(delegator.owner),
          amount(delegator.tokensCommitted),
          amount(delegator.tokensStaked),
          amount(delegator.tokensUnstaking),
          amount(delegator.tokensUnstaked),
          amount(delegator.tokensRewarded),
          amount(delegator.tokensRequestedToUnstake),
        ]),
        offset > 0 ? "No delegators on this page." : "No delegators.",
      ),
      pager(nodeId, offset, delegators.total),
    );
    await history.refresh({ epoch: epoch.counter, staked: node.tokensStaked, rewarded: node.tokensRewarded });
  }

  return {
    title: `Node ${shortId(nodeId)}`,
    subtitle: nodeId,
    content: [
      section("Identity", identityBody),
      section("Token pools", tokensBody),
      section("Pool", poolBody),
      section("Stake and rewards by epoch", history.body),
      section("Delegators", delegatorsBody),
    ],
    refresh,
    relevant: (record: EventRecord) => EPOCH_EVENTS.has(record.event.type) || namesNode(record, nodeId),
  };
}

function pager(nodeId: string, offset: number, total: number): HTMLElement | string {
  if (total <= DELEGATOR_PAGE_SIZE && offset === 0) return "";
  const last = Math.min(total, offset + DELEGATOR_PAGE_SIZE);
  return h(
    "nav",
    { class: "pager", "aria-label": "delegator pages" },
    offset > 0 ? link({ page: "node", nodeId, offset: Math.max(0, offset - DELEGATOR_PAGE_SIZE) }, "← previous") : null,
    h("span", null, total === 0 ? "none" : `${offset + 1}–${last} of ${total}`),
    last < total ? link({ page: "node", nodeId, offset: offset + DELEGATOR_PAGE_SIZE }, "next →") : null,
  );
}
