import { pathToFileURL } from "node:url";

/** Runs a benchmark's `run` when its file is executed directly (`npx tsx bench/<name>.ts [--quick]`). */
export function runIfMain(moduleUrl: string, run: (opts: { quick: boolean }) => Promise<unknown>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  run({ quick: process.argv.includes("--quick") }).then(
    (r) => console.log(JSON.stringify(r)),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
