/**
 * The README's newcomer walkthrough, with nothing but the built CLI: a ledger with short epochs, a node in the
 * background, an operator and a delegator, the admin's approval, two epochs, and the delegator's exact reward.
 *
 * The commands, for the README. The test runs exactly these, with three differences: it gives `flowstake node`
 * `--port 0 --json` (parallel tests must not share a port) and points FLOWSTAKE_NODE at the port it got; it adds
 * `--json` to the account and staking commands to check their results; it uses a temporary directory for
 * ./walkthrough.
 *
 *   flowstake init --data-dir ./walkthrough/data --keystore ./walkthrough/keys \
 *     --epoch-length 4000 --staking-auction 3000 --setup 400
 *   flowstake node --data-dir ./walkthrough/data &          # listens on http://127.0.0.1:8700
 *   export FLOWSTAKE_KEYSTORE=./walkthrough/keys
 *   flowstake account create --key admin --balance 600000 --new-key-name alice
 *   flowstake keys generate --node > ./walkthrough/node.json
 *   flowstake register-node --key alice --node-keys ./walkthrough/node.json --role 2 \
 *     --networking-address node-1.example.org:3569 --amount 543210.12345678
 *   NODE=$(node -p 'require("./walkthrough/node.json").nodeId')
 *   flowstake account create --key admin --balance 2000 --new-key-name bob
 *   flowstake register-delegator --key bob --node-id $NODE --amount 1234.5678
 *   flowstake set-approved-nodes --key admin --node-ids $NODE
 *   flowstake epoch --json                                   # again until "counter" has gone up by 2
 *   flowstake delegator show $NODE 1 --json                  # "tokensRewarded": "2607.70834716"
 *
 * The reward, exactly (UFix64, every step truncated): rate = 1250000 / 544444.69125678 staked = 2.29591732;
 * bob's share = 1234.5678 × rate = 2834.46559473; the operator's cut = 8 % of that = 226.75724757; bob keeps
 * 2607.70834716. The test computes these from the stakes and the payout, and checks them against this text.
 *
 * The staking steps (register-node to set-approved-nodes) must fall in one staking auction: the test starts them
 * only when the auction has more than 2.5 s of its 3 s left. People pasting these commands need longer epochs,
 * e.g. `--epoch-length 20000 --staking-auction 15000 --setup 2000` (two epochs then take 40 s); with 3 s, the
 * auction that opens at `init` is over before `register-delegator` runs (AUCTION_NOT_IN_PROGRESS). Stop the node
 * with `kill %1` (it drains its writer on SIGTERM).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DelegatorDetails, EpochView, NodeInfo, TransactionOutcome } from "../../src/client/index.js";
import {
  amountText,
  type CliRun,
  cleanupAfterEach,
  divTrunc,
  mulTrunc,
  type NodeProcess,
  pollUntil,
  requireBuiltCli,
  runCli,
  spawnNode,
  stopNode,
  tempDir,
  units,
} from "./support.js";

const NODE_STAKE = "543210.12345678";
const DELEGATOR_STAKE = "1234.5678";
const TIMING = ["--epoch-length", "4000", "--staking-auction", "3000", "--setup", "400"];
/** The four staking commands take about 2 s; start them only with this much of the auction left. */
const AUCTION_NEEDED_MS = 2500;

const cleanup = cleanupAfterEach();

