/** `set_slashing_params` (admin): the maximum fine of new cases, how long cases stay open, and delegator liability. */
import { type Amount, formatAmount, ONE } from "../amount.js";
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";

/** Cases stay open for 1 to 2³² − 1 epochs, so that `epoch + caseEpochs` stays an exact integer. */
export const MAX_CASE_EPOCHS = 0xffff_ffff;

export interface SlashingParamsArgs {
  maxSlashFraction: Amount;
  caseEpochs: number;
  slashDelegators: boolean;
}

/**
 * Sets all three parameters (0 ≤ maxSlashFraction ≤ 1; a maximum of 0 stops new cases). Open cases keep the fine
 * and expiry they were opened with; `slashDelegators` is read when a case is adjudicated (decisions D23).
 */
export function setSlashingParams(ctx: OperationContext, args: SlashingParamsArgs): null {
  if (args.maxSlashFraction > ONE) {
    throw new LedgerError(
      "INVALID_SLASHING_PARAMS",
      `the maximum slash fraction must be at most 1, got ${formatAmount(args.maxSlashFraction)}`,
      { field: "maxSlashFraction" },
    );
  }
  if (!Number.isInteger(args.caseEpochs) || args.caseEpochs < 1 || args.caseEpochs > MAX_CASE_EPOCHS) {
    throw new LedgerError(
      "INVALID_SLASHING_PARAMS",
      `cases must stay open for 1 to ${MAX_CASE_EPOCHS} epochs, got ${args.caseEpochs}`,
      { field: "caseEpochs" },
    );
  }
  const slashing = ctx.state.slashing;
  slashing.maxSlashFraction = args.maxSlashFraction;
  slashing.caseEpochs = args.caseEpochs;
  slashing.slashDelegators = args.slashDelegators;
  ctx.events.push({
    type: "SlashingParamsChanged",
    maxSlashFraction: args.maxSlashFraction,
    caseEpochs: args.caseEpochs,
    slashDelegators: args.slashDelegators,
  });
  return null;
}
