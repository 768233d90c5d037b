/**
 * Votes (docs/pools-and-slashing.md "Votes", "Adjudication"): who may vote, the message a vote signs, and the
 * adjudication that a yes vote may trigger. Every check — the BLS signature last, as the most expensive — runs
 * before anything changes (decisions D20, D21).
 */
import { type Amount, formatAmount } from "../amount.js";
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import { isLowercaseHex } from "../ids.js";
import { requireNodeOperator } from "../staking/records.js";
import type { NodeRecord } from "../state.js";
import { requireCase, requireOpenCase } from "./cases.js";
import { isSupermajority, requireStakedConsensusNode, tally } from "./consensus.js";
import { applyFine } from "./fine.js";
import type { CaseId, SlashingCase, Vote } from "./types.js";

/** The KMAC128 domain tag of vote signatures (Flow's signature ciphersuite, `BLS_SIG_CIPHERSUITE`). */
export const SLASHING_VOTE_TAG = "FLOWSTAKE-V1-SLASHING-VOTE";

/** A vote signature: a compressed G1 point, 48 bytes. */
export const VOTE_SIGNATURE_HEX_LENGTH = 96;

/** What a vote is about: the case's identifying fields and the vote. */
export interface VoteSubject {
  readonly caseId: CaseId;
  readonly accused: string;
  readonly evidenceHash: string;
  readonly fine: Amount;
  readonly vote: Vote;
}

/**
 * The canonical JSON a vote signs: keys sorted, no spaces, the case ID as a JSON integer and the fine as an
 * 8-decimal string, e.g. `{"accused":"…","caseId":1,"evidenceHash":"…","fine":"0.10000000","vote":"yes"}`.
 */
export function slashingVoteText(subject: VoteSubject): string {
  return JSON.stringify({
    accused: subject.accused,
    caseId: subject.caseId,
    evidenceHash: subject.evidenceHash,
    fine: formatAmount(subject.fine),
    vote: subject.vote,
  });
}

/** The UTF-8 bytes a voter signs with its staking key under `SLASHING_VOTE_TAG` (clients use this to sign). */
export function slashingVoteMessage(subject: VoteSubject): Uint8Array {
  return new TextEncoder().encode(slashingVoteText(subject));
}

export interface VoteArgs {
  caseId: CaseId;
  nodeId: string;
  vote: Vote;
  signature: string;
}

/**
 * `vote_on_slashing_case`: the voter (`nodeId`) is a staked consensus node whose handle the signer holds, not the
 * accused, and has not voted on this open case; its signature verifies (or, in `"format"` mode, has the shape of
 * one). A yes vote that brings the case past two thirds of the consensus stake applies the fine at once.
 */
export function voteOnSlashingCase(ctx: OperationContext, args: VoteArgs): { caseId: CaseId; adjudicated: boolean } {
  const { state, events } = ctx;
  const voter = requireNodeOperator(ctx, args.nodeId);
  const slashingCase = requireCase(state, args.caseId);
  requireOpenCase(slashingCase);
  if (voter.id === slashingCase.accused) {
    throw new LedgerError("CANNOT_VOTE_ON_OWN_CASE", `node ${voter.id} is the accused of case ${slashingCase.id}`, {
      caseId: slashingCase.id,
      nodeId: voter.id,
    });
  }
  requireStakedConsensusNode(state, voter, "vote on a slashing case");
  const previous = slashingCase.votes.get(voter.id);
  if (previous !== undefined) {
    throw new LedgerError("ALREADY_VOTED", `node ${voter.id} already voted ${previous} on case ${slashingCase.id}`, {
      caseId: slashingCase.id,
      nodeId: voter.id,
    });
  }
  checkSignature(ctx, voter, slashingCase, args);

  slashingCase.votes.set(voter.id, args.vote);
  events.push({ type: "SlashingVoteCast", caseId: slashingCase.id, voter: voter.id, vote: args.vote });
  if (args.vote !== "yes" || !isSupermajority(tally(state, slashingCase))) {
    return { caseId: slashingCase.id, adjudicated: false };
  }
  applyFine(state, events, slashingCase);
  return { caseId: slashingCase.id, adjudicated: true };
}

/** 96 lowercase hex characters in both modes; in `"full"` mode a BLS signature by the voter's staking key too. */
function checkSignature(ctx: OperationContext, voter: NodeRecord, slashingCase: SlashingCase, args: VoteArgs): void {
  const details = { caseId: slashingCase.id, nodeId: voter.id };
  if (!isLowercaseHex(args.signature, VOTE_SIGNATURE_HEX_LENGTH)) {
    throw new LedgerError(
      "INVALID_VOTE_SIGNATURE",
      `a vote signature must be ${VOTE_SIGNATURE_HEX_LENGTH} lowercase hex characters`,
      details,
    );
  }
  if (ctx.state.keyValidation !== "full") return;
  const verifier = ctx.verifier;
  if (verifier === undefined) throw new Error("full key validation needs a NodeKeyVerifier");
  const message = slashingVoteMessage({
    caseId: slashingCase.id,
    accused: slashingCase.accused,
    evidenceHash: slashingCase.evidenceHash,
    fine: slashingCase.fine,
    vote: args.vote,
  });
  if (!verifier.verifyStakingSignature(voter.stakingKey, args.signature, message, SLASHING_VOTE_TAG)) {
    throw new LedgerError(
      "INVALID_VOTE_SIGNATURE",
      `the vote signature does not verify for the staking key of node ${voter.id}`,
      details,
    );
  }
}
