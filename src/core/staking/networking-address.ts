/**
 * Networking address rules (staking-contract.md §5.1): `host:port`, 1..510 characters, exactly one ':', a decimal
 * port in 1..65535, a host of letters, digits, '.', '-' and '_', whose last dot-separated label contains a letter
 * (so IP literals such as 123.234.56.23:3569 are refused).
 */
import type { OperationContext } from "../context.js";
import { LedgerError } from "../errors.js";
import { nodeChanged, requireAuctionOpen, requireNodeOperator } from "./records.js";

const HOST_CHARACTERS = /^[A-Za-z0-9._-]*$/;
const PORT_DIGITS = /^[0-9]+$/;
const LETTER = /[A-Za-z]/;

export function isValidNetworkingAddress(address: string): boolean {
  if (address.length === 0 || address.length > 510) return false;
  const parts = address.split(":");
  if (parts.length !== 2) return false;
  const [host = "", port = ""] = parts;
  if (!PORT_DIGITS.test(port)) return false;
  const portNumber = Number(port);
  if (portNumber < 1 || portNumber > 65535) return false;
  if (!HOST_CHARACTERS.test(host)) return false;
  const topLabel = host.slice(host.lastIndexOf(".") + 1);
  return LETTER.test(topLabel);
}

/** §5.8: auction open, a valid address not claimed by anyone (including this node); the old one is released. */
export function updateNetworkingAddress(ctx: OperationContext, args: { nodeId: string; networkingAddress: string }) {
  const { state } = ctx;
  const node = requireNodeOperator(ctx, args.nodeId);
  requireAuctionOpen(state, "update the networking address");
  const address = args.networkingAddress;
  if (!isValidNetworkingAddress(address)) {
    throw new LedgerError("INVALID_NETWORKING_ADDRESS", `networking address ${JSON.stringify(address)} is not valid`, {
      networkingAddress: address,
    });
  }
  if (state.claimedNetworkingAddresses.has(address)) {
    throw new LedgerError("NETWORKING_ADDRESS_CLAIMED", `networking address ${address} is already claimed`);
  }
  state.claimedNetworkingAddresses.delete(node.networkingAddress);
  node.networkingAddress = address;
  state.claimedNetworkingAddresses.add(address);
  nodeChanged(state, node);
  ctx.events.push({ type: "NetworkingAddressUpdated", nodeID: node.id, newAddress: address });
  return null;
}
