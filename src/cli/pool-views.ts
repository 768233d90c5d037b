/**
 * `flowstake pool show|list|member` and `flowstake slashing case|cases`: pools and slashing cases as the node
 * reports them (docs/api.md "Pools and slashing"). The `pool` and `slashing` groups also hold the operation
 * commands of operation-table.ts; these are the views beside them.
 */
import type { Command } from "commander";
import type {
  AccountPools,
  PoolInfo,
  PoolMember,
  PoolSummary,
  SlashingCase,
  SlashingCaseStatus,
} from "../client/index.js";
import { addReadOptions, connect, type ReadOptions } from "./connection.js";
import { UsageError } from "./exit.js";
import { normalizeAddress } from "./keystore.js";
import { integerOption } from "./node-views.js";
import { group } from "./operation-commands.js";
import { fieldsTable, printJson, printLine, shortId, table } from "./output.js";

const E8 = 100_000_000n;

/** An API amount ("12.34000000") as 10⁻⁸ units. */
function unitsOf(text: string): bigint {
  const [whole = "0", fraction = ""] = text.split(".");
  return BigInt(whole) * E8 + BigInt(fraction.padEnd(8, "0").slice(0, 8));
}

function amountOf(value: bigint): string {
  return `${value / E8}.${(value % E8).toString().padStart(8, "0")}`;
}

/** What one share is worth, V ÷ totalShares truncated to 8 decimals; "—" without shares. */
export function shareValue(pool: Pick<PoolSummary, "value" | "totalShares">): string {
  const shares = unitsOf(pool.totalShares);
  return shares === 0n ? "—" : amountOf((unitsOf(pool.value) * E8) / shares);
}

/** `record 00000000…000011` or `delegator 3 of 00000000…000011`. */
function targetOf(pool: Pick<PoolSummary, "nodeID" | "delegatorID">, short: (id: string) => string): string {
  return pool.delegatorID === null
    ? `node ${short(pool.nodeID)}`
    : `delegator ${pool.delegatorID} of ${short(pool.nodeID)}`;
}

function feeText(pool: Pick<PoolSummary, "fee" | "pendingFee">): string {
  const pending = pool.pendingFee;
  return pending === null ? pool.fee : `${pool.fee} (${pending.fee} from epoch ${pending.effectiveEpoch})`;
}

export function describePool(pool: PoolInfo): string {
  const head = `pool ${pool.id}: ${targetOf(pool, (id) => id)}`;
  const fields = fieldsTable([
    ["account", pool.account],
    ["operator", pool.operator],
    ["fee", feeText(pool)],
    ["minimum join", pool.minimumJoin],
    ["extra lock epochs", pool.extraLockEpochs],
    ["record committed", pool.record.committed],
    ["record staked", pool.record.staked],
    ["record unstaking", pool.record.unstaking],
    ["record unstaked", pool.record.unstaked],
    ["record rewarded", pool.record.rewarded],
    ["requested to unstake", pool.record.requestedToUnstake],
    ["reserved for leavers", pool.reserved],
    ["value (V)", pool.value],
    ["total shares", pool.totalShares],
    ["value of a share", shareValue(pool)],
    ["reward per share ×10¹⁸", pool.rewardPerShare],
    ["operator fees", pool.operatorFees],
    ["members' claimable", pool.totalClaimable],
    ["members", pool.members],
  ]);
  if (pool.cohorts.length === 0) return `${head}\n${fields}\nno leavers' cohorts`;
  const t = table(["cohort", "unstaked from", "ready at", "nominal", "value", "paid", "outstanding", "tickets"]);
  for (const c of pool.cohorts) {
    t.push([
      c.key,
      String(c.unstakedFrom),
      String(c.readyEpoch),
      c.nominal,
      c.value,
      c.paid,
      c.outstanding,
      String(c.outstandingTickets),
    ]);
  }
  return `${head}\n${fields}\nleavers' cohorts (epochs)\n${t.toString()}`;
}

export function poolsTable(pools: readonly PoolSummary[]): string {
  const t = table(["pool", "holds", "operator", "fee", "value", "shares", "share value", "members", "operator fees"]);
  for (const pool of pools) {
    t.push([
      String(pool.id),
      targetOf(pool, shortId),
      pool.operator,
      feeText(pool),
      pool.value,
      pool.totalShares,
      shareValue(pool),
      String(pool.members),
      pool.operatorFees,
    ]);
  }
  return t.toString();
}

function ticketsTable(member: PoolMember): string {
  if (member.tickets.length === 0) return "no tickets";
  const t = table(["cohort", "units", "value now", "ready at epoch"]);
  for (const ticket of member.tickets) t.push([ticket.cohort, ticket.units, ticket.value, String(ticket.readyEpoch)]);
  return `tickets\n${t.toString()}`;
}

export function describeMember(member: PoolMember): string {
  return `member ${member.account} of pool ${member.poolId}\n${fieldsTable([
    ["shares", member.shares],
    ["principal", member.principal],
    ["claimable rewards", member.claimable],
  ])}\n${ticketsTable(member)}`;
}

export function accountPoolsTable(answer: AccountPools): string {
  const t = table(["pool", "holds", "as", "shares", "principal", "claimable", "tickets", "operator fees"]);
  for (const { pool, isOperator, member } of answer.pools) {
    const roles = [isOperator ? "operator" : "", member === null ? "" : "member"].filter((r) => r !== "");
    t.push([
      String(pool.id),
      targetOf(pool, shortId),
      roles.join(", "),
      member?.shares ?? "—",
      member?.principal ?? "—",
      member?.claimable ?? "—",
      member === null ? "—" : String(member.tickets.length),
      isOperator ? pool.operatorFees : "—",
    ]);
  }
  return t.toString();
}

