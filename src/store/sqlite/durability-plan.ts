/**
 * What the durability child writes at each height, shared by the child and the test that checks it: the content
 * is a function of the height alone. Every 25th block is large (6,000 events), so a kill often lands inside its
 * transaction; every 10th block gets a 2 MiB snapshot, so a kill often lands inside a snapshot write.
 */

import type { SnapshotRecord, StoredBlock } from "../port.js";
import { type SampleShape, sampleBlock } from "../sample-blocks.js";

export const DURABILITY_GENESIS = JSON.stringify({ chainId: "flowstake-durability" });
export const SNAPSHOT_EVERY = 10;
const SNAPSHOT_BYTES = 2 * 1024 * 1024;

export function durabilityShape(height: number): SampleShape {
  if (height > 0 && height % 25 === 0) return { transactions: 4, eventsPerTransaction: 1_500, chain: "durability" };
  return { transactions: height % 4, eventsPerTransaction: height % 3, chain: "durability" };
}

export function durabilityBlock(height: number): StoredBlock {
  return sampleBlock(height, durabilityShape(height));
}

export function durabilitySnapshot(height: number): SnapshotRecord {
  const bytes = new Uint8Array(SNAPSHOT_BYTES);
  const pattern = new TextEncoder().encode(`state after block ${height}\n`);
  for (let i = 0; i < bytes.length; i += pattern.length) bytes.set(pattern.subarray(0, bytes.length - i), i);
  return { height, stateHash: durabilityBlock(height).stateHash, bytes };
}
