/**
 * The ledger's only randomness (decisions.md D2): draw n is the first 8 bytes, big-endian, of
 * SHA3-256(utf8(seed) ‖ ":" ‖ decimal(n)). The draw counter lives in the state, so a replay draws the same numbers.
 */
import { sha3_256 } from "@noble/hashes/sha3.js";
import type { LedgerState } from "../state.js";

const encoder = new TextEncoder();

/** A uniform-ish index in [0, length); advances the state's draw counter. */
export function drawIndex(state: LedgerState, length: number): number {
  const digest = sha3_256(encoder.encode(`${state.seed}:${state.randomDraws}`));
  state.randomDraws += 1;
  let value = 0n;
  for (let i = 0; i < 8; i++) value = (value << 8n) | BigInt(digest[i] ?? 0);
  return Number(value % BigInt(length));
}
