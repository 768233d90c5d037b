/** The durable log: the storage port, its adapters, and the rules they enforce. */
export { createMemoryStore, type MemoryLedgerStore, type MemoryStoreOptions } from "./memory/memory-store.js";
export {
  type BlockHeader,
  type BlockWithTransactions,
  DEFAULT_SNAPSHOTS_KEPT,
  type EventQuery,
  type EventRow,
  type LedgerStore,
  MAX_EVENT_QUERY_LIMIT,
  type SnapshotRecord,
  type StoredBlock,
  type StoredEvent,
  type StoredTransaction,
  type TransactionRow,
} from "./port.js";
export {
  DATABASE_FILE,
  openSqliteStore,
  SNAPSHOT_DIRECTORY,
  type SqliteLedgerStore,
  type SqliteStoreOptions,
} from "./sqlite/sqlite-store.js";
export { type StoreRule, StoreRuleError } from "./store-rule-error.js";
