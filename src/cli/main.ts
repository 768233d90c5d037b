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
import { registerKeysCommands } from "./keys.js";
import { registerNodeViews } from "./node-views.js";
import { group, registerOperationCommands } from "./operation-commands.js";
import { registerQueryCommand } from "./query.js";
import { registerRewardsCommands } from "./rewards.js";
import { simulateCommand } from "./simulate.js";
import { registerStatusCommands } from "./status.js";
import { registerTableCommand } from "./tables.js";

const program = new Command();
program
  .name("flowstake")
  .description("The Flow staking and delegation ledger: simulator, keys, node and client")
  .showHelpAfterError()
  .exitOverride();

program
  .command("simulate")
  .description("run a what-if plan (plan-format.md) and print one JSON line per step, or a table")
  .argument("<plan>", "path to a plan JSON file")
  .option("--format <format>", 'output format: "json" (default when not a terminal) or "table"')
  .option("--json", "same as --format json")
  .action(simulateCommand);

registerKeysCommands(program);

// Client commands (docs/cli.md): every operation signs with a keystore key and submits; the views read.
// The lead's `init`, `verify` and the running of a node (src/cli/init.ts, verify.ts, node.ts) join the `node`
// group and the program here; `node show|list|delegators` are views of staking nodes in the same group.
registerAccountCommands(program);
registerOperationCommands(program, ACCOUNT_OPERATIONS_CUSTOM);
registerNodeViews(group(program, ["node"], "staking nodes: show, list, delegators"));
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
