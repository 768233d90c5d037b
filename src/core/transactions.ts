/**
 * Executing a signed transaction (docs/node.md): who may act, replay protection, expiry, the fee, then the
 * operation — all or nothing. The signatures themselves are checked outside the core (crypto is I/O-free but
 * slow, and runs in worker threads); the core receives each signature's verdict and decides with the account
 * state: which keys exist, their weights, whether they are revoked, the proposal key's sequence number.
 */
import { requireKey } from "./accounts/operations.js";
import { add, formatAmount, sub } from "./amount.js";
import { touchAccount } from "./changes.js";
import { LedgerError } from "./errors.js";
import type { AccountId } from "./ids.js";
import { type AppliedCompact, type ApplyOptions, applyCompact, type Operation } from "./operations.js";
import type { Account, LedgerState } from "./state.js";

/** The account keys must weigh at least this much together to sign for an account (Flow's rule). */
export const SIGNING_WEIGHT = 1000;

export interface TransactionSignatureCheck {
  readonly address: AccountId;
  readonly keyIndex: number;
  /** Whether the signature verifies for that key's public key over the transaction's signed bytes. */
  readonly valid: boolean;
}

export interface SignedTransaction {
  readonly operation: Operation;
  readonly proposalKey: { readonly address: AccountId; readonly keyIndex: number; readonly sequenceNumber: number };
  /** The acting account: a plan step's `as`. */
  readonly authorizer: AccountId;
  readonly expiryHeight?: number | undefined;
  readonly signatures: readonly TransactionSignatureCheck[];
}

export interface BlockContext {
  readonly height: number;
  /** Block time in milliseconds. */
  readonly time: number;
}

function requireExisting(state: LedgerState, id: AccountId, role: string): Account {
  const account = state.accounts.get(id);
  if (account === undefined) {
    throw new LedgerError("ACCOUNT_NOT_FOUND", `the ${role} ${id} is not an account`, { account: id, role });
  }
  return account;
}

/**
 * The checks that make a transaction authentic and fresh, in this order: expiry; the authorizer and the payer
 * exist; every signature is by one of them, with an existing, unrevoked key, and verifies; the proposal key signed;
 * the authorizer's and the payer's signing keys each weigh ≥ 1000; the sequence number is the key's current one.
 * Changes nothing.
 */
export function authorizeTransaction(state: LedgerState, tx: SignedTransaction, block: BlockContext): Account {
  if (tx.expiryHeight !== undefined && block.height > tx.expiryHeight) {
    throw new LedgerError("TRANSACTION_EXPIRED", `the transaction expired at height ${tx.expiryHeight}`, {
      expiryHeight: tx.expiryHeight,
      height: block.height,
    });
  }
  const authorizer = requireExisting(state, tx.authorizer, "authorizer");
  const payer = requireExisting(state, tx.proposalKey.address, "payer");
  const weights = new Map<AccountId, number>([
    [authorizer.id, 0],
    [payer.id, 0],
  ]);
  const counted = new Set<string>();
  let proposalKeySigned = false;
  for (const signature of tx.signatures) {
    const account = signature.address === authorizer.id ? authorizer : signature.address === payer.id ? payer : null;
    if (account === null) {
      throw new LedgerError("UNEXPECTED_SIGNER", `${signature.address} is neither the authorizer nor the payer`, {
        address: signature.address,
      });
    }
    const key = requireKey(account, signature.keyIndex);
    if (key.revoked) {
      throw new LedgerError("ACCOUNT_KEY_REVOKED", `key ${key.index} of ${account.id} is revoked`, {
        account: account.id,
        keyIndex: key.index,
      });
    }
    if (!signature.valid) {
      throw new LedgerError("INVALID_SIGNATURE", `the signature by key ${key.index} of ${account.id} does not verify`, {
        account: account.id,
        keyIndex: key.index,
      });
    }
    const id = `${account.id}/${key.index}`;
    if (counted.has(id)) continue;
    counted.add(id);
    weights.set(account.id, (weights.get(account.id) ?? 0) + key.weight);
    if (account.id === payer.id && key.index === tx.proposalKey.keyIndex) proposalKeySigned = true;
  }
  if (!proposalKeySigned) {
    throw new LedgerError(
      "PROPOSAL_KEY_NOT_SIGNED",
      `proposal key ${tx.proposalKey.keyIndex} of ${payer.id} did not sign`,
    );
  }
  for (const [id, weight] of weights) {
    if (weight < SIGNING_WEIGHT) {
      throw new LedgerError(
        "INSUFFICIENT_KEY_WEIGHT",
        `the signing keys of ${id} weigh ${weight}, less than ${SIGNING_WEIGHT}`,
        { account: id, weight },
      );
    }
  }
  const proposalKey = requireKey(payer, tx.proposalKey.keyIndex);
  if (proposalKey.sequenceNumber !== tx.proposalKey.sequenceNumber) {
    throw new LedgerError(
      "SEQUENCE_NUMBER_MISMATCH",
      `sequence number ${tx.proposalKey.sequenceNumber} of key ${proposalKey.index} of ${payer.id} should be ${proposalKey.sequenceNumber}`,
      { expected: proposalKey.sequenceNumber, got: tx.proposalKey.sequenceNumber },
    );
  }
  return payer;
}

/**
 * Authorizes, charges the fee, advances the proposal key and applies the operation — or throws a `LedgerError`
 * having changed nothing: a refused operation also gives back the fee and the sequence number.
 */
export function applyTransaction(
  state: LedgerState,
  tx: SignedTransaction,
  block: BlockContext,
  options: Omit<ApplyOptions, "time"> = {},
): AppliedCompact {
  const payer = authorizeTransaction(state, tx, block);
  const fee = state.transactionFee;
  if (payer.balance < fee) {
    throw new LedgerError(
      "INSUFFICIENT_BALANCE",
      `the payer ${payer.id} holds ${formatAmount(payer.balance)} FLOW, less than the fee ${formatAmount(fee)}`,
      { account: payer.id, fee: formatAmount(fee) },
    );
  }
  const key = requireKey(payer, tx.proposalKey.keyIndex);
  const before = { balance: payer.balance, feeVault: state.feeVault, sequenceNumber: key.sequenceNumber };
  payer.balance = sub(payer.balance, fee);
  state.feeVault = add(state.feeVault, fee);
  key.sequenceNumber += 1;
  touchAccount(state, payer.id);
  try {
    return applyCompact(state, tx.authorizer, tx.operation, { ...options, time: block.time });
  } catch (error) {
    payer.balance = before.balance;
    state.feeVault = before.feeVault;
    key.sequenceNumber = before.sequenceNumber;
    throw error;
  }
}

/** A system transaction (the node's epoch scheduler): acts as the staking admin, no signature, no fee. */
export function applySystemOperation(
  state: LedgerState,
  operation: Operation,
  block: BlockContext,
  options: Omit<ApplyOptions, "time"> = {},
): AppliedCompact {
  return applyCompact(state, state.admin, operation, { ...options, time: block.time });
}
