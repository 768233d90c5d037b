/** The simulator's JSON lines: one outcome per line, with the ledger's JSON rules (core/json.ts). */
import { toJson } from "../core/json.js";
import type { StepOutcome } from "./run.js";

export { toJson } from "../core/json.js";

export function outcomeLine(outcome: StepOutcome): string {
  return toJson(outcome);
}
