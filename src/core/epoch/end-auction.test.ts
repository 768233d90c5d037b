import { sha3_256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import { parseAmount } from "../amount.js";
import type { NodeId } from "../ids.js";
import { apply } from "../operations.js";
import type { LedgerState } from "../state.js";
import { stateHash } from "../state-hash.js";
import {
  ADMIN,
  ALICE,
  admin,
  BOB,
  CAROL,
  endEpoch,
  newLedger,
  nodeOf,
  pools,
  poolsOf,
  refusal,
  registerDelegator,
  registerNode,
} from "../test-fixtures.js";

const amount = parseAmount;

function minimumsWith(role: number, value: string): Map<number, ReturnType<typeof parseAmount>> {
  const table = new Map([
    [1, amount("250000.0")],
    [2, amount("500000.0")],
    [3, amount("1250000.0")],
    [4, amount("135000.0")],
    [5, amount("100.0")],
  ]);
  table.set(role, amount(value));
  return table;
}

describe("removeInvalidNodes (§8.2 step 1)", () => {
  it("roles 1–4 need their minimum AND approval; survivors get weight 100", () => {
    const ledger = newLedger();
    const valid = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const short = registerNode(ledger, ALICE, 2, 1, "250000.0");
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: short, amount: amount("0.00000001") });
    const unapproved = registerNode(ledger, BOB, 3, 1, "250000.0");

    const { events } = admin(ledger, { op: "remove_invalid_nodes", nodeIds: [valid, short] });
    expect(events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: short, amount: amount("249999.99999999") },
      { type: "NodeRemovedAndRefunded", nodeID: unapproved, amount: amount("250000.0") },
    ]);
    expect(nodeOf(ledger, valid).initialWeight).toBe(100);
    expect(nodeOf(ledger, short).initialWeight).toBe(0);
    expect(nodeOf(ledger, unapproved).initialWeight).toBe(0);
    expect(poolsOf(nodeOf(ledger, short))).toEqual(pools({ unstaked: "250000.0" }));
    expect(poolsOf(nodeOf(ledger, unapproved))).toEqual(pools({ unstaked: "250000.0" }));
    // A refunded node is dropped from the approved list and from its candidate list.
    expect([...ledger.approved]).toEqual([valid]);
    expect([...ledger.candidates[1]]).toEqual([valid]);
  });

  it("access nodes need their minimum OR approval; an approved access node may take part with zero stake", () => {
    const ledger = newLedger();
    const staked = registerNode(ledger, ALICE, 1, 5, "100.0");
    const grandfathered = registerNode(ledger, ALICE, 2, 5, "100.0");
    apply(ledger, ALICE, { op: "unstake_all", nodeId: grandfathered });
    const neither = registerNode(ledger, BOB, 3, 5, "100.0");
    apply(ledger, BOB, { op: "request_unstaking", nodeId: neither, amount: amount("0.5") });

    expect(endEpoch(ledger, [grandfathered])).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: neither, amount: amount("99.5") },
      { type: "TokensStaked", nodeID: staked, amount: amount("100.0") },
      { type: "TokensStaked", nodeID: grandfathered, amount: amount("0") },
      { type: "NewEpoch", totalStaked: amount("0"), totalRewardPayout: amount("1250000.0"), newEpochCounter: 1 },
    ]);
    expect(nodeOf(ledger, staked).initialWeight).toBe(100);
    expect(nodeOf(ledger, grandfathered).initialWeight).toBe(100);
    expect(nodeOf(ledger, neither).initialWeight).toBe(0);
    expect(poolsOf(nodeOf(ledger, neither))).toEqual(pools({ unstaked: "100.0" }));
    expect([...ledger.participants].sort()).toEqual([staked, grandfathered]);
    expect(ledger.totalStakedByRole[5]).toBe(amount("100.0"));
  });

  it("§18 rule 6: only nodes on the moves-pending list are checked; raising a minimum does not evict inactive stakers", () => {
    const ledger = newLedger();
    const inactive = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const active = registerNode(ledger, BOB, 2, 1, "250000.0");
    endEpoch(ledger, [inactive, active]);
    admin(ledger, { op: "set_minimum_stakes", value: minimumsWith(1, "300000.0") });
    apply(ledger, BOB, { op: "stake_new_tokens", nodeId: active, amount: amount("1.0") });

    const events = endEpoch(ledger, [inactive, active]);
    expect(events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: active, amount: amount("250001.0") },
      { type: "TokensUnstaking", nodeID: active, amount: amount("250000.0") },
      { type: "NewEpoch", totalStaked: amount("250000.0"), totalRewardPayout: amount("1250000.0"), newEpochCounter: 2 },
    ]);
    expect(poolsOf(nodeOf(ledger, inactive))).toEqual(pools({ staked: "250000.0" }));
    expect([...ledger.participants]).toEqual([inactive]);
    expect([...ledger.approved]).toEqual([inactive]);
  });

  it("§18 rule 3: a node that requested to unstake below its minimum is removed at the end of the auction, ALL its stake is unstaked, and it leaves the approved list", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "300000.0");
    endEpoch(ledger, [node]);
    apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: amount("100000.0") });

    const events = endEpoch(ledger, [node]);
    expect(events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: node, amount: amount("300000.0") },
      { type: "TokensUnstaking", nodeID: node, amount: amount("300000.0") },
      { type: "NewEpoch", totalStaked: amount("0"), totalRewardPayout: amount("1250000.0"), newEpochCounter: 2 },
    ]);
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ unstaking: "300000.0" }));
    expect(ledger.approved.size).toBe(0);
    expect(ledger.participants.size).toBe(0);
    expect(ledger.roleCounts[1]).toBe(0);
  });

  it("§5.6: after unstake_all the node's delegators are force-unstaked when the auction ends", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "300000.0");
    registerDelegator(ledger, BOB, node, "1000.0");
    endEpoch(ledger, [node]);
    apply(ledger, ALICE, { op: "unstake_all", nodeId: node });

    expect(endEpoch(ledger, [node])).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: node, amount: amount("300000.0") },
      { type: "TokensUnstaking", nodeID: node, amount: amount("300000.0") },
      { type: "DelegatorTokensUnstaking", nodeID: node, delegatorID: 1, amount: amount("1000.0") },
      { type: "NewEpoch", totalStaked: amount("0"), totalRewardPayout: amount("1250000.0"), newEpochCounter: 2 },
    ]);
    expect(ledger.totalStakedByRole[1]).toBe(amount("0"));
  });
});

