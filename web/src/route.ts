/**
 * The dashboard's pages as hash routes: `#/`, `#/node/<id>`, `#/node/<id>/delegator/<n>`, `#/account/<address>`,
 * `#/pools`, `#/pool/<id>`, `#/slashing`. Parsing is strict (IDs as the API writes them), so a mistyped address is a
 * "no such page" rather than a request the node refuses.
 */
import type { SlashingCaseStatus } from "../../src/client/index.js";

export type Route =
  | { page: "overview" }
  | { page: "node"; nodeId: string; offset: number }
  | { page: "delegator"; nodeId: string; delegatorId: number }
  | { page: "account"; address: string }
  | { page: "pools" }
  | { page: "pool"; poolId: number }
  | { page: "slashing"; status: SlashingCaseStatus | undefined }
  | { page: "not-found"; path: string };

const NODE_ID = /^[0-9a-f]{64}$/;
const ADDRESS = /^[0-9a-f]{16}$/;
const POSITIVE = /^[1-9][0-9]{0,9}$/;
const NATURAL = /^(?:0|[1-9][0-9]{0,9})$/;
const STATUSES: readonly SlashingCaseStatus[] = ["open", "adjudicated", "expired"];

function isStatus(value: string): value is SlashingCaseStatus {
  return (STATUSES as readonly string[]).includes(value);
}

/** The route of a location hash (`#/node/…`); an empty hash is the overview. */
export function parseRoute(hash: string): Route {
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  const [pathPart = "", queryPart = ""] = text.split("?", 2);
  const path = pathPart === "" ? "/" : pathPart;
  const query = new URLSearchParams(queryPart);
  const parts = path.split("/").filter((part) => part !== "");
  const [first, second, third, fourth] = parts;
  const notFound: Route = { page: "not-found", path };

  if (parts.length === 0) return { page: "overview" };
  if (first === "node" && second !== undefined && NODE_ID.test(second)) {
    if (parts.length === 2) {
      const offset = query.get("offset") ?? "0";
      return NATURAL.test(offset) ? { page: "node", nodeId: second, offset: Number(offset) } : notFound;
    }
    if (parts.length === 4 && third === "delegator" && fourth !== undefined && POSITIVE.test(fourth)) {
      return { page: "delegator", nodeId: second, delegatorId: Number(fourth) };
    }
    return notFound;
  }
  if (first === "account" && parts.length === 2 && second !== undefined && ADDRESS.test(second)) {
    return { page: "account", address: second };
  }
  if (first === "pools" && parts.length === 1) return { page: "pools" };
  if (first === "pool" && parts.length === 2 && second !== undefined && POSITIVE.test(second)) {
    return { page: "pool", poolId: Number(second) };
  }
  if (first === "slashing" && parts.length === 1) {
    const status = query.get("status");
    if (status === null) return { page: "slashing", status: undefined };
    return isStatus(status) ? { page: "slashing", status } : notFound;
  }
  return notFound;
}

/** The hash that leads to `route`. */
export function routeHref(route: Route): string {
  switch (route.page) {
    case "overview":
      return "#/";
    case "node":
      return route.offset > 0 ? `#/node/${route.nodeId}?offset=${route.offset}` : `#/node/${route.nodeId}`;
    case "delegator":
      return `#/node/${route.nodeId}/delegator/${route.delegatorId}`;
    case "account":
      return `#/account/${route.address}`;
    case "pools":
      return "#/pools";
    case "pool":
      return `#/pool/${route.poolId}`;
    case "slashing":
      return route.status === undefined ? "#/slashing" : `#/slashing?status=${route.status}`;
    case "not-found":
      return `#${route.path}`;
  }
}

/** The top-level section a route belongs to, for the navigation's `aria-current`. */
export function sectionOf(route: Route): "overview" | "pools" | "slashing" | null {
  switch (route.page) {
    case "overview":
      return "overview";
    case "pools":
    case "pool":
      return "pools";
    case "slashing":
      return "slashing";
    default:
      return null;
  }
}
