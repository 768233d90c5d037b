/**
 * Reads what `stakeHistory` needs from `GET /v1/events`: the `EpochStart` events to find where the window of the
 * last `HISTORY_EPOCHS` epochs begins, then that window's events of the staker's types. The API filters by type
 * only, not by node, so a network with very many stakers can have more matching events than the dashboard is
 * willing to page through; it then says so instead of drawing a partial history.
 */
import type { EventRecord, FlowstakeClient } from "../../src/client/index.js";
import { type EpochPoint, type HistoryTarget, historyEventTypes, stakeHistory } from "./history.js";

/** How many epochs a chart covers, at most. */
export const HISTORY_EPOCHS = 60;
const PAGE = 10_000;
const MAX_PAGES = 20;

async function allEvents(
  client: FlowstakeClient,
  types: readonly string[],
  fromHeight: number | undefined,
): Promise<EventRecord[] | null> {
  const records: EventRecord[] = [];
  let after: number | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await client.listEvents({ types, fromHeight, after, limit: PAGE });
    records.push(...answer.events);
    if (answer.events.length < PAGE) return records;
    after = answer.next;
  }
  return null;
}

export type HistoryAnswer = { kind: "points"; points: EpochPoint[] } | { kind: "too-many-events"; limit: number };

export async function loadHistory(
  client: FlowstakeClient,
  target: HistoryTarget,
  now: { epoch: number; staked: string },
): Promise<HistoryAnswer> {
  const firstEpoch = Math.max(0, now.epoch - HISTORY_EPOCHS + 1);
  let fromHeight: number | undefined;
  if (firstEpoch > 0) {
    const starts = await allEvents(client, ["EpochStart"], undefined);
    fromHeight = starts?.find((record) => record.event.counter === firstEpoch)?.height;
  }
  const records = await allEvents(client, ["EpochStart", ...historyEventTypes(target)], fromHeight);
  if (records === null) return { kind: "too-many-events", limit: PAGE * MAX_PAGES };
  return { kind: "points", points: stakeHistory(records, target, now, firstEpoch) };
}
