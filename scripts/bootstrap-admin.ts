// Creates the first admin named by CONSOLE_BOOTSTRAP_ADMIN_EMAIL / _PASSWORD when the database has
// no user yet: what the console itself does at its first start (lib/users/bootstrap-admin.ts).
// `npm run demo` runs it before adding its demo users, which would otherwise leave no empty database.
import { config, configProblems } from "../lib/config";
import { createBootstrapAdmin } from "../lib/users/bootstrap-admin";
import { openCliDb } from "./open-db";

const problems = configProblems(process.env).filter((p) => p.startsWith("CONSOLE_BOOTSTRAP_ADMIN"));
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
const { CONSOLE_BOOTSTRAP_ADMIN_EMAIL: email, CONSOLE_BOOTSTRAP_ADMIN_PASSWORD: password } = config();
if (!email || !password) {
  console.error("set both CONSOLE_BOOTSTRAP_ADMIN_EMAIL and CONSOLE_BOOTSTRAP_ADMIN_PASSWORD");
  process.exit(1);
}
const h = await openCliDb();
try {
  console.log((await createBootstrapAdmin(h.db)) ? `created the first admin ${email}` : "not created: the database already has users");
} finally {
  await h.close();
}
