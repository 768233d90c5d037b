/** docs/cli.md documents every operation command with its options, the client's error codes, the environment. */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { CLIENT_ERROR_CODES } from "../client/index.js";
import { NODE_ENV } from "./connection.js";
import { KEYSTORE_ENV } from "./keystore.js";
import { OPERATION_COMMANDS } from "./operation-table.js";
import { registerPoolViews } from "./pool-views.js";

const doc = readFileSync("docs/cli.md", "utf8");

function section(heading: string): string {
  const start = doc.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rest = doc.slice(start + heading.length + 2);
  const next = rest.search(/\n#{2,3} /);
  return next === -1 ? rest : rest.slice(0, next);
}

describe("docs/cli.md", () => {
  it("lists exactly the client error codes, each as the code describes it", () => {
    const rows = [...section("### Client error codes").matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(.+?)\s*\|$/gm)];
    expect(rows.map((m) => m[1]).sort()).toEqual(Object.keys(CLIENT_ERROR_CODES).sort());
    for (const m of rows) expect(m[2], m[1]).toBe(CLIENT_ERROR_CODES[m[1] as keyof typeof CLIENT_ERROR_CODES]);
  });

  it("has one row per operation with its command, every option and an example", () => {
    for (const entry of OPERATION_COMMANDS) {
      const rows = doc.split("\n").filter((line) => line.startsWith(`| \`${entry.op}\` |`));
      expect(rows, entry.op).toHaveLength(1);
      const row = rows[0] ?? "";
      expect(row, entry.op).toContain(`\`flowstake ${entry.command.join(" ")} --key `);
      for (const option of entry.options) expect(row, `${entry.op} --${option.flag}`).toContain(`\`--${option.flag}\``);
    }
  });

  it("has a row for each pool and slashing view, with its route", () => {
    const program = new Command();
    registerPoolViews(program);
    const views = program.commands.flatMap((group) => group.commands.map((c) => [group.name(), c] as const));
    expect(views.map(([group, c]) => `${group} ${c.name()}`)).toEqual([
      "pool show",
      "pool list",
      "pool member",
      "slashing case",
      "slashing cases",
    ]);
    const reading = section("## Reading the ledger");
    for (const [group, view] of views) {
      const words = [
        group,
        view.name(),
        ...view.registeredArguments.map((a) => a.name().replace(/-/g, "_").toUpperCase()),
      ];
      const row = reading.split("\n").find((line) => line.startsWith(`| \`flowstake ${words.join(" ")}\` |`));
      expect(row, words.join(" ")).toMatch(/\| `GET \/v1\//);
      for (const option of view.options.filter((o) => o.long !== "--node" && o.long !== "--json")) {
        expect(row, `${words.join(" ")} ${option.long}`).toContain(`\`${option.long}`);
      }
    }
  });

  it("names the environment variables", () => {
    const environment = section("## Environment");
    for (const name of [NODE_ENV, KEYSTORE_ENV]) expect(environment).toContain(`| \`${name}\` |`);
  });
});
