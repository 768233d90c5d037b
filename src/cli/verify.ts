/** `flowstake verify`: replay the log from genesis, re-checking every signature, state hash and block hash. */
import { SingleBar } from "cli-progress";
import { ReplayError } from "../node/chain.js";
import { verifyLog } from "../node/verify-log.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { dataDir } from "./data-dir.js";
import { EXIT_REJECTED } from "./exit.js";

export async function verifyCommand(options: { dataDir?: string; json?: boolean }): Promise<void> {
  const dir = dataDir(options.dataDir);
  const store = openSqliteStore(dir);
  const latest = store.latestBlock()?.height ?? 0;
  const bar =
    process.stderr.isTTY && !options.json ? new SingleBar({ format: "verifying {bar} {value}/{total} blocks" }) : null;
  bar?.start(latest, 0);
  const start = Date.now();
  try {
    const report = verifyLog(store, (height) => bar?.update(height));
    bar?.stop();
    const seconds = (Date.now() - start) / 1000;
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: true, ...report, seconds })}\n`);
    else
      process.stdout.write(
        `ok: ${report.height} blocks replayed from genesis in ${seconds.toFixed(1)} s; state ${report.stateHash}\n`,
      );
  } catch (error) {
    bar?.stop();
    if (!(error instanceof ReplayError)) throw error;
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, error: error.message })}\n`);
    else process.stderr.write(`flowstake verify: FAILED: ${error.message}\n`);
    process.exitCode = EXIT_REJECTED;
  } finally {
    store.close();
  }
}
