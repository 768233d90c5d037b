/**
 * Durability under SIGKILL: a child process appends blocks and prints each height once `appendBlock` has
 * returned; the test kills it at a random moment, several times over the same data directory, then checks that
 * every acknowledged block (and everything else in the log) is present and intact, and that the snapshot found is
 * a whole one at least as new as the newest acknowledged.
 *
 * The child runs this folder's current source, compiled by the project's `tsc` into a temporary directory, so the
 * test does not depend on `dist/` being up to date.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { EventRow } from "../port.js";
import { durabilityBlock, durabilitySnapshot, SNAPSHOT_EVERY } from "./durability-plan.js";
import { openSqliteStore, SNAPSHOT_DIRECTORY } from "./sqlite-store.js";

const ROUNDS = 3;
const root = mkdtempSync(join(tmpdir(), "flowstake-durability-"));
const compiled = join(root, "compiled");
const dataDir = join(root, "data");
let child: ChildProcess | undefined;

beforeAll(() => {
  const repo = resolve(".");
  execFileSync(
    join(repo, "node_modules", ".bin", "tsc"),
    [
      "--ignoreConfig",
      join(repo, "src/store/sqlite/durability-child.ts"),
      ...["--outDir", compiled, "--rootDir", join(repo, "src"), "--module", "nodenext"],
      ...["--moduleResolution", "nodenext", "--target", "es2022", "--types", "node"],
      ...["--esModuleInterop", "--skipLibCheck", "--strict"],
    ],
    { cwd: repo, stdio: "pipe" },
  );
  writeFileSync(join(compiled, "package.json"), '{ "type": "module" }\n');
  symlinkSync(join(repo, "node_modules"), join(compiled, "node_modules"), "dir");
});

afterAll(() => {
  child?.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

interface Acknowledged {
  blocks: number[];
  snapshots: number[];
}

/** Runs the child until a random moment after its first acknowledgement, kills it, and returns what it printed. */
function runAndKill(): Promise<Acknowledged> {
  return new Promise((done, fail) => {
    const script = join(compiled, "store/sqlite/durability-child.js");
    const proc = spawn(process.execPath, [script, dataDir], { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    let output = "";
    let errors = "";
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.setEncoding("utf8");
    proc.stdout.on("data", (chunk: string) => {
      output += chunk;
      timer ??= setTimeout(() => proc.kill("SIGKILL"), 200 + Math.floor(Math.random() * 1_300));
    });
    proc.stderr.setEncoding("utf8");
    proc.stderr.on("data", (chunk: string) => {
      errors += chunk;
    });
    proc.on("error", fail);
    proc.on("close", (code, signal) => {
      clearTimeout(timer);
      child = undefined;
      if (signal !== "SIGKILL") {
        fail(new Error(`child ended with code ${code} and signal ${signal} before the kill: ${errors}`));
        return;
      }
      const acknowledged: Acknowledged = { blocks: [], snapshots: [] };
      // Only whole lines: a line being written when the kill came was not an acknowledgement.
      for (const line of output.slice(0, output.lastIndexOf("\n") + 1).split("\n")) {
        const [what, height] = line.split(" ");
        if (what === "block") acknowledged.blocks.push(Number(height));
        if (what === "snapshot") acknowledged.snapshots.push(Number(height));
      }
      done(acknowledged);
    });
  });
}

it("keeps every acknowledged block and a whole snapshot across kill -9 at random moments", async () => {
  const acknowledged: Acknowledged = { blocks: [], snapshots: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const { blocks, snapshots } = await runAndKill();
    expect(blocks.length, `round ${round} acknowledged nothing`).toBeGreaterThan(0);
    acknowledged.blocks.push(...blocks);
    acknowledged.snapshots.push(...snapshots);
  }

  const store = openSqliteStore(dataDir, { snapshotsKept: 2 });
  try {
    const latest = store.latestBlock()?.height ?? -1;
    const newestAcknowledged = Math.max(...acknowledged.blocks);
    expect(latest).toBeGreaterThanOrEqual(newestAcknowledged);
    // Each round carried on after the last block committed, which may be one the kill kept from being printed.
    expect(acknowledged.blocks.every((height, i) => i === 0 || height > (acknowledged.blocks[i - 1] ?? height))).toBe(
      true,
    );

    // Everything in the log is intact, acknowledged or not: headers, transactions, and events in order.
    let sequence = 1;
    for (const block of store.blocks(0, latest)) {
      const expected = durabilityBlock(block.height);
      const { events, ...header } = expected;
      expect(block).toEqual(header);
      const rows: EventRow[] = [];
      for (let after = sequence - 1; ; ) {
        const page = store.events({
          fromHeight: block.height,
          toHeight: block.height,
          afterSequence: after,
          limit: 10_000,
        });
        const last = page[page.length - 1];
        if (last === undefined) break;
        rows.push(...page);
        after = last.sequence;
      }
      const expectedRows = Array.from(events, (event, i) => ({
        sequence: sequence + i,
        height: block.height,
        ...event,
      }));
      // Compared as text: tens of thousands of rows per large block.
      expect(JSON.stringify(rows), `events of block ${block.height}`).toBe(JSON.stringify(expectedRows));
      sequence += expectedRows.length;
    }

    const snapshot = store.latestSnapshot();
    if (acknowledged.snapshots.length > 0) {
      expect(snapshot).toBeDefined();
      expect(snapshot?.height).toBeGreaterThanOrEqual(Math.max(...acknowledged.snapshots));
    }
    if (snapshot !== undefined) {
      expect(snapshot.height % SNAPSHOT_EVERY).toBe(0);
      const expected = durabilitySnapshot(snapshot.height);
      expect(snapshot.stateHash).toBe(expected.stateHash);
      expect(Buffer.from(snapshot.bytes).equals(Buffer.from(expected.bytes))).toBe(true);
    }
    // Opening swept what the kills left in the snapshot directory: no temporary files remain.
    expect(readdirSync(join(dataDir, SNAPSHOT_DIRECTORY)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  } finally {
    store.close();
  }
  expect(existsSync(join(dataDir, "ledger.sqlite"))).toBe(true);
});
