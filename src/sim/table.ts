/** `--format table`: the same run, for a person. One row per step; events one per line, node IDs shortened. */
import Table from "cli-table3";
import { type Amount, formatAmount } from "../core/amount.js";
import type { LedgerEvent } from "../core/events.js";
import type { StepOutcome } from "./run.js";

/** 0000…0011: enough of a 64-character ID to tell nodes apart in a table. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}

function show(value: unknown): string {
  if (typeof value === "bigint") return formatAmount(value as Amount);
  if (typeof value === "string") return /^[0-9a-f]{64}$/.test(value) ? shortId(value) : value;
  if (Array.isArray(value)) return value.length === 0 ? "[]" : value.map(show).join(", ");
  if (value instanceof Map) return [...value].map(([k, v]) => `${k}: ${show(v)}`).join(", ");
  if (typeof value === "object" && value !== null) {
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${show(v)}`)
      .join("\n");
  }
  return String(value);
}

function describeEvent(event: LedgerEvent): string {
  const { type, ...fields } = event;
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${show(v)}`);
  return `${type} ${parts.join(" ")}`;
}

export function renderTable(outcomes: readonly StepOutcome[]): string {
  const table = new Table({
    head: ["step", "action", "label", "ok", "result / events / error"],
    wordWrap: true,
    colWidths: [6, 26, 24, 5, 80],
  });
  for (const outcome of outcomes) {
    const action =
      "op" in outcome && outcome.op !== undefined ? outcome.op : `? ${"query" in outcome ? outcome.query : ""}`;
    let detail: string;
    if (!outcome.ok) detail = `${outcome.error.code}: ${outcome.error.message}`;
    else if ("events" in outcome) {
      const lines = outcome.events.map(describeEvent);
      if (outcome.result !== null) lines.unshift(show(outcome.result));
      detail = lines.length === 0 ? "—" : lines.join("\n");
    } else detail = show(outcome.result);
    table.push([String(outcome.step), action, outcome.label ?? "", outcome.ok ? "✓" : "✗", detail]);
  }
  return table.toString();
}
