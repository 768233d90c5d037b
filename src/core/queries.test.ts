import { describe, expect, it } from "vitest";
import { parseAmount, sub } from "./amount.js";
import { asAccountId } from "./ids.js";
import { apply } from "./operations.js";
import { QUERY_NAMES, type Query, type QueryValue, runQuery } from "./queries.js";
import type { LedgerState } from "./state.js";
import { stateHash } from "./state-hash.js";
import {
  ALICE,
  admin,
  BOB,
  balanceOf,
  CAROL,
  endEpoch,
  ledgerErrorOf,
  NOBODY,
  newLedger,
  nodeId,
  nodeKeys,
  nodeOf,
  registerDelegator,
  registerNode,
  START_BALANCE,
} from "./test-fixtures.js";

const amount = parseAmount;

/**
 * Epoch 1 with node 1 (role 1, 300000, delegator 1000), node 2 (access, 100) and node 3 (role 2, 500000) staked and
 * approved; then, in the next auction: node 1 commits 500 and requests 20000, its delegator requests 100, new
 * node 4 (access) and node 5 (role 4, not approved) register, node 3 goes on the non-operational list, 10 in fees.
 */
function world(): LedgerState {
  const ledger = newLedger();
  const one = registerNode(ledger, ALICE, 1, 1, "300000.0");
  registerDelegator(ledger, BOB, one, "1000.0");
  const two = registerNode(ledger, BOB, 2, 5, "100.0");
  const three = registerNode(ledger, CAROL, 3, 2, "500000.0");
  endEpoch(ledger, [one, two, three]);
  apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: one, amount: amount("500.0") });
  apply(ledger, ALICE, { op: "request_unstaking", nodeId: one, amount: amount("20500.0") });
  apply(ledger, ALICE, { op: "stake_new_tokens", nodeId: one, amount: amount("500.0") });
  apply(ledger, BOB, { op: "request_unstaking", nodeId: one, delegatorId: 1, amount: amount("100.0") });
  registerNode(ledger, ALICE, 4, 5, "150.0");
  registerNode(ledger, CAROL, 5, 4, "135000.0");
  admin(ledger, { op: "set_non_operational", value: new Map([[three, amount("0.5")]]) });
  admin(ledger, { op: "deposit_fees", amount: amount("10.0") });
  // Slashing: node 3, the only consensus node, opens case 1 against node 1 and votes no.
  const evidenceHash = "e7".repeat(32);
  apply(ledger, CAROL, { op: "open_slashing_case", nodeId: three, accused: one, evidenceHash, fine: amount("0.1") });
  const signature = "ab".repeat(48);
  apply(ledger, CAROL, { op: "vote_on_slashing_case", caseId: 1, nodeId: three, vote: "no", signature });
  // Pools: Carol makes node 5 (only committed) pool 1; its account is the first the ledger creates.
  const five = nodeId(5);
  apply(ledger, CAROL, {
    op: "open_pool",
    nodeId: five,
    fee: amount("0.1"),
    minimumJoin: amount("10"),
    extraLockEpochs: 0,
  });
  return ledger;
}

const N1 = nodeId(1);
const N2 = nodeId(2);
const N3 = nodeId(3);
const N4 = nodeId(4);
const N5 = nodeId(5);

