/**
 * The commands of `OPERATION_COMMANDS`, generated: each gets its options from the table and the submit options,
 * builds and checks its `args` (a usage error before any network), then signs, submits and prints the outcome.
 * Operations that need more than that (`account create`, `account keys add` save a new key) bring their own run.
 */
import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import type { OperationName } from "../core/operations.js";
import {
  type ArgsIo,
  attributeName,
  buildOperationArgs,
  checkOperationArgs,
  NODE_KEY_FILE_FIELDS,
  OPERATION_COMMANDS,
  type OperationCommand,
  type OperationOption,
} from "./operation-table.js";
import { addSubmitOptions, printOutcome, type SubmitOptions, signAndSubmit, submitOptionsFrom } from "./submit.js";

export const FILE_IO: ArgsIo = { readText: (path) => readFileSync(path, "utf8") };

/** A command's own run, for operations that do more than sign and submit. */
export interface CustomOperation {
  /** Options beyond the table's (they are not operation arguments). */
  options?: readonly Option[];
  run(entry: OperationCommand, values: Readonly<Record<string, unknown>>, submit: SubmitOptions): Promise<void>;
}

const PLACEHOLDER: Readonly<Record<OperationOption["kind"], string>> = {
  string: "<text>",
  amount: "<amount>",
  integer: "<n>",
  boolean: "<true|false>",
  address: "<address>",
  nodeIds: "<ids>",
  roleAmounts: "<role=amount,…>",
  roleIntegers: "<role=n,…>",
  nodeAmounts: "<id=p,…>",
  nodeKeysFile: "<file>",
};

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function commanderOption(entry: OperationCommand, option: OperationOption): Option {
  const flags = `--${option.flag} ${PLACEHOLDER[option.kind]}`;
  const fromFile = entry.options.some((o) => o.kind === "nodeKeysFile") && NODE_KEY_FILE_FIELDS.includes(option.field);
  const required =
    !option.required || option.default !== undefined
      ? ""
      : fromFile
        ? " (required, or from --node-keys)"
        : " (required)";
  const made = new Option(flags, `${option.description}${required}`);
  if (option.kind === "nodeIds") made.argParser(collect);
  if (option.default !== undefined) made.default(option.default);
  return made;
}

/** The args of the command's operation from its parsed options, checked by the ledger's reader. */
export function checkedArgs(
  entry: OperationCommand,
  values: Readonly<Record<string, unknown>>,
  io: ArgsIo = FILE_IO,
): Record<string, unknown> {
  const args = buildOperationArgs(entry, values, io);
  checkOperationArgs(entry, args);
  return args;
}

async function signAndPrint(
  entry: OperationCommand,
  values: Readonly<Record<string, unknown>>,
  submit: SubmitOptions,
): Promise<void> {
  const args = checkedArgs(entry, values);
  const { outcome } = await signAndSubmit(entry.op, args, submit);
  printOutcome(outcome, submit.json);
}

/** The command group at `path` under `root`, created (with `description`) when it does not exist yet. */
export function group(root: Command, path: readonly string[], description = ""): Command {
  let parent = root;
  for (const name of path) {
    const existing = parent.commands.find((command) => command.name() === name);
    parent = existing ?? parent.command(name).description(description);
  }
  return parent;
}

/** Adds every operation command under `program`, creating groups (`account`, `account keys`) as needed. */
export function registerOperationCommands(
  program: Command,
  custom: Partial<Record<OperationName, CustomOperation>> = {},
): void {
  for (const entry of OPERATION_COMMANDS) {
    const name = entry.command.at(-1);
    if (name === undefined) throw new Error(`operation ${entry.op} has no command name`);
    const parent = group(program, entry.command.slice(0, -1));
    const command = parent.command(name).description(entry.description);
    for (const option of entry.options) command.addOption(commanderOption(entry, option));
    const own = custom[entry.op];
    for (const option of own?.options ?? []) command.addOption(option);
    addSubmitOptions(command);
    command.action(async (values: Record<string, unknown>) => {
      const submit = submitOptionsFrom(values);
      if (own === undefined) await signAndPrint(entry, values, submit);
      else await own.run(entry, values, submit);
    });
  }
}

/** The commander attribute names a table entry uses (for tests: no clash with the submit options). */
export function attributesOf(entry: OperationCommand): string[] {
  return entry.options.map((option) => attributeName(option.flag));
}
