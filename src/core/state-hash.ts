/**
 * The state hash: SHA3-256 over a canonical text encoding of everything in the ledger state, in a fixed order
 * (maps and sets sorted). Two ledgers have the same hash exactly when they hold the same state.
 */
import { sha3_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { delegatorRecords } from "./delegators.js";
import { ROLES } from "./roles.js";
import type { LedgerState, Pools } from "./state.js";

const encoder = new TextEncoder();
const CHUNK = 1 << 16;

/** Buffers text and feeds the hash in large pieces. */
class HashWriter {
  private readonly hash = sha3_256.create();
  private pending: string[] = [];
  private size = 0;

  line(...parts: (string | number | bigint | boolean)[]): void {
    const text = `${parts.join(" ")}\n`;
    this.pending.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) this.flush();
  }

  private flush(): void {
    this.hash.update(encoder.encode(this.pending.join("")));
    this.pending = [];
    this.size = 0;
  }

  digest(): string {
    this.flush();
    return bytesToHex(this.hash.digest());
  }
}

function sorted<T extends string | number>(values: Iterable<T>): T[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function pools(p: Pools): bigint[] {
  return [p.committed, p.staked, p.unstaking, p.unstaked, p.rewarded, p.requestedToUnstake];
}

export function stateHash(state: LedgerState): string {
  const w = new HashWriter();
  w.line("flowstake-state", 1);
  w.line("config", state.keyValidation, JSON.stringify(state.seed), state.randomDraws, JSON.stringify(state.admin));
  w.line("supply", state.totalSupply, state.feeVault);
  w.line("epoch", state.epochCounter, state.stakingEnabled);
  const p = state.params;
  w.line("payout", p.epochTokenPayout, "cut", p.rewardCut, "delegatorMinimum", p.delegatorMinimum);
  for (const role of sorted(p.minimumStakes.keys())) w.line("minimum", role, p.minimumStakes.get(role) ?? "");
  for (const role of ROLES) {
    w.line(
      "role",
      role,
      p.candidateNodeLimits[role],
      p.slotLimits[role],
      p.openSlots.get(role) ?? "-",
      state.roleCounts[role],
      state.totalStakedByRole[role],
    );
    for (const id of sorted(state.candidates[role])) w.line("candidate", role, id);
  }
  for (const id of sorted(state.accounts.keys())) {
    w.line("account", JSON.stringify(id), state.accounts.get(id)?.balance ?? "");
  }
  for (const id of sorted(state.participants)) w.line("participant", id);
  for (const id of sorted(state.approved)) w.line("approved", id);
  for (const id of sorted(state.movesPending)) w.line("pending", id);
  for (const id of sorted(state.nonOperational.keys())) {
    w.line("nonOperational", JSON.stringify(id), state.nonOperational.get(id) ?? "");
  }
  for (const address of sorted(state.claimedNetworkingAddresses)) w.line("claimedAddress", JSON.stringify(address));
  for (const key of sorted(state.claimedNetworkingKeys)) w.line("claimedNetworkingKey", key);
  for (const key of sorted(state.claimedStakingKeys)) w.line("claimedStakingKey", key);
  for (const id of sorted(state.nodes.keys())) {
    const node = state.nodes.get(id);
    if (node === undefined) continue;
    w.line(
      "node",
      id,
      node.role,
      JSON.stringify(node.networkingAddress),
      node.networkingKey,
      node.stakingKey,
      ...pools(node),
      node.initialWeight,
      JSON.stringify(node.owner),
      node.delegators.count,
    );
    for (const d of delegatorRecords(node.delegators)) {
      w.line("delegator", d.id, ...pools(d), JSON.stringify(d.owner), d.movePending);
    }
  }
  return w.digest();
}
