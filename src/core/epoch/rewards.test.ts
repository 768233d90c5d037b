/**
 * Reward calculation (§9.1), observed through `pay_rewards`: each RewardsPaid / DelegatorRewardsPaid event is one
 * line of the breakdown. Expected numbers come from the spec's worked example (§9.3), the shared example plan's
 * golden output, or a hand-written transcription of §9.1 in exact integer arithmetic outside the project.
 */
import { describe, expect, it } from "vitest";
import { parseAmount } from "../amount.js";
import { asAccountId } from "../ids.js";
import { apply } from "../operations.js";
import { runQuery } from "../queries.js";
import type { LedgerState } from "../state.js";
import {
  ADMIN,
  ALICE,
  admin,
  BOB,
  CAROL,
  delegatorOf,
  endEpoch,
  endEpochWithRewards,
  newLedger,
  nodeId,
  nodeOf,
  refusal,
  registerDelegator,
  registerNode,
} from "../test-fixtures.js";

const amount = parseAmount;

function totalPaid(total: string, burned: string, epoch: number, minted = total) {
  return {
    type: "EpochTotalRewardsPaid",
    total: amount(total),
    fromFees: amount("0"),
    minted: amount(minted),
    feesBurned: amount(burned),
    epochCounterForRewards: epoch,
  };
}

