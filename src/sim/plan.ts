/**
 * Reading a plan file (plan-format.md) into typed steps. Everything that cannot be read — a wrong JSON type, an
 * unknown op, a bad amount — is a `PlanError` naming the step and field (decisions.md D7); everything the contract
 * checks is left for the run, where it becomes a failed step.
 */
import { type Amount, parseJsonAmount } from "../core/amount.js";
import { isLedgerError } from "../core/errors.js";
import { type AccountId, asAccountId } from "../core/ids.js";
import type { KeyValidation } from "../core/keys.js";
import { ADMIN_OPERATIONS, type Operation, USER_OPERATIONS } from "../core/operations.js";
import { QUERY_NAMES, type Query } from "../core/queries.js";
import type { RoleTable } from "../core/roles.js";

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanError";
  }
}

export interface PlanParams {
  epochTokenPayout?: Amount;
  rewardCutPercentage?: Amount;
  minimumStakes?: Map<number, Amount>;
  delegatorMinimum?: Amount;
  candidateNodeLimits?: RoleTable<bigint>;
  slotLimits?: RoleTable<number>;
  keyValidation: KeyValidation;
  defaultBalance: Amount;
  seed: string;
}

export type PlanStep =
  | { kind: "op"; index: number; label?: string; signer: AccountId; explicitSigner: boolean; operation: Operation }
  | { kind: "query"; index: number; label?: string; signer?: AccountId; query: Query };

