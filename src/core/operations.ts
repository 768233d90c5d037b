/**
 * The one entry point that changes the ledger: `apply(state, signer, operation)`. The closed set of operations
 * uses the op names of plan-format.md; the simulator and the node's transactions carry the same values.
 *
 * Atomicity: every operation checks everything before it changes anything, so a refused operation leaves the
 * state exactly as it was. The few epoch operations that can only discover a failure half-way (a role minimum
 * missing from the table, a slot limit overflowing) are run on a copy of the state when that is possible.
 */

import { addAccountKey, createAccount, revokeAccountKey, transferTokens } from "./accounts/operations.js";
import { addApprovedAndLimits, addApprovedNodes, removeApprovedNodes, setApprovedList } from "./admin/approval.js";
import { requireAdmin } from "./admin/guard.js";
import {
  setCandidateNodeLimit,
  setCutPercentage,
  setDelegatorMinimum,
  setEpochTokenPayout,
  setMinimumStakes,
  setNodeWeight,
  setNonOperational,
  setOpenAccessNodeSlots,
  setSlotLimits,
  startStakingAuction,
} from "./admin/params.js";
import { removeNode } from "./admin/remove-node.js";
import type { Amount } from "./amount.js";
import { depositFees, fund } from "./balances.js";
import type { OperationContext } from "./context.js";
import { endAuctionMayAbort, endStakingAuction, removeInvalidNodes } from "./epoch/end-auction.js";
import { moveTokens, moveTokensMayAbort } from "./epoch/move-tokens.js";
import { payRewards } from "./epoch/payment.js";
import {
  epochCommit,
  epochPayRewards,
  epochSetup,
  epochStart,
  setAutomaticRewards,
  setEpochTiming,
  setTransactionFee,
} from "./epoch/phases.js";
import { calculateRewards } from "./epoch/rewards.js";
import { EventLog, type LedgerEvent } from "./events.js";
import type { AccountId, DelegatorId, NodeId } from "./ids.js";
import type { NodeKeyVerifier } from "./keys.js";
import { applyPoolOperation, POOL_ADMIN_OPERATIONS, POOL_OPERATIONS, type PoolOperation } from "./pools/index.js";
import {
  applySlashingOperation,
  SLASHING_ADMIN_OPERATIONS,
  SLASHING_OPERATIONS,
  type SlashingOperation,
} from "./slashing/index.js";
import { updateNetworkingAddress } from "./staking/networking-address.js";
import { type RegisterNodeArgs, registerDelegator, registerNode } from "./staking/register.js";
import { type StakeArgs, stakeNewTokens, stakeRewardedTokens, stakeUnstakedTokens } from "./staking/stake.js";
import { transferDelegator, transferNode } from "./staking/transfer.js";
import { requestUnstaking, type UnstakeArgs, unstakeAll } from "./staking/unstake.js";
import { type WithdrawArgs, withdrawRewardedTokens, withdrawUnstakedTokens } from "./staking/withdraw.js";
import type { AccountKeyInput, EpochTiming, LedgerState } from "./state.js";

type NodeIds = { nodeIds: string[] };

export type UserOperation =
  | ({ op: "register_node" } & RegisterNodeArgs)
  | { op: "register_delegator"; nodeId: string; amount: Amount }
  | ({ op: "stake_new_tokens" } & StakeArgs)
  | ({ op: "stake_unstaked_tokens" } & StakeArgs)
  | ({ op: "stake_rewarded_tokens" } & StakeArgs)
  | ({ op: "request_unstaking" } & UnstakeArgs)
  | { op: "unstake_all"; nodeId: string }
  | ({ op: "withdraw_unstaked_tokens" } & WithdrawArgs)
  | ({ op: "withdraw_rewarded_tokens" } & WithdrawArgs)
  | { op: "update_networking_address"; nodeId: string; networkingAddress: string }
  | { op: "transfer_node"; nodeId: string; to: AccountId }
  | { op: "transfer_delegator"; nodeId: string; delegatorId: DelegatorId; to: AccountId };

