/**
 * Snapshot files: written under a temporary name, flushed, renamed into place, and the directory flushed, all with
 * `fs.promises` so the event loop keeps serving while the bytes go to disk. A file is named after its height and
 * the start of its SHA-256, and the database indexes it only once it is durable; reading checks length and hash,
 * so neither a torn file nor a damaged one is ever returned.
 */
import { createHash, randomUUID } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

export interface SnapshotFile {
  file: string;
  byteLength: number;
  sha256: string;
}

/** Hashing happens between writes, one slice at a time, so no single step holds the event loop for long. */
const WRITE_SLICE = 4 * 1024 * 1024;
const SNAPSHOT_FILE = /^\d{12}-[0-9a-f]{16}\.snapshot$/;
const TEMPORARY_FILE = /\.tmp$/;

function snapshotFileName(height: number, sha256: string): string {
  return `${String(height).padStart(12, "0")}-${sha256.slice(0, 16)}.snapshot`;
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Creates `dir` if needed and makes its entry in the parent durable. */
export function ensureDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true });
  syncDirectory(dirname(dir));
}

async function syncDirectoryAsync(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `bytes` durably under its final name; the caller must not modify `bytes` until this settles. */
export async function writeSnapshotFile(dir: string, height: number, bytes: Uint8Array): Promise<SnapshotFile> {
  const temporary = join(dir, `${String(height).padStart(12, "0")}-${randomUUID()}.tmp`);
  const hash = createHash("sha256");
  const handle = await open(temporary, "wx");
  try {
    let offset = 0;
    while (offset < bytes.byteLength) {
      const end = Math.min(offset + WRITE_SLICE, bytes.byteLength);
      hash.update(bytes.subarray(offset, end));
      while (offset < end) {
        const { bytesWritten } = await handle.write(bytes, offset, end - offset, offset);
        offset += bytesWritten;
      }
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  const sha256 = hash.digest("hex");
  const file = snapshotFileName(height, sha256);
  await rename(temporary, join(dir, file));
  await syncDirectoryAsync(dir);
  return { file, byteLength: bytes.byteLength, sha256 };
}

/** The file's bytes if it is whole and undamaged, otherwise undefined. */
export function readSnapshotFile(dir: string, entry: SnapshotFile): Uint8Array | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, entry.file));
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return undefined;
    throw error;
  }
  if (bytes.byteLength !== entry.byteLength) return undefined;
  if (createHash("sha256").update(bytes).digest("hex") !== entry.sha256) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Deletes what a crash can leave behind: temporary files, and snapshot files the database does not index (written
 * but not yet indexed, or pruned from the index but not yet deleted). Other files are left alone.
 */
export function sweepSnapshotDirectory(dir: string, indexed: ReadonlySet<string>): void {
  for (const name of readdirSync(dir)) {
    if (TEMPORARY_FILE.test(name) || (SNAPSHOT_FILE.test(name) && !indexed.has(name))) {
      rmSync(join(dir, name), { force: true });
    }
  }
}

export async function removeSnapshotFiles(dir: string, files: readonly string[]): Promise<void> {
  await Promise.all(files.map((file) => rm(join(dir, file), { force: true })));
}
