/**
 * Starting a node on a data directory: open the log, rebuild the state, start the verifier workers, the writer,
 * the scheduler and the HTTP server. Stopping it drains the writer and closes everything in order.
 */
import type { FastifyInstance } from "fastify";
import { sqliteBlockWriter } from "../store/sqlite/block-writer.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { createVerifyPool, defaultVerifyPoolSize } from "../tx/index.js";
import { openChain } from "./chain.js";
import { buildHttpServer } from "./http/server.js";
import { LedgerNode } from "./ledger-node.js";
import type { NodeMode } from "./service.js";

export interface NodeConfig {
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  mode?: NodeMode;
  snapshotEveryBlocks?: number;
  /** Signature-verification worker threads; 0 verifies on the main thread. */
  verifyWorkers?: number;
  /** Called after each replayed block while the node rebuilds its state. */
  onReplay?: (height: number, latest: number) => void;
}

export interface RunningNode {
  readonly node: LedgerNode;
  readonly server: FastifyInstance;
  /** The base URL the API listens on. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startNode(config: NodeConfig): Promise<RunningNode> {
  const store = openSqliteStore(config.dataDir);
  let chain: ReturnType<typeof openChain>;
  try {
    // Blocks are committed by a worker thread with its own connection: the fsync does not stop the main thread.
    chain = openChain(store, { onBlock: config.onReplay, writer: sqliteBlockWriter(config.dataDir) });
  } catch (error) {
    store.close();
    throw error;
  }
  const pool = createVerifyPool(config.verifyWorkers ?? defaultVerifyPoolSize());
  const node = new LedgerNode(chain, {
    mode: config.mode ?? "automatic",
    verifyPool: pool,
    snapshotEveryBlocks: config.snapshotEveryBlocks,
  });
  const server = buildHttpServer(node);
  const url = await server.listen({ host: config.host ?? "127.0.0.1", port: config.port ?? 8700 });
  let closing: Promise<void> | null = null;
  return {
    node,
    server,
    url,
    close() {
      closing ??= (async () => {
        // Idle keep-alive connections would hold a graceful close open; requests in flight still finish.
        const closed = server.close();
        server.server.closeIdleConnections();
        await closed;
        await node.close();
        await pool.close();
        store.close();
      })();
      return closing;
    },
  };
}
