import { describe, expect, it } from "vitest";
import { type Amount, formatAmount, parseAmount } from "./amount.js";
import { isLedgerError } from "./errors.js";
import { type AccountId, asAccountId } from "./ids.js";
import { type AccountKeyInput, createLedger, type LedgerState } from "./state.js";
import { stateHash } from "./state-hash.js";
import { applySystemOperation, applyTransaction, type SignedTransaction } from "./transactions.js";

const ADMIN = asAccountId("0000000000000001");
const ALICE = asAccountId("0000000000000002");
const BOB = asAccountId("0000000000000003");
const key = (n: number, weight = 1000): AccountKeyInput => ({
  publicKey: n.toString(16).padStart(128, "0"),
  signatureAlgorithm: "ECDSA_P256",
  hashAlgorithm: "SHA3_256",
  weight,
});

function ledger(): LedgerState {
  return createLedger({
    admin: ADMIN,
    keyValidation: "format",
    accounts: [
      [ADMIN, parseAmount("1000")],
      [ALICE, parseAmount("100")],
      [BOB, parseAmount("0.000005")],
    ],
    accountKeys: new Map([
      [ADMIN, [key(1)]],
      [ALICE, [key(2, 500), key(3, 500), key(4, 1000)]],
      [BOB, [key(5)]],
    ]),
    accountCounter: 3,
  });
}

const BLOCK = { height: 10, time: 1_000 };

function transfer(from: AccountId, overrides: Partial<SignedTransaction> = {}): SignedTransaction {
  return {
    operation: { op: "transfer_tokens", to: ADMIN, amount: parseAmount("1") },
    proposalKey: { address: from, keyIndex: from === ALICE ? 2 : 0, sequenceNumber: 0 },
    authorizer: from,
    signatures: [{ address: from, keyIndex: from === ALICE ? 2 : 0, valid: true }],
    ...overrides,
  };
}

function refusal(state: LedgerState, tx: SignedTransaction): { code: string; unchanged: boolean } {
  const before = stateHash(state);
  try {
    applyTransaction(state, tx, BLOCK);
  } catch (error) {
    if (!isLedgerError(error)) throw error;
    return { code: error.code, unchanged: stateHash(state) === before };
  }
  throw new Error("the transaction was not refused");
}

