/**
 * Every operation of the ledger as a CLI command, in one table: where the command lives, its options, and which
 * argument of plan-format.md / node.md each option fills. `buildOperationArgs` turns parsed options into the
 * transaction's `args`, and `checkOperationArgs` runs them through the ledger's own reader (`readOperation`), so a
 * typo is a usage error before anything is signed or sent.
 */
import { isLedgerError } from "../core/errors.js";
import { readOperation } from "../core/operation-json.js";
import type { OperationName } from "../core/operations.js";
import { UsageError } from "./exit.js";
import { normalizeAddress } from "./keystore.js";

export type OptionKind =
  /** Passed as typed. */
  | "string"
  /** An amount: passed as typed, a decimal string (the ledger reads it). */
  | "amount"
  /** A non-negative integer. */
  | "integer"
  /** `true` or `false`. */
  | "boolean"
  /** An account address; `0x` and upper case accepted. */
  | "address"
  /** Node IDs, comma-separated and/or the option repeated. */
  | "nodeIds"
  /** A role map of amounts: `1=250000,2=500000,…` or a JSON object. */
  | "roleAmounts"
  /** A role map of integers: `1=10,2=10,…` or a JSON object. */
  | "roleIntegers"
  /** Node ID → amount: `ID=0.5,ID=0.25` or a JSON object. */
  | "nodeAmounts"
  /** The JSON file `flowstake keys generate --node` prints: fills the node ID, keys and PoP not given. */
  | "nodeKeysFile";

export interface OperationOption {
  /** The long flag without its dashes: `node-id` is `--node-id`. */
  readonly flag: string;
  /** The argument it fills, as a dotted path into `args` (`keys.0.publicKey`); empty for `nodeKeysFile`. */
  readonly field: string;
  readonly kind: OptionKind;
  readonly required: boolean;
  readonly description: string;
  /** Used when the option is not given. */
  readonly default?: string;
}

export interface OperationCommand {
  readonly op: OperationName;
  /** The command's words after `flowstake`: `["register-node"]`, `["account", "keys", "add"]`. */
  readonly command: readonly string[];
  readonly description: string;
  readonly options: readonly OperationOption[];
  /** Operations only the staking admin may send (`--key` must be an admin key, or `--as` the admin). */
  readonly admin: boolean;
}

// The options, named once each.
const opt = (
  flag: string,
  field: string,
  kind: OptionKind,
  description: string,
  extra: { required?: boolean; default?: string } = {},
): OperationOption => ({ flag, field, kind, description, required: extra.required ?? true, ...extra });

const NODE_ID = opt("node-id", "nodeId", "string", "the node's ID (64 hex characters)");
const DELEGATOR_ID_OPTIONAL = opt(
  "delegator-id",
  "delegatorId",
  "integer",
  "act on this delegator of the node instead of the node",
  { required: false },
);
const DELEGATOR_ID = opt("delegator-id", "delegatorId", "integer", "the delegator's ID");
const AMOUNT = opt("amount", "amount", "amount", "FLOW, a decimal with at most 8 decimals");
const TO = opt("to", "to", "address", "the receiving account's address");
const NODE_IDS = opt("node-ids", "nodeIds", "nodeIds", "node IDs, comma-separated or the option repeated");
const AMOUNT_VALUE = opt("value", "value", "amount", "the new value, a decimal");
const NETWORKING_ADDRESS = opt("networking-address", "networkingAddress", "string", "host:port");
const POOL_ID = opt("pool-id", "poolId", "integer", "the pool");
const POOL_FEE = opt("fee", "fee", "amount", "the service fee, a fraction of the pool's rewards, e.g. 0.1");
const AMOUNT_OPTIONAL = opt("amount", "amount", "amount", "FLOW (default: all of it)", { required: false });

function accountKeyOptions(prefix: string): OperationOption[] {
  return [
    opt("public-key", `${prefix}publicKey`, "string", "the public key, 128 hex characters (default: generate a pair)", {
      required: false,
    }),
    opt("signature-algorithm", `${prefix}signatureAlgorithm`, "string", "ECDSA_P256 or ECDSA_secp256k1", {
      default: "ECDSA_P256",
    }),
    opt("hash-algorithm", `${prefix}hashAlgorithm`, "string", "SHA3_256 or SHA2_256", { default: "SHA3_256" }),
    opt("weight", `${prefix}weight`, "integer", "the key's weight, 0..1000 (1000 signs alone)", { default: "1000" }),
  ];
}

const STAKE_OPTIONS = [NODE_ID, DELEGATOR_ID_OPTIONAL, AMOUNT];

