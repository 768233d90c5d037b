/**
 * The overview: the epoch and its phase with a countdown, the tokens (payout, staked, supply, fee vault), the
 * identity tables by role, the latest blocks and the live event feed.
 */
import type { BlockHeader, EpochView, EventRecord, NodeInfo, RoleKey } from "../../../src/client/index.js";
import { ROLES } from "../../../src/core/roles.js";
import { h } from "../dom.js";
import { eventLine } from "../event-line.js";
import type { LiveStatus } from "../live-events.js";
import type { PageContext, PageView } from "../page.js";
import {
  amount,
  durationText,
  facts,
  nodeLink,
  phaseName,
  roleName,
  section,
  shortId,
  table,
  time,
  timeText,
  yesNo,
} from "../view.js";

const BLOCKS_SHOWN = 10;

/** When the current phase ends: the auction, the setup, or the epoch itself. */
function phaseEnd(epoch: EpochView): number {
  switch (epoch.phase) {
    case "staking_auction":
      return epoch.stakingAuctionEndsAt;
    case "epoch_setup":
      return epoch.setupEndsAt;
    case "epoch_committed":
      return epoch.epochEndsAt;
  }
}

export function countdownText(epoch: EpochView, now: number): string {
  const left = phaseEnd(epoch) - now;
  const phase = phaseName(epoch.phase);
  if (left > 0) return `${phase} ends in ${durationText(left)}`;
  if (epoch.mode === "manual")
    return `${phase}: scheduled end passed ${durationText(-left)} ago; manual mode, the admin ends it`;
  return `${phase}: ending now`;
}

const STATUS_TEXT: Readonly<Record<LiveStatus, string>> = {
  connecting: "connecting…",
  live: "live",
  reconnecting: "reconnecting…",
};

export function overviewPage(ctx: PageContext): PageView {
  const { client, live } = ctx;
  let epoch: EpochView | null = null;

  const epochBody = h("div", { class: "body" });
  const countdown = h("span", { role: "timer", "data-field": "countdown" }, "");
  const tokensBody = h("div", { class: "body" });
  const rolesBody = h("div", { class: "body" });
  const nodesBody = h("div", { class: "body" });
  const blocksBody = h("div", { class: "body" });

  // The feed is filled from the live subscription, not by refresh.
  const feedList = h("ol", { class: "feed", "aria-label": "latest events, newest first" });
  const feedStatus = h("span", { class: "status", "data-field": "feed-status" }, STATUS_TEXT[live.status()]);
  const pause = h("button", { type: "button", "aria-pressed": "false" }, "Pause");
  let paused = false;
  const fillFeed = () => {
    feedStatus.textContent = STATUS_TEXT[live.status()];
    feedStatus.dataset.status = live.status();
    if (paused) return;
    const records = live.recent();
    feedList.replaceChildren(...records.map(eventLine));
    if (records.length === 0) feedList.append(h("li", { class: "empty" }, "Waiting for the next block…"));
  };
  pause.addEventListener("click", () => {
    paused = !paused;
    pause.setAttribute("aria-pressed", String(paused));
    pause.textContent = paused ? "Resume" : "Pause";
    fillFeed();
  });
  let feedQueued = false;
  const stopListening = live.listen(() => {
    if (feedQueued) return;
    feedQueued = true;
    // One repaint per frame however fast the blocks come.
    requestAnimationFrame(() => {
      feedQueued = false;
      fillFeed();
    });
  });
  ctx.signal.addEventListener("abort", stopListening, { once: true });
  fillFeed();

  const tick = () => {
    if (epoch !== null) countdown.textContent = countdownText(epoch, Date.now());
  };

  async function refresh(): Promise<void> {
    const [epochView, nodes, current, proposed, latest] = await Promise.all([
      client.getEpoch(),
      client.listNodes(),
      client.getTable("current"),
      client.getTable("proposed"),
      client.getLatestBlock(),
    ]);
    const from = Math.max(0, latest.height - BLOCKS_SHOWN + 1);
    const blocks = (await client.listBlocks({ from, limit: BLOCKS_SHOWN })).blocks;
    epoch = epochView;
    tick();
    epochBody.replaceChildren(renderEpoch(epochView, countdown));
    tokensBody.replaceChildren(renderTokens(epochView));
    const byId = new Map(nodes.nodes.map((node) => [node.id, node]));
    const currentIds = new Set(current.nodeIds);
    const proposedIds = new Set(proposed.nodeIds);
    rolesBody.replaceChildren(renderRoleTotals(epochView, byId, currentIds, proposedIds));
    nodesBody.replaceChildren(...renderNodesByRole(byId, currentIds, proposedIds));
    blocksBody.replaceChildren(renderBlocks(blocks));
  }

  return {
    title: "Overview",
    content: [
      section("Epoch", epochBody),
      section("Tokens", tokensBody),
      section("Identity table by role", rolesBody),
      section("Staking nodes by role", nodesBody),
      h(
        "div",
        { class: "pair" },
        section("Live events", h("p", { class: "feed-controls" }, "Stream: ", feedStatus, " ", pause), feedList),
        section("Latest blocks", blocksBody),
      ),
    ],
    refresh,
    // Every block can change the totals or the blocks list. The overview reads every node (`GET /v1/nodes`): at
    // most every 2 s, however fast blocks come.
    relevant: (_record: EventRecord) => true,
    minRefreshMs: 2_000,
    tick,
  };
}

