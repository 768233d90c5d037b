/** Registering a node (§5.1) and a delegator (§6.1). */

import { type Amount, formatAmount, ZERO } from "../amount.js";
import { debit, requireBalance } from "../balances.js";
import type { OperationContext } from "../context.js";
import { appendDelegator, createDelegatorTable, readDelegator } from "../delegators.js";
import { LedgerError } from "../errors.js";
import { type DelegatorId, isLowercaseHex, type NodeId } from "../ids.js";
import { ACCESS, isRole } from "../roles.js";
import { emptyPools, type NodeRecord } from "../state.js";
import { isValidNetworkingAddress } from "./networking-address.js";
import {
  checkCandidateRoom,
  fullCommittedBalance,
  markDelegatorMovePending,
  markNodeMovePending,
  meetsRoleMinimum,
  nodeChanged,
  requireAuctionOpen,
  requireNode,
  roleMinimum,
  saveDelegator,
} from "./records.js";

export interface RegisterNodeArgs {
  nodeId: string;
  role: number;
  networkingAddress: string;
  networkingKey: string;
  stakingKey: string;
  stakingKeyPoP?: string | undefined;
  amount: Amount;
}

export function registerNode(ctx: OperationContext, args: RegisterNodeArgs): { nodeId: NodeId } {
  const { state } = ctx;
  const account = requireBalance(ctx, args.amount);
  requireAuctionOpen(state, "register a node");
  const { nodeId, role } = args;
  if (nodeId.length !== 64) {
    throw new LedgerError("INVALID_NODE_ID", `node ID must be 64 hex characters, got ${nodeId.length}`, { nodeId });
  }
  if (!isLowercaseHex(nodeId, 64)) {
    throw new LedgerError("INVALID_NODE_ID", `node ID must have only digits and lowercase hex letters`, { nodeId });
  }
  if (state.nodes.has(nodeId as NodeId)) {
    throw new LedgerError("NODE_ALREADY_EXISTS", `node ${nodeId} is already in the identity table`, { nodeId });
  }
  if (!isRole(role)) {
    throw new LedgerError("INVALID_ROLE", `role must be 1, 2, 3, 4 or 5, got ${role}`, { role });
  }
  if (!isValidNetworkingAddress(args.networkingAddress)) {
    throw new LedgerError(
      "INVALID_NETWORKING_ADDRESS",
      `networking address ${JSON.stringify(args.networkingAddress)} is not host:port with a domain host`,
      {
        networkingAddress: args.networkingAddress,
      },
    );
  }
  if (!isLowercaseHex(args.networkingKey, 128)) {
    throw new LedgerError("INVALID_NETWORKING_KEY", "networking key must be exactly 128 lowercase hex characters");
  }
  if (!isLowercaseHex(args.stakingKey, 192)) {
    throw new LedgerError("INVALID_STAKING_KEY", "staking key must be exactly 192 lowercase hex characters");
  }
  if (state.claimedNetworkingAddresses.has(args.networkingAddress)) {
    throw new LedgerError(
      "NETWORKING_ADDRESS_CLAIMED",
      `networking address ${args.networkingAddress} is already claimed`,
    );
  }
  if (state.claimedNetworkingKeys.has(args.networkingKey)) {
    throw new LedgerError("NETWORKING_KEY_CLAIMED", "networking key is already claimed by another node");
  }
  if (state.claimedStakingKeys.has(args.stakingKey)) {
    throw new LedgerError("STAKING_KEY_CLAIMED", "staking key is already claimed by another node");
  }
  if (state.keyValidation === "full") checkKeys(ctx, args);
  if (!meetsRoleMinimum(state, args.amount, role)) {
    const minimum = roleMinimum(state, role);
    throw new LedgerError(
      "BELOW_MINIMUM_STAKE",
      `the amount of tokens committed for registration of ${formatAmount(args.amount)} is below the minimum ${formatAmount(minimum)} for role ${role}`,
      { amount: formatAmount(args.amount), minimum: formatAmount(minimum), role },
    );
  }
  // Stake new tokens (§5.2): a fresh node with at least its minimum committed is always a candidate.
  checkCandidateRoom(state, role);

  const id = nodeId as NodeId;
  const node: NodeRecord = {
    id,
    role,
    networkingAddress: args.networkingAddress,
    networkingKey: args.networkingKey,
    stakingKey: args.stakingKey,
    ...emptyPools(),
    delegators: createDelegatorTable(),
    initialWeight: 0,
    owner: account.id,
  };
  debit(state, account, args.amount);
  state.nodes.set(id, node);
  state.claimedNetworkingAddresses.add(node.networkingAddress);
  state.claimedNetworkingKeys.add(node.networkingKey);
  state.claimedStakingKeys.add(node.stakingKey);
  ctx.events.push({ type: "NewNodeCreated", nodeID: id, role, amountCommitted: ZERO });
  ctx.events.push({ type: "TokensCommitted", nodeID: id, amount: args.amount });
  node.committed = args.amount;
  state.candidates[role].add(id);
  markNodeMovePending(state, node);
  nodeChanged(state, node);
  return { nodeId: id };
}

