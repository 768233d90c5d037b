/**
 * Durability under load: a node in its own process (`flowstake node`), several accounts submitting signed
 * transactions concurrently, `kill -9` at a random moment, a restart. Every transaction acknowledged with 200 is in
 * the log with the same height, index, result and events; the one each account had in flight when the node died
 * either committed whole (the sequence number moved on and the log has it) or not at all; `flowstake verify`
 * replays the log as the kill left it. Three rounds on the same data directory, each killed at a different moment
 * (one in each third of 200–1500 ms), with snapshots every 25 blocks so a kill can land in the middle of one.
 */
import { describe, expect, it } from "vitest";
import {
  createClient,
  type FlowstakeClient,
  isClientError,
  isClientErrorCode,
  type TransactionOutcome,
} from "../../src/client/index.js";
import { parseEnvelope, transactionId } from "../../src/tx/index.js";
import {
  accountKey,
  adminSigner,
  cleanupAfterEach,
  createAccount,
  e2eGenesis,
  envelope,
  initDataDir,
  type NodeProcess,
  requireBuiltCli,
  type Signer,
  sequenceNumberOf,
  sleep,
  spawnNode,
  stopNode,
  tempDir,
  verifyDataDir,
} from "./support.js";

const ROUNDS = 3;
const WRITERS = 4;
const KILL_WINDOW = { from: 200, to: 1500 };

const cleanup = cleanupAfterEach();

/** One account submitting transactions one after another, counting its own sequence numbers. */
interface Writer {
  readonly signer: Signer;
  /** What each submission does, given how many this writer has sent. */
  readonly operation: (n: number) => { type: string; args: Record<string, unknown> };
  nextSequenceNumber: number;
  /** The submission under way when the node died: its fate is unknown to the writer. */
  inFlight: { id: string; sequenceNumber: number } | null;
  sent: number;
}

interface Acknowledged {
  readonly outcome: TransactionOutcome;
  readonly envelope: unknown;
}

/** Submits until the node stops answering; a refusal is a failure of the test. */
async function write(writer: Writer, client: FlowstakeClient, acked: Map<string, Acknowledged>): Promise<void> {
  for (;;) {
    const { type, args } = writer.operation(writer.sent);
    const signed = envelope(writer.signer, type, args, { sequenceNumber: writer.nextSequenceNumber });
    const id = transactionId(parseEnvelope(signed));
    writer.inFlight = { id, sequenceNumber: writer.nextSequenceNumber };
    let outcome: TransactionOutcome;
    try {
      outcome = await client.submitTransaction(signed);
    } catch (error) {
      // The node is gone (connection refused or reset): the in-flight transaction may or may not have committed.
      if (isClientError(error) && isClientErrorCode(error.code)) return;
      throw error;
    }
    expect(outcome.id).toBe(id);
    acked.set(id, { outcome, envelope: parseEnvelope(signed) });
    writer.inFlight = null;
    writer.nextSequenceNumber += 1;
    writer.sent += 1;
  }
}

/** Runs `check` over `items`, `width` at a time. */
async function inBatches<T>(items: readonly T[], width: number, check: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(check));
}

