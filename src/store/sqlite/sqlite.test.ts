import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { describeStoreContract } from "../contract.test-suite.js";
import { type SampleShape, sampleBlock, sampleEvent } from "../sample-blocks.js";
import { SCHEMA_VERSION } from "./schema.js";
import { DATABASE_FILE, openSqliteStore, SNAPSHOT_DIRECTORY, type SqliteLedgerStore } from "./sqlite-store.js";

const root = mkdtempSync(join(tmpdir(), "flowstake-sqlite-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

describeStoreContract<SqliteLedgerStore>(
  "sqlite",
  () => openSqliteStore(join(root, `store-${++count}`), { snapshotsKept: 3 }),
  {
    snapshotsKept: 3,
    snapshotHeights: (store) => store.snapshotHeights(),
    reopen: (store) => openSqliteStore(store.dataDir, { snapshotsKept: 3 }),
  },
);

describe("sqlite adapter", () => {
  const opened: SqliteLedgerStore[] = [];
  const openAt = (dir: string) => {
    const store = openSqliteStore(dir, { snapshotsKept: 3 });
    opened.push(store);
    return store;
  };
  const fresh = () => openAt(join(root, `adapter-${++count}`));
  afterEach(() => {
    for (const store of opened.splice(0)) store.close();
  });

  const chain = (store: SqliteLedgerStore, blocks: number, shape: SampleShape) => {
    store.writeGenesis("{}", sampleBlock(0, shape));
    for (let height = 1; height < blocks; height++) store.appendBlock(sampleBlock(height, shape));
  };
  const snapshotAt = (store: SqliteLedgerStore, height: number, text: string) =>
    store.writeSnapshot({
      height,
      stateHash: store.blockHeader(height)?.stateHash ?? "",
      bytes: new TextEncoder().encode(text),
    });
  const snapshotFiles = (store: SqliteLedgerStore) =>
    readdirSync(join(store.dataDir, SNAPSHOT_DIRECTORY))
      .filter((name) => name.endsWith(".snapshot"))
      .sort();

  it("keeps one database file in WAL mode, with the schema of docs/storage.md", () => {
    const store = fresh();
    chain(store, 2, { transactions: 1, eventsPerTransaction: 1 });
    const db = new Database(join(store.dataDir, DATABASE_FILE), { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.prepare("SELECT version FROM schema_version").all()).toEqual([{ version: SCHEMA_VERSION }]);
      const objects = db
        .prepare<[], { type: string; name: string }>(
          "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )
        .all();
      expect(objects).toEqual([
        { type: "index", name: "events_by_type" },
        { type: "index", name: "transactions_by_id" },
        { type: "index", name: "transactions_by_position" },
        { type: "table", name: "blocks" },
        { type: "table", name: "events" },
        { type: "table", name: "genesis" },
        { type: "table", name: "schema_version" },
        { type: "table", name: "snapshots" },
        { type: "table", name: "transactions" },
      ]);
      // Amounts live only inside JSON text: no column could be bound to a signed 64-bit amount.
      for (const { name } of objects.filter((o) => o.type === "table")) {
        for (const column of db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all()) {
          expect(column.name, `${name}.${column.name}`).not.toMatch(/amount|balance|stake|reward/i);
        }
      }
      // Every event query is an index seek, however deep the cursor.
      for (const sql of [
        "SELECT * FROM events WHERE sequence > 5 AND sequence < 9 ORDER BY sequence LIMIT 10",
        "SELECT * FROM events WHERE type = 'RewardsPaid' AND sequence > 5 AND sequence < 9 ORDER BY sequence LIMIT 10",
        "SELECT * FROM transactions WHERE id = 'x'",
      ]) {
        const plan = db.prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all();
        expect(plan.map((step) => step.detail).join(" | "), sql).toMatch(
          /^SEARCH \w+ USING (INTEGER PRIMARY KEY|INDEX|COVERING INDEX)/,
        );
        expect(
          plan.some((step) => step.detail.includes("TEMP B-TREE")),
          sql,
        ).toBe(false);
      }
    } finally {
      db.close();
    }
  });

  it("refuses a database written with another schema version", () => {
    const store = fresh();
    store.close();
    const db = new Database(join(store.dataDir, DATABASE_FILE));
    db.prepare("UPDATE schema_version SET version = 99").run();
    db.close();
    expect(() => openSqliteStore(store.dataDir)).toThrow(/schema version 99/);
  });

  it("writes a block of 200,000 events in one transaction, streaming them from a generator", () => {
    const store = fresh();
    chain(store, 1, { transactions: 1, eventsPerTransaction: 0 });
    const block = sampleBlock(1, { transactions: 2, eventsPerTransaction: 100_000 });
    store.appendBlock(block);
    expect(store.latestBlock()?.eventCount).toBe(200_000);
    const last = store.events({ afterSequence: 199_999, limit: 10 });
    expect(last).toEqual([{ sequence: 200_000, height: 1, ...sampleEvent(1, 1, 99_999) }]);
    // Sequence s of transaction 1 is its event k = s − 100,001.
    const rewards = store.events({ types: ["DelegatorRewardsPaid"], afterSequence: 150_000, limit: 3 });
    const expected = Array.from({ length: 9 }, (_, i) => 150_001 + i)
      .map((sequence) => ({ sequence, height: 1, ...sampleEvent(1, 1, sequence - 100_001) }))
      .filter((row) => row.type === "DelegatorRewardsPaid");
    expect(rewards).toEqual(expected);
  });

  it("streams blocks in batches bounded by block and transaction counts", () => {
    const store = fresh();
    store.writeGenesis("{}", sampleBlock(0, { transactions: 0, eventsPerTransaction: 0 }));
    // 300 blocks cross the 256-header batch; 3,000-transaction blocks cross the 4,096-transaction batch.
    for (let height = 1; height < 300; height++) {
      store.appendBlock(sampleBlock(height, { transactions: height % 100 === 0 ? 3_000 : 1, eventsPerTransaction: 0 }));
    }
    let expected = 0;
    for (const block of store.blocks(0, 10_000)) {
      expect(block.height).toBe(expected);
      expect(block.transactions.map((tx) => tx.index)).toEqual(
        Array.from({ length: block.transactionCount }, (_, i) => i),
      );
      expected += 1;
    }
    expect(expected).toBe(300);
  });

  it("deletes the files of pruned and replaced snapshots", async () => {
    const store = fresh();
    chain(store, 6, { transactions: 1, eventsPerTransaction: 1 });
    for (const height of [1, 2, 3, 4, 5]) await snapshotAt(store, height, `state ${height}`);
    await snapshotAt(store, 5, "state 5, encoded again");
    const files = snapshotFiles(store);
    expect(files.map((name) => Number(name.slice(0, 12)))).toEqual([3, 4, 5]);
    expect(readFileSync(join(store.dataDir, SNAPSHOT_DIRECTORY, files[2] ?? ""), "utf8")).toBe(
      "state 5, encoded again",
    );
  });

  it("never returns a damaged or missing snapshot file: it falls back to the newest whole one", async () => {
    const store = fresh();
    chain(store, 6, { transactions: 1, eventsPerTransaction: 1 });
    for (const height of [3, 4, 5]) await snapshotAt(store, height, `state after block ${height}`);
    const [third, fourth, fifth] = snapshotFiles(store).map((name) => join(store.dataDir, SNAPSHOT_DIRECTORY, name));
    if (third === undefined || fourth === undefined || fifth === undefined) throw new Error("three snapshot files");

    truncateSync(fifth, 5);
    expect(store.latestSnapshot()?.height).toBe(4);
    writeFileSync(fourth, "state after block 9");
    expect(store.latestSnapshot()?.height).toBe(3);
    rmSync(third);
    expect(store.latestSnapshot()).toBeUndefined();
  });

  it("on opening, removes temporary and unindexed snapshot files a crash left, and nothing else", async () => {
    const store = fresh();
    chain(store, 3, { transactions: 1, eventsPerTransaction: 1 });
    await snapshotAt(store, 2, "kept");
    store.close();
    const dir = join(store.dataDir, SNAPSHOT_DIRECTORY);
    writeFileSync(join(dir, "000000000002-5d2b3c1e-0000-4000-8000-000000000000.tmp"), "torn");
    writeFileSync(join(dir, "000000000001-0123456789abcdef.snapshot"), "written, never indexed");
    writeFileSync(join(dir, "operator-notes.txt"), "not ours");

    const again = openAt(store.dataDir);
    expect(readdirSync(dir).sort()).toEqual([...snapshotFiles(again), "operator-notes.txt"].sort());
    expect(snapshotFiles(again)).toHaveLength(1);
    expect(new TextDecoder().decode(again.latestSnapshot()?.bytes)).toBe("kept");
  });

  it("writes a snapshot without holding the event loop for the file write", async () => {
    const store = fresh();
    chain(store, 2, { transactions: 1, eventsPerTransaction: 1 });
    const bytes = new Uint8Array(64 * 1024 * 1024).fill(7);
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 1);
    try {
      await store.writeSnapshot({ height: 1, stateHash: store.blockHeader(1)?.stateHash ?? "", bytes });
    } finally {
      clearInterval(ticker);
    }
    // Timers kept firing while 64 MiB went to disk in 4 MiB slices.
    expect(ticks).toBeGreaterThan(4);
    expect(store.latestSnapshot()?.bytes.byteLength).toBe(bytes.byteLength);
  });

  it("refuses to index a snapshot after close, and leaves no file to be picked", async () => {
    const store = fresh();
    chain(store, 2, { transactions: 1, eventsPerTransaction: 1 });
    const pending = snapshotAt(store, 1, "late");
    store.close();
    await expect(pending).rejects.toThrow(/closed before the snapshot/);
    const again = openAt(store.dataDir);
    expect(again.latestSnapshot()).toBeUndefined();
    expect(snapshotFiles(again)).toEqual([]);
  });
});
