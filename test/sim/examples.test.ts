import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { outcomeLine } from "../../src/sim/json.js";
import { parsePlanText } from "../../src/sim/plan.js";
import { runPlan } from "../../src/sim/run.js";

/** Error code and message are the project's own; everything else must match the independent model's output. */
function withoutErrorText(line: string): unknown {
  const value = JSON.parse(line);
  if (value.error !== undefined) value.error = {};
  return value;
}

describe.each(["rewards-with-a-delegator", "unstaking-timeline"])("example plan %s", (name) => {
  it("prints exactly the expected lines", () => {
    const plan = parsePlanText(readFileSync(`examples/${name}.plan.json`, "utf8"));
    const expected = readFileSync(`examples/${name}.out.jsonl`, "utf8").trim().split("\n");
    const actual = runPlan(plan).outcomes.map(outcomeLine);
    expect(actual.map(withoutErrorText)).toEqual(expected.map(withoutErrorText));
    // Byte-for-byte where no error is involved: key order and amount formatting are part of the format.
    actual.forEach((line, i) => {
      if (!line.includes('"ok":false')) expect(line).toBe(expected[i]);
    });
  });
});
