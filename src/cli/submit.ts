/**
 * Signing with a keystore key and submitting: the proposal key is `--key`'s account key at its sequence number on
 * the node (`GET /v1/accounts/{address}`), the authorizer `--as` or that same account, and the envelope is signed by
 * `--key` and every `--cosign` key (docs/node.md "Transactions").
 */
import type { Command } from "commander";
import type { FlowstakeClient, TransactionOutcome } from "../client/index.js";
import {
  buildEnvelope,
  type TransactionEnvelope,
  type TransactionPayload,
  type TransactionSigner,
} from "../tx/index.js";
import { connect } from "./connection.js";
import { UsageError } from "./exit.js";
import { keystoreDir, loadKey, normalizeAddress, type StoredKey } from "./keystore.js";
import { eventsTable, plain, printJson, printLine } from "./output.js";

export interface SubmitOptions {
  /** The keystore key that proposes, pays and (by default) authorizes. */
  key: string;
  node?: string | undefined;
  keystore?: string | undefined;
  /** The authorizer's address, when it is not the key's account. */
  as?: string | undefined;
  expiryHeight?: string | undefined;
  /** More keystore keys that sign (the authorizer's, when `--as` names another account). */
  cosign?: string[] | undefined;
  json?: boolean | undefined;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The options every command that sends a transaction has. */
export function addSubmitOptions(command: Command): Command {
  return command
    .option("--key <name>", "the keystore key that signs, proposes and pays (required)")
    .option("--as <address>", "the authorizer, when not the key's account (it must sign too: --cosign)")
    .option("--cosign <name>", "another keystore key that signs as well (repeatable)", collect)
    .option("--expiry-height <n>", "refuse the transaction once the chain is past this height")
    .option("--node <url>", "the node's URL (default $FLOWSTAKE_NODE or http://127.0.0.1:8700)")
    .option("--keystore <dir>", "the keystore (default $FLOWSTAKE_KEYSTORE or ~/.flowstake/keys)")
    .option("--json", "print the node's outcome as JSON");
}

function optionalString(values: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

/** The submit options out of a command's parsed values. */
export function submitOptionsFrom(values: Readonly<Record<string, unknown>>): SubmitOptions {
  const key = optionalString(values, "key");
  if (key === undefined)
    throw new UsageError("--key NAME is required: the keystore key that signs (flowstake keys list)");
  const cosign = values.cosign;
  return {
    key,
    node: optionalString(values, "node"),
    keystore: optionalString(values, "keystore"),
    as: optionalString(values, "as"),
    expiryHeight: optionalString(values, "expiryHeight"),
    cosign: Array.isArray(cosign) ? cosign.map(String) : undefined,
    json: values.json === true,
  };
}

export interface PayloadInput {
  type: string;
  args: Record<string, unknown>;
  /** The proposal key: a keystore key bound to its account. */
  proposer: { address: string; keyIndex: number };
  sequenceNumber: number;
  /** Default: the proposer's account. */
  authorizer?: string | undefined;
  expiryHeight?: number | undefined;
}

/** The payload to sign; `expiryHeight` is left out when there is none (`null` is refused). */
export function buildPayload(input: PayloadInput): TransactionPayload {
  const payload: TransactionPayload = {
    type: input.type,
    args: input.args,
    proposalKey: {
      address: input.proposer.address,
      keyIndex: input.proposer.keyIndex,
      sequenceNumber: input.sequenceNumber,
    },
    authorizer: input.authorizer ?? input.proposer.address,
  };
  if (input.expiryHeight !== undefined) payload.expiryHeight = input.expiryHeight;
  return payload;
}

function boundKey(dir: string, name: string): StoredKey & { address: string } {
  const key = loadKey(dir, name);
  const address = key.address;
  if (address === undefined) {
    throw new UsageError(
      `key "${name}" is not bound to an account yet: flowstake keys bind ${name} ADDRESS [--key-index N]`,
    );
  }
  return { ...key, address };
}

function signer(key: StoredKey & { address: string }): TransactionSigner {
  return {
    address: key.address,
    keyIndex: key.keyIndex,
    privateKey: key.privateKey,
    signatureAlgorithm: key.signatureAlgorithm,
    hashAlgorithm: key.hashAlgorithm,
  };
}

function expiryOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(
      `--expiry-height must be a block height (a non-negative integer), got ${JSON.stringify(text)}`,
    );
  }
  return Number(text);
}

/** The key's current sequence number on the node, after checking that the node knows this very key. */
export async function sequenceNumberOf(client: FlowstakeClient, key: StoredKey & { address: string }): Promise<number> {
  const account = await client.getAccount(key.address);
  const onChain = account.keys.find((candidate) => candidate.index === key.keyIndex);
  if (onChain === undefined) {
    throw new UsageError(`key "${key.name}" says it is key ${key.keyIndex} of ${key.address}, which has no such key`);
  }
  if (onChain.publicKey !== key.publicKey) {
    throw new UsageError(
      `key "${key.name}" is not key ${key.keyIndex} of ${key.address}: the node has another public key there`,
    );
  }
  return onChain.sequenceNumber;
}

export interface Submitted {
  payload: TransactionPayload;
  envelope: TransactionEnvelope;
  outcome: TransactionOutcome;
}

/** Signs `type` with `args` (already checked) and submits it; resolves with the outcome of its block. */
export async function signAndSubmit(
  type: string,
  args: Record<string, unknown>,
  options: SubmitOptions,
  client: FlowstakeClient = connect(options),
): Promise<Submitted> {
  const dir = keystoreDir(options.keystore);
  const proposer = boundKey(dir, options.key);
  const authorizer = options.as === undefined ? undefined : normalizeAddress(options.as, "--as");
  const expiryHeight = expiryOf(options.expiryHeight);
  const signers = [signer(proposer)];
  for (const name of options.cosign ?? []) {
    const extra = signer(boundKey(dir, name));
    if (!signers.some((s) => s.address === extra.address && s.keyIndex === extra.keyIndex)) signers.push(extra);
  }
  const sequenceNumber = await sequenceNumberOf(client, proposer);
  const payload = buildPayload({ type, args, proposer, sequenceNumber, authorizer, expiryHeight });
  const envelope = buildEnvelope(payload, signers);
  const outcome = await client.submitTransaction(envelope);
  return { payload, envelope, outcome };
}

/** The outcome for a person: what ran where, its result, its events. */
export function describeOutcome(outcome: TransactionOutcome): string {
  const lines = [`${outcome.type}: executed in block ${outcome.height} at index ${outcome.index}`];
  lines.push(`transaction ${outcome.id}`);
  if (outcome.result !== null && outcome.result !== undefined) lines.push(`result: ${plain(outcome.result)}`);
  lines.push(outcome.events.length === 0 ? "no events" : eventsTable(outcome.events));
  return lines.join("\n");
}

export function printOutcome(outcome: TransactionOutcome, json: boolean | undefined): void {
  if (json) printJson(outcome);
  else printLine(describeOutcome(outcome));
}
