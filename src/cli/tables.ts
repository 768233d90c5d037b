/** `flowstake table current|proposed|approved|candidates`: the node ID tables of the identity table. */
import type { Command } from "commander";
import { addReadOptions, connect, type ReadOptions } from "./connection.js";
import { UsageError } from "./exit.js";
import { printJson, printLine, roleLabel } from "./output.js";

const NAMES = ["current", "proposed", "approved", "candidates"] as const;
type Name = (typeof NAMES)[number];

function isName(value: string): value is Name {
  return (NAMES as readonly string[]).includes(value);
}

export function registerTableCommand(program: Command): void {
  addReadOptions(
    program
      .command("table")
      .description("node IDs of the current, proposed or approved table, or this auction's candidates by role")
      .argument("<name>", NAMES.join(" | ")),
  ).action(async (name: string, options: ReadOptions) => {
    if (!isName(name)) throw new UsageError(`table must be one of ${NAMES.join(", ")}, got ${JSON.stringify(name)}`);
    const client = connect(options);
    if (name === "candidates") {
      const candidates = await client.getCandidates();
      if (options.json) printJson(candidates);
      else {
        for (const [role, ids] of Object.entries(candidates)) {
          printLine(ids.length === 0 ? `${roleLabel(role)}: none` : `${roleLabel(role)}:`);
          for (const id of ids) printLine(`  ${id}`);
        }
      }
      return;
    }
    const table = await client.getTable(name);
    if (options.json) printJson(table);
    else printLine(table.nodeIds.length === 0 ? "(none)" : table.nodeIds.join("\n"));
  });
}
