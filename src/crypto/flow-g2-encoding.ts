/**
 * Flow's byte encoding of BLS12-381 G2 points (staking public keys).
 *
 * Both Flow and @noble/curves write a G2 point in the 96-byte compressed ("zcash") form: the three top bits of
 * byte 0 are flags (compressed, infinity, sign of y) and the rest is the x-coordinate, an Fp2 element x = c0 + c1·u.
 * They differ only in the order of the two 48-byte halves of x:
 * - Flow (onflow/crypto `Fp2_write_bytes` / `Fp2_read_bytes`): c0 ‖ c1 (real part first);
 * - noble and the zcash/IETF convention: c1 ‖ c0.
 * The flag bits stay on byte 0 in both. Converting is therefore one swap of the halves that keeps the flags in
 * place; the swap is its own inverse.
 *
 * Everything else (flag meanings, the sign rule "sign of c1, or of c0 when c1 = 0", coordinates that must be below p,
 * on-curve and subgroup checks) is the same, so after the swap noble's own decoder does all the validation.
 */
import { bls12_381 } from "@noble/curves/bls12-381.js";

export const G2_BYTES = 96;
const FP_BYTES = 48;
const FLAG_BITS = 0b1110_0000;

export type G2Point = ReturnType<typeof bls12_381.G2.Point.fromBytes>;

/**
 * Swaps the two 48-byte halves of a compressed G2 encoding, keeping the three flag bits on byte 0.
 * Returns `undefined` when the half that moves to the front has any of its top three bits set: such a half is
 * ≥ 2³⁸³ > p, which Flow rejects as a non-reduced coordinate, and after the swap those bits would be misread as flags.
 */
export function swapG2FieldOrder(encoded: Uint8Array): Uint8Array | undefined {
  if (encoded.length !== G2_BYTES) return undefined;
  const secondHalfHead = encoded[FP_BYTES] ?? 0;
  if ((secondHalfHead & FLAG_BITS) !== 0) return undefined;
  const flags = (encoded[0] ?? 0) & FLAG_BITS;
  const swapped = new Uint8Array(G2_BYTES);
  swapped.set(encoded.subarray(FP_BYTES), 0);
  swapped.set(encoded.subarray(0, FP_BYTES), FP_BYTES);
  swapped[FP_BYTES] = (swapped[FP_BYTES] ?? 0) & ~FLAG_BITS & 0xff;
  swapped[0] = (swapped[0] ?? 0) | flags;
  return swapped;
}

/**
 * Decodes a G2 point from Flow's encoding: compressed, canonical coordinates, on the curve and in the prime-order
 * subgroup. The identity (infinity) decodes too, as it does in Flow; callers that must refuse it check `is0()`.
 * `undefined` for anything invalid; never throws.
 */
export function decodeFlowG2(encoded: Uint8Array): G2Point | undefined {
  const standard = swapG2FieldOrder(encoded);
  if (standard === undefined) return undefined;
  try {
    return bls12_381.G2.Point.fromBytes(standard);
  } catch {
    return undefined;
  }
}

/** Flow's 96-byte compressed encoding of a G2 point. */
export function encodeFlowG2(point: G2Point): Uint8Array {
  const flow = swapG2FieldOrder(point.toBytes(true));
  if (flow === undefined) throw new Error("encodeFlowG2: noble produced a non-canonical G2 encoding");
  return flow;
}
