/**
 * The built CLI (`npm run build` first; `npm test` does) against a canned node that checks what a real one would:
 * the signature over the payload, the proposal key's sequence number. Spawned asynchronously, so that the canned
 * node in this process can answer.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  apiError,
  type CannedNode,
  type CannedReply,
  type RecordedRequest,
  startCannedNode,
} from "../client/test-fixtures.js";
import { generateAccountKeyPair } from "../crypto/index.js";
import { parseEnvelope, verifyTransactionSignature } from "../tx/index.js";

const CLI = resolve("dist/src/cli/main.js");
const ALICE = "0000000000000002";
const NEW_ACCOUNT = "0000000000000009";
const NODE_ID = "00000000000000000000000000000000000000000000000000000000000000aa";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: readonly string[], env: Record<string, string> = {}, shell?: string): Promise<Run> {
  const [file, argv] = shell === undefined ? ["node", [CLI, ...args]] : ["sh", ["-c", shell]];
  return new Promise((done) => {
    execFile(file, argv, { env: { ...process.env, ...env }, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      done({ code, stdout, stderr });
    });
  });
}

let scratch = "";
let keystore = "";
let node: CannedNode;
let alicePublicKey = "";
let sequenceNumber = 0;
let nextReply: CannedReply | undefined;

/** A node that knows Alice's key 0, checks signatures and sequence numbers, and echoes the operation back. */
function answer(request: RecordedRequest): CannedReply | undefined {
  if (nextReply !== undefined) {
    const reply = nextReply;
    nextReply = undefined;
    return reply;
  }
  if (request.method === "GET" && request.path === `/v1/accounts/${ALICE}`) {
    return {
      json: {
        address: ALICE,
        balance: "1000.00000000",
        keys: [
          {
            index: 0,
            publicKey: alicePublicKey,
            signatureAlgorithm: "ECDSA_P256",
            hashAlgorithm: "SHA3_256",
            weight: 1000,
            revoked: false,
            sequenceNumber,
          },
        ],
        nodes: [],
        delegators: [{ nodeId: NODE_ID, delegatorId: 1 }],
      },
    };
  }
  if (request.method === "POST" && request.path === "/v1/transactions") {
    const envelope = parseEnvelope(JSON.parse(request.body));
    const signature = envelope.signatures[0]?.signature ?? "";
    const key = { publicKey: alicePublicKey, signatureAlgorithm: "ECDSA_P256", hashAlgorithm: "SHA3_256" } as const;
    if (!verifyTransactionSignature(envelope.payload, signature, key)) {
      return apiError(401, "INVALID_SIGNATURE", "the signature does not verify");
    }
    if (envelope.payload.proposalKey.sequenceNumber !== sequenceNumber) {
      return apiError(409, "SEQUENCE_NUMBER_MISMATCH", "wrong sequence number");
    }
    sequenceNumber += 1;
    const type = envelope.payload.type;
    return {
      json: {
        id: "f".repeat(64),
        height: 4,
        index: 0,
        type,
        result: type === "create_account" ? { address: NEW_ACCOUNT } : null,
        events: [{ type: "TokensCommitted", nodeID: NODE_ID, amount: "10.00000000" }],
      },
    };
  }
  if (request.path === "/v1/query/total_staked") return { json: { result: "1250.00000000" } };
  return undefined;
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  scratch = mkdtempSync(join(tmpdir(), "flowstake-cli-"));
  keystore = join(scratch, "keys");
  node = await startCannedNode(answer);
  const pair = generateAccountKeyPair("ECDSA_P256");
  alicePublicKey = pair.publicKey;
  const file = join(scratch, "alice.key");
  writeFileSync(file, pair.privateKey);
  const imported = await run(["keys", "import", "alice", "--private-key-file", file, "--address", ALICE], {
    FLOWSTAKE_KEYSTORE: keystore,
  });
  expect(imported.stderr).toBe("");
  expect(imported.code).toBe(0);
}, 30_000);

