/**
 * The one table from error code to HTTP status (docs/api.md "Errors"). Every `ErrorCode` has an entry: the type
 * makes a missing one a compile error, and `status.test.ts` checks it against `ERROR_CODES` as well.
 *
 * - 400: the input is malformed whatever the state: an amount, an ID, a key, an envelope, a parameter.
 * - 401: the signatures do not authenticate the transaction (a bad or revoked key, too little weight, a stranger).
 * - 403: authenticated, but this signer may not do this (not the owner, not the admin, the node's own job).
 * - 404: something named does not exist (a node, a delegator, an account, an account key, a route or a record).
 * - 409: the state refuses now (the phase, a replayed or skipped sequence number, a claimed key, a full list);
 *        the same request may succeed in another state.
 * - 422: the request is understood but breaks an amount rule of the staking contract (balance, minimum, pools).
 * - 413, 415, 503, 500: the body too large, not JSON, the node unavailable, a bug.
 */
import type { ErrorCode } from "../../core/errors.js";

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 503;

export const STATUS_BY_CODE = {
  // Amounts
  AMOUNT_INVALID: 400,
  AMOUNT_NEGATIVE: 400,
  AMOUNT_TOO_PRECISE: 400,
  AMOUNT_TOO_LARGE: 400,
  AMOUNT_FLOAT: 400,
  AMOUNT_OVERFLOW: 422,
  AMOUNT_UNDERFLOW: 422,
  DIVISION_BY_ZERO: 422,

  // Phases
  AUCTION_NOT_IN_PROGRESS: 409,
  AUCTION_IN_PROGRESS: 409,

  // Accounts, handles, permissions
  NOT_ADMIN: 403,
  NOT_OWNER: 403,
  NODE_NOT_FOUND: 404,
  DELEGATOR_NOT_FOUND: 404,
  INSUFFICIENT_BALANCE: 422,
  ACCOUNT_NOT_FOUND: 404,

  // Node registration: the formats are 400; a key or address someone else holds is a conflict
  INVALID_NODE_ID: 400,
  NODE_ALREADY_EXISTS: 409,
  INVALID_ROLE: 400,
  INVALID_NETWORKING_ADDRESS: 400,
  INVALID_NETWORKING_KEY: 400,
  INVALID_STAKING_KEY: 400,
  NETWORKING_ADDRESS_CLAIMED: 409,
  NETWORKING_KEY_CLAIMED: 409,
  STAKING_KEY_CLAIMED: 409,
  STAKING_KEY_NOT_ON_CURVE: 400,
  INVALID_PROOF_OF_POSSESSION: 400,
  NETWORKING_KEY_NOT_ON_CURVE: 400,
  BELOW_MINIMUM_STAKE: 422,
  CANDIDATE_LIMIT_EXCEEDED: 409,
  ROLE_MINIMUM_NOT_SET: 422,

  // Staking and unstaking
  INSUFFICIENT_TOKENS_TO_UNSTAKE: 422,
  UNSTAKE_BELOW_MINIMUM_WITH_DELEGATORS: 422,
  INSUFFICIENT_UNSTAKED_TOKENS: 422,
  INSUFFICIENT_REWARDED_TOKENS: 422,

  // Delegation
  ACCESS_NODE_NOT_DELEGATABLE: 422,
  BELOW_DELEGATOR_MINIMUM: 422,
  NODE_BELOW_MINIMUM: 422,

  // Admin: the setters' argument checks are formats; the reward funds are an amount rule
  INVALID_MINIMUMS: 400,
  INVALID_CUT_PERCENTAGE: 400,
  INVALID_CANDIDATE_LIMIT: 400,
  INVALID_SLOT_LIMITS: 400,
  INVALID_NON_OPERATIONAL_PERCENTAGE: 400,
  INVALID_NODE_WEIGHT: 400,
  INSUFFICIENT_REWARD_FUNDS: 422,

  // Pools
  POOL_NOT_FOUND: 404,
  NOT_POOL_OPERATOR: 403,
  NOT_POOL_MEMBER: 403,
  POOL_TARGET_NOT_CLEAR: 409,
  RECORD_ALREADY_POOLED: 409,
  INVALID_POOL_FEE: 400,
  BELOW_POOL_MINIMUM: 422,
  INSUFFICIENT_POOL_SHARES: 422,
  INSUFFICIENT_POOL_REWARDS: 422,
  POOL_HAS_NO_VALUE: 409,

  // Slashing
  SLASHING_CASE_NOT_FOUND: 404,
  SLASHING_CASE_CLOSED: 409,
  NOT_A_STAKED_CONSENSUS_NODE: 403,
  CANNOT_VOTE_ON_OWN_CASE: 403,
  ALREADY_VOTED: 409,
  INVALID_SLASHING_FINE: 400,
  INVALID_EVIDENCE_HASH: 400,
  INVALID_VOTE_SIGNATURE: 400,
  INVALID_SLASHING_PARAMS: 400,

  // Epochs
  WRONG_EPOCH_PHASE: 409,
  EPOCH_TOO_EARLY: 409,
  EPOCH_PHASES_AUTOMATIC: 403,

  // Accounts and keys
  INVALID_ACCOUNT_KEY: 400,
  ACCOUNT_KEY_NOT_FOUND: 404,
  ACCOUNT_KEY_REVOKED: 401,

  // Transactions
  TRANSACTION_MALFORMED: 400,
  UNKNOWN_TRANSACTION_TYPE: 400,
  INVALID_ARGUMENT: 400,
  INVALID_SIGNATURE: 401,
  UNEXPECTED_SIGNER: 401,
  INSUFFICIENT_KEY_WEIGHT: 401,
  PROPOSAL_KEY_NOT_SIGNED: 401,
  SEQUENCE_NUMBER_MISMATCH: 409,
  TRANSACTION_EXPIRED: 409,
  SYSTEM_OPERATION_ONLY: 403,

  // HTTP edge
  NOT_FOUND: 404,
  INVALID_REQUEST: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NODE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const satisfies Record<ErrorCode, ErrorStatus>;

export function statusOf(code: ErrorCode): ErrorStatus {
  return STATUS_BY_CODE[code];
}
