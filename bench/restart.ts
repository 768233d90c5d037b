/**
 * Restart time with 1,000,000 delegators: how long a node takes to come back from its data directory — open the
 * SQLite log, load the newest snapshot, check it against its block's state hash, and replay the blocks after it
 * (here 20 blocks of 50 signed transfers).
 *
 * How the data directory is made: the million delegators are put into the state through the core directly (signing
 * a million registrations would take the benchmark minutes and measure nothing about restarting), then block 1 is
 * committed by the chain on that state and a snapshot of it written, then the signed blocks on top. So the log
 * replays from that snapshot, not from genesis: this measures the restart path, not `flowstake verify`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AccountId, asAccountId } from "../src/core/ids.js";
import { readOperation } from "../src/core/operation-json.js";
import { generateAccountKeyPair, signMessage } from "../src/crypto/index.js";
import { initialiseChain, openChain, type PendingEntry } from "../src/node/chain.js";
import { devGenesis } from "../src/node/genesis.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import { canonicalJson, signedBytes, type TransactionPayload, transactionId } from "../src/tx/index.js";
import { collectGarbage, type Figure, round, seconds } from "./report.js";
import { buildNodes, DELEGATORS, delegatorOwners, registerDelegators } from "./world.js";

const TAIL_BLOCKS = 20;
const TAIL_TRANSACTIONS = 50;

async function buildDataDir(dir: string): Promise<void> {
  const admin = generateAccountKeyPair("ECDSA_P256");
  const adminAddress = asAccountId("0000000000000001");
  const genesis = devGenesis({
    admin: { publicKey: admin.publicKey, signatureAlgorithm: "ECDSA_P256", hashAlgorithm: "SHA3_256", weight: 1000 },
    genesisTime: Date.now(),
  });
  genesis.keyValidation = "format";
  const store = openSqliteStore(dir);
  initialiseChain(store, genesis);
  const chain = openChain(store);
  const nodeIds = buildNodes(chain.state);
  registerDelegators(chain.state, nodeIds, delegatorOwners(chain.state));
  if (chain.state.nodes.size !== nodeIds.length) throw new Error("world not built");
  const first = chain.commitBlock(
    [{ kind: "system", type: "epoch_pay_rewards", operation: { op: "epoch_pay_rewards" } }],
    Date.now(),
  );
  if (first.header === null) throw new Error("block 1 was not written");
  const snapshot = store.writeSnapshot({ height: 1, stateHash: first.header.stateHash, bytes: chain.snapshotBytes() });

  let sequenceNumber = 0;
  for (let b = 0; b < TAIL_BLOCKS; b++) {
    const entries: PendingEntry[] = [];
    for (let t = 0; t < TAIL_TRANSACTIONS; t++) {
      const payload: TransactionPayload = {
        type: "transfer_tokens",
        args: { to: "0000000000000001", amount: "0.00000001" },
        proposalKey: { address: adminAddress, keyIndex: 0, sequenceNumber },
        authorizer: adminAddress,
      };
      sequenceNumber += 1;
      const signature = signMessage(admin.privateKey, "ECDSA_P256", "SHA3_256", signedBytes(payload));
      const envelope = { payload, signatures: [{ address: adminAddress, keyIndex: 0, signature }] };
      entries.push({
        kind: "signed",
        id: transactionId(envelope),
        type: payload.type,
        authorizer: adminAddress,
        envelope: canonicalJson(envelope),
        tx: {
          operation: readOperation(payload.type, payload.args),
          proposalKey: { address: adminAddress, keyIndex: 0, sequenceNumber: payload.proposalKey.sequenceNumber },
          authorizer: adminAddress as AccountId,
          signatures: [{ address: adminAddress, keyIndex: 0, valid: true }],
        },
      });
    }
    const { results } = chain.commitBlock(entries, Date.now());
    if (results.some((r) => !r.ok)) throw new Error("a tail transaction was refused");
  }
  await snapshot;
  store.close();
}

export async function restartBenchmark(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), "flowstake-restart-"));
  try {
    await buildDataDir(dir);
    collectGarbage();
    const start = process.hrtime.bigint();
    const store = openSqliteStore(dir);
    const chain = openChain(store);
    const elapsed = seconds(start);
    let delegators = 0;
    for (const node of chain.state.nodes.values()) delegators += node.delegators.count;
    store.close();
    if (delegators !== DELEGATORS) throw new Error(`restart found ${delegators} delegators`);
    return [
      { name: "restart_1m_delegators", value: round(elapsed, 3), unit: "s", target: "<= 5" },
      { name: "restart_replayed_blocks", value: TAIL_BLOCKS, unit: "blocks", target: null },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
