/**
 * The JSON of docs/api.md as TypeBox schemas: they validate what comes in, serialise what goes out, and are the
 * OpenAPI document. `views.ts` builds values of exactly these types from the state and the log.
 */
import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { ERROR_CODES, type ErrorCode } from "../../core/errors.js";
import { EVENT_TYPES } from "../../core/events.js";
import { QUERY_NAMES } from "../../core/queries.js";

export const AmountText = Type.String({
  pattern: "^[0-9]+\\.[0-9]{8}$",
  description: "an amount of FLOW: a decimal string with exactly 8 decimals",
  examples: ["10.00000000"],
});
/** A fraction (a fee, a fine): 8 decimals like an amount, at most 1 where the ledger says so. */
export const FractionText = Type.String({
  pattern: "^[0-9]+\\.[0-9]{8}$",
  description: "a fraction as a decimal string with exactly 8 decimals",
  examples: ["0.10000000"],
});
export const NodeIdText = Type.String({ pattern: "^[0-9a-f]{64}$", description: "64 lowercase hex characters" });
export const AddressText = Type.String({ pattern: "^[0-9a-f]{16}$", description: "16 lowercase hex characters" });
export const HashText = Type.String({ pattern: "^[0-9a-f]{64}$" });
export const Count = Type.Integer({ minimum: 0 });
/** Heights, sequences and times: integers that JSON numbers hold exactly. */
export const Natural = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
export const TimeMs = Type.Integer({ description: "milliseconds since the Unix epoch" });

function byRole<T extends TSchema>(value: T, description: string) {
  return Type.Object({ "1": value, "2": value, "3": value, "4": value, "5": value }, { description });
}

/** An open object: every field is written as it is. */
export const JsonObject = Type.Object({}, { additionalProperties: true });

// Errors -----------------------------------------------------------------------------------------------------------

const ERROR_SCHEMA_ID = "Error";

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.Unsafe<ErrorCode>({ type: "string", enum: Object.keys(ERROR_CODES) }),
      message: Type.String(),
      details: Type.Object({}, { additionalProperties: true, description: "what the code is about; see errors.md" }),
    }),
  },
  {
    $id: ERROR_SCHEMA_ID,
    title: "Error",
    description: "The one error body of every route; `code` decides the status.",
  },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** Every route's error responses, for the OpenAPI document: one shared `Error` schema (`server.ts` adds it). */
export const ERROR_RESPONSES = {
  "4xx": Type.Ref(ERROR_SCHEMA_ID, { description: "refused: the error body" }),
  "5xx": Type.Ref(ERROR_SCHEMA_ID, { description: "the node failed or is unavailable: the error body" }),
} as const;

// Transactions -----------------------------------------------------------------------------------------------------

export const EventJson = Type.Unsafe<Record<string, unknown>>({
  type: "object",
  title: "Event",
  description: "A ledger event: Flow's event name in `type`, Flow's field names, amounts as 8-decimal strings",
  properties: { type: { type: "string", enum: [...EVENT_TYPES] } },
  required: ["type"],
  additionalProperties: true,
});

