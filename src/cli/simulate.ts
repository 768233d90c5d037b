/** `flowstake simulate PLAN`: runs a plan file and prints its outcomes (plan-format.md). */
import { readFileSync } from "node:fs";
import type { NodeKeyVerifier } from "../core/keys.js";
import { outcomeLine } from "../sim/json.js";
import { parsePlanText } from "../sim/plan.js";
import { runPlan } from "../sim/run.js";
import { renderTable } from "../sim/table.js";
import { UsageError } from "./exit.js";

export interface SimulateOptions {
  format?: string;
  json?: boolean;
}

export async function simulateCommand(path: string, options: SimulateOptions): Promise<void> {
  const format = options.json ? "json" : (options.format ?? (process.stdout.isTTY ? "table" : "json"));
  if (format !== "json" && format !== "table")
    throw new UsageError(`--format must be "json" or "table", got "${format}"`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read plan ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const plan = parsePlanText(text);
  let verifier: NodeKeyVerifier | undefined;
  if (plan.params.keyValidation === "full") {
    // Loaded only when needed: curve arithmetic is the slowest import of the CLI.
    verifier = (await import("../crypto/node-key-verifier.js")).fullNodeKeyVerifier;
  }
  const { outcomes } = runPlan(plan, { verifier });
  if (format === "table") process.stdout.write(`${renderTable(outcomes)}\n`);
  else process.stdout.write(outcomes.map((outcome) => `${outcomeLine(outcome)}\n`).join(""));
}
