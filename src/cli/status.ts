/** `flowstake health`: is the node up and its writer running (exit 0), or not (exit 1). */
import type { Command } from "commander";
import { ClientError } from "../client/index.js";
import { addReadOptions, connect, type ReadOptions } from "./connection.js";
import { printJson, printLine } from "./output.js";

export function registerStatusCommands(program: Command): void {
  addReadOptions(program.command("health").description("the node's health: height and whether its writer runs")).action(
    async (options: ReadOptions) => {
      const client = connect(options);
      const health = await client.health();
      if (options.json) printJson(health);
      else printLine(`${health.status}: height ${health.height}, writer ${health.writer}`);
      if (health.status !== "ok") {
        throw new ClientError(
          "NODE_UNAVAILABLE",
          `the node at ${client.baseUrl} is up but its writer has stopped`,
          {},
          503,
        );
      }
    },
  );
}
