/**
 * The transaction envelope (docs/node.md "Transactions") and its structural validation.
 *
 * `parseEnvelope` checks the shape only: field types, hex formats, counts and the encoded size. What the
 * operation's `args` mean is the core's business (it parses them with the operation), and whether the signatures
 * verify, the keys exist and weigh enough is the node's. Every refusal is a `TRANSACTION_MALFORMED` `LedgerError`
 * whose `details.field` is the path of the offending field: `payload.proposalKey.address`, `signatures[1].signature`,
 * `payload.args.amount`, or `envelope` for the envelope as a whole.
 */
import { LedgerError } from "../core/errors.js";
import { CanonicalJsonError, canonicalJson, canonicalJsonAt, formatJsonPath, isPlainObject } from "./canonical-json.js";

export interface ProposalKey {
  /** 16 lowercase hex characters. */
  address: string;
  keyIndex: number;
  /** Must equal the key's current sequence number when the transaction executes. */
  sequenceNumber: number;
}

export interface TransactionPayload {
  /** An operation name of docs/plan-format.md, or an account operation of docs/node.md. */
  type: string;
  /** The operation's arguments, with the names and types of docs/plan-format.md (amounts as decimal strings). */
  args: Record<string, unknown>;
  proposalKey: ProposalKey;
  /** The account that acts: 16 lowercase hex characters. */
  authorizer: string;
  /** The transaction is refused once the chain is past this height. */
  expiryHeight?: number;
}

export interface TransactionSignature {
  /** 16 lowercase hex characters. */
  address: string;
  keyIndex: number;
  /** 128 lowercase hex characters: r ‖ s, each 32 bytes big-endian. */
  signature: string;
}

export interface TransactionEnvelope {
  payload: TransactionPayload;
  signatures: TransactionSignature[];
}

/** The largest envelope accepted, in bytes of its canonical JSON (UTF-8). */
export const MAX_ENVELOPE_BYTES = 64 * 1024;
export const MAX_SIGNATURES = 16;
export const MAX_TYPE_LENGTH = 64;

const ENVELOPE_FIELDS = new Set(["payload", "signatures"]);
const PAYLOAD_FIELDS = new Set(["type", "args", "proposalKey", "authorizer", "expiryHeight"]);
const PROPOSAL_KEY_FIELDS = new Set(["address", "keyIndex", "sequenceNumber"]);
const SIGNATURE_FIELDS = new Set(["address", "keyIndex", "signature"]);

const ADDRESS = /^[0-9a-f]{16}$/;
const SIGNATURE = /^[0-9a-fA-F]{128}$/;

function malformed(field: string, problem: string, extra: Record<string, number> = {}): never {
  throw new LedgerError("TRANSACTION_MALFORMED", `${field}: ${problem}`, { field, ...extra });
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") {
    return value.length > 40 ? `a ${value.length}-character string` : `the string ${JSON.stringify(value)}`;
  }
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** `value` as a plain object with exactly the `allowed` fields (a subset of them when some are optional). */
function object(value: unknown, field: string, allowed: ReadonlySet<string>): Record<string, unknown> {
  if (!isPlainObject(value)) malformed(field, `must be an object, got ${describe(value)}`);
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) {
      const where = field === "envelope" ? key : `${field}.${key}`;
      malformed(where, `unknown field; expected only ${[...allowed].join(", ")}`);
    }
  }
  return value;
}

function address(value: unknown, field: string): string {
  if (typeof value !== "string" || !ADDRESS.test(value)) {
    malformed(field, `must be an address of 16 lowercase hex characters, got ${describe(value)}`);
  }
  return value;
}

function count(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    malformed(field, `must be a non-negative integer below 2^53, got ${describe(value)}`);
  }
  return value === 0 ? 0 : value; // no −0 in a parsed envelope
}

function parseProposalKey(value: unknown): ProposalKey {
  const source = object(value, "payload.proposalKey", PROPOSAL_KEY_FIELDS);
  return {
    address: address(source.address, "payload.proposalKey.address"),
    keyIndex: count(source.keyIndex, "payload.proposalKey.keyIndex"),
    sequenceNumber: count(source.sequenceNumber, "payload.proposalKey.sequenceNumber"),
  };
}

/**
 * A payload, checked as `parseEnvelope` checks it (field paths start with `payload.`) and returned as a fresh
 * object, `args` deep-copied. Use it to check a payload before signing it.
 */
export function parsePayload(value: unknown): TransactionPayload {
  return parseCanonicalPayload(value).payload;
}

