/**
 * A verify pool's worker thread: it receives encoded batches (`verify-batch.ts`), checks each signature with the
 * crypto module's `verifySignature` (OpenSSL, with its cache of parsed public keys) and transfers the answers
 * back. It imports only the account-key module, not the whole crypto module, so that a worker starts quickly.
 *
 * Runs as compiled JavaScript only (`dist/src/tx/verify-worker.js`): Node 20 cannot load TypeScript.
 */
import { parentPort } from "node:worker_threads";
import { verifySignature } from "../crypto/account-keys.js";
import { verifyBatch } from "./verify-batch.js";

const port = parentPort;
if (port === null) throw new Error("verify-worker.js runs as a worker thread of a verify pool, not on its own");

port.on("message", (batch: unknown) => {
  if (!(batch instanceof ArrayBuffer)) throw new TypeError("verify worker: expected an ArrayBuffer batch");
  const answer = verifyBatch(batch, verifySignature);
  port.postMessage(answer, [answer]);
});
