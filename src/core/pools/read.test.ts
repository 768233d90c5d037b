import { describe, expect, it } from "vitest";
import { readOperation } from "../operation-json.js";
import { isAdminOperationName } from "../operations.js";
import { ledgerErrorOf } from "../test-fixtures.js";
import { POOL_OPERATIONS } from "./index.js";
import { amount } from "./test-fixtures.js";

describe("pool operations from JSON (plans and transactions)", () => {
  it("reads every operation with its arguments", () => {
    const node = "ab".repeat(32);
    expect(
      readOperation("open_pool", { nodeId: node, delegatorId: 2, fee: "0.1", minimumJoin: 100, extraLockEpochs: 3 }),
    ).toEqual({
      op: "open_pool",
      nodeId: node,
      delegatorId: 2,
      fee: amount("0.1"),
      minimumJoin: amount("100"),
      extraLockEpochs: 3,
    });
    expect(readOperation("join_pool", { poolId: 1, amount: "5.5" })).toEqual({
      op: "join_pool",
      poolId: 1,
      amount: amount("5.5"),
    });
    expect(readOperation("leave_pool", { poolId: 1, amount: "1" })).toMatchObject({ op: "leave_pool" });
    expect(readOperation("withdraw_from_pool", { poolId: 4 })).toEqual({ op: "withdraw_from_pool", poolId: 4 });
    for (const op of ["stake_pool_rewards", "withdraw_pool_rewards", "withdraw_pool_fees"] as const) {
      expect(readOperation(op, { poolId: 1 })).toEqual({ op, poolId: 1, amount: undefined });
      expect(readOperation(op, { poolId: 1, amount: "2" })).toEqual({ op, poolId: 1, amount: amount("2") });
    }
    expect(readOperation("set_pool_fee", { poolId: 1, fee: "0.2" })).toEqual({
      op: "set_pool_fee",
      poolId: 1,
      fee: amount("0.2"),
    });
    expect(readOperation("set_max_pool_fee", { value: "0.3" })).toEqual({
      op: "set_max_pool_fee",
      value: amount("0.3"),
    });
  });

  it.each([
    ["join_pool", { poolId: -1, amount: "1" }, "poolId"],
    ["join_pool", { poolId: 1 }, "amount"],
    ["open_pool", { nodeId: "x", fee: "0.1", minimumJoin: "1", extraLockEpochs: 1.5 }, "extraLockEpochs"],
    ["open_pool", { nodeId: "x", fee: "0.1", minimumJoin: "1", extraLockEpochs: 2 ** 32 }, "extraLockEpochs"],
    ["set_pool_fee", { poolId: 1, fee: 0.1 }, "fee"],
  ] as const)("%s with %j is malformed (field %s)", (type, args, field) => {
    expect(ledgerErrorOf(() => readOperation(type, args)).details).toEqual({ field });
  });

  it("only set_max_pool_fee is the admin's", () => {
    expect(POOL_OPERATIONS.filter(isAdminOperationName)).toEqual(["set_max_pool_fee"]);
  });
});
