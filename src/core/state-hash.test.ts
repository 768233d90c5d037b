import { describe, expect, it } from "vitest";
import { type Amount, parseAmount } from "./amount.js";
import { asAccountId, asNodeId } from "./ids.js";
import { apply, type Operation } from "./operations.js";
import type { LedgerState } from "./state.js";
import { stateHash } from "./state-hash.js";
import {
  ADMIN,
  ALICE,
  admin,
  BOB,
  CAROL,
  endEpoch,
  newLedger,
  nodeId,
  nodeOf,
  registerDelegator,
  registerNode,
} from "./test-fixtures.js";

const amount = parseAmount;
const N1 = nodeId(1);
const N2 = nodeId(2);

/** Node 1 (role 1) with Bob's delegators 1 and 2 (100 each) and node 2 (role 2), staked one epoch; auction open. */
function world(seed?: string): LedgerState {
  const ledger = newLedger(seed === undefined ? {} : { seed });
  registerNode(ledger, ALICE, 1, 1, "300000.0");
  registerDelegator(ledger, BOB, N1, "100.0");
  registerDelegator(ledger, BOB, N1, "100.0");
  registerNode(ledger, BOB, 2, 2, "500000.0");
  endEpoch(ledger, [N1, N2]);
  admin(ledger, { op: "deposit_fees", amount: amount("3.0") });
  return ledger;
}

const bump = (value: Amount): Amount => (value + 1n) as Amount;

