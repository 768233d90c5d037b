/**
 * The verify pool with real worker threads. Node 20 cannot run the TypeScript worker, so `beforeAll` compiles the
 * project (tsconfig.build.json, ~1 s) into a temporary directory and the pools here use that fresh
 * `verify-worker.js`: the tests never run a stale `dist/`. Fixture workers for crashes and batching sit next to it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  generateAccountKeyPair,
  type HashAlgorithm,
  type SignatureAlgorithm,
  signMessage,
  verifySignature,
} from "../crypto/index.js";
import type { VerifyItem } from "./verify-batch.js";
import {
  createVerifyPool,
  defaultVerifyPoolSize,
  defaultVerifyWorkerUrl,
  FLUSH_AT_ITEMS,
  MIN_ITEMS_PER_MESSAGE,
  type VerifyPool,
} from "./verify-pool.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let outDir = "";
let workerUrl: URL;
/** Answers `true` for every item of the first batch it receives and `false` for every later one. */
let firstBatchOnlyUrl: URL;
/** Works as the real worker does, except that it exits with code 7 on a batch of exactly 3 items. */
let exitsOnThreeUrl: URL;
/** Works as the real worker does, except that it throws on a batch of exactly 3 items. */
let throwsOnThreeUrl: URL;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), "flowstake-verify-pool-"));
  writeFileSync(join(outDir, "package.json"), '{ "type": "module" }\n');
  symlinkSync(join(ROOT, "node_modules"), join(outDir, "node_modules"), "dir");
  const tsc = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", outDir],
    { cwd: ROOT, encoding: "utf8" },
  );
  const txDir = join(outDir, "src/tx");
  // Type errors elsewhere in the project (other work in progress) do not stop tsc from emitting this folder.
  if (!existsSync(join(txDir, "verify-worker.js")))
    throw new Error(`tsc emitted no worker:\n${tsc.stdout}${tsc.stderr}`);
  workerUrl = pathToFileURL(join(txDir, "verify-worker.js"));
  const fixture = (name: string, text: string): URL => {
    writeFileSync(join(txDir, name), text);
    return pathToFileURL(join(txDir, name));
  };
  firstBatchOnlyUrl = fixture(
    "first-batch-only.fixture.js",
    `import { parentPort } from "node:worker_threads";
import { verifyBatch } from "./verify-batch.js";
let batches = 0;
parentPort.on("message", (batch) => {
  batches++;
  const answer = verifyBatch(batch, () => batches === 1);
  parentPort.postMessage(answer, [answer]);
});
`,
  );
  const onThree = (action: string) => `import { parentPort } from "node:worker_threads";
import { verifySignature } from "../crypto/account-keys.js";
import { verifyBatch } from "./verify-batch.js";
parentPort.on("message", (batch) => {
  if (new DataView(batch).getUint32(4, true) === 3) ${action};
  const answer = verifyBatch(batch, verifySignature);
  parentPort.postMessage(answer, [answer]);
});
`;
  exitsOnThreeUrl = fixture("exits-on-three.fixture.js", onThree("process.exit(7)"));
  throwsOnThreeUrl = fixture("throws-on-three.fixture.js", onThree('throw new Error("worker blew up")'));
}, 60_000);

afterAll(() => {
  if (outDir !== "") rmSync(outDir, { recursive: true, force: true });
});

const ALGORITHMS: [SignatureAlgorithm, HashAlgorithm][] = [
  ["ECDSA_P256", "SHA3_256"],
  ["ECDSA_P256", "SHA2_256"],
  ["ECDSA_secp256k1", "SHA3_256"],
  ["ECDSA_secp256k1", "SHA2_256"],
];

