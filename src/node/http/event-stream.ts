/**
 * `GET /v1/events/stream`: server-sent events. Each event of the log becomes one `event: ledger` message whose `id`
 * is its sequence and whose `data` is `{ sequence, height, txIndex, event }`. Without `after` the stream starts
 * with the next block committed; with `after` (or a `Last-Event-ID` header) it first sends what the log holds
 * after that sequence. The store is read a page at a time and the socket's back-pressure is respected, so an epoch
 * block of millions of events never sits in memory at once.
 */
import type { ServerResponse } from "node:http";
import type { FastifyBaseLogger } from "fastify";
import type { LedgerStore } from "../../store/port.js";
import type { NodeService } from "../service.js";
import { eventRecord } from "./log-views.js";

export const KEEP_ALIVE_MS = 15_000;
const PAGE = 1_000;

export interface EventStreamOptions {
  /** Only these event types; undefined for every type. */
  types: string[] | undefined;
  /** Send the log's events after this sequence first; undefined to start with the next block. */
  after: number | undefined;
  keepAliveMs: number;
  log: FastifyBaseLogger;
}

/** Starts streaming into `raw` (whose headers are not yet written); returns the function that ends the stream. */
export function startEventStream(service: NodeService, raw: ServerResponse, options: EventStreamOptions): () => void {
  const store: LedgerStore = service.store;
  const latest = () => store.latestBlock()?.height ?? -1;
  let after = options.after;
  // Heights before `fromHeight` have been sent; `target` is the latest height known to be durable.
  let fromHeight = after === undefined ? latest() + 1 : 0;
  let target = latest();
  let pumping = false;
  let closed = false;

  const waitForDrain = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        raw.off("drain", done);
        raw.off("close", done);
        resolve();
      };
      raw.on("drain", done);
      raw.on("close", done);
    });

  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (!closed && fromHeight <= target) {
        const to = target;
        const rows = store.events({
          types: options.types,
          fromHeight,
          toHeight: to,
          afterSequence: after,
          limit: PAGE,
        });
        let text = "";
        for (const row of rows) {
          text += `event: ledger\nid: ${row.sequence}\ndata: ${JSON.stringify(eventRecord(row))}\n\n`;
          after = row.sequence;
        }
        if (rows.length < PAGE) fromHeight = to + 1;
        if (text !== "" && !raw.write(text)) await waitForDrain();
      }
    } catch (error) {
      options.log.error({ err: error }, "event stream failed; closing it");
      close();
    } finally {
      pumping = false;
    }
  };

  const unsubscribe = service.onBlock((header) => {
    target = Math.max(target, header.height);
    void pump();
  });
  const keepAlive = setInterval(() => raw.write(": keep-alive\n\n"), options.keepAliveMs);

  function close(): void {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(keepAlive);
    if (!raw.writableEnded) raw.end();
  }
  raw.on("close", close);

  raw.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
  });
  raw.flushHeaders();
  void pump();
  return close;
}
