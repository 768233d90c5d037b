/**
 * Slashing under random histories: staking, unstaking, delegation, withdrawals and epochs (with and without
 * rewards) interleaved with random cases, votes and parameter changes over many epochs. After every step every
 * invariant holds, the incremental digest equals the full state hash, and a refused step left the hash unchanged.
 * An adjudication is checked against an oracle written here from the specification: whether the vote crosses two
 * thirds of the consensus stake, what each record loses, what leaves the role total and the supply.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Amount, parseAmount, ZERO } from "../../src/core/amount.js";
import { isLedgerError } from "../../src/core/errors.js";
import type { LedgerEvent } from "../../src/core/events.js";
import { type AccountId, asAccountId, asNodeId, type NodeId } from "../../src/core/ids.js";
import { checkInvariants } from "../../src/core/invariants.js";
import { type Applied, apply, type Operation } from "../../src/core/operations.js";
import { decodeSnapshot, encodeSnapshot } from "../../src/core/snapshot.js";
import { createLedger, type LedgerState, type NodeRecord, type Pools } from "../../src/core/state.js";
import { StateDigest, stateHash } from "../../src/core/state-hash.js";

/** Every refusal of the slashing operations (INVALID_SLASHING_PARAMS included) shows up in the random histories. */
const SLASHING_CODES = [
  "SLASHING_CASE_NOT_FOUND",
  "SLASHING_CASE_CLOSED",
  "NOT_A_STAKED_CONSENSUS_NODE",
  "CANNOT_VOTE_ON_OWN_CASE",
  "ALREADY_VOTED",
  "INVALID_SLASHING_FINE",
  "INVALID_EVIDENCE_HASH",
  "INVALID_VOTE_SIGNATURE",
  "INVALID_SLASHING_PARAMS",
  "NOT_OWNER",
];

const RUNS = Number(process.env.FLOWSTAKE_PROPERTY_RUNS ?? 120);
const UNIT = 100_000_000n;

interface NodeSpec {
  n: number;
  role: number;
  stake: string;
  owner: string;
}

const NODES: NodeSpec[] = [
  // Consensus stakes 1, 1 (half of it delegated), 1, 1 and 2 million: several sets of voters hold exactly two thirds.
  { n: 1, role: 2, stake: "1000000", owner: "c1" },
  { n: 2, role: 2, stake: "500000", owner: "c2" },
  { n: 3, role: 2, stake: "1000000", owner: "c3" },
  { n: 4, role: 2, stake: "1000000", owner: "c4" },
  { n: 5, role: 2, stake: "2000000", owner: "c5" },
  { n: 6, role: 1, stake: "300000", owner: "n6" },
  { n: 7, role: 4, stake: "135000", owner: "n7" },
];
const DELEGATOR_OWNERS = ["dora", "eve"];
const ACCOUNTS = [...NODES.map((s) => s.owner), ...DELEGATOR_OWNERS, "mallory"];
const ADMIN = asAccountId("admin");

const id = (n: number): NodeId => asNodeId(n.toString(16).padStart(64, "0"));
const IDS = NODES.map((s) => id(s.n));

function world(): LedgerState {
  const ledger = createLedger({
    admin: ADMIN,
    keyValidation: "format",
    delegatorMinimum: parseAmount("1"),
    accounts: [[ADMIN, ZERO], ...ACCOUNTS.map((a) => [asAccountId(a), parseAmount("10000000")] as const)],
  });
  for (const spec of NODES) {
    const unit = `b${spec.n.toString(16).padStart(3, "0")}`;
    must(ledger, asAccountId(spec.owner), {
      op: "register_node",
      nodeId: id(spec.n),
      role: spec.role,
      networkingAddress: `node-${spec.n}.example.org:3569`,
      networkingKey: unit.repeat(32),
      stakingKey: unit.repeat(48),
      amount: parseAmount(spec.stake),
    });
  }
  must(ledger, asAccountId("dora"), { op: "register_delegator", nodeId: id(2), amount: parseAmount("500000") });
  must(ledger, asAccountId("dora"), { op: "register_delegator", nodeId: id(6), amount: parseAmount("1000") });
  must(ledger, asAccountId("eve"), { op: "register_delegator", nodeId: id(6), amount: parseAmount("2000.5") });
  must(ledger, asAccountId("eve"), { op: "register_delegator", nodeId: id(7), amount: parseAmount("77.77777777") });
  must(ledger, ADMIN, { op: "end_epoch", nodeIds: IDS });
  return ledger;
}