const Integer53 = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const Envelope = Type.Object(
  {
    payload: Type.Object(
      {
        type: Type.String({ minLength: 1, maxLength: 64, description: "an operation name of plan-format.md" }),
        args: Type.Object({}, { additionalProperties: true, description: "the operation's arguments" }),
        proposalKey: Type.Object(
          { address: AddressText, keyIndex: Integer53, sequenceNumber: Integer53 },
          { additionalProperties: false },
        ),
        authorizer: AddressText,
        expiryHeight: Type.Optional(Integer53),
      },
      { additionalProperties: false },
    ),
    signatures: Type.Array(
      Type.Object(
        { address: AddressText, keyIndex: Integer53, signature: Type.String({ pattern: "^[0-9a-fA-F]{128}$" }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 16 },
    ),
  },
  {
    title: "Envelope",
    additionalProperties: false,
    description: "A signed transaction (docs/transactions.md). The node checks it; refusals are TRANSACTION_MALFORMED.",
  },
);

export const TransactionOutcome = Type.Object(
  {
    id: HashText,
    height: Natural,
    index: Count,
    type: Type.String(),
    result: Type.Unknown({ description: "the operation's result: null, { nodeId }, { address }, …" }),
    events: Type.Array(EventJson),
  },
  { title: "TransactionOutcome" },
);
export type TransactionOutcome = Static<typeof TransactionOutcome>;

export const ExecutedTransaction = Type.Object(
  {
    id: HashText,
    height: Natural,
    index: Count,
    type: Type.String(),
    authorizer: Type.Union([AddressText, Type.Null()], { description: "null for system transactions" }),
    result: Type.Unknown(),
    events: Type.Array(EventJson, { description: "at most 10000; the rest through GET /v1/events" }),
    envelope: Type.Union([Envelope, Type.Null()], { description: "null for system transactions" }),
  },
  { title: "ExecutedTransaction" },
);
export type ExecutedTransaction = Static<typeof ExecutedTransaction>;

// State ------------------------------------------------------------------------------------------------------------

export const AccountKeyView = Type.Object({
  index: Count,
  publicKey: Type.String({ pattern: "^[0-9a-f]{128}$" }),
  signatureAlgorithm: Type.Union([Type.Literal("ECDSA_P256"), Type.Literal("ECDSA_secp256k1")]),
  hashAlgorithm: Type.Union([Type.Literal("SHA3_256"), Type.Literal("SHA2_256")]),
  weight: Type.Integer({ minimum: 0, maximum: 1000 }),
  revoked: Type.Boolean(),
  sequenceNumber: Natural,
});

export const AccountView = Type.Object(
  {
    address: AddressText,
    balance: AmountText,
    keys: Type.Array(AccountKeyView),
    nodes: Type.Array(NodeIdText, { description: "the nodes whose handle the account holds, by node ID" }),
    delegators: Type.Array(Type.Object({ nodeId: NodeIdText, delegatorId: Type.Integer({ minimum: 1 }) }), {
      description: "the delegators whose handle the account holds, by node ID then delegator ID",
    }),
  },
  { title: "Account" },
);
export type AccountView = Static<typeof AccountView>;

const nodeInfoFields = {
  id: NodeIdText,
  role: Type.Integer({ minimum: 1, maximum: 5 }),
  networkingAddress: Type.String(),
  networkingKey: Type.String(),
  stakingKey: Type.String(),
  tokensCommitted: AmountText,
  tokensStaked: AmountText,
  tokensUnstaking: AmountText,
  tokensUnstaked: AmountText,
  tokensRewarded: AmountText,
  tokensRequestedToUnstake: AmountText,
  delegators: Type.Array(Type.Integer({ minimum: 1 })),
  delegatorIDCounter: Count,
  initialWeight: Type.Integer({ minimum: 0, maximum: 100 }),
};

export const NodeInfo = Type.Object(nodeInfoFields, { title: "NodeInfo", description: "the node_info query result" });
export type NodeInfo = Static<typeof NodeInfo>;

export const NodeDetails = Type.Object(
  {
    ...nodeInfoFields,
    owner: AddressText,
    totalCommitment: AmountText,
    totalCommitmentWithoutDelegators: AmountText,
    totalStakedWithDelegators: AmountText,
  },
  { title: "NodeDetails" },
);
export type NodeDetails = Static<typeof NodeDetails>;

export const DelegatorDetails = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    nodeID: NodeIdText,
    tokensCommitted: AmountText,
    tokensStaked: AmountText,
    tokensUnstaking: AmountText,
    tokensUnstaked: AmountText,
    tokensRewarded: AmountText,
    tokensRequestedToUnstake: AmountText,
    owner: AddressText,
  },
  { title: "Delegator", description: "the delegator_info query result plus the account holding its handle" },
);
export type DelegatorDetails = Static<typeof DelegatorDetails>;

export const NodeList = Type.Object({ nodes: Type.Array(NodeInfo) });
export const DelegatorPage = Type.Object({ total: Count, delegators: Type.Array(DelegatorDetails) });
export const DelegatorList = Type.Object({ delegators: Type.Array(DelegatorDetails) });
export const NodeIdTable = Type.Object({ nodeIds: Type.Array(NodeIdText) });
export const CandidateTable = byRole(Type.Array(NodeIdText), "the candidate node IDs of each role, sorted");

export const EpochView = Type.Object(
  {
    counter: Count,
    phase: Type.Union([Type.Literal("staking_auction"), Type.Literal("epoch_setup"), Type.Literal("epoch_committed")]),
    stakingEnabled: Type.Boolean(),
    startedAt: TimeMs,
    stakingAuctionEndsAt: TimeMs,
    setupEndsAt: TimeMs,
    epochEndsAt: TimeMs,
    mode: Type.Union([Type.Literal("automatic"), Type.Literal("manual")]),
    payout: AmountText,
    totalStaked: AmountText,
    totalStakedByRole: byRole(AmountText, "running totals per role, delegators included"),
    totalSupply: AmountText,
    feeVault: AmountText,
    automaticRewards: Type.Object({
      enabled: Type.Boolean(),
      supplyIncreasePercentage: AmountText,
      bonusTokens: AmountText,
    }),
    pendingRewards: Type.Union([
      Type.Object({ epochCounter: Count, totalRewards: AmountText, paid: Type.Boolean() }),
      Type.Null(),
    ]),
  },
  { title: "Epoch" },
);
export type EpochView = Static<typeof EpochView>;

