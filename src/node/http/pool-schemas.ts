/**
 * The JSON of the pool and slashing routes (docs/api.md "Pools and slashing") as TypeBox schemas. `PoolInfo`,
 * `PoolMember` and `SlashingCase` are exactly the `pool_info`, `pool_member` and `slashing_case` query results of
 * plan-format.md, field for field and in the same order.
 */
import { type Static, Type } from "@sinclair/typebox";
import { AddressText, AmountText, Count, FractionText, HashText, NodeIdText } from "./schemas.js";

/** Pool and case IDs start at 1. */
export const PoolIdValue = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const CaseIdValue = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/** An amount or a fraction with its own description (the shared schemas carry a generic one). */
function amountText(description: string) {
  return Type.String({ pattern: AmountText.pattern, description });
}

function fractionText(description: string) {
  return Type.String({ pattern: FractionText.pattern, description });
}

const PendingFee = Type.Union([Type.Object({ fee: FractionText, effectiveEpoch: Count }), Type.Null()], {
  description: "an announced increase not yet in force",
});

/** The fields a pool's summary shares with `pool_info`, in its order. */
const head = {
  id: PoolIdValue,
  account: AddressText,
  operator: AddressText,
  nodeID: NodeIdText,
  delegatorID: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: "null: the pool holds a node" }),
  fee: fractionText("the service fee in force in the current epoch"),
  pendingFee: PendingFee,
  minimumJoin: AmountText,
  extraLockEpochs: Count,
};

const totals = {
  value: amountText("V: the members' principal; a share is worth V ÷ totalShares"),
  totalShares: AmountText,
};

const claims = {
  operatorFees: AmountText,
  totalClaimable: amountText("Σ members' settled, unpaid rewards"),
  members: Count,
};

export const PoolSummary = Type.Object(
  { ...head, ...totals, ...claims },
  { title: "PoolSummary", description: "a pool in a list: pool_info without the record, the price and the cohorts" },
);
export type PoolSummary = Static<typeof PoolSummary>;

const Cohort = Type.Object(
  {
    key: Type.String({ description: '"E" (requested in epoch E) or "immediate@E"' }),
    unstakedFrom: Count,
    readyEpoch: Count,
    nominal: AmountText,
    value: AmountText,
    paid: AmountText,
    outstanding: AmountText,
    outstandingTickets: Count,
  },
  { title: "PoolCohort" },
);

export const PoolInfo = Type.Object(
  {
    ...head,
    record: Type.Object(
      {
        committed: AmountText,
        staked: AmountText,
        unstaking: AmountText,
        unstaked: AmountText,
        rewarded: AmountText,
        requestedToUnstake: AmountText,
      },
      { description: "the pools of the record the pool holds" },
    ),
    reserved: amountText("Σ cohorts' outstanding value"),
    ...totals,
    rewardPerShare: Type.String({
      pattern: "^[0-9]+$",
      description: "accumulated reward per share scaled by 10¹⁸: an exact integer, not an amount",
    }),
    ...claims,
    cohorts: Type.Array(Cohort, { description: "in the order they were made" }),
  },
  { title: "PoolInfo", description: "the pool_info query result" },
);
export type PoolInfo = Static<typeof PoolInfo>;

export const PoolMember = Type.Object(
  {
    poolId: PoolIdValue,
    account: AddressText,
    shares: AmountText,
    principal: amountText("⌊shares × V / totalShares⌋"),
    claimable: amountText("settled and unsettled rewards"),
    tickets: Type.Array(
      Type.Object({
        cohort: Type.String(),
        units: AmountText,
        value: amountText("what the ticket would pay now"),
        readyEpoch: Count,
      }),
      { description: "in the order the member got them" },
    ),
  },
  { title: "PoolMember", description: "the pool_member query result" },
);
export type PoolMember = Static<typeof PoolMember>;

export const PoolList = Type.Object({ pools: Type.Array(PoolSummary, { description: "by pool ID" }) });
export type PoolList = Static<typeof PoolList>;

export const AccountPools = Type.Object(
  {
    address: AddressText,
    pools: Type.Array(
      Type.Object({
        pool: PoolSummary,
        isOperator: Type.Boolean({ description: "the account runs this pool (its fees: pool.operatorFees)" }),
        member: Type.Union([PoolMember, Type.Null()], { description: "the account's position; null if it has none" }),
      }),
      { description: "the pools the account runs or has a position in, by pool ID" },
    ),
  },
  { title: "AccountPools" },
);
export type AccountPools = Static<typeof AccountPools>;

// Slashing ----------------------------------------------------------------------------------------------------------

export const CaseStatusName = Type.Union([Type.Literal("open"), Type.Literal("adjudicated"), Type.Literal("expired")]);

export const SlashingCase = Type.Object(
  {
    caseId: CaseIdValue,
    opener: NodeIdText,
    accused: NodeIdText,
    evidenceHash: HashText,
    fine: FractionText,
    status: CaseStatusName,
    openedEpoch: Count,
    expiresAtEpoch: Count,
    closedEpoch: Type.Union([Count, Type.Null()], { description: "null while open" }),
    totalBurned: AmountText,
    votes: Type.Array(
      Type.Object({ nodeId: NodeIdText, vote: Type.Union([Type.Literal("yes"), Type.Literal("no")]) }),
      { description: "in the order cast" },
    ),
    yesStake: amountText("Σ stake of the yes-voters that are staked consensus participants now"),
    totalStake: amountText("Σ stake of every staked consensus participant now"),
  },
  { title: "SlashingCase", description: "the slashing_case query result" },
);
export type SlashingCase = Static<typeof SlashingCase>;

export const SlashingCaseList = Type.Object({ cases: Type.Array(SlashingCase, { description: "by case ID" }) });
export type SlashingCaseList = Static<typeof SlashingCaseList>;
