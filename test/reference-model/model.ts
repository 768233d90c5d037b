// Independent reference model of the staking ledger, transcribed from
// shared/spec/staking-contract.md, shared/spec/plan-format.md and docs/decisions.md only.
// It is deliberately slow and simple: plain data, bigint amounts, a deep copy of the
// whole state before every step. It exists to be compared with src/ step by step.
// Section references (§n) are to staking-contract.md, Dn to decisions.md.
// Every place where the spec left a choice open is listed in README.md (R-numbers).

import { sha3_256 } from "@noble/hashes/sha3.js";

// ───────────────────────────── §1 number model ─────────────────────────────

export const UNIT = 100_000_000n; // 10^8 units per token
export const UFIX64_MAX = 2n ** 64n - 1n;

/** A failed step: the contract aborts, the state is left as it was (plan-format "failed step"). */
export class StepError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** The plan itself is malformed (D7): nothing runs. */
export class MalformedPlanError extends Error {}

export function add(a: bigint, b: bigint): bigint {
  const r = a + b;
  if (r > UFIX64_MAX) throw new StepError("AMOUNT_OVERFLOW", `${fmt(a)} + ${fmt(b)} exceeds the UFix64 maximum`);
  return r;
}

export function sub(a: bigint, b: bigint): bigint {
  if (b > a) throw new StepError("AMOUNT_UNDERFLOW", `${fmt(a)} - ${fmt(b)} is negative`);
  return a - b;
}

/** UFix64 multiply: floor(a*b / 10^8). */
export function mul(a: bigint, b: bigint): bigint {
  const r = (a * b) / UNIT;
  if (r > UFIX64_MAX) throw new StepError("AMOUNT_OVERFLOW", `${fmt(a)} * ${fmt(b)} exceeds the UFix64 maximum`);
  return r;
}

/** UFix64 divide: floor(a*10^8 / b). */
export function div(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new StepError("DIVISION_BY_ZERO", `${fmt(a)} / 0`);
  const r = (a * UNIT) / b;
  if (r > UFIX64_MAX) throw new StepError("AMOUNT_OVERFLOW", `${fmt(a)} / ${fmt(b)} exceeds the UFix64 maximum`);
  return r;
}

export function fmt(x: bigint): string {
  return `${x / UNIT}.${(x % UNIT).toString().padStart(8, "0")}`;
}

export function parseAmount(v: unknown, where: string): bigint {
  let r: bigint;
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < 0)
      throw new MalformedPlanError(`${where}: amount must be a non-negative integer or a decimal string`);
    r = BigInt(v) * UNIT;
  } else if (typeof v === "string") {
    const m = /^([0-9]+)(?:\.([0-9]{1,8}))?$/.exec(v);
    if (m === null) throw new MalformedPlanError(`${where}: "${v}" is not a decimal amount with at most 8 decimals`);
    const whole = m[1] ?? "0";
    const frac = (m[2] ?? "").padEnd(8, "0");
    r = BigInt(whole) * UNIT + BigInt(frac);
  } else {
    throw new MalformedPlanError(`${where}: amount must be a string or an integer`);
  }
  if (r > UFIX64_MAX) throw new MalformedPlanError(`${where}: amount above the UFix64 maximum`);
  return r;
}

// ───────────────────────────── §3 data model ─────────────────────────────

export interface Pools {
  committed: bigint;
  staked: bigint;
  unstaking: bigint;
  unstaked: bigint;
  rewarded: bigint;
  requested: bigint; // tokensRequestedToUnstake, not a pool
}

export interface DelegatorRecord extends Pools {
  id: number;
}

export interface NodeRecord extends Pools {
  id: string;
  role: number;
  networkingAddress: string;
  networkingKey: string;
  stakingKey: string;
  delegators: Map<number, DelegatorRecord>;
  delegatorIDCounter: number;
  initialWeight: number;
}

export interface ModelState {
  seed: string;
  defaultBalance: bigint;
  // accounts and money (plan-format "Money flows")
  balances: Map<string, bigint>;
  feeBalance: bigint;
  totalSupply: bigint;
  nodeOwner: Map<string, string>; // nodeID -> account holding the NodeStaker handle
  delegatorOwner: Map<string, string>; // "nodeID/delegatorID" -> account holding the NodeDelegator handle
  // contract state
  nodes: Map<string, NodeRecord>;
  stakingEnabled: boolean;
  epochCounter: number; // D6
  drawCounter: number; // D2
  payout: bigint;
  cut: bigint;
  delegatorMinimum: bigint;
  minimums: Map<number, bigint>;
  candidateLimits: Map<number, number>;
  slotLimits: Map<number, number>;
  openSlots: Map<number, number>;
  roleCounts: Map<number, number>;
  totalStakedByRole: Map<number, bigint>;
  participants: Set<string>;
  approved: Set<string>;
  candidates: Map<number, Set<string>>;
  movesPending: Map<string, Set<number>>;
  nonOperational: Map<string, bigint>;
  claimedAddresses: Set<string>;
  claimedNetworkingKeys: Set<string>;
  claimedStakingKeys: Set<string>;
}

const ROLES = [1, 2, 3, 4, 5] as const;

// ───────────────────────────── plan parsing (plan-format.md, D7) ─────────────────────────────

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Event = Record<string, string | number | Record<string, string>>;

type Parsed =
  | { k: "str"; v: string }
  | { k: "int"; v: number }
  | { k: "amount"; v: bigint }
  | { k: "strs"; v: string[] }
  | { k: "roleAmounts"; v: Map<number, bigint> }
  | { k: "roleInts"; v: Map<number, number> }
  | { k: "pctMap"; v: Map<string, bigint> };

type Kind = Parsed["k"];

interface ArgDef {
  field: string;
  kind: Kind;
  optional?: boolean;
}

interface StepDef {
  admin: boolean;
  args: ArgDef[];
}

const req = (field: string, kind: Kind): ArgDef => ({ field, kind });
const opt = (field: string, kind: Kind): ArgDef => ({ field, kind, optional: true });

const NODE_VERB = [req("nodeId", "str"), opt("delegatorId", "int"), req("amount", "amount")];

const OPS: Record<string, StepDef> = {
  register_node: {
    admin: false,
    args: [
      req("nodeId", "str"),
      req("role", "int"),
      req("networkingAddress", "str"),
      req("networkingKey", "str"),
      req("stakingKey", "str"),
      opt("stakingKeyPoP", "str"),
      req("amount", "amount"),
    ],
  },
  register_delegator: { admin: false, args: [req("nodeId", "str"), req("amount", "amount")] },
  stake_new_tokens: { admin: false, args: NODE_VERB },
  stake_unstaked_tokens: { admin: false, args: NODE_VERB },
  stake_rewarded_tokens: { admin: false, args: NODE_VERB },
  request_unstaking: { admin: false, args: NODE_VERB },
  unstake_all: { admin: false, args: [req("nodeId", "str")] },
  withdraw_unstaked_tokens: { admin: false, args: NODE_VERB },
  withdraw_rewarded_tokens: { admin: false, args: NODE_VERB },
  update_networking_address: { admin: false, args: [req("nodeId", "str"), req("networkingAddress", "str")] },
  transfer_node: { admin: false, args: [req("nodeId", "str"), req("to", "str")] },
  transfer_delegator: { admin: false, args: [req("nodeId", "str"), req("delegatorId", "int"), req("to", "str")] },
  start_staking_auction: { admin: true, args: [] },
  end_staking_auction: { admin: true, args: [] },
  set_approved_nodes: { admin: true, args: [req("nodeIds", "strs")] },
  add_approved_nodes: { admin: true, args: [req("nodeIds", "strs")] },
  remove_approved_nodes: { admin: true, args: [req("nodeIds", "strs")] },
  add_approved_and_limits: { admin: true, args: [req("nodeIds", "strs")] },
  end_staking: { admin: true, args: [req("nodeIds", "strs")] },
  remove_invalid_nodes: { admin: true, args: [req("nodeIds", "strs")] },
  pay_rewards: { admin: true, args: [] },
  move_tokens: { admin: true, args: [] },
  end_epoch: { admin: true, args: [req("nodeIds", "strs")] },
  remove_node: { admin: true, args: [req("nodeId", "str")] },
  set_cut_percentage: { admin: true, args: [req("value", "amount")] },
  set_epoch_token_payout: { admin: true, args: [req("value", "amount")] },
  set_delegator_minimum: { admin: true, args: [req("value", "amount")] },
  set_minimum_stakes: { admin: true, args: [req("value", "roleAmounts")] },
  set_candidate_node_limit: { admin: true, args: [req("role", "int"), req("limit", "int")] },
  set_slot_limits: { admin: true, args: [req("value", "roleInts")] },
  set_open_access_node_slots: { admin: true, args: [req("value", "int")] },
  set_non_operational: { admin: true, args: [req("value", "pctMap")] },
  set_node_weight: { admin: true, args: [req("nodeId", "str"), req("weight", "int")] },
  deposit_fees: { admin: true, args: [req("amount", "amount")] },
  fund: { admin: true, args: [req("account", "str"), req("amount", "amount")] },
};

