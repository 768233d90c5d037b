/**
 * The storage port: what the node needs from a durable log, and nothing about how an adapter keeps it. Every
 * adapter (memory, SQLite, later PostgreSQL) implements `LedgerStore` and passes the one contract suite
 * (`contract.test-suite.ts`).
 *
 * A store refuses what would corrupt the log — a gap in heights, a parent hash that is not the latest hash, a block
 * whose counts disagree with its contents — by throwing an `Error`: that is a bug in the caller, never a user error.
 */

export interface StoredTransaction {
  /** 64 lowercase hex characters: SHA3-256 of the envelope. Unique in the whole log. */
  id: string;
  /** Position in its block, 0..n-1. */
  index: number;
  /** Operation type, e.g. "stake_new_tokens", "epoch_start". */
  type: string;
  /** The acting account's address; null for system transactions. */
  authorizer: string | null;
  /** The canonical signed envelope JSON as received; null for system transactions. */
  envelope: string | null;
  /** JSON text of the operation's result value (e.g. "null", '{"nodeId":"…"}'). */
  result: string;
}

export interface StoredEvent {
  /** Index of the transaction that emitted it; events come in emission order, so never decreasing. */
  txIndex: number;
  /** Event type, e.g. "TokensStaked". */
  type: string;
  /** JSON text of the whole event object, amounts already formatted as strings. */
  data: string;
}

export interface BlockHeader {
  height: number;
  /** When the block was built, in milliseconds since the Unix epoch (an integer). */
  timestamp: number;
  /** 64 lowercase hex characters; for height 0, whatever the genesis convention is (64 zeros). */
  parentHash: string;
  stateHash: string;
  hash: string;
  transactionCount: number;
  eventCount: number;
}

export interface StoredBlock extends BlockHeader {
  transactions: StoredTransaction[];
  /** May be millions at an epoch boundary: adapters iterate it once and do not copy it into an array needlessly. */
  events: Iterable<StoredEvent>;
}

export type BlockWithTransactions = BlockHeader & { transactions: StoredTransaction[] };

export interface EventRow {
  /** Global, starting at 1, strictly increasing in log order: usable as a cursor. */
  sequence: number;
  height: number;
  txIndex: number;
  type: string;
  data: string;
}

export interface EventQuery {
  /** Only these types; omitted means every type, an empty list matches nothing. */
  types?: readonly string[];
  /** Inclusive; default 0. */
  fromHeight?: number;
  /** Inclusive; default the latest height. */
  toHeight?: number;
  /** Only events with a greater sequence: the last sequence of the previous page. */
  afterSequence?: number;
  /** A positive integer; values above `MAX_EVENT_QUERY_LIMIT` are capped. */
  limit: number;
}

export interface TransactionRow extends StoredTransaction {
  height: number;
}

export interface SnapshotRecord {
  /** The height of the block after which the state was captured: the block must be in the log. */
  height: number;
  /** Must equal that block's state hash. */
  stateHash: string;
  bytes: Uint8Array;
}

export interface LedgerStore {
  readonly kind: string;
  /** The genesis document (JSON text), once written. */
  genesis(): string | undefined;
  /** Writes the genesis document and the height-0 block together; refuses if a genesis exists. */
  writeGenesis(genesis: string, block: StoredBlock): void;
  /** Appends the block after the latest; returns only once header, transactions and events are durable. */
  appendBlock(block: StoredBlock): void;
  latestBlock(): BlockHeader | undefined;
  blockHeader(height: number): BlockHeader | undefined;
  block(height: number): BlockWithTransactions | undefined;
  /** Blocks from `fromHeight` to `toHeight` inclusive, ascending, read a few at a time (for replay). */
  blocks(fromHeight: number, toHeight: number): Iterable<BlockWithTransactions>;
  transaction(id: string): TransactionRow | undefined;
  /** Ascending by sequence; at most `min(limit, MAX_EVENT_QUERY_LIMIT)` rows. */
  events(query: EventQuery): EventRow[];
  /**
   * Writes a snapshot without blocking the event loop for the file write; the promise resolves once it is durable.
   * Keeps the newest few (by height) and deletes older ones. Snapshots are written one at a time, in call order:
   * ask for the next once the previous has settled, and leave `bytes` unmodified until then.
   */
  writeSnapshot(snapshot: SnapshotRecord): Promise<void>;
  /** The newest complete snapshot; never a partly written or damaged one. */
  latestSnapshot(): SnapshotRecord | undefined;
  close(): void;
}

/** The most rows one `events` query returns. */
export const MAX_EVENT_QUERY_LIMIT = 10_000;

/** How many snapshots a store keeps unless told otherwise. */
export const DEFAULT_SNAPSHOTS_KEPT = 3;