describe("fillNodeRoleSlots (§8.2 step 2)", () => {
  /** Candidates numbered `ids`, role 1, 250000 each, all approved. */
  function candidates(ledger: LedgerState, ids: number[]): NodeId[] {
    const registered = ids.map((n) => registerNode(ledger, n % 2 === 0 ? ALICE : BOB, n, 1, "250000.0"));
    admin(ledger, { op: "add_approved_nodes", nodeIds: registered });
    return registered;
  }

  it("C + |K| ≤ L: every candidate joins and the count grows by |K|", () => {
    const ledger = newLedger();
    const ids = candidates(ledger, [1, 2, 3]);
    expect(admin(ledger, { op: "end_staking_auction" }).events).toEqual([]);
    expect(ledger.roleCounts[1]).toBe(3);
    expect(ledger.candidates[1].size).toBe(0);
    for (const id of ids) expect(nodeOf(ledger, id).initialWeight).toBe(100);
  });

  it("§18 rule 10: C ≥ L refunds every candidate and never removes existing participants", () => {
    const ledger = newLedger();
    const existing = candidates(ledger, [1, 2]);
    endEpoch(ledger, existing);
    expect(ledger.roleCounts[1]).toBe(2);
    const lowered = new Map([
      [1, 1],
      [2, 10],
      [3, 10],
      [4, 10],
      [5, 10],
    ]);
    admin(ledger, { op: "set_slot_limits", value: lowered });
    const [late] = candidates(ledger, [3]);
    if (late === undefined) throw new Error("no candidate");

    expect(admin(ledger, { op: "end_staking_auction" }).events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: late, amount: amount("250000.0") },
    ]);
    expect(ledger.roleCounts[1]).toBe(2);
    expect(ledger.approved.has(late)).toBe(false);
    expect(poolsOf(nodeOf(ledger, late))).toEqual(pools({ unstaked: "250000.0" }));
    admin(ledger, { op: "move_tokens" });
    expect([...ledger.participants].sort()).toEqual(existing);
  });

  it("D2: too few slots removes exactly C + |K| − L candidates drawn from the seed (seed 'flowstake' draws indices 0, 3, 4)", () => {
    const ledger = newLedger();
    admin(ledger, { op: "set_slot_limits", value: slotLimitsForRole1(2) });
    const ids = candidates(ledger, [1, 2, 3, 4, 5]);

    const { events } = admin(ledger, { op: "end_staking_auction" });
    // Computed outside the project (Python hashlib.sha3_256) from decisions.md D2's description.
    const removed = [ids[0], ids[3], ids[4]];
    expect(events).toEqual(
      removed.map((id) => ({ type: "NodeRemovedAndRefunded", nodeID: id, amount: amount("250000.0") })),
    );
    expect(ledger.randomDraws).toBe(7);
    expect(ledger.roleCounts[1]).toBe(2);
    expect(expectedRemovals("flowstake", 0, 5, 3)).toEqual({ indices: [0, 3, 4], draws: 7 });
    for (const id of [ids[1], ids[2]]) if (id !== undefined) expect(nodeOf(ledger, id).initialWeight).toBe(100);
  });

  it("D2: another seed draws other candidates (seed 'another seed' draws indices 2, 3, 4)", () => {
    const ledger = newLedger({ seed: "another seed" });
    admin(ledger, { op: "set_slot_limits", value: slotLimitsForRole1(2) });
    const ids = candidates(ledger, [1, 2, 3, 4, 5]);
    const { events } = admin(ledger, { op: "end_staking_auction" });
    expect(events.map((e) => ("nodeID" in e ? e.nodeID : ""))).toEqual([ids[2], ids[3], ids[4]]);
    expect(ledger.randomDraws).toBe(3);
    expect(expectedRemovals("another seed", 0, 5, 3)).toEqual({ indices: [2, 3, 4], draws: 3 });
  });

  it("D2: the same seed and the same steps select the same nodes", () => {
    const run = () => {
      const ledger = newLedger({ seed: "seed-3" });
      admin(ledger, { op: "set_slot_limits", value: slotLimitsForRole1(3) });
      candidates(ledger, [1, 2, 3, 4, 5, 6, 7]);
      const { events } = admin(ledger, { op: "end_staking_auction" });
      return { events, hash: stateHash(ledger) };
    };
    const first = run();
    const second = run();
    expect(first.events).toHaveLength(4);
    expect(second).toEqual(first);
  });

  it("D2: the draw counter carries over, so later draws continue the sequence", () => {
    const ledger = newLedger();
    admin(ledger, { op: "set_slot_limits", value: slotLimitsForRole1(2) });
    const first = candidates(ledger, [1, 2, 3, 4, 5]);
    endEpoch(ledger, first);
    expect(ledger.randomDraws).toBe(7);
    // Two participants now; two more slots, four candidates: two removed, drawn from n = 7 on.
    admin(ledger, { op: "set_slot_limits", value: slotLimitsForRole1(4) });
    const ids = candidates(ledger, [11, 12, 13, 14]);
    const { events } = admin(ledger, { op: "end_staking_auction" });
    const expected = expectedRemovals("flowstake", 7, 4, 2);
    expect(events.map((e) => ("nodeID" in e ? e.nodeID : ""))).toEqual(expected.indices.map((i) => ids[i]));
    expect(ledger.randomDraws).toBe(expected.draws);
    expect(ledger.roleCounts[1]).toBe(4);
  });

  it("open slots S set the role's slot limit to count + S (and can lower it)", () => {
    const ledger = newLedger();
    admin(ledger, { op: "set_open_access_node_slots", value: 2 });
    registerNode(ledger, ALICE, 1, 5, "100.0");
    admin(ledger, { op: "end_staking_auction" });
    expect(ledger.roleCounts[5]).toBe(1);
    expect(ledger.params.slotLimits.slice(1)).toEqual([10_000, 10_000, 10_000, 10_000, 3]);
  });

  it("INVALID_SLOT_LIMITS when open slots would push a limit past 65535; the whole end of auction changes nothing", () => {
    const ledger = newLedger();
    admin(ledger, { op: "set_open_access_node_slots", value: 65535 });
    registerNode(ledger, ALICE, 1, 1, "250000.0"); // not approved: refunded before the slot check aborts
    registerNode(ledger, BOB, 2, 5, "100.0");
    expect(refusal(ledger, ADMIN, { op: "end_staking_auction" })).toEqual({
      code: "INVALID_SLOT_LIMITS",
      details: { role: 5 },
      stateUnchanged: true,
    });
  });
});

