/** The `slashing_case` query: a case's fields, its votes in the order cast, and its tally as of now. */
import type { Amount } from "../amount.js";
import type { NodeId } from "../ids.js";
import type { LedgerState } from "../state.js";
import { requireCase } from "./cases.js";
import { consensusStakes, type Tally, tally, tallyWith } from "./consensus.js";
import type { CaseId, CaseStatus, SlashingCase, Vote } from "./types.js";

export interface SlashingCaseView {
  caseId: CaseId;
  opener: NodeId;
  accused: NodeId;
  evidenceHash: string;
  fine: Amount;
  status: CaseStatus;
  openedEpoch: number;
  expiresAtEpoch: number;
  closedEpoch: number | null;
  totalBurned: Amount;
  votes: { nodeId: NodeId; vote: Vote }[];
  /** Σ stake of the yes-voters that are staked consensus participants now. */
  yesStake: Amount;
  /** Σ stake of all staked consensus participants now. */
  totalStake: Amount;
}

function viewOf(c: SlashingCase, { yesStake, totalStake }: Tally): SlashingCaseView {
  return {
    caseId: c.id,
    opener: c.opener,
    accused: c.accused,
    evidenceHash: c.evidenceHash,
    fine: c.fine,
    status: c.status,
    openedEpoch: c.openedEpoch,
    expiresAtEpoch: c.expiresAtEpoch,
    closedEpoch: c.closedEpoch,
    totalBurned: c.totalBurned,
    votes: [...c.votes].map(([nodeId, vote]) => ({ nodeId, vote })),
    yesStake,
    totalStake,
  };
}

export function slashingCaseView(state: LedgerState, caseId: CaseId): SlashingCaseView {
  const c = requireCase(state, caseId);
  return viewOf(c, tally(state, c));
}

/** Every case (with `status`, if given), by case ID, as `slashing_case` answers each: the stakes are summed once. */
export function slashingCaseViews(state: LedgerState, status?: CaseStatus): SlashingCaseView[] {
  const stakes = consensusStakes(state);
  return [...state.slashing.cases.values()]
    .filter((c) => status === undefined || c.status === status)
    .sort((a, b) => a.id - b.id)
    .map((c) => viewOf(c, tallyWith(c, stakes)));
}
