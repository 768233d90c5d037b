/**
 * Signed transactions through HTTP with durable commit: a node in its own process (SQLite, WAL,
 * synchronous=FULL, one signature-verification worker), loaded by this process with pre-signed delegator
 * `stake_new_tokens` transactions from many accounts at once, each account sending its next transaction when the
 * previous one is acknowledged. Sustained for 30 s after a warm-up; reports throughput and the latency from
 * sending a request to its durable acknowledgement. In the same run: raw P-256 verifications per second on one
 * thread of this process.
 */
import { spawn } from "node:child_process";
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { generateAccountKeyPair } from "../src/crypto/index.js";
import { initialiseChain } from "../src/node/chain.js";
import { devGenesis } from "../src/node/genesis.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import { canonicalJson, signedBytes, type TransactionPayload } from "../src/tx/index.js";
import { type Figure, round } from "./report.js";

const ACCOUNTS = Number(process.env.FLOWSTAKE_BENCH_ACCOUNTS ?? 200);
const SECONDS = Number(process.env.FLOWSTAKE_BENCH_SECONDS ?? 30);
const WARMUP_SECONDS = 3;
const PER_ACCOUNT = Math.ceil((20_000 * (SECONDS + WARMUP_SECONDS)) / ACCOUNTS);
const ADMIN = "0000000000000001";
const NODE_ID = "00000000000000000000000000000000000000000000000000000000000000b1";

interface Key {
  address: string;
  private: KeyObject;
  public: KeyObject;
  publicHex: string;
}

function base64url(hex: string): string {
  return Buffer.from(hex, "hex").toString("base64url");
}

function keyFrom(address: string, pair: { privateKey: string; publicKey: string }): Key {
  const jwk = {
    kty: "EC",
    crv: "P-256",
    x: base64url(pair.publicKey.slice(0, 64)),
    y: base64url(pair.publicKey.slice(64)),
  };
  return {
    address,
    private: createPrivateKey({ key: { ...jwk, d: base64url(pair.privateKey) }, format: "jwk" }),
    public: createPublicKey({ key: jwk, format: "jwk" }),
    publicHex: pair.publicKey,
  };
}

/** A signed envelope as request body text (node:crypto signs with a random nonce: fast, and as valid). */
function envelope(key: Key, sequenceNumber: number, type: string, args: Record<string, unknown>): string {
  const payload: TransactionPayload = {
    type,
    args,
    proposalKey: { address: key.address, keyIndex: 0, sequenceNumber },
    authorizer: key.address,
  };
  const signature = sign("sha3-256", signedBytes(payload), { key: key.private, dsaEncoding: "ieee-p1363" }).toString(
    "hex",
  );
  return canonicalJson({ payload, signatures: [{ address: key.address, keyIndex: 0, signature }] });
}

/**
 * A minimal keep-alive HTTP/1.1 client on one socket: the load generator shares two cores with the node, so it
 * must spend as little as possible per request (node:http's client costs several times more).
 */
class RawConnection {
  private buffer = "";
  private pending: ((response: { status: number; text: string }) => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("utf8");
    socket.setNoDelay(true);
    socket.on("data", (chunk: string) => {
      this.buffer += chunk;
      this.drain();
    });
  }

