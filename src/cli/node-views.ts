/**
 * `flowstake node show|list|delegators`: staking nodes as the node reports them. These are views; the `node`
 * group also holds the command that runs a node (src/cli/node.ts), which is why this file has another name.
 */
import type { Command } from "commander";
import type { DelegatorDetails, NodeDetails, NodeInfo } from "../client/index.js";
import { addReadOptions, connect, type ReadOptions } from "./connection.js";
import { UsageError } from "./exit.js";
import { fieldsTable, printJson, printLine, roleLabel, shortId, table } from "./output.js";

export function integerOption(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${flag} must be a non-negative integer, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

export function describeNode(node: NodeInfo & Partial<Omit<NodeDetails, keyof NodeInfo>>): string {
  const rows: [string, unknown][] = [["role", roleLabel(node.role)]];
  if (node.owner !== undefined) rows.push(["owner", node.owner]);
  rows.push(
    ["networking address", node.networkingAddress],
    ["networking key", node.networkingKey],
    ["staking key", node.stakingKey],
    ["tokens committed", node.tokensCommitted],
    ["tokens staked", node.tokensStaked],
    ["tokens unstaking", node.tokensUnstaking],
    ["tokens unstaked", node.tokensUnstaked],
    ["tokens rewarded", node.tokensRewarded],
    ["requested to unstake", node.tokensRequestedToUnstake],
  );
  for (const [key, label] of [
    ["totalCommitment", "total commitment"],
    ["totalCommitmentWithoutDelegators", "commitment without delegators"],
    ["totalStakedWithDelegators", "staked with delegators"],
  ] as const) {
    if (node[key] !== undefined) rows.push([label, node[key]]);
  }
  rows.push(["delegators", node.delegatorIDCounter], ["initial weight", node.initialWeight]);
  return `node ${node.id}\n${fieldsTable(rows)}`;
}

export function nodesTable(nodes: readonly NodeInfo[]): string {
  const t = table(["node", "role", "committed", "staked", "unstaking", "unstaked", "rewarded", "delegators"]);
  for (const node of nodes) {
    t.push([
      shortId(node.id),
      roleLabel(node.role),
      node.tokensCommitted,
      node.tokensStaked,
      node.tokensUnstaking,
      node.tokensUnstaked,
      node.tokensRewarded,
      String(node.delegatorIDCounter),
    ]);
  }
  return t.toString();
}

export function delegatorsTable(delegators: readonly DelegatorDetails[]): string {
  const t = table(["node", "delegator", "owner", "committed", "staked", "unstaking", "unstaked", "rewarded"]);
  for (const d of delegators) {
    t.push([
      shortId(d.nodeID),
      String(d.id),
      d.owner,
      d.tokensCommitted,
      d.tokensStaked,
      d.tokensUnstaking,
      d.tokensUnstaked,
      d.tokensRewarded,
    ]);
  }
  return t.toString();
}

/** Adds the views to the `node` command group. */
export function registerNodeViews(node: Command): void {
  addReadOptions(
    node
      .command("show")
      .description("a staking node: keys, pools, totals, owner")
      .argument("<node-id>", "the node's ID"),
  ).action(async (nodeId: string, options: ReadOptions) => {
    const details = await connect(options).getNode(nodeId);
    if (options.json) printJson(details);
    else printLine(describeNode(details));
  });

  addReadOptions(
    node
      .command("list")
      .description("every staking node, by node ID")
      .option("--role <n>", "only nodes of this role, 1..5"),
  ).action(async (options: ReadOptions & { role?: string }) => {
    const role = integerOption(options.role, "--role");
    const list = await connect(options).listNodes(role === undefined ? {} : { role });
    if (options.json) printJson(list);
    else printLine(list.nodes.length === 0 ? "no nodes" : nodesTable(list.nodes));
  });

  addReadOptions(
    node
      .command("delegators")
      .description("a node's delegators, a page at a time")
      .argument("<node-id>", "the node's ID")
      .option("--offset <n>", "skip this many delegators")
      .option("--limit <n>", "at most this many (≤ 1000)"),
  ).action(async (nodeId: string, options: ReadOptions & { offset?: string; limit?: string }) => {
    const page: { offset?: number; limit?: number } = {};
    const offset = integerOption(options.offset, "--offset");
    const limit = integerOption(options.limit, "--limit");
    if (offset !== undefined) page.offset = offset;
    if (limit !== undefined) page.limit = limit;
    const answer = await connect(options).listNodeDelegators(nodeId, page);
    if (options.json) {
      printJson(answer);
      return;
    }
    const from = page.offset ?? 0;
    printLine(answer.delegators.length === 0 ? "no delegators" : delegatorsTable(answer.delegators));
    printLine(`${answer.delegators.length} shown from ${from}, ${answer.total} in all`);
  });
}
