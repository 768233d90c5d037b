/** `flowstake blocks`, `block HEIGHT|latest`, `tx ID`: the log. */
import type { Command } from "commander";
import type { BlockDetails, BlockHeader, ExecutedTransaction } from "../client/index.js";
import { addReadOptions, connect, type ReadOptions } from "./connection.js";
import { UsageError } from "./exit.js";
import { integerOption } from "./node-views.js";
import { cell, eventsTable, fieldsTable, formatTime, printJson, printLine, shortId, table } from "./output.js";

export function blocksTable(blocks: readonly BlockHeader[]): string {
  const t = table(["height", "time", "hash", "state hash", "transactions", "events"]);
  for (const b of blocks) {
    t.push([
      String(b.height),
      formatTime(b.timestamp),
      shortId(b.hash),
      shortId(b.stateHash),
      String(b.transactionCount),
      String(b.eventCount),
    ]);
  }
  return t.toString();
}

export function describeBlock(block: BlockDetails): string {
  const header = fieldsTable([
    ["time", formatTime(block.timestamp)],
    ["hash", block.hash],
    ["parent hash", block.parentHash],
    ["state hash", block.stateHash],
    ["events", block.eventCount],
  ]);
  const title = `block ${block.height} ${block.hash}`;
  if (block.transactions.length === 0) return `${title}\n${header}\nno transactions`;
  const t = table(["index", "transaction", "type", "authorizer", "result"]);
  for (const tx of block.transactions) {
    t.push([String(tx.index), shortId(tx.id), tx.type, tx.authorizer ?? "(system)", cell(tx.result)]);
  }
  return `${title}\n${header}\n${t.toString()}`;
}

export function describeTransaction(tx: ExecutedTransaction): string {
  const rows: [string, unknown][] = [
    ["type", tx.type],
    ["block", `${tx.height} at index ${tx.index}`],
    ["authorizer", tx.authorizer ?? "(system)"],
  ];
  const payload = tx.envelope?.payload;
  if (payload !== undefined) {
    rows.push(
      ["args", payload.args],
      [
        "proposal key",
        `${payload.proposalKey.address} key ${payload.proposalKey.keyIndex} #${payload.proposalKey.sequenceNumber}`,
      ],
    );
    if (payload.expiryHeight !== undefined) rows.push(["expiry height", payload.expiryHeight]);
  }
  rows.push(["result", tx.result]);
  const events = tx.events.length === 0 ? "no events" : eventsTable(tx.events);
  return `transaction ${tx.id}\n${fieldsTable(rows)}\n${events}`;
}

export function registerBlockCommands(program: Command): void {
  addReadOptions(
    program
      .command("blocks")
      .description("block headers, ascending")
      .option("--from <height>", "the first height (default 0)")
      .option("--limit <n>", "at most this many (≤ 1000)"),
  ).action(async (options: ReadOptions & { from?: string; limit?: string }) => {
    const range: { from?: number; limit?: number } = {};
    const from = integerOption(options.from, "--from");
    const limit = integerOption(options.limit, "--limit");
    if (from !== undefined) range.from = from;
    if (limit !== undefined) range.limit = limit;
    const list = await connect(options).listBlocks(range);
    if (options.json) printJson(list);
    else printLine(list.blocks.length === 0 ? "no blocks" : blocksTable(list.blocks));
  });

  addReadOptions(
    program
      .command("block")
      .description("one block and its transactions")
      .argument("<height>", 'a height, or "latest"'),
  ).action(async (height: string, options: ReadOptions) => {
    const client = connect(options);
    let target: number;
    if (height === "latest") target = (await client.getLatestBlock()).height;
    else {
      const parsed = integerOption(height, "HEIGHT");
      if (parsed === undefined) throw new UsageError("HEIGHT is required");
      target = parsed;
    }
    const block = await client.getBlock(target);
    if (options.json) printJson(block);
    else printLine(describeBlock(block));
  });

  addReadOptions(
    program.command("tx").description("an executed transaction").argument("<id>", "the transaction ID (64 hex)"),
  ).action(async (id: string, options: ReadOptions) => {
    const tx = await connect(options).getTransaction(id.toLowerCase());
    if (options.json) printJson(tx);
    else printLine(describeTransaction(tx));
  });
}
