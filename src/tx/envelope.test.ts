import { describe, expect, it } from "vitest";
import { isLedgerError, type LedgerError } from "../core/errors.js";
import { canonicalJson } from "./canonical-json.js";
import { MAX_ENVELOPE_BYTES, MAX_SIGNATURES, parseEnvelope, parsePayload } from "./envelope.js";
import { prepareTransaction } from "./signing.js";

const SIGNATURE = "ab".repeat(64);
const NODE_ID = `${"0".repeat(62)}11`;

/** A structurally valid envelope, as decoded JSON; each test breaks one thing. */
function validEnvelope(): Record<string, unknown> & {
  payload: Record<string, unknown> & { args: Record<string, unknown>; proposalKey: Record<string, unknown> };
  signatures: Record<string, unknown>[];
} {
  return {
    payload: {
      type: "stake_new_tokens",
      args: { nodeId: NODE_ID, delegatorId: 1, amount: "10.0" },
      proposalKey: { address: "0000000000000002", keyIndex: 0, sequenceNumber: 7 },
      authorizer: "0000000000000002",
      expiryHeight: 1234,
    },
    signatures: [{ address: "0000000000000002", keyIndex: 0, signature: SIGNATURE }],
  };
}

function refusal(value: unknown, parse: (value: unknown) => unknown = parseEnvelope): LedgerError {
  try {
    parse(value);
  } catch (error) {
    if (isLedgerError(error)) return error;
    throw error;
  }
  throw new Error("expected parseEnvelope to refuse the envelope");
}

type Breaker = (envelope: ReturnType<typeof validEnvelope>) => unknown;

const signatureOf = (envelope: ReturnType<typeof validEnvelope>, i = 0): Record<string, unknown> => {
  const signature = envelope.signatures[i];
  if (signature === undefined) throw new Error("no such signature in the fixture");
  return signature;
};