/** `parsePayload`, and the payload's canonical JSON, which checking it computes anyway. */
function parseCanonicalPayload(value: unknown): { payload: TransactionPayload; json: string } {
  const source = object(value, "payload", PAYLOAD_FIELDS);
  const type = source.type;
  if (typeof type !== "string" || type.length === 0 || type.length > MAX_TYPE_LENGTH) {
    malformed(
      "payload.type",
      `must be a non-empty string of at most ${MAX_TYPE_LENGTH} characters, got ${describe(type)}`,
    );
  }
  const args = source.args;
  if (!isPlainObject(args)) malformed("payload.args", `must be an object, got ${describe(args)}`);
  const payload: TransactionPayload = {
    type,
    args,
    proposalKey: parseProposalKey(source.proposalKey),
    authorizer: address(source.authorizer, "payload.authorizer"),
  };
  if (source.expiryHeight !== undefined) payload.expiryHeight = count(source.expiryHeight, "payload.expiryHeight");
  let json: string;
  try {
    // At its place in the envelope: paths start with "payload", and nesting counts from the envelope's root.
    json = canonicalJsonAt(payload, ["payload"]);
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    malformed(formatJsonPath(error.path), error.problem);
  }
  // Canonical JSON decodes to exactly what it encodes, so the decoded args are a deep copy.
  const copy = (JSON.parse(json) as { args: unknown }).args;
  if (!isPlainObject(copy)) throw new Error("parsePayload: args stopped being an object in a JSON round trip");
  payload.args = copy;
  return { payload, json };
}

function parseSignatures(value: unknown): TransactionSignature[] {
  if (!Array.isArray(value)) malformed("signatures", `must be an array, got ${describe(value)}`);
  if (value.length < 1 || value.length > MAX_SIGNATURES) {
    malformed("signatures", `must hold 1 to ${MAX_SIGNATURES} signatures, got ${value.length}`);
  }
  const signers = new Set<string>();
  return value.map((item: unknown, i): TransactionSignature => {
    const field = `signatures[${i}]`;
    const source = object(item, field, SIGNATURE_FIELDS);
    const signature = source.signature;
    if (typeof signature !== "string" || !SIGNATURE.test(signature)) {
      malformed(`${field}.signature`, `must be 128 hex characters (64 bytes, r ‖ s), got ${describe(signature)}`);
    }
    const parsed = {
      address: address(source.address, `${field}.address`),
      keyIndex: count(source.keyIndex, `${field}.keyIndex`),
      signature: signature.toLowerCase(),
    };
    const signer = `${parsed.address}/${parsed.keyIndex}`;
    if (signers.has(signer)) malformed(field, `a second signature by key ${parsed.keyIndex} of ${parsed.address}`);
    signers.add(signer);
    return parsed;
  });
}

/**
 * A transaction envelope from decoded JSON, checked for shape and returned as a fresh object that shares nothing
 * with `value`: signatures in lowercase hex, `args` deep-copied. Throws `LedgerError("TRANSACTION_MALFORMED")`
 * naming the field. Checks, in order: no unknown fields at any level; the payload (`type` of 1–64 characters,
 * `args` a plain object, addresses of 16 lowercase hex characters, key index, sequence number and expiry height
 * non-negative safe integers, everything encodable as canonical JSON: no floats, no lone surrogates); 1–16
 * signatures of 128 hex characters, no key signing twice; and the encoded size, at most 64 KiB.
 */
export function parseEnvelope(value: unknown): TransactionEnvelope {
  return parseCanonicalEnvelope(value).envelope;
}

/** An envelope as `parseEnvelope` returns it, with the canonical JSON of its payload and of itself. */
export interface CanonicalEnvelope {
  envelope: TransactionEnvelope;
  payloadJson: string;
  envelopeJson: string;
}

/**
 * `parseEnvelope`, also returning the canonical JSON it computed on the way, so that the signed bytes and the
 * transaction ID need no second encoding (`prepareTransaction`).
 */
export function parseCanonicalEnvelope(value: unknown): CanonicalEnvelope {
  const source = object(value, "envelope", ENVELOPE_FIELDS);
  const { payload, json: payloadJson } = parseCanonicalPayload(source.payload);
  const signatures = parseSignatures(source.signatures);
  // Canonical by construction: "payload" sorts before "signatures", and canonical JSON nests.
  const envelopeJson = `{"payload":${payloadJson},"signatures":${canonicalJson(signatures)}}`;
  const bytes = Buffer.byteLength(envelopeJson, "utf8");
  if (bytes > MAX_ENVELOPE_BYTES) {
    malformed("envelope", `encodes to ${bytes} bytes, more than ${MAX_ENVELOPE_BYTES}`, {
      bytes,
      limit: MAX_ENVELOPE_BYTES,
    });
  }
  return { envelope: { payload, signatures }, payloadJson, envelopeJson };
}
