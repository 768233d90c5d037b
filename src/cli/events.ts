/**
 * `flowstake events [--type T …] [--from-height H] [--follow]`: the event log, a page at a time, or followed live
 * through the node's event stream. Following from a height first subscribes, then pages through the history, then
 * carries on with the stream, skipping what it already printed: no gap and no duplicate between the two.
 */
import type { Command } from "commander";
import { ClientError, type EventFilter, type EventRecord, type FlowstakeClient } from "../client/index.js";
import { addReadOptions, connect, type ReadOptions } from "./connection.js";
import { UsageError } from "./exit.js";
import { integerOption } from "./node-views.js";
import { cell, describeEvent, printJson, printLine, table } from "./output.js";

export interface EventsOptions extends ReadOptions {
  type?: string[];
  fromHeight?: string;
  toHeight?: string;
  after?: string;
  limit?: string;
  follow?: boolean;
}

const DEFAULT_LIMIT = 100;
const BACKFILL_PAGE = 1000;

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").filter((type) => type !== "")];
}

export function eventFilter(options: EventsOptions): EventFilter {
  const filter: EventFilter = {};
  if (options.type !== undefined && options.type.length > 0) filter.types = options.type;
  const fromHeight = integerOption(options.fromHeight, "--from-height");
  const toHeight = integerOption(options.toHeight, "--to-height");
  const after = integerOption(options.after, "--after");
  const limit = integerOption(options.limit, "--limit");
  if (fromHeight !== undefined) filter.fromHeight = fromHeight;
  if (toHeight !== undefined) filter.toHeight = toHeight;
  if (after !== undefined) filter.after = after;
  if (limit !== undefined) filter.limit = limit;
  return filter;
}

/** One line per event, for following: `#12 height 5 tx 0 TokensCommitted nodeID=… amount=…`. */
export function eventLine(record: EventRecord): string {
  return `#${record.sequence} height ${record.height} tx ${record.txIndex} ${describeEvent(record.event)}`;
}

export function eventRecordsTable(records: readonly EventRecord[]): string {
  const t = table(["sequence", "height", "tx", "event", "fields"]);
  for (const record of records) {
    const { type, ...fields } = record.event;
    t.push([String(record.sequence), String(record.height), String(record.txIndex), type, cell(fields)]);
  }
  return t.toString();
}

/**
 * Prints history from `filter` (when it has a start), then live events, each once, until the stream ends or
 * fails. Resolves never on its own: a closed stream is a `NODE_UNREACHABLE` error, so scripts can restart.
 */
export async function followEvents(
  client: FlowstakeClient,
  filter: EventFilter,
  print: (record: EventRecord) => void,
): Promise<void> {
  let last = filter.after ?? 0;
  let live = false;
  const buffered: EventRecord[] = [];
  const emit = (record: EventRecord): void => {
    if (record.sequence <= last) return;
    last = record.sequence;
    print(record);
  };
  const subscription = client.subscribeEvents(filter.types ?? [], (record) => {
    if (live) emit(record);
    else buffered.push(record);
  });
  await subscription.ready;
  if (filter.fromHeight !== undefined || filter.after !== undefined) {
    let cursor = filter.after;
    for (;;) {
      const page: EventFilter = { limit: BACKFILL_PAGE };
      if (filter.types !== undefined) page.types = filter.types;
      if (filter.fromHeight !== undefined) page.fromHeight = filter.fromHeight;
      if (cursor !== undefined) page.after = cursor;
      const answer = await client.listEvents(page);
      for (const record of answer.events) emit(record);
      if (answer.events.length === 0 || answer.next === cursor) break;
      cursor = answer.next;
    }
  }
  for (const record of buffered) emit(record);
  buffered.length = 0;
  live = true;
  await subscription.done;
  throw new ClientError("NODE_UNREACHABLE", `the node at ${client.baseUrl} closed the event stream`, {});
}

export function registerEventsCommand(program: Command): void {
  addReadOptions(
    program
      .command("events")
      .description("the event log, filtered by type and height; --follow prints new events as blocks commit")
      .option("--type <type>", "only this event type (repeatable, or comma-separated)", collect)
      .option("--from-height <h>", "from this block height")
      .option("--to-height <h>", "up to this block height")
      .option("--after <sequence>", "only events after this sequence number (a previous page's next)")
      .option("--limit <n>", `at most this many (default ${DEFAULT_LIMIT}, ≤ 10000)`)
      .option("--follow", "keep printing events as they happen (one line, or one JSON line, per event)"),
  ).action(async (options: EventsOptions) => {
    const filter = eventFilter(options);
    const client = connect(options);
    if (options.follow) {
      if (filter.toHeight !== undefined || filter.limit !== undefined) {
        throw new UsageError("--follow has no end: drop --to-height and --limit");
      }
      await followEvents(client, filter, (record) =>
        printLine(options.json ? JSON.stringify(record) : eventLine(record)),
      );
      return;
    }
    const limit = filter.limit ?? DEFAULT_LIMIT;
    const page = await client.listEvents({ ...filter, limit });
    if (options.json) {
      printJson(page);
      return;
    }
    printLine(page.events.length === 0 ? "no events" : eventRecordsTable(page.events));
    if (page.events.length >= limit) printLine(`more: --after ${page.next}`);
  });
}