function user(op: OperationName, description: string, options: OperationOption[]): OperationCommand {
  return { op, command: [op.replaceAll("_", "-")], description, options, admin: false };
}

function admin(op: OperationName, description: string, options: OperationOption[] = []): OperationCommand {
  return { op, command: [op.replaceAll("_", "-")], description: `(admin) ${description}`, options, admin: true };
}

function inGroup(
  op: OperationName,
  command: string[],
  description: string,
  options: OperationOption[],
): OperationCommand {
  return { op, command, description, options, admin: false };
}

function account(
  op: OperationName,
  command: string[],
  description: string,
  options: OperationOption[],
): OperationCommand {
  return { op, command: ["account", ...command], description, options, admin: false };
}

export const OPERATION_COMMANDS: readonly OperationCommand[] = [
  // User operations (plan-format.md)
  user("register_node", "register a node and commit its first tokens", [
    NODE_ID,
    opt("role", "role", "integer", "1 collection, 2 consensus, 3 execution, 4 verification, 5 access"),
    NETWORKING_ADDRESS,
    opt("networking-key", "networkingKey", "string", "the networking public key, 128 hex characters"),
    opt("staking-key", "stakingKey", "string", "the staking public key, 192 hex characters"),
    opt("pop", "stakingKeyPoP", "string", "the staking key's proof of possession, 96 hex characters", {
      required: false,
    }),
    AMOUNT,
    opt("node-keys", "", "nodeKeysFile", "the JSON of `flowstake keys generate --node`: node ID, keys and PoP", {
      required: false,
    }),
  ]),
  user("register_delegator", "register a delegator to a node and commit its first tokens", [NODE_ID, AMOUNT]),
  user("stake_new_tokens", "commit new tokens from the account's balance", STAKE_OPTIONS),
  user("stake_unstaked_tokens", "commit tokens from the unstaked pool", STAKE_OPTIONS),
  user("stake_rewarded_tokens", "commit tokens from the rewarded pool", STAKE_OPTIONS),
  user("request_unstaking", "request to unstake tokens at the end of the epoch", STAKE_OPTIONS),
  user("unstake_all", "request to unstake all of a node's tokens", [NODE_ID]),
  user("withdraw_unstaked_tokens", "withdraw unstaked tokens to the account's balance", STAKE_OPTIONS),
  user("withdraw_rewarded_tokens", "withdraw rewarded tokens to the account's balance", STAKE_OPTIONS),
  user("update_networking_address", "change a node's networking address", [NODE_ID, NETWORKING_ADDRESS]),
  user("transfer_node", "give a node's handle to another account", [NODE_ID, TO]),
  user("transfer_delegator", "give a delegator's handle to another account", [NODE_ID, DELEGATOR_ID, TO]),

  // Account operations (node.md)
  account("create_account", ["create"], "create an account with one key, funded from the signer's balance", [
    ...accountKeyOptions("keys.0."),
    opt("balance", "balance", "amount", "FLOW moved from the signing account to the new one", { required: false }),
  ]),
  account("add_account_key", ["keys", "add"], "add a key to the signing account", accountKeyOptions("")),
  account("revoke_account_key", ["keys", "revoke"], "revoke a key of the signing account", [
    opt("key-index", "keyIndex", "integer", "the index of the key to revoke"),
  ]),
  account("transfer_tokens", ["transfer"], "send FLOW to another account", [TO, AMOUNT]),

  // Admin operations (plan-format.md)
  admin("start_staking_auction", "open the staking auction"),
  admin("end_staking_auction", "remove invalid nodes, fill slots, close the auction"),
  admin("set_approved_nodes", "set the approved node list", [NODE_IDS]),
  admin("add_approved_nodes", "add nodes to the approved list", [NODE_IDS]),
  admin("remove_approved_nodes", "remove nodes from the approved list", [NODE_IDS]),
  admin("add_approved_and_limits", "approve nodes and raise slot limits to fit them", [NODE_IDS]),
  admin("end_staking", "set the approved list, then end the auction", [NODE_IDS]),
  admin("remove_invalid_nodes", "set the approved list, then remove invalid nodes only", [NODE_IDS]),
  admin("pay_rewards", "calculate rewards on the current stake and pay them"),
  admin("move_tokens", "move tokens between pools and open the next auction (epoch + 1)"),
  admin("end_epoch", "set the approved list, end the auction, move tokens (no rewards)", [NODE_IDS]),
  admin("remove_node", "remove a node and refund its tokens", [NODE_ID]),
  admin("set_cut_percentage", "set the node operators' cut of delegator rewards (0 < value < 1)", [AMOUNT_VALUE]),
  admin("set_epoch_token_payout", "set the rewards paid per epoch", [AMOUNT_VALUE]),
  admin("set_delegator_minimum", "set the minimum delegation", [AMOUNT_VALUE]),
  admin("set_minimum_stakes", "set the minimum stake of each role", [
    opt("value", "value", "roleAmounts", "all five roles: 1=250000,2=500000,3=1250000,4=135000,5=100"),
  ]),
  admin("set_candidate_node_limit", "set how many new nodes of a role one auction takes", [
    opt("role", "role", "integer", "the role, 1..5"),
    opt("limit", "limit", "integer", "the number of candidate nodes"),
  ]),
  admin("set_slot_limits", "set the participant limit of each role", [
    opt("value", "value", "roleIntegers", "all five roles: 1=10000,2=10000,3=10000,4=10000,5=10000"),
  ]),
  admin("set_open_access_node_slots", "set the number of open access node slots", [
    opt("value", "value", "integer", "the number of slots"),
  ]),
  admin("set_non_operational", "set the reward percentage withheld from non-operational nodes", [
    opt("value", "value", "nodeAmounts", "NODE_ID=PERCENTAGE,… each 0 ≤ p < 1 (empty for none)"),
  ]),
  admin("set_node_weight", "set a node's initial weight", [
    NODE_ID,
    opt("weight", "weight", "integer", "the weight, 0..100"),
  ]),
  admin("deposit_fees", "put new tokens into the fee vault", [opt("amount", "amount", "amount", "FLOW to deposit")]),
  admin("fund", "mint new tokens into an account", [
    opt("account", "account", "address", "the account to fund"),
    opt("amount", "amount", "amount", "FLOW to mint"),
  ]),

  // Epoch operations (node.md, FlowEpoch)
  admin("epoch_setup", "end the staking auction: staking auction → setup (manual mode)"),
  admin("epoch_commit", "calculate and store this epoch's rewards: setup → committed (manual mode)"),
  admin("epoch_start", "move tokens and start the next epoch: committed → staking auction (manual mode)"),
  admin("epoch_pay_rewards", "pay the previous epoch's stored rewards (manual mode)"),
  admin("set_epoch_timing", "set the epoch's phase lengths", [
    opt("epoch-length-ms", "epochLengthMs", "integer", "the length of an epoch, in milliseconds"),
    opt("staking-auction-ms", "stakingAuctionMs", "integer", "the length of the staking auction, in milliseconds"),
    opt("setup-ms", "setupMs", "integer", "the length of the setup phase, in milliseconds"),
  ]),
  admin("set_automatic_rewards", "set the automatic payout from supply growth", [
    opt("enabled", "enabled", "boolean", "true or false"),
    opt("supply-increase-percentage", "supplyIncreasePercentage", "amount", "the yearly supply growth, e.g. 0.05"),
    opt("bonus-tokens", "bonusTokens", "amount", "bonus tokens taken out of the payout"),
  ]),
  admin("set_transaction_fee", "set the fee every signed transaction pays", [AMOUNT_VALUE]),

  // Pools (docs/pools-and-slashing.md)
  inGroup(
    "open_pool",
    ["pool", "open"],
    "open a pool on a node or delegator you hold; your stake becomes your shares",
    [
      NODE_ID,
      DELEGATOR_ID_OPTIONAL,
      POOL_FEE,
      opt("minimum-join", "minimumJoin", "amount", "the smallest first deposit of a new member"),
      opt("extra-lock-epochs", "extraLockEpochs", "integer", "epochs a leaver waits beyond the holding period", {
        default: "0",
      }),
    ],
  ),
  inGroup("join_pool", ["pool", "join"], "deposit FLOW into a pool (auction open)", [POOL_ID, AMOUNT]),
  inGroup("leave_pool", ["pool", "leave"], "take principal out of a pool: tickets paid after the holding period", [
    POOL_ID,
    AMOUNT,
  ]),
  inGroup("withdraw_from_pool", ["pool", "withdraw"], "collect every ready leave ticket", [POOL_ID]),
  inGroup("stake_pool_rewards", ["pool", "stake-rewards"], "restake your claimable pool rewards (auction open)", [
    POOL_ID,
    AMOUNT_OPTIONAL,
  ]),
  inGroup("withdraw_pool_rewards", ["pool", "withdraw-rewards"], "withdraw your claimable pool rewards", [
    POOL_ID,
    AMOUNT_OPTIONAL,
  ]),
  inGroup("withdraw_pool_fees", ["pool", "withdraw-fees"], "(operator) withdraw the pool's service fees", [
    POOL_ID,
    AMOUNT_OPTIONAL,
  ]),
  inGroup("set_pool_fee", ["pool", "set-fee"], "(operator) change the service fee; increases are announced", [
    POOL_ID,
    POOL_FEE,
  ]),
  admin("set_max_pool_fee", "set the largest service fee a pool may take", [AMOUNT_VALUE]),

  // Slashing (docs/pools-and-slashing.md)
  inGroup("open_slashing_case", ["slashing", "open"], "open a case against a node, as a staked consensus node", [
    opt("node-id", "nodeId", "string", "your staked consensus node, the opener"),
    opt("accused", "accused", "string", "the accused node's ID"),
    opt("evidence-hash", "evidenceHash", "string", "64 hex characters: the hash of the evidence"),
    opt("fine", "fine", "amount", "the fine as a fraction of the stake, e.g. 0.1"),
  ]),
  inGroup("vote_on_slashing_case", ["slashing", "vote"], "vote on a case with your node's staking key", [
    opt("case-id", "caseId", "integer", "the case"),
    opt("node-id", "nodeId", "string", "your staked consensus node, the voter"),
    opt("vote", "vote", "string", "yes or no", { default: "yes" }),
    opt("signature", "signature", "string", "the BLS vote signature (default: sign with --staking-keys)", {
      required: false,
    }),
  ]),
  admin("set_slashing_params", "set the maximum fine, how long cases stay open, and whether delegators share", [
    opt("max-slash-fraction", "maxSlashFraction", "amount", "the largest fine, a fraction ≤ 1"),
    opt("case-epochs", "caseEpochs", "integer", "epochs a case stays open"),
    opt("slash-delegators", "slashDelegators", "boolean", "true: delegators lose the same fraction"),
  ]),
];