afterAll(async () => {
  await node.close();
  rmSync(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  node.requests.length = 0;
  nextReply = undefined;
});

const env = () => ({ FLOWSTAKE_KEYSTORE: keystore, FLOWSTAKE_NODE: node.url });

describe("flowstake (built) against a canned node", () => {
  it("keys generate --save writes a 0700 keystore and a 0600 key even under umask 000", async () => {
    const dir = join(scratch, "fresh-keys");
    const result = await run([], {}, `umask 000; node '${CLI}' keys generate --save admin --keystore '${dir}'`);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({ name: "admin", keyIndex: 0, signatureAlgorithm: "ECDSA_P256" });
    expect(printed).not.toHaveProperty("privateKey");
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, "admin.json")).mode & 0o777).toBe(0o600);
    const listed = await run(["keys", "list", "--keystore", dir]);
    expect(listed.stdout).toContain("admin");
    expect(listed.stdout).toContain("(not bound)");
  });

  it("stake-new-tokens signs at the node's sequence number, submits, and prints the outcome", async () => {
    const before = sequenceNumber;
    const args = ["stake-new-tokens", "--key", "alice", "--node-id", NODE_ID, "--delegator-id", "1", "--amount", "10"];
    const result = await run(args, env());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("stake_new_tokens: executed in block 4 at index 0");
    expect(result.stdout).toContain("TokensCommitted");
    expect(sequenceNumber).toBe(before + 1);
    const post = node.requests.find((request) => request.method === "POST");
    expect(JSON.parse(post?.body ?? "{}").payload).toEqual({
      type: "stake_new_tokens",
      args: { nodeId: NODE_ID, delegatorId: 1, amount: "10" },
      proposalKey: { address: ALICE, keyIndex: 0, sequenceNumber: before },
      authorizer: ALICE,
    });
    const again = await run([...args, "--json", "--node", node.url], { FLOWSTAKE_KEYSTORE: keystore });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ type: "stake_new_tokens", height: 4, result: null });
  });

  it("account create generates a key, submits create_account and binds the key to the new address", async () => {
    const result = await run(
      ["account", "create", "--key", "alice", "--balance", "5", "--new-key-name", "carol"],
      env(),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`key "carol" saved in ${keystore} as key 0 of ${NEW_ACCOUNT}`);
    const carol = JSON.parse(readFileSync(join(keystore, "carol.json"), "utf8")) as Record<string, unknown>;
    expect(carol).toMatchObject({ name: "carol", address: NEW_ACCOUNT, keyIndex: 0 });
    const post = node.requests.find((request) => request.method === "POST");
    expect(JSON.parse(post?.body ?? "{}").payload.args).toEqual({
      keys: [{ publicKey: carol.publicKey, signatureAlgorithm: "ECDSA_P256", hashAlgorithm: "SHA3_256", weight: 1000 }],
      balance: "5",
    });
  });

  it("prints CODE: message and exits 1 when the node refuses", async () => {
    nextReply = apiError(403, "NOT_OWNER", "0000000000000002 does not hold the node's handle");
    const result = await run(["account", "show", ALICE], env());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("flowstake: NOT_OWNER: 0000000000000002 does not hold the node's handle\n");
  });

  it("exits 2 on a usage error without a round trip", async () => {
    const result = await run(
      ["stake-new-tokens", "--key", "alice", "--node-id", NODE_ID, "--amount", "1.123456789"],
      env(),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^flowstake: stake-new-tokens: --amount: .*AMOUNT_TOO_PRECISE/);
    const unknownKey = await run(["unstake-all", "--key", "zed", "--node-id", NODE_ID], env());
    expect(unknownKey.code).toBe(2);
    expect(unknownKey.stderr).toContain('no key named "zed"');
    expect(node.requests).toEqual([]);
  });

  it("says NODE_UNREACHABLE in one line and exits 1 when no node listens", async () => {
    const result = await run(["epoch", "--node", "http://127.0.0.1:9"], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^flowstake: NODE_UNREACHABLE: cannot reach the node at http:\/\/127\.0\.0\.1:9: .+\n$/,
    );
  });

  it("runs queries and shows accounts, as tables or as the API's JSON", async () => {
    const query = await run(["query", "total_staked", "--json"], env());
    expect(query.code).toBe(0);
    expect(JSON.parse(query.stdout)).toEqual({ result: "1250.00000000" });
    const account = await run(["account", "show", ALICE], env());
    expect(account.code).toBe(0);
    expect(account.stdout).toContain("1000.00000000");
    expect(account.stdout).toContain("00000000…0000aa/1");
  });
});
