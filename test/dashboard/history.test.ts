/**
 * The dashboard's stake and reward history, rebuilt from event records: epochs from `EpochStart` (the tokens moved
 * by `epoch_start` belong to the epoch it starts), staked amounts anchored on today's and walked back, rewards by
 * the epoch they were paid in, only the target's events. Amounts worked out by hand.
 */
import { describe, expect, it } from "vitest";
import type { EventRecord, LedgerEventJson } from "../../src/client/index.js";
import { stakeHistory } from "../../web/src/history.js";

const NODE = "a".repeat(64);
const OTHER = "b".repeat(64);

/** Records in log order: each inner list is one transaction, each outer entry one block. */
function log(blocks: readonly (readonly (readonly LedgerEventJson[])[])[]): EventRecord[] {
  const records: EventRecord[] = [];
  blocks.forEach((transactions, height) => {
    transactions.forEach((events, txIndex) => {
      for (const event of events) records.push({ sequence: records.length + 1, height: height + 1, txIndex, event });
    });
  });
  return records;
}

const start = (counter: number): LedgerEventJson => ({ type: "EpochStart", counter });
const E8 = 100_000_000n;

describe("stakeHistory", () => {
  // Epoch 0: the node and a delegator register. Epoch 1: staked (100 and 40). Epoch 2: 5 paid for epoch 1; the node
  // asks to unstake 30. Epoch 3: 30 move to unstaking; 4 paid; a fine takes 2.5 of what is staked.
  const records = log([
    [[{ type: "NewNodeCreated", nodeID: NODE, role: 2, amountCommitted: "0.00000000" }]],
    [[{ type: "NewDelegatorCreated", nodeID: NODE, delegatorID: 1 }]],
    [
      [
        { type: "TokensStaked", nodeID: NODE, amount: "100.00000000" },
        { type: "DelegatorTokensStaked", nodeID: NODE, delegatorID: 1, amount: "40.00000000" },
        { type: "TokensStaked", nodeID: OTHER, amount: "999.00000000" },
        start(1),
      ],
    ],
    [[start(2)]],
    [
      [
        { type: "RewardsPaid", nodeID: NODE, amount: "5.00000000", epochCounter: 1 },
        { type: "DelegatorRewardsPaid", nodeID: NODE, delegatorID: 1, amount: "1.50000000", epochCounter: 1 },
      ],
    ],
    [[{ type: "TokensUnstaking", nodeID: NODE, amount: "30.00000000" }, start(3)]],
    [
      [{ type: "RewardsPaid", nodeID: NODE, amount: "4.00000000", epochCounter: 2 }],
      [{ type: "NodeSlashed", caseId: 1, nodeID: NODE, fromStaked: "2.50000000", amount: "2.50000000" }],
    ],
  ]);

  it("gives the node's staked tokens at each epoch's end and its rewards by the epoch they were paid in", () => {
    const points = stakeHistory(records, { nodeId: NODE }, { epoch: 3, staked: "67.50000000" });
    expect(points).toEqual([
      { epoch: 0, staked: 0n, rewardsPaid: 0n, rewardsTotal: 0n },
      { epoch: 1, staked: 100n * E8, rewardsPaid: 0n, rewardsTotal: 0n },
      { epoch: 2, staked: 100n * E8, rewardsPaid: 5n * E8, rewardsTotal: 5n * E8 },
      { epoch: 3, staked: 6_750_000_000n, rewardsPaid: 4n * E8, rewardsTotal: 9n * E8 },
    ]);
  });

  it("gives a delegator's own, not its node's", () => {
    const points = stakeHistory(records, { nodeId: NODE, delegatorId: 1 }, { epoch: 3, staked: "40.00000000" });
    expect(points.map((p) => [p.epoch, p.staked, p.rewardsTotal])).toEqual([
      [0, 0n, 0n],
      [1, 40n * E8, 0n],
      [2, 40n * E8, 150_000_000n],
      [3, 40n * E8, 150_000_000n],
    ]);
    // Nothing of delegator 2 in the log: only the current epoch, at what it holds now.
    expect(stakeHistory(records, { nodeId: NODE, delegatorId: 2 }, { epoch: 3, staked: "0.00000000" })).toEqual([
      { epoch: 3, staked: 0n, rewardsPaid: 0n, rewardsTotal: 0n },
    ]);
  });

  it("anchors on today's stake, so a stake from genesis (no event) is there from the first epoch", () => {
    const genesis = log([
      [[start(1)]],
      [[{ type: "RewardsPaid", nodeID: OTHER, amount: "1.00000000", epochCounter: 0 }]],
    ]);
    const points = stakeHistory(genesis, { nodeId: OTHER }, { epoch: 1, staked: "250000.00000000" });
    expect(points).toEqual([{ epoch: 1, staked: 25_000_000_000_000n, rewardsPaid: E8, rewardsTotal: E8 }]);
    const quiet = stakeHistory(genesis, { nodeId: NODE }, { epoch: 1, staked: "7.00000000" }, 0);
    expect(quiet.map((p) => [p.epoch, p.staked])).toEqual([
      [0, 7n * E8],
      [1, 7n * E8],
    ]);
  });

  it("places events before the first EpochStart of a window in the epoch before it", () => {
    const window = log([
      [[{ type: "TokensStaked", nodeID: NODE, amount: "10.00000000" }, start(8)]],
      [[{ type: "RewardsPaid", nodeID: NODE, amount: "0.00000001", epochCounter: 8 }, start(9)]],
    ]);
    const points = stakeHistory(window, { nodeId: NODE }, { epoch: 9, staked: "10.00000000" });
    expect(points).toEqual([
      { epoch: 8, staked: 10n * E8, rewardsPaid: 0n, rewardsTotal: 0n },
      { epoch: 9, staked: 10n * E8, rewardsPaid: 1n, rewardsTotal: 1n },
    ]);
  });
});