/** `count` items cycling through the four algorithm pairs and through valid and invalid kinds. */
function mixedItems(count: number): VerifyItem[] {
  const keys = ALGORITHMS.map(([alg, hash]) => ({ alg, hash, pair: generateAccountKeyPair(alg) }));
  return Array.from({ length: count }, (_, i) => {
    const key = keys[i % keys.length];
    if (key === undefined) throw new Error("unreachable");
    const message = new TextEncoder().encode(`transaction ${i}`);
    const item: VerifyItem = {
      publicKey: key.pair.publicKey,
      signatureAlgorithm: key.alg,
      hashAlgorithm: key.hash,
      message,
      signature: signMessage(key.pair.privateKey, key.alg, key.hash, message),
    };
    switch (Math.floor(i / keys.length) % 6) {
      case 1:
        return { ...item, message: new TextEncoder().encode(`transaction ${i + 1}`) }; // another message
      case 2:
        return { ...item, signature: item.signature.toUpperCase() }; // valid in upper case
      case 3:
        return { ...item, publicKey: item.publicKey.slice(1) }; // malformed key
      case 4:
        return { ...item, hashAlgorithm: key.hash === "SHA3_256" ? "SHA2_256" : "SHA3_256" }; // wrong hash
      default:
        return item;
    }
  });
}

const expected = (items: readonly VerifyItem[]): boolean[] =>
  items.map((item) =>
    verifySignature(item.publicKey, item.signatureAlgorithm, item.hashAlgorithm, item.message, item.signature),
  );

async function withPool<T>(pool: VerifyPool, body: (pool: VerifyPool) => Promise<T>): Promise<T> {
  try {
    return await body(pool);
  } finally {
    await pool.close();
  }
}

