/** Slashing cases, all or by status, with their tallies; and the slashing parameters. */
import type { EventRecord, SlashingCaseStatus } from "../../../src/client/index.js";
import { h } from "../dom.js";
import { EPOCH_EVENTS, type PageContext, type PageView } from "../page.js";
import { amount, facts, link, nodeLink, section, shortId, table, yesNo } from "../view.js";

const FILTERS: readonly (SlashingCaseStatus | undefined)[] = [undefined, "open", "adjudicated", "expired"];
const SLASHING_EVENTS = new Set([
  "SlashingCaseOpened",
  "SlashingVoteCast",
  "SlashingCaseAdjudicated",
  "SlashingCaseExpired",
  "SlashingParamsChanged",
]);

export function slashingPage(ctx: PageContext, status: SlashingCaseStatus | undefined): PageView {
  const casesBody = h("div", { class: "body" });
  const paramsBody = h("div", { class: "body" });
  const filters = h(
    "nav",
    { class: "filters", "aria-label": "cases by status" },
    FILTERS.map((filter) => {
      const anchor = link({ page: "slashing", status: filter }, filter ?? "all");
      if (filter === status) anchor.setAttribute("aria-current", "page");
      return anchor;
    }),
  );

  async function refresh(): Promise<void> {
    const [{ cases }, params] = await Promise.all([
      ctx.client.listSlashingCases(status === undefined ? {} : { status }),
      ctx.client.getSlashingParams(),
    ]);
    casesBody.replaceChildren(
      table(
        status === undefined ? "Every slashing case" : `Slashing cases that are ${status}`,
        [
          { label: "Case", numeric: true },
          { label: "Accused" },
          { label: "Opened by" },
          { label: "Fine", numeric: true },
          { label: "Status" },
          { label: "Opened in epoch", numeric: true },
          { label: "Expires at epoch", numeric: true },
          { label: "Closed in epoch", numeric: true },
          { label: "Votes" },
          { label: "Yes stake / total stake", numeric: true },
          { label: "Burned", numeric: true },
          { label: "Evidence" },
        ],
        cases.map((slashingCase) => [
          String(slashingCase.caseId),
          nodeLink(slashingCase.accused),
          nodeLink(slashingCase.opener),
          amount(slashingCase.fine),
          slashingCase.status,
          String(slashingCase.openedEpoch),
          String(slashingCase.expiresAtEpoch),
          slashingCase.closedEpoch === null ? "—" : String(slashingCase.closedEpoch),
          slashingCase.votes.length === 0
            ? "none"
            : h(
                "ul",
                { class: "plain" },
                slashingCase.votes.map((vote) => h("li", null, nodeLink(vote.nodeId), ` ${vote.vote}`)),
              ),
          h("span", null, amount(slashingCase.yesStake), " / ", amount(slashingCase.totalStake)),
          amount(slashingCase.totalBurned),
          h("code", { title: slashingCase.evidenceHash }, shortId(slashingCase.evidenceHash)),
        ]),
        "No cases.",
      ),
    );
    paramsBody.replaceChildren(
      facts([
        ["Largest fine", amount(params.maxSlashFraction)],
        ["A case stays open for", `${params.caseEpochs} epoch${params.caseEpochs === 1 ? "" : "s"}`],
        ["Fines reach delegators", yesNo(params.slashDelegators)],
      ]),
    );
  }

  return {
    title: "Slashing cases",
    content: [section("Cases", filters, casesBody), section("Parameters", paramsBody)],
    refresh,
    relevant: (record: EventRecord) => SLASHING_EVENTS.has(record.event.type) || EPOCH_EVENTS.has(record.event.type),
  };
}
