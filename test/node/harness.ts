/**
 * A node for tests: real signatures, a store of choice, a clock the test moves, and helpers to sign and submit.
 */

import type { AccountId } from "../../src/core/ids.js";
import { generateAccountKeyPair } from "../../src/crypto/index.js";
import { type Chain, initialiseChain, openChain } from "../../src/node/chain.js";
import { devGenesis, type GenesisDocument } from "../../src/node/genesis.js";
import { LedgerNode } from "../../src/node/ledger-node.js";
import type { NodeMode, TransactionOutcome } from "../../src/node/service.js";
import type { LedgerStore } from "../../src/store/port.js";
import { buildEnvelope, createVerifyPool, type TransactionEnvelope, type VerifyPool } from "../../src/tx/index.js";

export interface Signer {
  address: AccountId;
  keyIndex: number;
  privateKey: string;
  publicKey: string;
}

export class TestClock {
  constructor(public now: number) {}
  readonly read = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export const GENESIS_TIME = 1_800_000_000_000;

export function adminSigner(): Signer {
  const pair = generateAccountKeyPair("ECDSA_P256");
  return { address: "0000000000000001" as AccountId, keyIndex: 0, ...pair };
}

export function testGenesis(
  admin: Signer,
  timing = { epochLengthMs: 10_000, stakingAuctionMs: 6_000, setupMs: 2_000 },
) {
  return devGenesis({
    admin: { publicKey: admin.publicKey, signatureAlgorithm: "ECDSA_P256", hashAlgorithm: "SHA3_256", weight: 1000 },
    genesisTime: GENESIS_TIME,
    ...timing,
    seed: "test",
  });
}

export interface TestNode {
  node: LedgerNode;
  chain: Chain;
  store: LedgerStore;
  pool: VerifyPool;
  clock: TestClock;
  close(): Promise<void>;
}

export function startTestNode(
  store: LedgerStore,
  options: { genesis?: GenesisDocument; mode?: NodeMode; clock?: TestClock; snapshotEveryBlocks?: number } = {},
): TestNode {
  if (store.genesis() === undefined) {
    if (options.genesis === undefined) throw new Error("an empty store needs a genesis");
    initialiseChain(store, options.genesis);
  }
  const chain = openChain(store);
  const pool = createVerifyPool(0);
  const clock = options.clock ?? new TestClock(GENESIS_TIME);
  const node = new LedgerNode(chain, {
    mode: options.mode ?? "manual",
    verifyPool: pool,
    clock: clock.read,
    schedulerIntervalMs: 2,
    snapshotEveryBlocks: options.snapshotEveryBlocks ?? 0,
  });
  return {
    node,
    chain,
    store,
    pool,
    clock,
    async close() {
      await node.close();
      await pool.close();
    },
  };
}

/** Signs `type`/`args` as `signer` (authorizer and payer), with the key's current sequence number. */
export function sign(
  node: LedgerNode,
  signer: Signer,
  type: string,
  args: Record<string, unknown>,
  overrides: { sequenceNumber?: number; authorizer?: string; expiryHeight?: number } = {},
): TransactionEnvelope {
  const key = node.state.accounts.get(signer.address)?.keys[signer.keyIndex];
  const payload = {
    type,
    args,
    proposalKey: {
      address: signer.address,
      keyIndex: signer.keyIndex,
      sequenceNumber: overrides.sequenceNumber ?? key?.sequenceNumber ?? 0,
    },
    authorizer: overrides.authorizer ?? signer.address,
    ...(overrides.expiryHeight === undefined ? {} : { expiryHeight: overrides.expiryHeight }),
  };
  return buildEnvelope(payload, [
    {
      address: signer.address,
      keyIndex: signer.keyIndex,
      privateKey: signer.privateKey,
      signatureAlgorithm: "ECDSA_P256",
      hashAlgorithm: "SHA3_256",
    },
  ]);
}

export function submit(
  node: LedgerNode,
  signer: Signer,
  type: string,
  args: Record<string, unknown>,
): Promise<TransactionOutcome> {
  return node.submit(JSON.parse(JSON.stringify(sign(node, signer, type, args))));
}

/** Creates an account with a fresh P-256 key, funded by `funder`. */
export async function newAccount(node: LedgerNode, funder: Signer, balance: string): Promise<Signer> {
  const pair = generateAccountKeyPair("ECDSA_P256");
  const outcome = await submit(node, funder, "create_account", {
    keys: [{ publicKey: pair.publicKey, signatureAlgorithm: "ECDSA_P256", hashAlgorithm: "SHA3_256", weight: 1000 }],
    balance,
  });
  const result = outcome.result as { address: AccountId };
  return { address: result.address, keyIndex: 0, ...pair };
}

/** Waits until `predicate` holds, polling the event loop (the scheduler runs on timers). */
export async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting for the node");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