const CASES: [string, string, Breaker][] = [
  ["the envelope is not an object", "envelope", () => [validEnvelope()]],
  ["the envelope is null", "envelope", () => null],
  ["an unknown top-level field", "fee", (e) => ({ ...e, fee: "0.1" })],
  ["the payload is missing", "payload", (e) => ({ signatures: e.signatures })],
  ["the payload is a string", "payload", (e) => ({ ...e, payload: "stake" })],
  [
    "an unknown payload field",
    "payload.payer",
    (e) => ({ ...e, payload: { ...e.payload, payer: "0000000000000002" } }),
  ],
  ["the type is missing", "payload.type", (e) => ({ ...e, payload: { ...e.payload, type: undefined } })],
  ["the type is empty", "payload.type", (e) => ({ ...e, payload: { ...e.payload, type: "" } })],
  ["the type is 65 characters", "payload.type", (e) => ({ ...e, payload: { ...e.payload, type: "x".repeat(65) } })],
  ["the type is a number", "payload.type", (e) => ({ ...e, payload: { ...e.payload, type: 3 } })],
  ["the type has a lone surrogate", "payload.type", (e) => ({ ...e, payload: { ...e.payload, type: "stake\ud800" } })],
  ["the args are missing", "payload.args", (e) => ({ ...e, payload: { ...e.payload, args: undefined } })],
  ["the args are an array", "payload.args", (e) => ({ ...e, payload: { ...e.payload, args: [NODE_ID] } })],
  ["the args are null", "payload.args", (e) => ({ ...e, payload: { ...e.payload, args: null } })],
  [
    "an argument is a float",
    "payload.args.amount",
    (e) => ({ ...e, payload: { ...e.payload, args: { ...e.payload.args, amount: 10.5 } } }),
  ],
  [
    "a nested argument is a float",
    "payload.args.value.weights[1]",
    (e) => ({ ...e, payload: { ...e.payload, args: { value: { weights: [1, 0.5] } } } }),
  ],
  [
    "an argument has a lone surrogate",
    "payload.args.networkingAddress",
    (e) => ({ ...e, payload: { ...e.payload, args: { networkingAddress: "\udc00:3569" } } }),
  ],
  [
    "the proposal key is missing",
    "payload.proposalKey",
    (e) => ({ ...e, payload: { ...e.payload, proposalKey: undefined } }),
  ],
  [
    "an unknown proposal key field",
    "payload.proposalKey.weight",
    (e) => ({ ...e, payload: { ...e.payload, proposalKey: { ...e.payload.proposalKey, weight: 1000 } } }),
  ],
  ...["00000000000002", "000000000000000002", "000000000000000A", "0x00000000000002", 2].map(
    (address): [string, string, Breaker] => [
      `the proposal key address is ${JSON.stringify(address)}`,
      "payload.proposalKey.address",
      (e) => ({ ...e, payload: { ...e.payload, proposalKey: { ...e.payload.proposalKey, address } } }),
    ],
  ),
  ...[-1, 1.5, "0", 2 ** 53, Number.NaN, null].map((keyIndex): [string, string, Breaker] => [
    `the proposal key index is ${String(keyIndex)}`,
    "payload.proposalKey.keyIndex",
    (e) => ({ ...e, payload: { ...e.payload, proposalKey: { ...e.payload.proposalKey, keyIndex } } }),
  ]),
  [
    "the sequence number is negative",
    "payload.proposalKey.sequenceNumber",
    (e) => ({ ...e, payload: { ...e.payload, proposalKey: { ...e.payload.proposalKey, sequenceNumber: -7 } } }),
  ],
  [
    "the sequence number is missing",
    "payload.proposalKey.sequenceNumber",
    (e) => ({ ...e, payload: { ...e.payload, proposalKey: { address: "0000000000000002", keyIndex: 0 } } }),
  ],
  ["the authorizer is a name", "payload.authorizer", (e) => ({ ...e, payload: { ...e.payload, authorizer: "alice" } })],
  [
    "the authorizer is missing",
    "payload.authorizer",
    (e) => ({ ...e, payload: { ...e.payload, authorizer: undefined } }),
  ],
  [
    "the expiry height is null",
    "payload.expiryHeight",
    (e) => ({ ...e, payload: { ...e.payload, expiryHeight: null } }),
  ],
  [
    "the expiry height is a string",
    "payload.expiryHeight",
    (e) => ({ ...e, payload: { ...e.payload, expiryHeight: "9" } }),
  ],
  [
    "the expiry height is negative",
    "payload.expiryHeight",
    (e) => ({ ...e, payload: { ...e.payload, expiryHeight: -1 } }),
  ],
  ["the signatures are missing", "signatures", (e) => ({ payload: e.payload })],
  ["the signatures are an object", "signatures", (e) => ({ ...e, signatures: signatureOf(e) })],
  ["there are no signatures", "signatures", (e) => ({ ...e, signatures: [] })],
  [
    "there are 17 signatures",
    "signatures",
    (e) => ({
      ...e,
      signatures: Array.from({ length: MAX_SIGNATURES + 1 }, (_, keyIndex) => ({ ...signatureOf(e), keyIndex })),
    }),
  ],
  ["a signature entry is a string", "signatures[0]", (e) => ({ ...e, signatures: [SIGNATURE] })],
  [
    "a signature has an unknown field",
    "signatures[0].hashAlgorithm",
    (e) => ({
      ...e,
      signatures: [{ ...signatureOf(e), hashAlgorithm: "SHA3_256" }],
    }),
  ],
  ...[SIGNATURE.slice(1), `${SIGNATURE}ab`, `${SIGNATURE.slice(2)}g0`, `0x${SIGNATURE.slice(2)}`, 12, undefined].map(
    (signature): [string, string, Breaker] => [
      `the signature is ${typeof signature === "string" ? `${signature.length} characters` : String(signature)}`,
      "signatures[0].signature",
      (e) => ({ ...e, signatures: [{ ...signatureOf(e), signature }] }),
    ],
  ),
  [
    "the second signature's address is uppercase",
    "signatures[1].address",
    (e) => ({ ...e, signatures: [signatureOf(e), { ...signatureOf(e), address: "00000000000000AB" }] }),
  ],
  [
    "a signature's key index is a string",
    "signatures[0].keyIndex",
    (e) => ({ ...e, signatures: [{ ...signatureOf(e), keyIndex: "0" }] }),
  ],
  [
    "a key signs twice",
    "signatures[1]",
    (e) => ({ ...e, signatures: [signatureOf(e), { ...signatureOf(e), signature: "cd".repeat(64) }] }),
  ],
];

