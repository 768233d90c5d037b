/**
 * `flowstake init`: a data directory with a genesis, and the staking admin's key in the local keystore (file mode
 * 0600). The dev preset makes short epochs and gives the admin a billion FLOW to fund others.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { generateAccountKeyPair } from "../crypto/index.js";
import { initialiseChain } from "../node/chain.js";
import { devGenesis, type GenesisDocument, readGenesis } from "../node/genesis.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { dataDir } from "./data-dir.js";
import { UsageError } from "./exit.js";
import { bindKey, keyFromPrivate, keystoreDir, listKeys, type StoredKey, saveKey } from "./keystore.js";

export interface InitOptions {
  dataDir?: string;
  keystore?: string;
  adminKey?: string;
  genesis?: string;
  epochLength?: string;
  stakingAuction?: string;
  setup?: string;
  json?: boolean;
}

export interface Initialised {
  dataDir: string;
  keystore: string;
  adminKeyName: string;
  adminAddress: string;
  chainId: string;
  genesisTime: number;
}

const ADMIN_ADDRESS = "0000000000000001";

function milliseconds(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new UsageError(`${name} must be a positive number of milliseconds`);
  return value;
}

/** The admin key: the named one if the keystore has it, else a fresh P-256 key saved under that name. */
function adminKey(keystore: string, name: string): StoredKey {
  const existing = listKeys(keystore).find((k) => k.name === name);
  if (existing !== undefined) return existing;
  const pair = generateAccountKeyPair("ECDSA_P256");
  const key = keyFromPrivate({
    name,
    privateKey: pair.privateKey,
    signatureAlgorithm: "ECDSA_P256",
    hashAlgorithm: "SHA3_256",
  });
  saveKey(keystore, key);
  return key;
}

/** Initialises `dir`; refuses a directory that already has a genesis. */
export function initialise(options: InitOptions): Initialised {
  const dir = dataDir(options.dataDir);
  const keystore = keystoreDir(options.keystore);
  const name = options.adminKey ?? "admin";
  mkdirSync(dir, { recursive: true });
  const store = openSqliteStore(dir);
  try {
    if (store.genesis() !== undefined) throw new UsageError(`${dir} is already initialised`);
    let genesis: GenesisDocument;
    if (options.genesis !== undefined) {
      if (!existsSync(options.genesis)) throw new UsageError(`no genesis file ${options.genesis}`);
      genesis = readGenesis(JSON.parse(readFileSync(options.genesis, "utf8")));
    } else {
      const key = adminKey(keystore, name);
      const epochLengthMs = milliseconds(options.epochLength, "--epoch-length");
      genesis = devGenesis({
        admin: {
          publicKey: key.publicKey,
          signatureAlgorithm: key.signatureAlgorithm,
          hashAlgorithm: key.hashAlgorithm,
          weight: 1000,
        },
        genesisTime: Date.now(),
        ...(epochLengthMs === undefined ? {} : { epochLengthMs }),
        ...(options.stakingAuction === undefined
          ? {}
          : { stakingAuctionMs: milliseconds(options.stakingAuction, "--staking-auction") }),
        ...(options.setup === undefined ? {} : { setupMs: milliseconds(options.setup, "--setup") }),
      });
      bindKey(keystore, name, ADMIN_ADDRESS, 0);
    }
    initialiseChain(store, genesis);
    return {
      dataDir: dir,
      keystore,
      adminKeyName: name,
      adminAddress: ADMIN_ADDRESS,
      chainId: genesis.chainId,
      genesisTime: genesis.genesisTime,
    };
  } finally {
    store.close();
  }
}

export function describeInit(result: Initialised): string {
  return [
    `initialised ${result.chainId} in ${result.dataDir}`,
    `staking admin: account ${result.adminAddress}, key "${result.adminKeyName}" in ${result.keystore} (mode 0600)`,
  ].join("\n");
}

export async function initCommand(options: InitOptions): Promise<void> {
  const result = initialise(options);
  process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${describeInit(result)}\n`);
}
