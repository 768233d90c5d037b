/**
 * The live feed: one subscription to `GET /v1/events/stream` for the whole dashboard, through the typed client.
 * It starts with the events of the last few blocks (when they are few, from `GET /v1/events`) and resumes the
 * stream right after them; it keeps the latest events and tells listeners about each one. When the stream ends (the node restarted, the
 * network dropped) it subscribes again after a pause, resuming after the last sequence it received, so no event is
 * missed or shown twice.
 */
import type { EventRecord, EventSubscription, FlowstakeClient } from "../../src/client/index.js";

export type LiveStatus = "connecting" | "live" | "reconnecting";

export interface LiveEvents {
  /** The latest events, newest first. */
  recent(): readonly EventRecord[];
  status(): LiveStatus;
  /** Called with each new event (and with nothing when only the status changed); returns the unsubscriber. */
  listen(listener: (record: EventRecord | null) => void): () => void;
  close(): void;
}

const KEEP = 50;
/** The blocks whose events the feed starts with, and how many events that may be at most. */
const PREFILL_BLOCKS = 20;
const PREFILL_LIMIT = 1_000;
const RETRY_MS = [1_000, 2_000, 5_000, 10_000] as const;

export function startLiveEvents(client: FlowstakeClient): LiveEvents {
  const recent: EventRecord[] = [];
  const listeners = new Set<(record: EventRecord | null) => void>();
  let status: LiveStatus = "connecting";
  let lastSequence: number | undefined;
  let subscription: EventSubscription | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let closed = false;

  const notify = (record: EventRecord | null) => {
    for (const listener of listeners) listener(record);
  };
  const setStatus = (next: LiveStatus) => {
    if (next === status) return;
    status = next;
    notify(null);
  };

  const add = (record: EventRecord) => {
    if (lastSequence !== undefined && record.sequence <= lastSequence) return;
    lastSequence = record.sequence;
    recent.unshift(record);
    if (recent.length > KEEP) recent.length = KEEP;
    notify(record);
  };

  const prefill = async () => {
    const latest = await client.getLatestBlock();
    const fromHeight = Math.max(0, latest.height - PREFILL_BLOCKS + 1);
    const page = await client.listEvents({ fromHeight, limit: PREFILL_LIMIT });
    // A full page is not the latest events: start with the stream alone.
    if (page.events.length >= PREFILL_LIMIT) return;
    for (const record of page.events.slice(-KEEP)) add(record);
  };

  const connect = () => {
    if (closed) return;
    const current = client.subscribeEvents([], add, lastSequence === undefined ? {} : { after: lastSequence });
    subscription = current;
    current.ready.then(
      () => {
        failures = 0;
        setStatus("live");
      },
      () => {},
    );
    const again = () => {
      if (closed || subscription !== current) return;
      setStatus("reconnecting");
      const delay = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)] ?? 10_000;
      failures += 1;
      retryTimer = setTimeout(connect, delay);
    };
    current.done.then(again, again);
  };
  prefill().then(connect, connect);

  return {
    recent: () => recent,
    status: () => status,
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      subscription?.close();
    },
  };
}
