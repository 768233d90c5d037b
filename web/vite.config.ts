/**
 * The dashboard's build: `web/index.html` and its TypeScript into `dist/web`, which the node serves at `/`
 * (src/node/http/routes/dashboard.ts). Everything comes from the repository and the npm registry; nothing is
 * fetched at run time.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

// Vite reads its configuration from this module's default export.
export default defineConfig({
  root,
  base: "/",
  logLevel: "warn",
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // One module and one stylesheet: nothing to preload.
    modulePreload: false,
    reportCompressedSize: false,
  },
});
