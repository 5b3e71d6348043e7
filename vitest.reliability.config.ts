import { defineConfig } from "vitest/config";
import path from "node:path";

// Fault, crash and two-replica tests (test/reliability), kept out of `npx vitest run`. The crash
// and replica tests start the built console: build first; RELIABILITY_DIST_DIR or NEXT_DIST_DIR
// names the build folder (default `.next`). See docs/reliability.md.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "test/support/empty.ts"),
    },
  },
  test: {
    include: ["test/reliability/**/*.test.ts"],
    // The console's JSON log is silent unless a test captures it (test/support/quiet-log.ts).
    setupFiles: ["test/support/quiet-log.ts"],
    environment: "node",
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
    server: { deps: { inline: ["next-auth"] } },
  },
});