  static open(url: URL): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => resolve(new RawConnection(socket)));
      socket.once("error", reject);
    });
  }

  private drain(): void {
    const end = this.buffer.indexOf("\r\n\r\n");
    if (end < 0 || this.pending === null) return;
    const head = this.buffer.slice(0, end);
    const match = /content-length: *(\d+)/i.exec(head);
    const length = match === null ? 0 : Number(match[1]);
    if (this.buffer.length < end + 4 + length) return;
    const text = this.buffer.slice(end + 4, end + 4 + length);
    this.buffer = this.buffer.slice(end + 4 + length);
    const status = Number(head.slice(9, 12));
    const resolve = this.pending;
    this.pending = null;
    resolve({ status, text });
  }

  post(path: string, body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve) => {
      this.pending = resolve;
      this.socket.write(
        `POST ${path} HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

function post(agent: Agent, url: URL, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: "/v1/transactions",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function expectOk(agent: Agent, url: URL, body: string): Promise<unknown> {
  const { status, text } = await post(agent, url, body);
  if (status !== 200) throw new Error(`setup transaction refused: ${status} ${text}`);
  return JSON.parse(text);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/**
 * Raw P-256 verifications per second on this thread (node:crypto, SHA3-256, a transaction-sized message), with the
 * public key already parsed, as the node's verifiers hold it in their key cache.
 */
function verifyRate(key: Key): number {
  const message = Buffer.alloc(400, "flowstake verification rate ");
  const signature = sign("sha3-256", message, { key: key.private, dsaEncoding: "ieee-p1363" });
  const publicKey = key.public;
  const start = process.hrtime.bigint();
  let n = 0;
  while (Number(process.hrtime.bigint() - start) < 2e9) {
    for (let i = 0; i < 200; i++) {
      if (!verify("sha3-256", message, { key: publicKey, dsaEncoding: "ieee-p1363" }, signature))
        throw new Error("verify");
      n += 1;
    }
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

export async function txThroughputBenchmark(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), "flowstake-tps-"));
  const adminPair = generateAccountKeyPair("ECDSA_P256");
  const admin = keyFrom(ADMIN, adminPair);
  const genesis = devGenesis({
    admin: {
      publicKey: adminPair.publicKey,
      signatureAlgorithm: "ECDSA_P256",
      hashAlgorithm: "SHA3_256",
      weight: 1000,
    },
    genesisTime: Date.now(),
    epochLengthMs: 24 * 3600_000,
  });
  genesis.keyValidation = "format";
  const store = openSqliteStore(dir);
  initialiseChain(store, genesis);
  store.close();

  const profile = process.env.FLOWSTAKE_BENCH_PROFILE;
  const execArgv = profile === undefined ? [] : ["--cpu-prof", "--cpu-prof-dir", profile];
  const child = spawn(process.execPath, [...execArgv, new URL("./node-server.js", import.meta.url).pathname, dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`node exited with ${code}`)));
    });
    const url = new URL((JSON.parse(line) as { url: string }).url);
    const agent = new Agent({ keepAlive: true, maxSockets: ACCOUNTS + 8 });

    // Set-up: a node to delegate to, and the accounts, each with a delegator.
    let adminSequence = 0;
    await expectOk(
      agent,
      url,
      envelope(admin, adminSequence++, "register_node", {
        nodeId: NODE_ID,
        role: 4,
        networkingAddress: "bench.example.org:3569",
        networkingKey: "c1".repeat(64),
        stakingKey: "d2".repeat(96),
        amount: "135000.0",
      }),
    );
    const keys: Key[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const pair = generateAccountKeyPair("ECDSA_P256");
      const outcome = (await expectOk(
        agent,
        url,
        envelope(admin, adminSequence++, "create_account", {
          keys: [
            { publicKey: pair.publicKey, signatureAlgorithm: "ECDSA_P256", hashAlgorithm: "SHA3_256", weight: 1000 },
          ],
          balance: "100000.0",
        }),
      )) as { result: { address: string } };
      keys.push(keyFrom(outcome.result.address, pair));
    }
    // Registered concurrently: the node numbers delegators in the order it executes them, which need not be the
    // order of the accounts, so each account's delegator ID is read from its own outcome.
    const delegatorIds = await Promise.all(
      keys.map(async (key) => {
        const outcome = (await expectOk(
          agent,
          url,
          envelope(key, 0, "register_delegator", { nodeId: NODE_ID, amount: "50.0" }),
        )) as { result: { delegatorId: number } };
        return outcome.result.delegatorId;
      }),
    );

    // Pre-signed load: the delegator of each account stakes 1.0 at a time.
    const bodies = keys.map((key, i) =>
      Array.from({ length: PER_ACCOUNT }, (_, n) =>
        envelope(key, n + 1, "stake_new_tokens", { nodeId: NODE_ID, delegatorId: delegatorIds[i], amount: "1.0" }),
      ),
    );

    const connections = await Promise.all(keys.map(() => RawConnection.open(url)));
    const latencies: number[] = [];
    let refused = 0;
    let measuring = false;
    const started = performance.now();
    const warmupEnds = started + WARMUP_SECONDS * 1000;
    const ends = warmupEnds + SECONDS * 1000;
    let measuredStart = 0;
    let clientCpuStart = process.cpuUsage();
    await Promise.all(
      bodies.map(async (list, account) => {
        const connection = connections[account];
        if (connection === undefined) throw new Error("no connection");
        for (const body of list) {
          const now = performance.now();
          if (now >= ends) return;
          if (!measuring && now >= warmupEnds) {
            measuring = true;
            measuredStart = now;
            clientCpuStart = process.cpuUsage();
          }
          const { status } = await connection.post("/v1/transactions", body);
          const done = performance.now();
          if (status !== 200) refused += 1;
          else if (now >= warmupEnds && done <= ends) latencies.push(done - now);
        }
      }),
    );
    const measuredSeconds = (Math.min(performance.now(), ends) - measuredStart) / 1000;
    const clientCpu = process.cpuUsage(clientCpuStart);
    const clientCores = (clientCpu.user + clientCpu.system) / 1e6 / measuredSeconds;
    agent.destroy();
    for (const connection of connections) connection.close();
    latencies.sort((a, b) => a - b);
    const rate = verifyRate(admin);
    return [
      {
        name: "signed_tx_per_second_http_durable",
        value: Math.round(latencies.length / measuredSeconds),
        unit: "tx/s",
        target: ">= 10000",
      },
      { name: "signed_tx_latency_p50", value: round(percentile(latencies, 0.5), 1), unit: "ms", target: null },
      { name: "signed_tx_latency_p99", value: round(percentile(latencies, 0.99), 1), unit: "ms", target: "<= 50" },
      { name: "signed_tx_refused_during_load", value: refused, unit: "tx", target: "0" },
      { name: "p256_verify_per_second_one_thread", value: Math.round(rate), unit: "verifications/s", target: null },
      { name: "load_generator_cores", value: round(clientCores, 2), unit: "cores", target: null },
      { name: "load_concurrency", value: ACCOUNTS, unit: "accounts", target: null },
    ];
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}