describe("createVerifyPool", () => {
  const items = mixedItems(240);
  const answers = expected(items);

  it("the mixed items really are mixed", () => {
    expect(answers.filter(Boolean).length).toBeGreaterThan(60);
    expect(answers.filter((a) => !a).length).toBeGreaterThan(60);
  });

  it.each([0, 1, 3])("size %i: answers in order across a mixed batch", async (size) => {
    await withPool(createVerifyPool(size, { workerUrl }), async (pool) => {
      expect(pool.size).toBe(size);
      expect(await pool.verify(items)).toEqual(answers);
      expect(await pool.verify([])).toEqual([]);
    });
  });

  it.each([0, 1, 2])("size %i: many calls in one turn each get their own answers, in order", async (size) => {
    await withPool(createVerifyPool(size, { workerUrl }), async (pool) => {
      const calls = Array.from({ length: 40 }, (_, i) => items.slice(i * 6, i * 6 + 6));
      const results = await Promise.all(calls.map((call) => pool.verify(call)));
      expect(results).toEqual(calls.map(expected));
    });
  });

  it.each([1, 2])("size %i: a batch of 5,000 completes", async (size) => {
    const many = Array.from({ length: Math.ceil(5000 / items.length) }, () => items)
      .flat()
      .slice(0, 5000);
    await withPool(createVerifyPool(size, { workerUrl }), async (pool) => {
      const results = await pool.verify(many);
      expect(results).toHaveLength(5000);
      expect(results).toEqual(many.map((_, i) => answers[i % answers.length]));
    });
  });

  it("sends the calls of one event-loop turn as one batch, and a later turn's as another", async () => {
    await withPool(createVerifyPool(1, { workerUrl: firstBatchOnlyUrl }), async (pool) => {
      const sameTurn = await Promise.all([pool.verify(items.slice(0, 2)), pool.verify(items.slice(2, 5))]);
      expect(sameTurn).toEqual([
        [true, true],
        [true, true, true],
      ]);
      expect(await pool.verify(items.slice(0, 2))).toEqual([false, false]);
    });
  });

  it("sends a batch at once, within the turn, as soon as FLUSH_AT_ITEMS items wait", async () => {
    const wellFormed = items.filter((item) => item.publicKey.length === 128);
    await withPool(createVerifyPool(1, { workerUrl: firstBatchOnlyUrl }), async (pool) => {
      const sameTurn = await Promise.all([
        pool.verify(wellFormed.slice(0, FLUSH_AT_ITEMS - 1)),
        pool.verify(wellFormed.slice(0, 1)),
        pool.verify(wellFormed.slice(0, 2)),
      ]);
      // The first two calls reach the threshold and leave as the first batch; the third waits for the turn's end.
      expect(sameTurn).toEqual([Array(FLUSH_AT_ITEMS - 1).fill(true), [true], [false, false]]);
    });
  });

  it("splits a batch of 2 × MIN_ITEMS_PER_MESSAGE or more across workers, keeping the order", async () => {
    // Well-formed items only: the fixture never sees the others (they are false before any worker).
    const wellFormed = items.filter((item) => item.publicKey.length === 128);
    await withPool(createVerifyPool(2, { workerUrl: firstBatchOnlyUrl }), async (pool) => {
      // A small batch goes to one worker (the first): that worker has now seen its first batch.
      expect(await pool.verify(wellFormed.slice(0, MIN_ITEMS_PER_MESSAGE + 1))).toEqual(
        Array(MIN_ITEMS_PER_MESSAGE + 1).fill(true),
      );
      // A batch of two messages' worth: the first half to the first worker (its second batch: false), the second
      // half to the second worker (its first batch: true).
      const both = await pool.verify(wellFormed.slice(0, 2 * MIN_ITEMS_PER_MESSAGE));
      expect(both).toEqual([...Array(MIN_ITEMS_PER_MESSAGE).fill(false), ...Array(MIN_ITEMS_PER_MESSAGE).fill(true)]);
    });
  });

  it("fails the verifications a crashed worker held, then replaces the worker", async () => {
    await withPool(createVerifyPool(1, { workerUrl: exitsOnThreeUrl }), async (pool) => {
      // Two calls in one turn: one batch of 3 items, which kills the worker.
      const held = await Promise.allSettled([pool.verify(items.slice(0, 1)), pool.verify(items.slice(1, 3))]);
      expect(held.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
      for (const outcome of held) {
        expect(outcome.status === "rejected" && String(outcome.reason)).toMatch(
          /verify worker stopped \(exit code 7\)/,
        );
      }
      expect(await pool.verify(items.slice(0, 4))).toEqual(answers.slice(0, 4));
      expect(pool.activeWorkers).toBe(1);
    });
  });

  it("fails the verifications of a worker that throws, with its error", async () => {
    await withPool(createVerifyPool(1, { workerUrl: throwsOnThreeUrl }), async (pool) => {
      await expect(pool.verify(items.slice(0, 3))).rejects.toThrow(/worker blew up/);
      expect(await pool.verify(items.slice(0, 2))).toEqual(answers.slice(0, 2));
    });
  });

  it("close() terminates the workers and fails what is pending and what comes later", async () => {
    const pool = createVerifyPool(2, { workerUrl });
    expect(await pool.verify(items.slice(0, 40))).toEqual(answers.slice(0, 40));
    expect(pool.activeWorkers).toBe(2);
    const pending = expect(pool.verify(items)).rejects.toThrow(/closed/);
    await pool.close();
    expect(pool.activeWorkers).toBe(0);
    await pending;
    await expect(pool.verify(items.slice(0, 1))).rejects.toThrow(/closed/);
  });

  it.each([0, 1])("size %i: answers false for an item that is not even an object", async (size) => {
    await withPool(createVerifyPool(size, { workerUrl }), async (pool) => {
      const broken = [items[0], null, undefined, 7, items[0]] as unknown as VerifyItem[];
      expect(await pool.verify(broken)).toEqual([answers[0], false, false, false, answers[0]]);
    });
  });

  it("close() of an inline pool refuses later verifications too", async () => {
    const pool = createVerifyPool(0);
    await pool.close();
    await expect(pool.verify(items.slice(0, 1))).rejects.toThrow(/closed/);
  });

  it("refuses a bad size or a missing worker script at once", () => {
    expect(() => createVerifyPool(-1)).toThrow(RangeError);
    expect(() => createVerifyPool(1.5)).toThrow(RangeError);
    expect(() => createVerifyPool(1, { workerUrl: pathToFileURL(join(outDir, "missing.js")) })).toThrow(
      /npm run build/,
    );
  });

  it("defaults to one worker per core but one, and to the compiled worker under dist/", () => {
    expect(defaultVerifyPoolSize()).toBe(Math.max(1, availableParallelism() - 1));
    expect(fileURLToPath(defaultVerifyWorkerUrl())).toBe(join(ROOT, "dist/src/tx/verify-worker.js"));
  });
});
