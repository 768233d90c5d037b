/**
 * The SQLite adapter: one database file, `ledger.sqlite`, in the data directory, in WAL mode with
 * `synchronous=FULL`, so a commit returns only after the write-ahead log is flushed to disk. Each block — header,
 * transactions, events — is one `BEGIN IMMEDIATE … COMMIT` through prepared statements; the events stream from the
 * caller's iterable straight into the insert, so a block of millions of events is never held as rows in memory.
 * Snapshots are files in `snapshots/` (see snapshot-files.ts), indexed in the database once durable.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { checkEvent, checkEventCount, checkGenesisBlock, checkNextBlock, checkSnapshotBlock } from "../block-rules.js";
import { eventWindow, type LogPosition, mergeBySequence } from "../event-window.js";
import {
  type BlockHeader,
  DEFAULT_SNAPSHOTS_KEPT,
  type EventRow,
  type LedgerStore,
  type SnapshotRecord,
  type StoredBlock,
  type StoredTransaction,
  type TransactionRow,
} from "../port.js";
import { StoreRuleError } from "../store-rule-error.js";
import { ensureSchema } from "./schema.js";
import {
  ensureDirectory,
  readSnapshotFile,
  removeSnapshotFiles,
  type SnapshotFile,
  sweepSnapshotDirectory,
  writeSnapshotFile,
} from "./snapshot-files.js";

export interface SqliteStoreOptions {
  /** How many snapshots to keep; default `DEFAULT_SNAPSHOTS_KEPT`. */
  snapshotsKept?: number;
}

export interface SqliteLedgerStore extends LedgerStore {
  readonly dataDir: string;
  /** The heights of the snapshots indexed, newest first. */
  snapshotHeights(): number[];
}

export const DATABASE_FILE = "ledger.sqlite";
export const SNAPSHOT_DIRECTORY = "snapshots";

/** `blocks()` reads up to this many headers at a time, and stops a batch once it holds this many transactions. */
const BLOCKS_PER_READ = 256;
const TRANSACTIONS_PER_READ = 4096;

const HEADER_COLUMNS = `height, timestamp, parent_hash AS parentHash, state_hash AS stateHash, hash,
  transaction_count AS transactionCount, event_count AS eventCount`;
const TRANSACTION_COLUMNS = `id, tx_index AS "index", type, authorizer, envelope, result`;
const EVENT_COLUMNS = "sequence, height, tx_index AS txIndex, type, data";

type PositionRow = { height: number; eventCount: number; firstEventSequence: number; hash: string };
type SnapshotRow = SnapshotFile & { height: number; stateHash: string };

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code === "SQLITE_CONSTRAINT_UNIQUE";
}