function succeeded(run: CliRun, what: string): string {
  expect(run.stderr, what).toBe("");
  expect(run.code, `${what}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

describe("the README walkthrough, CLI only", () => {
  it("registers an operator and a delegator, waits two epochs, and shows the exact reward", async () => {
    requireBuiltCli();
    const root = tempDir("walkthrough");
    cleanup(() => root.remove());
    const dataDir = join(root.dir, "data");
    const keystore = join(root.dir, "keys");
    const nodeKeysFile = join(root.dir, "node.json");

    const init = await runCli(["init", "--data-dir", dataDir, "--keystore", keystore, ...TIMING, "--json"]);
    expect(JSON.parse(succeeded(init, "init"))).toMatchObject({
      dataDir,
      keystore,
      adminKeyName: "admin",
      adminAddress: "0000000000000001",
    });

    const node: NodeProcess = await spawnNode(["--data-dir", dataDir, "--port", "0"]);
    cleanup(async () => {
      await stopNode(node);
    });
    const env = { FLOWSTAKE_KEYSTORE: keystore, FLOWSTAKE_NODE: node.url };
    const cli = (args: readonly string[]) => runCli(args, env);
    const json = async <T>(args: readonly string[]): Promise<T> =>
      JSON.parse(succeeded(await cli([...args, "--json"]), args.join(" "))) as T;
    const epoch = () => json<EpochView>(["epoch"]);

    const alice = await json<TransactionOutcome>([
      "account",
      "create",
      "--key",
      "admin",
      "--balance",
      "600000",
      "--new-key-name",
      "alice",
    ]);
    expect(alice.result).toEqual({ address: "0000000000000002" });
    writeFileSync(nodeKeysFile, succeeded(await cli(["keys", "generate", "--node"]), "keys generate --node"));
    const nodeId = (JSON.parse(readFileSync(nodeKeysFile, "utf8")) as { nodeId: string }).nodeId;
    expect(nodeId).toMatch(/^[0-9a-f]{64}$/);

    // Wait for a staking auction with enough of it left for the four staking commands.
    const auction = await pollUntil(
      epoch,
      (e) => e.phase === "staking_auction" && e.stakingAuctionEndsAt - Date.now() > AUCTION_NEEDED_MS,
      "a staking auction with time left",
      { timeoutMs: 15_000, intervalMs: 50 },
    );

    const registered = await json<TransactionOutcome>([
      "register-node",
      "--key",
      "alice",
      "--node-keys",
      nodeKeysFile,
      "--role",
      "2",
      "--networking-address",
      "node-1.example.org:3569",
      "--amount",
      NODE_STAKE,
    ]);
    expect(registered.result).toEqual({ nodeId });
    const bob = await json<TransactionOutcome>([
      "account",
      "create",
      "--key",
      "admin",
      "--balance",
      "2000",
      "--new-key-name",
      "bob",
    ]);
    expect(bob.result).toEqual({ address: "0000000000000003" });
    const delegated = await json<TransactionOutcome>([
      "register-delegator",
      "--key",
      "bob",
      "--node-id",
      nodeId,
      "--amount",
      DELEGATOR_STAKE,
    ]);
    expect(delegated.result).toEqual({ nodeId, delegatorId: 1 });
    await json<TransactionOutcome>(["set-approved-nodes", "--key", "admin", "--node-ids", nodeId]);
    const afterStaking = await epoch();
    expect(afterStaking, "the staking commands fell in one auction").toMatchObject({
      counter: auction.counter,
      phase: "staking_auction",
    });

    // Two epochs: the next one stakes the tokens and calculates rewards on them; the one after pays them.
    const paid = await pollUntil(epoch, (e) => e.counter >= auction.counter + 2, "two epochs", {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    const delegator = await json<DelegatorDetails>(["delegator", "show", nodeId, "1"]);
    const operatorNode = (await json<{ result: NodeInfo }>(["query", "node_info", "--node-id", nodeId])).result;
    expect((await epoch()).counter, "read within the paying epoch").toBe(auction.counter + 2);

    expect(paid.payout).toBe("1250000.00000000");
    const payout = units("1250000");
    const total = units(NODE_STAKE) + units(DELEGATOR_STAKE);
    const rate = divTrunc(payout, total);
    const gross = mulTrunc(units(DELEGATOR_STAKE), rate);
    const cut = mulTrunc(gross, units("0.08"));
    expect(delegator).toEqual({
      id: 1,
      nodeID: nodeId,
      owner: "0000000000000003",
      tokensCommitted: amountText(0n),
      tokensStaked: amountText(units(DELEGATOR_STAKE)),
      tokensUnstaking: amountText(0n),
      tokensUnstaked: amountText(0n),
      tokensRewarded: amountText(gross - cut),
      tokensRequestedToUnstake: amountText(0n),
    });
    expect(operatorNode).toMatchObject({
      id: nodeId,
      tokensStaked: amountText(units(NODE_STAKE)),
      tokensRewarded: amountText(mulTrunc(units(NODE_STAKE), rate) + cut),
    });

    // The walkthrough's own numbers (top of this file).
    expect([amountText(rate), amountText(gross), amountText(cut), amountText(gross - cut)]).toEqual([
      "2.29591732",
      "2834.46559473",
      "226.75724757",
      "2607.70834716",
    ]);
  }, 30_000);
});

describe("the views of the `node` group", () => {
  it("`flowstake node list --json` prints the node's JSON (the group must not swallow --json)", async () => {
    // docs/cli.md: every view takes --json. `node` is also the command that runs a node, with its own --json
    // option, and commander gives a parent's option to the parent wherever it appears on the line.
    requireBuiltCli();
    const root = tempDir("node-views");
    cleanup(() => root.remove());
    const dataDir = join(root.dir, "data");
    const keystore = join(root.dir, "keys");
    succeeded(await runCli(["init", "--data-dir", dataDir, "--keystore", keystore]), "init");
    const node = await spawnNode(["--data-dir", dataDir, "--port", "0"]);
    cleanup(async () => {
      await stopNode(node);
    });
    const env = { FLOWSTAKE_KEYSTORE: keystore, FLOWSTAKE_NODE: node.url };
    const printed = async (args: readonly string[]): Promise<unknown> => {
      const run = await runCli(args, env);
      expect([run.code, run.stderr], args.join(" ")).toEqual([0, ""]);
      try {
        return JSON.parse(run.stdout);
      } catch {
        return run.stdout;
      }
    };
    expect(await printed(["node", "list", "--json"])).toEqual({ nodes: [] });
    expect(await printed(["node", "list", "--role", "2", "--json"])).toEqual({ nodes: [] });
  }, 15_000);
});