/** Commander's attribute for a flag: `node-id` → `nodeId`. */
export function attributeName(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Values as commander parsed them: strings, or lists of strings for repeatable options. */
export type OptionValues = Readonly<Record<string, unknown>>;

export interface ArgsIo {
  /** Reads a text file (`--node-keys`); throws when it cannot. */
  readText(path: string): string;
}

function usage(entry: OperationCommand, flag: string, problem: string): never {
  throw new UsageError(`${entry.command.join(" ")}: --${flag}: ${problem}`);
}

function texts(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

function integerOf(text: string, fail: (problem: string) => never): number {
  if (!/^(0|[1-9][0-9]*)$/.test(text)) fail(`must be a non-negative integer, got ${JSON.stringify(text)}`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) fail(`must be at most ${Number.MAX_SAFE_INTEGER}, got ${text}`);
  return n;
}

/** `KEY=VALUE,KEY=VALUE` or a JSON object, values converted by `convert`. */
function mapOf(text: string, convert: (value: string) => unknown, fail: (problem: string) => never) {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      fail("is not valid JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) fail("must be a JSON object");
    return parsed;
  }
  const map: Record<string, unknown> = {};
  for (const pair of trimmed.split(",").filter((part) => part.trim() !== "")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) fail(`expected KEY=VALUE pairs separated by commas, got ${JSON.stringify(pair)}`);
    const key = pair.slice(0, eq).trim();
    if (Object.hasOwn(map, key)) fail(`${key} is given twice`);
    map[key] = convert(pair.slice(eq + 1).trim());
  }
  return map;
}

function convert(entry: OperationCommand, option: OperationOption, value: unknown): unknown {
  function fail(problem: string): never {
    return usage(entry, option.flag, problem);
  }
  const text = Array.isArray(value) ? String(value.at(-1)) : String(value);
  switch (option.kind) {
    case "string":
    case "amount":
      return text;
    case "integer":
      return integerOf(text, fail);
    case "boolean":
      if (text === "true") return true;
      if (text === "false") return false;
      return fail(`must be true or false, got ${JSON.stringify(text)}`);
    case "address":
      try {
        return normalizeAddress(text);
      } catch (error) {
        return fail(error instanceof Error ? error.message : String(error));
      }
    case "nodeIds":
      return texts(value)
        .flatMap((item) => item.split(/[\s,]+/))
        .filter((id) => id !== "");
    case "roleAmounts":
    case "nodeAmounts":
      return mapOf(text, (item) => item, fail);
    case "roleIntegers":
      return mapOf(text, (item) => integerOf(item, fail), fail);
    case "nodeKeysFile":
      return text;
  }
}

/** Puts `value` at a dotted path (`keys.0.publicKey`), making objects and arrays on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node: Record<string, unknown> | unknown[] = target;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    const last = i === parts.length - 1;
    const nextIsIndex = /^[0-9]+$/.test(parts[i + 1] ?? "");
    const holder = node as Record<string, unknown>;
    if (last) {
      holder[part] = value;
      return;
    }
    const existing = holder[part];
    if (typeof existing === "object" && existing !== null) node = existing as Record<string, unknown>;
    else {
      const created: Record<string, unknown> | unknown[] = nextIsIndex ? [] : {};
      holder[part] = created;
      node = created;
    }
  }
}

/** The arguments `--node-keys FILE` can supply. */
export const NODE_KEY_FILE_FIELDS: readonly string[] = ["nodeId", "networkingKey", "stakingKey", "stakingKeyPoP"];

const NODE_KEY_FIELDS: readonly (readonly [string, (keys: Record<string, unknown>) => unknown])[] = [
  ["nodeId", (keys) => keys.nodeId],
  ["networkingKey", (keys) => publicHalf(keys.networkingKey)],
  ["stakingKey", (keys) => publicHalf(keys.stakingKey)],
  ["stakingKeyPoP", (keys) => keys.stakingKeyPoP],
];

function publicHalf(pair: unknown): unknown {
  return typeof pair === "object" && pair !== null ? (pair as Record<string, unknown>).publicKey : undefined;
}

/** The values `--node-keys FILE` supplies, by attribute name, for the options not given. */
function nodeKeyValues(entry: OperationCommand, option: OperationOption, path: string, io: ArgsIo) {
  function fail(problem: string): never {
    return usage(entry, option.flag, problem);
  }
  let text = "";
  try {
    text = io.readText(path);
  } catch (error) {
    fail(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail(`${path} is not JSON`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) fail(`${path} is not a JSON object`);
  const keys = parsed as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const [field, read] of NODE_KEY_FIELDS) {
    const value = read(keys);
    if (typeof value !== "string")
      fail(`${path} has no ${field}; expected what \`flowstake keys generate --node\` prints`);
    const target = entry.options.find((o) => o.field === field);
    if (target !== undefined) values[attributeName(target.flag)] = value;
  }
  return values;
}

/**
 * The operation's `args` from parsed option values: defaults applied, `--node-keys` read, each value converted by
 * its kind and put at its field. Missing required options and malformed values are `UsageError`s.
 */
export function buildOperationArgs(
  entry: OperationCommand,
  given: OptionValues,
  io: ArgsIo = { readText: () => "" },
): Record<string, unknown> {
  let values: Record<string, unknown> = { ...given };
  for (const option of entry.options) {
    const value = values[attributeName(option.flag)];
    if (option.kind !== "nodeKeysFile" || value === undefined) continue;
    values = { ...nodeKeyValues(entry, option, String(value), io), ...stripUndefined(values) };
  }
  const args: Record<string, unknown> = {};
  for (const option of entry.options) {
    if (option.kind === "nodeKeysFile") continue;
    const value = values[attributeName(option.flag)] ?? option.default;
    if (value === undefined) {
      if (option.required) usage(entry, option.flag, "missing");
      continue;
    }
    setPath(args, option.field, convert(entry, option, value));
  }
  return args;
}

function stripUndefined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/**
 * Checks `args` with the ledger's reader of operations; a refusal becomes a `UsageError` naming the option
 * (`stake-new-tokens: --amount: has more than 8 decimals …`).
 */
export function checkOperationArgs(entry: OperationCommand, args: Record<string, unknown>): void {
  try {
    readOperation(entry.op, args);
  } catch (error) {
    if (!isLedgerError(error)) throw error;
    const field = typeof error.details.field === "string" ? error.details.field : "";
    const option = entry.options.find((o) => o.field !== "" && (field === o.field || field.startsWith(`${o.field}.`)));
    const message =
      field !== "" && error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
    if (option === undefined) throw new UsageError(`${entry.command.join(" ")}: ${error.code}: ${error.message}`);
    const where = field === option.field ? "" : `${field.slice(option.field.length + 1)}: `;
    usage(entry, option.flag, `${where}${message} (${error.code})`);
  }
}

export function operationCommand(op: OperationName): OperationCommand {
  const entry = OPERATION_COMMANDS.find((candidate) => candidate.op === op);
  if (entry === undefined) throw new Error(`no command for operation ${op}`);
  return entry;
}