const QUERIES: Record<string, ArgDef[]> = {
  node_info: [req("nodeId", "str")],
  delegator_info: [req("nodeId", "str"), req("delegatorId", "int")],
  table: [],
  current_table: [],
  proposed_table: [],
  approved_nodes: [],
  non_operational: [],
  candidate_nodes: [],
  candidate_limits: [],
  slot_limits: [],
  role_counts: [],
  minimum_stakes: [],
  total_staked: [],
  total_staked_by_role: [req("role", "int")],
  node_total_commitment: [req("nodeId", "str")],
  node_total_commitment_without_delegators: [req("nodeId", "str")],
  cut_percentage: [],
  epoch_token_payout: [],
  delegator_minimum: [],
  fee_balance: [],
  total_supply: [],
  balance: [req("account", "str")],
  staking_enabled: [],
  epoch_counter: [],
};

interface PlanStep {
  index: number;
  kind: "op" | "query";
  name: string;
  label: string | undefined;
  signer: string; // "admin" by default for admin ops
  signerNamed: boolean; // `as` was written in the step (D3)
  admin: boolean;
  args: Map<string, Parsed>;
}

interface ParsedPlan {
  seed: string;
  defaultBalance: bigint;
  payout: bigint;
  cut: bigint;
  delegatorMinimum: bigint;
  minimums: Map<number, bigint>;
  candidateLimits: Map<number, number>;
  slotLimits: Map<number, number>;
  accounts: [string, bigint][];
  steps: PlanStep[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseInt_(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    throw new MalformedPlanError(`${where}: expected a non-negative integer`);
  }
  return v;
}

function parseRoleKey(k: string, where: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(k)) throw new MalformedPlanError(`${where}: role key "${k}" is not an integer`);
  const n = Number(k);
  if (!Number.isSafeInteger(n)) throw new MalformedPlanError(`${where}: role key "${k}" is too large`);
  return n;
}

function parseValue(kind: Kind, v: unknown, where: string): Parsed {
  switch (kind) {
    case "str":
      if (typeof v !== "string") throw new MalformedPlanError(`${where}: expected a string`);
      return { k: "str", v };
    case "int":
      return { k: "int", v: parseInt_(v, where) };
    case "amount":
      return { k: "amount", v: parseAmount(v, where) };
    case "strs": {
      if (!Array.isArray(v)) throw new MalformedPlanError(`${where}: expected an array of strings`);
      const out: string[] = [];
      for (const x of v) {
        if (typeof x !== "string") throw new MalformedPlanError(`${where}: expected an array of strings`);
        out.push(x);
      }
      return { k: "strs", v: out };
    }
    case "roleAmounts": {
      if (!isObject(v)) throw new MalformedPlanError(`${where}: expected a role map`);
      const m = new Map<number, bigint>();
      for (const [key, val] of Object.entries(v)) m.set(parseRoleKey(key, where), parseAmount(val, `${where}.${key}`));
      return { k: "roleAmounts", v: m };
    }
    case "roleInts": {
      if (!isObject(v)) throw new MalformedPlanError(`${where}: expected a role map`);
      const m = new Map<number, number>();
      for (const [key, val] of Object.entries(v)) m.set(parseRoleKey(key, where), parseInt_(val, `${where}.${key}`));
      return { k: "roleInts", v: m };
    }
    case "pctMap": {
      if (!isObject(v)) throw new MalformedPlanError(`${where}: expected a map of node IDs to percentages`);
      const m = new Map<string, bigint>();
      for (const [key, val] of Object.entries(v)) m.set(key, parseAmount(val, `${where}.${key}`));
      return { k: "pctMap", v: m };
    }
  }
}

/** Role-keyed param maps: keys must be "1".."5"; listed roles replace the default, others keep it (README R18). */
function parseParamRoleMap<T>(raw: unknown, where: string, parse: (v: unknown, w: string) => T, into: Map<number, T>) {
  if (raw === undefined) return;
  if (!isObject(raw)) throw new MalformedPlanError(`${where}: expected a role map`);
  for (const [key, val] of Object.entries(raw)) {
    const role = parseRoleKey(key, where);
    if (role < 1 || role > 5) throw new MalformedPlanError(`${where}: role ${key} is not 1..5`);
    into.set(role, parse(val, `${where}.${key}`));
  }
}

function parsePlan(plan: unknown): ParsedPlan {
  if (!isObject(plan)) throw new MalformedPlanError("plan: expected an object");
  const params = plan.params ?? {};
  if (!isObject(params)) throw new MalformedPlanError("params: expected an object");

  const kv = params.keyValidation;
  if (kv === undefined || kv === "full") {
    throw new Error('unsupported: the reference model only implements "keyValidation": "format"');
  }
  if (kv !== "format") throw new MalformedPlanError('params.keyValidation: expected "full" or "format"');

  const amountParam = (name: string, dflt: bigint): bigint =>
    params[name] === undefined ? dflt : parseAmount(params[name], `params.${name}`);

  const cut = amountParam("rewardCutPercentage", 8_000_000n);
  if (cut === 0n || cut >= UNIT) throw new MalformedPlanError("params.rewardCutPercentage: must be 0 < x < 1");

  const minimums = new Map<number, bigint>([
    [1, 250_000n * UNIT],
    [2, 500_000n * UNIT],
    [3, 1_250_000n * UNIT],
    [4, 135_000n * UNIT],
    [5, 100n * UNIT],
  ]);
  parseParamRoleMap(params.minimumStakes, "params.minimumStakes", parseAmount, minimums);
  const candidateLimits = new Map<number, number>(ROLES.map((x) => [x, 10_000]));
  parseParamRoleMap(params.candidateNodeLimits, "params.candidateNodeLimits", parseInt_, candidateLimits);
  const slotLimits = new Map<number, number>(ROLES.map((x) => [x, 10_000]));
  parseParamRoleMap(params.slotLimits, "params.slotLimits", parseInt_, slotLimits);

  let seed = "flowstake";
  if (params.seed !== undefined) {
    if (typeof params.seed !== "string") throw new MalformedPlanError("params.seed: expected a string");
    seed = params.seed;
  }

  const accountsRaw = plan.accounts ?? {};
  if (!isObject(accountsRaw)) throw new MalformedPlanError("accounts: expected an object");
  const accounts: [string, bigint][] = Object.entries(accountsRaw).map(([name, v]) => [
    name,
    parseAmount(v, `accounts.${name}`),
  ]);

  if (!Array.isArray(plan.steps)) throw new MalformedPlanError("steps: expected an array");
  const steps = plan.steps.map((raw: unknown, index: number) => parseStep(raw, index));

  return {
    seed,
    defaultBalance: amountParam("defaultBalance", 1_000_000_000n * UNIT),
    payout: amountParam("epochTokenPayout", 1_250_000n * UNIT),
    cut,
    delegatorMinimum: amountParam("delegatorMinimum", 50n * UNIT),
    minimums,
    candidateLimits,
    slotLimits,
    accounts,
    steps,
  };
}

