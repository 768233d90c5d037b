/**
 * The in-memory adapter: the same rules as the durable ones, nothing on disk. For tests, and for the simulator
 * started from a copy of live state. Everything handed in or out is copied, so callers cannot reach its insides.
 */
import { checkEvent, checkEventCount, checkGenesisBlock, checkNextBlock, checkSnapshotBlock } from "../block-rules.js";
import { eventWindow, type LogPosition, mergeBySequence } from "../event-window.js";
import {
  type BlockHeader,
  type BlockWithTransactions,
  DEFAULT_SNAPSHOTS_KEPT,
  type EventQuery,
  type EventRow,
  type LedgerStore,
  type SnapshotRecord,
  type StoredBlock,
  type StoredTransaction,
  type TransactionRow,
} from "../port.js";
import { StoreRuleError } from "../store-rule-error.js";

export interface MemoryStoreOptions {
  /** How many snapshots to keep; default `DEFAULT_SNAPSHOTS_KEPT`. */
  snapshotsKept?: number;
}

export interface MemoryLedgerStore extends LedgerStore {
  /** The heights of the snapshots kept, newest first. */
  snapshotHeights(): number[];
}

interface MemoryBlock {
  header: BlockHeader;
  transactions: StoredTransaction[];
  firstSequence: number;
}

const copyHeader = (h: BlockHeader): BlockHeader => ({
  height: h.height,
  timestamp: h.timestamp,
  parentHash: h.parentHash,
  stateHash: h.stateHash,
  hash: h.hash,
  transactionCount: h.transactionCount,
  eventCount: h.eventCount,
});

const copyTransaction = (tx: StoredTransaction): StoredTransaction => ({
  id: tx.id,
  index: tx.index,
  type: tx.type,
  authorizer: tx.authorizer,
  envelope: tx.envelope,
  result: tx.result,
});

const copySnapshot = (s: SnapshotRecord): SnapshotRecord => ({
  height: s.height,
  stateHash: s.stateHash,
  bytes: new Uint8Array(s.bytes),
});

/** The index of the first row with a sequence greater than `after` (rows ascending by sequence). */
function firstAfter(rows: readonly EventRow[], after: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid]?.sequence ?? Number.POSITIVE_INFINITY) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryLedgerStore {
  const snapshotsKept = options.snapshotsKept ?? DEFAULT_SNAPSHOTS_KEPT;
  let genesisDocument: string | undefined;
  const chain: MemoryBlock[] = [];
  const events: EventRow[] = [];
  const eventsByType = new Map<string, EventRow[]>();
  const transactionsById = new Map<string, { height: number; index: number }>();
  let snapshots: SnapshotRecord[] = [];
  let open = true;

  const assertOpen = () => {
    if (!open) throw new Error("memory store: used after close()");
  };

  const latest = (): MemoryBlock | undefined => chain[chain.length - 1];

  /** Validates everything, then writes: a refused block changes nothing. */
  const write = (block: StoredBlock) => {
    const ids = new Set<string>();
    for (const tx of block.transactions) {
      if (transactionsById.has(tx.id) || ids.has(tx.id)) {
        throw new StoreRuleError(
          "duplicate-transaction",
          `block ${block.height}: transaction ${tx.id} is already in the log`,
        );
      }
      ids.add(tx.id);
    }
    const firstSequence = events.length + 1;
    const staged: EventRow[] = [];
    let previousTxIndex = 0;
    for (const event of block.events) {
      previousTxIndex = checkEvent(block, event, previousTxIndex, staged.length);
      staged.push({
        sequence: firstSequence + staged.length,
        height: block.height,
        txIndex: event.txIndex,
        type: event.type,
        data: event.data,
      });
    }
    checkEventCount(block, staged.length);

    chain.push({ header: copyHeader(block), transactions: block.transactions.map(copyTransaction), firstSequence });
    for (const tx of block.transactions) transactionsById.set(tx.id, { height: block.height, index: tx.index });
    for (const row of staged) {
      events.push(row);
      const list = eventsByType.get(row.type);
      if (list === undefined) eventsByType.set(row.type, [row]);
      else list.push(row);
    }
  };

  const withTransactions = (b: MemoryBlock): BlockWithTransactions => ({
    ...copyHeader(b.header),
    transactions: b.transactions.map(copyTransaction),
  });

  const position = (): LogPosition | undefined => {
    const last = latest();
    if (last === undefined) return undefined;
    return {
      latestHeight: last.header.height,
      nextSequence: events.length + 1,
      firstSequence: (height) => chain[height]?.firstSequence ?? events.length + 1,
    };
  };

  return {
    kind: "memory",

    genesis() {
      assertOpen();
      return genesisDocument;
    },

    writeGenesis(genesis, block) {
      assertOpen();
      if (genesisDocument !== undefined || chain.length > 0) {
        throw new StoreRuleError("genesis-exists", "writeGenesis: this store already has a genesis");
      }
      checkGenesisBlock(block);
      write(block);
      genesisDocument = genesis;
    },

    appendBlock(block) {
      assertOpen();
      checkNextBlock(latest()?.header, block);
      write(block);
    },

    latestBlock() {
      assertOpen();
      const last = latest();
      return last === undefined ? undefined : copyHeader(last.header);
    },

    blockHeader(height) {
      assertOpen();
      const b = chain[height];
      return b === undefined ? undefined : copyHeader(b.header);
    },

    block(height) {
      assertOpen();
      const b = chain[height];
      return b === undefined ? undefined : withTransactions(b);
    },

    *blocks(fromHeight, toHeight) {
      assertOpen();
      for (let height = Math.max(0, fromHeight); height <= toHeight; height++) {
        const b = chain[height];
        if (b === undefined) return;
        yield withTransactions(b);
      }
    },

    transaction(id) {
      assertOpen();
      const at = transactionsById.get(id);
      const tx = at === undefined ? undefined : chain[at.height]?.transactions[at.index];
      if (at === undefined || tx === undefined) return undefined;
      const row: TransactionRow = { ...copyTransaction(tx), height: at.height };
      return row;
    },

    events(query: EventQuery) {
      assertOpen();
      const window = eventWindow(query, position());
      if (window === undefined) return [];
      const page = (rows: readonly EventRow[]): EventRow[] => {
        const out: EventRow[] = [];
        for (let i = firstAfter(rows, window.after); i < rows.length && out.length < window.limit; i++) {
          const row = rows[i];
          if (row === undefined || row.sequence >= window.before) break;
          out.push({ ...row });
        }
        return out;
      };
      if (window.types === undefined) return page(events);
      return mergeBySequence(
        window.types.map((type) => page(eventsByType.get(type) ?? [])),
        window.limit,
      );
    },

    async writeSnapshot(snapshot) {
      assertOpen();
      checkSnapshotBlock(snapshot, chain[snapshot.height]?.header);
      snapshots = [...snapshots.filter((s) => s.height !== snapshot.height), copySnapshot(snapshot)]
        .sort((a, b) => b.height - a.height)
        .slice(0, snapshotsKept);
    },

    snapshotHeights() {
      assertOpen();
      return snapshots.map((s) => s.height);
    },

    latestSnapshot() {
      assertOpen();
      const newest = snapshots[0];
      return newest === undefined ? undefined : copySnapshot(newest);
    },

    close() {
      open = false;
    },
  };
}