export type AdminOperation =
  | { op: "start_staking_auction" }
  | { op: "end_staking_auction" }
  | ({ op: "set_approved_nodes" } & NodeIds)
  | ({ op: "add_approved_nodes" } & NodeIds)
  | ({ op: "remove_approved_nodes" } & NodeIds)
  | ({ op: "add_approved_and_limits" } & NodeIds)
  | ({ op: "end_staking" } & NodeIds)
  | ({ op: "remove_invalid_nodes" } & NodeIds)
  | { op: "pay_rewards" }
  | { op: "move_tokens" }
  | ({ op: "end_epoch" } & NodeIds)
  | { op: "remove_node"; nodeId: string }
  | { op: "set_cut_percentage"; value: Amount }
  | { op: "set_epoch_token_payout"; value: Amount }
  | { op: "set_delegator_minimum"; value: Amount }
  | { op: "set_minimum_stakes"; value: ReadonlyMap<number, Amount> }
  | { op: "set_candidate_node_limit"; role: number; limit: bigint }
  | { op: "set_slot_limits"; value: ReadonlyMap<number, number> }
  | { op: "set_open_access_node_slots"; value: number }
  | { op: "set_non_operational"; value: ReadonlyMap<string, Amount> }
  | { op: "set_node_weight"; nodeId: string; weight: number }
  | { op: "deposit_fees"; amount: Amount }
  | { op: "fund"; account: AccountId; amount: Amount };

/** Account operations (docs/node.md): any account may run them for itself. */
export type AccountOperation =
  | { op: "create_account"; keys: AccountKeyInput[]; balance?: Amount | undefined }
  | ({ op: "add_account_key" } & AccountKeyInput)
  | { op: "revoke_account_key"; keyIndex: number }
  | { op: "transfer_tokens"; to: AccountId; amount: Amount };

/** FlowEpoch's phase operations and settings (§11.2): the node's scheduler, or the admin in manual mode. */
export type EpochOperation =
  | { op: "epoch_setup" }
  | { op: "epoch_commit" }
  | { op: "epoch_start" }
  | { op: "epoch_pay_rewards" }
  | ({ op: "set_epoch_timing" } & EpochTiming)
  | { op: "set_automatic_rewards"; enabled: boolean; supplyIncreasePercentage: Amount; bonusTokens: Amount }
  | { op: "set_transaction_fee"; value: Amount };

export type Operation =
  | UserOperation
  | AccountOperation
  | AdminOperation
  | EpochOperation
  | PoolOperation
  | SlashingOperation;
export type OperationName = Operation["op"];

export const USER_OPERATIONS = [
  "register_node",
  "register_delegator",
  "stake_new_tokens",
  "stake_unstaked_tokens",
  "stake_rewarded_tokens",
  "request_unstaking",
  "unstake_all",
  "withdraw_unstaked_tokens",
  "withdraw_rewarded_tokens",
  "update_networking_address",
  "transfer_node",
  "transfer_delegator",
] as const satisfies readonly UserOperation["op"][];

export const ADMIN_OPERATIONS = [
  "start_staking_auction",
  "end_staking_auction",
  "set_approved_nodes",
  "add_approved_nodes",
  "remove_approved_nodes",
  "add_approved_and_limits",
  "end_staking",
  "remove_invalid_nodes",
  "pay_rewards",
  "move_tokens",
  "end_epoch",
  "remove_node",
  "set_cut_percentage",
  "set_epoch_token_payout",
  "set_delegator_minimum",
  "set_minimum_stakes",
  "set_candidate_node_limit",
  "set_slot_limits",
  "set_open_access_node_slots",
  "set_non_operational",
  "set_node_weight",
  "deposit_fees",
  "fund",
] as const satisfies readonly AdminOperation["op"][];

export const ACCOUNT_OPERATIONS = [
  "create_account",
  "add_account_key",
  "revoke_account_key",
  "transfer_tokens",
] as const satisfies readonly AccountOperation["op"][];

export const EPOCH_OPERATIONS = [
  "epoch_setup",
  "epoch_commit",
  "epoch_start",
  "epoch_pay_rewards",
  "set_epoch_timing",
  "set_automatic_rewards",
  "set_transaction_fee",
] as const satisfies readonly EpochOperation["op"][];

/** The phase transitions the node's scheduler drives in automatic mode. */
export const EPOCH_PHASE_OPERATIONS = ["epoch_setup", "epoch_commit", "epoch_start", "epoch_pay_rewards"] as const;

