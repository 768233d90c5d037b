/**
 * Slashing state in snapshots (JSON-ready data and back) and in the state hash (text lines). Cases are few — slashing
 * is for the most serious attacks — so they are part of the hash's small global section; a closed case never
 * changes again, so its lines are computed once per case object.
 */
import type { Amount } from "../amount.js";
import { isJsonObject } from "../arguments.js";
import type { NodeId } from "../ids.js";
import type { LedgerState } from "../state.js";
import type { CaseStatus, SlashingCase, SlashingState, Vote } from "./types.js";

export const DEFAULT_MAX_SLASH_FRACTION = 50_000_000n as Amount; // 0.5
export const DEFAULT_CASE_EPOCHS = 2;

export function createSlashingState(): SlashingState {
  return {
    cases: new Map(),
    nextCaseId: 1,
    maxSlashFraction: DEFAULT_MAX_SLASH_FRACTION,
    caseEpochs: DEFAULT_CASE_EPOCHS,
    slashDelegators: true,
  };
}

interface CaseData {
  id: number;
  opener: string;
  accused: string;
  evidenceHash: string;
  fine: string;
  openedEpoch: number;
  expiresAtEpoch: number;
  status: CaseStatus;
  closedEpoch: number | null;
  totalBurned: string;
  votes: [string, Vote][];
}

export function encodeSlashing(state: LedgerState): unknown {
  const s = state.slashing;
  const cases: CaseData[] = [...s.cases.values()].map((c) => ({
    id: c.id,
    opener: c.opener,
    accused: c.accused,
    evidenceHash: c.evidenceHash,
    fine: c.fine.toString(),
    openedEpoch: c.openedEpoch,
    expiresAtEpoch: c.expiresAtEpoch,
    status: c.status,
    closedEpoch: c.closedEpoch,
    totalBurned: c.totalBurned.toString(),
    votes: [...c.votes],
  }));
  return {
    nextCaseId: s.nextCaseId,
    maxSlashFraction: s.maxSlashFraction.toString(),
    caseEpochs: s.caseEpochs,
    slashDelegators: s.slashDelegators,
    cases,
  };
}

function bad(what: string): never {
  throw new Error(`snapshot: bad slashing ${what}`);
}

function integer(value: unknown, what: string): number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : bad(what);
}

function text(value: unknown, what: string): string {
  return typeof value === "string" ? value : bad(what);
}

function amount(value: unknown, what: string): Amount {
  return typeof value === "string" && /^[0-9]+$/.test(value) ? (BigInt(value) as Amount) : bad(what);
}

function status(value: unknown): CaseStatus {
  return value === "open" || value === "adjudicated" || value === "expired" ? value : bad("case status");
}

function vote(entry: unknown): [NodeId, Vote] {
  if (!Array.isArray(entry) || entry.length !== 2) bad("vote");
  const [voter, choice] = entry as unknown[];
  if (choice !== "yes" && choice !== "no") bad("vote");
  return [text(voter, "voter") as NodeId, choice];
}

function decodeCase(value: unknown): SlashingCase {
  if (!isJsonObject(value)) bad("case");
  const votes = value.votes;
  if (!Array.isArray(votes)) bad("votes");
  return {
    id: integer(value.id, "case ID"),
    opener: text(value.opener, "opener") as NodeId,
    accused: text(value.accused, "accused") as NodeId,
    evidenceHash: text(value.evidenceHash, "evidence hash"),
    fine: amount(value.fine, "fine"),
    openedEpoch: integer(value.openedEpoch, "opened epoch"),
    expiresAtEpoch: integer(value.expiresAtEpoch, "expiry epoch"),
    status: status(value.status),
    closedEpoch: value.closedEpoch === null ? null : integer(value.closedEpoch, "closed epoch"),
    totalBurned: amount(value.totalBurned, "total burned"),
    votes: new Map(votes.map(vote)),
  };
}

/** Reads what `encodeSlashing` wrote; a snapshot without slashing data decodes to the defaults. */
export function decodeSlashing(value: unknown): SlashingState {
  const state = createSlashingState();
  if (value === undefined || value === null) return state;
  if (!isJsonObject(value)) bad("state");
  if (value.nextCaseId !== undefined) state.nextCaseId = integer(value.nextCaseId, "next case ID");
  if (value.maxSlashFraction !== undefined) state.maxSlashFraction = amount(value.maxSlashFraction, "maximum fine");
  if (value.caseEpochs !== undefined) state.caseEpochs = integer(value.caseEpochs, "case epochs");
  if (value.slashDelegators !== undefined) {
    if (typeof value.slashDelegators !== "boolean") bad("slashDelegators");
    state.slashDelegators = value.slashDelegators;
  }
  const cases = value.cases ?? [];
  if (!Array.isArray(cases)) bad("cases");
  for (const entry of cases) {
    const c = decodeCase(entry);
    state.cases.set(c.id, c);
  }
  return state;
}

/** Lines of a closed case, which never change again. */
const closedCaseLines = new WeakMap<SlashingCase, string>();

function caseLines(c: SlashingCase): string {
  const cached = closedCaseLines.get(c);
  if (cached !== undefined) return cached;
  let lines =
    `case ${c.id} ${c.opener} ${c.accused} ${c.evidenceHash} ${c.fine} ${c.openedEpoch} ${c.expiresAtEpoch} ` +
    `${c.status} ${c.closedEpoch ?? "-"} ${c.totalBurned}\n`;
  for (const [voter, choice] of c.votes) lines += `vote ${c.id} ${voter} ${choice}\n`;
  if (c.status !== "open") closedCaseLines.set(c, lines);
  return lines;
}

/** The slashing part of the state hash's global section: parameters, then every case with its votes in order. */
export function slashingDigestText(state: LedgerState): string {
  const s = state.slashing;
  let out = `slashing ${s.nextCaseId} ${s.maxSlashFraction} ${s.caseEpochs} ${s.slashDelegators}\n`;
  for (const c of s.cases.values()) out += caseLines(c);
  return out;
}