export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): SqliteLedgerStore {
  const snapshotsKept = options.snapshotsKept ?? DEFAULT_SNAPSHOTS_KEPT;
  const snapshotDir = join(dataDir, SNAPSHOT_DIRECTORY);
  ensureDirectory(dataDir);
  ensureDirectory(snapshotDir);

  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    // Takes effect only when the database is created: 16 KiB pages cut the cost of a block of millions of events
    // by a quarter against the 4 KiB default (docs/storage.md).
    db.pragma("page_size = 16384");
    const mode = db.pragma("journal_mode = WAL", { simple: true });
    if (mode !== "wal") throw new Error(`${dataDir}: SQLite refused WAL mode (journal_mode is ${String(mode)})`);
    db.pragma("synchronous = FULL");
    // Truncate the write-ahead log back to 64 MiB after a checkpoint: an epoch block can grow it past 1 GiB.
    db.pragma("journal_size_limit = 67108864");
    // 64 MiB of page cache keeps the event type index in memory while millions of events go in.
    db.pragma("cache_size = -65536");
    ensureSchema(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const statements = {
    genesis: db.prepare<[], { document: string }>("SELECT document FROM genesis WHERE id = 0"),
    insertGenesis: db.prepare<[string]>("INSERT INTO genesis (id, document) VALUES (0, ?)"),
    latest: db.prepare<[], BlockHeader>(`SELECT ${HEADER_COLUMNS} FROM blocks ORDER BY height DESC LIMIT 1`),
    position: db.prepare<[], PositionRow>(
      `SELECT height, event_count AS eventCount, first_event_sequence AS firstEventSequence, hash
       FROM blocks ORDER BY height DESC LIMIT 1`,
    ),
    firstSequence: db.prepare<[number], { first: number }>(
      "SELECT first_event_sequence AS first FROM blocks WHERE height = ?",
    ),
    header: db.prepare<[number], BlockHeader>(`SELECT ${HEADER_COLUMNS} FROM blocks WHERE height = ?`),
    headers: db.prepare<[number, number, number], BlockHeader>(
      `SELECT ${HEADER_COLUMNS} FROM blocks WHERE height >= ? AND height <= ? ORDER BY height LIMIT ?`,
    ),
    insertBlock: db.prepare<[number, number, string, string, string, number, number, number]>(
      `INSERT INTO blocks (height, timestamp, parent_hash, state_hash, hash, transaction_count, event_count,
         first_event_sequence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    blockTransactions: db.prepare<[number], StoredTransaction>(
      `SELECT ${TRANSACTION_COLUMNS} FROM transactions WHERE height = ? ORDER BY tx_index`,
    ),
    rangeTransactions: db.prepare<[number, number], TransactionRow>(
      `SELECT ${TRANSACTION_COLUMNS}, height FROM transactions WHERE height >= ? AND height <= ?
       ORDER BY height, tx_index`,
    ),
    transaction: db.prepare<[string], TransactionRow>(
      `SELECT ${TRANSACTION_COLUMNS}, height FROM transactions WHERE id = ?`,
    ),
    insertTransaction: db.prepare<[number, number, string, string, string | null, string | null, string]>(
      `INSERT INTO transactions (height, tx_index, id, type, authorizer, envelope, result)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertEvent: db.prepare<[number, number, number, string, string]>(
      "INSERT INTO events (sequence, height, tx_index, type, data) VALUES (?, ?, ?, ?, ?)",
    ),
    events: db.prepare<[number, number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE sequence > ? AND sequence < ? ORDER BY sequence LIMIT ?`,
    ),
    eventsOfType: db.prepare<[string, number, number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE type = ? AND sequence > ? AND sequence < ?
       ORDER BY sequence LIMIT ?`,
    ),
    snapshots: db.prepare<[], SnapshotRow>(
      `SELECT height, state_hash AS stateHash, file, byte_length AS byteLength, sha256
       FROM snapshots ORDER BY height DESC`,
    ),
    snapshotFile: db.prepare<[number], { file: string }>("SELECT file FROM snapshots WHERE height = ?"),
    upsertSnapshot: db.prepare<[number, string, string, number, string]>(
      `INSERT OR REPLACE INTO snapshots (height, state_hash, file, byte_length, sha256) VALUES (?, ?, ?, ?, ?)`,
    ),
    snapshotsBeyond: db.prepare<[number], { height: number; file: string }>(
      "SELECT height, file FROM snapshots ORDER BY height DESC LIMIT -1 OFFSET ?",
    ),
    deleteSnapshot: db.prepare<[number]>("DELETE FROM snapshots WHERE height = ?"),
  };

  try {
    sweepSnapshotDirectory(snapshotDir, new Set(statements.snapshots.all().map((row) => row.file)));
  } catch (error) {
    db.close();
    throw error;
  }

  /** Writes header, transactions and events; runs inside the caller's transaction. */
  const writeBlock = (block: StoredBlock, previous: PositionRow | undefined) => {
    const firstSequence = previous === undefined ? 1 : previous.firstEventSequence + previous.eventCount;
    statements.insertBlock.run(
      block.height,
      block.timestamp,
      block.parentHash,
      block.stateHash,
      block.hash,
      block.transactionCount,
      block.eventCount,
      firstSequence,
    );
    for (const tx of block.transactions) {
      try {
        statements.insertTransaction.run(block.height, tx.index, tx.id, tx.type, tx.authorizer, tx.envelope, tx.result);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new StoreRuleError(
          "duplicate-transaction",
          `block ${block.height}: transaction ${tx.id} is already in the log`,
        );
      }
    }
    const insertEvent = statements.insertEvent;
    let sequence = firstSequence;
    let txIndex = 0;
    for (const event of block.events) {
      txIndex = checkEvent(block, event, txIndex, sequence - firstSequence);
      insertEvent.run(sequence, block.height, txIndex, event.type, event.data);
      sequence += 1;
    }
    checkEventCount(block, sequence - firstSequence);
  };

  const appendTransaction = db.transaction((block: StoredBlock) => {
    const previous = statements.position.get();
    checkNextBlock(previous, block);
    writeBlock(block, previous);
  });

  const genesisTransaction = db.transaction((genesis: string, block: StoredBlock) => {
    if (statements.genesis.get() !== undefined || statements.position.get() !== undefined) {
      throw new StoreRuleError("genesis-exists", "writeGenesis: this store already has a genesis");
    }
    checkGenesisBlock(block);
    statements.insertGenesis.run(genesis);
    writeBlock(block, undefined);
  });

  const indexSnapshot = db.transaction((snapshot: SnapshotRecord, written: SnapshotFile): string[] => {
    const replaced = statements.snapshotFile.get(snapshot.height)?.file;
    statements.upsertSnapshot.run(
      snapshot.height,
      snapshot.stateHash,
      written.file,
      written.byteLength,
      written.sha256,
    );
    const pruned = statements.snapshotsBeyond.all(snapshotsKept);
    for (const row of pruned) statements.deleteSnapshot.run(row.height);
    const unreferenced = pruned.map((row) => row.file);
    if (replaced !== undefined && replaced !== written.file) unreferenced.push(replaced);
    return unreferenced;
  });

  let closed = false;
  let snapshotQueue: Promise<void> = Promise.resolve();

  const writeQueuedSnapshot = async (snapshot: SnapshotRecord) => {
    const written = await writeSnapshotFile(snapshotDir, snapshot.height, snapshot.bytes);
    if (closed) throw new Error(`sqlite store: closed before the snapshot at height ${snapshot.height} was indexed`);
    const unreferenced = indexSnapshot.immediate(snapshot, written);
    await removeSnapshotFiles(snapshotDir, unreferenced);
  };

  const position = (): LogPosition | undefined => {
    const last = statements.position.get();
    if (last === undefined) return undefined;
    return {
      latestHeight: last.height,
      nextSequence: last.firstEventSequence + last.eventCount,
      firstSequence: (height) =>
        statements.firstSequence.get(height)?.first ?? last.firstEventSequence + last.eventCount,
    };
  };

  return {
    kind: "sqlite",
    dataDir,

    genesis() {
      return statements.genesis.get()?.document;
    },

    writeGenesis(genesis, block) {
      genesisTransaction.immediate(genesis, block);
    },

    appendBlock(block) {
      appendTransaction.immediate(block);
    },

    latestBlock() {
      return statements.latest.get();
    },

    blockHeader(height) {
      return statements.header.get(height);
    },

    block(height) {
      const header = statements.header.get(height);
      if (header === undefined) return undefined;
      return { ...header, transactions: statements.blockTransactions.all(height) };
    },

    *blocks(fromHeight, toHeight) {
      // Reads in batches and holds no statement open between them, so the caller may write while it iterates.
      let next = Math.max(0, fromHeight);
      while (next <= toHeight) {
        const headers = statements.headers.all(next, toHeight, BLOCKS_PER_READ);
        let count = 0;
        let transactions = 0;
        while (count < headers.length && (count === 0 || transactions < TRANSACTIONS_PER_READ)) {
          transactions += headers[count]?.transactionCount ?? 0;
          count += 1;
        }
        const batch = headers.slice(0, count);
        const last = batch[batch.length - 1];
        if (last === undefined) return;
        const rows = statements.rangeTransactions.all(next, last.height);
        let row = 0;
        for (const header of batch) {
          const list: StoredTransaction[] = [];
          for (; row < rows.length && rows[row]?.height === header.height; row++) {
            const tx = rows[row];
            if (tx !== undefined) list.push(storedTransaction(tx));
          }
          yield { ...header, transactions: list };
        }
        next = last.height + 1;
      }
    },

    transaction(id) {
      return statements.transaction.get(id);
    },

    events(query) {
      const window = eventWindow(query, position());
      if (window === undefined) return [];
      const { after, before, limit, types } = window;
      if (types === undefined) return statements.events.all(after, before, limit);
      return mergeBySequence(
        types.map((type) => statements.eventsOfType.all(type, after, before, limit)),
        limit,
      );
    },

    async writeSnapshot(snapshot) {
      if (closed) throw new Error("sqlite store: used after close()");
      checkSnapshotBlock(snapshot, statements.header.get(snapshot.height));
      // One at a time, so pruning never races a write in flight.
      const run = snapshotQueue.then(() => writeQueuedSnapshot(snapshot));
      snapshotQueue = run.catch(() => undefined);
      return run;
    },

    snapshotHeights() {
      return statements.snapshots.all().map((row) => row.height);
    },

    latestSnapshot() {
      for (const row of statements.snapshots.all()) {
        const bytes = readSnapshotFile(snapshotDir, row);
        if (bytes !== undefined) return { height: row.height, stateHash: row.stateHash, bytes };
      }
      return undefined;
    },

    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

function storedTransaction(row: TransactionRow): StoredTransaction {
  return {
    id: row.id,
    index: row.index,
    type: row.type,
    authorizer: row.authorizer,
    envelope: row.envelope,
    result: row.result,
  };
}