describe("applyTransaction", () => {
  it("applies the operation, charges the fee into the fee vault and advances the proposal key", () => {
    const state = ledger();
    const supply = state.totalSupply;
    const { events } = applyTransaction(state, transfer(ALICE), BLOCK);
    expect(events.toArray()).toEqual([{ type: "TokensTransferred", from: ALICE, to: ADMIN, amount: parseAmount("1") }]);
    expect(formatAmount(state.accounts.get(ALICE)?.balance as Amount)).toBe("98.99999000");
    expect(formatAmount(state.feeVault)).toBe("0.00001000");
    expect(state.accounts.get(ALICE)?.keys[2]?.sequenceNumber).toBe(1);
    expect(state.totalSupply).toBe(supply);
  });

  it("counts the weights of several keys together", () => {
    const state = ledger();
    const tx = transfer(ALICE, {
      proposalKey: { address: ALICE, keyIndex: 0, sequenceNumber: 0 },
      signatures: [
        { address: ALICE, keyIndex: 0, valid: true },
        { address: ALICE, keyIndex: 1, valid: true },
      ],
    });
    expect(() => applyTransaction(state, tx, BLOCK)).not.toThrow();
    expect(state.accounts.get(ALICE)?.keys[0]?.sequenceNumber).toBe(1);
  });

  it.each([
    ["TRANSACTION_EXPIRED", transfer(ALICE, { expiryHeight: 9 })],
    ["ACCOUNT_NOT_FOUND", transfer(ALICE, { authorizer: asAccountId("00000000000000ff") })],
    [
      "UNEXPECTED_SIGNER",
      transfer(ALICE, {
        signatures: [
          { address: ALICE, keyIndex: 2, valid: true },
          { address: BOB, keyIndex: 0, valid: true },
        ],
      }),
    ],
    ["ACCOUNT_KEY_NOT_FOUND", transfer(ALICE, { signatures: [{ address: ALICE, keyIndex: 7, valid: true }] })],
    ["INVALID_SIGNATURE", transfer(ALICE, { signatures: [{ address: ALICE, keyIndex: 2, valid: false }] })],
    [
      "PROPOSAL_KEY_NOT_SIGNED",
      transfer(ALICE, {
        signatures: [
          { address: ALICE, keyIndex: 0, valid: true },
          { address: ALICE, keyIndex: 1, valid: true },
        ],
      }),
    ],
    [
      "INSUFFICIENT_KEY_WEIGHT",
      transfer(ALICE, {
        proposalKey: { address: ALICE, keyIndex: 0, sequenceNumber: 0 },
        signatures: [{ address: ALICE, keyIndex: 0, valid: true }],
      }),
    ],
    ["SEQUENCE_NUMBER_MISMATCH", transfer(ALICE, { proposalKey: { address: ALICE, keyIndex: 2, sequenceNumber: 1 } })],
  ])("refuses with %s and changes nothing", (code, tx) => {
    const state = ledger();
    expect(refusal(state, tx)).toEqual({ code, unchanged: true });
  });

  it("a key signing twice counts once", () => {
    const state = ledger();
    const tx = transfer(ALICE, {
      proposalKey: { address: ALICE, keyIndex: 0, sequenceNumber: 0 },
      signatures: [
        { address: ALICE, keyIndex: 0, valid: true },
        { address: ALICE, keyIndex: 0, valid: true },
      ],
    });
    expect(refusal(state, tx)).toEqual({ code: "INSUFFICIENT_KEY_WEIGHT", unchanged: true });
  });

  it("a replay of an executed transaction is refused", () => {
    const state = ledger();
    applyTransaction(state, transfer(ALICE), BLOCK);
    expect(refusal(state, transfer(ALICE))).toEqual({ code: "SEQUENCE_NUMBER_MISMATCH", unchanged: true });
  });

  it("a revoked key cannot sign", () => {
    const state = ledger();
    applyTransaction(state, transfer(ALICE, { operation: { op: "revoke_account_key", keyIndex: 0 } }), BLOCK);
    expect(state.accounts.get(ALICE)?.keys[0]?.revoked).toBe(true);
    const tx = transfer(ALICE, {
      proposalKey: { address: ALICE, keyIndex: 0, sequenceNumber: 0 },
      signatures: [
        { address: ALICE, keyIndex: 0, valid: true },
        { address: ALICE, keyIndex: 1, valid: true },
      ],
    });
    expect(refusal(state, tx)).toEqual({ code: "ACCOUNT_KEY_REVOKED", unchanged: true });
  });

  it("a payer that cannot cover the fee is refused", () => {
    const state = ledger();
    expect(refusal(state, transfer(BOB))).toEqual({ code: "INSUFFICIENT_BALANCE", unchanged: true });
  });

  it("a refused operation gives back the fee and the sequence number", () => {
    const state = ledger();
    const tx = transfer(ALICE, { operation: { op: "transfer_tokens", to: ADMIN, amount: parseAmount("5000") } });
    expect(refusal(state, tx)).toEqual({ code: "INSUFFICIENT_BALANCE", unchanged: true });
    expect(state.accounts.get(ALICE)?.keys[2]?.sequenceNumber).toBe(0);
    expect(state.feeVault).toBe(0n);
  });

  it("an admin operation needs the admin as authorizer", () => {
    const state = ledger();
    const tx = transfer(ALICE, { operation: { op: "set_cut_percentage", value: parseAmount("0.1") } });
    expect(refusal(state, tx)).toEqual({ code: "NOT_ADMIN", unchanged: true });
  });

  it("a system operation acts as the admin and pays no fee", () => {
    const state = ledger();
    applySystemOperation(state, { op: "epoch_setup" }, BLOCK);
    expect(state.epoch.phase).toBe("epoch_setup");
    expect(state.epoch.setupStartedAt).toBe(1_000);
    expect(state.feeVault).toBe(0n);
  });
});
