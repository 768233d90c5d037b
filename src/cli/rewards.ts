/** `flowstake rewards quote --node-id … [--delegator-id …]`: what this epoch's payout will credit. */
import type { Command } from "commander";
import { addReadOptions, connect, type ReadOptions } from "./connection.js";
import { integerOption } from "./node-views.js";
import { fieldsTable, printJson, printLine } from "./output.js";

export function registerRewardsCommands(program: Command): void {
  const rewards = program.command("rewards").description("rewards: the quote of this epoch's payout");
  addReadOptions(
    rewards
      .command("quote")
      .description("once the auction has closed: the reward this epoch's payout will credit a node or delegator")
      .requiredOption("--node-id <id>", "the node")
      .option("--delegator-id <n>", "a delegator of that node (default: the node operator)"),
  ).action(async (options: ReadOptions & { nodeId: string; delegatorId?: string }) => {
    const delegatorId = integerOption(options.delegatorId, "--delegator-id");
    const quote = await connect(options).getRewardQuote(
      delegatorId === undefined ? { nodeId: options.nodeId } : { nodeId: options.nodeId, delegatorId },
    );
    if (options.json) {
      printJson(quote);
      return;
    }
    const rows: [string, unknown][] = [
      ["epoch", quote.epochCounter],
      ["node ID", quote.nodeId],
    ];
    if (quote.delegatorId !== undefined) rows.push(["delegator", quote.delegatorId]);
    rows.push(["reward", quote.reward], ["source", quote.source]);
    printLine(fieldsTable(rows));
  });
}
