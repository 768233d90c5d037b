/** The shape of slashing (docs/pools-and-slashing.md "Slashing"). */
import type { Amount } from "../amount.js";
import type { DelegatorId, NodeId } from "../ids.js";

export type CaseId = number;

export type Vote = "yes" | "no";

export type CaseStatus = "open" | "adjudicated" | "expired";

export interface SlashingCase {
  readonly id: CaseId;
  readonly opener: NodeId;
  readonly accused: NodeId;
  readonly evidenceHash: string;
  /** A fraction: 0 < fine ≤ the maximum slash fraction in force when the case was opened. */
  readonly fine: Amount;
  readonly openedEpoch: number;
  /** The case expires when this epoch begins, unless adjudicated before. */
  readonly expiresAtEpoch: number;
  /** Voter → vote, in the order the votes were cast. */
  votes: Map<NodeId, Vote>;
  status: CaseStatus;
  /** The epoch in which the case was adjudicated or expired; null while open. */
  closedEpoch: number | null;
  /** What the fine burned (0 unless adjudicated). */
  totalBurned: Amount;
}

export interface SlashingState {
  /** Every case ever opened, by ID (cases are never deleted); iteration order is ID order. */
  cases: Map<CaseId, SlashingCase>;
  nextCaseId: CaseId;
  /** The largest fine a new case may ask, a fraction 0 ≤ max ≤ 1. */
  maxSlashFraction: Amount;
  /** How many epochs a case stays open: it expires at the start of epoch `opened + caseEpochs`. */
  caseEpochs: number;
  /** Whether a slash also takes from the accused node's delegators (and the pools holding them). */
  slashDelegators: boolean;
}

/** What a fine took from one record. */
export interface SlashedAmounts {
  fromStaked: Amount;
  /** The part of `fromStaked` that was requested to unstake: how much the request shrank. */
  fromRequested: Amount;
  fromUnstaking: Amount;
}

export type SlashingEvent =
  | {
      type: "SlashingCaseOpened";
      caseId: CaseId;
      opener: NodeId;
      accused: NodeId;
      evidenceHash: string;
      fine: Amount;
      expiresAtEpoch: number;
    }
  | { type: "SlashingVoteCast"; caseId: CaseId; voter: NodeId; vote: Vote }
  | ({ type: "NodeSlashed"; caseId: CaseId; nodeID: NodeId } & SlashedAmounts & { amount: Amount })
  | ({ type: "DelegatorSlashed"; caseId: CaseId; nodeID: NodeId; delegatorID: DelegatorId } & SlashedAmounts & {
        amount: Amount;
      })
  | { type: "SlashingCaseAdjudicated"; caseId: CaseId; accused: NodeId; totalBurned: Amount }
  | { type: "SlashingCaseExpired"; caseId: CaseId; accused: NodeId }
  | { type: "SlashingParamsChanged"; maxSlashFraction: Amount; caseEpochs: number; slashDelegators: boolean };
