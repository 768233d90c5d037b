/**
 * The house rules of STYLE.md that a reader should not have to police: the core does no I/O and imports nothing
 * outside itself; no folder reaches into another's internals; no cycles.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve("src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1] ?? "");
}

const files = sources(SRC);
const folderOf = (file: string) => relative(SRC, file).split("/")[0] ?? "";

describe("import boundaries", () => {
  it("src/core imports only src/core and pure libraries: no node:*, no I/O", () => {
    for (const file of files.filter((f) => folderOf(f) === "core")) {
      for (const spec of imports(file)) {
        if (spec.startsWith(".")) {
          expect(folderOf(resolve(dirname(file), spec)), `${relative(SRC, file)} imports ${spec}`).toBe("core");
        } else {
          expect(spec, `${relative(SRC, file)}`).toMatch(/^@noble\/hashes\//);
        }
      }
      const text = readFileSync(file, "utf8");
      for (const forbidden of ["Math.random", "Date.now", "new Date(", "process.", "console."]) {
        expect(text.includes(forbidden), `${relative(SRC, file)} uses ${forbidden}`).toBe(false);
      }
    }
  });

  it("folders import each other only through files, never cyclically at the folder level", () => {
    const edges = new Map<string, Set<string>>();
    for (const file of files) {
      const from = folderOf(file);
      for (const spec of imports(file).filter((s) => s.startsWith("."))) {
        const to = folderOf(resolve(dirname(file), spec));
        if (to === from || to.endsWith(".ts")) continue;
        const set = edges.get(from) ?? new Set<string>();
        set.add(to);
        edges.set(from, set);
      }
    }
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (node: string, path: string[]) => {
      if (done.has(node)) return;
      expect(visiting.has(node), `folder cycle: ${[...path, node].join(" → ")}`).toBe(false);
      visiting.add(node);
      for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
      visiting.delete(node);
      done.add(node);
    };
    for (const node of edges.keys()) visit(node, []);
    // The core depends on nobody.
    expect(edges.get("core")).toBeUndefined();
  });
});