export const OPERATION_NAMES: readonly OperationName[] = [
  ...USER_OPERATIONS,
  ...ACCOUNT_OPERATIONS,
  ...ADMIN_OPERATIONS,
  ...EPOCH_OPERATIONS,
  ...POOL_OPERATIONS,
  ...SLASHING_OPERATIONS,
];

const ADMIN = new Set<string>([...ADMIN_OPERATIONS, ...EPOCH_OPERATIONS]);
const ADMIN_ALSO = new Set<string>([...POOL_ADMIN_OPERATIONS, ...SLASHING_ADMIN_OPERATIONS]);

/** Operations only the staking admin may run: the contract's, FlowEpoch's, and the pool and slashing settings. */
export function isAdminOperationName(name: string): boolean {
  return ADMIN.has(name) || ADMIN_ALSO.has(name);
}

function isCoreAdminOperation(operation: Operation): operation is AdminOperation | EpochOperation {
  return ADMIN.has(operation.op);
}

export type OperationResult =
  | { nodeId: NodeId }
  | { nodeId: NodeId; delegatorId: DelegatorId }
  | { address: AccountId }
  | { keyIndex: number }
  | { poolId: number; address: AccountId }
  | { caseId: number }
  | { caseId: number; adjudicated: boolean }
  | null;

export interface Applied {
  readonly result: OperationResult;
  readonly events: LedgerEvent[];
}

/** The same, with the events in their compact log (millions of them at an epoch boundary). */
export interface AppliedCompact {
  readonly result: OperationResult;
  readonly events: EventLog;
}

export interface ApplyOptions {
  /** Required when the ledger validates keys in `"full"` mode. */
  readonly verifier?: NodeKeyVerifier | undefined;
  /** The block's time in milliseconds; 0 when there is no block (the simulator). */
  readonly time?: number | undefined;
}

/**
 * Applies one operation signed by `signer`. Returns its result and events, or throws a `LedgerError` having
 * changed nothing. Any other exception is a bug.
 */
export function apply(
  state: LedgerState,
  signer: AccountId,
  operation: Operation,
  options: ApplyOptions = {},
): Applied {
  const { result, events } = applyCompact(state, signer, operation, options);
  return { result, events: events.toArray() };
}

/** `apply`, returning the events as an `EventLog`: what the node stores, without an object per event. */
export function applyCompact(
  state: LedgerState,
  signer: AccountId,
  operation: Operation,
  options: ApplyOptions = {},
): AppliedCompact {
  if (mayAbortHalfWay(state, operation)) return applyOnCopy(state, signer, operation, options);
  const ctx = context(state, signer, options);
  const result = dispatch(ctx, operation);
  return { result, events: ctx.events };
}

function context(state: LedgerState, signer: AccountId, options: ApplyOptions): OperationContext {
  return { state, signer, verifier: options.verifier, time: options.time ?? 0, events: new EventLog() };
}

function mayAbortHalfWay(state: LedgerState, operation: Operation): boolean {
  switch (operation.op) {
    case "end_staking_auction":
    case "end_staking":
    case "end_epoch":
    case "remove_invalid_nodes":
    case "epoch_setup":
      return endAuctionMayAbort(state);
    case "epoch_start":
    case "move_tokens":
      return moveTokensMayAbort(state);
    default:
      return false;
  }
}

/** Runs on a deep copy and adopts it only on success: exact contract semantics for the rare half-way aborts. */
function applyOnCopy(
  state: LedgerState,
  signer: AccountId,
  operation: Operation,
  options: ApplyOptions,
): AppliedCompact {
  const copy = structuredClone(state);
  const ctx = context(copy, signer, options);
  const result = dispatch(ctx, operation);
  Object.assign(state, copy);
  return { result, events: ctx.events };
}