function must(ledger: LedgerState, signer: AccountId, op: Operation): Applied {
  return apply(ledger, signer, op);
}

type Command =
  | { kind: "stake"; node: number; target: number; amount: string; from: "new" | "unstaked" | "rewarded" }
  | { kind: "unstake"; node: number; target: number; amount: string }
  | { kind: "withdraw"; node: number; target: number; amount: string; rewarded: boolean }
  | { kind: "delegate"; node: number; owner: number; amount: string }
  | { kind: "epoch"; rewards: boolean; drop: number | null }
  | { kind: "open"; opener: number; accused: number; fine: string; evidenceOk: boolean; signerOk: boolean }
  | { kind: "vote"; open: boolean; back: number; voter: number; yes: boolean; signatureOk: boolean; signerOk: boolean }
  | { kind: "params"; max: string; epochs: number; slashDelegators: boolean };

const amounts = fc.constantFrom("0.00000001", "0.5", "1", "50", "1000", "25000.12345678", "100000", "600000");
/** True except once in `n` draws. */
const mostly = (n: number) => fc.noBias(fc.integer({ min: 1, max: n })).map((k) => k !== 1);
const nodeIndex = fc.integer({ min: 0, max: NODES.length - 1 });
const consensusIndex = fc.integer({ min: 0, max: 4 });

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("stake" as const),
      node: nodeIndex,
      target: fc.nat(3),
      amount: amounts,
      from: fc.constantFrom("new" as const, "unstaked" as const, "rewarded" as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("unstake" as const),
      node: nodeIndex,
      target: fc.nat(3),
      amount: amounts,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("withdraw" as const),
      node: nodeIndex,
      target: fc.nat(3),
      amount: amounts,
      rewarded: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("delegate" as const),
      node: nodeIndex,
      owner: fc.nat(1),
      amount: amounts,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("epoch" as const),
      rewards: fc.boolean(),
      drop: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: nodeIndex }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("open" as const),
      opener: fc.oneof({ weight: 6, arbitrary: consensusIndex }, { weight: 1, arbitrary: nodeIndex }),
      accused: nodeIndex,
      fine: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom("0.00000001", "0.1", "0.33333333", "0.5") },
        { weight: 1, arbitrary: fc.constantFrom("0", "0.75", "1") },
      ),
      evidenceOk: mostly(10),
      signerOk: mostly(12),
    }),
  },
  {
    weight: 16,
    arbitrary: fc.record({
      kind: fc.constant("vote" as const),
      open: mostly(5),
      back: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(3) }),
      voter: fc.oneof({ weight: 6, arbitrary: consensusIndex }, { weight: 1, arbitrary: nodeIndex }),
      yes: mostly(5),
      signatureOk: mostly(12),
      signerOk: mostly(12),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("params" as const),
      max: fc.constantFrom("0", "0.1", "0.5", "1", "1.5"),
      epochs: fc.constantFrom(0, 1, 2, 3),
      slashDelegators: fc.boolean(),
    }),
  },
);

function spec(index: number): NodeSpec {
  const found = NODES[index];
  if (found === undefined) throw new Error(`no node spec ${index}`);
  return found;
}

function nodeOf(ledger: LedgerState, nodeId: NodeId): NodeRecord {
  const node = ledger.nodes.get(nodeId);
  if (node === undefined) throw new Error(`no node ${nodeId}`);
  return node;
}

/** `target` 0 is the node itself, k ≥ 1 its k-th delegator (when it has one). */
function holder(ledger: LedgerState, index: number, target: number): { signer: AccountId; delegatorId?: number } {
  const node = nodeOf(ledger, id(spec(index).n));
  if (target === 0 || target > node.delegators.count) return { signer: node.owner };
  return { signer: node.delegators.owners[target - 1] ?? node.owner, delegatorId: target };
}

