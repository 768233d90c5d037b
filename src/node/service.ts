/**
 * What the node offers its edges (the HTTP API, and through it the CLI and the dashboard): submit a transaction,
 * read the state and the log, follow new blocks. Edges parse and render; every rule is behind this interface.
 */
import type { LedgerState } from "../core/state.js";
import type { BlockHeader, LedgerStore } from "../store/port.js";

export type NodeMode = "automatic" | "manual";

/** An executed transaction, as the API returns it: JSON-ready (amounts already 8-decimal strings). */
export interface TransactionOutcome {
  id: string;
  height: number;
  index: number;
  type: string;
  result: unknown;
  events: Record<string, unknown>[];
}

export interface NodeHealth {
  status: "ok" | "unavailable";
  height: number;
  writer: "running" | "stopped";
}

export interface MetricsSnapshot {
  height: number;
  epochCounter: number;
  epochPhase: string;
  transactionsSubmitted: number;
  transactionsExecuted: number;
  /** Refusals by error code. */
  refusals: Record<string, number>;
  blocks: number;
  signatureVerifications: number;
  /** Verified transactions waiting for the writer. */
  queueDepth: number;
  /** Submit-to-durable latency, cumulative Prometheus buckets in seconds. */
  latency: { buckets: { le: number; count: number }[]; sum: number; count: number };
}

export interface NodeService {
  /** The live state: read it, never change it (only the writer does). */
  readonly state: LedgerState;
  readonly store: LedgerStore;
  readonly mode: NodeMode;
  /**
   * Submits a signed envelope (the parsed request body). Resolves once its block is durable; rejects with a
   * `LedgerError` when the transaction is refused (nothing changed). The same envelope again gives the same outcome.
   */
  submit(envelope: unknown): Promise<TransactionOutcome>;
  health(): NodeHealth;
  metrics(): MetricsSnapshot;
  /** Called after each block is durable. Returns the unsubscribe function. */
  onBlock(listener: (header: BlockHeader) => void): () => void;
}
