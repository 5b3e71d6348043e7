const isDev = process.env.NODE_ENV !== "production";

// Next's hydration needs inline scripts; eval only in development (React's dev tooling).
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // PGlite breaks when bundled; the SDK and pg are plain Node libraries.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@alicloud/openapi-client", "@alicloud/credentials", "@alicloud/tea-util", "@alicloud/openapi-util", "bcryptjs"],
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `page.bench.tsx` files are pages only in benchmark builds (bench/console-server.ts sets this).
  pageExtensions: process.env.CONSOLE_BENCH_FLOOR === "1" ? ["bench.tsx", "tsx", "ts", "jsx", "js"] : ["tsx", "ts", "jsx", "js"],
  // The app build checks app code; `npm run typecheck` (part of `npm test`) checks everything.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
