import { describe, expect, it } from "vitest";
import { parseAmount } from "../amount.js";
import { nodeId } from "../test-fixtures.js";
import { slashingCaseView, slashingCaseViews } from "./queries.js";
import { ACCUSED, openCase, slashingWorld, vote } from "./test-world.js";

const [C1, C2, C3] = [nodeId(1), nodeId(2), nodeId(3)];

describe("slashingCaseViews", () => {
  it("lists every case by ID exactly as slashing_case answers each, and filters by status", () => {
    const { ledger } = slashingWorld({ consensus: ["500000", "600000", "700000"] });
    const first = openCase(ledger, C1, ACCUSED);
    const second = openCase(ledger, C2, ACCUSED);
    vote(ledger, second, C3, "yes");
    vote(ledger, first, C2, "no");

    const all = slashingCaseViews(ledger);
    expect(all.map((v) => v.caseId)).toEqual([first, second]);
    expect(all).toEqual([slashingCaseView(ledger, first), slashingCaseView(ledger, second)]);
    expect(all[1]?.yesStake).toBe(parseAmount("700000"));
    expect(all[1]?.totalStake).toBe(parseAmount("1800000"));
    expect(all[0]?.yesStake).toBe(0n);
    expect(slashingCaseViews(ledger, "open")).toEqual(all);
    expect(slashingCaseViews(ledger, "adjudicated")).toEqual([]);
  });
});
