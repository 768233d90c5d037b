import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateAccountKeyPair } from "../crypto/index.js";
import { UsageError } from "./exit.js";
import {
  bindKey,
  DIRECTORY_MODE,
  FILE_MODE,
  keyFromPrivate,
  keystoreDir,
  listKeys,
  loadKey,
  normalizeAddress,
  publicView,
  saveKey,
} from "./keystore.js";

let scratch = "";

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "flowstake-keystore-"));
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function freshKey(name: string) {
  const pair = generateAccountKeyPair("ECDSA_P256");
  return keyFromPrivate({
    name,
    privateKey: pair.privateKey,
    signatureAlgorithm: "ECDSA_P256",
    hashAlgorithm: "SHA3_256",
  });
}

describe("keystore", () => {
  // With a umask of 0 as well: the end-to-end test runs `keys generate --save` under `umask 000`.
  it("creates the directory 0700 and each key file 0600, and keeps 0600 when binding", () => {
    const dir = join(scratch, "nested", "keys");
    const path = saveKey(dir, freshKey("alice"));
    expect(mode(dir)).toBe(DIRECTORY_MODE);
    expect(mode(path)).toBe(FILE_MODE);
    expect(path).toBe(join(dir, "alice.json"));
    bindKey(dir, "alice", "0000000000000002");
    expect(mode(path)).toBe(FILE_MODE);
  });

  it("leaves the mode of a directory it did not create alone", () => {
    const dir = join(scratch, "mine");
    mkdirSync(dir, { mode: 0o755 });
    const before = mode(dir);
    saveKey(dir, freshKey("alice"));
    expect(mode(dir)).toBe(before);
  });

  it("round-trips a key, lists keys by name, binds a key to an account", () => {
    const dir = join(scratch, "keys");
    const bob = freshKey("bob");
    const alice = freshKey("alice");
    saveKey(dir, bob);
    saveKey(dir, alice);
    expect(loadKey(dir, "bob")).toEqual(bob);
    expect(listKeys(dir).map((key) => key.name)).toEqual(["alice", "bob"]);
    const bound = bindKey(dir, "bob", "0x00000000000000AB", 3);
    expect(bound).toEqual({ ...bob, address: "00000000000000ab", keyIndex: 3 });
    expect(loadKey(dir, "bob")).toEqual(bound);
    expect(JSON.parse(readFileSync(join(dir, "bob.json"), "utf8"))).toEqual(bound);
    expect(publicView(bound)).not.toHaveProperty("privateKey");
  });

  it("derives the public key from the private key", () => {
    const pair = generateAccountKeyPair("ECDSA_secp256k1");
    const key = keyFromPrivate({
      name: "k",
      privateKey: `0x${pair.privateKey.toUpperCase()}`,
      signatureAlgorithm: "ECDSA_secp256k1",
      hashAlgorithm: "SHA2_256",
      address: "0000000000000005",
    });
    expect(key).toEqual({
      name: "k",
      address: "0000000000000005",
      keyIndex: 0,
      signatureAlgorithm: "ECDSA_secp256k1",
      hashAlgorithm: "SHA2_256",
      privateKey: pair.privateKey,
      publicKey: pair.publicKey,
    });
    expect(() =>
      keyFromPrivate({ name: "k", privateKey: "00", signatureAlgorithm: "ECDSA_P256", hashAlgorithm: "SHA3_256" }),
    ).toThrow(UsageError);
  });

  it("refuses to overwrite a key, unknown names, names that could leave the directory, and broken files", () => {
    const dir = join(scratch, "keys");
    saveKey(dir, freshKey("alice"));
    expect(() => saveKey(dir, freshKey("alice"))).toThrow(/already exists/);
    expect(() => loadKey(dir, "carol")).toThrow(UsageError);
    expect(() => loadKey(dir, "../alice")).toThrow(UsageError);
    expect(() => saveKey(dir, freshKey(".hidden"))).toThrow(UsageError);
    writeFileSync(join(dir, "broken.json"), "{");
    expect(() => loadKey(dir, "broken")).toThrow(/not JSON/);
    writeFileSync(join(dir, "odd.json"), JSON.stringify({ ...freshKey("other") }));
    expect(() => loadKey(dir, "odd")).toThrow(/holds a key named "other"/);
    expect(() => bindKey(dir, "alice", "12")).toThrow(UsageError);
  });

  it("lists nothing when the keystore does not exist yet", () => {
    expect(listKeys(join(scratch, "absent"))).toEqual([]);
  });

  it("takes --keystore, then $FLOWSTAKE_KEYSTORE, then ~/.flowstake/keys", () => {
    expect(keystoreDir("/a", { FLOWSTAKE_KEYSTORE: "/b" })).toBe("/a");
    expect(keystoreDir(undefined, { FLOWSTAKE_KEYSTORE: "/b" })).toBe("/b");
    expect(keystoreDir(undefined, {})).toMatch(/\.flowstake[/\\]keys$/);
  });

  it("normalizes addresses typed with 0x or in upper case", () => {
    expect(normalizeAddress("0x000000000000000A")).toBe("000000000000000a");
    expect(() => normalizeAddress("0x1")).toThrow(UsageError);
  });
});
