/** `flowstake epoch` (phase, countdowns, payout, totals) and `flowstake params`: the ledger's clock and settings. */
import type { Command } from "commander";
import type { EpochView, ParamsView, RoleKey } from "../client/index.js";
import { addReadOptions, connect, type ReadOptions } from "./connection.js";
import { countdown, fieldsTable, formatTime, printJson, printLine, roleLabel } from "./output.js";

const PHASES: Readonly<Record<string, string>> = {
  staking_auction: "staking auction",
  epoch_setup: "epoch setup",
  epoch_committed: "epoch committed",
};

function byRole<T>(values: Readonly<Partial<Record<RoleKey | string, T>>>): string {
  const entries = Object.entries(values);
  if (entries.length === 0) return "none";
  return entries.map(([role, value]) => `${roleLabel(role)}: ${String(value)}`).join("\n");
}

function when(time: number, now: number): string {
  return `${formatTime(time)} (${countdown(time, now)})`;
}

export function describeEpoch(epoch: EpochView, now: number): string {
  const pending = epoch.pendingRewards;
  const automatic = epoch.automaticRewards;
  const rows: [string, unknown][] = [
    ["phase", PHASES[epoch.phase] ?? epoch.phase],
    ["mode", epoch.mode],
    ["staking enabled", epoch.stakingEnabled ? "yes" : "no"],
    ["started", formatTime(epoch.startedAt)],
    ["staking auction ends", when(epoch.stakingAuctionEndsAt, now)],
    ["setup ends", when(epoch.setupEndsAt, now)],
    ["epoch ends", when(epoch.epochEndsAt, now)],
    ["payout", epoch.payout],
    ["total staked", epoch.totalStaked],
    ["total staked by role", byRole(epoch.totalStakedByRole)],
    ["total supply", epoch.totalSupply],
    ["fee vault", epoch.feeVault],
    [
      "automatic rewards",
      automatic.enabled
        ? `on: supply +${automatic.supplyIncreasePercentage}, bonus ${automatic.bonusTokens}`
        : "off (fixed payout)",
    ],
    [
      "pending rewards",
      pending === null
        ? "none"
        : `epoch ${pending.epochCounter}: ${pending.totalRewards} (${pending.paid ? "paid" : "not paid yet"})`,
    ],
  ];
  return `epoch ${epoch.counter}\n${fieldsTable(rows)}`;
}

export function describeParams(params: ParamsView): string {
  const timing = params.epochTiming;
  return fieldsTable([
    ["minimum stakes", byRole(params.minimumStakes)],
    ["delegator minimum", params.delegatorMinimum],
    ["reward cut", params.rewardCut],
    ["epoch token payout", params.epochTokenPayout],
    ["candidate node limits", byRole(params.candidateNodeLimits)],
    ["slot limits", byRole(params.slotLimits)],
    ["open slots", byRole(params.openSlots)],
    ["transaction fee", params.transactionFee],
    [
      "epoch timing",
      `epoch ${timing.epochLengthMs} ms, auction ${timing.stakingAuctionMs} ms, setup ${timing.setupMs} ms`,
    ],
    ["reward ratios", byRole(params.rewardRatios)],
    ["max pool fee", params.maxPoolFee],
    ["max slash fraction", params.slashing.maxSlashFraction],
    ["slashing cases open for", `${params.slashing.caseEpochs} epochs`],
    ["delegators share fines", params.slashing.slashDelegators ? "yes" : "no"],
  ]);
}

export function registerEpochCommands(program: Command): void {
  addReadOptions(
    program.command("epoch").description("the epoch: phase, countdowns to each phase's end, payout, totals"),
  ).action(async (options: ReadOptions) => {
    const epoch = await connect(options).getEpoch();
    if (options.json) printJson(epoch);
    else printLine(describeEpoch(epoch, Date.now()));
  });
  addReadOptions(program.command("params").description("the staking parameters")).action(
    async (options: ReadOptions) => {
      const params = await connect(options).getParams();
      if (options.json) printJson(params);
      else printLine(describeParams(params));
    },
  );
}
