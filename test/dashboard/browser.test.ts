/**
 * The dashboard in headless Chromium against a real node: a temp data directory, manual epochs, real signed
 * transactions (an operator's consensus node with a delegator, a second node held by a pool with a member, three
 * epochs so that rewards are paid). The overview must show the node's epoch and totals exactly, the node page its
 * staked amount and a drawn chart, the delegator page its own, the pool and the member's position their pages, and
 * the live feed an event of a transaction sent while the page is open. Screenshots go to the OS
 * temp directory. Chromium comes from Debian (`apt-get install -y chromium`; `.ci/run` installs it); without
 * /usr/bin/chromium the test is skipped with a message.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type EpochView, type FlowstakeClient, type NodeDetails } from "../../src/client/index.js";
import { generateNodeKeys } from "../../src/crypto/index.js";
import { defaultDashboardDirectory } from "../../src/node/http/routes/dashboard.js";
import { type RunningNode, startNode } from "../../src/node/start.js";
import {
  adminSigner,
  amountText,
  createAccount,
  e2eGenesis,
  initDataDir,
  type Signer,
  send,
  tempDir,
  units,
} from "../e2e/support.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `test/dashboard/browser.test.ts skipped: ${CHROMIUM} is missing. Install Debian's Chromium ` +
      "(apt-get install -y chromium; .ci/run does it) to run the dashboard in a browser.",
  );
}

const NODE_STAKE = "612345.67890123";
const DELEGATOR_STAKE = "1000.12345678";
const POOLED_NODE_STAKE = "500000.00000000";
const POOL_JOIN = "1000.00000000";
const EPOCHS = 3;

describe.skipIf(!hasChromium)("the dashboard in Chromium against a real node", () => {
  let data: { dir: string; remove(): void } | null = null;
  let profile: string | null = null;
  let running: RunningNode | null = null;
  let browser: BrowserContext | null = null;
  let client: FlowstakeClient;
  let admin: Signer;
  let nodeId: string;
  let pooledNodeId: string;
  let member: Signer;
  let epoch: EpochView;
  let node: NodeDetails;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const index = join(defaultDashboardDirectory(), "index.html");
    if (!existsSync(index)) throw new Error(`${index} is missing: run npm run build first (npm test does)`);
    data = tempDir("dashboard");
    profile = mkdtempSync(join(tmpdir(), "flowstake-chromium-"));
    admin = adminSigner();
    initDataDir(data.dir, e2eGenesis(admin, { epochLengthMs: 600_000, stakingAuctionMs: 500_000, setupMs: 50_000 }));
    running = await startNode({ dataDir: data.dir, port: 0, mode: "manual" });
    client = createClient(running.url);

    const operator = await createAccount(client, admin, "700000.0");
    const delegator = await createAccount(client, admin, "5000.0");
    const keys = generateNodeKeys();
    nodeId = keys.nodeId;
    await send(client, operator, "register_node", {
      nodeId,
      role: 2,
      networkingAddress: "dashboard-node.example.org:3569",
      networkingKey: keys.networkingKey.publicKey,
      stakingKey: keys.stakingKey.publicKey,
      stakingKeyPoP: keys.stakingKeyPoP,
      amount: NODE_STAKE,
    });
    await send(client, delegator, "register_delegator", { nodeId, amount: DELEGATOR_STAKE });
    // A second node, held by a pool (accounts 4 and 5; the pool's own account is 6) with one member.
    const poolOperator = await createAccount(client, admin, "600000.0");
    member = await createAccount(client, admin, "5000.0");
    const poolKeys = generateNodeKeys();
    pooledNodeId = poolKeys.nodeId;
    await send(client, poolOperator, "register_node", {
      nodeId: pooledNodeId,
      role: 2,
      networkingAddress: "pooled-node.example.org:3569",
      networkingKey: poolKeys.networkingKey.publicKey,
      stakingKey: poolKeys.stakingKey.publicKey,
      stakingKeyPoP: poolKeys.stakingKeyPoP,
      amount: POOLED_NODE_STAKE,
    });
    await send(client, poolOperator, "open_pool", {
      nodeId: pooledNodeId,
      fee: "0.1",
      minimumJoin: "100",
      extraLockEpochs: 1,
    });
    await send(client, member, "join_pool", { poolId: 1, amount: POOL_JOIN });
    await send(client, admin, "set_approved_nodes", { nodeIds: [nodeId, pooledNodeId] });
    // Epoch 1 stakes the committed tokens; the payouts at the starts of epochs 2 and 3 reward epochs 1 and 2.
    for (let i = 0; i < EPOCHS; i++) {
      for (const type of ["epoch_setup", "epoch_commit", "epoch_start", "epoch_pay_rewards"]) {
        await send(client, admin, type, {});
      }
    }
    epoch = await client.getEpoch();
    node = await client.getNode(nodeId);

    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    data?.remove();
    if (profile !== null) rmSync(profile, { recursive: true, force: true });
  });

  async function open(hash: string): Promise<Page> {
    if (browser === null || running === null) throw new Error("the browser or the node did not start");
    const page = await browser.newPage();
    page.on("pageerror", (error) => pageErrors.push(`${hash}: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(`${hash}: ${message.text()}`);
    });
    await page.goto(`${running.url}/${hash}`);
    await page.locator('main[data-state="ready"]').waitFor();
    return page;
  }

  const text = (page: Page, field: string) => page.locator(`[data-field="${field}"]`).first().innerText();

  it("shows the epoch and the totals exactly as the node has them", async () => {
    expect(epoch.counter).toBe(EPOCHS);
    // Worked out here: the four stakes are staked, in role 2, and nothing else is.
    const totalStaked = amountText(
      units(NODE_STAKE) + units(DELEGATOR_STAKE) + units(POOLED_NODE_STAKE) + units(POOL_JOIN),
    );
    expect(epoch.totalStaked).toBe(totalStaked);
    const page = await open("");
    expect(await text(page, "epoch-counter")).toBe(String(EPOCHS));
    expect(await text(page, "phase")).toBe("staking auction");
    expect(await text(page, "total-staked")).toBe(totalStaked);
    expect(await text(page, "staked-role-2")).toBe(totalStaked);
    expect(await text(page, "staked-role-1")).toBe("0.00000000");
    expect(await text(page, "total-supply")).toBe(epoch.totalSupply);
    expect(await text(page, "fee-vault")).toBe(epoch.feeVault);
    expect(await text(page, "payout")).toBe(epoch.payout);
    expect(await text(page, "current-count-2")).toBe("2");
    expect(await text(page, "countdown")).toMatch(/^staking auction ends in \d+ min \d\d s$/);
    // The countdown ticks.
    const before = await text(page, "countdown");
    await expect.poll(() => text(page, "countdown"), { timeout: 3_000 }).not.toBe(before);
    expect(await page.locator(`a[href="#/node/${nodeId}"]`).count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(tmpdir(), "flowstake-dashboard-overview.png"), fullPage: true });
    await page.close();
  });

  it("shows the node's exact pools and a chart of its stake and rewards by epoch", async () => {
    expect(node.tokensStaked).toBe(NODE_STAKE);
    expect(units(node.tokensRewarded)).toBeGreaterThan(0n);
    const page = await open(`#/node/${nodeId}`);
    expect(await text(page, "staked")).toBe(NODE_STAKE);
    expect(await text(page, "rewarded")).toBe(node.tokensRewarded);
    expect(await text(page, "committed")).toBe("0.00000000");
    expect(await text(page, "role")).toBe("consensus");
    // One point per epoch, 0 to 3: nothing staked in epoch 0, the stake from epoch 1 on.
    const staked = page.locator("svg.chart.staked");
    await staked.waitFor();
    expect(await staked.locator("circle").count()).toBe(EPOCHS + 1);
    const points = (await staked.locator("polyline").getAttribute("points")) ?? "";
    const ys = points.split(" ").map((pair) => Number(pair.split(",")[1]));
    expect(ys).toHaveLength(EPOCHS + 1);
    expect(ys[0]).toBeGreaterThan(ys[1] ?? 0);
    expect(new Set(ys.slice(1)).size).toBe(1);
    expect(await staked.locator("circle title").last().textContent()).toBe(`epoch ${EPOCHS}: ${NODE_STAKE}`);
    const rewards = page.locator("svg.chart.rewards");
    expect(await rewards.locator("circle").count()).toBe(EPOCHS + 1);
    // The table beside the charts: the rewards paid add up to what the node holds (it withdrew nothing).
    expect(await rewards.locator("circle title").last().textContent()).toBe(`epoch ${EPOCHS}: ${node.tokensRewarded}`);
    expect(await page.locator('a[href$="/delegator/1"]').count()).toBe(1);
    await page.screenshot({ path: join(tmpdir(), "flowstake-dashboard-node.png"), fullPage: true });
    await page.close();
  });

  it("shows the delegator's own pools", async () => {
    const delegator = await client.getDelegator(nodeId, 1);
    const page = await open(`#/node/${nodeId}/delegator/1`);
    expect(await text(page, "staked")).toBe(DELEGATOR_STAKE);
    expect(await text(page, "rewarded")).toBe(delegator.tokensRewarded);
    expect(await page.locator("svg.chart.staked circle").count()).toBe(EPOCHS + 1);
    await page.close();
  });

  it("shows the pool on the pooled node's page, in the pool list, and the member's position", async () => {
    const pooled = await open(`#/node/${pooledNodeId}`);
    expect(await text(pooled, "staked")).toBe(amountText(units(POOLED_NODE_STAKE) + units(POOL_JOIN)));
    expect(await pooled.locator('a[href="#/pool/1"]').count()).toBe(1);
    await pooled.close();

    const pools = await open("#/pools");
    expect(await pools.locator(`tbody tr`).count()).toBe(1);
    expect(await pools.locator(`tbody a[href="#/node/${pooledNodeId}"]`).count()).toBe(1);
    await pools.close();

    const position = await client.getPoolMember(1, member.address);
    const account = await open(`#/account/${member.address}`);
    expect(await text(account, "balance")).toBe((await client.getAccount(member.address)).balance);
    const row = account.locator("tbody tr", { has: account.locator('a[href="#/pool/1"]') });
    expect(await row.innerText()).toContain(position.shares);
    expect(await row.innerText()).toContain(position.claimable);
    await account.screenshot({ path: join(tmpdir(), "flowstake-dashboard-account.png"), fullPage: true });
    await account.close();

    const pool = await open("#/pool/1");
    await pool.screenshot({ path: join(tmpdir(), "flowstake-dashboard-pool.png"), fullPage: true });
    await pool.close();
    const slashing = await open("#/slashing");
    expect(await slashing.locator("main").innerText()).toContain("No cases.");
    await slashing.close();
  });

  it("adds an event of a new transaction to the live feed", async () => {
    const page = await open("");
    await page.locator('[data-field="feed-status"][data-status="live"]').waitFor();
    const created = await createAccount(client, admin, "1.0");
    const line = page.locator(`.feed li[data-type="AccountCreated"]`, { hasText: created.address });
    await line.waitFor({ timeout: 10_000 });
    expect(await line.locator(`a[href="#/account/${created.address}"]`).count()).toBe(1);
    await page.screenshot({ path: join(tmpdir(), "flowstake-dashboard-live.png"), fullPage: true });
    await page.close();
  });

  it("logged no error in the browser", () => {
    expect(pageErrors).toEqual([]);
  });
});
