/** Running a parsed plan on a fresh in-memory ledger, one outcome per step (plan-format.md "Output"). */

import type { Amount } from "../core/amount.js";
import { ensureAccount } from "../core/balances.js";
import { type ErrorCode, isLedgerError } from "../core/errors.js";
import type { LedgerEvent } from "../core/events.js";
import type { AccountId } from "../core/ids.js";
import type { NodeKeyVerifier } from "../core/keys.js";
import { apply, type OperationResult } from "../core/operations.js";
import { type QueryValue, runQuery } from "../core/queries.js";
import { createLedger, type LedgerState } from "../core/state.js";
import type { Plan, PlanStep } from "./plan.js";

const ADMIN = "admin" as AccountId;

export type StepOutcome =
  | {
      step: number;
      op: string;
      label?: string;
      ok: true;
      result: OperationResult;
      events: LedgerEvent[];
    }
  | { step: number; query: string; label?: string; ok: true; result: QueryValue }
  | {
      step: number;
      op?: string;
      query?: string;
      label?: string;
      ok: false;
      error: { code: ErrorCode; message: string };
    };

export interface SimulationOptions {
  /** Needed for plans in `"full"` key-validation mode. */
  verifier?: NodeKeyVerifier | undefined;
}

export function createPlanLedger(plan: Plan): LedgerState {
  const { params } = plan;
  return createLedger({
    admin: ADMIN,
    keyValidation: params.keyValidation,
    seed: params.seed,
    epochTokenPayout: params.epochTokenPayout,
    rewardCut: params.rewardCutPercentage,
    minimumStakes: params.minimumStakes,
    delegatorMinimum: params.delegatorMinimum,
    candidateNodeLimits: params.candidateNodeLimits,
    slotLimits: params.slotLimits,
    accounts: plan.accounts,
  });
}

/** The accounts a step names (decisions.md D3): they exist before the step runs. */
function namedAccounts(step: PlanStep): AccountId[] {
  if (step.kind === "query") {
    const names = step.signer === undefined ? [] : [step.signer];
    if (step.query.query === "balance" || step.query.query === "pool_member") names.push(step.query.account);
    return names;
  }
  const names: AccountId[] = step.explicitSigner ? [step.signer] : [];
  const operation = step.operation;
  if (operation.op === "transfer_node" || operation.op === "transfer_delegator") names.push(operation.to);
  if (operation.op === "fund") names.push(operation.account);
  return names;
}

/** Creates the accounts the step names (decisions.md D3). `runStep` does this itself. */
export function prepareStep(state: LedgerState, step: PlanStep, defaultBalance: Amount): void {
  for (const name of namedAccounts(step)) ensureAccount(state, name, defaultBalance);
}

export function runStep(
  state: LedgerState,
  step: PlanStep,
  defaultBalance: Amount,
  options: SimulationOptions = {},
): StepOutcome {
  prepareStep(state, step, defaultBalance);
  const label = step.label === undefined ? {} : { label: step.label };
  if (step.kind === "query") {
    const head = { step: step.index, query: step.query.query, ...label };
    try {
      return { ...head, ok: true, result: runQuery(state, step.query) };
    } catch (error) {
      return refused(head, error);
    }
  }
  const head = { step: step.index, op: step.operation.op, ...label };
  try {
    const applied = apply(state, step.signer, step.operation, { verifier: options.verifier });
    return { ...head, ok: true, result: applied.result, events: applied.events };
  } catch (error) {
    return refused(head, error);
  }
}

/** A refusal becomes an outcome; anything else is a bug and propagates. */
function refused(head: { step: number; op?: string; query?: string; label?: string }, error: unknown): StepOutcome {
  if (!isLedgerError(error)) throw error;
  return { ...head, ok: false, error: { code: error.code, message: error.message } };
}

/** Runs every step in order; refused steps are outcomes, not exceptions. */
export function runPlan(plan: Plan, options: SimulationOptions = {}): { state: LedgerState; outcomes: StepOutcome[] } {
  const state = createPlanLedger(plan);
  const outcomes = plan.steps.map((step) => runStep(state, step, plan.params.defaultBalance, options));
  return { state, outcomes };
}
