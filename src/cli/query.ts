/**
 * `flowstake query NAME [--node-id …] [--delegator-id …] [--role …] [--account …] [--pool-id …] [--case-id …]`: any
 * query of plan-format.md.
 */
import type { Command } from "commander";
import type { QueryArguments } from "../client/index.js";
import { isLedgerError } from "../core/errors.js";
import { isQueryName, readQuery } from "../core/operation-json.js";
import { QUERY_NAMES } from "../core/queries.js";
import { addReadOptions, connect, type ReadOptions } from "./connection.js";
import { UsageError } from "./exit.js";
import { normalizeAddress } from "./keystore.js";
import { fieldsTable, printJson, printLine } from "./output.js";

export interface QueryOptions extends ReadOptions {
  nodeId?: string;
  delegatorId?: string;
  role?: string;
  account?: string;
  poolId?: string;
  caseId?: string;
}

function integer(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${flag} must be a non-negative integer, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

const FLAGS: Readonly<Record<string, string>> = {
  nodeId: "--node-id",
  delegatorId: "--delegator-id",
  role: "--role",
  account: "--account",
  poolId: "--pool-id",
  caseId: "--case-id",
};

/** The query's arguments, exactly those it takes, checked by the ledger's reader of queries. */
export function queryArguments(name: string, options: QueryOptions): QueryArguments {
  if (!isQueryName(name)) throw new UsageError(`unknown query "${name}"; queries: ${QUERY_NAMES.join(", ")}`);
  const given: QueryArguments = {};
  if (options.nodeId !== undefined) given.nodeId = options.nodeId;
  const delegatorId = integer(options.delegatorId, "delegator-id");
  if (delegatorId !== undefined) given.delegatorId = delegatorId;
  const role = integer(options.role, "role");
  if (role !== undefined) given.role = role;
  if (options.account !== undefined) given.account = normalizeAddress(options.account, "--account");
  const poolId = integer(options.poolId, "pool-id");
  if (poolId !== undefined) given.poolId = poolId;
  const caseId = integer(options.caseId, "case-id");
  if (caseId !== undefined) given.caseId = caseId;
  let query: Record<string, unknown>;
  try {
    query = { ...readQuery(name, given) };
  } catch (error) {
    if (!isLedgerError(error)) throw error;
    const field = typeof error.details.field === "string" ? error.details.field : "";
    throw new UsageError(`query ${name}: ${FLAGS[field] ?? field}: ${error.message.replace(`${field}: `, "")}`);
  }
  const args: QueryArguments = {};
  if ("nodeId" in query) args.nodeId = given.nodeId;
  if ("delegatorId" in query) args.delegatorId = given.delegatorId;
  if ("role" in query) args.role = given.role;
  if ("account" in query) args.account = given.account;
  if ("poolId" in query) args.poolId = given.poolId;
  if ("caseId" in query) args.caseId = given.caseId;
  return args;
}

/** A query's result for a person: scalars as they are, lists one per line, objects as a table. */
export function describeResult(result: unknown): string {
  if (Array.isArray(result)) return result.length === 0 ? "(none)" : result.map(String).join("\n");
  if (typeof result === "object" && result !== null) return fieldsTable(Object.entries(result));
  return String(result);
}

export function registerQueryCommand(program: Command): void {
  addReadOptions(
    program
      .command("query")
      .description("run any query of plan-format.md (GET /v1/query/NAME)")
      .argument("<name>", `the query: ${QUERY_NAMES.join(", ")}`)
      .option("--node-id <id>", "the node (node_info, delegator_info, node_total_commitment…)")
      .option("--delegator-id <n>", "the delegator (delegator_info)")
      .option("--role <n>", "the role, 1..5 (total_staked_by_role)")
      .option("--account <address>", "the account (balance, pool_member)")
      .option("--pool-id <n>", "the pool (pool_info, pool_member)")
      .option("--case-id <n>", "the slashing case (slashing_case)"),
  ).action(async (name: string, options: QueryOptions) => {
    const args = queryArguments(name, options);
    const answer = await connect(options).query(name, args);
    if (options.json) printJson(answer);
    else printLine(describeResult(answer.result));
  });
}
