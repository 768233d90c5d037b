/**
 * The JSON of the HTTP API (docs/api.md), as a client receives and sends it. Amounts are decimal strings with
 * exactly 8 decimals, node IDs 64 lowercase hex characters, addresses 16, heights and times integers (times in
 * milliseconds since the Unix epoch). These types describe the wire format only: no `bigint`, no `Map`, nothing a
 * browser could not hold.
 */

/** An amount as the API writes it: a decimal string with exactly 8 decimals, e.g. `"10.00000000"`. */
export type AmountText = string;

/** Role keys of role-indexed maps: `"1"` collection … `"5"` access. */
export type RoleKey = "1" | "2" | "3" | "4" | "5";

/** The one error body of every route. */
export interface ApiErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

/** A ledger event: Flow's event name in `type`, Flow's field names (`nodeID`, `delegatorID`, `amount`, …). */
export interface LedgerEventJson {
  type: string;
  [field: string]: unknown;
}

// Transactions ---------------------------------------------------------------------------------------------------

export interface ProposalKeyJson {
  address: string;
  keyIndex: number;
  sequenceNumber: number;
}

export interface TransactionPayloadJson {
  type: string;
  args: Record<string, unknown>;
  proposalKey: ProposalKeyJson;
  authorizer: string;
  expiryHeight?: number;
}

export interface TransactionSignatureJson {
  address: string;
  keyIndex: number;
  signature: string;
}

/** A signed envelope (docs/transactions.md): what `POST /v1/transactions` takes. */
export interface SignedEnvelope {
  payload: TransactionPayloadJson;
  signatures: TransactionSignatureJson[];
}

/** `POST /v1/transactions`: the outcome of an executed transaction. */
export interface TransactionOutcome {
  id: string;
  height: number;
  index: number;
  type: string;
  /** The operation's result: `null`, `{ nodeId }`, `{ nodeId, delegatorId }`, `{ address }` or `{ keyIndex }`. */
  result: unknown;
  events: LedgerEventJson[];
}

/** `GET /v1/transactions/{id}`. System transactions have no authorizer and no envelope. */
export interface ExecutedTransaction extends TransactionOutcome {
  authorizer: string | null;
  envelope: SignedEnvelope | null;
}

// State ----------------------------------------------------------------------------------------------------------

export type SignatureAlgorithmName = "ECDSA_P256" | "ECDSA_secp256k1";
export type HashAlgorithmName = "SHA3_256" | "SHA2_256";

export interface AccountKeyView {
  index: number;
  publicKey: string;
  signatureAlgorithm: SignatureAlgorithmName;
  hashAlgorithm: HashAlgorithmName;
  weight: number;
  revoked: boolean;
  sequenceNumber: number;
}

/** `GET /v1/accounts/{address}`: the account and the handles it holds. */
export interface AccountView {
  address: string;
  balance: AmountText;
  keys: AccountKeyView[];
  nodes: string[];
  delegators: { nodeId: string; delegatorId: number }[];
}

/** The `node_info` query result (plan-format.md). */
export interface NodeInfo {
  id: string;
  role: number;
  networkingAddress: string;
  networkingKey: string;
  stakingKey: string;
  tokensCommitted: AmountText;
  tokensStaked: AmountText;
  tokensUnstaking: AmountText;
  tokensUnstaked: AmountText;
  tokensRewarded: AmountText;
  tokensRequestedToUnstake: AmountText;
  delegators: number[];
  delegatorIDCounter: number;
  initialWeight: number;
}

/** `GET /v1/nodes/{nodeId}`. */
export interface NodeDetails extends NodeInfo {
  owner: string;
  totalCommitment: AmountText;
  totalCommitmentWithoutDelegators: AmountText;
  totalStakedWithDelegators: AmountText;
}

