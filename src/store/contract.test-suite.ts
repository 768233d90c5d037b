/**
 * The storage contract: one suite that every adapter passes (memory, SQLite, later PostgreSQL). Each adapter's
 * test file calls `describeStoreContract` with a function that opens a fresh, empty store.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { BlockHeader, EventRow, LedgerStore, StoredBlock, StoredEvent } from "./port.js";
import { sampleBlock, sampleHash } from "./sample-blocks.js";
import { StoreRuleError } from "./store-rule-error.js";

export interface StoreContractOptions<S extends LedgerStore> {
  /** How many snapshots the stores opened by `open` keep. */
  snapshotsKept: number;
  /** The heights of the snapshots the store holds, newest first (adapter-specific: the port does not list them). */
  snapshotHeights(store: S): number[];
  /** For durable adapters: closes nothing, opens the same data again. The suite closes `store` first. */
  reopen?: (store: S) => S;
}

const GENESIS = JSON.stringify({ chainId: "flowstake-test", admin: "0000000000000001" });

/** Shapes of the blocks the suite writes after genesis: some empty, some with many events per transaction. */
const SHAPES = [
  { transactions: 1, eventsPerTransaction: 2 },
  { transactions: 0, eventsPerTransaction: 0 },
  { transactions: 3, eventsPerTransaction: 4 },
  { transactions: 2, eventsPerTransaction: 0 },
  { transactions: 5, eventsPerTransaction: 3 },
] as const;

function thrownRule(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof StoreRuleError ? error.rule : `not a StoreRuleError: ${String(error)}`;
  }
  return undefined;
}

async function rejectedRule(action: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    return error instanceof StoreRuleError ? error.rule : `not a StoreRuleError: ${String(error)}`;
  }
  return undefined;
}

function headerOf(block: StoredBlock): BlockHeader {
  const { height, timestamp, parentHash, stateHash, hash, transactionCount, eventCount } = block;
  return { height, timestamp, parentHash, stateHash, hash, transactionCount, eventCount };
}

/** An iterable that may be iterated once, as a store must: a second pass would read a generator dry. */
function once<T>(items: Iterable<T>): Iterable<T> {
  let used = false;
  return {
    [Symbol.iterator]() {
      if (used) throw new Error("events iterated twice");
      used = true;
      return items[Symbol.iterator]();
    },
  };
}

function withEvents(block: StoredBlock, events: StoredEvent[], eventCount = events.length): StoredBlock {
  return { ...block, events, eventCount };
}

/** The rows the store must return for these blocks, in order, with sequences from 1. */
function expectedRows(blocks: readonly StoredBlock[]): EventRow[] {
  const rows: EventRow[] = [];
  for (const block of blocks) {
    for (const event of block.events) {
      rows.push({
        sequence: rows.length + 1,
        height: block.height,
        txIndex: event.txIndex,
        type: event.type,
        data: event.data,
      });
    }
  }
  return rows;
}

