import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  div,
  formatAmount,
  MAX_AMOUNT,
  mul,
  ONE,
  parseAmount,
  parseJsonAmount,
  sub,
  units,
  ZERO,
} from "./amount.js";
import { ledgerErrorOf } from "./test-fixtures.js";

describe("parseAmount", () => {
  it.each([
    ["0", 0n],
    ["250000", 25_000_000_000_000n],
    ["250000.0", 25_000_000_000_000n],
    ["0.08", 8_000_000n],
    ["189393.9375", 18_939_393_750_000n],
    ["0.00000001", 1n],
    ["1.12345678", 112_345_678n],
    ["184467440737.09551615", 18_446_744_073_709_551_615n],
  ])("reads %s as %d units of 10⁻⁸", (text, expected) => {
    expect(parseAmount(text)).toBe(expected);
  });

  it("accepts exactly the maximum UFix64 value 184467440737.09551615", () => {
    expect(parseAmount("184467440737.09551615")).toBe(MAX_AMOUNT);
  });

  it.each([
    ["1.123456789", "AMOUNT_TOO_PRECISE"],
    ["0.000000001", "AMOUNT_TOO_PRECISE"],
    ["-1", "AMOUNT_NEGATIVE"],
    ["-0.5", "AMOUNT_NEGATIVE"],
    ["184467440737.09551616", "AMOUNT_TOO_LARGE"],
    ["184467440738", "AMOUNT_TOO_LARGE"],
    ["1e5", "AMOUNT_INVALID"],
    ["1E5", "AMOUNT_INVALID"],
    ["2.5e-3", "AMOUNT_INVALID"],
    ["+1", "AMOUNT_INVALID"],
    ["+0.5", "AMOUNT_INVALID"],
    ["", "AMOUNT_INVALID"],
    [" 1", "AMOUNT_INVALID"],
    ["1,000", "AMOUNT_INVALID"],
    ["abc", "AMOUNT_INVALID"],
    ["0x10", "AMOUNT_INVALID"],
  ])("rejects %j with %s", (text, code) => {
    expect(ledgerErrorOf(() => parseAmount(text)).code).toBe(code);
  });
});

describe("parseJsonAmount", () => {
  it("reads a decimal string like parseAmount", () => {
    expect(parseJsonAmount("189393.9375")).toBe(parseAmount("189393.9375"));
  });

  it("reads a JSON integer", () => {
    expect(parseJsonAmount(250000)).toBe(parseAmount("250000.0"));
    expect(parseJsonAmount(0)).toBe(ZERO);
  });

  it.each([0.5, 0.08, 189393.9375, -0.5])("rejects the JSON float %d with AMOUNT_FLOAT", (value) => {
    expect(ledgerErrorOf(() => parseJsonAmount(value)).code).toBe("AMOUNT_FLOAT");
  });

  it.each([2 ** 53, -(2 ** 53), 1e21])("rejects the unsafe integer %d with AMOUNT_INVALID", (value) => {
    expect(ledgerErrorOf(() => parseJsonAmount(value)).code).toBe("AMOUNT_INVALID");
  });

  it("rejects a negative JSON integer with AMOUNT_NEGATIVE", () => {
    expect(ledgerErrorOf(() => parseJsonAmount(-5)).code).toBe("AMOUNT_NEGATIVE");
  });

  it("applies the string rules to strings (more than 8 decimals)", () => {
    expect(ledgerErrorOf(() => parseJsonAmount("0.123456789")).code).toBe("AMOUNT_TOO_PRECISE");
  });

  it.each([null, true, undefined, {}, [1]])("rejects the non-amount JSON value %j with AMOUNT_INVALID", (value) => {
    expect(ledgerErrorOf(() => parseJsonAmount(value)).code).toBe("AMOUNT_INVALID");
  });
});

describe("formatAmount", () => {
  it.each([
    ["0", "0.00000000"],
    ["0.00000001", "0.00000001"],
    ["0.08", "0.08000000"],
    ["250000", "250000.00000000"],
    ["189393.9375", "189393.93750000"],
  ])("formats %s with exactly 8 decimals as %s", (text, expected) => {
    expect(formatAmount(parseAmount(text))).toBe(expected);
  });

  it("formats the maximum value", () => {
    expect(formatAmount(MAX_AMOUNT)).toBe("184467440737.09551615");
  });
});

describe("units", () => {
  it("wraps a unit count inside [0, max]", () => {
    expect(units(0n)).toBe(ZERO);
    expect(units(18_446_744_073_709_551_615n)).toBe(MAX_AMOUNT);
  });

  it("throws a RangeError (a bug, not a user error) outside [0, max]", () => {
    expect(() => units(-1n)).toThrow(RangeError);
    expect(() => units(18_446_744_073_709_551_616n)).toThrow(RangeError);
  });
});

describe("add and sub (§1: exact; overflow and underflow abort)", () => {
  it("adds exactly", () => {
    expect(add(parseAmount("0.1"), parseAmount("0.2"))).toBe(parseAmount("0.3"));
    expect(add(MAX_AMOUNT, ZERO)).toBe(MAX_AMOUNT);
  });

  it("aborts with AMOUNT_OVERFLOW above the maximum", () => {
    expect(ledgerErrorOf(() => add(MAX_AMOUNT, units(1n))).code).toBe("AMOUNT_OVERFLOW");
  });

  it("subtracts exactly, down to zero", () => {
    expect(sub(parseAmount("1250000"), parseAmount("1249999.9875"))).toBe(parseAmount("0.0125"));
    expect(sub(parseAmount("5"), parseAmount("5"))).toBe(ZERO);
  });

  it("aborts with AMOUNT_UNDERFLOW below zero instead of clamping", () => {
    expect(ledgerErrorOf(() => sub(parseAmount("1"), parseAmount("1.00000001"))).code).toBe("AMOUNT_UNDERFLOW");
  });
});