function parseStep(raw: unknown, index: number): PlanStep {
  const where = `step ${index}`;
  if (!isObject(raw)) throw new MalformedPlanError(`${where}: expected an object`);
  if ((raw.op === undefined) === (raw.query === undefined)) {
    throw new MalformedPlanError(`${where}: exactly one of "op" and "query" is required`);
  }
  let label: string | undefined;
  if (raw.label !== undefined) {
    if (typeof raw.label !== "string") throw new MalformedPlanError(`${where}.label: expected a string`);
    label = raw.label;
  }
  let signer: string | undefined;
  if (raw.as !== undefined) {
    if (typeof raw.as !== "string") throw new MalformedPlanError(`${where}.as: expected a string`);
    signer = raw.as;
  }
  let kind: "op" | "query";
  let name: string;
  let defs: ArgDef[];
  let admin = false;
  if (raw.op !== undefined) {
    kind = "op";
    if (typeof raw.op !== "string") throw new MalformedPlanError(`${where}.op: expected a string`);
    const def = OPS[raw.op];
    if (def === undefined) throw new MalformedPlanError(`${where}.op: unknown op "${raw.op}"`);
    name = raw.op;
    defs = def.args;
    admin = def.admin;
    if (!admin && signer === undefined) throw new MalformedPlanError(`${where}.as: required for user operations`);
  } else {
    kind = "query";
    if (typeof raw.query !== "string") throw new MalformedPlanError(`${where}.query: expected a string`);
    const def = QUERIES[raw.query];
    if (def === undefined) throw new MalformedPlanError(`${where}.query: unknown query "${raw.query}"`);
    name = raw.query;
    defs = def;
  }
  const args = new Map<string, Parsed>();
  for (const d of defs) {
    const v = raw[d.field];
    if (v === undefined) {
      if (d.optional === true) continue;
      throw new MalformedPlanError(`${where}.${d.field}: missing`);
    }
    args.set(d.field, parseValue(d.kind, v, `${where}.${d.field}`));
  }
  return { index, kind, name, label, signer: signer ?? "admin", signerNamed: signer !== undefined, admin, args };
}

// Typed argument getters (the parser guarantees presence and kind of required arguments).
function arg(step: PlanStep, field: string): Parsed {
  const p = step.args.get(field);
  if (p === undefined) throw new Error(`internal: ${step.name} has no ${field}`);
  return p;
}
function str(step: PlanStep, field: string): string {
  const p = arg(step, field);
  if (p.k !== "str") throw new Error(`internal: ${field} is not a string`);
  return p.v;
}
function int(step: PlanStep, field: string): number {
  const p = arg(step, field);
  if (p.k !== "int") throw new Error(`internal: ${field} is not an int`);
  return p.v;
}
function optInt(step: PlanStep, field: string): number | undefined {
  return step.args.has(field) ? int(step, field) : undefined;
}
function amount(step: PlanStep, field: string): bigint {
  const p = arg(step, field);
  if (p.k !== "amount") throw new Error(`internal: ${field} is not an amount`);
  return p.v;
}
function strs(step: PlanStep, field: string): string[] {
  const p = arg(step, field);
  if (p.k !== "strs") throw new Error(`internal: ${field} is not a string list`);
  return p.v;
}

// ───────────────────────────── state helpers ─────────────────────────────

function initialState(p: ParsedPlan): ModelState {
  const s: ModelState = {
    seed: p.seed,
    defaultBalance: p.defaultBalance,
    balances: new Map(),
    feeBalance: 0n,
    totalSupply: 0n,
    nodeOwner: new Map(),
    delegatorOwner: new Map(),
    nodes: new Map(),
    stakingEnabled: true,
    epochCounter: 0,
    drawCounter: 0,
    payout: p.payout,
    cut: p.cut,
    delegatorMinimum: p.delegatorMinimum,
    minimums: p.minimums,
    candidateLimits: p.candidateLimits,
    slotLimits: p.slotLimits,
    openSlots: new Map(),
    roleCounts: new Map(ROLES.map((x) => [x, 0])),
    totalStakedByRole: new Map(ROLES.map((x) => [x, 0n])),
    participants: new Set(),
    approved: new Set(),
    candidates: new Map(ROLES.map((x) => [x, new Set<string>()])),
    movesPending: new Map(),
    nonOperational: new Map(),
    claimedAddresses: new Set(),
    claimedNetworkingKeys: new Set(),
    claimedStakingKeys: new Set(),
  };
  for (const [name, bal] of p.accounts) mintAccount(s, name, bal);
  return s;
}

/** World setup (D3): not a step effect, so an overflow here cannot be a failed step; the plan cannot run. */
function mintAccount(s: ModelState, name: string, bal: bigint) {
  if (s.totalSupply + bal > UFIX64_MAX) throw new Error(`cannot create account ${name}: total supply would overflow`);
  s.balances.set(name, bal);
  s.totalSupply += bal;
}

function ensureAccount(s: ModelState, name: string) {
  if (!s.balances.has(name)) mintAccount(s, name, s.defaultBalance);
}

function balanceOf(s: ModelState, name: string): bigint {
  return s.balances.get(name) ?? 0n;
}

function debit(s: ModelState, account: string, x: bigint) {
  const bal = balanceOf(s, account);
  if (bal < x) throw new StepError("INSUFFICIENT_BALANCE", `${account} has ${fmt(bal)}, needs ${fmt(x)}`);
  s.balances.set(account, sub(bal, x));
}

function credit(s: ModelState, account: string, x: bigint) {
  s.balances.set(account, add(balanceOf(s, account), x));
}

function getNode(s: ModelState, id: string): NodeRecord {
  const n = s.nodes.get(id);
  if (n === undefined) throw new StepError("NODE_NOT_FOUND", `node ${id} does not exist`);
  return n;
}

function getDelegator(n: NodeRecord, id: number): DelegatorRecord {
  const d = n.delegators.get(id);
  if (d === undefined) throw new StepError("DELEGATOR_NOT_FOUND", `delegator ${id} of node ${n.id} does not exist`);
  return d;
}

function roleMinimum(s: ModelState, role: number): bigint {
  const m = s.minimums.get(role);
  if (m === undefined) throw new StepError("ROLE_MINIMUM_NOT_SET", `no minimum stake for role ${role}`);
  return m;
}

function at<T>(xs: T[], i: number): T {
  const v = xs[i];
  if (v === undefined) throw new Error(`internal: index ${i} out of range`);
  return v;
}

function mapGet<K, V>(m: Map<K, V>, k: K): V {
  const v = m.get(k);
  if (v === undefined) throw new Error(`internal: missing key ${String(k)}`);
  return v;
}

function requireAuction(s: ModelState) {
  if (!s.stakingEnabled) {
    throw new StepError(
      "AUCTION_NOT_IN_PROGRESS",
      "cannot stake, unstake, delegate or register: the staking auction isn't in progress",
    );
  }
}

/** §3.3 full committed balance = committed + staked − requested, clamped at 0. */
function fullCommitted(p: Pools): bigint {
  const c = add(p.committed, p.staked);
  return c < p.requested ? 0n : c - p.requested;
}

function addMovesPending(s: ModelState, nodeId: string, delegatorId?: number) {
  let set = s.movesPending.get(nodeId);
  if (set === undefined) {
    set = new Set();
    s.movesPending.set(nodeId, set);
  }
  if (delegatorId !== undefined) set.add(delegatorId);
}

function candidatesOf(s: ModelState, role: number): Set<string> {
  return mapGet(s.candidates, role);
}

function removeFromCandidates(s: ModelState, n: NodeRecord) {
  candidatesOf(s, n.role).delete(n.id);
}

