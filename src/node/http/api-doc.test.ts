/** docs/api.md documents every route of the OpenAPI document, by its method and path. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { createFakeService } from "./fake-service.js";
import { buildHttpServer } from "./server.js";

/** How the document spells a path whose parameter takes a few fixed values. */
const SPELLED = new Map([["/v1/tables/{table}", "/v1/tables/{current,proposed,approved}"]]);

it("docs/api.md has a row for every route, with its method and path", async () => {
  const doc = readFileSync("docs/api.md", "utf8");
  const app = buildHttpServer(createFakeService(), { logger: false });
  try {
    const document = (await app.inject({ method: "GET", url: "/openapi.json" })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${SPELLED.get(path) ?? path}`),
    );
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      // The path as written, then the end of the code span or its query string.
      expect(doc, route).toMatch(new RegExp(`\\| \`${route.replace(/[{}.?*+^$|()[\]\\]/g, "\\$&")}[\`?]`));
    }
  } finally {
    await app.close();
  }
});
