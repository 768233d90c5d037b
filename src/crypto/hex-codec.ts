/**
 * Hex at the edge of the crypto module.
 *
 * Hex we write is always lowercase. Hex we read comes in two strictnesses:
 * - keys that the ledger uses as identifiers (staking key, networking key) must be lowercase, as the staking
 *   contract requires (staking-contract.md §5.1 steps 7–8) — see {@link isLowercaseHex};
 * - everything else (private keys, signatures, proofs of possession, account public keys) is decoded without
 *   regard to case, as Flow's own `decodeHex` does — see {@link decodeHex}.
 */

const LOWERCASE_HEX = /^[0-9a-f]*$/;
const ANY_CASE_HEX = /^[0-9a-fA-F]*$/;

/** True when `text` is exactly `length` characters of `0-9a-f`. */
export function isLowercaseHex(text: string, length: number): boolean {
  return typeof text === "string" && text.length === length && LOWERCASE_HEX.test(text);
}

/**
 * Decodes hex of either case into exactly `byteLength` bytes; `undefined` for anything else (wrong length,
 * odd length, a non-hex character, a value that is not a string). Never throws.
 */
export function decodeHex(text: string, byteLength: number): Uint8Array | undefined {
  if (typeof text !== "string" || text.length !== byteLength * 2 || !ANY_CASE_HEX.test(text)) return undefined;
  return Uint8Array.from(Buffer.from(text, "hex"));
}

/** Lowercase hex of `bytes`. */
export function encodeHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Big-endian unsigned integer of `bytes` (0 for no bytes). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${encodeHex(bytes)}`);
}

/** `value` as exactly `byteLength` big-endian bytes; throws if it does not fit (a bug, never user input). */
export function bigIntToBytes(value: bigint, byteLength: number): Uint8Array {
  if (value < 0n || value >= 1n << BigInt(byteLength * 8)) {
    throw new RangeError(`bigIntToBytes: value does not fit in ${byteLength} bytes`);
  }
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(byteLength * 2, "0"), "hex"));
}
