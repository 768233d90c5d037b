/** The SQLite block writer's thread: appends each block it is sent, in order, and reports back. */
import { parentPort, workerData } from "node:worker_threads";
import { type BlockMessage, decodeBlockMessage } from "./block-message.js";
import { openSqliteStore } from "./sqlite-store.js";

const port = parentPort;
if (port === null) throw new Error("block-writer-worker runs as a worker thread");
const store = openSqliteStore((workerData as { dataDir: string }).dataDir);

port.on("message", (message: { id: number; block: BlockMessage } | { close: true }) => {
  if ("close" in message) {
    store.close();
    port.close();
    return;
  }
  try {
    store.appendBlock(decodeBlockMessage(message.block));
    port.postMessage({ id: message.id, ok: true });
  } catch (error) {
    port.postMessage({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
