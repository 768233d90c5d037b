/**
 * UFix64 amounts (staking-contract.md §1): unsigned fixed point with 8 decimals, held as a `bigint` count of
 * 10⁻⁸ units. Every multiply and divide truncates toward zero, exactly as the Cadence runtime does; every
 * intermediate result is truncated before the next operation.
 */
import { LedgerError } from "./errors.js";

declare const amountBrand: unique symbol;
/** A UFix64 value in units of 10⁻⁸. Only `parseAmount`, `units` and the arithmetic below create one. */
export type Amount = bigint & { readonly [amountBrand]: true };

export const DECIMALS = 8;
/** 10⁸: one whole token in units. */
export const ONE = 100_000_000n as Amount;
export const ZERO = 0n as Amount;
/** 2⁶⁴ − 1 units = 184467440737.09551615. */
export const MAX_AMOUNT = 0xffff_ffff_ffff_ffffn as Amount;

/** Wraps a bigint known to be within [0, MAX_AMOUNT]. Throws (a bug, not a user error) otherwise. */
export function units(value: bigint): Amount {
  if (value < 0n || value > MAX_AMOUNT) throw new RangeError(`not a UFix64 unit count: ${value}`);
  return value as Amount;
}

/** Digits, optionally a point and more digits: "250000", "0.08", "007.5". No sign, exponent or bare point. */
const DECIMAL = /^([0-9]+)(?:\.([0-9]+))?$/;

/**
 * Parses a decimal string ("250000", "0.08", "189393.9375") into an Amount.
 * Rejects: signs, exponents, more than 8 fractional digits, values above the maximum, anything not a plain decimal.
 */
export function parseAmount(text: string): Amount {
  const match = DECIMAL.exec(text);
  if (match === null) {
    if (text.startsWith("-")) throw new LedgerError("AMOUNT_NEGATIVE", `amount ${text} is negative`);
    throw new LedgerError("AMOUNT_INVALID", `amount ${JSON.stringify(text)} is not a decimal number`);
  }
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (fraction.length > DECIMALS) {
    throw new LedgerError("AMOUNT_TOO_PRECISE", `amount ${text} has more than ${DECIMALS} decimal places`);
  }
  const value = BigInt(whole) * ONE + BigInt(fraction.padEnd(DECIMALS, "0"));
  if (value > MAX_AMOUNT) {
    throw new LedgerError("AMOUNT_TOO_LARGE", `amount ${text} is above the UFix64 maximum ${formatAmount(MAX_AMOUNT)}`);
  }
  return value as Amount;
}

/**
 * Parses an amount from a JSON value: a decimal string, or an integer JSON number. A JSON number with a fraction
 * is refused: binary floats cannot carry money exactly.
 */
export function parseJsonAmount(value: unknown): Amount {
  if (typeof value === "string") return parseAmount(value);
  if (typeof value === "number") {
    if (!Number.isInteger(value)) {
      throw new LedgerError("AMOUNT_FLOAT", `amount ${value} is a JSON number with a fraction; write it as a string`);
    }
    if (!Number.isSafeInteger(value)) {
      throw new LedgerError("AMOUNT_INVALID", `amount ${value} is not an exact integer; write it as a string`);
    }
    if (value < 0) throw new LedgerError("AMOUNT_NEGATIVE", `amount ${value} is negative`);
    return parseAmount(String(value));
  }
  throw new LedgerError("AMOUNT_INVALID", `amount must be a decimal string, got ${typeof value}`);
}

/** Formats with exactly 8 decimals: 18939393750000n → "189393.93750000". */
export function formatAmount(amount: Amount): string {
  const whole = amount / ONE;
  const fraction = amount % ONE;
  return `${whole}.${fraction.toString().padStart(DECIMALS, "0")}`;
}

/** a + b; aborts with AMOUNT_OVERFLOW above the maximum. */
export function add(a: Amount, b: Amount): Amount {
  const sum = a + b;
  if (sum > MAX_AMOUNT) {
    throw new LedgerError("AMOUNT_OVERFLOW", `${formatAmount(a)} + ${formatAmount(b)} is above the UFix64 maximum`);
  }
  return sum as Amount;
}

/** a − b; aborts with AMOUNT_UNDERFLOW below zero (the contract never clamps except where it says so). */
export function sub(a: Amount, b: Amount): Amount {
  if (b > a) throw new LedgerError("AMOUNT_UNDERFLOW", `${formatAmount(a)} − ${formatAmount(b)} is below zero`);
  return (a - b) as Amount;
}

/** a × b, truncated: floor(a_raw × b_raw / 10⁸). */
export function mul(a: Amount, b: Amount): Amount {
  const product = (a * b) / ONE;
  if (product > MAX_AMOUNT) {
    throw new LedgerError("AMOUNT_OVERFLOW", `${formatAmount(a)} × ${formatAmount(b)} is above the UFix64 maximum`);
  }
  return product as Amount;
}

/** a ÷ b, truncated: floor(a_raw × 10⁸ / b_raw). Division by zero aborts with DIVISION_BY_ZERO. */
export function div(a: Amount, b: Amount): Amount {
  if (b === 0n) throw new LedgerError("DIVISION_BY_ZERO", `${formatAmount(a)} ÷ 0`);
  const quotient = (a * ONE) / b;
  if (quotient > MAX_AMOUNT) {
    throw new LedgerError("AMOUNT_OVERFLOW", `${formatAmount(a)} ÷ ${formatAmount(b)} is above the UFix64 maximum`);
  }
  return quotient as Amount;
}

export function min(a: Amount, b: Amount): Amount {
  return a < b ? a : b;
}
