/**
 * The wire format between a verify pool and its workers: a whole batch of verifications in one `ArrayBuffer`, so
 * that one `postMessage` moves it by transfer instead of structured-cloning thousands of small objects.
 *
 * A batch (all integers little-endian):
 *
 *   u32 batch ID, u32 item count, then per item:
 *   u8 algorithms · 64 bytes public key (x ‖ y) · 64 bytes signature (r ‖ s) · u32 message length · message
 *
 * where algorithms is bit 0 the curve (0 P-256, 1 secp256k1) and bit 1 the hash (0 SHA3-256, 1 SHA2-256), or
 * 0xff for an item that cannot verify (an unknown algorithm, a key or signature that is not 128 hex characters, a
 * message that is not bytes): the worker answers `false` for it without looking further, exactly as
 * `verifySignature` would. The answer is `u32 batch ID, u32 item count`, then one byte per item, 1 for valid.
 */
import type { HashAlgorithm, SignatureAlgorithm } from "../crypto/account-keys.js";

/** One signature to check: is `signature` a valid signature of `hash(message)` by `publicKey`? */
export interface VerifyItem {
  /** 128 hex characters, x ‖ y (either case). */
  publicKey: string;
  signatureAlgorithm: SignatureAlgorithm;
  hashAlgorithm: HashAlgorithm;
  message: Uint8Array;
  /** 128 hex characters, r ‖ s (either case). */
  signature: string;
}

/** `verifySignature`'s signature, injected so that this module stays free of crypto. */
export type VerifyFunction = (
  publicKey: string,
  signatureAlgorithm: SignatureAlgorithm,
  hashAlgorithm: HashAlgorithm,
  message: Uint8Array,
  signature: string,
) => boolean;

/** A run of `count` items of `items`, starting at `from`. A batch is made of runs from several requests. */
export interface BatchRun {
  readonly items: readonly VerifyItem[];
  readonly from: number;
  readonly count: number;
}

const HEADER_BYTES = 8;
const KEY_BYTES = 64;
const SIGNATURE_BYTES = 64;
/** Algorithms, key, signature, message length. */
const ITEM_FIXED_BYTES = 1 + KEY_BYTES + SIGNATURE_BYTES + 4;
const CANNOT_VERIFY = 0xff;
const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = ["ECDSA_P256", "ECDSA_secp256k1"];
const HASH_ALGORITHMS: readonly HashAlgorithm[] = ["SHA3_256", "SHA2_256"];

function algorithmsCode(signatureAlgorithm: unknown, hashAlgorithm: unknown): number {
  const curve = signatureAlgorithm === "ECDSA_P256" ? 0 : signatureAlgorithm === "ECDSA_secp256k1" ? 1 : -1;
  const hash = hashAlgorithm === "SHA3_256" ? 0 : hashAlgorithm === "SHA2_256" ? 2 : -1;
  return curve < 0 || hash < 0 ? CANNOT_VERIFY : curve | hash;
}

/**
 * Writes 128 hex characters as 64 bytes at `offset`; false when `hex` is anything else. `Buffer.write` stops at
 * the first pair that is not hex, so "all 64 bytes written" means "all 128 characters were hex".
 */
function writeHex(target: Buffer, offset: number, hex: unknown): boolean {
  return typeof hex === "string" && hex.length === 128 && target.write(hex, offset, 64, "hex") === 64;
}

/** The batch of `runs` (their items in order) as one transferable buffer. */
export function encodeBatch(id: number, runs: readonly BatchRun[]): ArrayBuffer {
  let count = 0;
  let size = HEADER_BYTES;
  for (const run of runs) {
    count += run.count;
    for (let i = run.from; i < run.from + run.count; i++) {
      const message: unknown = run.items[i]?.message;
      size += ITEM_FIXED_BYTES + (message instanceof Uint8Array ? message.byteLength : 0);
    }
  }
  const buffer = new ArrayBuffer(size);
  const bytes = Buffer.from(buffer);
  bytes.writeUInt32LE(id, 0);
  bytes.writeUInt32LE(count, 4);
  let offset = HEADER_BYTES;
  for (const run of runs) {
    for (let i = run.from; i < run.from + run.count; i++) {
      const item = run.items[i];
      const message: unknown = item?.message;
      let code = algorithmsCode(item?.signatureAlgorithm, item?.hashAlgorithm);
      if (
        !writeHex(bytes, offset + 1, item?.publicKey) ||
        !writeHex(bytes, offset + 1 + KEY_BYTES, item?.signature) ||
        !(message instanceof Uint8Array)
      ) {
        code = CANNOT_VERIFY;
      }
      bytes[offset] = code;
      const length = message instanceof Uint8Array ? message.byteLength : 0;
      bytes.writeUInt32LE(length, offset + 1 + KEY_BYTES + SIGNATURE_BYTES);
      if (message instanceof Uint8Array) bytes.set(message, offset + ITEM_FIXED_BYTES);
      offset += ITEM_FIXED_BYTES + length;
    }
  }
  return buffer;
}

/** Verifies every item of an encoded batch; the answer is a buffer to transfer back. */
export function verifyBatch(batch: ArrayBuffer, verify: VerifyFunction): ArrayBuffer {
  const bytes = Buffer.from(batch);
  const count = bytes.readUInt32LE(4);
  const answer = new ArrayBuffer(HEADER_BYTES + count);
  const results = new Uint8Array(answer, HEADER_BYTES);
  Buffer.from(answer).set(bytes.subarray(0, HEADER_BYTES));
  let offset = HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    const code = bytes.readUInt8(offset);
    const length = bytes.readUInt32LE(offset + 1 + KEY_BYTES + SIGNATURE_BYTES);
    const start = offset + ITEM_FIXED_BYTES;
    if (start + length > bytes.length) throw new RangeError("verifyBatch: a message runs past the end of the batch");
    const signatureAlgorithm = SIGNATURE_ALGORITHMS[code & 1];
    const hashAlgorithm = HASH_ALGORITHMS[(code >> 1) & 1];
    if (code !== CANNOT_VERIFY && signatureAlgorithm !== undefined && hashAlgorithm !== undefined) {
      const publicKey = bytes.toString("hex", offset + 1, offset + 1 + KEY_BYTES);
      const signature = bytes.toString("hex", offset + 1 + KEY_BYTES, offset + 1 + KEY_BYTES + SIGNATURE_BYTES);
      const message = new Uint8Array(batch, start, length);
      results[i] = verify(publicKey, signatureAlgorithm, hashAlgorithm, message, signature) ? 1 : 0;
    }
    offset = start + length;
  }
  return answer;
}

/** The batch ID and the per-item answers (1 valid, 0 not) of a worker's answer. */
export function decodeAnswer(answer: ArrayBuffer): { id: number; results: Uint8Array } {
  const view = new DataView(answer);
  return { id: view.getUint32(0, true), results: new Uint8Array(answer, HEADER_BYTES, view.getUint32(4, true)) };
}