describe("stateHash", () => {
  it("is a 64-character lowercase hex SHA3-256 digest", () => {
    expect(stateHash(world())).toMatch(/^[0-9a-f]{64}$/);
  });

  it("equal states have equal hashes: the same steps twice, and a deep copy", () => {
    const first = world();
    const second = world();
    expect(stateHash(second)).toBe(stateHash(first));
    expect(stateHash(structuredClone(first))).toBe(stateHash(first));
  });

  it("does not depend on the insertion order of sets and maps", () => {
    const one = world();
    const other = world();
    admin(one, { op: "set_approved_nodes", nodeIds: [N1, N2] });
    admin(other, { op: "set_approved_nodes", nodeIds: [N2, N1] });
    admin(one, {
      op: "set_non_operational",
      value: new Map([
        [N1, amount("0.1")],
        [N2, amount("0.2")],
      ]),
    });
    admin(other, {
      op: "set_non_operational",
      value: new Map([
        [N2, amount("0.2")],
        [N1, amount("0.1")],
      ]),
    });
    expect(stateHash(other)).toBe(stateHash(one));
  });

  it("reading the state (hashing it) changes nothing", () => {
    const ledger = world();
    expect(stateHash(ledger)).toBe(stateHash(ledger));
  });

  const SINGLE_FIELD_CHANGES: [string, (ledger: LedgerState) => void][] = [
    ["total supply", (l) => (l.totalSupply = bump(l.totalSupply))],
    ["fee vault", (l) => (l.feeVault = bump(l.feeVault))],
    ["epoch counter", (l) => (l.epochCounter += 1)],
    ["staking enabled", (l) => (l.stakingEnabled = !l.stakingEnabled)],
    ["random draw counter", (l) => (l.randomDraws += 1)],
    ["epoch token payout", (l) => (l.params.epochTokenPayout = bump(l.params.epochTokenPayout))],
    ["reward cut", (l) => (l.params.rewardCut = bump(l.params.rewardCut))],
    ["delegator minimum", (l) => (l.params.delegatorMinimum = bump(l.params.delegatorMinimum))],
    ["a role minimum", (l) => l.params.minimumStakes.set(4, amount("135000.00000001"))],
    ["a candidate limit", (l) => (l.params.candidateNodeLimits[2] += 1n)],
    ["a slot limit", (l) => (l.params.slotLimits[3] += 1)],
    ["open slots", (l) => l.params.openSlots.set(5, 0)],
    ["a role count", (l) => (l.roleCounts[4] += 1)],
    ["a role total", (l) => (l.totalStakedByRole[5] = bump(l.totalStakedByRole[5]))],
    ["a candidate list", (l) => l.candidates[1].add(N2)],
    [
      "an account balance",
      (l) => {
        const account = l.accounts.get(CAROL);
        if (account !== undefined) account.balance = bump(account.balance);
      },
    ],
    [
      "the set of accounts",
      (l) => l.accounts.set(asAccountId("dave"), { id: asAccountId("dave"), balance: amount("0"), keys: [] }),
    ],
    ["the participant list", (l) => l.participants.delete(N2)],
    ["the approved list", (l) => l.approved.delete(N2)],
    ["the moves-pending list", (l) => l.movesPending.add(N2)],
    ["the non-operational list (an entry)", (l) => l.nonOperational.set(N1, amount("0"))],
    ["claimed networking addresses", (l) => l.claimedNetworkingAddresses.add("x.example.org:1")],
    ["claimed networking keys", (l) => l.claimedNetworkingKeys.add("b".repeat(128))],
    ["claimed staking keys", (l) => l.claimedStakingKeys.add("c".repeat(192))],
    ["a node's committed pool", (l) => (nodeOf(l, N1).committed = bump(nodeOf(l, N1).committed))],
    ["a node's staked pool", (l) => (nodeOf(l, N1).staked = bump(nodeOf(l, N1).staked))],
    ["a node's unstaking pool", (l) => (nodeOf(l, N1).unstaking = bump(nodeOf(l, N1).unstaking))],
    ["a node's unstaked pool", (l) => (nodeOf(l, N1).unstaked = bump(nodeOf(l, N1).unstaked))],
    ["a node's rewarded pool", (l) => (nodeOf(l, N1).rewarded = bump(nodeOf(l, N1).rewarded))],
    ["a node's request", (l) => (nodeOf(l, N1).requestedToUnstake = bump(nodeOf(l, N1).requestedToUnstake))],
    ["a node's weight", (l) => (nodeOf(l, N2).initialWeight = 99)],
    ["a node's owner", (l) => (nodeOf(l, N2).owner = CAROL)],
    ["a node's networking address", (l) => (nodeOf(l, N2).networkingAddress = "elsewhere.example.org:1")],
  ];

  it.each(SINGLE_FIELD_CHANGES)("changes when %s changes", (_label, change) => {
    const ledger = world();
    const before = stateHash(ledger);
    change(ledger);
    expect(stateHash(ledger)).not.toBe(before);
  });

  it("gives every one of those changes a distinct hash", () => {
    const hashes = SINGLE_FIELD_CHANGES.map(([, change]) => {
      const ledger = world();
      change(ledger);
      return stateHash(ledger);
    });
    expect(new Set([...hashes, stateHash(world())]).size).toBe(SINGLE_FIELD_CHANGES.length + 1);
  });

  it("changes with the configuration: seed, admin, key validation mode", () => {
    const base = stateHash(newLedger());
    expect(stateHash(newLedger({ seed: "other" }))).not.toBe(base);
    expect(stateHash(newLedger({ admin: asAccountId("root") }))).not.toBe(base);
    expect(stateHash(newLedger({ keyValidation: "full" }))).not.toBe(base);
  });

  it("covers the non-operational percentage, not only the IDs", () => {
    const one = world();
    const other = world();
    admin(one, { op: "set_non_operational", value: new Map([[N1, amount("0.1")]]) });
    admin(other, { op: "set_non_operational", value: new Map([[N1, amount("0.2")]]) });
    expect(stateHash(other)).not.toBe(stateHash(one));
  });

  describe("delegator fields: the same change made to delegator 1 in one ledger and to delegator 2 in the other", () => {
    /** Two worlds that differ only by which delegator of node 1 the operation(s) touched. */
    function pair(operationsFor: (delegatorId: number) => { signer: typeof ADMIN; op: Operation }[]) {
      const one = world();
      const two = world();
      for (const { signer, op } of operationsFor(1)) apply(one, signer, op);
      for (const { signer, op } of operationsFor(2)) apply(two, signer, op);
      return { one: stateHash(one), two: stateHash(two) };
    }

    it("the committed pool (delegating 1.0 new tokens; the moves-pending flags set on both first)", () => {
      const { one, two } = pair((chosen) => [
        { signer: BOB, op: { op: "stake_new_tokens", nodeId: N1, delegatorId: 1, amount: amount("0") } },
        { signer: BOB, op: { op: "stake_new_tokens", nodeId: N1, delegatorId: 2, amount: amount("0") } },
        { signer: BOB, op: { op: "stake_new_tokens", nodeId: N1, delegatorId: chosen, amount: amount("1.0") } },
      ]);
      expect(two).not.toBe(one);
    });

    it("the request (asking to unstake 1.0 beyond committed)", () => {
      const { one, two } = pair((chosen) => [
        { signer: BOB, op: { op: "stake_new_tokens", nodeId: N1, delegatorId: 1, amount: amount("0") } },
        { signer: BOB, op: { op: "stake_new_tokens", nodeId: N1, delegatorId: 2, amount: amount("0") } },
        { signer: BOB, op: { op: "request_unstaking", nodeId: N1, delegatorId: chosen, amount: amount("1.0") } },
      ]);
      expect(two).not.toBe(one);
    });

    it("the moves-pending flag (delegating 0 tokens sets only the flag)", () => {
      const { one, two } = pair((chosen) => [
        { signer: BOB, op: { op: "stake_new_tokens", nodeId: N1, delegatorId: chosen, amount: amount("0") } },
      ]);
      expect(two).not.toBe(one);
    });

    it("the owner (transferring the handle)", () => {
      const { one, two } = pair((chosen) => [
        { signer: BOB, op: { op: "transfer_delegator", nodeId: N1, delegatorId: chosen, to: CAROL } },
      ]);
      expect(two).not.toBe(one);
    });

    it("the unstaked pool (a request served from committed)", () => {
      const { one, two } = pair((chosen) => [
        { signer: BOB, op: { op: "stake_new_tokens", nodeId: N1, delegatorId: 1, amount: amount("0") } },
        { signer: BOB, op: { op: "stake_new_tokens", nodeId: N1, delegatorId: 2, amount: amount("0") } },
        { signer: BOB, op: { op: "stake_new_tokens", nodeId: N1, delegatorId: chosen, amount: amount("1.0") } },
        { signer: BOB, op: { op: "stake_new_tokens", nodeId: N1, delegatorId: 3 - chosen, amount: amount("1.0") } },
        { signer: BOB, op: { op: "request_unstaking", nodeId: N1, delegatorId: chosen, amount: amount("1.0") } },
      ]);
      expect(two).not.toBe(one);
    });
  });

  it("the same operations on the same ledger give byte-identical hashes and events (determinism)", () => {
    const run = () => {
      const ledger = world("determinism");
      const events = [
        ...apply(ledger, ALICE, { op: "request_unstaking", nodeId: N1, amount: amount("1.0") }).events,
        ...apply(ledger, ADMIN, { op: "end_epoch", nodeIds: [N1, N2] }).events,
        ...apply(ledger, ADMIN, { op: "pay_rewards" }).events,
      ];
      return { hash: stateHash(ledger), events };
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.events.length).toBeGreaterThan(3);
  });

  it("an unknown node ID as non-operational key is hashed like any other", () => {
    const one = world();
    const other = world();
    admin(one, { op: "set_non_operational", value: new Map([[asNodeId("a"), amount("0.1")]]) });
    admin(other, { op: "set_non_operational", value: new Map([[asNodeId("b"), amount("0.1")]]) });
    expect(stateHash(other)).not.toBe(stateHash(one));
  });
});
