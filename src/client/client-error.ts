/**
 * Every failure of a client call is a `ClientError`. Two kinds:
 *
 * - the node answered with its error body (docs/api.md "Errors"): `code` is one of docs/errors.md, `status` the
 *   HTTP status, `details` the body's details;
 * - the client could not get a usable answer: `code` is one of `CLIENT_ERROR_CODES` below, which are the client's
 *   own and never appear in a node's answer. `status` is set only when an answer arrived but could not be read.
 */

/** The client's own codes, with what they mean (docs/cli.md lists them; a test keeps the two in sync). */
export const CLIENT_ERROR_CODES = {
  NODE_UNREACHABLE: "No connection to the node: it is not running, the URL is wrong, or the network failed.",
  NODE_TIMEOUT: "The node did not answer within the client's time limit; a submitted transaction may still commit.",
  INVALID_RESPONSE: "The node's answer is not the JSON the API documents (not JSON, or an error without its body).",
} as const;

export type ClientErrorCode = keyof typeof CLIENT_ERROR_CODES;

export class ClientError extends Error {
  /** A ledger or HTTP-edge code of docs/errors.md, or one of `CLIENT_ERROR_CODES`. */
  readonly code: string;
  /** The HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, status?: number) {
    super(message);
    this.name = "ClientError";
    this.code = code;
    this.details = details;
    this.status = status;
  }
}

export function isClientError(value: unknown): value is ClientError {
  return value instanceof ClientError;
}

/** True when the code is the client's own (no answer from the node), not a code the node sent. */
export function isClientErrorCode(code: string): code is ClientErrorCode {
  return Object.hasOwn(CLIENT_ERROR_CODES, code);
}
