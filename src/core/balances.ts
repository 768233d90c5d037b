/** Account balances, minting into the supply, and the fee vault (plan-format.md "Money flows"). */
import { type Amount, add, formatAmount, sub, ZERO } from "./amount.js";
import { touchAccount } from "./changes.js";
import type { OperationContext } from "./context.js";
import { LedgerError } from "./errors.js";
import type { AccountId } from "./ids.js";
import type { Account, LedgerState } from "./state.js";

/** The account, created with `initialBalance` (minted) if it does not exist yet. */
export function ensureAccount(state: LedgerState, id: AccountId, initialBalance: Amount): Account {
  const existing = state.accounts.get(id);
  if (existing !== undefined) return existing;
  const supply = add(state.totalSupply, initialBalance);
  const account: Account = { id, balance: initialBalance, keys: [] };
  state.accounts.set(id, account);
  state.totalSupply = supply;
  touchAccount(state, id);
  return account;
}

/** Throws INSUFFICIENT_BALANCE unless the signer exists and holds at least `amount`. Changes nothing. */
export function requireBalance(ctx: OperationContext, amount: Amount): Account {
  const account = ctx.state.accounts.get(ctx.signer);
  const balance = account?.balance ?? ZERO;
  if (account === undefined || balance < amount) {
    throw new LedgerError(
      "INSUFFICIENT_BALANCE",
      `account ${ctx.signer} holds ${formatAmount(balance)} FLOW, less than ${formatAmount(amount)}`,
      { account: ctx.signer, balance: formatAmount(balance), amount: formatAmount(amount) },
    );
  }
  return account;
}

export function debit(state: LedgerState, account: Account, amount: Amount): void {
  account.balance = sub(account.balance, amount);
  touchAccount(state, account.id);
}

/** Credits an existing account; the caller checked it exists (withdrawals credit the signer). */
export function credit(state: LedgerState, account: Account, amount: Amount): void {
  account.balance = add(account.balance, amount);
  touchAccount(state, account.id);
}

/** Mints `amount` into `to`'s balance (the plan's `fund`), creating the account if needed. */
export function fund(state: LedgerState, to: AccountId, amount: Amount): void {
  const supply = add(state.totalSupply, amount);
  const balance = add(state.accounts.get(to)?.balance ?? ZERO, amount);
  ensureAccount(state, to, ZERO).balance = balance;
  state.totalSupply = supply;
  touchAccount(state, to);
}

/** Mints `amount` into the fee vault (stands in for collected transaction fees). */
export function depositFees(state: LedgerState, amount: Amount): void {
  const supply = add(state.totalSupply, amount);
  const vault = add(state.feeVault, amount);
  state.totalSupply = supply;
  state.feeVault = vault;
}