function renderEpoch(epoch: EpochView, countdown: HTMLElement): HTMLElement {
  return h(
    "div",
    null,
    facts(
      [
        ["Epoch", h("span", { "data-field": "epoch-counter" }, String(epoch.counter))],
        ["Phase", h("span", { "data-field": "phase" }, phaseName(epoch.phase))],
        ["Countdown", countdown],
        ["Schedule", epoch.mode],
      ],
      "cards",
    ),
    facts([
      ["Started", time(epoch.startedAt)],
      ["Staking auction ends", time(epoch.stakingAuctionEndsAt)],
      ["Setup ends", time(epoch.setupEndsAt)],
      ["Epoch ends", time(epoch.epochEndsAt)],
      ["Staking enabled", yesNo(epoch.stakingEnabled)],
    ]),
  );
}

function renderTokens(epoch: EpochView): HTMLElement {
  const pending = epoch.pendingRewards;
  return h(
    "div",
    null,
    facts(
      [
        ["Epoch payout", h("span", { "data-field": "payout" }, amount(epoch.payout))],
        ["Total staked", h("span", { "data-field": "total-staked" }, amount(epoch.totalStaked))],
        ["Total supply", h("span", { "data-field": "total-supply" }, amount(epoch.totalSupply))],
        ["Fee vault", h("span", { "data-field": "fee-vault" }, amount(epoch.feeVault))],
      ],
      "cards",
    ),
    facts([
      [
        "Pending rewards",
        pending === null
          ? "none calculated"
          : h(
              "span",
              null,
              amount(pending.totalRewards),
              ` for epoch ${pending.epochCounter}, ${pending.paid ? "paid" : "not paid yet"}`,
            ),
      ],
      [
        "Automatic rewards",
        epoch.automaticRewards.enabled
          ? `on: supply increase ${epoch.automaticRewards.supplyIncreasePercentage}, bonus tokens ${epoch.automaticRewards.bonusTokens}`
          : "off",
      ],
    ]),
  );
}

function countByRole(ids: ReadonlySet<string>, byId: ReadonlyMap<string, NodeInfo>, role: number): number {
  let count = 0;
  for (const id of ids) if (byId.get(id)?.role === role) count += 1;
  return count;
}

function renderRoleTotals(
  epoch: EpochView,
  byId: ReadonlyMap<string, NodeInfo>,
  current: ReadonlySet<string>,
  proposed: ReadonlySet<string>,
): HTMLElement {
  const rows = ROLES.map((role) => [
    roleName(role),
    h("span", { "data-field": `current-count-${role}` }, String(countByRole(current, byId, role))),
    String(countByRole(proposed, byId, role)),
    h("span", { "data-field": `staked-role-${role}` }, amount(epoch.totalStakedByRole[String(role) as RoleKey])),
  ]);
  rows.push([h("strong", null, "all roles"), String(current.size), String(proposed.size), amount(epoch.totalStaked)]);
  return table(
    "Nodes in the current and proposed identity tables, and the tokens staked, by role. Access nodes' stake is not counted in the total.",
    [
      { label: "Role" },
      { label: "Current", numeric: true },
      { label: "Proposed", numeric: true },
      { label: "Total staked", numeric: true },
    ],
    rows,
    "",
  );
}

function renderNodesByRole(
  byId: ReadonlyMap<string, NodeInfo>,
  current: ReadonlySet<string>,
  proposed: ReadonlySet<string>,
): HTMLElement[] {
  const listed = [...byId.values()];
  if (listed.length === 0) return [h("p", { class: "empty" }, "No staking node yet.")];
  return ROLES.flatMap((role) => {
    const nodes = listed.filter((node) => node.role === role);
    if (nodes.length === 0) return [];
    const inCurrent = nodes.filter((node) => current.has(node.id)).length;
    const inProposed = nodes.filter((node) => proposed.has(node.id)).length;
    return [
      h(
        "details",
        { open: nodes.length <= 20 },
        h(
          "summary",
          null,
          `${roleName(role)} · ${nodes.length} node${nodes.length === 1 ? "" : "s"} · ${inCurrent} current · ${inProposed} proposed`,
        ),
        table(
          `${roleName(role)} nodes`,
          [
            { label: "Node" },
            { label: "Current" },
            { label: "Proposed" },
            { label: "Staked", numeric: true },
            { label: "Committed", numeric: true },
            { label: "Delegators", numeric: true },
          ],
          nodes.map((node) => [
            nodeLink(node.id),
            yesNo(current.has(node.id)),
            yesNo(proposed.has(node.id)),
            amount(node.tokensStaked),
            amount(node.tokensCommitted),
            String(node.delegators.length),
          ]),
          "",
        ),
      ),
    ];
  });
}

function renderBlocks(blocks: readonly BlockHeader[]): HTMLElement {
  return table(
    "The latest blocks, newest first",
    [
      { label: "Height", numeric: true },
      { label: "Time (UTC)" },
      { label: "Transactions", numeric: true },
      { label: "Events", numeric: true },
      { label: "Hash" },
    ],
    [...blocks]
      .reverse()
      .map((block) => [
        String(block.height),
        h(
          "time",
          { datetime: new Date(block.timestamp).toISOString(), title: timeText(block.timestamp) },
          timeText(block.timestamp).slice(11, 19),
        ),
        String(block.transactionCount),
        String(block.eventCount),
        h("code", { title: block.hash }, shortId(block.hash)),
      ]),
    "No blocks yet.",
  );
}
