/**
 * The genesis document: everything the ledger starts from — the staking admin and other accounts with their keys
 * and balances, the staking parameters, the epoch timing, the seed. It is stored with the log; replaying the log
 * from it reproduces the state bit for bit.
 */
import { createHash } from "node:crypto";
import { addressFromCounter, checkAccountKey } from "../core/accounts/operations.js";
import { type Amount, formatAmount, ONE, parseAmount } from "../core/amount.js";
import { Arguments, isJsonObject, readAmount, readIntegerValue } from "../core/arguments.js";
import { LedgerError } from "../core/errors.js";
import type { AccountId } from "../core/ids.js";
import type { RoleTable } from "../core/roles.js";
import {
  type AccountKeyInput,
  type AutomaticRewards,
  createLedger,
  type EpochTiming,
  type HashAlgorithm,
  type LedgerState,
  type SignatureAlgorithm,
} from "../core/state.js";
import { StateDigest } from "../core/state-hash.js";
import type { StoredBlock } from "../store/port.js";
import { canonicalJson } from "../tx/index.js";

export interface GenesisAccount {
  address: string;
  balance: string;
  keys: AccountKeyInput[];
}

export interface GenesisDocument {
  chainId: string;
  /** Block time of genesis, milliseconds since the Unix epoch: the first epoch starts then. */
  genesisTime: number;
  seed: string;
  keyValidation: "full" | "format";
  /** The staking admin, address 0000000000000001. */
  admin: GenesisAccount;
  /** Further accounts, addresses 0000000000000002, … in order. */
  accounts: GenesisAccount[];
  params: {
    epochTokenPayout: string;
    rewardCutPercentage: string;
    delegatorMinimum: string;
    minimumStakes: Record<string, string>;
    candidateNodeLimits: Record<string, number>;
    slotLimits: Record<string, number>;
    transactionFee: string;
  };
  epoch: EpochTiming & {
    counter: number;
    automaticRewards: { enabled: boolean; supplyIncreasePercentage: string; bonusTokens: string };
  };
}

export const ZERO_HASH = "0".repeat(64);

