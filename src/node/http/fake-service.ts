/**
 * A small in-memory `NodeService` for the HTTP tests: a real ledger (`createLedger` + the core's `apply`) and the
 * real memory store, so every read the routes make is a real one. What it leaves out is the node's own work:
 * signatures, fees and sequence numbers are not checked — `submit` applies `payload.type` with `payload.args` as
 * `payload.authorizer`, one transaction per block. Test-only.
 */
import { createHash } from "node:crypto";
import { parseAmount } from "../../core/amount.js";
import { isJsonObject } from "../../core/arguments.js";
import { LedgerError } from "../../core/errors.js";
import { type AccountId, asAccountId } from "../../core/ids.js";
import { readOperation } from "../../core/operation-json.js";
import { type Applied, apply, type Operation } from "../../core/operations.js";
import { type AccountKeyInput, createLedger, type LedgerState } from "../../core/state.js";
import { stateHash } from "../../core/state-hash.js";
import { toJson } from "../../sim/json.js";
import { createMemoryStore, type MemoryLedgerStore } from "../../store/memory/memory-store.js";
import type { BlockHeader, StoredBlock, StoredEvent, StoredTransaction } from "../../store/port.js";
import type { MetricsSnapshot, NodeHealth, NodeMode, NodeService, TransactionOutcome } from "../service.js";

export const FAKE_ADMIN = asAccountId("0000000000000001");
export const FAKE_ALICE = asAccountId("0000000000000002");
export const FAKE_BOB = asAccountId("0000000000000003");
/** An address no account has. */
export const FAKE_NOBODY = asAccountId("00000000000000ff");
export const FAKE_GENESIS_TIME = 1_700_000_000_000;
/** Each block is this much later than the one before. */
export const FAKE_BLOCK_INTERVAL_MS = 1_000;

export const FAKE_PUBLIC_KEY = "ab".repeat(64);
const KEY: AccountKeyInput = {
  publicKey: FAKE_PUBLIC_KEY,
  signatureAlgorithm: "ECDSA_P256",
  hashAlgorithm: "SHA3_256",
  weight: 1000,
};

export interface FakeService extends NodeService {
  readonly store: MemoryLedgerStore;
  /** What `health()` answers. */
  healthState: NodeHealth;
  /** Applies operations as the node's system transactions (no authorizer, no envelope), all in one block. */
  systemBlock(operations: readonly Operation[]): BlockHeader;
  /** How many `onBlock` listeners are subscribed. */
  listenerCount(): number;
}

function sha3(text: string): string {
  return createHash("sha3-256").update(text).digest("hex");
}

function malformed(field: string, problem: string): LedgerError {
  return new LedgerError("TRANSACTION_MALFORMED", `${field}: ${problem}`, { field });
}

/** The parts of an envelope the fake reads. */
function readEnvelope(envelope: unknown): { type: string; args: unknown; authorizer: AccountId } {
  if (!isJsonObject(envelope)) throw malformed("envelope", "must be an object");
  const payload = envelope.payload;
  if (!isJsonObject(payload)) throw malformed("payload", "must be an object");
  if (typeof payload.type !== "string") throw malformed("payload.type", "must be a string");
  if (typeof payload.authorizer !== "string") throw malformed("payload.authorizer", "must be a string");
  return { type: payload.type, args: payload.args, authorizer: asAccountId(payload.authorizer) };
}

const METRICS: MetricsSnapshot = {
  height: 0,
  epochCounter: 0,
  epochPhase: "staking_auction",
  transactionsSubmitted: 5,
  transactionsExecuted: 3,
  refusals: { SEQUENCE_NUMBER_MISMATCH: 1, INVALID_SIGNATURE: 1 },
  blocks: 4,
  signatureVerifications: 7,
  queueDepth: 0,
  latency: {
    buckets: [
      { le: 0.005, count: 1 },
      { le: 0.05, count: 2 },
      { le: 0.5, count: 3 },
    ],
    sum: 0.125,
    count: 3,
  },
};

