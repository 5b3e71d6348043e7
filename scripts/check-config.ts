// Checks the console's configuration in the current environment without starting it: every bad
// variable on its own line, naming it (the same list that stops `npm start`).
// Usage: npm run check-config  (exit 0 when the configuration is valid, 1 otherwise)
import { CONFIG_VARIABLES } from "../lib/config";
import { startupProblems } from "../lib/startup";

const problems = startupProblems(process.env);
for (const p of problems) console.error(p);
if (problems.length) {
  console.error(`${problems.length} configuration problem(s)`);
  process.exit(1);
}
const set = CONFIG_VARIABLES.filter((k) => process.env[k]?.trim());
console.log(`configuration ok (${set.length} of ${CONFIG_VARIABLES.length} variables set, the rest take their defaults)`);