/** `GET /v1/slashing/params`, and `slashing` in `GET /v1/params` (docs/pools-and-slashing.md "Parameters"). */
export const SlashingParamsView = Type.Object(
  {
    maxSlashFraction: FractionText,
    caseEpochs: Type.Integer({ minimum: 1, maximum: 0xffff_ffff, description: "epochs a new case stays open" }),
    slashDelegators: Type.Boolean({ description: "whether a fine also takes from the accused's delegators" }),
  },
  { title: "SlashingParams" },
);
export type SlashingParamsView = Static<typeof SlashingParamsView>;

export const ParamsView = Type.Object(
  {
    minimumStakes: Type.Record(Type.String(), AmountText, { description: "role → minimum stake" }),
    delegatorMinimum: AmountText,
    rewardCut: AmountText,
    epochTokenPayout: AmountText,
    candidateNodeLimits: byRole(Count, "candidate node limit per role"),
    slotLimits: byRole(Count, "slot limit per role"),
    openSlots: Type.Record(Type.String(), Count, {
      description: "role → open node slots, for the roles that have one",
    }),
    transactionFee: AmountText,
    epochTiming: Type.Object({
      epochLengthMs: Type.Integer({ minimum: 1 }),
      stakingAuctionMs: Type.Integer({ minimum: 1 }),
      setupMs: Type.Integer({ minimum: 1 }),
    }),
    rewardRatios: byRole(AmountText, "the reward ratios the contract stores and never uses"),
    maxPoolFee: FractionText,
    slashing: SlashingParamsView,
  },
  { title: "Params" },
);
export type ParamsView = Static<typeof ParamsView>;

export const RewardQuote = Type.Object(
  {
    epochCounter: Count,
    nodeId: NodeIdText,
    delegatorId: Type.Optional(Type.Integer({ minimum: 1 })),
    reward: AmountText,
    source: Type.Union([Type.Literal("stored"), Type.Literal("calculated")]),
  },
  { title: "RewardQuote" },
);
export type RewardQuote = Static<typeof RewardQuote>;

export const QueryName = Type.Unsafe<string>({ type: "string", enum: [...QUERY_NAMES] });
export const QueryAnswer = Type.Object({ result: Type.Unknown({ description: "the query's result, as in a plan" }) });

// Blocks and events ------------------------------------------------------------------------------------------------

const blockHeaderFields = {
  height: Natural,
  timestamp: TimeMs,
  parentHash: HashText,
  stateHash: HashText,
  hash: HashText,
  transactionCount: Count,
  eventCount: Count,
};

export const BlockHeader = Type.Object(blockHeaderFields, { title: "BlockHeader" });
export type BlockHeader = Static<typeof BlockHeader>;

export const BlockDetails = Type.Object(
  {
    ...blockHeaderFields,
    transactions: Type.Array(
      Type.Object({
        id: HashText,
        index: Count,
        type: Type.String(),
        authorizer: Type.Union([AddressText, Type.Null()]),
        result: Type.Unknown(),
      }),
    ),
  },
  { title: "Block" },
);
export type BlockDetails = Static<typeof BlockDetails>;

export const BlockList = Type.Object({ blocks: Type.Array(BlockHeader) });

export const EventRecord = Type.Object(
  { sequence: Type.Integer({ minimum: 1 }), height: Natural, txIndex: Count, event: EventJson },
  { title: "EventRecord" },
);
export type EventRecord = Static<typeof EventRecord>;

export const EventPage = Type.Object({
  events: Type.Array(EventRecord),
  next: Type.Integer({
    minimum: 0,
    description: "pass as `after` for the next page: the last sequence here, or `after` itself when none matched",
  }),
});

export const EventTypeName = Type.Unsafe<string>({ type: "string", enum: [...EVENT_TYPES] });

// Operations -------------------------------------------------------------------------------------------------------

export const HealthView = Type.Object(
  {
    status: Type.Union([Type.Literal("ok"), Type.Literal("unavailable")]),
    height: Natural,
    writer: Type.Union([Type.Literal("running"), Type.Literal("stopped")]),
  },
  { title: "Health" },
);
