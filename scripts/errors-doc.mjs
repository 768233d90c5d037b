// Regenerates the tables of docs/errors.md from src/core/errors.ts (groups from its comments).
// Run: node scripts/errors-doc.mjs && npx biome format --write docs/errors.md
import { readFileSync, writeFileSync } from "node:fs";

const source = readFileSync("src/core/errors.ts", "utf8");
const body = source
  .slice(source.indexOf("export const ERROR_CODES = {"), source.indexOf("} as const;"))
  .replace(/:\n\s+"/g, ': "'); // descriptions the formatter wrapped onto the next line
const out = [];
for (const line of body.split("\n")) {
  const group = /^\s*\/\/ (.*)$/.exec(line);
  if (group) out.push(`\n### ${group[1]}\n\n| code | meaning |\n|---|---|`);
  const code = /^\s*([A-Z_]+): "(.*)",\s*$/.exec(line);
  if (code) out.push(`| \`${code[1]}\` | ${code[2].replaceAll('\\"', '"')} |`);
}
const doc = readFileSync("docs/errors.md", "utf8");
const head = doc.slice(0, doc.search(/\n(###|\| code )/));
const tail = doc.slice(doc.indexOf("## Where the codes come from"));
writeFileSync("docs/errors.md", `${head.trimEnd()}\n${out.join("\n")}\n\n${tail}`);