/** §5.2 eligibility: not a participant, staked = 0, committed ≥ role minimum (evaluated left to right, R8). */
function candidateEligible(s: ModelState, n: NodeRecord): boolean {
  if (s.participants.has(n.id)) return false;
  if (n.staked !== 0n) return false;
  return n.committed >= roleMinimum(s, n.role);
}

/** §5.2 tail shared by every node commit: candidate check (limit enforced every time) and moves-pending. */
function afterNodeCommit(s: ModelState, n: NodeRecord) {
  if (candidateEligible(s, n)) {
    const list = candidatesOf(s, n.role);
    const limit = mapGet(s.candidateLimits, n.role);
    if (list.size >= limit) {
      throw new StepError(
        "CANDIDATE_LIMIT_EXCEEDED",
        `Candidate node limit of ${limit} exceeded for node role ${n.role}`,
      );
    }
    list.add(n.id);
  }
  addMovesPending(s, n.id);
}

const ascending = (a: number, b: number) => a - b;
const sortedIds = (ids: Iterable<string>): string[] => [...ids].sort();
const sortedDelegators = (n: NodeRecord): DelegatorRecord[] =>
  [...n.delegators.values()].sort((a, b) => ascending(a.id, b.id));

function totalStaked(s: ModelState): bigint {
  let t = 0n;
  for (const role of [1, 2, 3, 4]) t = add(t, mapGet(s.totalStakedByRole, role));
  return t;
}

// ───────────────────────────── §5.1 validation ─────────────────────────────

const isLowerHex = (x: string) => /^[0-9a-f]*$/.test(x);

function validNetworkingAddress(a: string): boolean {
  if (a.length < 1 || a.length > 510) return false;
  const parts = a.split(":");
  if (parts.length !== 2) return false;
  const host = parts[0] ?? "";
  const port = parts[1] ?? "";
  if (!/^[0-9]+$/.test(port)) return false;
  const p = Number(port);
  if (p < 1 || p > 65535) return false;
  if (!/^[A-Za-z0-9._-]*$/.test(host)) return false;
  const labels = host.split(".");
  const tld = labels[labels.length - 1] ?? "";
  return /[A-Za-z]/.test(tld);
}

// ───────────────────────────── event constructors (§14) ─────────────────────────────

const nodeEv = (type: string, nodeID: string, amt: bigint): Event => ({ type, nodeID, amount: fmt(amt) });
const delEv = (type: string, nodeID: string, delegatorID: number, amt: bigint): Event => ({
  type,
  nodeID,
  delegatorID,
  amount: fmt(amt),
});

// ───────────────────────────── §8.3 remove and refund ─────────────────────────────

function removeAndRefund(s: ModelState, id: string, ev: Event[]) {
  const n = getNode(s, id);
  s.approved.delete(id);
  ev.push(nodeEv("NodeRemovedAndRefunded", id, add(n.committed, n.staked)));
  n.unstaked = add(n.unstaked, n.committed);
  n.committed = 0n;
  if (n.staked > 0n || !s.stakingEnabled) {
    n.requested = n.staked;
    const c = mapGet(s.roleCounts, n.role);
    s.roleCounts.set(n.role, c > 0 ? c - 1 : 0);
  }
  for (const d of sortedDelegators(n)) {
    if (d.committed > 0n) {
      ev.push(delEv("DelegatorTokensUnstaked", id, d.id, d.committed)); // only when > 0 (README R2)
      d.unstaked = add(d.unstaked, d.committed);
      d.committed = 0n;
    }
    if (d.staked > 0n) {
      d.requested = d.staked;
      addMovesPending(s, id, d.id);
    }
  }
  addMovesPending(s, id);
  removeFromCandidates(s, n);
  n.initialWeight = 0;
}

// ───────────────────────────── §8.1 approved list ─────────────────────────────

function setApprovedList(s: ModelState, ids: string[], ev: Event[]) {
  for (const id of ids) {
    if (!s.nodes.has(id)) {
      throw new StepError("NODE_NOT_FOUND", `Approved node ${id} does not already exist in the identity table`);
    }
  }
  const next = new Set(ids);
  const leaving = sortedIds([...s.approved].filter((id) => !next.has(id)));
  for (const id of leaving) {
    if (s.stakingEnabled) addMovesPending(s, id);
    else removeAndRefund(s, id, ev);
  }
  s.approved = next;
}

// ───────────────────────────── §8.2 end of staking auction ─────────────────────────────

function removeInvalidNodes(s: ModelState, ev: Event[]) {
  for (const id of sortedIds(s.movesPending.keys())) {
    const n = getNode(s, id);
    const ok = fullCommitted(n) >= roleMinimum(s, n.role);
    const approved = s.approved.has(id);
    if (n.role !== 5) {
      if (!ok || !approved) {
        removeAndRefund(s, id, ev);
        continue;
      }
    } else if (!ok && !approved) {
      removeAndRefund(s, id, ev);
      continue;
    }
    n.initialWeight = 100;
  }
}

/** D2: first 8 bytes (big-endian) of SHA3-256(seed ":" n), modulo k; n is state. */
function draw(s: ModelState, k: number): number {
  const digest = sha3_256(new TextEncoder().encode(`${s.seed}:${s.drawCounter}`));
  let u = 0n;
  for (let i = 0; i < 8; i++) u = (u << 8n) | BigInt(digest[i] ?? 0);
  s.drawCounter += 1;
  return Number(u % BigInt(k));
}

function fillSlots(s: ModelState, ev: Event[]) {
  const taken = new Map<number, string[]>();
  for (const role of ROLES) {
    taken.set(role, sortedIds(candidatesOf(s, role)));
    s.candidates.set(role, new Set());
  }
  for (const role of ROLES) {
    const k = mapGet(taken, role);
    let c = mapGet(s.roleCounts, role);
    const l = mapGet(s.slotLimits, role);
    if (c >= l) {
      for (const id of k) removeAndRefund(s, id, ev);
    } else if (c + k.length > l) {
      const chosen = new Set<number>();
      while (chosen.size < c + k.length - l) chosen.add(draw(s, k.length));
      for (const idx of [...chosen].sort(ascending)) removeAndRefund(s, at(k, idx), ev);
      c = l;
    } else {
      c += k.length;
    }
    const open = s.openSlots.get(role);
    if (open !== undefined) s.slotLimits.set(role, c + open);
    s.roleCounts.set(role, c);
  }
}

function endStakingAuction(s: ModelState, ev: Event[]) {
  removeInvalidNodes(s, ev);
  fillSlots(s, ev);
  s.stakingEnabled = false;
}

// ───────────────────────────── §9 rewards ─────────────────────────────

interface RewardEntry {
  nodeId: string;
  amount: bigint;
  delegators: { id: number; amount: bigint }[];
}

function calculateRewards(s: ModelState): { total: bigint; breakdown: RewardEntry[] } {
  const t = totalStaked(s);
  if (t === 0n) return { total: 0n, breakdown: [] };
  const rate = div(s.payout, t);
  let withheld = 0n;
  let nonOpStake = 0n;
  const breakdown: RewardEntry[] = [];

  for (const id of sortedIds(s.nonOperational.keys())) {
    const p = mapGet(s.nonOperational, id);
    const n = getNode(s, id);
    const nodeGross = mul(n.staked, rate);
    let nodeNet = mul(nodeGross, p);
    withheld = add(withheld, sub(nodeGross, nodeNet));
    nonOpStake = add(nonOpStake, n.staked);
    const dels: { id: number; amount: bigint }[] = [];
    for (const d of sortedDelegators(n)) {
      const g = mul(d.staked, rate);
      let net = mul(g, p);
      withheld = add(withheld, sub(g, net));
      nonOpStake = add(nonOpStake, d.staked);
      if (net === 0n) continue;
      const c = mul(net, s.cut);
      if (c > 0n) {
        nodeNet = add(nodeNet, c);
        net = sub(net, c);
      }
      dels.push({ id: d.id, amount: net });
    }
    breakdown.push({ nodeId: id, amount: nodeNet, delegators: dels });
  }

  const denom = sub(t, nonOpStake);
  const extraRate = denom === 0n ? 0n : div(withheld, denom);
  const rr = add(rate, extraRate);

  for (const id of sortedIds(s.participants)) {
    if (s.nonOperational.has(id)) continue;
    const n = getNode(s, id);
    let nodeReward = mul(n.staked, rr);
    if (nodeReward === 0n || n.role === 5) continue;
    const dels: { id: number; amount: bigint }[] = [];
    for (const d of sortedDelegators(n)) {
      let g = mul(d.staked, rr);
      if (g === 0n) continue;
      const c = mul(g, s.cut);
      if (c > 0n) {
        nodeReward = add(nodeReward, c);
        g = sub(g, c);
      }
      dels.push({ id: d.id, amount: g });
    }
    breakdown.push({ nodeId: id, amount: nodeReward, delegators: dels });
  }
  return { total: s.payout, breakdown };
}

