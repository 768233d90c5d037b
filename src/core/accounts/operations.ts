/**
 * Account operations (docs/node.md): create an account, add and revoke keys, move FLOW between accounts. Flow's
 * account-key model: keys are never deleted, only revoked; a key's weight is 0..1000.
 */
import { type Amount, add, ZERO } from "../amount.js";
import { credit, debit, requireBalance } from "../balances.js";
import { touchAccount } from "../changes.js";
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import { type AccountId, asAccountId, isLowercaseHex } from "../ids.js";
import { type Account, type AccountKey, type AccountKeyInput, accountKeysFrom } from "../state.js";

const SIGNATURE_ALGORITHMS = new Set(["ECDSA_P256", "ECDSA_secp256k1"]);
const HASH_ALGORITHMS = new Set(["SHA3_256", "SHA2_256"]);
const MAX_KEYS = 64;

/** The n-th account created gets the 8-byte big-endian address n, as 16 lowercase hex characters. */
export function addressFromCounter(counter: number): AccountId {
  return asAccountId(counter.toString(16).padStart(16, "0"));
}

export function isAddress(value: string): boolean {
  return isLowercaseHex(value, 16);
}

/** Format checks only; whether the point is on its curve is checked by the node before submission. */
export function checkAccountKey(key: AccountKeyInput, field = "key"): void {
  if (!isLowercaseHex(key.publicKey, 128)) {
    throw new LedgerError("INVALID_ACCOUNT_KEY", `${field}: public key must be 128 lowercase hex characters (x ‖ y)`, {
      field: `${field}.publicKey`,
    });
  }
  if (!SIGNATURE_ALGORITHMS.has(key.signatureAlgorithm)) {
    throw new LedgerError(
      "INVALID_ACCOUNT_KEY",
      `${field}: signature algorithm must be ECDSA_P256 or ECDSA_secp256k1`,
      {
        field: `${field}.signatureAlgorithm`,
      },
    );
  }
  if (!HASH_ALGORITHMS.has(key.hashAlgorithm)) {
    throw new LedgerError("INVALID_ACCOUNT_KEY", `${field}: hash algorithm must be SHA3_256 or SHA2_256`, {
      field: `${field}.hashAlgorithm`,
    });
  }
  if (!Number.isInteger(key.weight) || key.weight < 0 || key.weight > 1000) {
    throw new LedgerError("INVALID_ACCOUNT_KEY", `${field}: weight must be an integer in 0..1000`, {
      field: `${field}.weight`,
    });
  }
}

export function requireAccount(ctx: OperationContext, id: AccountId): Account {
  const account = ctx.state.accounts.get(id);
  if (account === undefined) throw new LedgerError("ACCOUNT_NOT_FOUND", `no account ${id}`, { account: id });
  return account;
}

export function requireKey(account: Account, keyIndex: number): AccountKey {
  const key = account.keys[keyIndex];
  if (key === undefined) {
    throw new LedgerError("ACCOUNT_KEY_NOT_FOUND", `account ${account.id} has no key ${keyIndex}`, {
      account: account.id,
      keyIndex,
    });
  }
  return key;
}

export function createAccount(
  ctx: OperationContext,
  args: { keys: readonly AccountKeyInput[]; balance?: Amount | undefined },
): { address: AccountId } {
  const { state } = ctx;
  if (args.keys.length > MAX_KEYS) {
    throw new LedgerError("INVALID_ACCOUNT_KEY", `an account holds at most ${MAX_KEYS} keys`, { field: "keys" });
  }
  args.keys.forEach((key, i) => {
    checkAccountKey(key, `keys.${i}`);
  });
  const balance = args.balance ?? ZERO;
  const creator = requireBalance(ctx, balance);
  const address = addressFromCounter(state.accountCounter + 1);
  if (state.accounts.has(address)) throw new Error(`address ${address} is already taken`);

  const keys = accountKeysFrom(args.keys);
  state.accountCounter += 1;
  debit(state, creator, balance);
  state.accounts.set(address, { id: address, balance, keys });
  touchAccount(state, address);
  ctx.events.push({ type: "AccountCreated", address });
  for (const key of keys) ctx.events.push(keyAddedEvent(address, key));
  if (balance > 0n) ctx.events.push({ type: "TokensTransferred", from: creator.id, to: address, amount: balance });
  return { address };
}

function keyAddedEvent(address: AccountId, key: AccountKey) {
  return {
    type: "AccountKeyAdded" as const,
    address,
    keyIndex: key.index,
    publicKey: key.publicKey,
    signatureAlgorithm: key.signatureAlgorithm,
    hashAlgorithm: key.hashAlgorithm,
    weight: key.weight,
  };
}

export function addAccountKey(ctx: OperationContext, key: AccountKeyInput): { keyIndex: number } {
  checkAccountKey(key);
  const account = requireAccount(ctx, ctx.signer);
  if (account.keys.length >= MAX_KEYS) {
    throw new LedgerError("INVALID_ACCOUNT_KEY", `an account holds at most ${MAX_KEYS} keys`, { field: "key" });
  }
  const added: AccountKey = { ...key, index: account.keys.length, revoked: false, sequenceNumber: 0 };
  account.keys.push(added);
  touchAccount(ctx.state, account.id);
  ctx.events.push(keyAddedEvent(account.id, added));
  return { keyIndex: added.index };
}

/** Revoking an already revoked key is refused, so a revocation is always a change. */
export function revokeAccountKey(ctx: OperationContext, args: { keyIndex: number }): null {
  const account = requireAccount(ctx, ctx.signer);
  const key = requireKey(account, args.keyIndex);
  if (key.revoked) {
    throw new LedgerError("ACCOUNT_KEY_REVOKED", `key ${args.keyIndex} of ${account.id} is already revoked`, {
      account: account.id,
      keyIndex: args.keyIndex,
    });
  }
  key.revoked = true;
  touchAccount(ctx.state, account.id);
  ctx.events.push({ type: "AccountKeyRevoked", address: account.id, keyIndex: key.index });
  return null;
}

export function transferTokens(ctx: OperationContext, args: { to: AccountId; amount: Amount }): null {
  const from = requireBalance(ctx, args.amount);
  const to = requireAccount(ctx, args.to);
  add(to.balance, args.amount); // cannot overflow (both are part of the supply), but check before changing anything
  debit(ctx.state, from, args.amount);
  credit(ctx.state, to, args.amount);
  ctx.events.push({ type: "TokensTransferred", from: from.id, to: to.id, amount: args.amount });
  return null;
}
