import { describe, expect, it } from "vitest";
import { parseAmount } from "../amount.js";
import { isLedgerError } from "../errors.js";
import { asAccountId } from "../ids.js";
import { apply } from "../operations.js";
import { createLedger } from "../state.js";
import { stateHash } from "../state-hash.js";
import { addressFromCounter } from "./operations.js";

const ADMIN = asAccountId("0000000000000001");
const KEY = {
  publicKey: "ab".repeat(64),
  signatureAlgorithm: "ECDSA_P256",
  hashAlgorithm: "SHA3_256",
  weight: 1000,
} as const;

function ledger() {
  return createLedger({ admin: ADMIN, accounts: [[ADMIN, parseAmount("100")]], accountCounter: 1 });
}

function refused(run: () => unknown, state: ReturnType<typeof ledger>): string {
  const before = stateHash(state);
  try {
    run();
  } catch (error) {
    if (!isLedgerError(error)) throw error;
    expect(stateHash(state)).toBe(before);
    return error.code;
  }
  throw new Error("not refused");
}

describe("account operations", () => {
  it("create_account numbers addresses in order and moves the opening balance from the creator", () => {
    const state = ledger();
    const { result, events } = apply(state, ADMIN, { op: "create_account", keys: [KEY], balance: parseAmount("40") });
    expect(result).toEqual({ address: "0000000000000002" });
    expect(events).toEqual([
      { type: "AccountCreated", address: "0000000000000002" },
      { type: "AccountKeyAdded", address: "0000000000000002", keyIndex: 0, ...KEY },
      { type: "TokensTransferred", from: ADMIN, to: "0000000000000002", amount: parseAmount("40") },
    ]);
    expect(state.accounts.get(ADMIN)?.balance).toBe(parseAmount("60"));
    expect(state.accounts.get(asAccountId("0000000000000002"))?.keys).toEqual([
      { ...KEY, index: 0, revoked: false, sequenceNumber: 0 },
    ]);
    expect(addressFromCounter(255)).toBe("00000000000000ff");
  });

  it("adds keys with the next index and revokes them once", () => {
    const state = ledger();
    expect(apply(state, ADMIN, { op: "add_account_key", ...KEY }).result).toEqual({ keyIndex: 0 });
    expect(apply(state, ADMIN, { op: "add_account_key", ...KEY, weight: 10 }).result).toEqual({ keyIndex: 1 });
    apply(state, ADMIN, { op: "revoke_account_key", keyIndex: 1 });
    expect(state.accounts.get(ADMIN)?.keys[1]?.revoked).toBe(true);
    expect(refused(() => apply(state, ADMIN, { op: "revoke_account_key", keyIndex: 1 }), state)).toBe(
      "ACCOUNT_KEY_REVOKED",
    );
    expect(refused(() => apply(state, ADMIN, { op: "revoke_account_key", keyIndex: 2 }), state)).toBe(
      "ACCOUNT_KEY_NOT_FOUND",
    );
  });

  it.each([
    ["a short public key", { ...KEY, publicKey: "ab" }],
    ["an unknown signature algorithm", { ...KEY, signatureAlgorithm: "ED25519" }],
    ["an unknown hash algorithm", { ...KEY, hashAlgorithm: "KECCAK" }],
    ["a weight above 1000", { ...KEY, weight: 1001 }],
  ])("refuses %s with INVALID_ACCOUNT_KEY", (_what, key) => {
    const state = ledger();
    expect(refused(() => apply(state, ADMIN, { op: "add_account_key", ...(key as typeof KEY) }), state)).toBe(
      "INVALID_ACCOUNT_KEY",
    );
  });

  it("transfers between existing accounts only, within the balance", () => {
    const state = ledger();
    apply(state, ADMIN, { op: "create_account", keys: [KEY] });
    const to = asAccountId("0000000000000002");
    apply(state, ADMIN, { op: "transfer_tokens", to, amount: parseAmount("0.00000001") });
    expect(state.accounts.get(to)?.balance).toBe(1n);
    expect(refused(() => apply(state, ADMIN, { op: "transfer_tokens", to, amount: parseAmount("1000") }), state)).toBe(
      "INSUFFICIENT_BALANCE",
    );
    const nobody = asAccountId("00000000000000ff");
    expect(refused(() => apply(state, ADMIN, { op: "transfer_tokens", to: nobody, amount: 1n as never }), state)).toBe(
      "ACCOUNT_NOT_FOUND",
    );
  });
});
