import { describe, expect, it } from "vitest";
import { OPERATION_NAMES, type OperationName } from "../core/operations.js";
import { UsageError } from "./exit.js";
import {
  attributeName,
  buildOperationArgs,
  checkOperationArgs,
  OPERATION_COMMANDS,
  type OperationCommand,
  operationCommand,
} from "./operation-table.js";

const N1 = "1".repeat(64);
const N2 = "2".repeat(64);
const NET_KEY = "a".repeat(128);
const STAKING_KEY = "b".repeat(192);
const POP = "c".repeat(96);
const ACCOUNT_KEY = "d".repeat(128);

/** What a person types (as commander parses it, defaults included) → the exact `args` sent. */
const CASES: Record<OperationName, [Record<string, unknown>, Record<string, unknown>]> = {
  register_node: [
    {
      nodeId: N1,
      role: "2",
      networkingAddress: "n.example.org:3569",
      networkingKey: NET_KEY,
      stakingKey: STAKING_KEY,
      pop: POP,
      amount: "500000",
    },
    {
      nodeId: N1,
      role: 2,
      networkingAddress: "n.example.org:3569",
      networkingKey: NET_KEY,
      stakingKey: STAKING_KEY,
      stakingKeyPoP: POP,
      amount: "500000",
    },
  ],
  register_delegator: [
    { nodeId: N1, amount: "50.5" },
    { nodeId: N1, amount: "50.5" },
  ],
  stake_new_tokens: [
    { nodeId: N1, delegatorId: "1", amount: "10.0" },
    { nodeId: N1, delegatorId: 1, amount: "10.0" },
  ],
  stake_unstaked_tokens: [
    { nodeId: N1, amount: "1" },
    { nodeId: N1, amount: "1" },
  ],
  stake_rewarded_tokens: [
    { nodeId: N1, delegatorId: "0", amount: "2" },
    { nodeId: N1, delegatorId: 0, amount: "2" },
  ],
  request_unstaking: [
    { nodeId: N1, amount: "3.5" },
    { nodeId: N1, amount: "3.5" },
  ],
  unstake_all: [{ nodeId: N1 }, { nodeId: N1 }],
  withdraw_unstaked_tokens: [
    { nodeId: N1, delegatorId: "7", amount: "4" },
    { nodeId: N1, delegatorId: 7, amount: "4" },
  ],
  withdraw_rewarded_tokens: [
    { nodeId: N1, amount: "0.00000001" },
    { nodeId: N1, amount: "0.00000001" },
  ],
  update_networking_address: [
    { nodeId: N1, networkingAddress: "m.example.org:1" },
    { nodeId: N1, networkingAddress: "m.example.org:1" },
  ],
  transfer_node: [
    { nodeId: N1, to: "0x0000000000000003" },
    { nodeId: N1, to: "0000000000000003" },
  ],
  transfer_delegator: [
    { nodeId: N1, delegatorId: "2", to: "0000000000000003" },
    { nodeId: N1, delegatorId: 2, to: "0000000000000003" },
  ],
  create_account: [
    {
      publicKey: ACCOUNT_KEY,
      signatureAlgorithm: "ECDSA_secp256k1",
      hashAlgorithm: "SHA2_256",
      weight: "500",
      balance: "100",
    },
    {
      keys: [{ publicKey: ACCOUNT_KEY, signatureAlgorithm: "ECDSA_secp256k1", hashAlgorithm: "SHA2_256", weight: 500 }],
      balance: "100",
    },
  ],
  add_account_key: [
    { publicKey: ACCOUNT_KEY },
    { publicKey: ACCOUNT_KEY, signatureAlgorithm: "ECDSA_P256", hashAlgorithm: "SHA3_256", weight: 1000 },
  ],
  revoke_account_key: [{ keyIndex: "1" }, { keyIndex: 1 }],
  transfer_tokens: [
    { to: "000000000000000A", amount: "12.5" },
    { to: "000000000000000a", amount: "12.5" },
  ],
  start_staking_auction: [{}, {}],
  end_staking_auction: [{}, {}],
  set_approved_nodes: [{ nodeIds: [`${N1},${N2}`] }, { nodeIds: [N1, N2] }],
  add_approved_nodes: [{ nodeIds: [N1, N2] }, { nodeIds: [N1, N2] }],
  remove_approved_nodes: [{ nodeIds: [`${N1} ${N2}`] }, { nodeIds: [N1, N2] }],
  add_approved_and_limits: [{ nodeIds: [N1] }, { nodeIds: [N1] }],
  end_staking: [{ nodeIds: [""] }, { nodeIds: [] }],
  remove_invalid_nodes: [{ nodeIds: [N2] }, { nodeIds: [N2] }],
  pay_rewards: [{}, {}],
  move_tokens: [{}, {}],
  end_epoch: [{ nodeIds: [`${N1},`] }, { nodeIds: [N1] }],
  remove_node: [{ nodeId: N2 }, { nodeId: N2 }],
  set_cut_percentage: [{ value: "0.1" }, { value: "0.1" }],
  set_epoch_token_payout: [{ value: "1250000" }, { value: "1250000" }],
  set_delegator_minimum: [{ value: "50" }, { value: "50" }],
  set_minimum_stakes: [
    { value: "1=250000,2=500000,3=1250000,4=135000,5=100" },
    { value: { "1": "250000", "2": "500000", "3": "1250000", "4": "135000", "5": "100" } },
  ],
  set_candidate_node_limit: [
    { role: "1", limit: "20" },
    { role: 1, limit: 20 },
  ],
  set_slot_limits: [
    { value: '{"1":10,"2":20,"3":30,"4":40,"5":50}' },
    { value: { "1": 10, "2": 20, "3": 30, "4": 40, "5": 50 } },
  ],
  set_open_access_node_slots: [{ value: "5" }, { value: 5 }],
  set_non_operational: [{ value: `${N1}=0.5, ${N2}=0` }, { value: { [N1]: "0.5", [N2]: "0" } }],
  set_node_weight: [
    { nodeId: N1, weight: "80" },
    { nodeId: N1, weight: 80 },
  ],
  deposit_fees: [{ amount: "7" }, { amount: "7" }],
  fund: [
    { account: "0000000000000004", amount: "1000" },
    { account: "0000000000000004", amount: "1000" },
  ],
  epoch_setup: [{}, {}],
  epoch_commit: [{}, {}],
  epoch_start: [{}, {}],
  epoch_pay_rewards: [{}, {}],
  set_epoch_timing: [
    { epochLengthMs: "60000", stakingAuctionMs: "40000", setupMs: "10000" },
    { epochLengthMs: 60000, stakingAuctionMs: 40000, setupMs: 10000 },
  ],
  set_automatic_rewards: [
    { enabled: "true", supplyIncreasePercentage: "0.05", bonusTokens: "0" },
    { enabled: true, supplyIncreasePercentage: "0.05", bonusTokens: "0" },
  ],
  set_transaction_fee: [{ value: "0.0001" }, { value: "0.0001" }],
  open_pool: [
    { nodeId: N1, fee: "0.1", minimumJoin: "50", extraLockEpochs: "1" },
    { nodeId: N1, fee: "0.1", minimumJoin: "50", extraLockEpochs: 1 },
  ],
  join_pool: [
    { poolId: "1", amount: "100" },
    { poolId: 1, amount: "100" },
  ],
  leave_pool: [
    { poolId: "1", amount: "10" },
    { poolId: 1, amount: "10" },
  ],
  withdraw_from_pool: [{ poolId: "2" }, { poolId: 2 }],
  stake_pool_rewards: [{ poolId: "1" }, { poolId: 1 }],
  withdraw_pool_rewards: [
    { poolId: "1", amount: "0.5" },
    { poolId: 1, amount: "0.5" },
  ],
  withdraw_pool_fees: [{ poolId: "1" }, { poolId: 1 }],
  set_pool_fee: [
    { poolId: "1", fee: "0.2" },
    { poolId: 1, fee: "0.2" },
  ],
  set_max_pool_fee: [{ value: "0.4" }, { value: "0.4" }],
  open_slashing_case: [
    { nodeId: N1, accused: N2, evidenceHash: "e".repeat(64), fine: "0.1" },
    { nodeId: N1, accused: N2, evidenceHash: "e".repeat(64), fine: "0.1" },
  ],
  vote_on_slashing_case: [
    { caseId: "3", nodeId: N1, vote: "yes", signature: "f".repeat(96) },
    { caseId: 3, nodeId: N1, vote: "yes", signature: "f".repeat(96) },
  ],
  set_slashing_params: [
    { maxSlashFraction: "0.5", caseEpochs: "2", slashDelegators: "true" },
    { maxSlashFraction: "0.5", caseEpochs: 2, slashDelegators: true },
  ],
};

