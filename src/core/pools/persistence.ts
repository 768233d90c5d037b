/**
 * Pools in snapshots (snapshot.ts): JSON-ready data, bigints as decimal strings, members as compact arrays. A
 * snapshot written before pools existed has only `maxPoolFee` (or nothing) and decodes to no pools.
 */
import type { Amount } from "../amount.js";
import type { AccountId, NodeId } from "../ids.js";
import { recordKey } from "./record.js";
import type { Cohort, Pool, PoolMember, PoolsState } from "./types.js";

type EncodedCohort = [
  id: number,
  key: string,
  unstakedFrom: number,
  nominal: string,
  value: string,
  paid: string,
  outstandingTickets: number,
];
/** Tickets flattened as cohort id, units, cohort id, units, … */
type EncodedMember = [
  account: string,
  shares: string,
  rewardDebt: string,
  claimable: string,
  tickets: (number | string)[],
];

interface EncodedPool {
  id: number;
  account: string;
  operator: string;
  nodeId: string;
  delegatorId: number | null;
  fee: string;
  pendingFee: [fee: string, effectiveEpoch: number] | null;
  minimumJoin: string;
  extraLockEpochs: number;
  totalShares: string;
  rewardPerShare: string;
  operatorFees: string;
  totalClaimable: string;
  nextCohortId: number;
  cohorts: EncodedCohort[];
  members: EncodedMember[];
}

interface EncodedPools {
  maxPoolFee: string;
  pools?: EncodedPool[];
}

export function encodePoolsState(pools: PoolsState): EncodedPools {
  return {
    maxPoolFee: pools.maxPoolFee.toString(),
    pools: [...pools.pools.values()].map((pool) => ({
      id: pool.id,
      account: pool.account,
      operator: pool.operator,
      nodeId: pool.target.nodeId,
      delegatorId: pool.target.delegatorId,
      fee: pool.fee.toString(),
      pendingFee: pool.pendingFee === null ? null : [pool.pendingFee.fee.toString(), pool.pendingFee.effectiveEpoch],
      minimumJoin: pool.minimumJoin.toString(),
      extraLockEpochs: pool.extraLockEpochs,
      totalShares: pool.totalShares.toString(),
      rewardPerShare: pool.rewardPerShare.toString(),
      operatorFees: pool.operatorFees.toString(),
      totalClaimable: pool.totalClaimable.toString(),
      nextCohortId: pool.nextCohortId,
      cohorts: [...pool.cohorts.values()].map(
        (c): EncodedCohort => [
          c.id,
          c.key,
          c.unstakedFrom,
          c.nominal.toString(),
          c.value.toString(),
          c.paid.toString(),
          c.outstandingTickets,
        ],
      ),
      members: [...pool.members].map(
        ([account, m]): EncodedMember => [
          account,
          m.shares.toString(),
          m.rewardDebt.toString(),
          m.claimable.toString(),
          m.tickets.flatMap((t) => [t.cohort, t.units.toString()]),
        ],
      ),
    })),
  };
}

function big(value: unknown): bigint {
  if (typeof value !== "string" || !/^[0-9]+$/.test(value))
    throw new Error(`snapshot: bad pool amount ${String(value)}`);
  return BigInt(value);
}

function amount(value: unknown): Amount {
  return big(value) as Amount;
}

function int(value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new Error(`snapshot: bad pool integer ${String(value)}`);
  }
  return value;
}

function decodeCohort(encoded: EncodedCohort): Cohort {
  const [id, key, unstakedFrom, nominal, value, paid, outstandingTickets] = encoded;
  return {
    id: int(id),
    key,
    unstakedFrom: int(unstakedFrom),
    nominal: amount(nominal),
    value: amount(value),
    paid: amount(paid),
    outstandingTickets: int(outstandingTickets),
  };
}

function decodeMember(encoded: EncodedMember): [AccountId, PoolMember] {
  const [account, shares, rewardDebt, claimable, flat] = encoded;
  const tickets: PoolMember["tickets"] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) tickets.push({ cohort: int(flat[i]), units: amount(flat[i + 1]) });
  return [
    account as AccountId,
    { shares: amount(shares), rewardDebt: big(rewardDebt), claimable: amount(claimable), tickets },
  ];
}

function decodePool(p: EncodedPool): Pool {
  return {
    id: int(p.id),
    account: p.account as AccountId,
    operator: p.operator as AccountId,
    target: { nodeId: p.nodeId as NodeId, delegatorId: p.delegatorId === null ? null : int(p.delegatorId) },
    fee: amount(p.fee),
    pendingFee: p.pendingFee === null ? null : { fee: amount(p.pendingFee[0]), effectiveEpoch: int(p.pendingFee[1]) },
    minimumJoin: amount(p.minimumJoin),
    extraLockEpochs: int(p.extraLockEpochs),
    totalShares: amount(p.totalShares),
    rewardPerShare: big(p.rewardPerShare),
    operatorFees: amount(p.operatorFees),
    totalClaimable: amount(p.totalClaimable),
    nextCohortId: int(p.nextCohortId),
    cohorts: new Map(p.cohorts.map((c) => decodeCohort(c)).map((c) => [c.id, c])),
    members: new Map(p.members.map(decodeMember)),
  };
}

/** `fallbackMaxPoolFee` is used when the snapshot predates pools. */
export function decodePoolsState(value: unknown, fallbackMaxPoolFee: Amount): PoolsState {
  const data = (value ?? {}) as Partial<EncodedPools>;
  const pools = new Map<number, Pool>();
  const byRecord = new Map<string, number>();
  for (const encoded of data.pools ?? []) {
    const pool = decodePool(encoded);
    pools.set(pool.id, pool);
    byRecord.set(recordKey(pool.target), pool.id);
  }
  return { pools, byRecord, maxPoolFee: data.maxPoolFee === undefined ? fallbackMaxPoolFee : amount(data.maxPoolFee) };
}
