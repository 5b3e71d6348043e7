// A stand-in for the console in the data-folder lock tests: opens the PGlite folder given as
// argv[2], appends one audit event, says READY, and holds the folder. On SIGTERM it appends
// another (it can still write after someone was refused) and closes cleanly.
import { randomUUID } from "node:crypto";
import { appendEvent } from "../../lib/audit/append";
import { openDb } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";

const h = await openDb({ CONSOLE_DATA_DIR: process.argv[2] });
await migrate(h);
const append = (id: string) =>
  appendEvent(h.db, {
    operationId: randomUUID(),
    actor: { id: null, email: "holder@rel.test", role: "system" },
    action: "key.delete",
    target: { type: "key", id },
    phase: "completed",
    outcome: "success",
  });
await append("before");
process.once("SIGTERM", async () => {
  await append("after");
  await h.close();
  process.exit(0);
});
setInterval(() => {}, 60_000);
console.log(`READY ${process.pid}`);
