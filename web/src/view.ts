/** The pieces every page is made of: links to nodes and accounts, amounts, fact lists, tables, errors. */
import { type EpochPhase, isClientError } from "../../src/client/index.js";
import { isRole, ROLE_NAMES } from "../../src/core/roles.js";
import { type Child, h } from "./dom.js";
import { type Route, routeHref } from "./route.js";

export function link(route: Route, ...children: Child[]): HTMLAnchorElement {
  return h("a", { href: routeHref(route) }, ...children);
}

/** `1a2b3c4d…9f0e`: enough to tell nodes apart; the full ID is in the title and on the node's page. */
export function shortId(id: string): string {
  return id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}

export function nodeLink(nodeId: string): HTMLAnchorElement {
  const anchor = link({ page: "node", nodeId, offset: 0 }, h("code", null, shortId(nodeId)));
  anchor.title = nodeId;
  return anchor;
}

export function delegatorLink(nodeId: string, delegatorId: number): HTMLAnchorElement {
  return link({ page: "delegator", nodeId, delegatorId }, `delegator ${delegatorId}`);
}

export function accountLink(address: string): HTMLAnchorElement {
  return link({ page: "account", address }, h("code", null, address));
}

export function poolLink(poolId: number): HTMLAnchorElement {
  return link({ page: "pool", poolId }, `pool ${poolId}`);
}

/** An amount exactly as the API wrote it. */
export function amount(text: string): HTMLSpanElement {
  return h("span", { class: "amount" }, text);
}

export function roleName(role: number | string): string {
  const value = Number(role);
  return isRole(value) ? ROLE_NAMES[value] : `role ${role}`;
}

const PHASE_NAMES: Readonly<Record<EpochPhase, string>> = {
  staking_auction: "staking auction",
  epoch_setup: "epoch setup",
  epoch_committed: "epoch committed",
};

export function phaseName(phase: EpochPhase): string {
  return PHASE_NAMES[phase];
}

/** A block time as UTC, to the second. */
export function timeText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function time(ms: number): HTMLTimeElement {
  return h("time", { datetime: new Date(ms).toISOString() }, timeText(ms));
}

/** `1 h 02 min 05 s`, `4 min 09 s`, `12 s`. */
export function durationText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  if (hours > 0) return `${hours} h ${two(minutes)} min ${two(seconds)} s`;
  if (minutes > 0) return `${minutes} min ${two(seconds)} s`;
  return `${seconds} s`;
}

/** A description list of label → value. */
export function facts(pairs: readonly (readonly [string, Child])[], className = "facts"): HTMLDListElement {
  return h(
    "dl",
    { class: className },
    pairs.map(([label, value]) => h("div", null, h("dt", null, label), h("dd", null, value))),
  );
}

export interface Column {
  label: string;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
}

export function table(caption: string, columns: readonly Column[], rows: readonly (readonly Child[])[], empty: string) {
  if (rows.length === 0) return h("p", { class: "empty" }, empty);
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      null,
      h("caption", null, caption),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          columns.map((column) => h("th", { scope: "col", class: column.numeric ? "num" : null }, column.label)),
        ),
      ),
      h(
        "tbody",
        null,
        rows.map((cells) =>
          h(
            "tr",
            null,
            cells.map((cell, i) => h("td", { class: columns[i]?.numeric ? "num" : null }, cell)),
          ),
        ),
      ),
    ),
  );
}

let sectionCount = 0;

/** A titled section of a page, labelled by its heading. */
export function section(title: string, ...children: Child[]): HTMLElement {
  sectionCount += 1;
  const id = `section-${sectionCount}`;
  return h("section", { "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

/** What went wrong, as the node said it: its code, then its message. */
export function errorBox(error: unknown): HTMLElement {
  if (isClientError(error)) {
    return h("p", { class: "error", role: "alert" }, h("strong", null, error.code), " ", error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return h("p", { class: "error", role: "alert" }, h("strong", null, "ERROR"), " ", message);
}

export function yesNo(value: boolean): string {
  return value ? "yes" : "no";
}
