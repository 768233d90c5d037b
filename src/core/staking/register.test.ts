import { describe, expect, it } from "vitest";
import { parseAmount, ZERO } from "../amount.js";
import { apply } from "../operations.js";
import { nodeInfo } from "../queries.js";
import { roleTable } from "../roles.js";
import {
  ADMIN,
  ALICE,
  admin,
  BOB,
  balanceOf,
  CAROL,
  delegatorOf,
  endEpoch,
  NOBODY,
  newLedger,
  nodeId,
  nodeKeys,
  nodeOf,
  pools,
  poolsOf,
  refusal,
  registerDelegator,
  registerNode,
  registerNodeOp,
  SOME_POP,
  START_BALANCE,
  stubVerifier,
} from "../test-fixtures.js";

describe("register_node (§5.1)", () => {
  it("creates the record, claims its identifiers, debits the signer and makes it a candidate", () => {
    const ledger = newLedger();
    const { result, events } = apply(ledger, ALICE, registerNodeOp(1, 1, "250000.0"));
    const id = nodeId(1);
    const keys = nodeKeys(1);

    expect(result).toEqual({ nodeId: id });
    expect(events).toEqual([
      { type: "NewNodeCreated", nodeID: id, role: 1, amountCommitted: ZERO },
      { type: "TokensCommitted", nodeID: id, amount: parseAmount("250000.0") },
    ]);
    const node = nodeOf(ledger, id);
    expect(node.role).toBe(1);
    expect(node.networkingAddress).toBe(keys.networkingAddress);
    expect(node.networkingKey).toBe(keys.networkingKey);
    expect(node.stakingKey).toBe(keys.stakingKey);
    expect(node.initialWeight).toBe(0);
    expect(nodeInfo(node)).toMatchObject({ delegators: [], delegatorIDCounter: 0, initialWeight: 0 });
    expect(node.owner).toBe(ALICE);
    expect(poolsOf(node)).toEqual(pools({ committed: "250000.0" }));
    expect(balanceOf(ledger, ALICE)).toBe(START_BALANCE - parseAmount("250000.0"));
    expect(ledger.claimedNetworkingAddresses.has(keys.networkingAddress)).toBe(true);
    expect(ledger.claimedNetworkingKeys.has(keys.networkingKey)).toBe(true);
    expect(ledger.claimedStakingKeys.has(keys.stakingKey)).toBe(true);
    expect([...ledger.candidates[1]]).toEqual([id]);
    expect([...ledger.movesPending]).toEqual([id]);
    expect(ledger.participants.size).toBe(0);
  });

  it("§18 rule 12: NewNodeCreated reports amountCommitted 0 and a TokensCommitted event carries the tokens", () => {
    const ledger = newLedger();
    const { events } = apply(ledger, ALICE, registerNodeOp(7, 3, "1300000.5"));
    expect(events).toEqual([
      { type: "NewNodeCreated", nodeID: nodeId(7), role: 3, amountCommitted: ZERO },
      { type: "TokensCommitted", nodeID: nodeId(7), amount: parseAmount("1300000.5") },
    ]);
  });

  it.each([
    [1, "250000.0"],
    [2, "500000.0"],
    [3, "1250000.0"],
    [4, "135000.0"],
    [5, "100.0"],
  ])("registers role %d with exactly its default minimum %s (≥, §1)", (role, minimum) => {
    const ledger = newLedger();
    registerNode(ledger, ALICE, 1, role, minimum);
    expect(poolsOf(nodeOf(ledger, nodeId(1)))).toEqual(pools({ committed: minimum }));
    expect([...ledger.candidates[role as 1 | 2 | 3 | 4 | 5]]).toEqual([nodeId(1)]);
  });

  it("§18 rule 10: registration requires at least the role minimum up front", () => {
    const ledger = newLedger();
    expect(refusal(ledger, ALICE, registerNodeOp(1, 1, "249999.99999999"))).toEqual({
      code: "BELOW_MINIMUM_STAKE",
      details: { amount: "249999.99999999", minimum: "250000.00000000", role: 1 },
      stateUnchanged: true,
    });
  });

  it("§18 rule 10: candidate limits are enforced at registration", () => {
    const ledger = newLedger({ candidateNodeLimits: roleTable(() => 1n) });
    registerNode(ledger, ALICE, 1, 1, "250000.0");
    expect(refusal(ledger, BOB, registerNodeOp(2, 1, "250000.0"))).toEqual({
      code: "CANDIDATE_LIMIT_EXCEEDED",
      details: { role: 1, limit: 1 },
      stateUnchanged: true,
    });
    // Another role has its own list.
    registerNode(ledger, BOB, 3, 2, "500000.0");
    expect([...ledger.candidates[2]]).toEqual([nodeId(3)]);
  });

  it("a node ID can never be reused, even after the node was removed and refunded", () => {
    const ledger = newLedger();
    registerNode(ledger, ALICE, 1, 1, "250000.0");
    admin(ledger, { op: "remove_node", nodeId: nodeId(1) });
    const reuse = registerNodeOp(1, 1, "250000.0", nodeKeys(2));
    expect(refusal(ledger, BOB, reuse)).toEqual({
      code: "NODE_ALREADY_EXISTS",
      details: { nodeId: nodeId(1) },
      stateUnchanged: true,
    });
  });

  describe("one refusal per error code, state unchanged", () => {
    it("INSUFFICIENT_BALANCE when the signer cannot pay the tokens", () => {
      const ledger = newLedger();
      expect(refusal(ledger, ALICE, registerNodeOp(1, 1, "100000000.00000001"))).toEqual({
        code: "INSUFFICIENT_BALANCE",
        details: { account: ALICE, balance: "100000000.00000000", amount: "100000000.00000001" },
        stateUnchanged: true,
      });
    });

    it("INSUFFICIENT_BALANCE when the signer has no account", () => {
      const ledger = newLedger();
      expect(refusal(ledger, NOBODY, registerNodeOp(1, 1, "250000.0"))).toEqual({
        code: "INSUFFICIENT_BALANCE",
        details: { account: NOBODY, balance: "0.00000000", amount: "250000.00000000" },
        stateUnchanged: true,
      });
    });

    it("AUCTION_NOT_IN_PROGRESS once the auction has ended", () => {
      const ledger = newLedger();
      admin(ledger, { op: "end_staking_auction" });
      expect(refusal(ledger, ALICE, registerNodeOp(1, 1, "250000.0"))).toMatchObject({
        code: "AUCTION_NOT_IN_PROGRESS",
        stateUnchanged: true,
      });
    });

    it.each([
      ["63 characters", "0".repeat(63)],
      ["65 characters", "0".repeat(65)],
      ["empty", ""],
      ["uppercase hex", `${"0".repeat(63)}A`],
      ["a non-hex character", `${"0".repeat(63)}g`],
    ])("INVALID_NODE_ID for an ID of %s", (_label, badId) => {
      const ledger = newLedger();
      expect(refusal(ledger, ALICE, registerNodeOp(1, 1, "250000.0", { nodeId: badId }))).toEqual({
        code: "INVALID_NODE_ID",
        details: { nodeId: badId },
        stateUnchanged: true,
      });
    });

    it("NODE_ALREADY_EXISTS for a registered ID", () => {
      const ledger = newLedger();
      registerNode(ledger, ALICE, 1, 1, "250000.0");
      expect(refusal(ledger, BOB, registerNodeOp(1, 2, "500000.0", nodeKeys(2)))).toEqual({
        code: "NODE_ALREADY_EXISTS",
        details: { nodeId: nodeId(1) },
        stateUnchanged: true,
      });
    });

    it.each([0, 6, -1, 1.5])("INVALID_ROLE for role %d", (role) => {
      const ledger = newLedger();
      expect(refusal(ledger, ALICE, registerNodeOp(1, role, "250000.0"))).toEqual({
        code: "INVALID_ROLE",
        details: { role },
        stateUnchanged: true,
      });
    });

    it.each([
      "",
      "host.com:65536",
      "123.234.56.23:3569",
      "[2001:db8::1]:3569",
      "host.3:3569",
      "abcd.xyz.com",
      `${"a".repeat(506)}:3569`,
      "198.234.124.123:3569",
    ])("INVALID_NETWORKING_ADDRESS for %j (the spec's tested invalid examples)", (address) => {
      const ledger = newLedger();
      expect(refusal(ledger, ALICE, registerNodeOp(1, 1, "250000.0", { networkingAddress: address }))).toEqual({
        code: "INVALID_NETWORKING_ADDRESS",
        details: { networkingAddress: address },
        stateUnchanged: true,
      });
    });

    it.each([
      ["127 characters", "a".repeat(127)],
      ["129 characters", "a".repeat(129)],
      ["uppercase hex", "A".repeat(128)],
      ["a non-hex character", `${"a".repeat(127)}z`],
    ])("INVALID_NETWORKING_KEY for a key of %s", (_label, key) => {
      const ledger = newLedger();
      expect(refusal(ledger, ALICE, registerNodeOp(1, 1, "250000.0", { networkingKey: key }))).toMatchObject({
        code: "INVALID_NETWORKING_KEY",
        stateUnchanged: true,
      });
    });

    it.each([
      ["191 characters", "b".repeat(191)],
      ["193 characters", "b".repeat(193)],
      ["uppercase hex", "B".repeat(192)],
      ["a non-hex character", `${"b".repeat(191)}x`],
    ])("INVALID_STAKING_KEY for a key of %s", (_label, key) => {
      const ledger = newLedger();
      expect(refusal(ledger, ALICE, registerNodeOp(1, 1, "250000.0", { stakingKey: key }))).toMatchObject({
        code: "INVALID_STAKING_KEY",
        stateUnchanged: true,
      });
    });

    it("NETWORKING_ADDRESS_CLAIMED, NETWORKING_KEY_CLAIMED, STAKING_KEY_CLAIMED for another node's identifiers", () => {
      const ledger = newLedger();
      registerNode(ledger, ALICE, 1, 1, "250000.0");
      const taken = nodeKeys(1);
      const fresh = nodeKeys(2);
      const attempt = (overrides: Partial<typeof fresh>) =>
        refusal(ledger, BOB, registerNodeOp(2, 1, "250000.0", { ...fresh, ...overrides }));
      expect(attempt({ networkingAddress: taken.networkingAddress })).toMatchObject({
        code: "NETWORKING_ADDRESS_CLAIMED",
        stateUnchanged: true,
      });
      expect(attempt({ networkingKey: taken.networkingKey })).toMatchObject({
        code: "NETWORKING_KEY_CLAIMED",
        stateUnchanged: true,
      });
      expect(attempt({ stakingKey: taken.stakingKey })).toMatchObject({
        code: "STAKING_KEY_CLAIMED",
        stateUnchanged: true,
      });
    });

    it("CANDIDATE_LIMIT_EXCEEDED with a candidate limit of 0", () => {
      const ledger = newLedger({ candidateNodeLimits: roleTable(() => 0n) });
      expect(refusal(ledger, ALICE, registerNodeOp(1, 4, "135000.0"))).toEqual({
        code: "CANDIDATE_LIMIT_EXCEEDED",
        details: { role: 4, limit: 0 },
        stateUnchanged: true,
      });
    });

    it("ROLE_MINIMUM_NOT_SET when the minimum-stake table lacks the role (decisions D5)", () => {
      const ledger = newLedger();
      const minimums = new Map([1, 2, 3, 4, 9].map((key) => [key, parseAmount("100.0")] as const));
      admin(ledger, { op: "set_minimum_stakes", value: minimums });
      expect(refusal(ledger, ALICE, registerNodeOp(1, 5, "1000.0"))).toEqual({
        code: "ROLE_MINIMUM_NOT_SET",
        details: { role: 5 },
        stateUnchanged: true,
      });
    });
  });

  describe('step 10 in "full" key validation mode', () => {
    const fullLedger = () => newLedger({ keyValidation: "full" });

    it("registers when the staking key, the PoP and the networking key all verify", () => {
      const ledger = fullLedger();
      const op = registerNodeOp(1, 1, "250000.0", { stakingKeyPoP: SOME_POP });
      const { events } = apply(ledger, ALICE, op, { verifier: stubVerifier() });
      expect(events.map((e) => e.type)).toEqual(["NewNodeCreated", "TokensCommitted"]);
    });

    it("STAKING_KEY_NOT_ON_CURVE when the staking key is not a BLS12-381 key", () => {
      const ledger = fullLedger();
      const op = registerNodeOp(1, 1, "250000.0", { stakingKeyPoP: SOME_POP });
      expect(refusal(ledger, ALICE, op, stubVerifier({ stakingKey: false }))).toMatchObject({
        code: "STAKING_KEY_NOT_ON_CURVE",
        stateUnchanged: true,
      });
    });

    it("INVALID_PROOF_OF_POSSESSION when the PoP does not verify, is missing or is malformed", () => {
      const ledger = fullLedger();
      const withPop = registerNodeOp(1, 1, "250000.0", { stakingKeyPoP: SOME_POP });
      expect(refusal(ledger, ALICE, withPop, stubVerifier({ pop: false }))).toMatchObject({
        code: "INVALID_PROOF_OF_POSSESSION",
        stateUnchanged: true,
      });
      expect(refusal(ledger, ALICE, registerNodeOp(1, 1, "250000.0"), stubVerifier())).toMatchObject({
        code: "INVALID_PROOF_OF_POSSESSION",
        stateUnchanged: true,
      });
      const malformed = registerNodeOp(1, 1, "250000.0", { stakingKeyPoP: "abc" });
      expect(refusal(ledger, ALICE, malformed, stubVerifier())).toMatchObject({
        code: "INVALID_PROOF_OF_POSSESSION",
        stateUnchanged: true,
      });
    });

    it("NETWORKING_KEY_NOT_ON_CURVE when the networking key is not a P-256 point", () => {
      const ledger = fullLedger();
      const op = registerNodeOp(1, 1, "250000.0", { stakingKeyPoP: SOME_POP });
      expect(refusal(ledger, ALICE, op, stubVerifier({ networkingKey: false }))).toMatchObject({
        code: "NETWORKING_KEY_NOT_ON_CURVE",
        stateUnchanged: true,
      });
    });
  });

  describe("check order: an input failing two checks reports the earlier one (§5.1 steps 1–11, decisions D4)", () => {
    it("D4: the balance is checked before the contract's own checks (insufficient balance + auction closed)", () => {
      const ledger = newLedger();
      admin(ledger, { op: "end_staking_auction" });
      expect(refusal(ledger, ALICE, registerNodeOp(1, 1, "200000000.0")).code).toBe("INSUFFICIENT_BALANCE");
    });

    it("step 1 before step 2: auction closed + ID of the wrong length", () => {
      const ledger = newLedger();
      admin(ledger, { op: "end_staking_auction" });
      const op = registerNodeOp(1, 1, "250000.0", { nodeId: "abc" });
      expect(refusal(ledger, ALICE, op).code).toBe("AUCTION_NOT_IN_PROGRESS");
    });

    it("step 4 before step 5: existing ID + invalid role", () => {
      const ledger = newLedger();
      registerNode(ledger, ALICE, 1, 1, "250000.0");
      expect(refusal(ledger, BOB, registerNodeOp(1, 9, "250000.0", nodeKeys(2))).code).toBe("NODE_ALREADY_EXISTS");
    });

    it("step 3 before step 5: uppercase ID + invalid role", () => {
      const ledger = newLedger();
      const op = registerNodeOp(1, 0, "250000.0", { nodeId: "A".repeat(64) });
      expect(refusal(ledger, ALICE, op).code).toBe("INVALID_NODE_ID");
    });

    it("step 5 before step 6: invalid role + invalid address", () => {
      const ledger = newLedger();
      const op = registerNodeOp(1, 0, "250000.0", { networkingAddress: "no-port" });
      expect(refusal(ledger, ALICE, op).code).toBe("INVALID_ROLE");
    });

    it("step 6 before step 7: invalid address + invalid networking key", () => {
      const ledger = newLedger();
      const op = registerNodeOp(1, 1, "250000.0", { networkingAddress: "no-port", networkingKey: "00" });
      expect(refusal(ledger, ALICE, op).code).toBe("INVALID_NETWORKING_ADDRESS");
    });

    it("step 7 before step 8: invalid networking key + invalid staking key", () => {
      const ledger = newLedger();
      const op = registerNodeOp(1, 1, "250000.0", { networkingKey: "00", stakingKey: "00" });
      expect(refusal(ledger, ALICE, op).code).toBe("INVALID_NETWORKING_KEY");
    });

    it("step 8 before step 9: invalid staking key + claimed address", () => {
      const ledger = newLedger();
      registerNode(ledger, ALICE, 1, 1, "250000.0");
      const op = registerNodeOp(2, 1, "250000.0", {
        networkingAddress: nodeKeys(1).networkingAddress,
        stakingKey: "00",
      });
      expect(refusal(ledger, BOB, op).code).toBe("INVALID_STAKING_KEY");
    });

    it("steps 7/8 before step 9: the uppercase form of a claimed key is refused as malformed, not as claimed", () => {
      const ledger = newLedger();
      registerNode(ledger, ALICE, 1, 1, "250000.0");
      const taken = nodeKeys(1);
      const upperNetworking = registerNodeOp(2, 1, "250000.0", { networkingKey: taken.networkingKey.toUpperCase() });
      expect(refusal(ledger, BOB, upperNetworking).code).toBe("INVALID_NETWORKING_KEY");
      const upperStaking = registerNodeOp(2, 1, "250000.0", { stakingKey: taken.stakingKey.toUpperCase() });
      expect(refusal(ledger, BOB, upperStaking).code).toBe("INVALID_STAKING_KEY");
    });

    it("step 9: claimed address before claimed networking key before claimed staking key", () => {
      const ledger = newLedger();
      registerNode(ledger, ALICE, 1, 1, "250000.0");
      const taken = nodeKeys(1);
      expect(refusal(ledger, BOB, registerNodeOp(2, 1, "250000.0", taken)).code).toBe("NETWORKING_ADDRESS_CLAIMED");
      const keysTaken = { networkingKey: taken.networkingKey, stakingKey: taken.stakingKey };
      expect(refusal(ledger, BOB, registerNodeOp(2, 1, "250000.0", keysTaken)).code).toBe("NETWORKING_KEY_CLAIMED");
    });

    it("step 9 before step 11: claimed staking key + below the minimum", () => {
      const ledger = newLedger();
      registerNode(ledger, ALICE, 1, 1, "250000.0");
      const op = registerNodeOp(2, 1, "1.0", { stakingKey: nodeKeys(1).stakingKey });
      expect(refusal(ledger, BOB, op).code).toBe("STAKING_KEY_CLAIMED");
    });

    it("step 9 before step 10 (full mode): claimed staking key + a verifier that rejects every key", () => {
      const ledger = newLedger({ keyValidation: "full" });
      apply(ledger, ALICE, registerNodeOp(1, 1, "250000.0", { stakingKeyPoP: SOME_POP }), {
        verifier: stubVerifier(),
      });
      const op = registerNodeOp(2, 1, "250000.0", { stakingKey: nodeKeys(1).stakingKey, stakingKeyPoP: SOME_POP });
      const rejectAll = stubVerifier({ stakingKey: false, pop: false, networkingKey: false });
      expect(refusal(ledger, BOB, op, rejectAll).code).toBe("STAKING_KEY_CLAIMED");
    });

    it("step 10: staking key before PoP before networking key", () => {
      const ledger = newLedger({ keyValidation: "full" });
      const op = registerNodeOp(1, 1, "250000.0", { stakingKeyPoP: SOME_POP });
      const allBad = stubVerifier({ stakingKey: false, pop: false, networkingKey: false });
      expect(refusal(ledger, ALICE, op, allBad).code).toBe("STAKING_KEY_NOT_ON_CURVE");
      const popAndNetworkingBad = stubVerifier({ pop: false, networkingKey: false });
      expect(refusal(ledger, ALICE, op, popAndNetworkingBad).code).toBe("INVALID_PROOF_OF_POSSESSION");
    });

    it("step 10 before step 11 (full mode): invalid PoP + below the minimum", () => {
      const ledger = newLedger({ keyValidation: "full" });
      const op = registerNodeOp(1, 1, "1.0", { stakingKeyPoP: SOME_POP });
      expect(refusal(ledger, ALICE, op, stubVerifier({ pop: false })).code).toBe("INVALID_PROOF_OF_POSSESSION");
    });

    it("step 11 before the candidate limit: below the minimum + a full candidate list", () => {
      const ledger = newLedger({ candidateNodeLimits: roleTable(() => 0n) });
      expect(refusal(ledger, ALICE, registerNodeOp(1, 1, "1.0")).code).toBe("BELOW_MINIMUM_STAKE");
    });
  });
});

