/**
 * Reading a plan file (plan-format.md) into typed steps. Everything that cannot be read — a wrong JSON type, an
 * unknown op, a bad amount — is a `PlanError` naming the step and field (decisions.md D7); everything the contract
 * checks is left for the run, where it becomes a failed step.
 */
import { type Amount, ONE, parseAmount } from "../core/amount.js";
import { Arguments, describeJson, isJsonObject, readAmount, readIntegerValue } from "../core/arguments.js";
import { isLedgerError, LedgerError } from "../core/errors.js";
import { type AccountId, asAccountId } from "../core/ids.js";
import type { KeyValidation } from "../core/keys.js";
import { isOperationName, isQueryName, readOperation, readQuery } from "../core/operation-json.js";
import { isAdminOperationName, type Operation } from "../core/operations.js";
import type { Query } from "../core/queries.js";
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

/** A plan-level reading error: the step (or section) and the field. */
function planError(where: string, error: unknown): never {
  if (isLedgerError(error)) {
    const field = typeof error.details.field === "string" ? error.details.field : undefined;
    if (field === undefined) throw new PlanError(`${where}: ${error.message}`);
    const problem = error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
    throw new PlanError(`${where}: field "${field}": ${problem}`);
  }
  throw error;
}

function reading<T>(where: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    return planError(where, error);
  }
}

function fullRoleTable<T>(map: Map<number, T>, field: string): RoleTable<T> {
  const table: unknown[] = [undefined];
  for (const role of [1, 2, 3, 4, 5]) {
    if (!map.has(role))
      throw new LedgerError("INVALID_ARGUMENT", `${field}: needs an entry for each role 1..5`, { field });
    table.push(map.get(role));
  }
  return table as RoleTable<T>;
}

const DEFAULT_BALANCE = "1000000000.0";

function parseParams(value: unknown): PlanParams {
  const source = value ?? {};
  if (!isJsonObject(source)) throw new PlanError(`params: must be an object, got ${describeJson(source)}`);
  return reading("params", () => {
    const a = new Arguments(source);
    const params: PlanParams = {
      keyValidation: "full",
      defaultBalance: a.has("defaultBalance") ? a.amount("defaultBalance") : parseAmount(DEFAULT_BALANCE),
      seed: a.optionalString("seed") ?? "flowstake",
    };
    if (a.has("keyValidation")) {
      const mode = a.string("keyValidation");
      if (mode === "full" || mode === "format") params.keyValidation = mode;
      else a.fail("keyValidation", `must be "full" or "format", got "${mode}"`);
    }
    if (a.has("epochTokenPayout")) params.epochTokenPayout = a.amount("epochTokenPayout");
    if (a.has("rewardCutPercentage")) {
      const cut = a.amount("rewardCutPercentage");
      if (cut === 0n || cut >= ONE) a.fail("rewardCutPercentage", "must be strictly between 0 and 1");
      params.rewardCutPercentage = cut;
    }
    if (a.has("minimumStakes")) params.minimumStakes = a.roleMap("minimumStakes", readAmount);
    if (a.has("delegatorMinimum")) params.delegatorMinimum = a.amount("delegatorMinimum");
    if (a.has("candidateNodeLimits")) {
      const map = a.roleMap("candidateNodeLimits", (v, field) => BigInt(readIntegerValue(v, field)));
      params.candidateNodeLimits = fullRoleTable(map, "candidateNodeLimits");
    }
    if (a.has("slotLimits")) {
      const map = a.roleMap("slotLimits", (v, field) => readIntegerValue(v, field, 0xffff));
      params.slotLimits = fullRoleTable(map, "slotLimits");
    }
    return params;
  });
}

function parseStep(value: unknown, index: number): PlanStep {
  const where = `step ${index}`;
  if (!isJsonObject(value)) throw new PlanError(`${where}: must be an object, got ${describeJson(value)}`);
  const head = new Arguments(value);
  const label = reading(where, () => head.optionalString("label"));
  const withLabel = label === undefined ? {} : { label };
  if (head.has("op") === head.has("query")) throw new PlanError(`${where}: needs exactly one of "op" and "query"`);
  if (head.has("query")) {
    const name = reading(where, () => head.string("query"));
    if (!isQueryName(name)) throw new PlanError(`${where}: unknown query "${name}"`);
    const at = `${where} (${name})`;
    const signer = reading(at, () => (head.has("as") ? { signer: asAccountId(head.string("as")) } : {}));
    return { kind: "query", index, ...withLabel, ...signer, query: reading(at, () => readQuery(name, value)) };
  }
  const name = reading(where, () => head.string("op"));
  if (!isOperationName(name)) throw new PlanError(`${where}: unknown op "${name}"`);
  const at = `${where} (${name})`;
  const explicitSigner = head.has("as");
  // Every operation that is not the admin's (user, account, pool and slashing operations) names its signer.
  if (!explicitSigner && !isAdminOperationName(name))
    throw new PlanError(`${at}: field "as": missing: user operations name their signing account`);
  const signer = asAccountId(explicitSigner ? reading(at, () => head.string("as")) : "admin");
  return {
    kind: "op",
    index,
    ...withLabel,
    signer,
    explicitSigner,
    operation: reading(at, () => readOperation(name, value)),
  };
}

/** Parses a plan from its JSON value. Throws `PlanError` when it is malformed. */
export function parsePlan(value: unknown): Plan {
  if (!isJsonObject(value)) throw new PlanError(`plan must be a JSON object, got ${describeJson(value)}`);
  const params = parseParams(value.params);
  const accounts = new Map<AccountId, Amount>();
  const listed = value.accounts;
  if (listed !== undefined) {
    if (!isJsonObject(listed)) throw new PlanError(`accounts: must be an object, got ${describeJson(listed)}`);
    const a = new Arguments(listed);
    for (const name of Object.keys(listed))
      accounts.set(
        asAccountId(name),
        reading("accounts", () => a.amount(name)),
      );
  }
  if (!Array.isArray(value.steps)) throw new PlanError(`steps: must be an array, got ${describeJson(value.steps)}`);
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
