/** The dashboard's hash routes: each page's hash parses back to it, and anything malformed is "no such page". */
import { describe, expect, it } from "vitest";
import { parseRoute, type Route, routeHref } from "../../web/src/route.js";

const NODE = "0123456789abcdef".repeat(4);

describe("parseRoute", () => {
  it("reads every page and writes it back", () => {
    const routes: Route[] = [
      { page: "overview" },
      { page: "node", nodeId: NODE, offset: 0 },
      { page: "node", nodeId: NODE, offset: 50 },
      { page: "delegator", nodeId: NODE, delegatorId: 7 },
      { page: "account", address: "0000000000000002" },
      { page: "pools" },
      { page: "pool", poolId: 3 },
      { page: "slashing", status: undefined },
      { page: "slashing", status: "adjudicated" },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route)), routeHref(route)).toEqual(route);
    expect(parseRoute("")).toEqual({ page: "overview" });
    expect(parseRoute("#")).toEqual({ page: "overview" });
    expect(parseRoute(`#/node/${NODE}/`)).toEqual({ page: "node", nodeId: NODE, offset: 0 });
  });

  it.each([
    "#/node/123",
    `#/node/${NODE.toUpperCase()}`,
    `#/node/${NODE}/delegator/0`,
    `#/node/${NODE}/delegator/x`,
    `#/node/${NODE}?offset=-5`,
    "#/account/00000000000002",
    "#/pool/0",
    "#/slashing?status=closed",
    "#/nowhere",
  ])("%s is no page", (hash) => {
    expect(parseRoute(hash).page).toBe("not-found");
  });
});
