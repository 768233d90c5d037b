/**
 * The child process of the durability test: appends the blocks of durability-plan.ts to the store in the data
 * directory given as its argument, continuing after whatever is there, and prints `block <height>` once
 * `appendBlock` has returned and `snapshot <height>` once a snapshot's promise has resolved. The test kills it
 * with SIGKILL; stdout is a pipe, which Node writes synchronously on Linux, so every line printed was acknowledged.
 */
import { DURABILITY_GENESIS, durabilityBlock, durabilitySnapshot, SNAPSHOT_EVERY } from "./durability-plan.js";
import { openSqliteStore } from "./sqlite-store.js";

/** A safety net should the test fail to kill the child. */
const GIVE_UP_AFTER_MS = 60_000;

async function main(dataDir: string): Promise<void> {
  const started = Date.now();
  const store = openSqliteStore(dataDir, { snapshotsKept: 2 });
  if (store.genesis() === undefined) {
    store.writeGenesis(DURABILITY_GENESIS, durabilityBlock(0));
    process.stdout.write("block 0\n");
  }
  let height = (store.latestBlock()?.height ?? 0) + 1;
  while (Date.now() - started < GIVE_UP_AFTER_MS) {
    store.appendBlock(durabilityBlock(height));
    process.stdout.write(`block ${height}\n`);
    if (height % SNAPSHOT_EVERY === 0) {
      const snapshotHeight = height;
      void store.writeSnapshot(durabilitySnapshot(snapshotHeight)).then(() => {
        process.stdout.write(`snapshot ${snapshotHeight}\n`);
      });
    }
    height += 1;
    // Let the snapshot's file I/O make progress between blocks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  store.close();
}

const dataDir = process.argv[2];
if (dataDir === undefined) {
  process.stderr.write("usage: durability-child <data dir>\n");
  process.exit(2);
}
await main(dataDir);
