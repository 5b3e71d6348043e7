// Completes Next's standalone output into a folder that runs alone: `node server.js`.
//   node scripts/standalone.mjs            completes <distDir>/standalone in place (npm run build)
//   node scripts/standalone.mjs --to DIR   copies the completed artifact to DIR (the e2e suite runs it there)
// Next leaves out the static assets and public/ on purpose (a CDN may serve them); we serve them.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const distName = process.env.NEXT_DIST_DIR || ".next";
const dist = path.join(root, distName);
const standalone = path.join(dist, "standalone");
if (!fs.existsSync(path.join(standalone, "server.js"))) {
  console.error(`[standalone] ${path.relative(root, standalone)}/server.js is missing: run \`next build\` first`);
  process.exit(1);
}

const toArg = process.argv.indexOf("--to");
if (toArg > 0 && !process.argv[toArg + 1]) {
  console.error("[standalone] --to needs a folder");
  process.exit(1);
}
const to = toArg > 0 ? path.resolve(process.argv[toArg + 1]) : standalone;
if (to !== standalone) fs.cpSync(standalone, to, { recursive: true, verbatimSymlinks: true });
fs.rmSync(path.join(to, distName, "static"), { recursive: true, force: true });
fs.cpSync(path.join(dist, "static"), path.join(to, distName, "static"), { recursive: true });
if (fs.existsSync(path.join(root, "public"))) fs.cpSync(path.join(root, "public"), path.join(to, "public"), { recursive: true });
console.log(`[standalone] ${to === standalone ? "completed" : "copied to"} ${to}`);