function payRewards(s: ModelState, total: bigint, breakdown: RewardEntry[], ev: Event[]) {
  const counter = s.epochCounter;
  const summary = (fromFees: bigint, minted: bigint, burned: bigint): Event => ({
    type: "EpochTotalRewardsPaid",
    total: fmt(total),
    fromFees: fmt(fromFees),
    minted: fmt(minted),
    feesBurned: fmt(burned),
    epochCounterForRewards: counter,
  });
  if (breakdown.length === 0) {
    ev.push(summary(0n, 0n, 0n));
    s.nonOperational = new Map();
    return;
  }
  const fees = s.feeBalance;
  const minted = fees < total ? total - fees : 0n;
  s.feeBalance = 0n;
  s.totalSupply = add(s.totalSupply, minted);
  let vault = add(fees, minted);
  const withdraw = (x: bigint) => {
    if (x > vault)
      throw new StepError("INSUFFICIENT_REWARD_FUNDS", `reward vault holds ${fmt(vault)}, needs ${fmt(x)}`);
    vault = sub(vault, x);
  };
  for (const entry of breakdown) {
    const n = getNode(s, entry.nodeId);
    for (const dr of entry.delegators) {
      const d = getDelegator(n, dr.id);
      withdraw(dr.amount);
      d.rewarded = add(d.rewarded, dr.amount);
      ev.push({
        type: "DelegatorRewardsPaid",
        nodeID: n.id,
        delegatorID: d.id,
        amount: fmt(dr.amount),
        epochCounter: counter,
      });
    }
    withdraw(entry.amount);
    n.rewarded = add(n.rewarded, entry.amount);
    ev.push({ type: "RewardsPaid", nodeID: n.id, amount: fmt(entry.amount), epochCounter: counter });
  }
  const fromFees = fees < total ? fees : total;
  const burned = vault;
  s.totalSupply = sub(s.totalSupply, burned);
  ev.push(summary(fromFees, minted, burned));
  s.nonOperational = new Map();
}

// ───────────────────────────── §10 move tokens ─────────────────────────────

function moveTokens(s: ModelState, ev: Event[]) {
  if (s.stakingEnabled) {
    throw new StepError("AUCTION_IN_PROGRESS", "Cannot move tokens if the staking auction is still in progress");
  }
  const taken = s.movesPending;
  s.movesPending = new Map();
  const participants = new Set(s.participants);
  const addTotal = (role: number, x: bigint) =>
    s.totalStakedByRole.set(role, add(mapGet(s.totalStakedByRole, role), x));
  const subTotal = (role: number, x: bigint) =>
    s.totalStakedByRole.set(role, sub(mapGet(s.totalStakedByRole, role), x));

  for (const id of sortedIds(taken.keys())) {
    const n = getNode(s, id);
    // 1.
    if (n.committed > 0n || s.approved.has(id)) {
      addTotal(n.role, n.committed);
      ev.push(nodeEv("TokensStaked", id, n.committed));
      n.staked = add(n.staked, n.committed);
      n.committed = 0n;
      participants.add(id);
    }
    // 2.
    if (n.unstaking > 0n) {
      ev.push(nodeEv("TokensUnstaked", id, n.unstaking));
      n.unstaked = add(n.unstaked, n.unstaking);
      n.unstaking = 0n;
    }
    // 3.
    if (n.requested > 0n) {
      ev.push(nodeEv("TokensUnstaking", id, n.requested));
      n.staked = sub(n.staked, n.requested);
      n.unstaking = add(n.unstaking, n.requested);
      if (n.staked < roleMinimum(s, n.role)) participants.delete(id);
      addMovesPending(s, id);
    }
    // 4.
    for (const dId of [...mapGet(taken, id)].sort(ascending)) {
      const d = getDelegator(n, dId);
      // D1 delegator minimum: fully unstake, silently (README R5, R10)
      if (sub(add(d.committed, d.staked), d.requested) < s.delegatorMinimum) {
        d.unstaked = add(d.unstaked, d.committed);
        d.committed = 0n;
        d.requested = d.staked;
      }
      addTotal(n.role, d.committed);
      if (d.committed > 0n) ev.push(delEv("DelegatorTokensStaked", id, dId, d.committed));
      d.staked = add(d.staked, d.committed);
      d.committed = 0n;
      if (d.unstaking > 0n) {
        ev.push(delEv("DelegatorTokensUnstaked", id, dId, d.unstaking));
        d.unstaked = add(d.unstaked, d.unstaking);
        d.unstaking = 0n;
      }
      if (d.requested > 0n) {
        ev.push(delEv("DelegatorTokensUnstaking", id, dId, d.requested));
        d.staked = sub(d.staked, d.requested);
        d.unstaking = add(d.unstaking, d.requested);
        addMovesPending(s, id, dId);
      }
      subTotal(n.role, d.requested);
      d.requested = 0n;
    }
    // 5.
    subTotal(n.role, n.requested);
    n.requested = 0n;
  }
  s.stakingEnabled = true;
  s.participants = participants;
  s.epochCounter += 1;
  ev.push({
    type: "NewEpoch",
    totalStaked: fmt(totalStaked(s)),
    totalRewardPayout: fmt(s.payout),
    newEpochCounter: s.epochCounter,
  });
}

// ───────────────────────────── user operations (§5, §6, D4) ─────────────────────────────

interface Target {
  node: NodeRecord;
  delegator: DelegatorRecord | undefined;
}

/** D4: record exists, then the signer holds its handle. */
function ownedTarget(s: ModelState, step: PlanStep, allowDelegator: boolean): Target {
  const node = getNode(s, str(step, "nodeId"));
  const dId = allowDelegator ? optInt(step, "delegatorId") : undefined;
  if (dId === undefined) {
    if (s.nodeOwner.get(node.id) !== step.signer) {
      throw new StepError("NOT_OWNER", `account ${step.signer} does not hold the node handle of ${node.id}`);
    }
    return { node, delegator: undefined };
  }
  const delegator = getDelegator(node, dId);
  if (s.delegatorOwner.get(`${node.id}/${dId}`) !== step.signer) {
    throw new StepError("NOT_OWNER", `account ${step.signer} does not hold delegator ${dId} of ${node.id}`);
  }
  return { node, delegator };
}

