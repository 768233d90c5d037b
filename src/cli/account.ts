/**
 * `flowstake account …`: `show ADDRESS`, and the account operations' extra work — `create` and `keys add` generate
 * the new key pair into the keystore (unless `--public-key` is given) and bind it to its account once the node
 * has executed the transaction. `transfer` and `keys revoke` are plain generated operation commands.
 */
import { type Command, Option } from "commander";
import type { AccountView } from "../client/index.js";
import type { OperationName } from "../core/operations.js";
import { generateAccountKeyPair, isHashAlgorithm, isSignatureAlgorithm } from "../crypto/index.js";
import { connect } from "./connection.js";
import { UsageError } from "./exit.js";
import { bindKey, checkKeyName, keyFromPrivate, keystoreDir, loadKey, normalizeAddress, saveKey } from "./keystore.js";
import { type CustomOperation, checkedArgs, group } from "./operation-commands.js";
import type { OperationCommand } from "./operation-table.js";
import { fieldsTable, printJson, printLine, shortId, table } from "./output.js";
import { describeOutcome, type SubmitOptions, signAndSubmit } from "./submit.js";

const NEW_KEY_NAME = new Option("--new-key-name <name>", "keystore name of the generated key (default key-<8 hex>)");

interface NewKey {
  name: string;
  privateKey: string;
  publicKey: string;
}

/** A fresh key pair for the command, unless it was given `--public-key`; its name is checked to be free. */
function newKey(values: Readonly<Record<string, unknown>>, dir: string): NewKey | undefined {
  const publicKey = values.publicKey;
  const requested = typeof values.newKeyName === "string" ? values.newKeyName : undefined;
  if (typeof publicKey === "string") {
    if (requested !== undefined) {
      throw new UsageError("--new-key-name names a generated key; with --public-key nothing is generated");
    }
    return undefined;
  }
  const algorithm = values.signatureAlgorithm;
  if (!isSignatureAlgorithm(algorithm)) {
    throw new UsageError(`--signature-algorithm must be ECDSA_P256 or ECDSA_secp256k1, got ${String(algorithm)}`);
  }
  const pair = generateAccountKeyPair(algorithm);
  const name = checkKeyName(requested ?? `key-${pair.publicKey.slice(0, 8)}`);
  let taken = true;
  try {
    loadKey(dir, name);
  } catch {
    taken = false;
  }
  if (taken) throw new UsageError(`a key named "${name}" already exists in ${dir}; choose another --new-key-name`);
  return { name, ...pair };
}

/** Generate (maybe), check, save the key unbound, submit, bind it where the node put it. */
async function runWithNewKey(
  entry: OperationCommand,
  values: Readonly<Record<string, unknown>>,
  submit: SubmitOptions,
  placeOf: (result: unknown, authorizer: string) => { address: string; keyIndex: number },
): Promise<void> {
  const dir = keystoreDir(submit.keystore);
  const generated = newKey(values, dir);
  const args = checkedArgs(entry, generated === undefined ? values : { ...values, publicKey: generated.publicKey });
  if (generated !== undefined) {
    const algorithm = values.signatureAlgorithm;
    const hash = values.hashAlgorithm;
    if (!isSignatureAlgorithm(algorithm) || !isHashAlgorithm(hash)) throw new UsageError("unknown key algorithm");
    // Saved before submitting: if anything fails after the node executed it, the private key is not lost.
    saveKey(
      dir,
      keyFromPrivate({
        name: generated.name,
        privateKey: generated.privateKey,
        signatureAlgorithm: algorithm,
        hashAlgorithm: hash,
      }),
    );
  }
  const { payload, outcome } = await signAndSubmit(entry.op, args, submit);
  let note = "";
  if (generated !== undefined) {
    const place = placeOf(outcome.result, payload.authorizer);
    bindKey(dir, generated.name, place.address, place.keyIndex);
    note = `key "${generated.name}" saved in ${dir} as key ${place.keyIndex} of ${place.address}`;
  }
  if (submit.json) {
    printJson(outcome);
    return;
  }
  printLine(describeOutcome(outcome));
  if (note !== "") printLine(note);
}

function field(result: unknown, name: string): unknown {
  return typeof result === "object" && result !== null ? (result as Record<string, unknown>)[name] : undefined;
}

/** What the node answered `create_account` with: `{ address }`, the key being key 0. */
export function createdAccountPlace(result: unknown): { address: string; keyIndex: number } {
  const address = field(result, "address");
  if (typeof address !== "string") throw new Error("create_account's result has no address");
  return { address: normalizeAddress(address), keyIndex: 0 };
}

/** What the node answered `add_account_key` with: `{ keyIndex }`, on the authorizer's account. */
export function addedKeyPlace(result: unknown, authorizer: string): { address: string; keyIndex: number } {
  const keyIndex = field(result, "keyIndex");
  if (typeof keyIndex !== "number") throw new Error("add_account_key's result has no keyIndex");
  return { address: authorizer, keyIndex };
}

export const ACCOUNT_OPERATIONS_CUSTOM: Partial<Record<OperationName, CustomOperation>> = {
  create_account: {
    options: [NEW_KEY_NAME],
    run: (entry, values, submit) => runWithNewKey(entry, values, submit, (result) => createdAccountPlace(result)),
  },
  add_account_key: {
    options: [NEW_KEY_NAME],
    run: (entry, values, submit) => runWithNewKey(entry, values, submit, addedKeyPlace),
  },
};

function describeAccount(account: AccountView): string {
  const parts = [
    fieldsTable([
      ["address", account.address],
      ["balance", account.balance],
      ["nodes", account.nodes],
      ["delegators", account.delegators.map((d) => `${shortId(d.nodeId)}/${d.delegatorId}`)],
    ]),
  ];
  const keys = table(["key", "public key", "algorithm", "hash", "weight", "revoked", "sequence"]);
  for (const key of account.keys) {
    keys.push([
      String(key.index),
      `${key.publicKey.slice(0, 8)}…${key.publicKey.slice(-6)}`,
      key.signatureAlgorithm,
      key.hashAlgorithm,
      String(key.weight),
      key.revoked ? "yes" : "no",
      String(key.sequenceNumber),
    ]);
  }
  parts.push(keys.toString());
  return parts.join("\n");
}

/** Adds `account show` to the `account` group (the operation commands fill the rest of it). */
export function registerAccountCommands(program: Command): void {
  const account = group(program, ["account"]);
  account.description("accounts: create, show, keys add|revoke, transfer");
  group(account, ["keys"]).description("add or revoke keys of the signing account");
  account
    .command("show")
    .description("an account: balance, keys and their sequence numbers, the nodes and delegators it holds")
    .argument("<address>", "the account's address")
    .option("--node <url>", "the node's URL (default $FLOWSTAKE_NODE or http://127.0.0.1:8700)")
    .option("--json", "print the API's JSON")
    .action(async (address: string, options: { node?: string; json?: boolean }) => {
      const view = await connect(options).getAccount(normalizeAddress(address, "ADDRESS"));
      if (options.json) printJson(view);
      else printLine(describeAccount(view));
    });
}
