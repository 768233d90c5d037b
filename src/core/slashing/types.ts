/** The shape of slashing (docs/pools-and-slashing.md "Slashing"). */
import type { Amount } from "../amount.js";
import type { NodeId } from "../ids.js";

export type CaseId = number;

export interface SlashingCase {
  readonly id: CaseId;
  readonly opener: NodeId;
  readonly accused: NodeId;
  readonly evidenceHash: string;
  /** A fraction: 0 < fine ≤ maxSlashFraction. */
  readonly fine: Amount;
  readonly openedEpoch: number;
  /** The case expires when this epoch begins. */
  readonly expiresAtEpoch: number;
  votes: Map<NodeId, "yes" | "no">;
  status: "open" | "adjudicated" | "expired";
}

export interface SlashingState {
  cases: Map<CaseId, SlashingCase>;
  nextCaseId: CaseId;
  maxSlashFraction: Amount;
  /** How many epochs a case stays open. */
  caseEpochs: number;
  /** Whether a slash also takes from the accused node's delegators (and the pools holding them). */
  slashDelegators: boolean;
}
