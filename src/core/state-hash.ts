/**
 * The state hash: SHA3-256 over a canonical encoding of everything in the ledger, structured so that it can be
 * kept up to date incrementally.
 *
 *   stateHash = H("flowstake-state-v2" ‖ globals ‖ Σaccounts ‖ H(nodes) ‖ H(pending rewards))
 *
 * - globals: parameters, lists, counters, supply, epoch state — small, rehashed every time;
 * - Σaccounts: the sum mod 2²⁵⁶ of H(account) over all accounts and H(member) over all pools' members (a multiset
 *   hash: order-free, updated per account and per member; a pool's own fields and cohorts are in the globals);
 * - H(nodes): the hash of every node's digest in node-ID order, where a node's digest covers its own fields and the
 *   digests of its delegators in chunks of `DELEGATOR_CHUNK` (the raw 64-bit columns, little-endian);
 * - the pending reward breakdown, hashed once when it is stored.
 *
 * `stateHash(state)` computes it from scratch. `StateDigest` keeps the per-account, per-node and per-chunk digests
 * and, on each `update`, rehashes only what `state.changes` says changed — the two always agree.
 */
import { sha3_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { type ChangeSet, createChangeSet, DELEGATOR_CHUNK } from "./changes.js";
import { POOL_COLUMNS } from "./delegators.js";
import type { RewardsSummary } from "./epoch/rewards.js";
import type { AccountId, NodeId } from "./ids.js";
import { type PoolMember, poolMemberDigestText, poolsDigestText } from "./pools/index.js";
import { ROLES } from "./roles.js";
import { slashingDigestText } from "./slashing/index.js";
import type { Account, LedgerState, NodeRecord } from "./state.js";

/** SHA3-256 of the concatenation of `parts`. The node passes a native one; the default is pure JS. */
export type Hasher = (parts: readonly Uint8Array[]) => Uint8Array;

export const sha3Hasher: Hasher = (parts) => {
  const h = sha3_256.create();
  for (const part of parts) h.update(part);
  return h.digest();
};

const encoder = new TextEncoder();
const MOD = 1n << 256n;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error("the state digest hashes 64-bit columns as little-endian bytes; this platform is big-endian");
}

function text(...lines: (string | number | bigint | boolean)[][]): Uint8Array {
  return encoder.encode(lines.map((parts) => `${parts.join(" ")}\n`).join(""));
}