function registerNode(s: ModelState, step: PlanStep, ev: Event[]): Json {
  const id = str(step, "nodeId");
  const role = int(step, "role");
  const address = str(step, "networkingAddress");
  const netKey = str(step, "networkingKey");
  const stakingKey = str(step, "stakingKey");
  const x = amount(step, "amount");
  debit(s, step.signer, x); // D4: the vault is withdrawn before the contract is called
  requireAuction(s);
  if (id.length !== 64) throw new StepError("INVALID_NODE_ID", "node ID must be 64 characters");
  if (!isLowerHex(id)) throw new StepError("INVALID_NODE_ID", "node ID must be lowercase hex");
  if (s.nodes.has(id)) throw new StepError("NODE_ALREADY_EXISTS", `node ${id} already exists`);
  if (role < 1 || role > 5) throw new StepError("INVALID_ROLE", `role ${role} is not 1..5`);
  if (!validNetworkingAddress(address))
    throw new StepError("INVALID_NETWORKING_ADDRESS", `invalid address "${address}"`);
  if (netKey.length !== 128 || !isLowerHex(netKey)) {
    throw new StepError("INVALID_NETWORKING_KEY", "networking key must be 128 lowercase hex characters");
  }
  if (stakingKey.length !== 192 || !isLowerHex(stakingKey)) {
    throw new StepError("INVALID_STAKING_KEY", "staking key must be 192 lowercase hex characters");
  }
  if (s.claimedAddresses.has(address)) throw new StepError("ADDRESS_CLAIMED", `address ${address} is already claimed`);
  if (s.claimedNetworkingKeys.has(netKey)) throw new StepError("NETWORKING_KEY_CLAIMED", "networking key is claimed");
  if (s.claimedStakingKeys.has(stakingKey)) throw new StepError("STAKING_KEY_CLAIMED", "staking key is claimed");
  // step 10 (curve points, PoP) is not checked under "keyValidation": "format"
  const min = roleMinimum(s, role);
  if (x < min) {
    throw new StepError(
      "BELOW_MINIMUM",
      `The amount of tokens committed for registration ${fmt(x)} is not above the minimum ${fmt(min)}`,
    );
  }
  const n: NodeRecord = {
    id,
    role,
    networkingAddress: address,
    networkingKey: netKey,
    stakingKey,
    committed: 0n,
    staked: 0n,
    unstaking: 0n,
    unstaked: 0n,
    rewarded: 0n,
    requested: 0n,
    delegators: new Map(),
    delegatorIDCounter: 0,
    initialWeight: 0,
  };
  s.nodes.set(id, n);
  s.claimedAddresses.add(address);
  s.claimedNetworkingKeys.add(netKey);
  s.claimedStakingKeys.add(stakingKey);
  s.nodeOwner.set(id, step.signer);
  ev.push({ type: "NewNodeCreated", nodeID: id, role, amountCommitted: fmt(0n) });
  // then exactly "stake new tokens" (§5.2)
  n.committed = add(n.committed, x);
  ev.push(nodeEv("TokensCommitted", id, x));
  afterNodeCommit(s, n);
  return { nodeId: id };
}

function registerDelegator(s: ModelState, step: PlanStep, ev: Event[]): Json {
  const n = getNode(s, str(step, "nodeId"));
  const x = amount(step, "amount");
  debit(s, step.signer, x);
  requireAuction(s);
  if (n.role === 5) throw new StepError("ACCESS_NODE_DELEGATION", "Cannot register a delegator for an access node");
  if (x < s.delegatorMinimum) {
    throw new StepError(
      "BELOW_DELEGATOR_MINIMUM",
      `${fmt(x)} is below the delegator minimum ${fmt(s.delegatorMinimum)}`,
    );
  }
  if (fullCommitted(n) < roleMinimum(s, n.role)) {
    throw new StepError("NODE_BELOW_MINIMUM", `node ${n.id} does not have its minimum stake committed`);
  }
  n.delegatorIDCounter += 1;
  const dId = n.delegatorIDCounter;
  n.delegators.set(dId, {
    id: dId,
    committed: 0n,
    staked: 0n,
    unstaking: 0n,
    unstaked: 0n,
    rewarded: 0n,
    requested: 0n,
  });
  s.delegatorOwner.set(`${n.id}/${dId}`, step.signer);
  ev.push({ type: "NewDelegatorCreated", nodeID: n.id, delegatorID: dId });
  const d = getDelegator(n, dId);
  d.committed = add(d.committed, x);
  ev.push(delEv("DelegatorTokensCommitted", n.id, dId, x));
  addMovesPending(s, n.id, dId);
  return { nodeId: n.id, delegatorId: dId };
}

function stakeNewTokens(s: ModelState, step: PlanStep, ev: Event[]) {
  const { node: n, delegator: d } = ownedTarget(s, step, true);
  const x = amount(step, "amount");
  debit(s, step.signer, x);
  requireAuction(s);
  if (d === undefined) {
    n.committed = add(n.committed, x);
    ev.push(nodeEv("TokensCommitted", n.id, x));
    afterNodeCommit(s, n);
  } else {
    d.committed = add(d.committed, x);
    ev.push(delEv("DelegatorTokensCommitted", n.id, d.id, x));
    addMovesPending(s, n.id, d.id);
  }
}

/** §5.3 / §6.3: cancel the pending request first, the rest comes from unstaked. Returns the part taken from unstaked. */
function stakeUnstakedInto(p: Pools, x: bigint): bigint {
  if (x <= p.requested) {
    p.requested = sub(p.requested, x);
    return 0n;
  }
  const rest = sub(x, p.requested);
  if (p.unstaked < rest) {
    throw new StepError("INSUFFICIENT_UNSTAKED_TOKENS", `needs ${fmt(rest)} unstaked, has ${fmt(p.unstaked)}`);
  }
  p.unstaked = sub(p.unstaked, rest);
  p.committed = add(p.committed, rest);
  p.requested = 0n;
  return rest;
}

function stakeUnstakedTokens(s: ModelState, step: PlanStep, ev: Event[]) {
  const { node: n, delegator: d } = ownedTarget(s, step, true);
  const x = amount(step, "amount");
  requireAuction(s);
  if (d === undefined) {
    const net = stakeUnstakedInto(n, x);
    ev.push(nodeEv("TokensCommitted", n.id, net)); // net amount, possibly 0 (README R1)
    afterNodeCommit(s, n);
  } else {
    stakeUnstakedInto(d, x);
    ev.push(delEv("DelegatorTokensCommitted", n.id, d.id, x)); // gross amount (§14, §18.12)
    addMovesPending(s, n.id, d.id);
  }
}

function stakeRewardedTokens(s: ModelState, step: PlanStep, ev: Event[]) {
  const { node: n, delegator: d } = ownedTarget(s, step, true);
  const x = amount(step, "amount");
  requireAuction(s);
  const p: Pools = d ?? n;
  if (p.rewarded < x) throw new StepError("INSUFFICIENT_REWARDED_TOKENS", `needs ${fmt(x)}, has ${fmt(p.rewarded)}`);
  p.rewarded = sub(p.rewarded, x);
  p.committed = add(p.committed, x);
  if (d === undefined) {
    ev.push(nodeEv("TokensCommitted", n.id, x));
    afterNodeCommit(s, n);
  } else {
    ev.push(delEv("DelegatorTokensCommitted", n.id, d.id, x));
    addMovesPending(s, n.id, d.id);
  }
}

function requestUnstaking(s: ModelState, step: PlanStep, ev: Event[]) {
  const { node: n, delegator: d } = ownedTarget(s, step, true);
  const x = amount(step, "amount");
  requireAuction(s);
  const p: Pools = d ?? n;
  // 1.
  if (add(p.staked, p.committed) < add(x, p.requested)) {
    throw new StepError("INSUFFICIENT_TOKENS", "Not enough tokens to unstake!");
  }
  // 2. (node only)
  if (d === undefined && n.delegators.size > 0) {
    if (sub(fullCommitted(n), x) < roleMinimum(s, n.role)) {
      throw new StepError(
        "BELOW_MINIMUM_WITH_DELEGATORS",
        "Cannot unstake below the minimum stake requirement if there are delegators.",
      );
    }
  }
  // 3.
  if (p.committed >= x) {
    p.committed = sub(p.committed, x);
    p.unstaked = add(p.unstaked, x);
    ev.push(d === undefined ? nodeEv("TokensUnstaked", n.id, x) : delEv("DelegatorTokensUnstaked", n.id, d.id, x));
  } else {
    const old = p.committed;
    p.unstaked = add(p.unstaked, old);
    p.committed = 0n;
    p.requested = add(p.requested, sub(x, old));
    addMovesPending(s, n.id, d?.id);
    if (d === undefined) {
      ev.push(nodeEv("TokensUnstaked", n.id, old));
      ev.push(nodeEv("NodeTokensRequestedToUnstake", n.id, n.requested));
    } else {
      ev.push(delEv("DelegatorTokensUnstaked", n.id, d.id, old)); // README R3
      ev.push(delEv("DelegatorTokensRequestedToUnstake", n.id, d.id, d.requested));
    }
  }
  // 4. (node only)
  if (d === undefined && !candidateEligible(s, n)) removeFromCandidates(s, n);
}