/** The `delegator_info` query result (plan-format.md). */
export interface DelegatorInfo {
  id: number;
  nodeID: string;
  tokensCommitted: AmountText;
  tokensStaked: AmountText;
  tokensUnstaking: AmountText;
  tokensUnstaked: AmountText;
  tokensRewarded: AmountText;
  tokensRequestedToUnstake: AmountText;
}

export interface DelegatorDetails extends DelegatorInfo {
  owner: string;
}

export interface NodeList {
  nodes: NodeInfo[];
}

export interface NodeDelegatorsPage {
  total: number;
  delegators: DelegatorDetails[];
}

export interface DelegatorList {
  delegators: DelegatorDetails[];
}

export type TableName = "current" | "proposed" | "approved";

export interface NodeIdTable {
  nodeIds: string[];
}

export type CandidateTable = Record<RoleKey, string[]>;

export type EpochPhase = "staking_auction" | "epoch_setup" | "epoch_committed";

/** `GET /v1/epoch`. The `…EndsAt` times are block times in milliseconds. */
export interface EpochView {
  counter: number;
  phase: EpochPhase;
  stakingEnabled: boolean;
  startedAt: number;
  stakingAuctionEndsAt: number;
  setupEndsAt: number;
  epochEndsAt: number;
  mode: "automatic" | "manual";
  payout: AmountText;
  totalStaked: AmountText;
  totalStakedByRole: Record<RoleKey, AmountText>;
  totalSupply: AmountText;
  feeVault: AmountText;
  automaticRewards: { enabled: boolean; supplyIncreasePercentage: AmountText; bonusTokens: AmountText };
  pendingRewards: { epochCounter: number; totalRewards: AmountText; paid: boolean } | null;
}

/** `GET /v1/params`. */
export interface ParamsView {
  /** Role → minimum stake. */
  minimumStakes: Record<string, AmountText>;
  delegatorMinimum: AmountText;
  rewardCut: AmountText;
  epochTokenPayout: AmountText;
  candidateNodeLimits: Record<RoleKey, number>;
  slotLimits: Record<RoleKey, number>;
  /** Role → open node slots, for the roles that have one. */
  openSlots: Record<string, number>;
  transactionFee: AmountText;
  epochTiming: { epochLengthMs: number; stakingAuctionMs: number; setupMs: number };
  rewardRatios: Record<RoleKey, AmountText>;
  /** The largest service fee a pool may set, a fraction. */
  maxPoolFee: AmountText;
  slashing: SlashingParams;
}

/** `GET /v1/rewards/quote`. */
export interface RewardQuote {
  epochCounter: number;
  nodeId: string;
  delegatorId?: number;
  reward: AmountText;
  source: "stored" | "calculated";
}

/** `GET /v1/query/{name}`. */
export interface QueryAnswer {
  result: unknown;
}

/** Query arguments: the argument names of plan-format.md, sent as query parameters. */
export interface QueryArguments {
  nodeId?: string;
  delegatorId?: number;
  role?: number;
  account?: string;
  poolId?: number;
  caseId?: number;
}

// Pools and slashing ---------------------------------------------------------------------------------------------

/** The fields of `PoolInfo` a list shows: the pool without its record, price inputs and cohorts. */
export interface PoolSummary {
  id: number;
  /** The pool's own keyless account, which holds the record's handle. */
  account: string;
  operator: string;
  nodeID: string;
  /** null: the pool holds the node itself. */
  delegatorID: number | null;
  /** The service fee in force in the current epoch, a fraction. */
  fee: AmountText;
  /** An announced increase not yet in force. */
  pendingFee: { fee: AmountText; effectiveEpoch: number } | null;
  minimumJoin: AmountText;
  extraLockEpochs: number;
  /** V, the members' principal: a share is worth `value ÷ totalShares`. */
  value: AmountText;
  totalShares: AmountText;
  operatorFees: AmountText;
  totalClaimable: AmountText;
  /** Entries with shares, rewards or tickets. */
  members: number;
}

