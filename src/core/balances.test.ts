import { describe, expect, it } from "vitest";
import { MAX_AMOUNT, parseAmount, sub } from "./amount.js";
import { asAccountId } from "./ids.js";
import { ADMIN, ALICE, admin, balanceOf, newLedger, refusal, START_BALANCE } from "./test-fixtures.js";

const amount = parseAmount;

describe("fund (plan-format.md, Money flows)", () => {
  it("mints into an existing account and grows the supply, with no event", () => {
    const ledger = newLedger();
    const supply = ledger.totalSupply;
    expect(admin(ledger, { op: "fund", account: ALICE, amount: amount("12.5") }).events).toEqual([]);
    expect(balanceOf(ledger, ALICE)).toBe(START_BALANCE + amount("12.5"));
    expect(ledger.totalSupply).toBe(supply + amount("12.5"));
  });

  it("creates an account that does not exist yet", () => {
    const ledger = newLedger();
    const dave = asAccountId("dave");
    admin(ledger, { op: "fund", account: dave, amount: amount("7.0") });
    expect(balanceOf(ledger, dave)).toBe(amount("7.0"));
  });

  it("AMOUNT_OVERFLOW when the supply would exceed the UFix64 maximum, state unchanged", () => {
    const ledger = newLedger();
    const room = sub(MAX_AMOUNT, ledger.totalSupply);
    admin(ledger, { op: "fund", account: ALICE, amount: room });
    expect(ledger.totalSupply).toBe(MAX_AMOUNT);
    expect(refusal(ledger, ADMIN, { op: "fund", account: asAccountId("dave"), amount: amount("0.00000001") })).toEqual({
      code: "AMOUNT_OVERFLOW",
      details: {},
      stateUnchanged: true,
    });
  });
});

describe("deposit_fees (plan-format.md, Money flows)", () => {
  it("mints into the fee vault and grows the supply", () => {
    const ledger = newLedger();
    const supply = ledger.totalSupply;
    admin(ledger, { op: "deposit_fees", amount: amount("1000.0") });
    admin(ledger, { op: "deposit_fees", amount: amount("0.5") });
    expect(ledger.feeVault).toBe(amount("1000.5"));
    expect(ledger.totalSupply).toBe(supply + amount("1000.5"));
  });

  it("AMOUNT_OVERFLOW when the supply would exceed the UFix64 maximum, state unchanged", () => {
    const ledger = newLedger();
    expect(refusal(ledger, ADMIN, { op: "deposit_fees", amount: MAX_AMOUNT })).toMatchObject({
      code: "AMOUNT_OVERFLOW",
      stateUnchanged: true,
    });
  });
});
