/** A node for the throughput benchmark, in its own process: `node dist/bench/node-server.js DATA_DIR`. */
import { startNode } from "../src/node/start.js";

const dir = process.argv[2];
if (dir === undefined) throw new Error("usage: node-server DATA_DIR");
const running = await startNode({ dataDir: dir, port: 0, mode: "manual", snapshotEveryBlocks: 0 });
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
process.once("SIGTERM", () => {
  running.close().then(() => process.exit(0));
});
