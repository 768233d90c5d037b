/** A delegator: its node and owner, its six token pools, this epoch's reward quote, its pool, its history. */
import type { EventRecord } from "../../../src/client/index.js";
import { h } from "../dom.js";
import { EPOCH_EVENTS, type PageContext, type PageView } from "../page.js";
import { historyPanel, poolFacts, poolOf, rewardQuote, tokenPools } from "../staker.js";
import { accountLink, facts, nodeLink, roleName, section, shortId } from "../view.js";

export function delegatorPage(ctx: PageContext, nodeId: string, delegatorId: number): PageView {
  const { client } = ctx;
  const target = { nodeId, delegatorId };
  const identityBody = h("div", { class: "body" });
  const tokensBody = h("div", { class: "body" });
  const poolBody = h("div", { class: "body" });
  const history = historyPanel(client, target, `Delegator ${delegatorId}`);

  async function refresh(): Promise<void> {
    const [delegator, node, epoch, pools] = await Promise.all([
      client.getDelegator(nodeId, delegatorId),
      client.getNode(nodeId),
      client.getEpoch(),
      client.listPools(),
    ]);
    const quote = await rewardQuote(client, target, epoch);
    identityBody.replaceChildren(
      facts([
        ["Node", nodeLink(nodeId)],
        ["Node's role", roleName(node.role)],
        ["Owner", accountLink(delegator.owner)],
      ]),
    );
    tokensBody.replaceChildren(tokenPools(delegator), facts([["This epoch's reward", quote]]));
    poolBody.replaceChildren(poolFacts(poolOf(pools.pools, target)));
    await history.refresh({ epoch: epoch.counter, staked: delegator.tokensStaked, rewarded: delegator.tokensRewarded });
  }

  return {
    title: `Delegator ${delegatorId} of node ${shortId(nodeId)}`,
    subtitle: nodeId,
    content: [
      section("Delegation", identityBody),
      section("Token pools", tokensBody),
      section("Pool", poolBody),
      section("Stake and rewards by epoch", history.body),
    ],
    refresh,
    relevant: (record: EventRecord) =>
      EPOCH_EVENTS.has(record.event.type) ||
      (record.event.nodeID === nodeId && record.event.delegatorID === delegatorId),
  };
}
