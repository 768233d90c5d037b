/** An account: its balance and keys, the nodes and delegators it holds, and its pool positions. */
import type { EventRecord } from "../../../src/client/index.js";
import { h } from "../dom.js";
import { EPOCH_EVENTS, type PageContext, type PageView } from "../page.js";
import {
  accountLink,
  amount,
  delegatorLink,
  facts,
  nodeLink,
  poolLink,
  roleName,
  section,
  shortId,
  table,
  yesNo,
} from "../view.js";

export function accountPage(ctx: PageContext, address: string): PageView {
  const { client } = ctx;
  const balanceBody = h("div", { class: "body" });
  const keysBody = h("div", { class: "body" });
  const nodesBody = h("div", { class: "body" });
  const delegatorsBody = h("div", { class: "body" });
  const poolsBody = h("div", { class: "body" });
  let held = new Set<string>();

  async function refresh(): Promise<void> {
    const [account, nodes, delegators, pools] = await Promise.all([
      client.getAccount(address),
      client.listNodes(),
      client.listDelegatorsByOwner(address),
      client.listAccountPools(address),
    ]);
    held = new Set(account.nodes);
    balanceBody.replaceChildren(
      facts([["Balance", h("span", { "data-field": "balance" }, amount(account.balance))]], "cards"),
    );
    keysBody.replaceChildren(
      table(
        "The account's keys",
        [
          { label: "Index", numeric: true },
          { label: "Public key" },
          { label: "Signature" },
          { label: "Hash" },
          { label: "Weight", numeric: true },
          { label: "Revoked" },
          { label: "Sequence number", numeric: true },
        ],
        account.keys.map((key) => [
          String(key.index),
          h("code", { title: key.publicKey }, shortId(key.publicKey)),
          key.signatureAlgorithm,
          key.hashAlgorithm,
          String(key.weight),
          yesNo(key.revoked),
          String(key.sequenceNumber),
        ]),
        "No keys.",
      ),
    );
    const owned = nodes.nodes.filter((node) => held.has(node.id));
    nodesBody.replaceChildren(
      table(
        "Nodes this account holds",
        [
          { label: "Node" },
          { label: "Role" },
          { label: "Committed", numeric: true },
          { label: "Staked", numeric: true },
          { label: "Unstaking", numeric: true },
          { label: "Unstaked", numeric: true },
          { label: "Rewarded", numeric: true },
        ],
        owned.map((node) => [
          nodeLink(node.id),
          roleName(node.role),
          amount(node.tokensCommitted),
          amount(node.tokensStaked),
          amount(node.tokensUnstaking),
          amount(node.tokensUnstaked),
          amount(node.tokensRewarded),
        ]),
        "No nodes.",
      ),
    );
    delegatorsBody.replaceChildren(
      table(
        "Delegators this account holds",
        [
          { label: "Node" },
          { label: "Delegator" },
          { label: "Committed", numeric: true },
          { label: "Staked", numeric: true },
          { label: "Unstaking", numeric: true },
          { label: "Unstaked", numeric: true },
          { label: "Rewarded", numeric: true },
        ],
        delegators.delegators.map((delegator) => [
          nodeLink(delegator.nodeID),
          delegatorLink(delegator.nodeID, delegator.id),
          amount(delegator.tokensCommitted),
          amount(delegator.tokensStaked),
          amount(delegator.tokensUnstaking),
          amount(delegator.tokensUnstaked),
          amount(delegator.tokensRewarded),
        ]),
        "No delegators.",
      ),
    );
    poolsBody.replaceChildren(
      table(
        "Pools this account runs or has a position in",
        [
          { label: "Pool" },
          { label: "Node" },
          { label: "Operator" },
          { label: "Shares", numeric: true },
          { label: "Principal", numeric: true },
          { label: "Claimable", numeric: true },
          { label: "Leaving (tickets)" },
        ],
        pools.pools.map(({ pool, isOperator, member }) => [
          poolLink(pool.id),
          nodeLink(pool.nodeID),
          isOperator ? "this account" : accountLink(pool.operator),
          member === null ? "—" : amount(member.shares),
          member === null ? "—" : amount(member.principal),
          member === null ? "—" : amount(member.claimable),
          member === null || member.tickets.length === 0
            ? "none"
            : h(
                "ul",
                { class: "plain" },
                member.tickets.map((ticket) =>
                  h("li", null, amount(ticket.value), ` from epoch ${ticket.readyEpoch} (cohort ${ticket.cohort})`),
                ),
              ),
        ]),
        "No pool positions.",
      ),
    );
  }

  return {
    title: `Account ${address}`,
    content: [
      section("Balance", balanceBody),
      section("Keys", keysBody),
      section("Nodes", nodesBody),
      section("Delegators", delegatorsBody),
      section("Pool positions", poolsBody),
    ],
    refresh,
    relevant: (record: EventRecord) => {
      const event = record.event;
      if (EPOCH_EVENTS.has(event.type)) return true;
      if ([event.address, event.account, event.from, event.to, event.operator].includes(address)) return true;
      return typeof event.nodeID === "string" && held.has(event.nodeID);
    },
  };
}
