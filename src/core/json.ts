/** Ledger values as JSON: amounts (bigint) as strings with exactly 8 decimals, maps as objects. */
import { type Amount, formatAmount } from "./amount.js";

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return formatAmount(value as Amount);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), v]));
  if (value instanceof Set) return [...value];
  return value;
}

/** Any core value as JSON text. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** Any core value as a JSON-ready plain value (for edges that serialise themselves), without a text round trip. */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return formatAmount(value as Amount);
  if (value === null || typeof value !== "object") return value === undefined ? null : value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonValue(v)]));
  if (value instanceof Set) return [...value].map(toJsonValue);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toJsonValue(item);
  return out;
}
