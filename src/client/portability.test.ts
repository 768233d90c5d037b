/** The dashboard runs this client in a browser: its shipped files use fetch and web streams, nothing of Node's. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const DIR = "src/client";

it("imports nothing Node-only and uses no Node globals outside tests", () => {
  const files = readdirSync(DIR).filter(
    (name) => name.endsWith(".ts") && !name.endsWith(".test.ts") && name !== "test-fixtures.ts",
  );
  expect(files).toContain("http-client.ts");
  for (const name of files) {
    const text = readFileSync(join(DIR, name), "utf8");
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
      expect(match[1], `${name} imports ${match[1]}`).toMatch(/^\.\//);
    }
    for (const global of ["Buffer", "process.", "require("]) {
      expect(text.includes(global), `${name} uses ${global}`).toBe(false);
    }
  }
});
