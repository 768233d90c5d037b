/**
 * `flowstake slashing vote` signs the vote with the voter node's staking key when no signature is given: it reads
 * the case from the node, builds the vote message (docs/pools-and-slashing.md) and signs it with BLS under Flow's
 * signature ciphersuite — the staking key never leaves this machine.
 */
import { readFileSync } from "node:fs";
import { Option } from "commander";
import { parseAmount } from "../core/amount.js";
import type { OperationName } from "../core/operations.js";
import { SLASHING_VOTE_TAG, slashingVoteMessage } from "../core/slashing/votes.js";
import { blsSign } from "../crypto/index.js";
import { connect } from "./connection.js";
import { UsageError } from "./exit.js";
import { type CustomOperation, checkedArgs } from "./operation-commands.js";
import { printOutcome, signAndSubmit } from "./submit.js";

const STAKING_KEYS = new Option(
  "--staking-keys <file>",
  "the JSON of `flowstake keys generate --node` holding the voter's staking private key",
);

function stakingPrivateKey(path: string): string {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const key = (value as { stakingKey?: { privateKey?: unknown } }).stakingKey?.privateKey;
  if (typeof key !== "string") throw new UsageError(`${path} has no stakingKey.privateKey`);
  return key;
}

/** Stands in for the signature while the other arguments are checked. */
const UNSIGNED = "0".repeat(96);

export const SLASHING_OPERATIONS_CUSTOM: Partial<Record<OperationName, CustomOperation>> = {
  vote_on_slashing_case: {
    options: [STAKING_KEYS],
    async run(entry, values, submit) {
      let signature = values.signature;
      if (signature === undefined) {
        const file = values.stakingKeys;
        if (typeof file !== "string") throw new UsageError("give --signature, or --staking-keys to sign the vote here");
        // Every other argument is checked before the node is asked for the case (a usage error, no round trip).
        const draft = checkedArgs(entry, { ...values, signature: UNSIGNED });
        const { caseId, vote } = draft;
        if (typeof caseId !== "number" || (vote !== "yes" && vote !== "no")) {
          throw new Error("the vote's arguments passed the ledger's reader without a case ID and a vote");
        }
        const privateKey = stakingPrivateKey(file);
        const found = await connect(submit).getSlashingCase(caseId);
        const message = slashingVoteMessage({
          caseId,
          accused: found.accused,
          evidenceHash: found.evidenceHash,
          fine: parseAmount(found.fine),
          vote,
        });
        signature = blsSign(privateKey, message, SLASHING_VOTE_TAG);
      }
      const args = checkedArgs(entry, { ...values, signature });
      const { outcome } = await signAndSubmit(entry.op, args, submit);
      printOutcome(outcome, submit.json);
    },
  },
};