const STAKE_OPS = {
  new: "stake_new_tokens",
  unstaked: "stake_unstaked_tokens",
  rewarded: "stake_rewarded_tokens",
} as const;

/** The operations a command stands for (an epoch is several), each applied and checked on its own. */
function operations(ledger: LedgerState, c: Command): { signer: AccountId; op: Operation }[] {
  const mallory = asAccountId("mallory");
  switch (c.kind) {
    case "stake": {
      const { signer, delegatorId } = holder(ledger, c.node, c.target);
      const op = STAKE_OPS[c.from];
      return [{ signer, op: { op, nodeId: id(spec(c.node).n), delegatorId, amount: parseAmount(c.amount) } }];
    }
    case "unstake": {
      const { signer, delegatorId } = holder(ledger, c.node, c.target);
      const nodeId = id(spec(c.node).n);
      return [{ signer, op: { op: "request_unstaking", nodeId, delegatorId, amount: parseAmount(c.amount) } }];
    }
    case "withdraw": {
      const { signer, delegatorId } = holder(ledger, c.node, c.target);
      const op = c.rewarded ? "withdraw_rewarded_tokens" : "withdraw_unstaked_tokens";
      return [{ signer, op: { op, nodeId: id(spec(c.node).n), delegatorId, amount: parseAmount(c.amount) } }];
    }
    case "delegate": {
      const signer = asAccountId(DELEGATOR_OWNERS[c.owner] ?? "dora");
      return [{ signer, op: { op: "register_delegator", nodeId: id(spec(c.node).n), amount: parseAmount(c.amount) } }];
    }
    case "epoch": {
      const approved = IDS.filter((_, i) => i !== c.drop);
      if (!c.rewards) return [{ signer: ADMIN, op: { op: "end_epoch", nodeIds: approved } }];
      return [
        { signer: ADMIN, op: { op: "end_staking", nodeIds: approved } },
        { signer: ADMIN, op: { op: "pay_rewards" } },
        { signer: ADMIN, op: { op: "move_tokens" } },
      ];
    }
    case "open": {
      const opener = spec(c.opener);
      return [
        {
          signer: c.signerOk ? asAccountId(opener.owner) : mallory,
          op: {
            op: "open_slashing_case",
            nodeId: id(opener.n),
            accused: id(spec(c.accused).n),
            evidenceHash: c.evidenceOk ? "e7".repeat(32) : "E7".repeat(32),
            fine: parseAmount(c.fine),
          },
        },
      ];
    }
    case "vote": {
      // Mostly the `back`-th most recent open case and a consensus node that may still vote on it; sometimes
      // whatever case has that number and whichever node was drawn.
      const open = [...ledger.slashing.cases.values()].filter((x) => x.status === "open");
      const recent = ledger.slashing.nextCaseId - 1 - c.back;
      const target = c.open ? open[open.length - 1 - c.back] : undefined;
      const caseId = target?.id ?? recent;
      const able = NODES.filter((x) => {
        const node = nodeOf(ledger, id(x.n));
        return (
          consensusStake(ledger, node) > 0n &&
          target !== undefined &&
          !target.votes.has(node.id) &&
          target.accused !== node.id
        );
      });
      const voter = c.open && able.length > 0 ? (able[c.voter % able.length] ?? spec(c.voter)) : spec(c.voter);
      return [
        {
          signer: c.signerOk ? asAccountId(voter.owner) : mallory,
          op: {
            op: "vote_on_slashing_case",
            caseId,
            nodeId: id(voter.n),
            vote: c.yes ? "yes" : "no",
            signature: c.signatureOk ? "ab".repeat(48) : "ab".repeat(47),
          },
        },
      ];
    }
    case "params":
      return [
        {
          signer: ADMIN,
          op: {
            op: "set_slashing_params",
            maxSlashFraction: parseAmount(c.max),
            caseEpochs: c.epochs,
            slashDelegators: c.slashDelegators,
          },
        },
      ];
  }
}