export interface PoolCohort {
  key: string;
  unstakedFrom: number;
  readyEpoch: number;
  nominal: AmountText;
  value: AmountText;
  paid: AmountText;
  outstanding: AmountText;
  outstandingTickets: number;
}

/** `GET /v1/pools/{poolId}`: the `pool_info` query result (plan-format.md). */
export interface PoolInfo extends PoolSummary {
  record: {
    committed: AmountText;
    staked: AmountText;
    unstaking: AmountText;
    unstaked: AmountText;
    rewarded: AmountText;
    requestedToUnstake: AmountText;
  };
  /** Σ cohorts' outstanding value. */
  reserved: AmountText;
  /** Scaled by 10¹⁸: a string of digits, not an amount. */
  rewardPerShare: string;
  cohorts: PoolCohort[];
}

export interface PoolTicket {
  cohort: string;
  units: AmountText;
  /** What the ticket would pay now. */
  value: AmountText;
  readyEpoch: number;
}

/** `GET /v1/pools/{poolId}/members/{address}`: the `pool_member` query result. */
export interface PoolMember {
  poolId: number;
  account: string;
  shares: AmountText;
  principal: AmountText;
  /** Settled and unsettled rewards. */
  claimable: AmountText;
  tickets: PoolTicket[];
}

export interface PoolList {
  pools: PoolSummary[];
}

/** `GET /v1/accounts/{address}/pools`: the pools the account runs or has a position in, by pool ID. */
export interface AccountPools {
  address: string;
  pools: { pool: PoolSummary; isOperator: boolean; member: PoolMember | null }[];
}

export type SlashingCaseStatus = "open" | "adjudicated" | "expired";

/** `GET /v1/slashing/cases/{caseId}`: the `slashing_case` query result. */
export interface SlashingCase {
  caseId: number;
  opener: string;
  accused: string;
  evidenceHash: string;
  /** A fraction. */
  fine: AmountText;
  status: SlashingCaseStatus;
  openedEpoch: number;
  expiresAtEpoch: number;
  closedEpoch: number | null;
  totalBurned: AmountText;
  /** In the order cast. */
  votes: { nodeId: string; vote: "yes" | "no" }[];
  /** The tally as it would be computed now. */
  yesStake: AmountText;
  totalStake: AmountText;
}

export interface SlashingCaseList {
  cases: SlashingCase[];
}

/** `GET /v1/slashing/params`, and `slashing` in `GET /v1/params`. */
export interface SlashingParams {
  maxSlashFraction: AmountText;
  caseEpochs: number;
  slashDelegators: boolean;
}

// Blocks and events ----------------------------------------------------------------------------------------------

export interface BlockHeader {
  height: number;
  timestamp: number;
  parentHash: string;
  stateHash: string;
  hash: string;
  transactionCount: number;
  eventCount: number;
}

export interface BlockTransaction {
  id: string;
  index: number;
  type: string;
  authorizer: string | null;
  result: unknown;
}

export interface BlockDetails extends BlockHeader {
  transactions: BlockTransaction[];
}

export interface BlockList {
  blocks: BlockHeader[];
}

/** One event of the log, with its place: what `GET /v1/events` lists and the stream sends. */
export interface EventRecord {
  sequence: number;
  height: number;
  txIndex: number;
  event: LedgerEventJson;
}

export interface EventsPage {
  events: EventRecord[];
  /** The cursor for `after`: the last sequence of this page, or `after` itself when nothing matched. */
  next: number;
}

export interface EventFilter {
  /** Only these event types (sent as repeated `type=` parameters); omitted means every type. */
  types?: readonly string[];
  fromHeight?: number;
  toHeight?: number;
  /** Only events after this sequence number (a previous page's `next`). */
  after?: number;
  limit?: number;
}

// Operations -----------------------------------------------------------------------------------------------------

/** `GET /health`: answered with 200 when the writer runs, 503 (same shape) when it stopped. */
export interface HealthView {
  status: "ok" | "unavailable";
  height: number;
  writer: "running" | "stopped";
}
