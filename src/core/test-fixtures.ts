/**
 * Builders shared by the core's unit tests: a ledger with funded accounts, node registration with format-mode keys,
 * epoch helpers, and a refusal probe that reports the error code, its details and whether the state hash moved.
 * Test-only; deliberately free of any test-runner import so that it compiles like the rest of `src`.
 */
import { type Amount, formatAmount, parseAmount, ZERO } from "./amount.js";
import { type ErrorCode, type ErrorDetails, isLedgerError } from "./errors.js";
import type { LedgerEvent } from "./events.js";
import { type AccountId, asAccountId, asNodeId, type DelegatorId, type NodeId } from "./ids.js";
import type { NodeKeyVerifier } from "./keys.js";
import { type Applied, apply, type Operation, type UserOperation } from "./operations.js";
import { requireDelegator } from "./staking/records.js";
import { createLedger, type GenesisConfig, type LedgerState, type NodeRecord, type Pools } from "./state.js";
import { stateHash } from "./state-hash.js";

export const ADMIN = asAccountId("admin");
export const ALICE = asAccountId("alice");
export const BOB = asAccountId("bob");
export const CAROL = asAccountId("carol");
/** An account that is not in the ledger. */
export const NOBODY = asAccountId("nobody");

/** What every named account holds at genesis. */
export const START_BALANCE = parseAmount("100000000.0");

/** A format-mode ledger with admin (0 FLOW) and alice, bob, carol (100,000,000 FLOW each). */
export function newLedger(config: Partial<GenesisConfig> = {}): LedgerState {
  return createLedger({
    admin: ADMIN,
    keyValidation: "format",
    accounts: [
      [ADMIN, ZERO],
      [ALICE, START_BALANCE],
      [BOB, START_BALANCE],
      [CAROL, START_BALANCE],
    ],
    ...config,
  });
}

/** Node ID number n: 64 lowercase hex characters, so that ID order is numeric order. */
export function nodeId(n: number): NodeId {
  return asNodeId(n.toString(16).padStart(64, "0"));
}

/** Distinct, well-formed keys and address for node number n (format mode checks only length, case, uniqueness). */
export function nodeKeys(n: number): { networkingAddress: string; networkingKey: string; stakingKey: string } {
  // A letter in every key, so that an uppercased key is a different string.
  const unit = `a${n.toString(16).padStart(3, "0")}`;
  return {
    networkingAddress: `node-${n}.example.org:3569`,
    networkingKey: unit.repeat(32),
    stakingKey: unit.repeat(48),
  };
}

export function registerNodeOp(
  n: number,
  role: number,
  amount: string,
  overrides: Partial<Omit<Extract<UserOperation, { op: "register_node" }>, "op">> = {},
): Operation {
  return { op: "register_node", nodeId: nodeId(n), role, ...nodeKeys(n), amount: parseAmount(amount), ...overrides };
}

/** Registers node number n for `owner` and returns its ID; throws if the registration is refused. */
export function registerNode(ledger: LedgerState, owner: AccountId, n: number, role: number, amount: string): NodeId {
  apply(ledger, owner, registerNodeOp(n, role, amount));
  return nodeId(n);
}

/** Registers a delegator of `node` for `owner` and returns its ID; throws if refused. */
export function registerDelegator(ledger: LedgerState, owner: AccountId, node: NodeId, amount: string): DelegatorId {
  const { result } = apply(ledger, owner, { op: "register_delegator", nodeId: node, amount: parseAmount(amount) });
  if (result === null || !("delegatorId" in result)) throw new Error("register_delegator returned no delegator ID");
  return result.delegatorId;
}

export function nodeOf(ledger: LedgerState, id: NodeId): NodeRecord {
  const node = ledger.nodes.get(id);
  if (node === undefined) throw new Error(`test setup: no node ${id}`);
  return node;
}

/** A snapshot of the delegator's record (pools, owner, moves-pending flag); read it, do not change it. */
export function delegatorOf(
  ledger: LedgerState,
  id: NodeId,
  delegatorId: DelegatorId,
): Readonly<Pools> & {
  readonly owner: AccountId;
  readonly movePending: boolean;
} {
  return requireDelegator(nodeOf(ledger, id), delegatorId);
}

export function balanceOf(ledger: LedgerState, account: AccountId): Amount {
  const found = ledger.accounts.get(account);
  if (found === undefined) throw new Error(`test setup: no account ${account}`);
  return found.balance;
}

