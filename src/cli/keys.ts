/** `flowstake keys generate [--node]`: fresh keys as JSON. */
import { UsageError } from "./exit.js";

export async function keysGenerateCommand(options: { node?: boolean; algorithm: string }): Promise<void> {
  const crypto = await import("../crypto/index.js");
  if (options.node) {
    process.stdout.write(`${JSON.stringify(crypto.generateNodeKeys(), null, 2)}\n`);
    return;
  }
  const algorithm = options.algorithm;
  if (algorithm !== "ECDSA_P256" && algorithm !== "ECDSA_secp256k1") {
    throw new UsageError(`--algorithm must be ECDSA_P256 or ECDSA_secp256k1, got ${algorithm}`);
  }
  const pair = crypto.generateAccountKeyPair(algorithm);
  process.stdout.write(`${JSON.stringify({ signatureAlgorithm: algorithm, ...pair }, null, 2)}\n`);
}
