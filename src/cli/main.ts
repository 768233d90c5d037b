#!/usr/bin/env node
/** The `flowstake` command. Each command group lives in its own file; this one only wires them. */
import { Command, CommanderError } from "commander";
import { isClientError } from "../client/index.js";
import { isLedgerError } from "../core/errors.js";
import { PlanError } from "../sim/plan.js";
import { ACCOUNT_OPERATIONS_CUSTOM, registerAccountCommands } from "./account.js";
import { registerBlockCommands } from "./blocks.js";
import { registerDelegatorCommands } from "./delegator.js";
import { registerEpochCommands } from "./epoch.js";
import { registerEventsCommand } from "./events.js";
import { EXIT_INTERNAL, EXIT_REJECTED, EXIT_USAGE, UsageError } from "./exit.js";
import { initCommand } from "./init.js";
import { registerKeysCommands } from "./keys.js";
import { nodeCommand } from "./node.js";
import { registerNodeViews } from "./node-views.js";
import { group, registerOperationCommands } from "./operation-commands.js";
import { registerPoolViews } from "./pool-views.js";
import { registerQueryCommand } from "./query.js";
import { registerRewardsCommands } from "./rewards.js";
import { simulateCommand } from "./simulate.js";
import { SLASHING_OPERATIONS_CUSTOM } from "./slashing.js";
import { registerStatusCommands } from "./status.js";
import { registerTableCommand } from "./tables.js";
import { verifyCommand } from "./verify.js";

const program = new Command();
program
  .name("flowstake")
  .description("The Flow staking and delegation ledger: simulator, keys, node and client")
  .showHelpAfterError()
  // Options after a subcommand belong to it: `node list --json` is the view's --json, not the node runner's.
  .enablePositionalOptions()
  .exitOverride();

program
  .command("simulate")
  .description("run a what-if plan (plan-format.md) and print one JSON line per step, or a table")
  .argument("<plan>", "path to a plan JSON file")
  .option("--format <format>", 'output format: "json" (default when not a terminal) or "table"')
  .option("--json", "same as --format json")
  .action(simulateCommand);

registerKeysCommands(program);

// Running a ledger: `init` a data directory, run a `node` on it, `verify` its log from genesis.
program
  .command("init")
  .description("create a data directory with a genesis, and the staking admin's key in the keystore (mode 0600)")
  .option("--data-dir <dir>", "where the log lives (default $FLOWSTAKE_DATA_DIR or .flowstake/data)")
  .option("--keystore <dir>", "where keys live (default $FLOWSTAKE_KEYSTORE or ~/.flowstake/keys)")
  .option("--admin-key <name>", "name of the admin key in the keystore (reused if it exists)", "admin")
  .option("--genesis <file>", "a genesis document to start from instead of the development preset")
  .option("--epoch-length <ms>", "development preset: epoch length in milliseconds (default 60000)")
  .option("--staking-auction <ms>", "development preset: staking auction length in milliseconds")
  .option("--setup <ms>", "development preset: setup phase length in milliseconds")
  .option("--json", "print the result as JSON")
  .action(initCommand);

program
  .command("verify")
  .description("replay the log from genesis, re-checking every signature, state hash and block hash")
  .option("--data-dir <dir>", "the node's data directory (default $FLOWSTAKE_DATA_DIR or .flowstake/data)")
  .option("--json", "print the result as JSON")
  .action(verifyCommand);

// `flowstake node` runs a node (what `npm start` runs); `node show|list|delegators` are views of staking nodes.
const nodeGroup = group(program, ["node"], "run a node, or look at staking nodes: show, list, delegators");
nodeGroup
  .enablePositionalOptions()
  .option(
    "--data-dir <dir>",
    "the data directory (default $FLOWSTAKE_DATA_DIR or .flowstake/data); initialised as a dev network if empty",
  )
  .option(
    "--keystore <dir>",
    "where the dev network's admin key goes (default $FLOWSTAKE_KEYSTORE or ~/.flowstake/keys)",
  )
  .option("--host <host>", "address to listen on", "127.0.0.1")
  .option("--port <port>", "port to listen on (0 picks one)", "8700")
  .option("--mode <mode>", "epoch phases: automatic (on the clock) or manual (the admin sends them)", "automatic")
  .option("--snapshot-every <blocks>", "write a state snapshot every this many blocks (and at every epoch start)")
  .option("--json", "print the address as JSON when listening")
  .action(nodeCommand);

// Client commands (docs/cli.md): every operation signs with a keystore key and submits; the views read.
registerAccountCommands(program);
registerOperationCommands(program, { ...ACCOUNT_OPERATIONS_CUSTOM, ...SLASHING_OPERATIONS_CUSTOM });
registerNodeViews(nodeGroup);
registerPoolViews(program);
registerDelegatorCommands(program);
registerQueryCommand(program);
registerEpochCommands(program);
registerTableCommand(program);
registerBlockCommands(program);
registerEventsCommand(program);
registerRewardsCommands(program);
registerStatusCommands(program);

function fail(message: string, code: number): never {
  process.stderr.write(`flowstake: ${message}\n`);
  process.exit(code);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
  }
  if (error instanceof PlanError || error instanceof UsageError) fail(error.message, EXIT_USAGE);
  if (isLedgerError(error)) fail(`${error.code}: ${error.message}`, EXIT_REJECTED);
  if (isClientError(error)) fail(`${error.code}: ${error.message}`, EXIT_REJECTED);
  fail(`internal error: ${error instanceof Error ? error.message : String(error)}`, EXIT_INTERNAL);
}