describe("calculateRewards (§9.1)", () => {
  it("§18 rule 1 / §9.3 worked example: rate 0.75757575 truncated first; 189393.9375 and 1060606.05; 0.0125 burned", () => {
    const ledger = newLedger();
    const small = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const large = registerNode(ledger, BOB, 2, 3, "1400000.0");
    endEpoch(ledger, [small, large]);
    expect(runQuery(ledger, { query: "total_staked" })).toBe(amount("1650000.0"));

    const { events } = admin(ledger, { op: "pay_rewards" });
    expect(events).toEqual([
      { type: "RewardsPaid", nodeID: small, amount: amount("189393.9375"), epochCounter: 1 },
      { type: "RewardsPaid", nodeID: large, amount: amount("1060606.05"), epochCounter: 1 },
      totalPaid("1250000.0", "0.0125", 1),
    ]);
    expect(nodeOf(ledger, small).rewarded).toBe(amount("189393.9375"));
    expect(nodeOf(ledger, large).rewarded).toBe(amount("1060606.05"));
  });

  it("the delegator cut is truncated: 1369.86299987 × 0.08 = 109.5890399896 → 109.58903998 (the shared example's numbers)", () => {
    const ledger = newLedger({
      epochTokenPayout: amount("1000000.0"),
      accounts: [
        [asAccountId("olga"), amount("2000000.0")],
        [asAccountId("ravi"), amount("1000000.0")],
        [asAccountId("dana"), amount("10000.0")],
      ],
    });
    const collector = registerNode(ledger, asAccountId("olga"), 0x11, 1, "300000.0");
    const consensus = registerNode(ledger, asAccountId("ravi"), 0x12, 2, "600000.0");
    registerDelegator(ledger, asAccountId("dana"), consensus, "1234.56789");
    endEpoch(ledger, [collector, consensus]);

    expect(admin(ledger, { op: "pay_rewards" }).events).toEqual([
      { type: "RewardsPaid", nodeID: collector, amount: amount("332876.712"), epochCounter: 1 },
      // Gross 1234.56789 × 1.10958904 = 1369.86299987; the node takes the truncated cut 109.58903998.
      {
        type: "DelegatorRewardsPaid",
        nodeID: consensus,
        delegatorID: 1,
        amount: amount("1260.27395989"),
        epochCounter: 1,
      },
      { type: "RewardsPaid", nodeID: consensus, amount: amount("665863.01303998"), epochCounter: 1 },
      totalPaid("1000000.0", "0.00100013", 1),
    ]);
    expect(ledger.totalSupply).toBe(amount("4009999.99899987"));
  });

  /** Node 1 (role 1, 250000, delegator 1000), node 2 (role 2, 500000, delegator 2000), node 3 (role 4, 135000). */
  function threeNodes() {
    const ledger = newLedger();
    const a = registerNode(ledger, ALICE, 1, 1, "250000.0");
    registerDelegator(ledger, BOB, a, "1000.0");
    const b = registerNode(ledger, ALICE, 2, 2, "500000.0");
    registerDelegator(ledger, CAROL, b, "2000.0");
    const c = registerNode(ledger, BOB, 3, 4, "135000.0");
    endEpoch(ledger, [a, b, c]);
    expect(runQuery(ledger, { query: "total_staked" })).toBe(amount("888000.0"));
    return { ledger, a, b, c };
  }

  it("every operational node and delegator is paid at the truncated rate 1.40765765, node cuts included", () => {
    const { ledger, a, b, c } = threeNodes();
    expect(admin(ledger, { op: "pay_rewards" }).events).toEqual([
      { type: "DelegatorRewardsPaid", nodeID: a, delegatorID: 1, amount: amount("1295.045038"), epochCounter: 1 },
      { type: "RewardsPaid", nodeID: a, amount: amount("352027.025112"), epochCounter: 1 },
      { type: "DelegatorRewardsPaid", nodeID: b, delegatorID: 1, amount: amount("2590.090076"), epochCounter: 1 },
      { type: "RewardsPaid", nodeID: b, amount: amount("704054.050224"), epochCounter: 1 },
      { type: "RewardsPaid", nodeID: c, amount: amount("190033.78275"), epochCounter: 1 },
      totalPaid("1250000.0", "0.0068", 1),
    ]);
  });

  it("a non-operational node keeps p of its reward; the withheld part raises everyone else's rate (extra rate 0.27733286)", () => {
    const { ledger, a, b, c } = threeNodes();
    admin(ledger, { op: "set_non_operational", value: new Map([[a, amount("0.5")]]) });
    expect(admin(ledger, { op: "pay_rewards" }).events).toEqual([
      // Non-operational entries first: node gross 351914.4125 → 175957.20625; delegator 1407.65765 → 703.828825,
      // of which the node takes the cut 56.306306.
      { type: "DelegatorRewardsPaid", nodeID: a, delegatorID: 1, amount: amount("647.522519"), epochCounter: 1 },
      { type: "RewardsPaid", nodeID: a, amount: amount("176013.512556"), epochCounter: 1 },
      // Then the operational participants at 1.40765765 + 0.27733286 = 1.68499051.
      { type: "DelegatorRewardsPaid", nodeID: b, delegatorID: 1, amount: amount("3100.3825384"), epochCounter: 1 },
      { type: "RewardsPaid", nodeID: b, amount: amount("842764.8534816"), epochCounter: 1 },
      { type: "RewardsPaid", nodeID: c, amount: amount("227473.71885"), epochCounter: 1 },
      totalPaid("1250000.0", "0.010055", 1),
    ]);
  });

  it("a non-operational node with percentage 0 is still paid 0 (RewardsPaid 0); its delegators get nothing", () => {
    const { ledger, a, b, c } = threeNodes();
    admin(ledger, { op: "set_non_operational", value: new Map([[a, amount("0")]]) });
    expect(admin(ledger, { op: "pay_rewards" }).events).toEqual([
      { type: "RewardsPaid", nodeID: a, amount: amount("0"), epochCounter: 1 },
      { type: "DelegatorRewardsPaid", nodeID: b, delegatorID: 1, amount: amount("3610.6750192"), epochCounter: 1 },
      { type: "RewardsPaid", nodeID: b, amount: amount("981475.6617408"), epochCounter: 1 },
      { type: "RewardsPaid", nodeID: c, amount: amount("264913.6563"), epochCounter: 1 },
      totalPaid("1250000.0", "0.00694", 1),
    ]);
    expect(delegatorOf(ledger, a, 1).rewarded).toBe(amount("0"));
  });

  it("§18 rule 2: access-node stake counts in its role total but not in total staked, and earns nothing", () => {
    const ledger = newLedger();
    const collector = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const access = registerNode(ledger, BOB, 9, 5, "1000.0");
    endEpoch(ledger, [collector, access]);
    expect(ledger.participants.has(access)).toBe(true);
    expect(runQuery(ledger, { query: "total_staked_by_role", role: 5 })).toBe(amount("1000.0"));
    expect(runQuery(ledger, { query: "total_staked" })).toBe(amount("250000.0"));
    expect(admin(ledger, { op: "pay_rewards" }).events).toEqual([
      { type: "RewardsPaid", nodeID: collector, amount: amount("1250000.0"), epochCounter: 1 },
      totalPaid("1250000.0", "0", 1),
    ]);
    expect(nodeOf(ledger, access).rewarded).toBe(amount("0"));
  });

  it("§18 rule 11: nobody staked (T = 0) ⇒ an empty breakdown, total reported as 0, nothing minted", () => {
    const ledger = newLedger();
    const access = registerNode(ledger, BOB, 9, 5, "1000.0");
    endEpoch(ledger, [access]);
    const supply = ledger.totalSupply;
    expect(admin(ledger, { op: "pay_rewards" }).events).toEqual([totalPaid("0", "0", 1)]);
    expect(ledger.totalSupply).toBe(supply);
  });

  it("§18 rule 9: rewards are paid on the ending epoch's stake; a node being removed is still paid; unstaking tokens earn nothing", () => {
    const ledger = newLedger();
    const staying = registerNode(ledger, ALICE, 1, 1, "400000.0");
    const leaving = registerNode(ledger, BOB, 2, 1, "300000.0");
    endEpoch(ledger, [staying, leaving]);
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: staying, amount: amount("100000.0") });
    admin(ledger, { op: "set_approved_nodes", nodeIds: [staying] });

    const epoch2 = endEpochWithRewards(ledger, [staying]);
    expect(epoch2.endStaking).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: leaving, amount: amount("300000.0") },
    ]);
    // Both still staked for epoch 1, requested tokens included: rate 1250000 / 700000 = 1.78571428.
    expect(epoch2.payRewards).toEqual([
      { type: "RewardsPaid", nodeID: staying, amount: amount("714285.712"), epochCounter: 1 },
      { type: "RewardsPaid", nodeID: leaving, amount: amount("535714.284"), epochCounter: 1 },
      totalPaid("1250000.0", "0.004", 1),
    ]);
    expect(epoch2.moveTokens).toEqual([
      { type: "TokensStaked", nodeID: staying, amount: amount("0") },
      { type: "TokensUnstaking", nodeID: staying, amount: amount("100000.0") },
      { type: "TokensUnstaking", nodeID: leaving, amount: amount("300000.0") },
      { type: "NewEpoch", totalStaked: amount("300000.0"), totalRewardPayout: amount("1250000.0"), newEpochCounter: 2 },
    ]);

    // Epoch 2: only the 300000 still staked earn; 100000 + 300000 sit in unstaking.
    expect(admin(ledger, { op: "pay_rewards" }).events).toEqual([
      { type: "RewardsPaid", nodeID: staying, amount: amount("1249999.998"), epochCounter: 2 },
      totalPaid("1250000.0", "0.002", 2),
    ]);
  });

  it("delegators of a node that is not a participant get nothing; an empty breakdown still reports the payout as total", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "350000.0");
    registerDelegator(ledger, BOB, node, "1000.0");
    endEpoch(ledger, [node]);
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("50000.0") });
    admin(ledger, { op: "end_staking", nodeIds: [node] });
    const raised = new Map([
      [1, amount("310000.0")],
      [2, amount("500000.0")],
      [3, amount("1250000.0")],
      [4, amount("135000.0")],
      [5, amount("100.0")],
    ]);
    admin(ledger, { op: "set_minimum_stakes", value: raised });
    admin(ledger, { op: "move_tokens" });
    expect(ledger.participants.has(node)).toBe(false);
    expect(runQuery(ledger, { query: "total_staked" })).toBe(amount("301000.0"));

    const supply = ledger.totalSupply;
    expect(admin(ledger, { op: "pay_rewards" }).events).toEqual([
      {
        type: "EpochTotalRewardsPaid",
        total: amount("1250000.0"),
        fromFees: amount("0"),
        minted: amount("0"),
        feesBurned: amount("0"),
        epochCounterForRewards: 2,
      },
    ]);
    expect(ledger.totalSupply).toBe(supply);
    expect(delegatorOf(ledger, node, 1).rewarded).toBe(amount("0"));
  });

  it("§9.1 step 3: a non-operational node is paid whether or not it is a participant (its delegators too)", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "350000.0");
    registerDelegator(ledger, BOB, node, "1000.0");
    const other = registerNode(ledger, CAROL, 2, 2, "500000.0");
    endEpoch(ledger, [node, other]);
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("50000.0") });
    admin(ledger, { op: "end_staking", nodeIds: [node, other] });
    const raised = new Map([
      [1, amount("310000.0")],
      [2, amount("500000.0")],
      [3, amount("1250000.0")],
      [4, amount("135000.0")],
      [5, amount("100.0")],
    ]);
    admin(ledger, { op: "set_minimum_stakes", value: raised });
    admin(ledger, { op: "move_tokens" });
    expect([...ledger.participants]).toEqual([other]);
    admin(ledger, { op: "set_non_operational", value: new Map([[node, amount("0.5")]]) });

    // rate 1250000 / 801000 = 1.56054931; withheld 234862.671155 over 500000 operational: extra 0.46972534.
    expect(admin(ledger, { op: "pay_rewards" }).events).toEqual([
      { type: "DelegatorRewardsPaid", nodeID: node, delegatorID: 1, amount: amount("717.8526826"), epochCounter: 2 },
      { type: "RewardsPaid", nodeID: node, amount: amount("234144.8184724"), epochCounter: 2 },
      { type: "RewardsPaid", nodeID: other, amount: amount("1015137.325"), epochCounter: 2 },
      totalPaid("1250000.0", "0.003845", 2),
    ]);
  });

  describe("refusals, state unchanged", () => {
    it("NODE_NOT_FOUND when the non-operational list names a node that is not in the table", () => {
      const { ledger } = threeNodes();
      admin(ledger, { op: "set_non_operational", value: new Map([[nodeId(99), amount("0.5")]]) });
      expect(refusalOf(ledger)).toEqual({
        code: "NODE_NOT_FOUND",
        details: { nodeId: nodeId(99) },
        stateUnchanged: true,
      });
    });

    it("D5: AMOUNT_UNDERFLOW when non-operational stake exceeds total staked (an access node on the list)", () => {
      const ledger = newLedger();
      const collector = registerNode(ledger, ALICE, 1, 1, "250000.0");
      const access = registerNode(ledger, BOB, 9, 5, "1000.0");
      endEpoch(ledger, [collector, access]);
      const list = new Map([
        [collector, amount("0")],
        [access, amount("0")],
      ]);
      admin(ledger, { op: "set_non_operational", value: list });
      expect(refusalOf(ledger)).toMatchObject({ code: "AMOUNT_UNDERFLOW", stateUnchanged: true });
    });
  });
});

function refusalOf(ledger: LedgerState) {
  return refusal(ledger, ADMIN, { op: "pay_rewards" });
}
