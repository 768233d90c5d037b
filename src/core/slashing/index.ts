/**
 * Slashing: the entry points the rest of the core calls (operations, queries, events, epoch expiry, snapshot and
 * digest). docs/pools-and-slashing.md is the specification; the rules live in the files next to this one:
 * `consensus.ts` (who counts), `cases.ts` (opening, expiry), `votes.ts` (votes, the signed message, adjudication),
 * `fine.ts` (the slash and the burn), `params.ts`, `queries.ts` and `persistence.ts`.
 */
import type { Arguments } from "../arguments.js";
import type { OperationContext } from "../context.js";
import type { LedgerState } from "../state.js";
import { type OpenCaseArgs, openSlashingCase } from "./cases.js";
import { type SlashingParamsArgs, setSlashingParams } from "./params.js";
import { type SlashingCaseView, slashingCaseView } from "./queries.js";
import type { CaseId, SlashingEvent } from "./types.js";
import { type VoteArgs, voteOnSlashingCase } from "./votes.js";

export { expireSlashingCases } from "./cases.js";
export { isStakedConsensusNode, stakeWithDelegators, type Tally, tally } from "./consensus.js";
export {
  createSlashingState,
  DEFAULT_CASE_EPOCHS,
  DEFAULT_MAX_SLASH_FRACTION,
  decodeSlashing,
  encodeSlashing,
  slashingDigestText,
} from "./persistence.js";
export type { SlashingCaseView } from "./queries.js";
export { slashingCaseViews } from "./queries.js";
export type {
  CaseId,
  CaseStatus,
  SlashedAmounts,
  SlashingCase,
  SlashingEvent,
  SlashingState,
  Vote,
} from "./types.js";
export {
  SLASHING_VOTE_TAG,
  slashingVoteMessage,
  slashingVoteText,
  VOTE_SIGNATURE_HEX_LENGTH,
  type VoteSubject,
} from "./votes.js";

export type SlashingOperation =
  | ({ op: "open_slashing_case" } & OpenCaseArgs)
  | ({ op: "vote_on_slashing_case" } & VoteArgs)
  | ({ op: "set_slashing_params" } & SlashingParamsArgs);

export const SLASHING_OPERATIONS = [
  "open_slashing_case",
  "vote_on_slashing_case",
  "set_slashing_params",
] as const satisfies readonly SlashingOperation["op"][];

export const SLASHING_ADMIN_OPERATIONS = ["set_slashing_params"] as const satisfies readonly SlashingOperation["op"][];

export const SLASHING_EVENT_TYPES = [
  "SlashingCaseOpened",
  "SlashingVoteCast",
  "NodeSlashed",
  "DelegatorSlashed",
  "SlashingCaseAdjudicated",
  "SlashingCaseExpired",
  "SlashingParamsChanged",
] as const satisfies readonly SlashingEvent["type"][];

export type SlashingQuery = { query: "slashing_case"; caseId: CaseId };

export const SLASHING_QUERY_NAMES = ["slashing_case"] as const satisfies readonly SlashingQuery["query"][];

export type SlashingResult = { caseId: CaseId } | { caseId: CaseId; adjudicated: boolean } | null;

export function isSlashingOperationName(name: string): name is SlashingOperation["op"] {
  return (SLASHING_OPERATIONS as readonly string[]).includes(name);
}

/** The operation's arguments from JSON (plan steps, transaction payloads); errors name the field. */
export function readSlashingOperation(type: SlashingOperation["op"], a: Arguments): SlashingOperation {
  switch (type) {
    case "open_slashing_case":
      return {
        op: type,
        nodeId: a.string("nodeId"),
        accused: a.string("accused"),
        evidenceHash: a.string("evidenceHash"),
        fine: a.amount("fine"),
      };
    case "vote_on_slashing_case": {
      const vote = a.string("vote");
      if (vote !== "yes" && vote !== "no") a.fail("vote", `must be "yes" or "no", got ${JSON.stringify(vote)}`);
      return {
        op: type,
        caseId: a.integer("caseId"),
        nodeId: a.string("nodeId"),
        vote,
        signature: a.string("signature"),
      };
    }
    case "set_slashing_params":
      return {
        op: type,
        maxSlashFraction: a.amount("maxSlashFraction"),
        caseEpochs: a.integer("caseEpochs"),
        slashDelegators: a.boolean("slashDelegators"),
      };
  }
}

export function applySlashingOperation(ctx: OperationContext, operation: SlashingOperation): SlashingResult {
  switch (operation.op) {
    case "open_slashing_case":
      return openSlashingCase(ctx, operation);
    case "vote_on_slashing_case":
      return voteOnSlashingCase(ctx, operation);
    case "set_slashing_params":
      return setSlashingParams(ctx, operation);
  }
}

export function readSlashingQuery(name: SlashingQuery["query"], a: Arguments): SlashingQuery {
  return { query: name, caseId: a.integer("caseId") };
}

export function runSlashingQuery(state: LedgerState, query: SlashingQuery): SlashingCaseView {
  return slashingCaseView(state, query.caseId);
}