function unstakeAll(s: ModelState, step: PlanStep, ev: Event[]) {
  const { node: n } = ownedTarget(s, step, false);
  requireAuction(s);
  if (n.committed > 0n) {
    ev.push(nodeEv("TokensUnstaked", n.id, n.committed)); // no event for a zero sweep (README R2)
    n.unstaked = add(n.unstaked, n.committed);
    n.committed = 0n;
  }
  if (n.staked > 0n) {
    n.requested = n.staked;
    addMovesPending(s, n.id);
    ev.push(nodeEv("NodeTokensRequestedToUnstake", n.id, n.requested));
  }
  removeFromCandidates(s, n);
}

function withdraw(s: ModelState, step: PlanStep, ev: Event[], pool: "unstaked" | "rewarded") {
  const { node: n, delegator: d } = ownedTarget(s, step, true);
  const x = amount(step, "amount");
  const p: Pools = d ?? n;
  if (p[pool] < x) {
    throw new StepError(
      "INSUFFICIENT_TOKENS",
      `not enough ${pool} tokens: requested ${fmt(x)}, available ${fmt(p[pool])}`,
    );
  }
  p[pool] = sub(p[pool], x);
  credit(s, step.signer, x);
  if (d === undefined) {
    ev.push(nodeEv(pool === "unstaked" ? "UnstakedTokensWithdrawn" : "RewardTokensWithdrawn", n.id, x));
  } else {
    const type = pool === "unstaked" ? "DelegatorUnstakedTokensWithdrawn" : "DelegatorRewardTokensWithdrawn";
    ev.push(delEv(type, n.id, d.id, x));
  }
}

function updateNetworkingAddress(s: ModelState, step: PlanStep, ev: Event[]) {
  const { node: n } = ownedTarget(s, step, false);
  const address = str(step, "networkingAddress");
  requireAuction(s);
  if (!validNetworkingAddress(address))
    throw new StepError("INVALID_NETWORKING_ADDRESS", `invalid address "${address}"`);
  if (s.claimedAddresses.has(address)) throw new StepError("ADDRESS_CLAIMED", `address ${address} is already claimed`);
  s.claimedAddresses.delete(n.networkingAddress);
  s.claimedAddresses.add(address);
  n.networkingAddress = address;
  ev.push({ type: "NetworkingAddressUpdated", nodeID: n.id, newAddress: address });
}

// ───────────────────────────── admin operations (§7, §8, D5) ─────────────────────────────

function roleMapFrom<T>(m: Map<number, T>, f: (v: T) => string | number): Json {
  const out: { [k: string]: Json } = {};
  for (const [k, v] of [...m.entries()].sort((a, b) => ascending(a[0], b[0]))) out[String(k)] = f(v);
  return out;
}

function runAdmin(s: ModelState, step: PlanStep, ev: Event[]) {
  switch (step.name) {
    case "start_staking_auction":
      s.stakingEnabled = true;
      return;
    case "end_staking_auction":
      endStakingAuction(s, ev);
      return;
    case "set_approved_nodes":
      setApprovedList(s, strs(step, "nodeIds"), ev);
      return;
    case "add_approved_nodes":
      setApprovedList(s, [...s.approved, ...strs(step, "nodeIds")], ev); // README R12
      return;
    case "remove_approved_nodes": {
      const drop = new Set(strs(step, "nodeIds"));
      setApprovedList(
        s,
        [...s.approved].filter((id) => !drop.has(id)),
        ev,
      );
      return;
    }
    case "add_approved_and_limits": {
      const ids = strs(step, "nodeIds");
      for (const id of ids) getNode(s, id);
      for (const id of new Set(ids)) {
        if (s.approved.has(id)) continue;
        const role = getNode(s, id).role;
        s.slotLimits.set(role, mapGet(s.slotLimits, role) + 1);
      }
      setApprovedList(s, [...s.approved, ...ids], ev);
      return;
    }
    case "end_staking":
      setApprovedList(s, strs(step, "nodeIds"), ev);
      endStakingAuction(s, ev);
      return;
    case "remove_invalid_nodes":
      setApprovedList(s, strs(step, "nodeIds"), ev);
      removeInvalidNodes(s, ev);
      return;
    case "pay_rewards": {
      const { total, breakdown } = calculateRewards(s);
      payRewards(s, total, breakdown, ev);
      return;
    }
    case "move_tokens":
      moveTokens(s, ev);
      return;
    case "end_epoch":
      setApprovedList(s, strs(step, "nodeIds"), ev);
      endStakingAuction(s, ev);
      moveTokens(s, ev);
      return;
    case "remove_node":
      removeAndRefund(s, getNode(s, str(step, "nodeId")).id, ev);
      return;
    case "set_cut_percentage": {
      const v = amount(step, "value");
      if (v === 0n || v >= UNIT) throw new StepError("INVALID_CUT_PERCENTAGE", "cut must be strictly between 0 and 1");
      if (v !== s.cut) ev.push({ type: "NewDelegatorCutPercentage", newCutPercentage: fmt(v) });
      s.cut = v;
      return;
    }
    case "set_epoch_token_payout": {
      const v = amount(step, "value");
      if (v !== s.payout) ev.push({ type: "NewWeeklyPayout", newPayout: fmt(v) });
      s.payout = v;
      return;
    }
    case "set_delegator_minimum": {
      const v = amount(step, "value");
      s.delegatorMinimum = v;
      ev.push({ type: "NewDelegatorStakingMinimum", newMinimum: fmt(v) });
      return;
    }
    case "set_minimum_stakes": {
      const p = arg(step, "value");
      if (p.k !== "roleAmounts") throw new Error("internal: value");
      if (p.v.size !== 5) throw new StepError("INVALID_MINIMUMS", "exactly 5 minimums are required");
      s.minimums = new Map(p.v);
      const newMinimums: Record<string, string> = {};
      for (const [k, v] of [...p.v.entries()].sort((a, b) => ascending(a[0], b[0]))) newMinimums[String(k)] = fmt(v);
      ev.push({ type: "NewStakingMinimums", newMinimums });
      return;
    }
    case "set_candidate_node_limit": {
      const role = int(step, "role");
      if (role < 1 || role > 5) throw new StepError("INVALID_ROLE", `role ${role} is not 1..5`);
      s.candidateLimits.set(role, int(step, "limit"));
      return;
    }
    case "set_slot_limits": {
      const p = arg(step, "value");
      if (p.k !== "roleInts") throw new Error("internal: value");
      if (p.v.size !== 5 || !ROLES.every((x) => p.v.has(x))) {
        throw new StepError("INVALID_SLOT_LIMITS", "slot limits need exactly the roles 1..5");
      }
      s.slotLimits = new Map(p.v);
      return;
    }
    case "set_open_access_node_slots":
      s.openSlots.set(5, int(step, "value"));
      return;
    case "set_non_operational": {
      const p = arg(step, "value");
      if (p.k !== "pctMap") throw new Error("internal: value");
      for (const v of p.v.values()) {
        if (v >= UNIT) throw new StepError("INVALID_PERCENTAGE", "percentages must satisfy 0 <= p < 1");
      }
      s.nonOperational = new Map(p.v);
      return;
    }
    case "set_node_weight": {
      const w = int(step, "weight");
      const n = getNode(s, str(step, "nodeId"));
      if (w > 100) throw new StepError("INVALID_WEIGHT", "weight must be at most 100");
      n.initialWeight = w;
      ev.push({ type: "NodeWeightChanged", nodeID: n.id, newWeight: w });
      return;
    }
    case "deposit_fees": {
      const x = amount(step, "amount");
      s.totalSupply = add(s.totalSupply, x);
      s.feeBalance = add(s.feeBalance, x);
      return;
    }
    case "fund": {
      const x = amount(step, "amount");
      s.totalSupply = add(s.totalSupply, x);
      credit(s, str(step, "account"), x);
      return;
    }
    default:
      throw new Error(`internal: unhandled admin op ${step.name}`);
  }
}

