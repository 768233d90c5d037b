/** The log routes' answers: blocks, transactions and events read from the store, written as the API's JSON. */
import { LedgerError } from "../../core/errors.js";
import {
  type EventRow,
  type LedgerStore,
  MAX_EVENT_QUERY_LIMIT,
  type BlockHeader as StoredHeader,
} from "../../store/port.js";
import type { BlockDetails, BlockHeader, EventRecord, ExecutedTransaction } from "./schemas.js";

function parseJson(text: string): unknown {
  return JSON.parse(text);
}

function isEventObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function eventJson(row: EventRow): Record<string, unknown> {
  const event = parseJson(row.data);
  if (!isEventObject(event)) throw new Error(`event ${row.sequence} in the log is not a JSON object`);
  return event;
}

export function eventRecord(row: EventRow): EventRecord {
  return { sequence: row.sequence, height: row.height, txIndex: row.txIndex, event: eventJson(row) };
}

export function headerJson(header: StoredHeader): BlockHeader {
  return {
    height: header.height,
    timestamp: header.timestamp,
    parentHash: header.parentHash,
    stateHash: header.stateHash,
    hash: header.hash,
    transactionCount: header.transactionCount,
    eventCount: header.eventCount,
  };
}

function blockNotFound(height: number): LedgerError {
  return new LedgerError("NOT_FOUND", `no block at height ${height}`, { resource: "block", height });
}

export function latestBlock(store: LedgerStore): BlockHeader {
  const latest = store.latestBlock();
  if (latest === undefined) throw new LedgerError("NOT_FOUND", "the log has no block yet", { resource: "block" });
  return headerJson(latest);
}

/** Up to `limit` headers from height `from`, ascending. */
export function blockList(store: LedgerStore, from: number, limit: number): { blocks: BlockHeader[] } {
  const latest = store.latestBlock()?.height ?? -1;
  const blocks: BlockHeader[] = [];
  for (let height = from; height <= Math.min(latest, from + limit - 1); height++) {
    const header = store.blockHeader(height);
    if (header === undefined) break;
    blocks.push(headerJson(header));
  }
  return { blocks };
}

export function blockDetails(store: LedgerStore, height: number): BlockDetails {
  const block = store.block(height);
  if (block === undefined) throw blockNotFound(height);
  return {
    ...headerJson(block),
    transactions: block.transactions.map((tx) => ({
      id: tx.id,
      index: tx.index,
      type: tx.type,
      authorizer: tx.authorizer,
      result: parseJson(tx.result),
    })),
  };
}

/**
 * The first `limit` events of transaction `txIndex` of the block at `height`. A block's events come in transaction
 * order, so the first one of the transaction is found by bisection on the sequence: an epoch block can hold
 * millions of events, and the last transaction's must not cost a scan of the others.
 */
function transactionEvents(store: LedgerStore, header: StoredHeader, txIndex: number, limit: number): EventRow[] {
  const block = { fromHeight: header.height, toHeight: header.height };
  if (header.eventCount <= limit) {
    return store.events({ ...block, limit }).filter((row) => row.txIndex === txIndex);
  }
  // The first row at or after sequence s, or undefined past the block's end.
  const rowFrom = (s: number) => store.events({ ...block, afterSequence: s - 1, limit: 1 })[0];
  const first = rowFrom(1);
  if (first === undefined) return [];
  let lo = first.sequence;
  let hi = Number.MAX_SAFE_INTEGER;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const row = rowFrom(mid);
    if (row === undefined || row.txIndex >= txIndex) hi = mid;
    else lo = row.sequence + 1;
  }
  const rows = store.events({ ...block, afterSequence: lo - 1, limit });
  const end = rows.findIndex((row) => row.txIndex !== txIndex);
  return end === -1 ? rows : rows.slice(0, end);
}

export function executedTransaction(store: LedgerStore, id: string): ExecutedTransaction {
  const tx = store.transaction(id);
  const header = tx === undefined ? undefined : store.blockHeader(tx.height);
  if (tx === undefined || header === undefined) {
    throw new LedgerError("NOT_FOUND", `no transaction ${id} in the log`, { resource: "transaction", id });
  }
  const envelope = tx.envelope === null ? null : parseJson(tx.envelope);
  return {
    id: tx.id,
    height: tx.height,
    index: tx.index,
    type: tx.type,
    authorizer: tx.authorizer,
    result: parseJson(tx.result),
    events: transactionEvents(store, header, tx.index, MAX_EVENT_QUERY_LIMIT).map(eventJson),
    // The stored envelope is the canonical JSON the node accepted: the shape of `Envelope`.
    envelope: envelope as ExecutedTransaction["envelope"],
  };
}

export interface EventFilter {
  types: string[] | undefined;
  fromHeight: number | undefined;
  toHeight: number | undefined;
  after: number | undefined;
  limit: number;
}

export function eventPage(store: LedgerStore, filter: EventFilter): { events: EventRecord[]; next: number } {
  const { fromHeight, toHeight } = filter;
  if (fromHeight !== undefined && toHeight !== undefined && fromHeight > toHeight) {
    throw new LedgerError("INVALID_REQUEST", `fromHeight ${fromHeight} is above toHeight ${toHeight}`, {
      field: "fromHeight",
    });
  }
  const rows = store.events({
    types: filter.types,
    fromHeight,
    toHeight,
    afterSequence: filter.after,
    limit: filter.limit,
  });
  const last = rows[rows.length - 1];
  return { events: rows.map(eventRecord), next: last === undefined ? (filter.after ?? 0) : last.sequence };
}