/** §5.1 step 10: the staking key is a BLS12-381 key whose PoP verifies; the networking key is a P-256 point. */
function checkKeys(ctx: OperationContext, args: RegisterNodeArgs): void {
  const verifier = ctx.verifier;
  if (verifier === undefined) throw new Error("full key validation needs a NodeKeyVerifier");
  if (!verifier.isValidStakingKey(args.stakingKey)) {
    throw new LedgerError("STAKING_KEY_NOT_ON_CURVE", "staking key is not a valid BLS12-381 public key");
  }
  const pop = args.stakingKeyPoP;
  if (pop === undefined || !/^[0-9a-fA-F]{96}$/.test(pop) || !verifier.verifyProofOfPossession(args.stakingKey, pop)) {
    throw new LedgerError(
      "INVALID_PROOF_OF_POSSESSION",
      pop === undefined
        ? "a proof of possession of the staking key is required"
        : "the proof of possession does not verify for this staking key",
    );
  }
  if (!verifier.isValidNetworkingKey(args.networkingKey)) {
    throw new LedgerError("NETWORKING_KEY_NOT_ON_CURVE", "networking key is not a valid ECDSA P-256 public key");
  }
}

export function registerDelegator(
  ctx: OperationContext,
  args: { nodeId: string; amount: Amount },
): { nodeId: NodeId; delegatorId: DelegatorId } {
  const { state } = ctx;
  const account = requireBalance(ctx, args.amount);
  requireAuctionOpen(state, "register a delegator");
  const node = requireNode(state, args.nodeId);
  if (node.role === ACCESS) {
    throw new LedgerError("ACCESS_NODE_NOT_DELEGATABLE", `cannot register a delegator for access node ${node.id}`);
  }
  const minimum = state.params.delegatorMinimum;
  if (args.amount < minimum) {
    throw new LedgerError(
      "BELOW_DELEGATOR_MINIMUM",
      `the amount of tokens committed for registration of ${formatAmount(args.amount)} is below the delegator minimum ${formatAmount(minimum)}`,
      { amount: formatAmount(args.amount), minimum: formatAmount(minimum) },
    );
  }
  if (!meetsRoleMinimum(state, fullCommittedBalance(node), node.role)) {
    throw new LedgerError(
      "NODE_BELOW_MINIMUM",
      `cannot register a delegator: node ${node.id} has ${formatAmount(fullCommittedBalance(node))} committed, below its minimum`,
    );
  }

  debit(state, account, args.amount);
  const delegator = readDelegator(node.delegators, appendDelegator(node.delegators, account.id));
  ctx.events.push({ type: "NewDelegatorCreated", nodeID: node.id, delegatorID: delegator.id });
  ctx.events.push({
    type: "DelegatorTokensCommitted",
    nodeID: node.id,
    delegatorID: delegator.id,
    amount: args.amount,
  });
  delegator.committed = args.amount;
  markDelegatorMovePending(state, node, delegator);
  saveDelegator(ctx.state, node, delegator);
  return { nodeId: node.id, delegatorId: delegator.id };
}
