/**
 * `flowstake keys …`: generate account keys (printed, or saved into the keystore with `--save`) and node keys,
 * list the keystore, bind a key to its account, import a private key.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { UsageError } from "./exit.js";
import { bindKey, keyFromPrivate, keystoreDir, listKeys, publicView, saveKey } from "./keystore.js";
import { printJson, printLine, table } from "./output.js";

const KEYSTORE_OPTION = "--keystore <dir>";
const KEYSTORE_HELP = "the keystore (default $FLOWSTAKE_KEYSTORE or ~/.flowstake/keys)";

export interface KeysGenerateOptions {
  node?: boolean;
  algorithm: string;
  hashAlgorithm?: string;
  save?: string;
  keystore?: string;
}

function signatureAlgorithmOf(value: string, flag: string): "ECDSA_P256" | "ECDSA_secp256k1" {
  if (value !== "ECDSA_P256" && value !== "ECDSA_secp256k1") {
    throw new UsageError(`${flag} must be ECDSA_P256 or ECDSA_secp256k1, got ${value}`);
  }
  return value;
}

function hashAlgorithmOf(value: string): "SHA3_256" | "SHA2_256" {
  if (value !== "SHA3_256" && value !== "SHA2_256") {
    throw new UsageError(`--hash-algorithm must be SHA3_256 or SHA2_256, got ${value}`);
  }
  return value;
}

function keyIndexOf(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--key-index must be a non-negative integer, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

export async function keysGenerateCommand(options: KeysGenerateOptions): Promise<void> {
  const crypto = await import("../crypto/index.js");
  if (options.node) {
    if (options.save !== undefined) {
      throw new UsageError("--save stores account keys; node keys are printed (keep them with the node, not here)");
    }
    process.stdout.write(`${JSON.stringify(crypto.generateNodeKeys(), null, 2)}\n`);
    return;
  }
  const algorithm = signatureAlgorithmOf(options.algorithm, "--algorithm");
  const hashAlgorithm = hashAlgorithmOf(options.hashAlgorithm ?? "SHA3_256");
  const pair = crypto.generateAccountKeyPair(algorithm);
  if (options.save === undefined) {
    process.stdout.write(`${JSON.stringify({ signatureAlgorithm: algorithm, hashAlgorithm, ...pair }, null, 2)}\n`);
    return;
  }
  const dir = keystoreDir(options.keystore);
  const key = keyFromPrivate({
    name: options.save,
    privateKey: pair.privateKey,
    signatureAlgorithm: algorithm,
    hashAlgorithm,
  });
  const path = saveKey(dir, key);
  printJson({ ...publicView(key), path });
}

function keysListCommand(options: { keystore?: string; json?: boolean }): void {
  const dir = keystoreDir(options.keystore);
  const keys = listKeys(dir).map(publicView);
  if (options.json) {
    printJson(keys);
    return;
  }
  if (keys.length === 0) {
    printLine(`no keys in ${dir} (flowstake keys generate --save NAME)`);
    return;
  }
  const t = table(["name", "account", "key", "algorithm", "hash", "public key"]);
  for (const key of keys) {
    t.push([
      key.name,
      key.address ?? "(not bound)",
      String(key.keyIndex),
      key.signatureAlgorithm,
      key.hashAlgorithm,
      `${key.publicKey.slice(0, 8)}…${key.publicKey.slice(-6)}`,
    ]);
  }
  printLine(t.toString());
}

function keysBindCommand(name: string, address: string, options: { keyIndex?: string; keystore?: string }): void {
  const key = bindKey(keystoreDir(options.keystore), name, address, keyIndexOf(options.keyIndex));
  printJson(publicView(key));
}

/** The private key of an import: a file holding the hex, or the JSON `keys generate` prints. */
export function privateKeyFromText(text: string): {
  privateKey: string;
  signatureAlgorithm?: string;
  hashAlgorithm?: string;
} {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) return { privateKey: trimmed };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new UsageError("the key file is neither hex nor JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError("the key file's JSON must be an object with privateKey");
  }
  const record = parsed as Record<string, unknown>;
  if (typeof record.privateKey !== "string") throw new UsageError("the key file's JSON has no privateKey");
  const result: { privateKey: string; signatureAlgorithm?: string; hashAlgorithm?: string } = {
    privateKey: record.privateKey,
  };
  if (typeof record.signatureAlgorithm === "string") result.signatureAlgorithm = record.signatureAlgorithm;
  if (typeof record.hashAlgorithm === "string") result.hashAlgorithm = record.hashAlgorithm;
  return result;
}

interface ImportOptions {
  privateKeyFile: string;
  signatureAlgorithm?: string;
  hashAlgorithm?: string;
  address?: string;
  keyIndex?: string;
  keystore?: string;
}

function keysImportCommand(name: string, options: ImportOptions): void {
  let text: string;
  try {
    text = readFileSync(options.privateKeyFile, "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read ${options.privateKeyFile}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const fromFile = privateKeyFromText(text);
  const key = keyFromPrivate({
    name,
    privateKey: fromFile.privateKey,
    signatureAlgorithm: signatureAlgorithmOf(
      options.signatureAlgorithm ?? fromFile.signatureAlgorithm ?? "ECDSA_P256",
      "--signature-algorithm",
    ),
    hashAlgorithm: hashAlgorithmOf(options.hashAlgorithm ?? fromFile.hashAlgorithm ?? "SHA3_256"),
    address: options.address,
    keyIndex: keyIndexOf(options.keyIndex),
  });
  const path = saveKey(keystoreDir(options.keystore), key);
  printJson({ ...publicView(key), path });
}

export function registerKeysCommands(program: Command): void {
  const keys = program.command("keys").description("generate keys; the local keystore of account keys");
  keys
    .command("generate")
    .description("generate an account key pair, or with --node a node's networking and staking keys with PoP")
    .option("--node", "generate a node's key set: networking key, staking key, proof of possession, node ID")
    .option("--algorithm <algorithm>", "account key algorithm: ECDSA_P256 or ECDSA_secp256k1", "ECDSA_P256")
    .option("--hash-algorithm <hash>", "account key hash algorithm: SHA3_256 or SHA2_256", "SHA3_256")
    .option("--save <name>", "store the account key in the keystore under this name instead of printing it")
    .option(KEYSTORE_OPTION, KEYSTORE_HELP)
    .action(keysGenerateCommand);
  keys
    .command("list")
    .description("the keystore's keys (never their private halves)")
    .option(KEYSTORE_OPTION, KEYSTORE_HELP)
    .option("--json", "print JSON")
    .action(keysListCommand);
  keys
    .command("bind")
    .description("record which account (and key index) a keystore key belongs to")
    .argument("<name>", "the key's name")
    .argument("<address>", "the account's address")
    .option("--key-index <n>", "the key's index on the account", "0")
    .option(KEYSTORE_OPTION, KEYSTORE_HELP)
    .action(keysBindCommand);
  keys
    .command("import")
    .description("store an existing private key (hex, or the JSON of keys generate) in the keystore")
    .argument("<name>", "the name to store it under")
    .requiredOption("--private-key-file <file>", "a file holding the private key")
    .option("--signature-algorithm <algorithm>", "ECDSA_P256 or ECDSA_secp256k1 (default: from the file, or P-256)")
    .option("--hash-algorithm <hash>", "SHA3_256 or SHA2_256 (default: from the file, or SHA3_256)")
    .option("--address <address>", "bind it to this account")
    .option("--key-index <n>", "its index on that account", "0")
    .option(KEYSTORE_OPTION, KEYSTORE_HELP)
    .action(keysImportCommand);
}