function runOp(s: ModelState, step: PlanStep, ev: Event[]): Json {
  if (step.admin) {
    if (step.signer !== "admin") throw new StepError("NOT_ADMIN", `${step.signer} is not the admin`);
    runAdmin(s, step, ev);
    return null;
  }
  switch (step.name) {
    case "register_node":
      return registerNode(s, step, ev);
    case "register_delegator":
      return registerDelegator(s, step, ev);
    case "stake_new_tokens":
      stakeNewTokens(s, step, ev);
      return null;
    case "stake_unstaked_tokens":
      stakeUnstakedTokens(s, step, ev);
      return null;
    case "stake_rewarded_tokens":
      stakeRewardedTokens(s, step, ev);
      return null;
    case "request_unstaking":
      requestUnstaking(s, step, ev);
      return null;
    case "unstake_all":
      unstakeAll(s, step, ev);
      return null;
    case "withdraw_unstaked_tokens":
      withdraw(s, step, ev, "unstaked");
      return null;
    case "withdraw_rewarded_tokens":
      withdraw(s, step, ev, "rewarded");
      return null;
    case "update_networking_address":
      updateNetworkingAddress(s, step, ev);
      return null;
    case "transfer_node": {
      const { node } = ownedTarget(s, step, false);
      s.nodeOwner.set(node.id, str(step, "to"));
      return null;
    }
    case "transfer_delegator": {
      const { node, delegator } = ownedTarget(s, step, true);
      if (delegator === undefined) throw new Error("internal: transfer_delegator without delegator");
      s.delegatorOwner.set(`${node.id}/${delegator.id}`, str(step, "to"));
      return null;
    }
    default:
      throw new Error(`internal: unhandled op ${step.name}`);
  }
}

// ───────────────────────────── queries (plan-format "Queries", §12) ─────────────────────────────

function poolsJson(p: Pools): { [k: string]: Json } {
  return {
    tokensCommitted: fmt(p.committed),
    tokensStaked: fmt(p.staked),
    tokensUnstaking: fmt(p.unstaking),
    tokensUnstaked: fmt(p.unstaked),
    tokensRewarded: fmt(p.rewarded),
    tokensRequestedToUnstake: fmt(p.requested),
  };
}

function runQuery(s: ModelState, step: PlanStep): Json {
  const fives = (m: Map<number, number>) => roleMapFrom(m, (v) => v);
  switch (step.name) {
    case "node_info": {
      const n = getNode(s, str(step, "nodeId"));
      return {
        id: n.id,
        role: n.role,
        networkingAddress: n.networkingAddress,
        networkingKey: n.networkingKey,
        stakingKey: n.stakingKey,
        ...poolsJson(n),
        delegators: [...n.delegators.keys()].sort(ascending),
        delegatorIDCounter: n.delegatorIDCounter,
        initialWeight: n.initialWeight,
      };
    }
    case "delegator_info": {
      const n = getNode(s, str(step, "nodeId"));
      const d = getDelegator(n, int(step, "delegatorId"));
      return { id: d.id, nodeID: n.id, ...poolsJson(d) };
    }
    case "table":
      return sortedIds(s.nodes.keys());
    case "current_table":
      return sortedIds(s.participants);
    case "proposed_table": {
      const out: string[] = [];
      for (const id of sortedIds(s.nodes.keys())) {
        const n = getNode(s, id);
        const ok = fullCommitted(n) >= roleMinimum(s, n.role);
        const approved = s.approved.has(id);
        if (n.role !== 5 ? approved && ok : (ok || approved) && n.initialWeight > 0) out.push(id);
      }
      return out;
    }
    case "approved_nodes":
      return sortedIds(s.approved);
    case "non_operational":
      return sortedIds(s.nonOperational.keys());
    case "candidate_nodes": {
      const out: { [k: string]: Json } = {};
      for (const role of ROLES) out[String(role)] = sortedIds(candidatesOf(s, role));
      return out;
    }
    case "candidate_limits":
      return fives(s.candidateLimits);
    case "slot_limits":
      return fives(s.slotLimits);
    case "role_counts":
      return fives(s.roleCounts);
    case "minimum_stakes":
      return roleMapFrom(s.minimums, fmt);
    case "total_staked":
      return fmt(totalStaked(s));
    case "total_staked_by_role": {
      const t = s.totalStakedByRole.get(int(step, "role"));
      if (t === undefined) throw new StepError("INVALID_ROLE", "role must be 1..5");
      return fmt(t);
    }
    case "node_total_commitment": {
      const n = getNode(s, str(step, "nodeId"));
      let t = fullCommitted(n);
      for (const d of n.delegators.values()) t = add(t, fullCommitted(d));
      return fmt(t);
    }
    case "node_total_commitment_without_delegators":
      return fmt(fullCommitted(getNode(s, str(step, "nodeId"))));
    case "cut_percentage":
      return fmt(s.cut);
    case "epoch_token_payout":
      return fmt(s.payout);
    case "delegator_minimum":
      return fmt(s.delegatorMinimum);
    case "fee_balance":
      return fmt(s.feeBalance);
    case "total_supply":
      return fmt(s.totalSupply);
    case "balance":
      return fmt(balanceOf(s, str(step, "account")));
    case "staking_enabled":
      return s.stakingEnabled;
    case "epoch_counter":
      return s.epochCounter;
    default:
      throw new Error(`internal: unhandled query ${step.name}`);
  }
}

// ───────────────────────────── the runner ─────────────────────────────

export interface StepRecord {
  line: string;
  ok: boolean;
  /** State after D3 account creation, just before the step ran. */
  before: ModelState;
  /** State after the step (equal to `before` when the step failed). */
  after: ModelState;
}

function namedAccounts(step: PlanStep): string[] {
  const out: string[] = [];
  if (step.signerNamed) out.push(step.signer);
  for (const field of ["to", "account"]) {
    const p = step.args.get(field);
    if (p !== undefined && p.k === "str") out.push(p.v);
  }
  return out;
}

export function runPlanReferenceWithStates(plan: unknown): StepRecord[] {
  const parsed = parsePlan(plan); // throws on a malformed plan before anything runs
  let s = initialState(parsed);
  const records: StepRecord[] = [];
  for (const step of parsed.steps) {
    for (const name of namedAccounts(step)) ensureAccount(s, name);
    const before = structuredClone(s);
    const work = structuredClone(s);
    const head: Record<string, Json> = { step: step.index, [step.kind]: step.name };
    if (step.label !== undefined) head.label = step.label;
    let line: Record<string, Json>;
    let ok: boolean;
    try {
      if (step.kind === "query") {
        line = { ...head, ok: true, result: runQuery(work, step) };
      } else {
        const ev: Event[] = [];
        const result = runOp(work, step, ev);
        line = { ...head, ok: true, result, events: ev };
      }
      s = work;
      ok = true;
    } catch (e) {
      if (!(e instanceof StepError)) throw e;
      line = { ...head, ok: false, error: { code: e.code, message: e.message } };
      ok = false; // `s` is untouched: the step's work copy is discarded
    }
    records.push({ line: JSON.stringify(line), ok, before, after: structuredClone(s) });
  }
  return records;
}

export function runPlanReference(plan: unknown): string[] {
  return runPlanReferenceWithStates(plan).map((x) => x.line);
}
