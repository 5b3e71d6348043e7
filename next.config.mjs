import createNextIntlPlugin from "next-intl/plugin";

// next-intl reads each request's language and messages from i18n/request.ts.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // PGlite breaks when bundled; the SDK and pg are plain Node libraries.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pg",
    "@alicloud/openapi-client",
    "@alicloud/credentials",
    "@alicloud/tea-util",
    "@alicloud/openapi-util",
    "bcryptjs",
  ],
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // A deployable folder: `npm run build` completes `.next/standalone/` (scripts/standalone.mjs) so a
  // copy of it runs with `node server.js` alone, without the source tree or dev dependencies.
  output: "standalone",
  // Read from disk at start-up (lib/db/migrate.ts), so the tracer cannot see them; the embedded
  // database's thread (lib/db/pglite-worker.mjs) is a file Node opens, with the PGlite it imports.
  outputFileTracingIncludes: {
    "/**": ["./lib/db/migrations/*.sql", "./lib/db/pglite-worker.mjs", "./node_modules/@electric-sql/pglite/**/*"],
  },
  // `page.bench.tsx` files are pages only in benchmark builds (bench/console-server.ts sets this).
  pageExtensions: process.env.CONSOLE_BENCH_FLOOR === "1" ? ["bench.tsx", "tsx", "ts", "jsx", "js"] : ["tsx", "ts", "jsx", "js"],
  // The app build checks app code; `npm run typecheck` (part of `npm test`) checks everything.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  async headers() {
    return [
      {
        source: "/:path*",
        // The Content-Security-Policy (with a per-request nonce), Cache-Control on the API and
        // HSTS are set per request in proxy.ts (lib/http/security-headers.ts).
        headers: [
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
