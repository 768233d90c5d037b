/**
 * How a block travels to the writer thread: its header, then its transactions and events as flat arrays of the
 * strings and numbers they already are. A structured clone copies such arrays cheaply, and no string is escaped
 * or parsed again on the way — unlike one JSON text of the block, whose envelopes and event texts would be quoted
 * by the main thread and unquoted by the writer.
 */
import type { BlockHeader, StoredBlock, StoredEvent, StoredTransaction } from "../port.js";

export interface BlockMessage {
  readonly header: BlockHeader;
  /** Per transaction, in order: id, index, type, authorizer, envelope, result. */
  readonly transactions: (string | number | null)[];
  /** Per event, in order: txIndex, type, data. */
  readonly events: (string | number)[];
}

const TRANSACTION_FIELDS = 6;
const EVENT_FIELDS = 3;

export function encodeBlockMessage(block: StoredBlock): BlockMessage {
  const { transactions: list, events: eventList, ...header } = block;
  const transactions: (string | number | null)[] = [];
  for (const tx of list) transactions.push(tx.id, tx.index, tx.type, tx.authorizer, tx.envelope, tx.result);
  const events: (string | number)[] = [];
  for (const event of eventList) events.push(event.txIndex, event.type, event.data);
  return {
    header: {
      height: header.height,
      timestamp: header.timestamp,
      parentHash: header.parentHash,
      stateHash: header.stateHash,
      hash: header.hash,
      transactionCount: header.transactionCount,
      eventCount: header.eventCount,
    },
    transactions,
    events,
  };
}

function* decodeEvents(flat: readonly (string | number)[]): Generator<StoredEvent> {
  for (let i = 0; i < flat.length; i += EVENT_FIELDS) {
    yield { txIndex: flat[i] as number, type: flat[i + 1] as string, data: flat[i + 2] as string };
  }
}

/** The block again; its events are read lazily, once, as the store writes them. */
export function decodeBlockMessage(message: BlockMessage): StoredBlock {
  const flat = message.transactions;
  const transactions: StoredTransaction[] = [];
  for (let i = 0; i < flat.length; i += TRANSACTION_FIELDS) {
    transactions.push({
      id: flat[i] as string,
      index: flat[i + 1] as number,
      type: flat[i + 2] as string,
      authorizer: flat[i + 3] as string | null,
      envelope: flat[i + 4] as string | null,
      result: flat[i + 5] as string,
    });
  }
  return { ...message.header, transactions, events: decodeEvents(message.events) };
}
