/**
 * Slashing: the entry points the rest of the core calls (operations, queries, events, epoch expiry, snapshot and
 * digest). docs/pools-and-slashing.md is the specification.
 */
import type { Amount } from "../amount.js";
import type { Arguments } from "../arguments.js";
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import type { EventLog } from "../events.js";
import type { NodeId } from "../ids.js";
import type { LedgerState } from "../state.js";
import type { CaseId, SlashingState } from "./types.js";

export type { CaseId, SlashingCase, SlashingState } from "./types.js";

export const DEFAULT_MAX_SLASH_FRACTION = 50_000_000n as Amount; // 0.5
export const DEFAULT_CASE_EPOCHS = 2;

export type SlashingOperation =
  | { op: "open_slashing_case"; nodeId: string; accused: string; evidenceHash: string; fine: Amount }
  | { op: "vote_on_slashing_case"; caseId: CaseId; nodeId: string; vote: "yes" | "no"; signature: string }
  | { op: "set_slashing_params"; maxSlashFraction: Amount; caseEpochs: number; slashDelegators: boolean };

export const SLASHING_OPERATIONS = [
  "open_slashing_case",
  "vote_on_slashing_case",
  "set_slashing_params",
] as const satisfies readonly SlashingOperation["op"][];

export const SLASHING_ADMIN_OPERATIONS = ["set_slashing_params"] as const satisfies readonly SlashingOperation["op"][];

export type SlashingEvent = {
  type: "SlashingCaseOpened";
  caseId: CaseId;
  opener: NodeId;
  accused: NodeId;
  evidenceHash: string;
  fine: Amount;
};

export const SLASHING_EVENT_TYPES = ["SlashingCaseOpened"] as const satisfies readonly SlashingEvent["type"][];

export type SlashingQuery = { query: "slashing_case"; caseId: CaseId };

export const SLASHING_QUERY_NAMES = ["slashing_case"] as const satisfies readonly SlashingQuery["query"][];

export function createSlashingState(): SlashingState {
  return {
    cases: new Map(),
    nextCaseId: 1,
    maxSlashFraction: DEFAULT_MAX_SLASH_FRACTION,
    caseEpochs: DEFAULT_CASE_EPOCHS,
    slashDelegators: true,
  };
}

export function isSlashingOperationName(name: string): name is SlashingOperation["op"] {
  return (SLASHING_OPERATIONS as readonly string[]).includes(name);
}

export function readSlashingOperation(type: SlashingOperation["op"], _a: Arguments): SlashingOperation {
  throw new LedgerError("UNKNOWN_TRANSACTION_TYPE", `slashing operation ${type} is not available yet`, { type });
}

export function applySlashingOperation(_ctx: OperationContext, operation: SlashingOperation): unknown {
  throw new LedgerError("UNKNOWN_TRANSACTION_TYPE", `slashing operation ${operation.op} is not available yet`);
}

export function readSlashingQuery(name: SlashingQuery["query"], _a: Arguments): SlashingQuery {
  throw new LedgerError("INVALID_ARGUMENT", `slashing query ${name} is not available yet`, { field: "query" });
}

export function runSlashingQuery(_state: LedgerState, query: SlashingQuery): unknown {
  throw new LedgerError("INVALID_ARGUMENT", `slashing query ${query.query} is not available yet`, { field: "query" });
}

/** At an epoch boundary: open cases whose time is up expire. */
export function expireSlashingCases(_state: LedgerState, _events: EventLog): void {}

export function encodeSlashing(state: LedgerState): unknown {
  const s = state.slashing;
  return {
    nextCaseId: s.nextCaseId,
    maxSlashFraction: s.maxSlashFraction.toString(),
    caseEpochs: s.caseEpochs,
    slashDelegators: s.slashDelegators,
  };
}

export function decodeSlashing(value: unknown): SlashingState {
  const data = (value ?? {}) as Partial<{
    nextCaseId: number;
    maxSlashFraction: string;
    caseEpochs: number;
    slashDelegators: boolean;
  }>;
  return {
    ...createSlashingState(),
    nextCaseId: data.nextCaseId ?? 1,
    maxSlashFraction: BigInt(data.maxSlashFraction ?? DEFAULT_MAX_SLASH_FRACTION) as Amount,
    caseEpochs: data.caseEpochs ?? DEFAULT_CASE_EPOCHS,
    slashDelegators: data.slashDelegators ?? true,
  };
}

export function slashingDigestText(state: LedgerState): string {
  const s = state.slashing;
  return `slashing ${s.nextCaseId} ${s.maxSlashFraction} ${s.caseEpochs} ${s.slashDelegators}\n`;
}
