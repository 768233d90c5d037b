/**
 * What the end-to-end tests share: data directories, account keys that sign real envelopes, exact UFix64 arithmetic
 * for expected amounts (independent of src/core), the built CLI as a child process, polling, clean-up after each
 * test, and catching a refusal.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach } from "vitest";
import { type ClientError, type FlowstakeClient, isClientError, type SignedEnvelope } from "../../src/client/index.js";
import { generateAccountKeyPair } from "../../src/crypto/index.js";
import { initialiseChain } from "../../src/node/chain.js";
import { devGenesis, type GenesisDocument } from "../../src/node/genesis.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { buildEnvelope } from "../../src/tx/index.js";

export const ADMIN_ADDRESS = "0000000000000001";
export const CLI = resolve("dist/src/cli/main.js");

// Temporary directories ------------------------------------------------------------------------------------------

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `flowstake-e2e-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `genesis` into a fresh data directory, as `flowstake init` would. */
export function initDataDir(dir: string, genesis: GenesisDocument): void {
  const store = openSqliteStore(dir);
  try {
    initialiseChain(store, genesis);
  } finally {
    store.close();
  }
}

// Keys and envelopes ---------------------------------------------------------------------------------------------

/** One P-256/SHA3-256 account key with its private half: key `keyIndex` of `address`. */
export interface Signer {
  address: string;
  keyIndex: number;
  privateKey: string;
  publicKey: string;
}

export function newKeyPair(): { privateKey: string; publicKey: string } {
  return generateAccountKeyPair("ECDSA_P256");
}

export function adminSigner(): Signer {
  return { address: ADMIN_ADDRESS, keyIndex: 0, ...newKeyPair() };
}

export function accountKey(publicKey: string, weight = 1000) {
  return { publicKey, signatureAlgorithm: "ECDSA_P256", hashAlgorithm: "SHA3_256", weight } as const;
}

/** A development genesis whose admin is `admin`. */
export function e2eGenesis(
  admin: Signer,
  timing: { epochLengthMs: number; stakingAuctionMs: number; setupMs: number },
  genesisTime = Date.now(),
): GenesisDocument {
  return devGenesis({ admin: accountKey(admin.publicKey), genesisTime, ...timing, seed: "e2e" });
}

export interface EnvelopeOptions {
  sequenceNumber: number;
  /** The acting account; the signer's account by default. */
  authorizer?: string;
  expiryHeight?: number;
  /** Who signs; the proposal key (`signer`) alone by default. */
  signers?: readonly Signer[];
}

/** `type`/`args` proposed and paid by `signer`, signed for real with `buildEnvelope`. */
export function envelope(
  signer: Signer,
  type: string,
  args: Record<string, unknown>,
  options: EnvelopeOptions,
): SignedEnvelope {
  const payload = {
    type,
    args,
    proposalKey: { address: signer.address, keyIndex: signer.keyIndex, sequenceNumber: options.sequenceNumber },
    authorizer: options.authorizer ?? signer.address,
    ...(options.expiryHeight === undefined ? {} : { expiryHeight: options.expiryHeight }),
  };
  const signers = (options.signers ?? [signer]).map((s) => ({
    address: s.address,
    keyIndex: s.keyIndex,
    privateKey: s.privateKey,
    signatureAlgorithm: "ECDSA_P256" as const,
    hashAlgorithm: "SHA3_256" as const,
  }));
  return buildEnvelope(payload, signers);
}

/** The proposal key's sequence number as the node has it now. */
export async function sequenceNumberOf(client: FlowstakeClient, signer: Signer): Promise<number> {
  const account = await client.getAccount(signer.address);
  const key = account.keys.find((k) => k.index === signer.keyIndex);
  if (key === undefined) throw new Error(`account ${signer.address} has no key ${signer.keyIndex}`);
  return key.sequenceNumber;
}

/** Signs at the node's current sequence number and submits; resolves with the outcome. */
export async function send(
  client: FlowstakeClient,
  signer: Signer,
  type: string,
  args: Record<string, unknown>,
  options: Omit<EnvelopeOptions, "sequenceNumber"> = {},
) {
  const sequenceNumber = await sequenceNumberOf(client, signer);
  return client.submitTransaction(envelope(signer, type, args, { ...options, sequenceNumber }));
}