/** Every query with its expected answer on `world()`. */
const EXPECTED: [Query, QueryValue][] = [
  [
    { query: "node_info", nodeId: nodeId(1) },
    {
      id: nodeId(1),
      role: 1,
      ...nodeKeys(1),
      tokensCommitted: amount("500.0"),
      tokensStaked: amount("300000.0"),
      tokensUnstaking: amount("0"),
      tokensUnstaked: amount("500.0"),
      tokensRewarded: amount("0"),
      tokensRequestedToUnstake: amount("20000.0"),
      delegators: [1],
      delegatorIDCounter: 1,
      initialWeight: 100,
    },
  ],
  [
    { query: "delegator_info", nodeId: nodeId(1), delegatorId: 1 },
    {
      id: 1,
      nodeID: nodeId(1),
      tokensCommitted: amount("0"),
      tokensStaked: amount("1000.0"),
      tokensUnstaking: amount("0"),
      tokensUnstaked: amount("0"),
      tokensRewarded: amount("0"),
      tokensRequestedToUnstake: amount("100.0"),
    },
  ],
  [{ query: "table" }, [nodeId(1), nodeId(2), nodeId(3), nodeId(4), nodeId(5)]],
  [{ query: "current_table" }, [nodeId(1), nodeId(2), nodeId(3)]],
  // Node 4 is a new access node (weight 0); node 5 is not approved.
  [{ query: "proposed_table" }, [nodeId(1), nodeId(2), nodeId(3)]],
  [{ query: "approved_nodes" }, [nodeId(1), nodeId(2), nodeId(3)]],
  [{ query: "non_operational" }, [nodeId(3)]],
  [{ query: "candidate_nodes" }, { "1": [], "2": [], "3": [], "4": [nodeId(5)], "5": [nodeId(4)] }],
  [{ query: "candidate_limits" }, { "1": 10_000, "2": 10_000, "3": 10_000, "4": 10_000, "5": 10_000 }],
  [{ query: "slot_limits" }, { "1": 10_000, "2": 10_000, "3": 10_000, "4": 10_000, "5": 10_000 }],
  [{ query: "role_counts" }, { "1": 1, "2": 1, "3": 0, "4": 0, "5": 1 }],
  [
    { query: "minimum_stakes" },
    {
      "1": amount("250000.0"),
      "2": amount("500000.0"),
      "3": amount("1250000.0"),
      "4": amount("135000.0"),
      "5": amount("100.0"),
    },
  ],
  [{ query: "total_staked" }, amount("801000.0")],
  [{ query: "total_staked_by_role", role: 1 }, amount("301000.0")],
  // Node 1: 500 + 300000 − 20000 = 280500; its delegator: 1000 − 100 = 900.
  [{ query: "node_total_commitment", nodeId: nodeId(1) }, amount("281400.0")],
  [{ query: "node_total_commitment_without_delegators", nodeId: nodeId(1) }, amount("280500.0")],
  [{ query: "cut_percentage" }, amount("0.08")],
  [{ query: "epoch_token_payout" }, amount("1250000.0")],
  [{ query: "delegator_minimum" }, amount("50.0")],
  [{ query: "fee_balance" }, amount("10.0")],
  [{ query: "total_supply" }, amount("300000010.0")],
  // Node 1 (300000), two top-ups (500 + 500), node 4 (150); the 500 taken back sits in node 1's unstaked pool.
  [{ query: "balance", account: ALICE }, sub(START_BALANCE, amount("301150.0"))],
  [{ query: "staking_enabled" }, true],
  [{ query: "epoch_counter" }, 1],
  [
    { query: "slashing_case", caseId: 1 },
    {
      caseId: 1,
      opener: N3,
      accused: N1,
      evidenceHash: "e7".repeat(32),
      fine: amount("0.1"),
      status: "open",
      openedEpoch: 1,
      expiresAtEpoch: 3,
      closedEpoch: null,
      totalBurned: amount("0"),
      votes: [{ nodeId: N3, vote: "no" }],
      yesStake: amount("0"),
      totalStake: amount("500000.0"),
    },
  ],
  [
    { query: "pool_info", poolId: 1 },
    {
      id: 1,
      account: asAccountId("0000000000000001"),
      operator: CAROL,
      nodeID: N5,
      delegatorID: null,
      fee: amount("0.1"),
      pendingFee: null,
      minimumJoin: amount("10"),
      extraLockEpochs: 0,
      record: {
        committed: amount("135000.0"),
        staked: amount("0"),
        unstaking: amount("0"),
        unstaked: amount("0"),
        rewarded: amount("0"),
        requestedToUnstake: amount("0"),
      },
      reserved: amount("0"),
      value: amount("135000.0"),
      totalShares: amount("135000.0"),
      rewardPerShare: "0",
      operatorFees: amount("0"),
      totalClaimable: amount("0"),
      members: 1,
      cohorts: [],
    },
  ],
  [
    { query: "pool_member", poolId: 1, account: CAROL },
    {
      poolId: 1,
      account: CAROL,
      shares: amount("135000.0"),
      principal: amount("135000.0"),
      claimable: amount("0"),
      tickets: [],
    },
  ],
];

