/** Pool operations and queries from JSON (plan steps, transaction payloads): names and argument types only. */
import type { Amount } from "../amount.js";
import type { Arguments } from "../arguments.js";
import { asAccountId, type DelegatorId } from "../ids.js";
import type { PoolQuery } from "./queries.js";
import type { PoolId } from "./types.js";

export type PoolOperation =
  | {
      op: "open_pool";
      nodeId: string;
      delegatorId?: DelegatorId | undefined;
      fee: Amount;
      minimumJoin: Amount;
      extraLockEpochs: number;
    }
  | { op: "join_pool"; poolId: PoolId; amount: Amount }
  | { op: "leave_pool"; poolId: PoolId; amount: Amount }
  | { op: "withdraw_from_pool"; poolId: PoolId }
  | { op: "stake_pool_rewards"; poolId: PoolId; amount?: Amount | undefined }
  | { op: "withdraw_pool_rewards"; poolId: PoolId; amount?: Amount | undefined }
  | { op: "withdraw_pool_fees"; poolId: PoolId; amount?: Amount | undefined }
  | { op: "set_pool_fee"; poolId: PoolId; fee: Amount }
  | { op: "set_max_pool_fee"; value: Amount };

/** Epoch numbers are 32-bit here, so that `current + 2 + extraLockEpochs` stays an exact integer. */
export const MAX_EXTRA_LOCK_EPOCHS = 0xffff_ffff;

export function readPoolOperation(type: PoolOperation["op"], a: Arguments): PoolOperation {
  switch (type) {
    case "open_pool":
      return {
        op: type,
        nodeId: a.string("nodeId"),
        delegatorId: a.optionalInteger("delegatorId"),
        fee: a.amount("fee"),
        minimumJoin: a.amount("minimumJoin"),
        extraLockEpochs: a.integer("extraLockEpochs", MAX_EXTRA_LOCK_EPOCHS),
      };
    case "join_pool":
    case "leave_pool":
      return { op: type, poolId: a.integer("poolId"), amount: a.amount("amount") };
    case "withdraw_from_pool":
      return { op: type, poolId: a.integer("poolId") };
    case "stake_pool_rewards":
    case "withdraw_pool_rewards":
    case "withdraw_pool_fees":
      return { op: type, poolId: a.integer("poolId"), amount: a.optionalAmount("amount") };
    case "set_pool_fee":
      return { op: type, poolId: a.integer("poolId"), fee: a.amount("fee") };
    case "set_max_pool_fee":
      return { op: type, value: a.amount("value") };
  }
}

export function readPoolQuery(name: PoolQuery["query"], a: Arguments): PoolQuery {
  switch (name) {
    case "pool_info":
      return { query: name, poolId: a.integer("poolId") };
    case "pool_member":
      return { query: name, poolId: a.integer("poolId"), account: asAccountId(a.string("account")) };
  }
}