/** "yes 1000.00000000 of 1500.00000000: exactly two thirds, not more" and the like. */
export function tallyText(c: Pick<SlashingCase, "yesStake" | "totalStake">): string {
  const yes = unitsOf(c.yesStake);
  const total = unitsOf(c.totalStake);
  const verdict =
    3n * yes > 2n * total
      ? "more than two thirds"
      : 3n * yes === 2n * total && total > 0n
        ? "exactly two thirds, not more"
        : "not more than two thirds";
  return `yes ${c.yesStake} of ${c.totalStake}: ${verdict}`;
}

export function describeCase(c: SlashingCase): string {
  const head = [
    `slashing case ${c.caseId}: ${c.status}`,
    `accused  ${c.accused}`,
    `opener   ${c.opener}`,
    `evidence ${c.evidenceHash}`,
  ].join("\n");
  const fields = fieldsTable([
    ["fine", c.fine],
    ["opened in epoch", c.openedEpoch],
    ["expires at epoch", c.expiresAtEpoch],
    ["closed in epoch", c.closedEpoch],
    ["burned", c.totalBurned],
    ["tally now", tallyText(c)],
  ]);
  if (c.votes.length === 0) return `${head}\n${fields}\nno votes`;
  const t = table(["#", "voter", "vote"]);
  c.votes.forEach((v, i) => {
    t.push([String(i + 1), v.nodeId, v.vote]);
  });
  return `${head}\n${fields}\nvotes, in the order cast\n${t.toString()}`;
}

export function casesTable(cases: readonly SlashingCase[]): string {
  const t = table(["case", "status", "accused", "opener", "fine", "opened", "expires", "closed", "votes", "burned"]);
  for (const c of cases) {
    const yes = c.votes.filter((v) => v.vote === "yes").length;
    t.push([
      String(c.caseId),
      c.status,
      shortId(c.accused),
      shortId(c.opener),
      c.fine,
      String(c.openedEpoch),
      String(c.expiresAtEpoch),
      c.closedEpoch === null ? "—" : String(c.closedEpoch),
      `${yes} yes, ${c.votes.length - yes} no`,
      c.totalBurned,
    ]);
  }
  return t.toString();
}

const STATUSES: readonly SlashingCaseStatus[] = ["open", "adjudicated", "expired"];

function statusOption(text: string | undefined): SlashingCaseStatus | undefined {
  if (text === undefined) return undefined;
  const status = STATUSES.find((s) => s === text);
  if (status === undefined) {
    throw new UsageError(`--status must be one of ${STATUSES.join(", ")}, got ${JSON.stringify(text)}`);
  }
  return status;
}

function requiredId(text: string, name: string): number {
  const id = integerOption(text, name);
  if (id === undefined || id < 1)
    throw new UsageError(`${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return id;
}

/** The command group `name`, with `description` unless it has one (the operation commands may have made it). */
function describedGroup(program: Command, name: string, description: string): Command {
  const made = group(program, [name]);
  if (made.description() === "") made.description(description);
  return made;
}

/** Adds the views to the `pool` and `slashing` command groups. */
export function registerPoolViews(program: Command): void {
  const pool = describedGroup(program, "pool", "pools: open, join, leave, withdraw, rewards, fees; show, list, member");
  addReadOptions(
    pool
      .command("show")
      .description("a pool: its record, value, shares, fees and leavers' cohorts")
      .argument("<pool-id>"),
  ).action(async (poolId: string, options: ReadOptions) => {
    const info = await connect(options).getPool(requiredId(poolId, "POOL_ID"));
    if (options.json) printJson(info);
    else printLine(describePool(info));
  });

  addReadOptions(
    pool
      .command("list")
      .description("every pool, or with --account the pools an account runs or has a position in")
      .option("--account <address>", "only the pools of this account, with its position"),
  ).action(async (options: ReadOptions & { account?: string }) => {
    const client = connect(options);
    if (options.account !== undefined) {
      const answer = await client.listAccountPools(normalizeAddress(options.account, "--account"));
      if (options.json) printJson(answer);
      else printLine(answer.pools.length === 0 ? "no pools" : accountPoolsTable(answer));
      return;
    }
    const list = await client.listPools();
    if (options.json) printJson(list);
    else printLine(list.pools.length === 0 ? "no pools" : poolsTable(list.pools));
  });

  addReadOptions(
    pool
      .command("member")
      .description("an account's position in a pool: shares, principal, claimable rewards, tickets")
      .argument("<pool-id>")
      .argument("<address>"),
  ).action(async (poolId: string, address: string, options: ReadOptions) => {
    const member = await connect(options).getPoolMember(
      requiredId(poolId, "POOL_ID"),
      normalizeAddress(address, "ADDRESS"),
    );
    if (options.json) printJson(member);
    else printLine(describeMember(member));
  });

  const slashing = describedGroup(program, "slashing", "slashing cases: open, vote; case, cases");
  addReadOptions(
    slashing
      .command("case")
      .description("a slashing case: accused, fine, status, votes in the order cast, the tally now")
      .argument("<case-id>"),
  ).action(async (caseId: string, options: ReadOptions) => {
    const found = await connect(options).getSlashingCase(requiredId(caseId, "CASE_ID"));
    if (options.json) printJson(found);
    else printLine(describeCase(found));
  });

  addReadOptions(
    slashing
      .command("cases")
      .description("every slashing case, by case ID")
      .option("--status <status>", STATUSES.join(" | ")),
  ).action(async (options: ReadOptions & { status?: string }) => {
    const status = statusOption(options.status);
    const list = await connect(options).listSlashingCases(status === undefined ? {} : { status });
    if (options.json) printJson(list);
    else printLine(list.cases.length === 0 ? "no cases" : casesTable(list.cases));
  });
}