export function createFakeService(options: { mode?: NodeMode } = {}): FakeService {
  const state: LedgerState = createLedger({
    admin: FAKE_ADMIN,
    keyValidation: "format",
    accounts: [
      [FAKE_ADMIN, parseAmount("1000.0")],
      [FAKE_ALICE, parseAmount("10000000.0")],
      [FAKE_BOB, parseAmount("10000000.0")],
    ],
    accountKeys: new Map<AccountId, AccountKeyInput[]>([
      [FAKE_ADMIN, [KEY]],
      [FAKE_ALICE, [KEY]],
      [FAKE_BOB, [KEY, { ...KEY, weight: 500 }]],
    ]),
    accountCounter: 3,
    genesisTime: FAKE_GENESIS_TIME,
  });
  const store = createMemoryStore();
  const listeners = new Set<(header: BlockHeader) => void>();
  const outcomes = new Map<string, TransactionOutcome>();

  const genesis: StoredBlock = {
    height: 0,
    timestamp: FAKE_GENESIS_TIME,
    parentHash: "0".repeat(64),
    stateHash: stateHash(state),
    hash: sha3("genesis"),
    transactionCount: 0,
    eventCount: 0,
    transactions: [],
    events: [],
  };
  store.writeGenesis("{}", genesis);

  /** Appends a block of already applied transactions and tells the listeners. */
  const append = (entries: { tx: Omit<StoredTransaction, "index">; applied: Applied }[]): BlockHeader => {
    const parent = store.latestBlock();
    if (parent === undefined) throw new Error("fake service: no genesis");
    const transactions = entries.map(({ tx }, index) => ({ ...tx, index }));
    const events: StoredEvent[] = entries.flatMap(({ applied }, txIndex) =>
      applied.events.map((event) => ({ txIndex, type: event.type, data: toJson(event) })),
    );
    const height = parent.height + 1;
    const block: StoredBlock = {
      height,
      timestamp: parent.timestamp + FAKE_BLOCK_INTERVAL_MS,
      parentHash: parent.hash,
      stateHash: stateHash(state),
      hash: sha3(`${parent.hash}:${height}`),
      transactionCount: transactions.length,
      eventCount: events.length,
      transactions,
      events,
    };
    store.appendBlock(block);
    const header = store.latestBlock();
    if (header === undefined) throw new Error("fake service: the block was not written");
    for (const listener of [...listeners]) listener(header);
    return header;
  };

  const nextTime = () => (store.latestBlock()?.timestamp ?? FAKE_GENESIS_TIME) + FAKE_BLOCK_INTERVAL_MS;

  return {
    state,
    store,
    mode: options.mode ?? "manual",
    healthState: { status: "ok", height: 0, writer: "running" },

    async submit(envelope) {
      const { type, args, authorizer } = readEnvelope(envelope);
      const id = sha3(JSON.stringify(envelope));
      const known = outcomes.get(id);
      if (known !== undefined) return known;
      const applied = apply(state, authorizer, readOperation(type, args), { time: nextTime() });
      const tx = { id, type, authorizer, envelope: JSON.stringify(envelope), result: toJson(applied.result) };
      const header = append([{ tx, applied }]);
      const outcome: TransactionOutcome = {
        id,
        height: header.height,
        index: 0,
        type,
        result: JSON.parse(tx.result),
        events: applied.events.map((event) => JSON.parse(toJson(event))),
      };
      outcomes.set(id, outcome);
      return outcome;
    },

    systemBlock(operations) {
      const time = nextTime();
      const entries = operations.map((operation, i) => {
        const applied = apply(state, state.admin, operation, { time });
        const id = sha3(`system:${time}:${i}:${operation.op}`);
        return {
          tx: { id, type: operation.op, authorizer: null, envelope: null, result: toJson(applied.result) },
          applied,
        };
      });
      return append(entries);
    },

    health() {
      return { ...this.healthState, height: store.latestBlock()?.height ?? 0 };
    },

    metrics() {
      return { ...METRICS, height: store.latestBlock()?.height ?? 0, epochCounter: state.epochCounter };
    },

    onBlock(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    listenerCount() {
      return listeners.size;
    },
  };
}

/** An unsigned envelope the fake accepts: what `submit` reads, in the documented shape. */
export function fakeEnvelope(
  authorizer: AccountId,
  type: string,
  args: Record<string, unknown>,
  sequenceNumber = 0,
): Record<string, unknown> {
  return {
    payload: { type, args, proposalKey: { address: authorizer, keyIndex: 0, sequenceNumber }, authorizer },
    signatures: [{ address: authorizer, keyIndex: 0, signature: "00".repeat(64) }],
  };
}

export const NODE_1 = "1".padStart(64, "0");
export const NODE_2 = "2".padStart(64, "0");

/** Registration arguments of node number n, with distinct well-formed keys (format mode checks only their form). */
export function registerNodeArgs(n: number, role: number, amount: string): Record<string, unknown> {
  const unit = `c${n.toString(16).padStart(3, "0")}`;
  return {
    nodeId: n.toString(16).padStart(64, "0"),
    role,
    networkingAddress: `node-${n}.example.org:3569`,
    networkingKey: unit.repeat(32),
    stakingKey: unit.repeat(48),
    amount,
  };
}

/**
 * The world most tests read: alice's collection node 1 (300,000 committed) with bob's delegator 1 (100) and
 * alice's delegator 2 (50), and bob's consensus node 2 (600,000). Four blocks after genesis.
 */
export async function seedLedger(service: NodeService): Promise<void> {
  await service.submit(fakeEnvelope(FAKE_ALICE, "register_node", registerNodeArgs(1, 1, "300000.0")));
  await service.submit(fakeEnvelope(FAKE_BOB, "register_delegator", { nodeId: NODE_1, amount: "100.0" }));
  await service.submit(fakeEnvelope(FAKE_ALICE, "register_delegator", { nodeId: NODE_1, amount: "50.0" }, 1));
  await service.submit(fakeEnvelope(FAKE_BOB, "register_node", registerNodeArgs(2, 2, "600000.0"), 1));
}

/** One epoch boundary with its rewards paid, as the node's manual mode sends it (the phases as system blocks). */
export function advanceEpoch(fake: FakeService): void {
  fake.systemBlock([{ op: "epoch_setup" }]);
  fake.systemBlock([{ op: "epoch_commit" }]);
  fake.systemBlock([{ op: "epoch_start" }, { op: "epoch_pay_rewards" }]);
}
