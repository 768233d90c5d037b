/**
 * Turns an event query into a window of sequences. Sequences grow with heights, so a height range is a sequence
 * range: adapters keep, per block, the sequence its events start at, and every query becomes "sequence in
 * (after, before), these types, this many" — one index seek per type, however deep the cursor.
 */
import { type EventQuery, MAX_EVENT_QUERY_LIMIT } from "./port.js";
import { StoreRuleError } from "./store-rule-error.js";

export interface EventWindow {
  /** Exclusive lower bound. */
  after: number;
  /** Exclusive upper bound. */
  before: number;
  /** Distinct types, or undefined for every type. */
  types: readonly string[] | undefined;
  limit: number;
}

export interface LogPosition {
  latestHeight: number;
  /** The sequence the next event written will get. */
  nextSequence: number;
  /** The sequence the events of block `height` start at, for 0 ≤ height ≤ latestHeight. */
  firstSequence(height: number): number;
}

function checkOptional(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
    throw new StoreRuleError("query", `events: ${name} must be a non-negative integer, got ${value}`);
  }
}

/** The window to read, or undefined when the query can match nothing. */
export function eventWindow(query: EventQuery, position: LogPosition | undefined): EventWindow | undefined {
  if (!Number.isSafeInteger(query.limit) || query.limit < 1) {
    throw new StoreRuleError("query", `events: limit must be a positive integer, got ${query.limit}`);
  }
  checkOptional("fromHeight", query.fromHeight);
  checkOptional("toHeight", query.toHeight);
  checkOptional("afterSequence", query.afterSequence);
  if (position === undefined || (query.types !== undefined && query.types.length === 0)) return undefined;

  const from = query.fromHeight ?? 0;
  const to = Math.min(query.toHeight ?? position.latestHeight, position.latestHeight);
  if (from > to) return undefined;
  const after = Math.max(query.afterSequence ?? 0, position.firstSequence(from) - 1);
  const before = to === position.latestHeight ? position.nextSequence : position.firstSequence(to + 1);
  if (after + 1 >= before) return undefined;
  return {
    after,
    before,
    types: query.types === undefined ? undefined : [...new Set(query.types)],
    limit: Math.min(query.limit, MAX_EVENT_QUERY_LIMIT),
  };
}

/** Merges per-type pages (each ascending) into one ascending page of at most `limit` rows. */
export function mergeBySequence<T extends { sequence: number }>(pages: readonly T[][], limit: number): T[] {
  if (pages.length === 1) return pages[0] ?? [];
  return pages
    .flat()
    .sort((a, b) => a.sequence - b.sequence)
    .slice(0, limit);
}
