/**
 * The ledger state (staking-contract.md §3): accounts and supply, the identity table with every node's and
 * delegator's five pools, and the contract's global bookkeeping. Plain data; operations in `staking/`, `admin/` and
 * `epoch/` change it, `queries.ts` reads it.
 */
import { type Amount, parseAmount, ZERO } from "./amount.js";
import type { DelegatorTable } from "./delegators.js";
import type { AccountId, NodeId } from "./ids.js";
import type { KeyValidation } from "./keys.js";
import { type Role, type RoleTable, roleTable } from "./roles.js";

/** The five pools of a staker plus its pending request (§3.1, §3.2). */
export interface Pools {
  committed: Amount;
  staked: Amount;
  unstaking: Amount;
  unstaked: Amount;
  rewarded: Amount;
  /** Not a pool: the part of `staked` that moves to `unstaking` at the next epoch boundary. */
  requestedToUnstake: Amount;
}

export interface NodeRecord extends Pools {
  readonly id: NodeId;
  readonly role: Role;
  networkingAddress: string;
  readonly networkingKey: string;
  readonly stakingKey: string;
  /** The node's delegators as columns (IDs 1..count; records are never deleted, so count is the ID counter). */
  readonly delegators: DelegatorTable;
  initialWeight: number;
  /** The account holding this node's handle (Flow's NodeStaker resource). */
  owner: AccountId;
}

export interface Account {
  readonly id: AccountId;
  balance: Amount;
}

/** Admin-settable staking parameters (§2, §7). */
export interface StakingParams {
  /** Role → minimum stake. The contract checks only that a new table has 5 entries (D5), so keys are free. */
  minimumStakes: Map<number, Amount>;
  delegatorMinimum: Amount;
  epochTokenPayout: Amount;
  /** `nodeDelegatingRewardCut`, strictly between 0 and 1. */
  rewardCut: Amount;
  /** UInt64 per role. */
  candidateNodeLimits: RoleTable<bigint>;
  /** UInt16 per role. */
  slotLimits: RoleTable<number>;
  /** Open node slots per role, when set (only role 5 in practice). */
  openSlots: Map<Role, number>;
}

export interface LedgerState {
  readonly keyValidation: KeyValidation;
  /** The only source of randomness (slot selection, decisions.md D2). */
  readonly seed: string;
  /** How many random draws have been made; part of the state so replays draw the same numbers. */
  randomDraws: number;
  /** The account whose signature admin operations need. */
  readonly admin: AccountId;

  accounts: Map<AccountId, Account>;
  /** Every token in existence: balances + every pool + the fee vault. */
  totalSupply: Amount;
  feeVault: Amount;

  params: StakingParams;

  nodes: Map<NodeId, NodeRecord>;
  /** Participants of the current epoch ("current table"); rewritten only by moveTokens. */
  participants: Set<NodeId>;
  approved: Set<NodeId>;
  candidates: RoleTable<Set<NodeId>>;
  roleCounts: RoleTable<number>;
  /** Running totals per role, updated only by moveTokens (§3.4); they include delegators and access nodes. */
  totalStakedByRole: RoleTable<Amount>;
  /** Nodes on the moves-pending list; their pending delegators are flagged in their tables. */
  movesPending: Set<NodeId>;
  /** Node ID → reward percentage for the next reward calculation; the setter does not check IDs. */
  nonOperational: Map<string, Amount>;
  claimedNetworkingAddresses: Set<string>;
  claimedNetworkingKeys: Set<string>;
  claimedStakingKeys: Set<string>;
  stakingEnabled: boolean;
  epochCounter: number;
}

/** Reward ratios stored by the contract at creation and never used (§2). */
export const REWARD_RATIOS: Readonly<Record<Role, Amount>> = {
  1: parseAmount("0.168"),
  2: parseAmount("0.518"),
  3: parseAmount("0.078"),
  4: parseAmount("0.236"),
  5: ZERO,
};

export const DEFAULT_MINIMUM_STAKES: Readonly<Record<Role, string>> = {
  1: "250000.0",
  2: "500000.0",
  3: "1250000.0",
  4: "135000.0",
  5: "100.0",
};

export interface GenesisConfig {
  admin: AccountId;
  keyValidation?: KeyValidation;
  seed?: string;
  epochTokenPayout?: Amount;
  rewardCut?: Amount;
  minimumStakes?: Map<number, Amount>;
  delegatorMinimum?: Amount;
  candidateNodeLimits?: RoleTable<bigint>;
  slotLimits?: RoleTable<number>;
  /** Accounts that exist at genesis, with their balances (minted into the supply). */
  accounts?: Iterable<readonly [AccountId, Amount]>;
  epochCounter?: number;
}

/** A fresh ledger, as the contract's `init` leaves it (auction open, empty tables). */
export function createLedger(config: GenesisConfig): LedgerState {
  const accounts = new Map<AccountId, Account>();
  let totalSupply = 0n;
  for (const [id, balance] of config.accounts ?? []) {
    accounts.set(id, { id, balance });
    totalSupply += balance;
  }
  return {
    keyValidation: config.keyValidation ?? "full",
    seed: config.seed ?? "flowstake",
    randomDraws: 0,
    admin: config.admin,
    accounts,
    totalSupply: totalSupply as Amount,
    feeVault: ZERO,
    params: {
      minimumStakes:
        config.minimumStakes ??
        new Map(([1, 2, 3, 4, 5] as const).map((role) => [role, parseAmount(DEFAULT_MINIMUM_STAKES[role])])),
      delegatorMinimum: config.delegatorMinimum ?? parseAmount("50.0"),
      epochTokenPayout: config.epochTokenPayout ?? parseAmount("1250000.0"),
      rewardCut: config.rewardCut ?? parseAmount("0.08"),
      candidateNodeLimits: config.candidateNodeLimits ?? roleTable(() => 10_000n),
      slotLimits: config.slotLimits ?? roleTable(() => 10_000),
      openSlots: new Map(),
    },
    nodes: new Map(),
    participants: new Set(),
    approved: new Set(),
    candidates: roleTable(() => new Set<NodeId>()),
    roleCounts: roleTable(() => 0),
    totalStakedByRole: roleTable(() => ZERO),
    movesPending: new Set(),
    nonOperational: new Map(),
    claimedNetworkingAddresses: new Set(),
    claimedNetworkingKeys: new Set(),
    claimedStakingKeys: new Set(),
    stakingEnabled: true,
    epochCounter: config.epochCounter ?? 0,
  };
}

export function emptyPools(): Pools {
  return { committed: ZERO, staked: ZERO, unstaking: ZERO, unstaked: ZERO, rewarded: ZERO, requestedToUnstake: ZERO };
}
