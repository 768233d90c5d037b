/**
 * Test-only builders for slashing: a format-mode ledger in epoch 1 with staked consensus nodes and an accused node
 * with delegators, and short helpers to open cases and vote. Free of test-runner imports, like `../test-fixtures.ts`.
 */
import { parseAmount } from "../amount.js";
import type { AccountId, NodeId } from "../ids.js";
import type { NodeKeyVerifier } from "../keys.js";
import type { Applied } from "../operations.js";
import { apply } from "../operations.js";
import type { LedgerState } from "../state.js";
import { ALICE, BOB, CAROL, endEpoch, newLedger, nodeId, registerDelegator, registerNode } from "../test-fixtures.js";
import type { CaseId, Vote } from "./types.js";

/** A syntactically valid vote signature for `"format"` mode (96 lowercase hex characters). */
export const FORMAT_SIGNATURE = "ab".repeat(48);
export const EVIDENCE = "e7".repeat(32);

export interface WorldOptions {
  /** Stakes of the consensus nodes 1, 2, 3, … (owned by alice). Default three of 500,000. */
  consensus?: string[];
  /** Delegations to consensus node 2 (owned by carol). Default none. */
  consensusDelegators?: string[];
  /** The accused, node 10 (role 1, owned by bob): its stake and its delegators' (owned by carol). */
  accusedStake?: string;
  accusedDelegators?: string[];
  delegatorMinimum?: string;
}

export interface World {
  ledger: LedgerState;
  consensus: NodeId[];
  accused: NodeId;
}

export const ACCUSED = nodeId(10);

/** Registers everything in the auction of epoch 0, then ends the epoch with every node approved: epoch 1. */
export function slashingWorld(options: WorldOptions = {}): World {
  const ledger = newLedger(
    options.delegatorMinimum === undefined ? {} : { delegatorMinimum: parseAmount(options.delegatorMinimum) },
  );
  const consensus = (options.consensus ?? ["500000", "500000", "500000"]).map((stake, i) =>
    registerNode(ledger, ALICE, i + 1, 2, stake),
  );
  const second = consensus[1];
  for (const amount of options.consensusDelegators ?? []) {
    if (second === undefined) throw new Error("test setup: consensus delegators need a second consensus node");
    registerDelegator(ledger, CAROL, second, amount);
  }
  const accused = registerNode(ledger, BOB, 10, 1, options.accusedStake ?? "300000");
  for (const amount of options.accusedDelegators ?? []) registerDelegator(ledger, CAROL, accused, amount);
  endEpoch(ledger, [...consensus, accused]);
  return { ledger, consensus, accused };
}

/** Opens a case by `opener` (owned by alice) against `accused`; returns its ID. */
export function openCase(
  ledger: LedgerState,
  opener: NodeId,
  accused: NodeId,
  fine = "0.1",
  signer: AccountId = ALICE,
): CaseId {
  const { result } = apply(ledger, signer, {
    op: "open_slashing_case",
    nodeId: opener,
    accused,
    evidenceHash: EVIDENCE,
    fine: parseAmount(fine),
  });
  if (result === null || !("caseId" in result)) throw new Error("open_slashing_case returned no case ID");
  return result.caseId;
}

/** A vote by `voter` (owned by alice unless `signer` says otherwise) with a format-mode signature. */
export function vote(
  ledger: LedgerState,
  caseId: CaseId,
  voter: NodeId,
  choice: Vote = "yes",
  options: { signer?: AccountId; signature?: string; verifier?: NodeKeyVerifier } = {},
): Applied {
  return apply(
    ledger,
    options.signer ?? ALICE,
    {
      op: "vote_on_slashing_case",
      caseId,
      nodeId: voter,
      vote: choice,
      signature: options.signature ?? FORMAT_SIGNATURE,
    },
    { verifier: options.verifier },
  );
}

export function isAdjudicated(applied: Applied): boolean {
  return applied.result !== null && "adjudicated" in applied.result && applied.result.adjudicated;
}
