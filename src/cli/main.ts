#!/usr/bin/env node
/** The `flowstake` command. Each command group lives in its own file; this one only wires them. */
import { Command, CommanderError } from "commander";
import { isLedgerError } from "../core/errors.js";
import { PlanError } from "../sim/plan.js";
import { EXIT_INTERNAL, EXIT_REJECTED, EXIT_USAGE, UsageError } from "./exit.js";
import { keysGenerateCommand } from "./keys.js";
import { simulateCommand } from "./simulate.js";

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

const keys = program.command("keys").description("generate keys");
keys
  .command("generate")
  .description("generate an account key pair, or with --node a node's networking and staking keys with PoP")
  .option("--node", "generate a node's key set: networking key, staking key, proof of possession, node ID")
  .option("--algorithm <algorithm>", "account key algorithm: ECDSA_P256 or ECDSA_secp256k1", "ECDSA_P256")
  .action(keysGenerateCommand);

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
  fail(`internal error: ${error instanceof Error ? error.message : String(error)}`, EXIT_INTERNAL);
}
