/**
 * The local keystore: a directory of JSON files, one per named account key, readable by its owner only
 * (directory 0700, files 0600). A key is `{ name, address?, keyIndex, signatureAlgorithm, hashAlgorithm, privateKey,
 * publicKey }`; `address` is set once the key is bound to an account (`account create` does it, `keys bind` too).
 *
 * Where: `--keystore DIR`, else `$FLOWSTAKE_KEYSTORE`, else `~/.flowstake/keys`.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import {
  accountPublicKeyOf,
  type HashAlgorithm,
  isHashAlgorithm,
  isSignatureAlgorithm,
  type SignatureAlgorithm,
} from "../crypto/index.js";
import { UsageError } from "./exit.js";

export interface StoredKey {
  name: string;
  /** The account this key belongs to, 16 lowercase hex characters; absent until bound. */
  address?: string;
  keyIndex: number;
  signatureAlgorithm: SignatureAlgorithm;
  hashAlgorithm: HashAlgorithm;
  /** 64 lowercase hex characters. */
  privateKey: string;
  /** 128 lowercase hex characters, x ‖ y. */
  publicKey: string;
}

export const KEYSTORE_ENV = "FLOWSTAKE_KEYSTORE";
export const DIRECTORY_MODE = 0o700;
export const FILE_MODE = 0o600;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ADDRESS = /^[0-9a-f]{16}$/;

/** `--keystore`, else `$FLOWSTAKE_KEYSTORE`, else `~/.flowstake/keys`. */
export function keystoreDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (option !== undefined && option !== "") return option;
  const fromEnv = env[KEYSTORE_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  return join(homedir(), ".flowstake", "keys");
}

export function checkKeyName(name: string): string {
  if (!NAME.test(name)) {
    throw new UsageError(
      `a key name is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit; got ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/** An account address as typed: `0x` and upper case are accepted, the result is 16 lowercase hex characters. */
export function normalizeAddress(text: string, what = "an address"): string {
  const address = text.toLowerCase().replace(/^0x/, "");
  if (!ADDRESS.test(address)) throw new UsageError(`${what} must be 16 hex characters, got ${JSON.stringify(text)}`);
  return address;
}

function keyPath(dir: string, name: string): string {
  return join(dir, `${checkKeyName(name)}.json`);
}

/** Creates the keystore directory with mode 0700. An existing directory is left as it is: it may be the user's. */
function ensureDirectory(dir: string): void {
  const created = mkdirSync(dir, { recursive: true, mode: DIRECTORY_MODE });
  // mkdir's mode passes through the umask: set it explicitly on the directory just made.
  if (created !== undefined) chmodSync(dir, DIRECTORY_MODE);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes the file next to its final place, then renames it: a reader never sees half a key. */
function writeKeyFile(path: string, key: StoredKey): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(key, null, 2)}\n`, { mode: FILE_MODE, flag: "wx" });
  chmodSync(temporary, FILE_MODE);
  renameSync(temporary, path);
}

function checkKey(value: unknown, where: string): StoredKey {
  const bad = (problem: string): never => {
    throw new UsageError(`${where}: ${problem}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return bad("not a key object");
  const record = value as Record<string, unknown>;
  const { name, address, keyIndex, signatureAlgorithm, hashAlgorithm, privateKey, publicKey } = record;
  if (typeof name !== "string") return bad("name must be a string");
  if (address !== undefined && (typeof address !== "string" || !ADDRESS.test(address))) {
    return bad("address must be 16 lowercase hex characters");
  }
  if (typeof keyIndex !== "number" || !Number.isSafeInteger(keyIndex) || keyIndex < 0) {
    return bad("keyIndex must be a non-negative integer");
  }
  if (!isSignatureAlgorithm(signatureAlgorithm)) return bad("signatureAlgorithm must be ECDSA_P256 or ECDSA_secp256k1");
  if (!isHashAlgorithm(hashAlgorithm)) return bad("hashAlgorithm must be SHA3_256 or SHA2_256");
  if (typeof privateKey !== "string" || !/^[0-9a-f]{64}$/.test(privateKey)) {
    return bad("privateKey must be 64 lowercase hex characters");
  }
  if (typeof publicKey !== "string" || !/^[0-9a-f]{128}$/.test(publicKey)) {
    return bad("publicKey must be 128 lowercase hex characters");
  }
  const key: StoredKey = { name, keyIndex, signatureAlgorithm, hashAlgorithm, privateKey, publicKey };
  if (typeof address === "string") key.address = address;
  return key;
}

/** A complete key from its private half: the public key is derived, so the two always match. */
export function keyFromPrivate(input: {
  name: string;
  privateKey: string;
  signatureAlgorithm: SignatureAlgorithm;
  hashAlgorithm: HashAlgorithm;
  address?: string | undefined;
  keyIndex?: number | undefined;
}): StoredKey {
  checkKeyName(input.name);
  const privateKey = input.privateKey.toLowerCase().replace(/^0x/, "");
  let publicKey: string;
  try {
    publicKey = accountPublicKeyOf(privateKey, input.signatureAlgorithm);
  } catch (error) {
    throw new UsageError(
      `not a ${input.signatureAlgorithm} private key: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const key: StoredKey = {
    name: input.name,
    keyIndex: input.keyIndex ?? 0,
    signatureAlgorithm: input.signatureAlgorithm,
    hashAlgorithm: input.hashAlgorithm,
    privateKey,
    publicKey,
  };
  if (input.address !== undefined) key.address = normalizeAddress(input.address);
  return key;
}

/** Stores a new key; refuses to overwrite one of the same name (a lost private key cannot be recovered). */
export function saveKey(dir: string, key: StoredKey): string {
  const path = keyPath(dir, key.name);
  const checked = checkKey(key, key.name);
  ensureDirectory(dir);
  if (exists(path)) throw new UsageError(`a key named "${key.name}" already exists in ${dir}`);
  writeKeyFile(path, checked);
  return path;
}

/** The key named `name`; a usage error when there is none. */
export function loadKey(dir: string, name: string): StoredKey {
  const path = keyPath(dir, name);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`no key named "${name}" in ${dir} (see: flowstake keys list)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not JSON`);
  }
  const key = checkKey(value, path);
  if (key.name !== name) throw new UsageError(`${path} holds a key named "${key.name}", not "${name}"`);
  return key;
}

/** Every key of the keystore, by name; an empty list when the directory does not exist yet. */
export function listKeys(dir: string): StoredKey[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((file) => file.endsWith(".json") && NAME.test(file.slice(0, -5)))
    .map((file) => loadKey(dir, file.slice(0, -5)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Records that key `name` is key `keyIndex` of account `address`. */
export function bindKey(dir: string, name: string, address: string, keyIndex = 0): StoredKey {
  const key = loadKey(dir, name);
  const bound: StoredKey = { ...key, address: normalizeAddress(address), keyIndex };
  ensureDirectory(dir);
  writeKeyFile(keyPath(dir, name), bound);
  return bound;
}

/** The key without its private half: what `keys list` and `--json` outputs show. */
export function publicView(key: StoredKey): Omit<StoredKey, "privateKey"> {
  const { privateKey: _secret, ...rest } = key;
  return rest;
}