describe("parseEnvelope refuses malformed envelopes with TRANSACTION_MALFORMED and the field", () => {
  it.each(CASES)("%s → %s", (_, field, breaker) => {
    const error = refusal(breaker(validEnvelope()));
    expect(error.code).toBe("TRANSACTION_MALFORMED");
    expect(error.details.field).toBe(field);
    // The node's one-pass parse refuses it the same way.
    expect(refusal(breaker(validEnvelope()), prepareTransaction).details).toEqual(error.details);
  });

  it("refuses an envelope above 64 KiB, and accepts one of exactly 64 KiB", () => {
    const envelope = validEnvelope();
    envelope.payload.args.padding = "";
    const base = Buffer.byteLength(canonicalJson(envelope));
    envelope.payload.args.padding = "p".repeat(MAX_ENVELOPE_BYTES - base);
    expect(Buffer.byteLength(canonicalJson(envelope))).toBe(MAX_ENVELOPE_BYTES);
    expect(parseEnvelope(envelope).payload.args.padding).toHaveLength(MAX_ENVELOPE_BYTES - base);

    envelope.payload.args.padding = "p".repeat(MAX_ENVELOPE_BYTES - base + 1);
    const error = refusal(envelope);
    expect(error.code).toBe("TRANSACTION_MALFORMED");
    expect(error.details).toEqual({ field: "envelope", bytes: MAX_ENVELOPE_BYTES + 1, limit: MAX_ENVELOPE_BYTES });
  });

  it("counts the size in UTF-8 bytes, not characters", () => {
    const envelope = validEnvelope();
    envelope.payload.args.padding = "€".repeat(MAX_ENVELOPE_BYTES / 3);
    expect(refusal(envelope).details.field).toBe("envelope");
  });
});

describe("parseEnvelope accepts well-formed envelopes", () => {
  it("returns the same envelope, fresh, with signatures in lowercase", () => {
    const input = validEnvelope();
    signatureOf(input).signature = SIGNATURE.toUpperCase();
    const parsed = parseEnvelope(input);
    expect(parsed).toEqual({ ...validEnvelope(), signatures: [{ ...signatureOf(input), signature: SIGNATURE }] });
    // Nothing is shared with the input: changing it afterwards changes nothing.
    input.payload.args.amount = "1000000.0";
    input.payload.proposalKey.sequenceNumber = 8;
    expect(parsed.payload.args.amount).toBe("10.0");
    expect(parsed.payload.proposalKey.sequenceNumber).toBe(7);
    expect(parseEnvelope(parsed)).toEqual(parsed);
  });

  it("leaves out an absent expiry height rather than setting it to undefined", () => {
    const input = validEnvelope();
    delete input.payload.expiryHeight;
    const parsed = parseEnvelope(input);
    expect(Object.keys(parsed.payload).sort()).toEqual(["args", "authorizer", "proposalKey", "type"]);
  });

  it("accepts 16 signatures by different keys, and any args object (the core checks args)", () => {
    const input = validEnvelope();
    input.signatures = Array.from({ length: MAX_SIGNATURES }, (_, keyIndex) => ({ ...signatureOf(input), keyIndex }));
    input.payload.type = "x".repeat(64);
    input.payload.args = { anything: [null, true, { deep: "€" }], n: -3 };
    expect(parseEnvelope(input).signatures).toHaveLength(MAX_SIGNATURES);
  });

  it("writes −0 as 0", () => {
    const input = validEnvelope();
    input.payload.proposalKey.keyIndex = -0;
    expect(Object.is(parseEnvelope(input).payload.proposalKey.keyIndex, 0)).toBe(true);
  });
});

describe("parsePayload", () => {
  it("checks a payload alone, with the same field paths", () => {
    const { payload } = validEnvelope();
    expect(parsePayload(payload)).toEqual(payload);
    try {
      parsePayload({ ...payload, authorizer: "2" });
      expect.unreachable();
    } catch (error) {
      expect(isLedgerError(error) && error.details.field).toBe("payload.authorizer");
    }
  });
});
