/** The simulator's JSON lines: amounts as strings with exactly 8 decimals, maps as objects, keys in a fixed order. */
import { type Amount, formatAmount } from "../core/amount.js";
import type { StepOutcome } from "./run.js";

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return formatAmount(value as Amount);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), v]));
  return value;
}

/** Any core value as JSON, with amounts formatted. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}

export function outcomeLine(outcome: StepOutcome): string {
  return toJson(outcome);
}
