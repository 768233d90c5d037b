import { describe, expect, it } from "vitest";
import type { Amount } from "../amount.js";
import { checkInvariants, INVARIANTS } from "../invariants.js";
import type { LedgerState } from "../state.js";
import { ALICE, BOB, nodeOf } from "../test-fixtures.js";
import { amount, DAVE, epochWithRewards, join, leave, member, N1, pool, pooledNode } from "./test-fixtures.js";

/** Rewards paid, members joined and left: tickets in two cohorts. */
function sound(): LedgerState {
  const ledger = pooledNode();
  join(ledger, DAVE, "1000");
  epochWithRewards(ledger);
  leave(ledger, DAVE, "500");
  join(ledger, ALICE, "20");
  leave(ledger, ALICE, "30");
  return ledger;
}

function broken(breakIt: (ledger: LedgerState) => void): string[] {
  const ledger = sound();
  expect(checkInvariants(ledger)).toEqual([]);
  breakIt(ledger);
  expect([...new Set(checkInvariants(ledger).map((v) => v.invariant))]).toEqual(["pools"]);
  return INVARIANTS.pools(ledger).map((v) => v.message);
}

describe("the pools invariant", () => {
  it("holds on a sound state", () => {
    expect(INVARIANTS.pools(sound())).toEqual([]);
  });

  it("detects shares that do not add up", () => {
    expect(
      broken((l) => {
        member(l, DAVE).shares = amount("1");
      }),
    ).toEqual(
      expect.arrayContaining([expect.stringContaining("Σ shares"), expect.stringContaining("negative unsettled")]),
    );
  });

  it("detects claims above the record's rewarded pool", () => {
    expect(
      broken((l) => {
        pool(l).operatorFees = (pool(l).operatorFees + amount("1000")) as Amount;
      }),
    ).toEqual([expect.stringContaining("> record's rewarded")]);
  });

  it("detects a handle not held by the pool's account", () => {
    expect(
      broken((l) => {
        nodeOf(l, N1).owner = BOB;
      }),
    ).toEqual([expect.stringContaining("handle is held by bob")]);
  });

  it("detects reserved tokens that are not where their cohort says", () => {
    const messages = broken((l) => {
      const cohort = [...pool(l).cohorts.values()].find((c) => c.key === "2");
      if (cohort === undefined) throw new Error("test setup: no cohort 2");
      cohort.value = (cohort.value + amount("1")) as Amount;
      member(l, DAVE).tickets[0] = { cohort: cohort.id, units: amount("1000000") };
    });
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringContaining("> requested"), expect.stringContaining("cohort")]),
    );
  });

  it("detects claimable rewards that do not add up", () => {
    expect(
      broken((l) => {
        member(l, DAVE).claimable = amount("1");
      }),
    ).toEqual(expect.arrayContaining([expect.stringContaining("Σ claimable")]));
  });
});