/** Commander puts defaults into the values; the builder applies the same ones, so both ways give one result. */
function withDefaults(entry: OperationCommand, values: Record<string, unknown>): Record<string, unknown> {
  const all = { ...values };
  for (const option of entry.options) {
    const name = attributeName(option.flag);
    if (option.default !== undefined && all[name] === undefined) all[name] = option.default;
  }
  return all;
}

const SUBMIT_ATTRIBUTES = ["key", "as", "cosign", "expiryHeight", "node", "keystore", "json", "newKeyName"];

describe("OPERATION_COMMANDS", () => {
  it("has every operation of src/core/operations.ts exactly once", () => {
    const ops = OPERATION_COMMANDS.map((entry) => entry.op);
    expect([...ops].sort()).toEqual([...OPERATION_NAMES].sort());
    expect(new Set(ops).size).toBe(ops.length);
  });

  it("gives each operation its own command, named after the operation or in the account, pool or slashing group", () => {
    const paths = OPERATION_COMMANDS.map((entry) => entry.command.join(" "));
    expect(new Set(paths).size).toBe(paths.length);
    for (const entry of OPERATION_COMMANDS) {
      const grouped = ["account", "pool", "slashing"].includes(entry.command[0] ?? "");
      if (!grouped) expect(entry.command).toEqual([entry.op.replaceAll("_", "-")]);
    }
  });

  it("uses no flag twice in a command, and none of the submit options", () => {
    for (const entry of OPERATION_COMMANDS) {
      const names = entry.options.map((option) => attributeName(option.flag));
      expect(new Set(names).size, entry.op).toBe(names.length);
      for (const name of names) expect(SUBMIT_ATTRIBUTES, `${entry.op} --${name}`).not.toContain(name);
    }
  });

  it("marks exactly the admin operations as admin", async () => {
    const { isAdminOperationName } = await import("../core/operations.js");
    for (const entry of OPERATION_COMMANDS) expect(entry.admin, entry.op).toBe(isAdminOperationName(entry.op));
  });
});