describe("mul and div truncate toward zero (§1)", () => {
  it("§9.3: 1250000 / 1650000 = 0.75757575 (truncated, not rounded)", () => {
    expect(formatAmount(div(parseAmount("1250000"), parseAmount("1650000")))).toBe("0.75757575");
  });

  it("§9.3: 250000 × 0.75757575 = 189393.9375", () => {
    expect(mul(parseAmount("250000"), parseAmount("0.75757575"))).toBe(parseAmount("189393.9375"));
  });

  it("§9.3: 1400000 × 0.75757575 = 1060606.05", () => {
    expect(mul(parseAmount("1400000"), parseAmount("0.75757575"))).toBe(parseAmount("1060606.05"));
  });

  it("truncates where rounding would round up", () => {
    expect(formatAmount(div(parseAmount("2"), parseAmount("3")))).toBe("0.66666666");
    expect(formatAmount(mul(parseAmount("0.99999999"), parseAmount("0.99999999")))).toBe("0.99999998");
    expect(mul(parseAmount("0.00000001"), parseAmount("0.5"))).toBe(ZERO);
    // 1369.86299987 × 0.08 = 109.5890399896: the delegator cut of the shared example.
    expect(formatAmount(mul(parseAmount("1369.86299987"), parseAmount("0.08")))).toBe("109.58903998");
  });

  it("aborts with DIVISION_BY_ZERO when dividing by zero", () => {
    expect(ledgerErrorOf(() => div(parseAmount("1"), ZERO)).code).toBe("DIVISION_BY_ZERO");
    expect(ledgerErrorOf(() => div(ZERO, ZERO)).code).toBe("DIVISION_BY_ZERO");
  });

  it("aborts with AMOUNT_OVERFLOW when a product or quotient exceeds the maximum", () => {
    expect(ledgerErrorOf(() => mul(MAX_AMOUNT, parseAmount("2"))).code).toBe("AMOUNT_OVERFLOW");
    expect(ledgerErrorOf(() => div(MAX_AMOUNT, parseAmount("0.5"))).code).toBe("AMOUNT_OVERFLOW");
  });
});

describe("properties", () => {
  const raw = fc.bigInt({ min: 0n, max: MAX_AMOUNT });
  const unit = 100_000_000n;
  // Small operands keep most products in range; full-range ones exercise overflow.
  const operand = fc.oneof(raw, fc.bigInt({ min: 0n, max: 10n * unit }));

  it("mul(a, b) = floor(a·b / 10⁸): the q with q·10⁸ ≤ a·b < (q+1)·10⁸, else AMOUNT_OVERFLOW", () => {
    fc.assert(
      fc.property(operand, operand, (a, b) => {
        const product = a * b;
        if ((MAX_AMOUNT + 1n) * unit <= product) {
          expect(ledgerErrorOf(() => mul(units(a), units(b))).code).toBe("AMOUNT_OVERFLOW");
          return;
        }
        const q = mul(units(a), units(b));
        expect(q * unit <= product && product < (q + 1n) * unit).toBe(true);
      }),
    );
  });

  it("div(a, b) = floor(a·10⁸ / b): the q with q·b ≤ a·10⁸ < (q+1)·b, else AMOUNT_OVERFLOW", () => {
    fc.assert(
      fc.property(operand, operand, (a, bRaw) => {
        const b = bRaw === 0n ? 1n : bRaw;
        const scaled = a * unit;
        if ((MAX_AMOUNT + 1n) * b <= scaled) {
          expect(ledgerErrorOf(() => div(units(a), units(b))).code).toBe("AMOUNT_OVERFLOW");
          return;
        }
        const q = div(units(a), units(b));
        expect(q * b <= scaled && scaled < (q + 1n) * b).toBe(true);
      }),
    );
  });

  it("mul truncates exactly like dropping the last 8 digits of the exact decimal product", () => {
    const small = fc.bigInt({ min: 0n, max: 10n ** 13n });
    fc.assert(
      fc.property(small, small, (a, b) => {
        const exact = (a * b).toString().padStart(9, "0");
        expect(mul(units(a), units(b))).toBe(BigInt(exact.slice(0, -8)));
      }),
    );
  });

  it("formatAmount ∘ parseAmount is the identity on formatted strings, and parse inverts format", () => {
    fc.assert(
      fc.property(raw, (u) => {
        const text = formatAmount(units(u));
        expect(text).toMatch(/^(0|[1-9][0-9]*)\.[0-9]{8}$/);
        expect(BigInt(text.replace(".", ""))).toBe(u);
        expect(parseAmount(text)).toBe(u);
        expect(formatAmount(parseAmount(text))).toBe(text);
      }),
    );
  });

  it("ONE is 10⁸ units and formats as 1.00000000", () => {
    expect(ONE).toBe(unit);
    expect(formatAmount(ONE)).toBe("1.00000000");
  });
});

describe("leading zeros", () => {
  it("are accepted, as a decimal reader would: 007.5 is 7.5", () => {
    expect(parseAmount("007.5")).toBe(parseAmount("7.5"));
    expect(parseAmount("00")).toBe(0n);
  });

  it("a bare point on either side is not a number", () => {
    for (const text of ["1.", ".5", "."]) {
      expect(() => parseAmount(text), text).toThrow(expect.objectContaining({ code: "AMOUNT_INVALID" }));
    }
  });
});
