import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside the react-server condition; tests run server code directly.
      "server-only": path.resolve(import.meta.dirname, "test/support/empty.ts"),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    // `.next*/`: any NEXT_DIST_DIR; its node_modules/ links external packages (pino ships its own tests).
    exclude: ["**/node_modules/**", "e2e/**", ".next*/**", ".data/**", "test/reliability/**"],
    // The console's JSON log is silent unless a test captures it (test/support/quiet-log.ts).
    setupFiles: ["test/support/quiet-log.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // next-auth imports `next/server` without an extension; let Vite resolve it.
    server: { deps: { inline: ["next-auth"] } },
  },
});
