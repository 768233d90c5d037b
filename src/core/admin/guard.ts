import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";

/** Admin operations need the staking admin's signature. */
export function requireAdmin(ctx: OperationContext): void {
  if (ctx.signer !== ctx.state.admin) {
    throw new LedgerError("NOT_ADMIN", `account ${ctx.signer} is not the staking admin`, { account: ctx.signer });
  }
}