/** The oracle's consensus stake of a node: staked consensus participant → staked + delegators' staked, else 0. */
function consensusStake(ledger: LedgerState, node: NodeRecord): bigint {
  if (node.role !== 2 || !ledger.participants.has(node.id) || node.staked === 0n) return 0n;
  let sum = node.staked as bigint;
  for (let i = 0; i < node.delegators.count; i++) sum += node.delegators.staked[i] ?? 0n;
  return sum;
}

interface Before {
  supply: Amount;
  roleTotals: bigint[];
  accused: { node: Pools; delegators: Pools[] } | null;
  /** For a yes vote on an open case: whether, with this vote, the yes stake exceeds two thirds. */
  crosses: boolean | null;
}

function poolsCopy(p: Pools): Pools {
  return {
    committed: p.committed,
    staked: p.staked,
    unstaking: p.unstaking,
    unstaked: p.unstaked,
    rewarded: p.rewarded,
    requestedToUnstake: p.requestedToUnstake,
  };
}

function delegatorPools(node: NodeRecord, i: number): Pools {
  const t = node.delegators;
  return {
    committed: (t.committed[i] ?? 0n) as Amount,
    staked: (t.staked[i] ?? 0n) as Amount,
    unstaking: (t.unstaking[i] ?? 0n) as Amount,
    unstaked: (t.unstaked[i] ?? 0n) as Amount,
    rewarded: (t.rewarded[i] ?? 0n) as Amount,
    requestedToUnstake: (t.requestedToUnstake[i] ?? 0n) as Amount,
  };
}

function observe(ledger: LedgerState, op: Operation): Before {
  const before: Before = {
    supply: ledger.totalSupply,
    roleTotals: [...ledger.totalStakedByRole].map((v) => (typeof v === "bigint" ? v : 0n)),
    accused: null,
    crosses: null,
  };
  if (op.op !== "vote_on_slashing_case") return before;
  const c = ledger.slashing.cases.get(op.caseId);
  if (c === undefined) return before;
  const accused = nodeOf(ledger, c.accused);
  before.accused = {
    node: poolsCopy(accused),
    delegators: Array.from({ length: accused.delegators.count }, (_, i) => delegatorPools(accused, i)),
  };
  if (op.vote !== "yes" || c.status !== "open") return before;
  let yes = 0n;
  let total = 0n;
  for (const node of ledger.nodes.values()) {
    const stake = consensusStake(ledger, node);
    total += stake;
    if (c.votes.get(node.id) === "yes" || node.id === op.nodeId) yes += stake;
  }
  before.crosses = 3n * yes > 2n * total;
  return before;
}

const floorTimes = (x: bigint, q: bigint) => (x * q) / UNIT;

/** What the fine must have done to one record, per the specification. */
function expectSlashed(before: Pools, after: Pools, q: bigint, slashed: boolean, where: string) {
  const s = slashed ? floorTimes(before.staked, q) : 0n;
  const u = slashed ? floorTimes(before.unstaking, q) : 0n;
  const staked = before.staked - s;
  const requested = slashed
    ? before.requestedToUnstake - floorTimes(before.requestedToUnstake, q)
    : before.requestedToUnstake;
  expect(after, where).toEqual({
    ...before,
    staked,
    unstaking: before.unstaking - u,
    requestedToUnstake: requested < staked ? requested : staked,
  });
}