describe("buildOperationArgs", () => {
  for (const entry of OPERATION_COMMANDS) {
    it(`${entry.command.join(" ")} builds the exact args of ${entry.op}, which the ledger's reader accepts`, () => {
      const [values, expected] = CASES[entry.op];
      const args = buildOperationArgs(entry, values);
      expect(args).toEqual(expected);
      expect(buildOperationArgs(entry, withDefaults(entry, values))).toEqual(expected);
      expect(() => checkOperationArgs(entry, args)).not.toThrow();
    });
  }

  it("reads --node-keys for the node ID, keys and PoP; options given on the command line win", () => {
    const entry = operationCommand("register_node");
    const file = JSON.stringify({
      nodeId: N2,
      networkingKey: { privateKey: "1".repeat(64), publicKey: NET_KEY },
      stakingKey: { privateKey: "2".repeat(64), publicKey: STAKING_KEY },
      stakingKeyPoP: POP,
    });
    const read: string[] = [];
    const io = {
      readText: (path: string) => {
        read.push(path);
        return file;
      },
    };
    const values = { nodeKeys: "node.json", nodeId: undefined, role: "1", networkingAddress: "c.org:1", amount: "1" };
    expect(buildOperationArgs(entry, values, io)).toEqual({
      nodeId: N2,
      role: 1,
      networkingAddress: "c.org:1",
      networkingKey: NET_KEY,
      stakingKey: STAKING_KEY,
      stakingKeyPoP: POP,
      amount: "1",
    });
    expect(read).toEqual(["node.json"]);
    expect(buildOperationArgs(entry, { ...values, nodeId: N1 }, io).nodeId).toBe(N1);
    expect(() => buildOperationArgs(entry, values, { readText: () => "{}" })).toThrow(/--node-keys: .*no nodeId/);
    expect(() =>
      buildOperationArgs(entry, values, {
        readText: () => {
          throw new Error("ENOENT");
        },
      }),
    ).toThrow(/cannot read node.json/);
  });

  it("names the option of a missing or malformed value, as a usage error", () => {
    const stake = operationCommand("stake_new_tokens");
    expect(() => buildOperationArgs(stake, { nodeId: N1 })).toThrow(
      new UsageError("stake-new-tokens: --amount: missing"),
    );
    expect(() => buildOperationArgs(stake, { nodeId: N1, amount: "1", delegatorId: "-1" })).toThrow(
      /--delegator-id: must be a non-negative integer/,
    );
    expect(() => buildOperationArgs(operationCommand("transfer_node"), { nodeId: N1, to: "bob" })).toThrow(/--to: /);
    expect(() =>
      buildOperationArgs(operationCommand("set_automatic_rewards"), {
        enabled: "yes",
        supplyIncreasePercentage: "0",
        bonusTokens: "0",
      }),
    ).toThrow(/--enabled: must be true or false/);
    expect(() => buildOperationArgs(operationCommand("set_minimum_stakes"), { value: "1:5" })).toThrow(
      /--value: expected KEY=VALUE/,
    );
    expect(() => buildOperationArgs(operationCommand("set_slot_limits"), { value: "1=1,1=2" })).toThrow(/given twice/);
    expect(() => buildOperationArgs(operationCommand("set_slot_limits"), { value: "{1}" })).toThrow(/not valid JSON/);
  });
});

describe("checkOperationArgs", () => {
  it("turns the ledger reader's refusals into usage errors naming the option and the code", () => {
    const stake = operationCommand("stake_new_tokens");
    expect(() => checkOperationArgs(stake, { nodeId: N1, amount: "1.123456789" })).toThrow(
      /^stake-new-tokens: --amount: .*\(AMOUNT_TOO_PRECISE\)$/,
    );
    const minimums = operationCommand("set_minimum_stakes");
    expect(() => checkOperationArgs(minimums, { value: { "1": "x" } })).toThrow(/--value: 1: .*\(AMOUNT_INVALID\)/);
    const create = operationCommand("create_account");
    expect(() => checkOperationArgs(create, { keys: [{ signatureAlgorithm: "ECDSA_P256" }] })).toThrow(
      /account create: --public-key: missing \(INVALID_ARGUMENT\)/,
    );
    try {
      checkOperationArgs(stake, { nodeId: N1, amount: "-1" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
    }
  });
});