describe("runQuery (§12)", () => {
  it("the table below covers every query", () => {
    expect(EXPECTED.map(([query]) => query.query).sort()).toEqual([...QUERY_NAMES].sort());
  });

  it.each(EXPECTED.map(([query, value]) => [query.query, query, value] as const))(
    "%s answers exactly, without changing the state",
    (_name, query, value) => {
      const ledger = world();
      const before = stateHash(ledger);
      expect(runQuery(ledger, query)).toEqual(value);
      expect(stateHash(ledger)).toBe(before);
    },
  );

  it("balance matches the account's balance", () => {
    const ledger = world();
    expect(runQuery(ledger, { query: "balance", account: ALICE })).toBe(balanceOf(ledger, ALICE));
  });

  it("total_staked_by_role includes access nodes (role 5); total_staked does not", () => {
    const ledger = world();
    expect(runQuery(ledger, { query: "total_staked_by_role", role: 5 })).toBe(amount("100.0"));
    expect(runQuery(ledger, { query: "total_staked_by_role", role: 2 })).toBe(amount("500000.0"));
    expect(runQuery(ledger, { query: "total_staked_by_role", role: 3 })).toBe(amount("0"));
  });

  it("node_info of a node with several delegators lists their IDs and the counter", () => {
    const ledger = world();
    registerDelegator(ledger, BOB, N3, "50.0");
    registerDelegator(ledger, CAROL, N3, "50.0");
    expect(runQuery(ledger, { query: "node_info", nodeId: nodeId(3) })).toMatchObject({
      delegators: [1, 2],
      delegatorIDCounter: 2,
    });
  });

  it("the full committed balance is clamped at 0 (§3.3)", () => {
    const ledger = world();
    const node = nodeOf(ledger, nodeId(5));
    node.requestedToUnstake = amount("135000.00000001");
    expect(runQuery(ledger, { query: "node_total_commitment_without_delegators", nodeId: nodeId(5) })).toBe(
      amount("0"),
    );
    expect(runQuery(ledger, { query: "node_total_commitment", nodeId: nodeId(5) })).toBe(amount("0"));
  });

  describe("proposed_table (§8.2)", () => {
    it("roles 1–4 need approval and their minimum committed; access nodes need (minimum or approval) and a weight above 0", () => {
      const ledger = world();
      // Ending the auction selects node 4 (access, enough stake: weight 100) and refunds node 5 (not approved).
      admin(ledger, { op: "end_staking_auction" });
      expect(runQuery(ledger, { query: "proposed_table" })).toEqual([N1, N2, N3, N4]);
    });

    it("an approved access node with zero stake is proposed once it has a weight", () => {
      const ledger = newLedger();
      const access = registerNode(ledger, ALICE, 7, 5, "100.0");
      apply(ledger, ALICE, { op: "unstake_all", nodeId: access });
      admin(ledger, { op: "set_approved_nodes", nodeIds: [access] });
      expect(runQuery(ledger, { query: "proposed_table" })).toEqual([]);
      admin(ledger, { op: "set_node_weight", nodeId: access, weight: 1 });
      expect(runQuery(ledger, { query: "proposed_table" })).toEqual([access]);
    });

    it("a role 1–4 node below its minimum is not proposed even when approved", () => {
      const ledger = world();
      apply(ledger, CAROL, { op: "request_unstaking", nodeId: nodeId(3), amount: amount("0.00000001") });
      expect(runQuery(ledger, { query: "proposed_table" })).toEqual([N1, N2]);
    });

    it("a role 1–4 node with its minimum is not proposed without approval", () => {
      const ledger = world();
      admin(ledger, { op: "add_approved_nodes", nodeIds: [nodeId(5)] });
      expect(runQuery(ledger, { query: "proposed_table" })).toEqual([N1, N2, N3, N5]);
      admin(ledger, { op: "remove_approved_nodes", nodeIds: [nodeId(5)] });
      expect(runQuery(ledger, { query: "proposed_table" })).toEqual([N1, N2, N3]);
    });
  });

  describe("errors", () => {
    it.each([
      { query: "node_info", nodeId: nodeId(99) },
      { query: "delegator_info", nodeId: nodeId(99), delegatorId: 1 },
      { query: "node_total_commitment", nodeId: nodeId(99) },
      { query: "node_total_commitment_without_delegators", nodeId: nodeId(99) },
    ] satisfies Query[])("$query: NODE_NOT_FOUND for an unknown node", (query) => {
      const ledger = world();
      expect(ledgerErrorOf(() => runQuery(ledger, query))).toEqual({
        code: "NODE_NOT_FOUND",
        details: { nodeId: nodeId(99) },
      });
    });

    it.each([0, 2])("delegator_info: DELEGATOR_NOT_FOUND for delegator %d", (delegatorId) => {
      const ledger = world();
      expect(
        ledgerErrorOf(() => runQuery(ledger, { query: "delegator_info", nodeId: nodeId(1), delegatorId })),
      ).toEqual({ code: "DELEGATOR_NOT_FOUND", details: { nodeId: nodeId(1), delegatorId } });
    });

    it.each([0, 6])("total_staked_by_role: INVALID_ROLE for role %d", (role) => {
      const ledger = world();
      expect(ledgerErrorOf(() => runQuery(ledger, { query: "total_staked_by_role", role }))).toEqual({
        code: "INVALID_ROLE",
        details: { role },
      });
    });

    it("slashing_case: SLASHING_CASE_NOT_FOUND for an unknown case", () => {
      const ledger = world();
      expect(ledgerErrorOf(() => runQuery(ledger, { query: "slashing_case", caseId: 2 }))).toEqual({
        code: "SLASHING_CASE_NOT_FOUND",
        details: { caseId: 2 },
      });
    });

    it("balance: ACCOUNT_NOT_FOUND for an unknown account", () => {
      const ledger = world();
      expect(ledgerErrorOf(() => runQuery(ledger, { query: "balance", account: NOBODY }))).toEqual({
        code: "ACCOUNT_NOT_FOUND",
        details: { account: asAccountId("nobody") },
      });
    });
  });
});
