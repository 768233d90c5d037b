/** `flowstake delegator show NODE_ID DELEGATOR_ID` and `delegator list --owner ADDRESS`. */
import type { Command } from "commander";
import type { DelegatorDetails } from "../client/index.js";
import { addReadOptions, connect, type ReadOptions } from "./connection.js";
import { UsageError } from "./exit.js";
import { normalizeAddress } from "./keystore.js";
import { delegatorsTable, integerOption } from "./node-views.js";
import { fieldsTable, printJson, printLine } from "./output.js";

export function describeDelegator(d: DelegatorDetails): string {
  return `delegator ${d.id} of node ${d.nodeID}\n${fieldsTable([
    ["owner", d.owner],
    ["tokens committed", d.tokensCommitted],
    ["tokens staked", d.tokensStaked],
    ["tokens unstaking", d.tokensUnstaking],
    ["tokens unstaked", d.tokensUnstaked],
    ["tokens rewarded", d.tokensRewarded],
    ["requested to unstake", d.tokensRequestedToUnstake],
  ])}`;
}

export function registerDelegatorCommands(program: Command): void {
  const delegator = program.command("delegator").description("delegators: show one, list an account's");
  addReadOptions(
    delegator
      .command("show")
      .description("a delegator's pools and owner")
      .argument("<node-id>", "the node it delegates to")
      .argument("<delegator-id>", "its ID on that node"),
  ).action(async (nodeId: string, delegatorId: string, options: ReadOptions) => {
    const id = integerOption(delegatorId, "DELEGATOR_ID");
    if (id === undefined) throw new UsageError("DELEGATOR_ID is required");
    const details = await connect(options).getDelegator(nodeId, id);
    if (options.json) printJson(details);
    else printLine(describeDelegator(details));
  });
  addReadOptions(
    delegator
      .command("list")
      .description("the delegators an account holds")
      .requiredOption("--owner <address>", "the account"),
  ).action(async (options: ReadOptions & { owner: string }) => {
    const answer = await connect(options).listDelegatorsByOwner(normalizeAddress(options.owner, "--owner"));
    if (options.json) printJson(answer);
    else printLine(answer.delegators.length === 0 ? "no delegators" : delegatorsTable(answer.delegators));
  });
}
