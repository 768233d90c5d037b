/**
 * The closed set of error codes the ledger can answer with. Codes are stable forever and never reused; the
 * description is what `docs/errors.md` says about each (a test keeps the two in sync).
 *
 * A `LedgerError` is an expected, user-caused refusal: the operation changed nothing. Anything else thrown from
 * the core is a bug or a broken invariant and must never be shown to a user as a refusal.
 */
export const ERROR_CODES = {
  // Amounts (§1)
  AMOUNT_INVALID: "An amount is not a plain decimal string or integer.",
  AMOUNT_NEGATIVE: "An amount is negative; UFix64 is unsigned.",
  AMOUNT_TOO_PRECISE: "An amount has more than 8 decimal places.",
  AMOUNT_TOO_LARGE: "An amount is above the UFix64 maximum 184467440737.09551615.",
  AMOUNT_FLOAT: "An amount was given as a JSON number with a fraction; amounts with decimals must be strings.",
  AMOUNT_OVERFLOW: "A sum or product would exceed the UFix64 maximum; the operation aborts.",
  AMOUNT_UNDERFLOW: "A subtraction would go below zero; the operation aborts (the contract never clamps here).",
  DIVISION_BY_ZERO: "A division by zero; the operation aborts.",

  // Phases (§4)
  AUCTION_NOT_IN_PROGRESS: "The operation needs the staking auction to be open.",
  AUCTION_IN_PROGRESS: "Tokens cannot move while the staking auction is still open.",

  // Accounts, handles, permissions
  NOT_ADMIN: "Only the staking admin may run this operation.",
  NOT_OWNER: "The signing account does not hold the node's or delegator's handle.",
  NODE_NOT_FOUND: "No node with this ID is in the identity table.",
  DELEGATOR_NOT_FOUND: "The node has no delegator with this ID.",
  INSUFFICIENT_BALANCE: "The signing account's FLOW balance does not cover the amount.",
  ACCOUNT_NOT_FOUND: "No account with this ID exists.",

  // Node registration (§5.1)
  INVALID_NODE_ID: "A node ID must be exactly 64 lowercase hex characters.",
  NODE_ALREADY_EXISTS: "A node with this ID is already in the identity table (records are never deleted).",
  INVALID_ROLE: "A role must be 1 (collection), 2 (consensus), 3 (execution), 4 (verification) or 5 (access).",
  INVALID_NETWORKING_ADDRESS: "A networking address must be host:port with a valid host name and a port in 1..65535.",
  INVALID_NETWORKING_KEY: "A networking key must be exactly 128 lowercase hex characters.",
  INVALID_STAKING_KEY: "A staking key must be exactly 192 lowercase hex characters.",
  NETWORKING_ADDRESS_CLAIMED: "Another node (or this one) already uses this networking address.",
  NETWORKING_KEY_CLAIMED: "Another node already uses this networking key.",
  STAKING_KEY_CLAIMED: "Another node already uses this staking key.",
  STAKING_KEY_NOT_ON_CURVE: "The staking key is not a valid BLS12-381 G2 public key in Flow's encoding.",
  INVALID_PROOF_OF_POSSESSION: "The staking key's proof of possession is missing, malformed or does not verify.",
  NETWORKING_KEY_NOT_ON_CURVE: "The networking key is not a valid ECDSA P-256 public key.",
  BELOW_MINIMUM_STAKE: "The tokens committed for registration are below the role's minimum stake.",
  CANDIDATE_LIMIT_EXCEEDED: "The role's candidate list for this auction is full.",
  ROLE_MINIMUM_NOT_SET: "The minimum-stake table has no entry for the node's role.",

  // Staking and unstaking (§5, §6)
  INSUFFICIENT_TOKENS_TO_UNSTAKE: "Staked plus committed tokens do not cover the request plus earlier requests.",
  UNSTAKE_BELOW_MINIMUM_WITH_DELEGATORS: "A node with delegators cannot unstake below its role's minimum.",
  INSUFFICIENT_UNSTAKED_TOKENS: "The unstaked pool does not hold that many tokens.",
  INSUFFICIENT_REWARDED_TOKENS: "The rewarded pool does not hold that many tokens.",

  // Delegation (§6.1)
  ACCESS_NODE_NOT_DELEGATABLE: "Access nodes cannot be delegated to.",
  BELOW_DELEGATOR_MINIMUM: "The tokens committed for delegator registration are below the delegator minimum.",
  NODE_BELOW_MINIMUM: "The node's own committed stake is below its role's minimum, so it cannot take delegators.",

  // Admin (§7, §8, §9)
  INVALID_MINIMUMS: "The minimum-stake table must have exactly 5 entries.",
  INVALID_CUT_PERCENTAGE: "The delegator cut must be strictly between 0 and 1.",
  INVALID_CANDIDATE_LIMIT: "A candidate node limit must be an unsigned 64-bit integer.",
  INVALID_SLOT_LIMITS: "Slot limits need exactly the 5 roles 1..5, each in 0..65535.",
  INVALID_NON_OPERATIONAL_PERCENTAGE: "A non-operational reward percentage must satisfy 0 ≤ p < 1.",
  INVALID_NODE_WEIGHT: "A node weight must be in 0..100.",
  INSUFFICIENT_REWARD_FUNDS: "The reward breakdown adds up to more than the fees and minted tokens available.",

  // Pools (docs/pools-and-slashing.md)
  POOL_NOT_FOUND: "No pool with this ID.",
  NOT_POOL_OPERATOR: "Only the pool's operator may do this.",
  NOT_POOL_MEMBER: "The signing account is not a member of the pool.",
  POOL_TARGET_NOT_CLEAR:
    "A record becomes a pool only with empty rewarded, unstaking and unstaked pools and no unstake request.",
  RECORD_ALREADY_POOLED: "The node or delegator record already belongs to a pool.",
  INVALID_POOL_FEE: "A pool's service fee must be a fraction no larger than the maximum pool fee.",
  BELOW_POOL_MINIMUM: "A new member's first deposit is below the pool's minimum join amount.",
  INSUFFICIENT_POOL_SHARES: "The member's principal in the pool is less than the amount asked.",
  INSUFFICIENT_POOL_REWARDS: "The member's (or operator's) claimable rewards are less than the amount asked.",
  POOL_HAS_NO_VALUE: "The pool has shares but its principal is worth nothing; deposits would be lost.",

  // Slashing (docs/pools-and-slashing.md)
  SLASHING_CASE_NOT_FOUND: "No slashing case with this ID.",
  SLASHING_CASE_CLOSED: "The slashing case has been adjudicated or has expired.",
  NOT_A_STAKED_CONSENSUS_NODE: "Only a consensus node staked in the current epoch may open or vote on slashing cases.",
  CANNOT_VOTE_ON_OWN_CASE: "A node cannot vote on a case against itself, nor open one against itself.",
  ALREADY_VOTED: "This node has already voted on this case.",
  INVALID_SLASHING_FINE: "A fine must be a fraction above 0 and at most the maximum slash fraction.",
  INVALID_EVIDENCE_HASH: "An evidence hash must be 64 lowercase hex characters.",
  INVALID_VOTE_SIGNATURE: "The vote's BLS signature by the voter's staking key does not verify.",
  INVALID_SLASHING_PARAMS:
    "Slashing parameters need a maximum slash fraction of at most 1 and cases open for 1 to 4294967295 epochs.",

  // Epochs (§11.2)
  WRONG_EPOCH_PHASE: "The epoch operation does not belong to the current epoch phase.",
  EPOCH_TOO_EARLY: "The scheduled end of the current epoch phase has not been reached yet.",
  EPOCH_PHASES_AUTOMATIC: "The node advances epoch phases itself (automatic mode); the admin cannot send them.",

  // Accounts and keys (system.md "Accounts and transactions")
  INVALID_ACCOUNT_KEY:
    "An account key needs a 64-byte P-256 or secp256k1 public key, a known hash algorithm and a weight in 0..1000.",
  ACCOUNT_KEY_NOT_FOUND: "The account has no key with this index.",
  ACCOUNT_KEY_REVOKED: "The account key is revoked.",

  // Transactions
  TRANSACTION_MALFORMED: "The transaction envelope does not have the documented shape; details name the field.",
  UNKNOWN_TRANSACTION_TYPE: "The transaction's type is not an operation the ledger knows.",
  INVALID_ARGUMENT: "An operation argument is missing or has the wrong type; details name the field.",
  INVALID_SIGNATURE: "A signature does not verify for the key it names.",
  UNEXPECTED_SIGNER: "A signature is by an account that is neither the authorizer nor the payer.",
  INSUFFICIENT_KEY_WEIGHT: "The valid signing keys of the authorizer or the payer weigh less than 1000 together.",
  PROPOSAL_KEY_NOT_SIGNED: "The proposal key did not sign the transaction.",
  SEQUENCE_NUMBER_MISMATCH:
    "The proposal key's sequence number is not the key's current one (a replay, or one skipped).",
  TRANSACTION_EXPIRED: "The chain is past the transaction's expiry height.",
  SYSTEM_OPERATION_ONLY: "Only the node itself may submit this transaction.",

  // HTTP edge
  NOT_FOUND: "No such resource or route.",
  INVALID_REQUEST: "The request's parameters, headers or body are malformed; details say which.",
  BODY_TOO_LARGE: "The request body is larger than the node accepts.",
  UNSUPPORTED_MEDIA_TYPE: "Request bodies must be JSON (Content-Type: application/json).",
  NODE_UNAVAILABLE: "The node is starting, stopping, or its writer stopped; retry later.",
  INTERNAL: "An internal error; nothing was changed. Details are in the node's log, not in the response.",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export type ErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

export class LedgerError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = "LedgerError";
    this.code = code;
    this.details = details;
  }
}

export function isLedgerError(error: unknown): error is LedgerError {
  return error instanceof LedgerError;
}
