/**
 * The dashboard: reads the node that serves it through the typed client (`src/client`), one page per hash route.
 * A page is read when it opens, again (at most once a second) when a live event concerns it, and every 15 s in
 * case the stream is down.
 */
import { createClient } from "../../src/client/index.js";
import { h } from "./dom.js";
import { startLiveEvents } from "./live-events.js";
import type { PageContext, PageView } from "./page.js";
import { accountPage } from "./pages/account.js";
import { delegatorPage } from "./pages/delegator.js";
import { nodePage } from "./pages/node.js";
import { overviewPage } from "./pages/overview.js";
import { poolPage, poolsPage } from "./pages/pools.js";
import { slashingPage } from "./pages/slashing.js";
import { parseRoute, type Route, sectionOf } from "./route.js";
import { errorBox } from "./view.js";

const MIN_REFRESH_MS = 1_000;
const POLL_MS = 15_000;

function notFoundPage(path: string): PageView {
  return {
    title: "No such page",
    content: [
      h(
        "p",
        null,
        `Nothing is at ${path}. Pages: the overview, a node (#/node/<64 hex>), a delegator (#/node/<id>/delegator/<n>), an account (#/account/<16 hex>), pools and slashing cases.`,
      ),
    ],
    refresh: () => Promise.resolve(),
    relevant: () => false,
  };
}

function pageFor(route: Route, ctx: PageContext): PageView {
  switch (route.page) {
    case "overview":
      return overviewPage(ctx);
    case "node":
      return nodePage(ctx, route.nodeId, route.offset);
    case "delegator":
      return delegatorPage(ctx, route.nodeId, route.delegatorId);
    case "account":
      return accountPage(ctx, route.address);
    case "pools":
      return poolsPage(ctx);
    case "pool":
      return poolPage(ctx, route.poolId);
    case "slashing":
      return slashingPage(ctx, route.status);
    case "not-found":
      return notFoundPage(route.path);
  }
}

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page has no #${id}`);
  return found;
}

function start(): void {
  const main = element("main", HTMLElement);
  const client = createClient(window.location.origin);
  const live = startLiveEvents(client);
  let leave: AbortController | null = null;

  const show = (focus: boolean) => {
    leave?.abort();
    const controller = new AbortController();
    leave = controller;
    const signal = controller.signal;
    const route = parseRoute(window.location.hash);
    const current = sectionOf(route);
    for (const anchor of document.querySelectorAll<HTMLAnchorElement>("nav.site a[data-section]")) {
      if (anchor.dataset.section === current) anchor.setAttribute("aria-current", "page");
      else anchor.removeAttribute("aria-current");
    }

    const view = pageFor(route, { client, live, signal });
    document.title = `${view.title} · flowstake`;
    const heading = h("h1", { tabindex: "-1" }, view.title);
    const status = h("div", { class: "page-status" });
    main.replaceChildren(
      heading,
      view.subtitle === undefined ? "" : h("p", { class: "subtitle" }, h("code", null, view.subtitle)),
      status,
      ...view.content,
    );
    main.setAttribute("aria-busy", "true");
    main.dataset.state = "loading";
    if (focus) heading.focus();

    let loaded = false;
    let running = false;
    let pending = false;
    let lastRun = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      timer = undefined;
      if (running) {
        pending = true;
        return;
      }
      running = true;
      lastRun = Date.now();
      try {
        await view.refresh();
        if (signal.aborted) return;
        loaded = true;
        status.replaceChildren();
        main.dataset.state = "ready";
      } catch (error) {
        if (signal.aborted) return;
        // Before anything was shown, the error is the page (an unknown node, say); later it sits above the last
        // good reading.
        if (loaded) status.replaceChildren(errorBox(error));
        else main.replaceChildren(heading, errorBox(error));
        main.dataset.state = "error";
      } finally {
        running = false;
        main.removeAttribute("aria-busy");
        if (pending && !signal.aborted) {
          pending = false;
          schedule();
        }
      }
    };
    const schedule = () => {
      if (timer !== undefined || signal.aborted) return;
      timer = setTimeout(run, Math.max(0, lastRun + (view.minRefreshMs ?? MIN_REFRESH_MS) - Date.now()));
    };

    const unlisten = live.listen((record) => {
      if (record !== null && view.relevant(record)) schedule();
    });
    const poll = setInterval(schedule, POLL_MS);
    const tick = view.tick;
    const ticker = tick === undefined ? undefined : setInterval(tick, 1_000);
    signal.addEventListener(
      "abort",
      () => {
        unlisten();
        clearInterval(poll);
        if (ticker !== undefined) clearInterval(ticker);
        if (timer !== undefined) clearTimeout(timer);
      },
      { once: true },
    );
    void run();
  };

  // The skip link moves focus without touching the hash, which is the route.
  element("skip", HTMLAnchorElement).addEventListener("click", (event) => {
    event.preventDefault();
    main.focus();
  });
  const form = element("go", HTMLFormElement);
  const input = element("go-input", HTMLInputElement);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim().toLowerCase().replace(/^0x/, "");
    if (/^[0-9a-f]{64}$/.test(text)) window.location.hash = `#/node/${text}`;
    else if (/^[0-9a-f]{16}$/.test(text)) window.location.hash = `#/account/${text}`;
    else {
      input.setCustomValidity("a node ID (64 hex characters) or an account address (16)");
      input.reportValidity();
    }
  });
  input.addEventListener("input", () => input.setCustomValidity(""));

  window.addEventListener("hashchange", () => show(true));
  show(false);
}

start();