function dispatch(ctx: OperationContext, operation: Operation): OperationResult {
  if (ADMIN_ALSO.has(operation.op)) requireAdmin(ctx);
  if (isCoreAdminOperation(operation)) {
    requireAdmin(ctx);
    return dispatchAdmin(ctx, operation);
  }
  switch (operation.op) {
    case "open_pool":
    case "join_pool":
    case "leave_pool":
    case "withdraw_from_pool":
    case "stake_pool_rewards":
    case "withdraw_pool_rewards":
    case "withdraw_pool_fees":
    case "set_pool_fee":
    case "set_max_pool_fee":
      return applyPoolOperation(ctx, operation) as OperationResult;
    case "open_slashing_case":
    case "vote_on_slashing_case":
    case "set_slashing_params":
      return applySlashingOperation(ctx, operation) as OperationResult;
    case "create_account":
      return createAccount(ctx, operation);
    case "add_account_key":
      return addAccountKey(ctx, operation);
    case "revoke_account_key":
      return revokeAccountKey(ctx, operation);
    case "transfer_tokens":
      return transferTokens(ctx, operation);
    case "register_node":
      return registerNode(ctx, operation);
    case "register_delegator":
      return registerDelegator(ctx, operation);
    case "stake_new_tokens":
      return stakeNewTokens(ctx, operation);
    case "stake_unstaked_tokens":
      return stakeUnstakedTokens(ctx, operation);
    case "stake_rewarded_tokens":
      return stakeRewardedTokens(ctx, operation);
    case "request_unstaking":
      return requestUnstaking(ctx, operation);
    case "unstake_all":
      return unstakeAll(ctx, operation);
    case "withdraw_unstaked_tokens":
      return withdrawUnstakedTokens(ctx, operation);
    case "withdraw_rewarded_tokens":
      return withdrawRewardedTokens(ctx, operation);
    case "update_networking_address":
      return updateNetworkingAddress(ctx, operation);
    case "transfer_node":
      return transferNode(ctx, operation);
    case "transfer_delegator":
      return transferDelegator(ctx, operation);
  }
}

function dispatchAdmin(ctx: OperationContext, operation: AdminOperation | EpochOperation): null {
  const { state, events } = ctx;
  switch (operation.op) {
    case "epoch_setup":
      return epochSetup(ctx);
    case "epoch_commit":
      return epochCommit(ctx);
    case "epoch_start":
      return epochStart(ctx);
    case "epoch_pay_rewards":
      return epochPayRewards(ctx);
    case "set_epoch_timing":
      return setEpochTiming(ctx, operation);
    case "set_automatic_rewards":
      return setAutomaticRewards(ctx, operation);
    case "set_transaction_fee":
      return setTransactionFee(ctx, operation.value);
    case "start_staking_auction":
      return startStakingAuction(ctx);
    case "end_staking_auction":
      endStakingAuction(state, events);
      return null;
    case "set_approved_nodes":
      return setApprovedList(ctx, operation.nodeIds);
    case "add_approved_nodes":
      return addApprovedNodes(ctx, operation.nodeIds);
    case "remove_approved_nodes":
      return removeApprovedNodes(ctx, operation.nodeIds);
    case "add_approved_and_limits":
      return addApprovedAndLimits(ctx, operation.nodeIds);
    case "end_staking":
      setApprovedList(ctx, operation.nodeIds);
      endStakingAuction(state, events);
      return null;
    case "remove_invalid_nodes":
      setApprovedList(ctx, operation.nodeIds);
      removeInvalidNodes(state, events);
      return null;
    case "pay_rewards":
      payRewards(state, events, calculateRewards(state), state.epochCounter);
      return null;
    case "move_tokens":
      moveTokens(state, events, state.epochCounter + 1);
      return null;
    case "end_epoch":
      setApprovedList(ctx, operation.nodeIds);
      endStakingAuction(state, events);
      moveTokens(state, events, state.epochCounter + 1);
      return null;
    case "remove_node":
      return removeNode(ctx, operation);
    case "set_cut_percentage":
      return setCutPercentage(ctx, operation.value);
    case "set_epoch_token_payout":
      return setEpochTokenPayout(ctx, operation.value);
    case "set_delegator_minimum":
      return setDelegatorMinimum(ctx, operation.value);
    case "set_minimum_stakes":
      return setMinimumStakes(ctx, operation.value);
    case "set_candidate_node_limit":
      return setCandidateNodeLimit(ctx, operation.role, operation.limit);
    case "set_slot_limits":
      return setSlotLimits(ctx, operation.value);
    case "set_open_access_node_slots":
      return setOpenAccessNodeSlots(ctx, operation.value);
    case "set_non_operational":
      return setNonOperational(ctx, operation.value);
    case "set_node_weight":
      return setNodeWeight(ctx, operation);
    case "deposit_fees":
      depositFees(state, operation.amount);
      return null;
    case "fund":
      fund(state, operation.account, operation.amount);
      return null;
  }
}
