/**
 * Golden plans: every `test/plans/<name>.plan.json` is run through the library and its lines are compared with
 * `<name>.out.jsonl`, whose amounts were worked out by hand from the spec (the arithmetic is in
 * `test/plans/README.md`), not copied from a run. Only the error `message` text is ignored; error codes, key order,
 * amount formatting and event order are compared byte for byte.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcomeLine } from "../../src/sim/json.js";
import { parsePlanText } from "../../src/sim/plan.js";
import { runPlan } from "../../src/sim/run.js";

const PLANS = "test/plans";
const SUFFIX = ".plan.json";
const names = readdirSync(PLANS)
  .filter((file) => file.endsWith(SUFFIX))
  .map((file) => file.slice(0, -SUFFIX.length))
  .sort();

/** The error message is the project's own wording; everything else in a line is compared exactly. */
const ERROR = /"error":\{"code":"([A-Z_]+)","message":"(?:[^"\\]|\\.)*"\}/;
function withoutMessage(line: string): string {
  return line.replace(ERROR, '"error":{"code":"$1"}');
}

function expectedLines(name: string): string[] {
  return readFileSync(join(PLANS, `${name}.out.jsonl`), "utf8")
    .trimEnd()
    .split("\n");
}

function run(text: string): string[] {
  return runPlan(parsePlanText(text)).outcomes.map(outcomeLine);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

describe("the golden plan folder", () => {
  it("holds 15 to 25 plans, each with its expected output, key-format validation and explicit accounts", () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(names.length).toBeLessThanOrEqual(25);
    for (const name of names) {
      const plan: unknown = JSON.parse(readFileSync(join(PLANS, `${name}${SUFFIX}`), "utf8"));
      expect(isRecord(plan), name).toBe(true);
      if (!isRecord(plan)) continue;
      expect(isRecord(plan.params) && plan.params.keyValidation, name).toBe("format");
      expect(isRecord(plan.accounts), name).toBe(true);
      const steps = Array.isArray(plan.steps) ? plan.steps.length : -1;
      expect(expectedLines(name), name).toHaveLength(steps);
    }
  });
});

describe.each(names)("golden plan %s", (name) => {
  it("prints the expected lines (error messages aside)", () => {
    const actual = run(readFileSync(join(PLANS, `${name}${SUFFIX}`), "utf8"));
    const expected = expectedLines(name);
    expect(actual).toHaveLength(expected.length);
    expected.forEach((line, step) => {
      const got = withoutMessage(actual[step] ?? "null");
      const want = withoutMessage(line);
      if (got === want) return;
      // A readable structural diff first; then the exact text, for key order and amount formatting.
      expect.soft(JSON.parse(got), `${name} step ${step}`).toEqual(JSON.parse(want));
      expect.soft(got, `${name} step ${step} (exact text)`).toBe(want);
    });
  });
});

describe("slot selection randomness (decisions.md D2)", () => {
  const name = "slot-limits-random";
  const text = readFileSync(join(PLANS, `${name}${SUFFIX}`), "utf8");

  function refundsAtAuctionEnd(lines: string[]): number {
    const line = lines.find((l) => l.includes('"label":"slot selection"'));
    expect(line).toBeDefined();
    const outcome: unknown = JSON.parse(line ?? "null");
    if (!isRecord(outcome) || !Array.isArray(outcome.events)) return -1;
    return outcome.events.filter((event: unknown) => isRecord(event) && event.type === "NodeRemovedAndRefunded").length;
  }

  it("refunds exactly the candidates above the slot limit, and the same seed selects the same nodes", () => {
    const first = run(text);
    expect(refundsAtAuctionEnd(first)).toBe(2);
    expect(run(text)).toEqual(first);
  });

  it("refunds the same number of candidates under another seed", () => {
    const plan: unknown = JSON.parse(text);
    if (!isRecord(plan) || !isRecord(plan.params)) throw new Error("plan without params");
    plan.params.seed = "another seed";
    const lines = run(JSON.stringify(plan));
    expect(refundsAtAuctionEnd(lines)).toBe(2);
    expect(run(JSON.stringify(plan))).toEqual(lines);
  });
});

describe("the built CLI", () => {
  const cli = "dist/src/cli/main.js";
  let scratch = "";

  beforeAll(() => {
    execFileSync("npm", ["run", "build"], { stdio: "pipe" });
    scratch = mkdtempSync(join(tmpdir(), "flowstake-golden-"));
  }, 180_000);

  afterAll(() => {
    if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
  });

  it("prints exactly the expected lines of a golden plan and exits 0", () => {
    const name = "rewards-worked-example";
    const result = spawnSync("node", [cli, "simulate", join(PLANS, `${name}${SUFFIX}`)], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout.trimEnd().split("\n")).toEqual(expectedLines(name));
  });

  it("refuses a plan with a 9-decimal amount in step 2: exit 2, one stderr line naming step and field, no stdout", () => {
    const plan = JSON.parse(readFileSync(join(PLANS, `rewards-worked-example${SUFFIX}`), "utf8")) as unknown;
    if (!isRecord(plan) || !Array.isArray(plan.steps)) throw new Error("unexpected plan shape");
    plan.steps[2] = { op: "deposit_fees", amount: "1.123456789" };
    const path = join(scratch, "malformed.plan.json");
    writeFileSync(path, JSON.stringify(plan));
    const result = spawnSync("node", [cli, "simulate", path], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/step 2\b/);
    expect(lines[0]).toMatch(/amount/);
    expect(lines[0]).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });
});