function sorted<T extends string | number>(values: Iterable<T>): T[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function globals(state: LedgerState): Uint8Array {
  const p = state.params;
  const e = state.epoch;
  const lines: (string | number | bigint | boolean)[][] = [
    ["config", state.keyValidation, JSON.stringify(state.seed), state.randomDraws, JSON.stringify(state.admin)],
    ["supply", state.totalSupply, state.feeVault, "fee", state.transactionFee, "accounts", state.accountCounter],
    ["epoch", state.epochCounter, state.stakingEnabled, e.phase, e.startedAt, e.setupStartedAt ?? "-"],
    ["timing", e.timing.epochLengthMs, e.timing.stakingAuctionMs, e.timing.setupMs, e.previousTotalRewards],
    ["auto", e.automaticRewards.enabled, e.automaticRewards.supplyIncreasePercentage, e.automaticRewards.bonusTokens],
    ["pending", e.pendingRewards?.epochCounter ?? "-", e.pendingRewards?.paid ?? "-"],
    ["payout", p.epochTokenPayout, "cut", p.rewardCut, "delegatorMinimum", p.delegatorMinimum],
  ];
  for (const role of sorted(p.minimumStakes.keys())) lines.push(["minimum", role, p.minimumStakes.get(role) ?? ""]);
  for (const role of ROLES) {
    lines.push([
      "role",
      role,
      p.candidateNodeLimits[role],
      p.slotLimits[role],
      p.openSlots.get(role) ?? "-",
      state.roleCounts[role],
      state.totalStakedByRole[role],
    ]);
    for (const id of sorted(state.candidates[role])) lines.push(["candidate", role, id]);
  }
  for (const id of sorted(state.participants)) lines.push(["participant", id]);
  for (const id of sorted(state.approved)) lines.push(["approved", id]);
  for (const id of sorted(state.movesPending)) lines.push(["pending", id]);
  for (const id of sorted(state.nonOperational.keys())) {
    lines.push(["nonOperational", JSON.stringify(id), state.nonOperational.get(id) ?? ""]);
  }
  for (const address of sorted(state.claimedNetworkingAddresses)) lines.push(["address", JSON.stringify(address)]);
  for (const key of sorted(state.claimedNetworkingKeys)) lines.push(["networkingKey", key]);
  for (const key of sorted(state.claimedStakingKeys)) lines.push(["stakingKey", key]);
  return encoder.encode(new TextDecoder().decode(text(...lines)) + poolsDigestText(state) + slashingDigestText(state));
}

function accountDigest(hash: Hasher, account: Account): bigint {
  const lines: (string | number | bigint | boolean)[][] = [["account", JSON.stringify(account.id), account.balance]];
  for (const k of account.keys) {
    lines.push([
      "key",
      k.index,
      k.publicKey,
      k.signatureAlgorithm,
      k.hashAlgorithm,
      k.weight,
      k.revoked,
      k.sequenceNumber,
    ]);
  }
  return digestValue(hash([text(...lines)]));
}

/** The digest as a 256-bit number (one conversion through hex, not 32 BigInt shifts). */
function digestValue(digest: Uint8Array): bigint {
  return BigInt(`0x${bytesToHex(digest)}`);
}

function chunkDigest(hash: Hasher, node: NodeRecord, chunk: number): Uint8Array {
  const table = node.delegators;
  const start = chunk * DELEGATOR_CHUNK;
  const end = Math.min(table.count, start + DELEGATOR_CHUNK);
  const parts: Uint8Array[] = [text(["chunk", chunk, end - start])];
  for (const column of POOL_COLUMNS) {
    const array = table[column];
    parts.push(new Uint8Array(array.buffer, array.byteOffset + start * 8, (end - start) * 8));
  }
  parts.push(table.movePending.subarray(start, end));
  parts.push(encoder.encode(table.owners.slice(start, end).join("\n")));
  return hash(parts);
}

function nodeDigest(hash: Hasher, node: NodeRecord, chunks: readonly Uint8Array[]): Uint8Array {
  const fields = text([
    "node",
    node.id,
    node.role,
    JSON.stringify(node.networkingAddress),
    node.networkingKey,
    node.stakingKey,
    node.committed,
    node.staked,
    node.unstaking,
    node.unstaked,
    node.rewarded,
    node.requestedToUnstake,
    node.initialWeight,
    JSON.stringify(node.owner),
    node.delegators.count,
  ]);
  return hash([fields, ...chunks]);
}

function chunkCount(node: NodeRecord): number {
  return Math.ceil(node.delegators.count / DELEGATOR_CHUNK);
}

function summaryDigest(hash: Hasher, summary: RewardsSummary): Uint8Array {
  const parts: Uint8Array[] = [text(["rewards", summary.totalRewards, summary.entries.length])];
  for (const entry of summary.entries) {
    parts.push(text(["entry", entry.node.id, entry.nodeReward, entry.delegatorRewards.length]));
    const rewards = entry.delegatorRewards;
    parts.push(new Uint8Array(rewards.buffer, rewards.byteOffset, rewards.byteLength));
  }
  return hash(parts);
}

function toBytes32(value: bigint): Uint8Array {
  const bytes = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return bytes;
}

const NO_REWARDS = new Uint8Array(32);

/** Keeps the digests of a ledger's parts and brings them up to date from its change set. */
export class StateDigest {
  private readonly accounts = new Map<AccountId, bigint>();
  private accountsSum = 0n;
  private readonly chunks = new Map<NodeId, Uint8Array[]>();
  private readonly nodes = new Map<NodeId, Uint8Array>();
  private readonly summaries = new WeakMap<RewardsSummary, Uint8Array>();
  /** `poolId account` → the member's digest, part of `accountsSum`. */
  private readonly poolMembers = new Map<string, bigint>();
  private primed = false;

  constructor(private readonly hash: Hasher = sha3Hasher) {}

  /** The state hash after the changes recorded since the last update; clears the change set. */
  update(state: LedgerState): string {
    const changes = state.changes;
    state.changes = createChangeSet();
    if (!this.primed) {
      for (const account of state.accounts.values()) this.setAccount(account);
      for (const node of state.nodes.values()) this.rehashNode(node, null);
      for (const pool of state.pools.pools.values()) {
        for (const [account, member] of pool.members) this.setPoolMember(pool.id, account, member);
      }
      this.primed = true;
    } else {
      this.apply(state, changes);
    }
    return this.finish(state);
  }

  private apply(state: LedgerState, changes: ChangeSet): void {
    for (const id of changes.accounts) {
      const account = state.accounts.get(id);
      if (account !== undefined) this.setAccount(account);
    }
    const touched = new Set<NodeId>([...changes.nodes, ...changes.delegatorChunks.keys(), ...changes.allDelegators]);
    for (const id of touched) {
      const node = state.nodes.get(id);
      if (node === undefined) continue;
      this.rehashNode(node, changes.allDelegators.has(id) ? null : (changes.delegatorChunks.get(id) ?? new Set()));
    }
    for (const [poolId, accounts] of changes.poolMembers) {
      const members = state.pools.pools.get(poolId)?.members;
      for (const account of accounts) this.setPoolMember(poolId, account, members?.get(account));
    }
  }

  /** A member's digest in the multiset sum; `undefined` removes a member that left the list. */
  private setPoolMember(poolId: number, account: AccountId, member: PoolMember | undefined): void {
    const key = `${poolId} ${account}`;
    const previous = this.poolMembers.get(key) ?? 0n;
    const digest =
      member === undefined
        ? 0n
        : digestValue(this.hash([encoder.encode(poolMemberDigestText(poolId, account, member))]));
    this.accountsSum = (((this.accountsSum - previous + digest) % MOD) + MOD) % MOD;
    if (member === undefined) this.poolMembers.delete(key);
    else this.poolMembers.set(key, digest);
  }

  private setAccount(account: Account): void {
    const digest = accountDigest(this.hash, account);
    const previous = this.accounts.get(account.id) ?? 0n;
    this.accountsSum = (((this.accountsSum - previous + digest) % MOD) + MOD) % MOD;
    this.accounts.set(account.id, digest);
  }

  /** `dirty` = the chunk indexes to rehash, or null for all of them. */
  private rehashNode(node: NodeRecord, dirty: ReadonlySet<number> | null): void {
    const count = chunkCount(node);
    const chunks = this.chunks.get(node.id) ?? [];
    chunks.length = Math.min(chunks.length, count);
    for (let chunk = 0; chunk < count; chunk++) {
      if (dirty === null || dirty.has(chunk) || chunks[chunk] === undefined) {
        chunks[chunk] = chunkDigest(this.hash, node, chunk);
      }
    }
    this.chunks.set(node.id, chunks);
    this.nodes.set(node.id, nodeDigest(this.hash, node, chunks));
  }

  private finish(state: LedgerState): string {
    const nodeParts: Uint8Array[] = [];
    for (const id of sorted(this.nodes.keys())) {
      const digest = this.nodes.get(id);
      if (digest !== undefined) nodeParts.push(digest);
    }
    const pending = state.epoch.pendingRewards;
    let rewards: Uint8Array = NO_REWARDS;
    if (pending !== null) {
      rewards = this.summaries.get(pending.summary) ?? summaryDigest(this.hash, pending.summary);
      this.summaries.set(pending.summary, rewards);
    }
    const digest = this.hash([
      encoder.encode("flowstake-state-v2\n"),
      globals(state),
      toBytes32(this.accountsSum),
      this.hash(nodeParts),
      rewards,
    ]);
    return bytesToHex(digest);
  }
}

/** The state hash computed from scratch; leaves the change set alone. */
export function stateHash(state: LedgerState, hash: Hasher = sha3Hasher): string {
  const saved = state.changes;
  try {
    return new StateDigest(hash).update(state);
  } finally {
    state.changes = saved;
  }
}
