/**
 * Slashing cases (docs/pools-and-slashing.md "Cases"): opening one, finding one, and expiry at the epoch
 * boundary. Decisions D20 (order of checks) and D23 (what parameters a case keeps).
 */
import { type Amount, formatAmount, ZERO } from "../amount.js";
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import type { EventLog } from "../events.js";
import { isLowercaseHex } from "../ids.js";
import { requireNode, requireNodeOperator } from "../staking/records.js";
import type { LedgerState } from "../state.js";
import { requireStakedConsensusNode } from "./consensus.js";
import type { CaseId, SlashingCase } from "./types.js";

export interface OpenCaseArgs {
  nodeId: string;
  accused: string;
  evidenceHash: string;
  fine: Amount;
}

export function requireCase(state: LedgerState, caseId: CaseId): SlashingCase {
  const found = state.slashing.cases.get(caseId);
  if (found === undefined) {
    throw new LedgerError("SLASHING_CASE_NOT_FOUND", `no slashing case ${caseId}`, { caseId });
  }
  return found;
}

export function requireOpenCase(slashingCase: SlashingCase): void {
  if (slashingCase.status !== "open") {
    throw new LedgerError("SLASHING_CASE_CLOSED", `slashing case ${slashingCase.id} is ${slashingCase.status}`, {
      caseId: slashingCase.id,
      status: slashingCase.status,
    });
  }
}

/**
 * `open_slashing_case`: the opener (`nodeId`) is a staked consensus node whose handle the signer holds; the accused
 * is any other registered node. Any phase. The case expires at the start of epoch `current + caseEpochs`.
 */
export function openSlashingCase(ctx: OperationContext, args: OpenCaseArgs): { caseId: CaseId } {
  const { state, events } = ctx;
  const opener = requireNodeOperator(ctx, args.nodeId);
  requireStakedConsensusNode(state, opener, "open a slashing case");
  const accused = requireNode(state, args.accused);
  if (accused.id === opener.id) {
    throw new LedgerError("CANNOT_VOTE_ON_OWN_CASE", `node ${opener.id} cannot open a slashing case against itself`, {
      nodeId: opener.id,
    });
  }
  if (!isLowercaseHex(args.evidenceHash, 64)) {
    throw new LedgerError(
      "INVALID_EVIDENCE_HASH",
      `an evidence hash must be 64 lowercase hex characters, got ${JSON.stringify(args.evidenceHash)}`,
      { evidenceHash: args.evidenceHash },
    );
  }
  const max = state.slashing.maxSlashFraction;
  if (args.fine === 0n || args.fine > max) {
    throw new LedgerError(
      "INVALID_SLASHING_FINE",
      `a fine must be above 0 and at most ${formatAmount(max)}, got ${formatAmount(args.fine)}`,
      { fine: formatAmount(args.fine), maxSlashFraction: formatAmount(max) },
    );
  }

  const slashing = state.slashing;
  const id = slashing.nextCaseId;
  const expiresAtEpoch = state.epochCounter + slashing.caseEpochs;
  slashing.cases.set(id, {
    id,
    opener: opener.id,
    accused: accused.id,
    evidenceHash: args.evidenceHash,
    fine: args.fine,
    openedEpoch: state.epochCounter,
    expiresAtEpoch,
    votes: new Map(),
    status: "open",
    closedEpoch: null,
    totalBurned: ZERO,
  });
  slashing.nextCaseId = id + 1;
  events.push({
    type: "SlashingCaseOpened",
    caseId: id,
    opener: opener.id,
    accused: accused.id,
    evidenceHash: args.evidenceHash,
    fine: args.fine,
    expiresAtEpoch,
  });
  return { caseId: id };
}

/**
 * At an epoch boundary (the end of `moveTokens`, after the counter moved): every open case whose time is up
 * expires, in case-ID order, with `SlashingCaseExpired`. Nothing else changes.
 */
export function expireSlashingCases(state: LedgerState, events: EventLog): void {
  const epoch = state.epochCounter;
  for (const slashingCase of state.slashing.cases.values()) {
    if (slashingCase.status !== "open" || slashingCase.expiresAtEpoch > epoch) continue;
    slashingCase.status = "expired";
    slashingCase.closedEpoch = epoch;
    events.push({ type: "SlashingCaseExpired", caseId: slashingCase.id, accused: slashingCase.accused });
  }
}