/** Creates an account with one fresh full-weight key, funded by `funder`; returns its signer. */
export async function createAccount(client: FlowstakeClient, funder: Signer, balance: string): Promise<Signer> {
  const pair = newKeyPair();
  const outcome = await send(client, funder, "create_account", { keys: [accountKey(pair.publicKey)], balance });
  const result = outcome.result;
  if (typeof result !== "object" || result === null || !("address" in result) || typeof result.address !== "string")
    throw new Error(`create_account answered ${JSON.stringify(result)}`);
  return { address: result.address, keyIndex: 0, ...pair };
}

// Exact amounts ----------------------------------------------------------------------------------------------------

const E8 = 100_000_000n;

/** A decimal string ("1000", "0.5", "12.34567890") as 10⁻⁸ units; more than 8 decimals is a test bug. */
export function units(text: string): bigint {
  const match = /^([0-9]+)(?:\.([0-9]{1,8}))?$/.exec(text);
  if (match === null) throw new Error(`not an amount: ${text}`);
  return BigInt(match[1] ?? "0") * E8 + BigInt((match[2] ?? "").padEnd(8, "0"));
}

/** 10⁻⁸ units as the API writes them: exactly 8 decimals. */
export function amountText(value: bigint): string {
  return `${value / E8}.${(value % E8).toString().padStart(8, "0")}`;
}

/** UFix64 multiplication and division, truncated (staking-contract.md §1). */
export const mulTrunc = (a: bigint, b: bigint): bigint => (a * b) / E8;
export const divTrunc = (a: bigint, b: bigint): bigint => (a * E8) / b;

// Waiting ------------------------------------------------------------------------------------------------------------

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Calls `read` every `intervalMs` until `done(value)` holds; returns that value. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  { timeoutMs = 15_000, intervalMs = 20 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await sleep(intervalMs);
  }
}

// The built CLI ------------------------------------------------------------------------------------------------------

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
}

/** Runs `flowstake ARGS` to completion (asynchronously, so a node in this process keeps answering). */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** `flowstake verify --data-dir DIR --json`, parsed. */
export async function verifyDataDir(dir: string): Promise<{ run: CliRun; report: Record<string, unknown> }> {
  const run = await runCli(["verify", "--data-dir", dir, "--json"]);
  try {
    return { run, report: JSON.parse(run.stdout) as Record<string, unknown> };
  } catch {
    throw new Error(`flowstake verify printed no JSON report: ${JSON.stringify(run)}`);
  }
}

export interface NodeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything the node wrote to standard error so far. */
  stderr(): string;
  /** Resolves with the exit code or signal once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `flowstake node ARGS --json` as a child process; resolves once it printed its `{ url, … }` line (docs/cli.md).
 */
export function spawnNode(args: readonly string[], env: Record<string, string> = {}): Promise<NodeProcess> {
  const child = spawn(process.execPath, [CLI, "node", ...args, "--json"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once("exit", (code, signal) => done({ code, signal }));
  });
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`flowstake node did not print its URL within 15 s; stderr: ${stderr}`));
    }, 15_000);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      const line = stdout.split("\n")[0];
      if (!stdout.includes("\n") || line === undefined) return;
      clearTimeout(timer);
      const printed = JSON.parse(line) as { url?: unknown };
      if (typeof printed.url !== "string") return fail(new Error(`flowstake node printed ${line}`));
      done({ child, url: printed.url, stderr: () => stderr, exited });
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`flowstake node exited (${code ?? signal}) before listening; stderr: ${stderr}`));
    });
  });
}

/** Stops a node process gracefully (SIGTERM: it drains its writer) and waits for it. */
export async function stopNode(node: NodeProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill("SIGTERM");
  return node.exited;
}

/**
 * Registers an `afterEach` that runs the clean-ups added during the test, last added first; returns the function
 * that adds one.
 */
export function cleanupAfterEach(): (cleanup: () => Promise<void> | void) => void {
  let cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    const pending = cleanups.reverse();
    cleanups = [];
    for (const cleanup of pending) await cleanup();
  });
  return (cleanup) => {
    cleanups.push(cleanup);
  };
}

/** The client error a call was refused with; fails the test if the call succeeded or failed otherwise. */
export async function refusal(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (error) {
    if (isClientError(error)) return error;
    throw error;
  }
  throw new Error("expected the node to refuse");
}