describe("endStakingAuction (§8.2 step 3, decisions D5)", () => {
  it("closes the auction", () => {
    const ledger = newLedger();
    admin(ledger, { op: "end_staking_auction" });
    expect(ledger.stakingEnabled).toBe(false);
  });

  it("D5: ending a closed auction runs the checks again, and a node refunded then loses its role count", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, CAROL, 1, 1, "250000.0");
    admin(ledger, { op: "end_staking", nodeIds: [node] });
    expect(ledger.roleCounts[1]).toBe(1);
    admin(ledger, { op: "set_minimum_stakes", value: minimumsWith(1, "260000.0") });
    expect(admin(ledger, { op: "end_staking_auction" }).events).toEqual([
      { type: "NodeRemovedAndRefunded", nodeID: node, amount: amount("250000.0") },
    ]);
    expect(ledger.roleCounts[1]).toBe(0);
    expect(ledger.stakingEnabled).toBe(false);
  });
});

function slotLimitsForRole1(limit: number): Map<number, number> {
  return new Map([
    [1, limit],
    [2, 10_000],
    [3, 10_000],
    [4, 10_000],
    [5, 10_000],
  ]);
}

/**
 * decisions.md D2, written out independently: draw n is the first 8 bytes (big-endian) of
 * SHA3-256(utf8(seed) ‖ ":" ‖ decimal(n)) modulo the list length; repeats are redrawn.
 */
function expectedRemovals(seed: string, firstDraw: number, length: number, remove: number) {
  const chosen: number[] = [];
  let n = firstDraw;
  while (chosen.length < remove) {
    const digest = sha3_256(new TextEncoder().encode(`${seed}:${n}`));
    n += 1;
    const value = new DataView(digest.buffer, digest.byteOffset, 8).getBigUint64(0, false);
    const index = Number(value % BigInt(length));
    if (!chosen.includes(index)) chosen.push(index);
  }
  return { indices: chosen.sort((a, b) => a - b), draws: n };
}
