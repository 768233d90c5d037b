/**
 * How the CLI prints: `--json` writes the API's JSON as received; people get tables (cli-table3) with 64-character
 * IDs shortened to `0000abcd…0011`, amounts as the node wrote them, times in UTC.
 */
import Table from "cli-table3";
import type { LedgerEventJson } from "../client/index.js";
import { isRole, ROLE_NAMES } from "../core/roles.js";

const LONG_HEX = /^[0-9a-f]{64,}$/;

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ""): void {
  process.stdout.write(`${text}\n`);
}

/** `00000000…000011`: enough of a node ID, hash or key (64 hex characters or more) to tell them apart in a table. */
export function shortId(id: string): string {
  return LONG_HEX.test(id) ? `${id.slice(0, 8)}…${id.slice(-6)}` : id;
}

/** A value in a table cell: IDs shortened, lists joined, objects as `key=value`. */
export function cell(value: unknown): string {
  return show(value, shortId);
}

/** The same, IDs in full: for values printed on their own line, which people copy. */
export function plain(value: unknown): string {
  return show(value, (text) => text);
}

function show(value: unknown, text: (value: string) => string): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return text(value);
  if (Array.isArray(value)) return value.length === 0 ? "—" : value.map((item) => show(item, text)).join(", ");
  if (typeof value === "object") {
    return Object.entries(value)
      .map(([key, item]) => `${key}=${show(item, text)}`)
      .join(" ");
  }
  return String(value);
}

/** `TokensCommitted nodeID=00000000…000011 amount=10.00000000` */
export function describeEvent(event: LedgerEventJson): string {
  const { type, ...fields } = event;
  const parts = Object.entries(fields).map(([key, value]) => `${key}=${cell(value)}`);
  return [type, ...parts].join(" ");
}

/** No rule between rows: a list of labelled values reads better without. */
const COMPACT = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };

export function table(head: readonly string[]): Table.Table {
  return new Table({ head: [...head], style: { head: [], border: [] } });
}

/** A two-column table of labelled values, one row each. */
export function fieldsTable(rows: readonly (readonly [string, unknown])[]): string {
  const t = new Table({ style: { head: [], border: [] }, chars: COMPACT });
  for (const [label, value] of rows) t.push([label, cell(value)]);
  return t.toString();
}

export function eventsTable(events: readonly LedgerEventJson[]): string {
  const t = table(["#", "event", "fields"]);
  events.forEach((event, i) => {
    const { type, ...fields } = event;
    t.push([String(i), type, cell(fields)]);
  });
  return t.toString();
}

/** `2026-11-20 23:07:09.120Z` */
export function formatTime(ms: number | null): string {
  if (ms === null) return "—";
  return new Date(ms).toISOString().replace("T", " ");
}

/** `in 2d 03h 04m 05s`, `4m 10s ago`, `now`. */
export function countdown(target: number | null, now: number): string {
  if (target === null) return "—";
  const delta = target - now;
  if (Math.abs(delta) < 1000) return "now";
  let seconds = Math.floor(Math.abs(delta) / 1000);
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days}d`);
  if (days > 0 || hours > 0) parts.push(`${hours}h`);
  if (days > 0 || hours > 0 || minutes > 0) parts.push(`${minutes}m`);
  parts.push(`${seconds}s`);
  const text = parts.join(" ");
  return delta > 0 ? `in ${text}` : `${text} ago`;
}

/** `2 consensus` */
export function roleLabel(role: number | string): string {
  const n = Number(role);
  return isRole(n) ? `${n} ${ROLE_NAMES[n]}` : String(role);
}