export interface Plan {
  params: PlanParams;
  accounts: Map<AccountId, Amount>;
  steps: PlanStep[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads the fields of one object, naming where it is in every error. */
class Fields {
  constructor(
    private readonly source: Json,
    private readonly where: string,
  ) {}

  fail(field: string, problem: string): never {
    throw new PlanError(`${this.where}: field "${field}": ${problem}`);
  }

  has(field: string): boolean {
    return this.source[field] !== undefined;
  }

  raw(field: string): unknown {
    return this.source[field];
  }

  string(field: string): string {
    const value = this.source[field];
    if (value === undefined) this.fail(field, "missing");
    if (typeof value !== "string") this.fail(field, `must be a string, got ${describe(value)}`);
    return value;
  }

  optionalString(field: string): string | undefined {
    return this.has(field) ? this.string(field) : undefined;
  }

  integer(field: string, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.source[field];
    if (value === undefined) this.fail(field, "missing");
    return checkInteger(value, max, (problem) => this.fail(field, problem));
  }

  optionalInteger(field: string): number | undefined {
    return this.has(field) ? this.integer(field) : undefined;
  }

  amount(field: string): Amount {
    const value = this.source[field];
    if (value === undefined) this.fail(field, "missing");
    return readAmount(value, (problem) => this.fail(field, problem));
  }

  stringList(field: string): string[] {
    const value = this.source[field];
    if (value === undefined) this.fail(field, "missing");
    if (!Array.isArray(value)) this.fail(field, `must be an array of node IDs, got ${describe(value)}`);
    return value.map((item, i) => {
      if (typeof item !== "string") this.fail(`${field}[${i}]`, `must be a string, got ${describe(item)}`);
      return item;
    });
  }

  object(field: string): Json {
    const value = this.source[field];
    if (value === undefined) this.fail(field, "missing");
    if (!isObject(value)) this.fail(field, `must be an object, got ${describe(value)}`);
    return value;
  }

  /** A role-keyed map: integer keys, values read by `read`. */
  roleMap<T>(field: string, read: (value: unknown, fail: (problem: string) => never) => T): Map<number, T> {
    const object = this.object(field);
    const map = new Map<number, T>();
    for (const [key, value] of Object.entries(object)) {
      const fail = (problem: string): never => this.fail(`${field}.${key}`, problem);
      if (!/^(0|[1-9][0-9]*)$/.test(key) || Number(key) > 255) fail("role keys must be integers 0..255");
      map.set(Number(key), read(value, fail));
    }
    return map;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

function checkInteger(value: unknown, max: number, fail: (problem: string) => never): number {
  if (typeof value !== "number" || !Number.isInteger(value)) fail(`must be an integer, got ${describe(value)}`);
  if (value < 0) fail(`must not be negative, got ${value}`);
  if (value > max) fail(`must be at most ${max}, got ${value}`);
  return value;
}

function readAmount(value: unknown, fail: (problem: string) => never): Amount {
  try {
    return parseJsonAmount(value);
  } catch (error) {
    if (isLedgerError(error)) fail(error.message);
    throw error;
  }
}

function fullRoleTable<T>(map: Map<number, T>, field: string, where: string): RoleTable<T> {
  const table: unknown[] = [undefined];
  for (const role of [1, 2, 3, 4, 5]) {
    if (!map.has(role)) throw new PlanError(`${where}: field "${field}": needs an entry for each role 1..5`);
    table.push(map.get(role));
  }
  return table as RoleTable<T>;
}

function parseParams(value: unknown): PlanParams {
  if (value === undefined) {
    return { keyValidation: "full", defaultBalance: readAmount("1000000000.0", fail), seed: "flowstake" };
  }
  if (!isObject(value)) throw new PlanError(`params: must be an object, got ${describe(value)}`);
  const f = new Fields(value, "params");
  const params: PlanParams = {
    keyValidation: "full",
    defaultBalance: f.has("defaultBalance") ? f.amount("defaultBalance") : readAmount("1000000000.0", fail),
    seed: f.optionalString("seed") ?? "flowstake",
  };
  if (f.has("keyValidation")) {
    const mode = f.string("keyValidation");
    if (mode === "full" || mode === "format") params.keyValidation = mode;
    else f.fail("keyValidation", `must be "full" or "format", got "${mode}"`);
  }
  if (f.has("epochTokenPayout")) params.epochTokenPayout = f.amount("epochTokenPayout");
  if (f.has("rewardCutPercentage")) {
    const cut = f.amount("rewardCutPercentage");
    if (cut === 0n || cut >= 100_000_000n) f.fail("rewardCutPercentage", "must be strictly between 0 and 1");
    params.rewardCutPercentage = cut;
  }
  if (f.has("minimumStakes")) params.minimumStakes = f.roleMap("minimumStakes", readAmount);
  if (f.has("delegatorMinimum")) params.delegatorMinimum = f.amount("delegatorMinimum");
  if (f.has("candidateNodeLimits")) {
    const map = f.roleMap("candidateNodeLimits", (v, fail) => BigInt(checkInteger(v, Number.MAX_SAFE_INTEGER, fail)));
    params.candidateNodeLimits = fullRoleTable(map, "candidateNodeLimits", "params");
  }
  if (f.has("slotLimits")) {
    const map = f.roleMap("slotLimits", (v, fail) => checkInteger(v, 0xffff, fail));
    params.slotLimits = fullRoleTable(map, "slotLimits", "params");
  }
  return params;
}

function fail(problem: string): never {
  throw new PlanError(problem);
}

const USER = new Set<string>(USER_OPERATIONS);
const ADMIN = new Set<string>(ADMIN_OPERATIONS);
const QUERIES = new Set<string>(QUERY_NAMES);

function parseOperation(name: string, f: Fields): Operation {
  const nodeId = () => f.string("nodeId");
  const delegatorId = () => f.optionalInteger("delegatorId");
  switch (name) {
    case "register_node":
      return {
        op: name,
        nodeId: nodeId(),
        role: f.integer("role"),
        networkingAddress: f.string("networkingAddress"),
        networkingKey: f.string("networkingKey"),
        stakingKey: f.string("stakingKey"),
        stakingKeyPoP: f.optionalString("stakingKeyPoP"),
        amount: f.amount("amount"),
      };
    case "register_delegator":
      return { op: name, nodeId: nodeId(), amount: f.amount("amount") };
    case "stake_new_tokens":
    case "stake_unstaked_tokens":
    case "stake_rewarded_tokens":
    case "request_unstaking":
    case "withdraw_unstaked_tokens":
    case "withdraw_rewarded_tokens":
      return { op: name, nodeId: nodeId(), delegatorId: delegatorId(), amount: f.amount("amount") };
    case "unstake_all":
      return { op: name, nodeId: nodeId() };
    case "update_networking_address":
      return { op: name, nodeId: nodeId(), networkingAddress: f.string("networkingAddress") };
    case "transfer_node":
      return { op: name, nodeId: nodeId(), to: asAccountId(f.string("to")) };
    case "transfer_delegator":
      return { op: name, nodeId: nodeId(), delegatorId: f.integer("delegatorId"), to: asAccountId(f.string("to")) };
    case "start_staking_auction":
    case "end_staking_auction":
    case "pay_rewards":
    case "move_tokens":
      return { op: name };
    case "set_approved_nodes":
    case "add_approved_nodes":
    case "remove_approved_nodes":
    case "add_approved_and_limits":
    case "end_staking":
    case "remove_invalid_nodes":
    case "end_epoch":
      return { op: name, nodeIds: f.stringList("nodeIds") };
    case "remove_node":
      return { op: name, nodeId: nodeId() };
    case "set_cut_percentage":
    case "set_epoch_token_payout":
    case "set_delegator_minimum":
      return { op: name, value: f.amount("value") };
    case "set_minimum_stakes":
      return { op: name, value: f.roleMap("value", readAmount) };
    case "set_candidate_node_limit":
      return { op: name, role: f.integer("role"), limit: BigInt(f.integer("limit")) };
    case "set_slot_limits":
      return { op: name, value: f.roleMap("value", (v, fail) => checkInteger(v, Number.MAX_SAFE_INTEGER, fail)) };
    case "set_open_access_node_slots":
      return { op: name, value: f.integer("value") };
    case "set_non_operational": {
      const object = f.object("value");
      const map = new Map<string, Amount>();
      for (const [id, percentage] of Object.entries(object)) {
        map.set(
          id,
          readAmount(percentage, (problem) => f.fail(`value.${id}`, problem)),
        );
      }
      return { op: name, value: map };
    }
    case "set_node_weight":
      return { op: name, nodeId: nodeId(), weight: f.integer("weight") };
    case "deposit_fees":
      return { op: name, amount: f.amount("amount") };
    case "fund":
      return { op: name, account: asAccountId(f.string("account")), amount: f.amount("amount") };
    default:
      throw new PlanError(`unknown op "${name}"`);
  }
}

function parseQuery(name: string, f: Fields): Query {
  switch (name) {
    case "node_info":
    case "node_total_commitment":
    case "node_total_commitment_without_delegators":
      return { query: name, nodeId: f.string("nodeId") };
    case "delegator_info":
      return { query: name, nodeId: f.string("nodeId"), delegatorId: f.integer("delegatorId") };
    case "total_staked_by_role":
      return { query: name, role: f.integer("role") };
    case "balance":
      return { query: name, account: asAccountId(f.string("account")) };
    default:
      return { query: name } as Query;
  }
}

function parseStep(value: unknown, index: number): PlanStep {
  const where = `step ${index}`;
  if (!isObject(value)) throw new PlanError(`${where}: must be an object, got ${describe(value)}`);
  const head = new Fields(value, where);
  const label = head.optionalString("label");
  const withLabel = label === undefined ? {} : { label };
  if (head.has("op") === head.has("query")) {
    throw new PlanError(`${where}: needs exactly one of "op" and "query"`);
  }
  if (head.has("query")) {
    const name = head.string("query");
    if (!QUERIES.has(name)) throw new PlanError(`${where}: unknown query "${name}"`);
    const f = new Fields(value, `${where} (${name})`);
    const signer = f.has("as") ? { signer: asAccountId(f.string("as")) } : {};
    return { kind: "query", index, ...withLabel, ...signer, query: parseQuery(name, f) };
  }
  const name = head.string("op");
  if (!USER.has(name) && !ADMIN.has(name)) throw new PlanError(`${where}: unknown op "${name}"`);
  const f = new Fields(value, `${where} (${name})`);
  const explicitSigner = f.has("as");
  if (!explicitSigner && USER.has(name)) f.fail("as", "missing: user operations name their signing account");
  const signer = asAccountId(explicitSigner ? f.string("as") : "admin");
  return { kind: "op", index, ...withLabel, signer, explicitSigner, operation: parseOperation(name, f) };
}

/** Parses a plan from its JSON value. Throws `PlanError` when it is malformed. */
export function parsePlan(value: unknown): Plan {
  if (!isObject(value)) throw new PlanError(`plan must be a JSON object, got ${describe(value)}`);
  const params = parseParams(value.params);
  const accounts = new Map<AccountId, Amount>();
  if (value.accounts !== undefined) {
    if (!isObject(value.accounts)) throw new PlanError(`accounts: must be an object, got ${describe(value.accounts)}`);
    const f = new Fields(value.accounts, "accounts");
    for (const name of Object.keys(value.accounts)) accounts.set(asAccountId(name), f.amount(name));
  }
  if (!Array.isArray(value.steps)) throw new PlanError(`steps: must be an array, got ${describe(value.steps)}`);
  const steps = value.steps.map((step, index) => parseStep(step, index));
  return { params, accounts, steps };
}

/** Parses plan text; JSON syntax errors become `PlanError`s too. */
export function parsePlanText(text: string): Plan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PlanError(`plan is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parsePlan(value);
}
