/** Transactions: the envelope, canonical JSON, signing, IDs and off-thread signature verification. */
export {
  CanonicalJsonError,
  canonicalJson,
  canonicalJsonAt,
  formatJsonPath,
  isPlainObject,
  MAX_CANONICAL_JSON_DEPTH,
} from "./canonical-json.js";
export {
  MAX_ENVELOPE_BYTES,
  MAX_SIGNATURES,
  MAX_TYPE_LENGTH,
  type ProposalKey,
  parseEnvelope,
  parsePayload,
  type TransactionEnvelope,
  type TransactionPayload,
  type TransactionSignature,
} from "./envelope.js";
export {
  buildEnvelope,
  type PreparedTransaction,
  prepareTransaction,
  signedBytes,
  signPayload,
  TRANSACTION_DOMAIN_TAG,
  TRANSACTION_DOMAIN_TAG_LENGTH,
  TRANSACTION_DOMAIN_TAG_TEXT,
  type TransactionSigner,
  type TransactionVerifier,
  transactionId,
  verifyTransactionSignature,
} from "./signing.js";
export {
  createVerifyPool,
  defaultVerifyPoolSize,
  defaultVerifyWorkerUrl,
  MIN_ITEMS_PER_MESSAGE,
  type VerifyItem,
  type VerifyPool,
  type VerifyPoolOptions,
} from "./verify-pool.js";
