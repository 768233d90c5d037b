/**
 * One ledger event as a line of the feed: its place in the log, its type, and its fields with Flow's names. Node
 * IDs, addresses and pool IDs become links; amounts are the API's strings.
 */
import type { EventRecord } from "../../src/client/index.js";
import { type Child, h } from "./dom.js";
import { accountLink, delegatorLink, nodeLink, poolLink, shortId, time } from "./view.js";

const NODE_FIELDS = new Set(["nodeID", "accused", "opener", "voter"]);
const ACCOUNT_FIELDS = new Set(["address", "account", "operator", "from", "to"]);
const NODE_ID = /^[0-9a-f]{64}$/;
const ADDRESS = /^[0-9a-f]{16}$/;
/** Keys, hashes, signatures: shortened, the whole value in the title. */
const LONG_HEX = /^[0-9a-f]{24,}$/;

function compactJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function fieldValue(name: string, value: unknown, record: EventRecord): Child {
  if (typeof value === "string" && NODE_FIELDS.has(name) && NODE_ID.test(value)) return nodeLink(value);
  if (typeof value === "string" && ACCOUNT_FIELDS.has(name) && ADDRESS.test(value)) return accountLink(value);
  if (typeof value === "string" && LONG_HEX.test(value)) return h("code", { title: value }, shortId(value));
  if (name === "poolId" && typeof value === "number") return poolLink(value);
  if (/(?:Time|At)$/.test(name) && typeof value === "number") return time(value);
  const nodeId = record.event.nodeID;
  if (name === "delegatorID" && typeof value === "number" && typeof nodeId === "string" && NODE_ID.test(nodeId)) {
    return delegatorLink(nodeId, value);
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) {
    return String(value);
  }
  return compactJson(value);
}

export function eventLine(record: EventRecord): HTMLLIElement {
  const fields = Object.entries(record.event).filter(([name]) => name !== "type");
  return h(
    "li",
    { class: "event", "data-type": record.event.type },
    h("span", { class: "where" }, `#${record.sequence} · block ${record.height}`),
    " ",
    h("strong", { class: "type" }, record.event.type),
    " ",
    fields.map(([name, value]) =>
      h("span", { class: "field" }, h("span", { class: "name" }, name), " ", fieldValue(name, value, record)),
    ),
  );
}