export function describeStoreContract<S extends LedgerStore>(
  name: string,
  open: () => S,
  options: StoreContractOptions<S>,
): void {
  describe(`storage contract: ${name}`, () => {
    const opened: LedgerStore[] = [];
    const fresh = (): S => {
      const store = open();
      opened.push(store);
      return store;
    };
    afterEach(() => {
      for (const store of opened.splice(0)) store.close();
    });

    /** A store holding genesis and the blocks of SHAPES; returns the blocks written, genesis first. */
    const filled = (store: S, chain = "contract"): StoredBlock[] => {
      const genesis = sampleBlock(0, { transactions: 2, eventsPerTransaction: 1, chain });
      store.writeGenesis(GENESIS, genesis);
      const blocks = [genesis];
      SHAPES.forEach((shape, i) => {
        const block = sampleBlock(i + 1, { ...shape, chain });
        store.appendBlock(block);
        blocks.push(block);
      });
      return blocks;
    };

    it("starts empty", () => {
      const store = fresh();
      expect(store.genesis()).toBeUndefined();
      expect(store.latestBlock()).toBeUndefined();
      expect(store.blockHeader(0)).toBeUndefined();
      expect(store.block(0)).toBeUndefined();
      expect([...store.blocks(0, 10)]).toEqual([]);
      expect(store.events({ limit: 10 })).toEqual([]);
      expect(store.transaction(sampleHash("nothing"))).toBeUndefined();
      expect(store.latestSnapshot()).toBeUndefined();
      expect(store.kind).toBe(name);
    });

    describe("genesis", () => {
      it("is written once, with the height-0 block", () => {
        const store = fresh();
        const genesis = sampleBlock(0, { transactions: 1, eventsPerTransaction: 2 });
        store.writeGenesis(GENESIS, genesis);
        expect(store.genesis()).toBe(GENESIS);
        expect(store.latestBlock()).toEqual(headerOf(genesis));
        expect(store.events({ limit: 10 })).toHaveLength(2);

        const again = sampleBlock(0, { transactions: 0, eventsPerTransaction: 0, chain: "other" });
        expect(thrownRule(() => store.writeGenesis("{}", again))).toBe("genesis-exists");
        expect(store.genesis()).toBe(GENESIS);
        expect(store.latestBlock()).toEqual(headerOf(genesis));
      });

      it("refuses a genesis block whose height is not 0, writing nothing", () => {
        const store = fresh();
        const block = sampleBlock(1, { transactions: 0, eventsPerTransaction: 0 });
        expect(thrownRule(() => store.writeGenesis(GENESIS, block))).toBe("height");
        expect(store.genesis()).toBeUndefined();
        expect(store.latestBlock()).toBeUndefined();
      });

      it("comes before any other block", () => {
        const store = fresh();
        expect(thrownRule(() => store.appendBlock(sampleBlock(1, { transactions: 0, eventsPerTransaction: 0 })))).toBe(
          "no-genesis",
        );
        expect(store.latestBlock()).toBeUndefined();
      });
    });

    describe("appending blocks", () => {
      it("accepts only the next height, chained to the latest hash", () => {
        const store = fresh();
        const shape = { transactions: 1, eventsPerTransaction: 1 };
        store.writeGenesis(GENESIS, sampleBlock(0, shape));
        store.appendBlock(sampleBlock(1, shape));

        expect(thrownRule(() => store.appendBlock(sampleBlock(1, { ...shape, chain: "replay" })))).toBe("height");
        expect(thrownRule(() => store.appendBlock(sampleBlock(3, shape)))).toBe("height");
        const orphan = { ...sampleBlock(2, shape), parentHash: sampleHash("not the latest") };
        expect(thrownRule(() => store.appendBlock(orphan))).toBe("parent-hash");
        expect(store.latestBlock()?.height).toBe(1);
        expect(store.events({ limit: 100 })).toHaveLength(2);

        store.appendBlock(sampleBlock(2, shape));
        expect(store.latestBlock()).toEqual(headerOf(sampleBlock(2, shape)));
      });

      it("refuses a block whose contents break a rule, and keeps nothing of it", () => {
        const store = fresh();
        const shape = { transactions: 2, eventsPerTransaction: 2 };
        store.writeGenesis(GENESIS, sampleBlock(0, shape));
        const good = sampleBlock(1, shape);
        const events = [...good.events];
        const first = events[0];
        const last = events[events.length - 1];
        if (first === undefined || last === undefined) throw new Error("sample block without events");
        const [tx0, tx1] = good.transactions;
        if (tx0 === undefined || tx1 === undefined) throw new Error("sample block without transactions");

        const endless: Iterable<StoredEvent> = {
          *[Symbol.iterator]() {
            for (;;) yield first;
          },
        };
        const broken: [string, StoredBlock][] = [
          ["event-count", withEvents(good, [], events.length)],
          ["event-count", { ...good, events: endless }],
          ["block-shape", { ...good, transactionCount: 3 }],
          ["block-shape", { ...good, stateHash: "ABC" }],
          ["block-shape", { ...good, timestamp: 1.5 }],
          ["transaction-index", { ...good, transactions: [tx1, tx0] }],
          ["block-shape", { ...good, transactions: [{ ...tx0, id: "not hex" }, tx1] }],
          ["duplicate-transaction", { ...good, transactions: [tx0, { ...tx1, id: tx0.id }] }],
          [
            "duplicate-transaction",
            { ...good, transactions: [tx0, { ...tx1, id: sampleBlock(0, shape).transactions[0]?.id ?? "" }] },
          ],
          ["event-count", withEvents(good, events, events.length + 1)],
          ["event-count", withEvents(good, events, events.length - 1)],
          ["event-order", withEvents(good, [...events, { ...first, txIndex: 2 }], events.length + 1)],
          ["event-order", withEvents(good, [...events, first], events.length + 1)],
          ["event-order", withEvents(good, [{ ...last, txIndex: -1 }, ...events.slice(1)])],
        ];
        for (const [rule, block] of broken) {
          expect(
            thrownRule(() => store.appendBlock(block)),
            rule,
          ).toBe(rule);
          expect(store.latestBlock()?.height).toBe(0);
          expect(store.block(1)).toBeUndefined();
          expect(store.events({ fromHeight: 1, limit: 100 })).toEqual([]);
          expect(store.transaction(tx1.id)).toBeUndefined();
        }

        store.appendBlock(good);
        expect(store.events({ fromHeight: 1, limit: 100 })).toHaveLength(4);
      });

      it("reads a block's events exactly once", () => {
        const store = fresh();
        const genesis = sampleBlock(0, { transactions: 1, eventsPerTransaction: 3 });
        store.writeGenesis(GENESIS, { ...genesis, events: once(genesis.events) });
        const block = sampleBlock(1, { transactions: 4, eventsPerTransaction: 5 });
        store.appendBlock({ ...block, events: once(block.events) });
        expect(store.events({ limit: 100 })).toEqual(expectedRows([genesis, block]));
      });
    });

    describe("reading blocks and transactions back", () => {
      it("returns every header and transaction as written", () => {
        const store = fresh();
        const blocks = filled(store);
        for (const block of blocks) {
          expect(store.blockHeader(block.height)).toEqual(headerOf(block));
          expect(store.block(block.height)).toEqual({ ...headerOf(block), transactions: block.transactions });
        }
        const latest = blocks[blocks.length - 1];
        expect(store.latestBlock()).toEqual(latest === undefined ? undefined : headerOf(latest));
        expect(store.blockHeader(blocks.length)).toBeUndefined();
        expect(store.block(-1)).toBeUndefined();
      });

      it("finds a transaction by id, with its height", () => {
        const store = fresh();
        const blocks = filled(store);
        for (const block of blocks) {
          for (const tx of block.transactions) {
            expect(store.transaction(tx.id)).toEqual({ ...tx, height: block.height });
          }
        }
        expect(store.transaction(sampleHash("unknown"))).toBeUndefined();
      });

      it("hands out copies: changing what it returned changes nothing stored", () => {
        const store = fresh();
        const blocks = filled(store);
        const written = blocks[1];
        const read = store.block(1);
        const tx = read?.transactions[0];
        if (written === undefined || read === undefined || tx === undefined) throw new Error("block 1 missing");
        read.hash = sampleHash("changed");
        tx.result = "changed";
        expect(store.block(1)).toEqual({ ...headerOf(written), transactions: written.transactions });
      });

      it("streams blocks in ascending order, up to the latest", () => {
        const store = fresh();
        const blocks = filled(store);
        const expected = blocks.map((b) => ({ ...headerOf(b), transactions: b.transactions }));
        expect([...store.blocks(0, 1_000_000)]).toEqual(expected);
        expect([...store.blocks(2, 4)]).toEqual(expected.slice(2, 5));
        expect([...store.blocks(4, 2)]).toEqual([]);
        expect([...store.blocks(100, 200)]).toEqual([]);
      });

      it("lets the caller append while it streams (replay, then carry on)", () => {
        const store = fresh();
        const shape = { transactions: 1, eventsPerTransaction: 1 };
        store.writeGenesis(GENESIS, sampleBlock(0, shape));
        for (let height = 1; height <= 40; height++) store.appendBlock(sampleBlock(height, shape));
        const seen: number[] = [];
        let next = 41;
        for (const block of store.blocks(0, 60)) {
          seen.push(block.height);
          if (next <= 45) store.appendBlock(sampleBlock(next++, shape));
        }
        expect(seen[0]).toBe(0);
        expect(seen.every((height, i) => height === i)).toBe(true);
        expect(store.latestBlock()?.height).toBe(45);
      });
    });

    describe("events", () => {
      it("numbers every event with a global sequence, in log order", () => {
        const store = fresh();
        const blocks = filled(store);
        const all = expectedRows(blocks);
        expect(all.length).toBeGreaterThan(20);
        expect(store.events({ limit: 10_000 })).toEqual(all);
      });

      it("filters by type, one or several", () => {
        const store = fresh();
        const all = expectedRows(filled(store));
        const rewards = all.filter((row) => row.type === "DelegatorRewardsPaid");
        expect(rewards.length).toBeGreaterThan(0);
        expect(store.events({ types: ["DelegatorRewardsPaid"], limit: 10_000 })).toEqual(rewards);
        const two = all.filter((row) => row.type === "DelegatorRewardsPaid" || row.type === "RewardsPaid");
        expect(store.events({ types: ["RewardsPaid", "DelegatorRewardsPaid"], limit: 10_000 })).toEqual(two);
        expect(store.events({ types: ["RewardsPaid", "RewardsPaid"], limit: 10_000 })).toEqual(
          all.filter((row) => row.type === "RewardsPaid"),
        );
        expect(store.events({ types: ["NoSuchEvent"], limit: 10_000 })).toEqual([]);
        expect(store.events({ types: [], limit: 10_000 })).toEqual([]);
      });

      it("filters by height range, both ends inclusive", () => {
        const store = fresh();
        const all = expectedRows(filled(store));
        const between = (from: number, to: number) => all.filter((row) => row.height >= from && row.height <= to);
        for (const [from, to] of [
          [0, 0],
          [1, 1],
          [2, 2],
          [2, 3],
          [3, 5],
          [1, 100],
          [5, 5],
          [4, 4],
        ] as const) {
          expect(store.events({ fromHeight: from, toHeight: to, limit: 10_000 }), `${from}..${to}`).toEqual(
            between(from, to),
          );
        }
        expect(store.events({ fromHeight: 3, limit: 10_000 })).toEqual(between(3, 100));
        expect(store.events({ toHeight: 2, limit: 10_000 })).toEqual(between(0, 2));
        expect(store.events({ fromHeight: 4, toHeight: 3, limit: 10_000 })).toEqual([]);
        expect(store.events({ fromHeight: 6, limit: 10_000 })).toEqual([]);
        expect(store.events({ types: ["TokensStaked"], fromHeight: 3, toHeight: 5, limit: 10_000 })).toEqual(
          between(3, 5).filter((row) => row.type === "TokensStaked"),
        );
      });

      it("pages with a cursor: every event once, in order, whatever the page size", () => {
        const store = fresh();
        const all = expectedRows(filled(store));
        for (const query of [{}, { types: ["TokensStaked", "RewardsPaid"] }, { fromHeight: 1, toHeight: 3 }]) {
          for (const limit of [1, 3, 7]) {
            const pages: EventRow[] = [];
            let afterSequence = 0;
            for (;;) {
              const page = store.events({ ...query, afterSequence, limit });
              expect(page.length).toBeLessThanOrEqual(limit);
              const last = page[page.length - 1];
              if (last === undefined) break;
              pages.push(...page);
              afterSequence = last.sequence;
            }
            expect(pages, JSON.stringify({ ...query, limit })).toEqual(store.events({ ...query, limit: 10_000 }));
          }
        }
        const tail = all.slice(-4);
        expect(store.events({ afterSequence: all.length - 4, limit: 100 })).toEqual(tail);
        expect(store.events({ afterSequence: all.length, limit: 100 })).toEqual([]);
      });

      it("caps a page at 10,000 events and refuses a malformed query", () => {
        const store = fresh();
        store.writeGenesis(GENESIS, sampleBlock(0, { transactions: 3, eventsPerTransaction: 3_400 }));
        const page = store.events({ limit: 20_000 });
        expect(page).toHaveLength(10_000);
        expect(page[9_999]?.sequence).toBe(10_000);
        expect(thrownRule(() => store.events({ limit: 0 }))).toBe("query");
        expect(thrownRule(() => store.events({ limit: 1.5 }))).toBe("query");
        expect(thrownRule(() => store.events({ fromHeight: -1, limit: 1 }))).toBe("query");
        expect(thrownRule(() => store.events({ afterSequence: Number.NaN, limit: 1 }))).toBe("query");
      });
    });

    describe("snapshots", () => {
      const bytes = (height: number) => new TextEncoder().encode(`state after block ${height} `.repeat(height + 1));
      const snapshotOf = (blocks: readonly StoredBlock[], height: number) => ({
        height,
        stateHash: blocks[height]?.stateHash ?? "",
        bytes: bytes(height),
      });

      it("returns the newest and keeps only the newest few", async () => {
        const store = fresh();
        const blocks = filled(store);
        for (const height of [1, 2, 4, 3, 5]) await store.writeSnapshot(snapshotOf(blocks, height));
        expect(store.latestSnapshot()).toEqual(snapshotOf(blocks, 5));
        expect(options.snapshotHeights(store)).toEqual([5, 4, 3, 2, 1].slice(0, options.snapshotsKept));
        await store.writeSnapshot(snapshotOf(blocks, 0));
        expect(store.latestSnapshot()?.height).toBe(5);
        expect(options.snapshotHeights(store)).toEqual([5, 4, 3, 2, 1].slice(0, options.snapshotsKept));
      });

      it("writes snapshots one after another when asked to write several at once", async () => {
        const store = fresh();
        const blocks = filled(store);
        await Promise.all([1, 2, 3, 4, 5].map((height) => store.writeSnapshot(snapshotOf(blocks, height))));
        expect(store.latestSnapshot()).toEqual(snapshotOf(blocks, 5));
        expect(options.snapshotHeights(store)).toEqual([5, 4, 3, 2, 1].slice(0, options.snapshotsKept));
      });

      it("replaces a snapshot written again at the same height", async () => {
        const store = fresh();
        const blocks = filled(store);
        await store.writeSnapshot(snapshotOf(blocks, 2));
        const second = { ...snapshotOf(blocks, 2), bytes: new TextEncoder().encode("re-encoded") };
        await store.writeSnapshot(second);
        expect(store.latestSnapshot()).toEqual(second);
        expect(options.snapshotHeights(store)).toEqual([2]);
      });

      it("takes only a snapshot of a block in the log, with that block's state hash", async () => {
        const store = fresh();
        const blocks = filled(store);
        expect(await rejectedRule(() => store.writeSnapshot(snapshotOf(blocks, 99)))).toBe("snapshot-block");
        const wrongHash = { ...snapshotOf(blocks, 2), stateHash: sampleHash("another state") };
        expect(await rejectedRule(() => store.writeSnapshot(wrongHash))).toBe("snapshot-block");
        expect(store.latestSnapshot()).toBeUndefined();
      });
    });

    const reopen = options.reopen;
    if (reopen !== undefined) {
      it("sees everything again after a re-open, and carries on from there", async () => {
        const store = fresh();
        const blocks = filled(store);
        await store.writeSnapshot({
          height: 4,
          stateHash: blocks[4]?.stateHash ?? "",
          bytes: new Uint8Array([1, 2, 3]),
        });
        store.close();

        const again = reopen(store);
        opened.push(again);
        expect(again.genesis()).toBe(GENESIS);
        expect([...again.blocks(0, 100)]).toEqual(
          blocks.map((b) => ({ ...headerOf(b), transactions: b.transactions })),
        );
        expect(again.events({ limit: 10_000 })).toEqual(expectedRows(blocks));
        const tx = blocks[3]?.transactions[1];
        expect(tx === undefined ? undefined : again.transaction(tx.id)).toEqual({ ...tx, height: 3 });
        expect(again.latestSnapshot()).toEqual({
          height: 4,
          stateHash: blocks[4]?.stateHash,
          bytes: new Uint8Array([1, 2, 3]),
        });

        const next = sampleBlock(blocks.length, { transactions: 1, eventsPerTransaction: 2, chain: "contract" });
        again.appendBlock(next);
        expect(again.events({ fromHeight: next.height, limit: 10 })).toEqual(expectedRows([...blocks, next]).slice(-2));
      });
    }
  });
}