export function sha3Hasher(parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash("sha3-256");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function roleTable<T>(record: Record<string, T>, field: string): RoleTable<T> {
  const table: unknown[] = [undefined];
  for (const role of ["1", "2", "3", "4", "5"]) {
    const value = record[role];
    if (value === undefined) throw new LedgerError("INVALID_ARGUMENT", `${field}: needs roles 1..5`, { field });
    table.push(value);
  }
  return table as RoleTable<T>;
}

function readKeys(a: Arguments): AccountKeyInput[] {
  return a.objectList("keys").map((k, i) => {
    const key: AccountKeyInput = {
      publicKey: k.string("publicKey"),
      signatureAlgorithm: k.string("signatureAlgorithm") as SignatureAlgorithm,
      hashAlgorithm: k.string("hashAlgorithm") as HashAlgorithm,
      weight: k.integer("weight"),
    };
    checkAccountKey(key, `keys.${i}`);
    return key;
  });
}

/** Validates a genesis document read from JSON. Throws a `LedgerError` naming the field. */
export function readGenesis(value: unknown): GenesisDocument {
  if (!isJsonObject(value)) throw new LedgerError("INVALID_ARGUMENT", "genesis must be a JSON object", { field: "" });
  const a = new Arguments(value);
  const account = (x: Arguments, expected: string): GenesisAccount => {
    const address = x.string("address");
    if (address !== expected) x.fail("address", `must be ${expected} (accounts are numbered in order)`);
    x.amount("balance");
    return { address, balance: x.string("balance"), keys: readKeys(x) };
  };
  const adminArgs = new Arguments(a.object("admin"), "admin");
  const admin = account(adminArgs, addressFromCounter(1));
  const accounts = a.has("accounts")
    ? a.objectList("accounts").map((x, i) => account(x, addressFromCounter(i + 2)))
    : [];
  const p = new Arguments(a.object("params"), "params");
  const e = new Arguments(a.object("epoch"), "epoch");
  const auto = new Arguments(e.object("automaticRewards"), "epoch.automaticRewards");
  const amountText = (x: Arguments, field: string) => {
    x.amount(field);
    return x.string(field);
  };
  const modeText = a.string("keyValidation");
  const mode = modeText === "format" ? "format" : "full";
  if (modeText !== mode) a.fail("keyValidation", 'must be "full" or "format"');
  const document: GenesisDocument = {
    chainId: a.string("chainId"),
    genesisTime: a.integer("genesisTime"),
    seed: a.string("seed"),
    keyValidation: mode,
    admin,
    accounts,
    params: {
      epochTokenPayout: amountText(p, "epochTokenPayout"),
      rewardCutPercentage: amountText(p, "rewardCutPercentage"),
      delegatorMinimum: amountText(p, "delegatorMinimum"),
      transactionFee: amountText(p, "transactionFee"),
      minimumStakes: Object.fromEntries(
        [...p.roleMap("minimumStakes", readAmount)].map(([r, v]) => [String(r), formatAmount(v)]),
      ),
      candidateNodeLimits: Object.fromEntries(
        [...p.roleMap("candidateNodeLimits", readIntegerValue)].map(([r, v]) => [String(r), v]),
      ),
      slotLimits: Object.fromEntries(
        [...p.roleMap("slotLimits", (v, f) => readIntegerValue(v, f, 0xffff))].map(([r, v]) => [String(r), v]),
      ),
    },
    epoch: {
      counter: e.integer("counter"),
      epochLengthMs: e.integer("epochLengthMs"),
      stakingAuctionMs: e.integer("stakingAuctionMs"),
      setupMs: e.integer("setupMs"),
      automaticRewards: {
        enabled: auto.boolean("enabled"),
        supplyIncreasePercentage: amountText(auto, "supplyIncreasePercentage"),
        bonusTokens: amountText(auto, "bonusTokens"),
      },
    },
  };
  const cut = parseAmount(document.params.rewardCutPercentage);
  if (cut === 0n || cut >= ONE) p.fail("rewardCutPercentage", "must be strictly between 0 and 1");
  const t = document.epoch;
  if (t.stakingAuctionMs <= 0 || t.setupMs <= 0 || t.stakingAuctionMs + t.setupMs >= t.epochLengthMs) {
    e.fail("epochLengthMs", "needs staking auction + setup shorter than the epoch, all positive");
  }
  return document;
}

/** The ledger as genesis leaves it. */
export function ledgerFromGenesis(genesis: GenesisDocument): LedgerState {
  const all = [genesis.admin, ...genesis.accounts];
  const accountKeys = new Map<AccountId, AccountKeyInput[]>(all.map((a) => [a.address as AccountId, a.keys]));
  const minimumStakes = new Map<number, Amount>(
    Object.entries(genesis.params.minimumStakes).map(([role, v]) => [Number(role), parseAmount(v)]),
  );
  return createLedger({
    admin: genesis.admin.address as AccountId,
    keyValidation: genesis.keyValidation,
    seed: genesis.seed,
    epochTokenPayout: parseAmount(genesis.params.epochTokenPayout),
    rewardCut: parseAmount(genesis.params.rewardCutPercentage),
    minimumStakes,
    delegatorMinimum: parseAmount(genesis.params.delegatorMinimum),
    candidateNodeLimits: roleTable(
      Object.fromEntries(Object.entries(genesis.params.candidateNodeLimits).map(([r, v]) => [r, BigInt(v)])),
      "candidateNodeLimits",
    ),
    slotLimits: roleTable(genesis.params.slotLimits, "slotLimits"),
    accounts: all.map((a) => [a.address as AccountId, parseAmount(a.balance)] as const),
    accountKeys,
    accountCounter: all.length,
    epochCounter: genesis.epoch.counter,
    transactionFee: parseAmount(genesis.params.transactionFee),
    epochTiming: {
      epochLengthMs: genesis.epoch.epochLengthMs,
      stakingAuctionMs: genesis.epoch.stakingAuctionMs,
      setupMs: genesis.epoch.setupMs,
    },
    automaticRewards: automaticRewards(genesis),
    genesisTime: genesis.genesisTime,
  });
}

function automaticRewards(genesis: GenesisDocument): AutomaticRewards {
  const auto = genesis.epoch.automaticRewards;
  return {
    enabled: auto.enabled,
    supplyIncreasePercentage: parseAmount(auto.supplyIncreasePercentage),
    bonusTokens: parseAmount(auto.bonusTokens),
  };
}

/** SHA3-256 of the canonical encoding of a block's header fields and its transaction IDs. */
export function blockHash(header: {
  height: number;
  timestamp: number;
  parentHash: string;
  stateHash: string;
  transactionIds: readonly string[];
}): string {
  const bytes = new TextEncoder().encode(canonicalJson(header));
  return Buffer.from(sha3Hasher([bytes])).toString("hex");
}

/** The height-0 block: no transactions, the genesis state's hash. */
export function genesisBlock(genesis: GenesisDocument): {
  block: StoredBlock;
  state: LedgerState;
  digest: StateDigest;
} {
  const state = ledgerFromGenesis(genesis);
  const digest = new StateDigest(sha3Hasher);
  const stateHash = digest.update(state);
  const header = { height: 0, timestamp: genesis.genesisTime, parentHash: ZERO_HASH, stateHash, transactionIds: [] };
  return {
    block: { ...header, hash: blockHash(header), transactionCount: 0, eventCount: 0, transactions: [], events: [] },
    state,
    digest,
  };
}

/** A development network: short epochs, generous balances, real key validation. */
export function devGenesis(options: {
  admin: AccountKeyInput;
  genesisTime: number;
  epochLengthMs?: number;
  stakingAuctionMs?: number;
  setupMs?: number;
  chainId?: string;
  seed?: string;
}): GenesisDocument {
  const epochLengthMs = options.epochLengthMs ?? 60_000;
  return {
    chainId: options.chainId ?? "flowstake-dev",
    genesisTime: options.genesisTime,
    seed: options.seed ?? `dev-${options.genesisTime}`,
    keyValidation: "full",
    admin: { address: addressFromCounter(1), balance: "1000000000.00000000", keys: [options.admin] },
    accounts: [],
    params: {
      epochTokenPayout: "1250000.00000000",
      rewardCutPercentage: "0.08000000",
      delegatorMinimum: "50.00000000",
      minimumStakes: {
        1: "250000.00000000",
        2: "500000.00000000",
        3: "1250000.00000000",
        4: "135000.00000000",
        5: "100.00000000",
      },
      candidateNodeLimits: { 1: 10000, 2: 10000, 3: 10000, 4: 10000, 5: 10000 },
      slotLimits: { 1: 10000, 2: 10000, 3: 10000, 4: 10000, 5: 10000 },
      transactionFee: "0.00001000",
    },
    epoch: {
      counter: 0,
      epochLengthMs,
      stakingAuctionMs: options.stakingAuctionMs ?? Math.floor(epochLengthMs * 0.6),
      setupMs: options.setupMs ?? Math.floor(epochLengthMs * 0.2),
      automaticRewards: { enabled: false, supplyIncreasePercentage: "0.00000000", bonusTokens: "0.00000000" },
    },
  };
}
