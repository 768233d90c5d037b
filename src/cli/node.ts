/**
 * `flowstake node`: runs a node on a data directory (what `npm start` runs). With no data directory yet, it first
 * initialises a development network and says where the staking admin's key is.
 */

import type { NodeMode } from "../node/service.js";
import { startNode } from "../node/start.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { dataDir } from "./data-dir.js";
import { UsageError } from "./exit.js";
import { describeInit, initialise } from "./init.js";

export interface NodeOptions {
  dataDir?: string;
  keystore?: string;
  host: string;
  port: string;
  mode: string;
  snapshotEvery?: string;
  json?: boolean;
}

function hasGenesis(dir: string): boolean {
  const store = openSqliteStore(dir);
  try {
    return store.genesis() !== undefined;
  } finally {
    store.close();
  }
}

export async function nodeCommand(options: NodeOptions): Promise<void> {
  const mode = options.mode;
  if (mode !== "automatic" && mode !== "manual")
    throw new UsageError(`--mode must be automatic or manual, got ${mode}`);
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0..65535, got ${options.port}`);
  const dir = dataDir(options.dataDir);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  if (!hasGenesis(dir)) {
    const result = initialise({ dataDir: dir, keystore: options.keystore });
    say(`no ledger in ${dir} yet: started a development network`);
    say(describeInit(result));
  }
  const running = await startNode({
    dataDir: dir,
    host: options.host,
    port,
    mode: mode as NodeMode,
    snapshotEveryBlocks: options.snapshotEvery === undefined ? undefined : Number(options.snapshotEvery),
  });
  const health = running.node.health();
  if (options.json)
    process.stdout.write(`${JSON.stringify({ url: running.url, dataDir: dir, mode, height: health.height })}\n`);
  else say(`flowstake node: ${running.url}  (data ${dir}, height ${health.height}, epochs ${mode})`);
  const stop = () => {
    say("flowstake node: stopping");
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        say(`flowstake node: ${String(error)}`);
        process.exit(70);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
