/** docs/errors.md lists exactly the error codes the code has, each once, with the code's description. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/core/errors.js";

describe("docs/errors.md", () => {
  const rows = readFileSync("docs/errors.md", "utf8")
    .split("\n")
    .map((line) => /^\|\s*`([A-Z_]+)`\s*\|\s*(.+?)\s*\|/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null);

  it("lists every code exactly once, and nothing else", () => {
    const documented = rows.map((m) => m[1]);
    expect([...documented].sort()).toEqual(Object.keys(ERROR_CODES).sort());
    expect(new Set(documented).size).toBe(documented.length);
  });

  it("describes each code as the code does", () => {
    for (const m of rows) {
      expect(m[2], m[1]).toBe(ERROR_CODES[m[1] as keyof typeof ERROR_CODES]);
    }
  });
});
