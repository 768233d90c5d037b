/**
 * What a page gives the router: a title, its sections (built once), `refresh` that reads the API and fills them,
 * which live events should make it read again, and an optional `tick` each second (the countdown).
 */
import type { EventRecord, FlowstakeClient } from "../../src/client/index.js";
import type { LiveEvents } from "./live-events.js";

export interface PageContext {
  client: FlowstakeClient;
  live: LiveEvents;
  /** Aborted when the reader leaves the page. */
  signal: AbortSignal;
}

export interface PageView {
  /** The page's `h1` and the document title. */
  title: string;
  /** Shown under the heading (the full ID of a node, say). */
  subtitle?: string;
  content: HTMLElement[];
  /** Reads the API and fills the sections; rejects with what the node answered. */
  refresh(): Promise<void>;
  /** Whether this event can change what the page shows. */
  relevant(record: EventRecord): boolean;
  tick?(): void;
  /** The shortest time between two refreshes; 1 s unless the page's reads are heavy. */
  minRefreshMs?: number;
}

/** The events after which epochs, totals and tables change. */
export const EPOCH_EVENTS: ReadonlySet<string> = new Set([
  "EpochSetup",
  "EpochCommit",
  "EpochStart",
  "NewEpoch",
  "EpochTotalRewardsPaid",
]);

/** Whether an event names this node (as staker, accused, opener or voter). */
export function namesNode(record: EventRecord, nodeId: string): boolean {
  const event = record.event;
  return [event.nodeID, event.accused, event.opener, event.voter].includes(nodeId);
}