describe("kill -9 under load", () => {
  it("loses no acknowledged transaction and leaves a log that verifies, three times", async () => {
    requireBuiltCli();
    const data = tempDir("kill9");
    cleanup(() => data.remove());
    const admin = adminSigner();
    initDataDir(data.dir, e2eGenesis(admin, { epochLengthMs: 600_000, stakingAuctionMs: 500_000, setupMs: 50_000 }));
    const nodeArgs = ["--data-dir", data.dir, "--port", "0", "--mode", "manual", "--snapshot-every", "25"];
    const spawned: NodeProcess[] = [];
    cleanup(async () => {
      for (const p of spawned) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    });
    const start = async () => {
      const started = await spawnNode(nodeArgs);
      spawned.push(started);
      return { process: started, client: createClient(started.url, { timeoutMs: 10_000 }) };
    };

    let node = await start();
    const accounts: Signer[] = [];
    for (let i = 0; i < WRITERS; i++) accounts.push(await createAccount(node.client, admin, "1000.0"));
    const writers: Writer[] = [
      // The admin creates accounts (a result to compare); the others pass small amounts round in a ring.
      {
        signer: admin,
        operation: () => ({ type: "create_account", args: { keys: [accountKey(admin.publicKey)], balance: "0.5" } }),
        nextSequenceNumber: 0,
        inFlight: null,
        sent: 0,
      },
      ...accounts.map(
        (signer, i): Writer => ({
          signer,
          operation: (n) => ({
            type: "transfer_tokens",
            args: {
              to: accounts[(i + 1) % accounts.length]?.address,
              amount: `0.${String(n % 1000).padStart(3, "0")}01`,
            },
          }),
          nextSequenceNumber: 0,
          inFlight: null,
          sent: 0,
        }),
      ),
    ];
    const acked = new Map<string, Acknowledged>();

    for (let round = 0; round < ROUNDS; round++) {
      const third = (KILL_WINDOW.to - KILL_WINDOW.from) / ROUNDS;
      const killAfter = Math.round(KILL_WINDOW.from + third * (round + Math.random()));
      const context = `round ${round + 1}, killed after ${killAfter} ms`;
      for (const writer of writers) {
        writer.nextSequenceNumber = await sequenceNumberOf(node.client, writer.signer);
        writer.inFlight = null;
      }
      const ackedBefore = acked.size;
      const load = Promise.all(writers.map((w) => write(w, node.client, acked)));
      await sleep(killAfter);
      node.process.child.kill("SIGKILL");
      expect(await node.process.exited, context).toEqual({ code: null, signal: "SIGKILL" });
      await load;
      expect(acked.size, `${context}: the load acknowledged transactions`).toBeGreaterThan(ackedBefore);

      // The log exactly as the kill left it replays from genesis, every signature re-checked.
      const killed = await verifyDataDir(data.dir);
      expect(killed.report, `${context}: ${killed.run.stderr}`).toMatchObject({ ok: true });
      expect(killed.run.code).toBe(0);

      node = await start();
      expect((await node.client.getLatestBlock()).height, context).toBe(killed.report.height);
      expect((await node.client.getLatestBlock()).stateHash, context).toBe(killed.report.stateHash);

      // Every acknowledged transaction, from this round and the earlier ones, exactly as acknowledged.
      await inBatches([...acked.values()], 32, async ({ outcome, envelope: sent }) => {
        const stored = await node.client.getTransaction(outcome.id);
        expect(stored, context).toEqual({
          ...outcome,
          authorizer: parseEnvelope(sent).payload.authorizer,
          envelope: sent,
        });
      });

      // What was in flight committed whole or not at all.
      for (const writer of writers) {
        const sequenceNumber = await sequenceNumberOf(node.client, writer.signer);
        const pending = writer.inFlight;
        if (pending === null) {
          expect(sequenceNumber, context).toBe(writer.nextSequenceNumber);
          continue;
        }
        const committed = sequenceNumber === pending.sequenceNumber + 1;
        expect([pending.sequenceNumber, pending.sequenceNumber + 1], context).toContain(sequenceNumber);
        const lookup = await node.client.getTransaction(pending.id).then(
          (tx) => ({ found: true, sequenceNumber: tx.envelope?.payload.proposalKey.sequenceNumber }),
          (error: unknown) => ({ found: false, code: isClientError(error) ? error.code : String(error) }),
        );
        expect(lookup, context).toEqual(
          committed ? { found: true, sequenceNumber: pending.sequenceNumber } : { found: false, code: "NOT_FOUND" },
        );
      }
    }

    // A graceful stop after the last restart, and the whole log once more.
    const stopped = await stopNode(node.process);
    expect(stopped, node.process.stderr()).toEqual({ code: 0, signal: null });
    const final = await verifyDataDir(data.dir);
    expect(final.report, final.run.stderr).toMatchObject({ ok: true });
  }, 30_000);
});
