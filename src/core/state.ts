/**
 * The ledger state (staking-contract.md §3): accounts and supply, the identity table with every node's and
 * delegator's five pools, and the contract's global bookkeeping. Plain data; operations in `staking/`, `admin/` and
 * `epoch/` change it, `queries.ts` reads it.
 */
import { type Amount, parseAmount, ZERO } from "./amount.js";
import type { ChangeSet } from "./changes.js";
import { createChangeSet } from "./changes.js";
import type { DelegatorTable } from "./delegators.js";
import type { RewardsSummary } from "./epoch/rewards.js";
import type { AccountId, NodeId } from "./ids.js";
import type { KeyValidation } from "./keys.js";
import { createPoolsState } from "./pools/index.js";
import type { PoolsState } from "./pools/types.js";
import { type Role, type RoleTable, roleTable } from "./roles.js";
import { createSlashingState } from "./slashing/index.js";
import type { SlashingState } from "./slashing/types.js";

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

export type SignatureAlgorithm = "ECDSA_P256" | "ECDSA_secp256k1";
export type HashAlgorithm = "SHA3_256" | "SHA2_256";

/** Flow's account-key model: keys are never deleted, only revoked. */
export interface AccountKey {
  readonly index: number;
  /** 64 bytes, x ‖ y, as 128 lowercase hex characters. */
  readonly publicKey: string;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly hashAlgorithm: HashAlgorithm;
  /** 0..1000; the signing keys of an account must weigh at least 1000 together. */
  readonly weight: number;
  revoked: boolean;
  /** The proposal-key sequence number: a transaction must carry exactly this, which then increases. */
  sequenceNumber: number;
}

export interface Account {
  readonly id: AccountId;
  balance: Amount;
  /** Empty for the simulator's named accounts, which never sign. */
  keys: AccountKey[];
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

  /** FlowEpoch's phases around the staking contract (§11.2). */
  epoch: EpochState;
  /** Paid by every signed transaction into the fee vault. */
  transactionFee: Amount;
  /** How many accounts `create_account` has made; the next gets this + 1 as its address. */
  accountCounter: number;
  /** Pooled stake (docs/pools-and-slashing.md). */
  pools: PoolsState;
  /** Slashing cases and their parameters. */
  slashing: SlashingState;
  /** What changed since the state digest was last brought up to date (see `changes.ts`). */
  changes: ChangeSet;
}

export type EpochPhase = "staking_auction" | "epoch_setup" | "epoch_committed";

/** Phase lengths, in milliseconds of block time. The auction and the setup must end before the epoch does. */
export interface EpochTiming {
  epochLengthMs: number;
  stakingAuctionMs: number;
  setupMs: number;
}

/** FlowEpoch's automatic payout: the next payout from supply growth (§11.2). */
export interface AutomaticRewards {
  enabled: boolean;
  /** FLOWsupplyIncreasePercentage, at most 1. */
  supplyIncreasePercentage: Amount;
  bonusTokens: Amount;
}

/** Rewards calculated at `epoch_commit`, paid in the first block of the next epoch. */
export interface PendingRewards {
  readonly epochCounter: number;
  readonly summary: RewardsSummary;
  paid: boolean;
}

export interface EpochState {
  phase: EpochPhase;
  /** Block time at which the current epoch (its staking auction) began. */
  startedAt: number;
  /** Block time at which the setup phase began, once it has. */
  setupStartedAt: number | null;
  timing: EpochTiming;
  automaticRewards: AutomaticRewards;
  pendingRewards: PendingRewards | null;
  /** The previous epoch's total rewards, for EpochStart's `totalFlowSupply` (§11.2). */
  previousTotalRewards: Amount;
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
  /** Keys of genesis accounts (the node's accounts sign; the simulator's never do). */
  accountKeys?: ReadonlyMap<AccountId, readonly AccountKeyInput[]>;
  /** Addresses already used by genesis accounts: `create_account` continues after this. */
  accountCounter?: number;
  epochCounter?: number;
  transactionFee?: Amount;
  epochTiming?: EpochTiming;
  automaticRewards?: AutomaticRewards;
  /** Block time of genesis: the first epoch starts then. */
  genesisTime?: number;
}

export type AccountKeyInput = Pick<AccountKey, "publicKey" | "signatureAlgorithm" | "hashAlgorithm" | "weight">;

/** A week, as FlowEpoch's default, split as mainnet roughly does. */
export const DEFAULT_EPOCH_TIMING: EpochTiming = {
  epochLengthMs: 7 * 24 * 3600_000,
  stakingAuctionMs: 6 * 24 * 3600_000,
  setupMs: 12 * 3600_000,
};

/** Flow's inclusion plus execution fee for a simple transaction is about 0.00001 FLOW. */
export const DEFAULT_TRANSACTION_FEE = "0.00001";

export function accountKeysFrom(inputs: readonly AccountKeyInput[]): AccountKey[] {
  return inputs.map((input, index) => ({ ...input, index, revoked: false, sequenceNumber: 0 }));
}

/** A fresh ledger, as the contract's `init` leaves it (auction open, empty tables). */
export function createLedger(config: GenesisConfig): LedgerState {
  const accounts = new Map<AccountId, Account>();
  let totalSupply = 0n;
  for (const [id, balance] of config.accounts ?? []) {
    accounts.set(id, { id, balance, keys: accountKeysFrom(config.accountKeys?.get(id) ?? []) });
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
    epoch: {
      phase: "staking_auction",
      startedAt: config.genesisTime ?? 0,
      setupStartedAt: null,
      timing: config.epochTiming ?? DEFAULT_EPOCH_TIMING,
      automaticRewards: config.automaticRewards ?? {
        enabled: false,
        supplyIncreasePercentage: ZERO,
        bonusTokens: ZERO,
      },
      pendingRewards: null,
      previousTotalRewards: ZERO,
    },
    transactionFee: config.transactionFee ?? parseAmount(DEFAULT_TRANSACTION_FEE),
    accountCounter: config.accountCounter ?? 0,
    pools: createPoolsState(),
    slashing: createSlashingState(),
    changes: createChangeSet(),
  };
}

export function emptyPools(): Pools {
  return { committed: ZERO, staked: ZERO, unstaking: ZERO, unstaked: ZERO, rewarded: ZERO, requestedToUnstake: ZERO };
}