describe("register_delegator (§6.1)", () => {
  it("creates delegator 1 with the tokens committed, on the moves-pending list", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const { result, events } = apply(ledger, BOB, {
      op: "register_delegator",
      nodeId: node,
      amount: parseAmount("1234.56789"),
    });
    expect(result).toEqual({ nodeId: node, delegatorId: 1 });
    expect(events).toEqual([
      { type: "NewDelegatorCreated", nodeID: node, delegatorID: 1 },
      { type: "DelegatorTokensCommitted", nodeID: node, delegatorID: 1, amount: parseAmount("1234.56789") },
    ]);
    const delegator = delegatorOf(ledger, node, 1);
    expect(poolsOf(delegator)).toEqual(pools({ committed: "1234.56789" }));
    expect(delegator.owner).toBe(BOB);
    expect(delegator.movePending).toBe(true);
    expect(ledger.movesPending.has(node)).toBe(true);
    expect(balanceOf(ledger, BOB)).toBe(START_BALANCE - parseAmount("1234.56789"));
    // The node's own pools are untouched.
    expect(poolsOf(nodeOf(ledger, node))).toEqual(pools({ committed: "250000.0" }));
  });

  it("numbers delegators 1, 2, 3 … per node", () => {
    const ledger = newLedger();
    const first = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const second = registerNode(ledger, ALICE, 2, 2, "500000.0");
    expect(registerDelegator(ledger, BOB, first, "50.0")).toBe(1);
    expect(registerDelegator(ledger, CAROL, first, "50.0")).toBe(2);
    expect(registerDelegator(ledger, BOB, second, "50.0")).toBe(1);
    expect(registerDelegator(ledger, BOB, first, "50.0")).toBe(3);
  });

  it("accepts exactly the delegator minimum (≥) and needs no approval of the node", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    expect(ledger.approved.has(node)).toBe(false);
    registerDelegator(ledger, BOB, node, "50.0");
    expect(poolsOf(delegatorOf(ledger, node, 1))).toEqual(pools({ committed: "50.0" }));
  });

  it("accepts a node whose own stake is only committed, not yet staked", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 4, "135000.0");
    expect(nodeOf(ledger, node).staked).toBe(ZERO);
    expect(registerDelegator(ledger, BOB, node, "100.0")).toBe(1);
  });

  describe("one refusal per error code, state unchanged", () => {
    it("NODE_NOT_FOUND for an unknown node", () => {
      const ledger = newLedger();
      const op = { op: "register_delegator", nodeId: nodeId(42), amount: parseAmount("100.0") } as const;
      expect(refusal(ledger, BOB, op)).toEqual({
        code: "NODE_NOT_FOUND",
        details: { nodeId: nodeId(42) },
        stateUnchanged: true,
      });
    });

    it("§18 rule 2: ACCESS_NODE_NOT_DELEGATABLE for an access node", () => {
      const ledger = newLedger();
      const access = registerNode(ledger, ALICE, 1, 5, "100.0");
      const op = { op: "register_delegator", nodeId: access, amount: parseAmount("100.0") } as const;
      expect(refusal(ledger, BOB, op)).toMatchObject({ code: "ACCESS_NODE_NOT_DELEGATABLE", stateUnchanged: true });
    });

    it("BELOW_DELEGATOR_MINIMUM below 50.0", () => {
      const ledger = newLedger();
      const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
      const op = { op: "register_delegator", nodeId: node, amount: parseAmount("49.99999999") } as const;
      expect(refusal(ledger, BOB, op)).toEqual({
        code: "BELOW_DELEGATOR_MINIMUM",
        details: { amount: "49.99999999", minimum: "50.00000000" },
        stateUnchanged: true,
      });
    });

    it("NODE_BELOW_MINIMUM for a node that requested to unstake below its minimum", () => {
      const ledger = newLedger();
      const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
      endEpoch(ledger, [node]);
      apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: parseAmount("0.00000001") });
      const op = { op: "register_delegator", nodeId: node, amount: parseAmount("100.0") } as const;
      expect(refusal(ledger, BOB, op)).toMatchObject({ code: "NODE_BELOW_MINIMUM", stateUnchanged: true });
    });

    it("AUCTION_NOT_IN_PROGRESS once the auction has ended", () => {
      const ledger = newLedger();
      const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
      admin(ledger, { op: "end_staking_auction" });
      const op = { op: "register_delegator", nodeId: node, amount: parseAmount("100.0") } as const;
      expect(refusal(ledger, BOB, op)).toMatchObject({ code: "AUCTION_NOT_IN_PROGRESS", stateUnchanged: true });
    });

    it("INSUFFICIENT_BALANCE when the signer cannot pay", () => {
      const ledger = newLedger();
      const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
      const op = { op: "register_delegator", nodeId: node, amount: parseAmount("100.0") } as const;
      expect(refusal(ledger, ADMIN, op)).toEqual({
        code: "INSUFFICIENT_BALANCE",
        details: { account: ADMIN, balance: "0.00000000", amount: "100.00000000" },
        stateUnchanged: true,
      });
    });
  });

  describe("check order (§6.1): auction, node exists, not access, delegator minimum, node's minimum", () => {
    it("auction closed + unknown node reports the auction", () => {
      const ledger = newLedger();
      admin(ledger, { op: "end_staking_auction" });
      const op = { op: "register_delegator", nodeId: nodeId(42), amount: parseAmount("100.0") } as const;
      expect(refusal(ledger, BOB, op).code).toBe("AUCTION_NOT_IN_PROGRESS");
    });

    it("access node + below the delegator minimum reports the access node", () => {
      const ledger = newLedger();
      const access = registerNode(ledger, ALICE, 1, 5, "100.0");
      const op = { op: "register_delegator", nodeId: access, amount: parseAmount("1.0") } as const;
      expect(refusal(ledger, BOB, op).code).toBe("ACCESS_NODE_NOT_DELEGATABLE");
    });

    it("below the delegator minimum + node below its minimum reports the delegator minimum", () => {
      const ledger = newLedger();
      const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
      endEpoch(ledger, [node]);
      apply(ledger, ALICE, { op: "request_unstaking", nodeId: node, amount: parseAmount("1.0") });
      const op = { op: "register_delegator", nodeId: node, amount: parseAmount("1.0") } as const;
      expect(refusal(ledger, BOB, op).code).toBe("BELOW_DELEGATOR_MINIMUM");
    });
  });
});
