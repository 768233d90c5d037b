/**
 * The slashing routes' answers: the core's `slashing_case` views written as the API's JSON (amounts as 8-decimal
 * strings), one case or all of them. They read the live state and never change it.
 */
import { formatAmount } from "../../core/amount.js";
import {
  type CaseStatus,
  runSlashingQuery,
  type SlashingCaseView,
  slashingCaseViews,
} from "../../core/slashing/index.js";
import type { LedgerState } from "../../core/state.js";
import type { SlashingCase } from "./pool-schemas.js";

export function caseJson(view: SlashingCaseView): SlashingCase {
  return {
    caseId: view.caseId,
    opener: view.opener,
    accused: view.accused,
    evidenceHash: view.evidenceHash,
    fine: formatAmount(view.fine),
    status: view.status,
    openedEpoch: view.openedEpoch,
    expiresAtEpoch: view.expiresAtEpoch,
    closedEpoch: view.closedEpoch,
    totalBurned: formatAmount(view.totalBurned),
    votes: view.votes.map((v) => ({ nodeId: v.nodeId, vote: v.vote })),
    yesStake: formatAmount(view.yesStake),
    totalStake: formatAmount(view.totalStake),
  };
}

/** `GET /v1/slashing/cases/{caseId}`: the `slashing_case` query's answer. */
export function slashingCase(state: LedgerState, caseId: number): SlashingCase {
  return caseJson(runSlashingQuery(state, { query: "slashing_case", caseId }));
}

/** `GET /v1/slashing/cases?status=`: every case (with that status), by case ID, each as `slashing_case` answers. */
export function slashingCaseList(state: LedgerState, status: CaseStatus | undefined): { cases: SlashingCase[] } {
  return { cases: slashingCaseViews(state, status).map(caseJson) };
}