function checkAdjudication(ledger: LedgerState, op: Operation, before: Before, events: LedgerEvent[], where: string) {
  if (op.op !== "vote_on_slashing_case") return;
  const adjudicated = events.find((e) => e.type === "SlashingCaseAdjudicated");
  expect(adjudicated !== undefined, `${where}: adjudicated exactly when the yes stake crosses two thirds`).toBe(
    before.crosses === true,
  );
  if (adjudicated === undefined || adjudicated.type !== "SlashingCaseAdjudicated") return;
  const c = ledger.slashing.cases.get(op.caseId);
  const accused = before.accused;
  if (c === undefined || accused === null) throw new Error("an adjudicated case must exist");
  const node = nodeOf(ledger, c.accused);
  const q = c.fine as bigint;
  expectSlashed(accused.node, poolsCopy(node), q, true, `${where}: the accused`);
  accused.delegators.forEach((p, i) => {
    expectSlashed(p, delegatorPools(node, i), q, ledger.slashing.slashDelegators, `${where}: delegator ${i + 1}`);
  });
  let burned = 0n;
  let fromStaked = 0n;
  for (const e of events) {
    if (e.type === "NodeSlashed" || e.type === "DelegatorSlashed") {
      expect(e.amount, where).toBe(e.fromStaked + e.fromUnstaking);
      burned += e.amount;
      fromStaked += e.fromStaked;
    }
  }
  expect(adjudicated.totalBurned, where).toBe(burned);
  expect(before.supply - ledger.totalSupply, `${where}: the supply drops by what burned`).toBe(burned);
  expect((before.roleTotals[node.role] ?? 0n) - ledger.totalStakedByRole[node.role], where).toBe(fromStaked);
  expect(c.status).toBe("adjudicated");
}

function checkCases(ledger: LedgerState, where: string) {
  for (const c of ledger.slashing.cases.values()) {
    if (c.status === "open") {
      expect(c.expiresAtEpoch, `${where}: case ${c.id} is open past its expiry`).toBeGreaterThan(ledger.epochCounter);
      expect(c.closedEpoch).toBeNull();
    } else {
      expect(c.closedEpoch, `${where}: case ${c.id}`).not.toBeNull();
    }
    for (const voter of c.votes.keys()) expect(voter).not.toBe(c.accused);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

describe("slashing under random staking histories", () => {
  it(`${RUNS} histories: invariants, atomic refusals, incremental hash, and the adjudication oracle`, () => {
    let adjudications = 0;
    let expiries = 0;
    let refusals = 0;
    let steps = 0;
    const codes = new Set<string>();
    fc.assert(
      fc.property(fc.array(command, { minLength: 40, maxLength: 140 }), (commands) => {
        const ledger = world();
        const digest = new StateDigest();
        expect(digest.update(ledger)).toBe(stateHash(ledger));
        commands.forEach((c, i) => {
          for (const { signer, op } of operations(ledger, c)) {
            const where = `command ${i} (${op.op})`;
            const hash = stateHash(ledger);
            const before = observe(ledger, op);
            let applied: Applied | null = null;
            try {
              applied = apply(ledger, signer, op);
            } catch (error) {
              if (!isLedgerError(error)) throw error;
              refusals += 1;
              expect(stateHash(ledger), `${where}: refused with ${error.code} but changed the state`).toBe(hash);
              codes.add(error.code);
            }
            steps += 1;
            expect(checkInvariants(ledger), where).toEqual([]);
            expect(digest.update(ledger), `${where}: incremental digest`).toBe(stateHash(ledger));
            checkCases(ledger, where);
            console.log(op.op, applied === null ? "refused" : applied.events.map((e) => e.type).join(","));
            if (applied === null) continue;
            checkAdjudication(ledger, op, before, applied.events, where);
            for (const e of applied.events) {
              if (e.type === "SlashingCaseAdjudicated") adjudications += 1;
              if (e.type === "SlashingCaseExpired") expiries += 1;
            }
          }
        });
        const copy = decodeSnapshot(concat(encodeSnapshot(ledger)));
        expect(stateHash(copy), "snapshot round trip").toBe(stateHash(ledger));
      }),
      { numRuns: RUNS },
    );
    // The generator must reach every outcome: adjudications, expiries and refusals, among successes.
    expect(adjudications).toBeGreaterThan(RUNS / 2);
    expect(expiries).toBeGreaterThan(RUNS / 2);
    expect(refusals).toBeGreaterThan(steps / 10);
    expect(refusals).toBeLessThan(steps);
    for (const code of SLASHING_CODES) expect(codes, `some step was refused with ${code}`).toContain(code);
  }, 300_000);
});
