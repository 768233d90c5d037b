import { describe, expect, it } from "vitest";
import { apply } from "../operations.js";
import {
  ALICE,
  admin,
  BOB,
  newLedger,
  nodeId,
  nodeKeys,
  nodeOf,
  refusal,
  registerNode,
  registerNodeOp,
} from "../test-fixtures.js";
import { isValidNetworkingAddress } from "./networking-address.js";

describe("networking address rules (§5.1)", () => {
  it.each([
    "host.com:3569",
    "collector-1.example.org:3569",
    "a_b-c.EXAMPLE.org:1",
    "x.y:65535",
    "localhost:3569",
    "host.a3:3569",
    `${"a".repeat(505)}:3569`,
  ])("accepts %j", (address) => {
    expect(isValidNetworkingAddress(address)).toBe(true);
  });

  it.each([
    ["", "empty"],
    ["host.com:65536", "port above 65535"],
    ["123.234.56.23:3569", "IPv4 literal"],
    ["[2001:db8::1]:3569", "IPv6 literal with port"],
    ["host.3:3569", "numeric TLD"],
    ["abcd.xyz.com", "no port"],
    [`${"a".repeat(506)}:3569`, "511 characters"],
    ["198.234.124.123:3569", "IPv4 literal"],
    ["host.com:0", "port 0"],
    ["host.com:", "empty port"],
    ["host.com:35a9", "non-decimal port"],
    ["host.com:-1", "negative port"],
    ["host.com:3569:1", "two colons"],
    ["host com:3569", "space in host"],
    ["host/com:3569", "slash in host"],
    [":3569", "empty host"],
  ])("rejects %j (%s)", (address) => {
    expect(isValidNetworkingAddress(address)).toBe(false);
  });
});

describe("update_networking_address (§5.8)", () => {
  it("sets the new address, emits NetworkingAddressUpdated, claims it and releases the old one", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const old = nodeKeys(1).networkingAddress;
    const { result, events } = apply(ledger, ALICE, {
      op: "update_networking_address",
      nodeId: node,
      networkingAddress: "moved.example.org:3569",
    });
    expect(result).toBeNull();
    expect(events).toEqual([{ type: "NetworkingAddressUpdated", nodeID: node, newAddress: "moved.example.org:3569" }]);
    expect(nodeOf(ledger, node).networkingAddress).toBe("moved.example.org:3569");
    expect(ledger.claimedNetworkingAddresses.has("moved.example.org:3569")).toBe(true);
    expect(ledger.claimedNetworkingAddresses.has(old)).toBe(false);

    // Another node may now register with the released address…
    apply(ledger, BOB, registerNodeOp(2, 1, "250000.0", { networkingAddress: old }));
    expect(nodeOf(ledger, nodeId(2)).networkingAddress).toBe(old);
    // …but nobody may take the new one.
    const op = registerNodeOp(3, 1, "250000.0", { networkingAddress: "moved.example.org:3569" });
    expect(refusal(ledger, BOB, op).code).toBe("NETWORKING_ADDRESS_CLAIMED");
  });

  it("the node itself may return to its released address later", () => {
    const ledger = newLedger();
    const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
    const old = nodeKeys(1).networkingAddress;
    apply(ledger, ALICE, { op: "update_networking_address", nodeId: node, networkingAddress: "tmp.example.org:1" });
    apply(ledger, ALICE, { op: "update_networking_address", nodeId: node, networkingAddress: old });
    expect(nodeOf(ledger, node).networkingAddress).toBe(old);
    expect(ledger.claimedNetworkingAddresses.has("tmp.example.org:1")).toBe(false);
  });

  describe("one refusal per error code, state unchanged", () => {
    it("NETWORKING_ADDRESS_CLAIMED for the node's own current address", () => {
      const ledger = newLedger();
      const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
      const op = {
        op: "update_networking_address",
        nodeId: node,
        networkingAddress: nodeKeys(1).networkingAddress,
      } as const;
      expect(refusal(ledger, ALICE, op)).toMatchObject({ code: "NETWORKING_ADDRESS_CLAIMED", stateUnchanged: true });
    });

    it("NETWORKING_ADDRESS_CLAIMED for another node's address", () => {
      const ledger = newLedger();
      const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
      registerNode(ledger, BOB, 2, 1, "250000.0");
      const op = {
        op: "update_networking_address",
        nodeId: node,
        networkingAddress: nodeKeys(2).networkingAddress,
      } as const;
      expect(refusal(ledger, ALICE, op)).toMatchObject({ code: "NETWORKING_ADDRESS_CLAIMED", stateUnchanged: true });
    });

    it("INVALID_NETWORKING_ADDRESS", () => {
      const ledger = newLedger();
      const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
      const op = { op: "update_networking_address", nodeId: node, networkingAddress: "10.0.0.1:3569" } as const;
      expect(refusal(ledger, ALICE, op)).toEqual({
        code: "INVALID_NETWORKING_ADDRESS",
        details: { networkingAddress: "10.0.0.1:3569" },
        stateUnchanged: true,
      });
    });

    it("AUCTION_NOT_IN_PROGRESS, NOT_OWNER, NODE_NOT_FOUND", () => {
      const ledger = newLedger();
      const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
      const op = { op: "update_networking_address", nodeId: node, networkingAddress: "new.example.org:1" } as const;
      expect(refusal(ledger, BOB, op)).toEqual({
        code: "NOT_OWNER",
        details: { account: BOB, nodeId: node },
        stateUnchanged: true,
      });
      expect(refusal(ledger, ALICE, { ...op, nodeId: nodeId(9) })).toEqual({
        code: "NODE_NOT_FOUND",
        details: { nodeId: nodeId(9) },
        stateUnchanged: true,
      });
      admin(ledger, { op: "end_staking_auction" });
      expect(refusal(ledger, ALICE, op)).toMatchObject({ code: "AUCTION_NOT_IN_PROGRESS", stateUnchanged: true });
    });

    it("check order: auction closed + invalid address reports the auction; invalid before claimed", () => {
      const ledger = newLedger();
      const node = registerNode(ledger, ALICE, 1, 1, "250000.0");
      admin(ledger, { op: "end_staking_auction" });
      const op = { op: "update_networking_address", nodeId: node, networkingAddress: "bad" } as const;
      expect(refusal(ledger, ALICE, op).code).toBe("AUCTION_NOT_IN_PROGRESS");
    });
  });
});