/** Runs an admin operation signed by the admin. */
export function admin(ledger: LedgerState, operation: Operation): Applied {
  return apply(ledger, ADMIN, operation);
}

/** `end_epoch` with this approved list (set approved, end auction, move tokens; no rewards): returns its events. */
export function endEpoch(ledger: LedgerState, approved: readonly NodeId[]): LedgerEvent[] {
  return admin(ledger, { op: "end_epoch", nodeIds: [...approved] }).events;
}

/**
 * The full epoch-end sequence of §11.1: set approved + end the auction, calculate and pay rewards on the ending
 * epoch's stake, then move tokens. Returns each phase's events.
 */
export function endEpochWithRewards(
  ledger: LedgerState,
  approved: readonly NodeId[],
): { endStaking: LedgerEvent[]; payRewards: LedgerEvent[]; moveTokens: LedgerEvent[] } {
  const endStaking = admin(ledger, { op: "end_staking", nodeIds: [...approved] }).events;
  const payRewards = admin(ledger, { op: "pay_rewards" }).events;
  const moveTokens = admin(ledger, { op: "move_tokens" }).events;
  return { endStaking, payRewards, moveTokens };
}

/** A record's five pools and its request, as 8-decimal strings. */
export interface PoolStrings {
  committed: string;
  staked: string;
  unstaking: string;
  unstaked: string;
  rewarded: string;
  requestedToUnstake: string;
}

/** A record's pools as 8-decimal strings, for compact exact assertions. */
export function poolsOf(record: Readonly<Pools>): PoolStrings {
  return {
    committed: formatAmount(record.committed),
    staked: formatAmount(record.staked),
    unstaking: formatAmount(record.unstaking),
    unstaked: formatAmount(record.unstaked),
    rewarded: formatAmount(record.rewarded),
    requestedToUnstake: formatAmount(record.requestedToUnstake),
  };
}

/** The expected `poolsOf`: the named pools as given (any decimal form), every other one "0.00000000". */
export function pools(nonZero: Partial<PoolStrings>): PoolStrings {
  const zero = formatAmount(ZERO);
  const pick = (value: string | undefined) => (value === undefined ? zero : formatAmount(parseAmount(value)));
  return {
    committed: pick(nonZero.committed),
    staked: pick(nonZero.staked),
    unstaking: pick(nonZero.unstaking),
    unstaked: pick(nonZero.unstaked),
    rewarded: pick(nonZero.rewarded),
    requestedToUnstake: pick(nonZero.requestedToUnstake),
  };
}

export interface Refusal {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  /** The state hash after the refusal equals the one before it. */
  readonly stateUnchanged: boolean;
}

/**
 * Applies an operation that must be refused. Throws (failing the test) if it succeeds or throws something other
 * than a LedgerError; otherwise reports the code, the details and whether the state hash stayed the same.
 */
export function refusal(
  ledger: LedgerState,
  signer: AccountId,
  operation: Operation,
  verifier?: NodeKeyVerifier,
): Refusal {
  const before = stateHash(ledger);
  let caught: unknown;
  let threw = false;
  try {
    apply(ledger, signer, operation, { verifier });
  } catch (error) {
    caught = error;
    threw = true;
  }
  if (!threw) throw new Error(`expected ${operation.op} to be refused, but it succeeded`);
  if (!isLedgerError(caught)) throw caught;
  return { code: caught.code, details: caught.details, stateUnchanged: stateHash(ledger) === before };
}

/** Calls `fn`, which must throw a LedgerError; returns its code and details. */
export function ledgerErrorOf(fn: () => unknown): { code: ErrorCode; details: ErrorDetails } {
  try {
    fn();
  } catch (error) {
    if (isLedgerError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error("expected a LedgerError, but nothing was thrown");
}

/** A key verifier for `"full"` mode whose answers the test chooses. */
export function stubVerifier(
  answers: { stakingKey?: boolean; pop?: boolean; networkingKey?: boolean; signature?: boolean } = {},
) {
  const verifier: NodeKeyVerifier = {
    isValidStakingKey: () => answers.stakingKey ?? true,
    verifyProofOfPossession: () => answers.pop ?? true,
    isValidNetworkingKey: () => answers.networkingKey ?? true,
    verifyStakingSignature: () => answers.signature ?? true,
  };
  return verifier;
}

/** A syntactically valid proof of possession (96 hex characters); only the stub verifier judges it. */
export const SOME_POP = "ab".repeat(48);
