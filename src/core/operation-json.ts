/**
 * Operations and queries from JSON: the one reader behind plan steps and transaction payloads, so both accept
 * exactly the names and argument types of plan-format.md. Errors name the field (`details.field`).
 */
import { Arguments, isJsonObject, readAmount, readIntegerValue } from "./arguments.js";
import { LedgerError } from "./errors.js";
import { asAccountId } from "./ids.js";
import { OPERATION_NAMES, type Operation, type OperationName } from "./operations.js";
import { isPoolOperationName, readPoolOperation, readPoolQuery } from "./pools/index.js";
import { QUERY_NAMES, type Query, type QueryName } from "./queries.js";
import { isSlashingOperationName, readSlashingOperation, readSlashingQuery } from "./slashing/index.js";
import type { AccountKeyInput, HashAlgorithm, SignatureAlgorithm } from "./state.js";

const OPERATIONS = new Set<string>(OPERATION_NAMES);
const QUERIES = new Set<string>(QUERY_NAMES);

export function isOperationName(name: string): name is OperationName {
  return OPERATIONS.has(name);
}

export function isQueryName(name: string): name is QueryName {
  return QUERIES.has(name);
}

function accountKey(a: Arguments): AccountKeyInput {
  return {
    publicKey: a.string("publicKey"),
    signatureAlgorithm: a.string("signatureAlgorithm") as SignatureAlgorithm,
    hashAlgorithm: a.string("hashAlgorithm") as HashAlgorithm,
    weight: a.integer("weight"),
  };
}

/** The operation named `type` with its arguments read from `args` (other fields are ignored). */
export function readOperation(type: string, args: unknown): Operation {
  if (!isOperationName(type)) {
    throw new LedgerError("UNKNOWN_TRANSACTION_TYPE", `unknown operation "${type}"`, { type });
  }
  if (!isJsonObject(args)) throw new LedgerError("INVALID_ARGUMENT", "arguments must be an object", { field: "args" });
  const a = new Arguments(args);
  if (isPoolOperationName(type)) return readPoolOperation(type, a);
  if (isSlashingOperationName(type)) return readSlashingOperation(type, a);
  switch (type) {
    case "register_node":
      return {
        op: type,
        nodeId: a.string("nodeId"),
        role: a.integer("role"),
        networkingAddress: a.string("networkingAddress"),
        networkingKey: a.string("networkingKey"),
        stakingKey: a.string("stakingKey"),
        stakingKeyPoP: a.optionalString("stakingKeyPoP"),
        amount: a.amount("amount"),
      };
    case "register_delegator":
      return { op: type, nodeId: a.string("nodeId"), amount: a.amount("amount") };
    case "stake_new_tokens":
    case "stake_unstaked_tokens":
    case "stake_rewarded_tokens":
    case "request_unstaking":
    case "withdraw_unstaked_tokens":
    case "withdraw_rewarded_tokens":
      return {
        op: type,
        nodeId: a.string("nodeId"),
        delegatorId: a.optionalInteger("delegatorId"),
        amount: a.amount("amount"),
      };
    case "unstake_all":
    case "remove_node":
      return { op: type, nodeId: a.string("nodeId") };
    case "update_networking_address":
      return { op: type, nodeId: a.string("nodeId"), networkingAddress: a.string("networkingAddress") };
    case "transfer_node":
      return { op: type, nodeId: a.string("nodeId"), to: asAccountId(a.string("to")) };
    case "transfer_delegator":
      return {
        op: type,
        nodeId: a.string("nodeId"),
        delegatorId: a.integer("delegatorId"),
        to: asAccountId(a.string("to")),
      };
    case "create_account":
      return { op: type, keys: a.objectList("keys").map(accountKey), balance: a.optionalAmount("balance") };
    case "add_account_key":
      return { op: type, ...accountKey(a) };
    case "revoke_account_key":
      return { op: type, keyIndex: a.integer("keyIndex") };
    case "transfer_tokens":
      return { op: type, to: asAccountId(a.string("to")), amount: a.amount("amount") };
    case "start_staking_auction":
    case "end_staking_auction":
    case "pay_rewards":
    case "move_tokens":
    case "epoch_setup":
    case "epoch_commit":
    case "epoch_start":
    case "epoch_pay_rewards":
      return { op: type };
    case "set_approved_nodes":
    case "add_approved_nodes":
    case "remove_approved_nodes":
    case "add_approved_and_limits":
    case "end_staking":
    case "remove_invalid_nodes":
    case "end_epoch":
      return { op: type, nodeIds: a.stringList("nodeIds") };
    case "set_cut_percentage":
    case "set_epoch_token_payout":
    case "set_delegator_minimum":
    case "set_transaction_fee":
      return { op: type, value: a.amount("value") };
    case "set_minimum_stakes":
      return { op: type, value: a.roleMap("value", readAmount) };
    case "set_candidate_node_limit":
      return { op: type, role: a.integer("role"), limit: BigInt(a.integer("limit")) };
    case "set_slot_limits":
      return { op: type, value: a.roleMap("value", (v, field) => readIntegerValue(v, field)) };
    case "set_open_access_node_slots":
      return { op: type, value: a.integer("value") };
    case "set_non_operational":
      return { op: type, value: a.amountMap("value") };
    case "set_node_weight":
      return { op: type, nodeId: a.string("nodeId"), weight: a.integer("weight") };
    case "deposit_fees":
      return { op: type, amount: a.amount("amount") };
    case "fund":
      return { op: type, account: asAccountId(a.string("account")), amount: a.amount("amount") };
    case "set_epoch_timing":
      return {
        op: type,
        epochLengthMs: a.integer("epochLengthMs"),
        stakingAuctionMs: a.integer("stakingAuctionMs"),
        setupMs: a.integer("setupMs"),
      };
    case "set_automatic_rewards":
      return {
        op: type,
        enabled: a.boolean("enabled"),
        supplyIncreasePercentage: a.amount("supplyIncreasePercentage"),
        bonusTokens: a.amount("bonusTokens"),
      };
  }
}

/** The query named `name` with its arguments read from `args`. */
export function readQuery(name: string, args: unknown): Query {
  if (!isQueryName(name)) throw new LedgerError("INVALID_ARGUMENT", `unknown query "${name}"`, { field: "query" });
  if (!isJsonObject(args)) throw new LedgerError("INVALID_ARGUMENT", "arguments must be an object", { field: "args" });
  const a = new Arguments(args);
  switch (name) {
    case "pool_info":
    case "pool_member":
      return readPoolQuery(name, a);
    case "slashing_case":
      return readSlashingQuery(name, a);
    case "node_info":
    case "node_total_commitment":
    case "node_total_commitment_without_delegators":
      return { query: name, nodeId: a.string("nodeId") };
    case "delegator_info":
      return { query: name, nodeId: a.string("nodeId"), delegatorId: a.integer("delegatorId") };
    case "total_staked_by_role":
      return { query: name, role: a.integer("role") };
    case "balance":
      return { query: name, account: asAccountId(a.string("account")) };
    case "table":
    case "current_table":
    case "proposed_table":
    case "approved_nodes":
    case "non_operational":
    case "candidate_nodes":
    case "candidate_limits":
    case "slot_limits":
    case "role_counts":
    case "minimum_stakes":
    case "total_staked":
    case "cut_percentage":
    case "epoch_token_payout":
    case "delegator_minimum":
    case "fee_balance":
    case "total_supply":
    case "staking_enabled":
    case "epoch_counter":
      return { query: name };
  }
}
