// Signs a checkpoint of the audit chain now (count + head), with the key in AUDIT_SIGNING_KEY_FILE.
// Usage: npm run audit:checkpoint  (PGlite in .data/, or DATABASE_URL). Exit 0 on success, 2 on error.
import { takeCheckpoint } from "../lib/audit/checkpoint";
import { loadSigningKey } from "../lib/audit/checkpoint-key";
import { openCliDb } from "./open-db";

async function main(): Promise<number> {
  const key = loadSigningKey();
  if (!key) throw new Error("AUDIT_SIGNING_KEY_FILE is not set: there is no key to sign a checkpoint with (see docs/audit.md).");
  const h = await openCliDb();
  try {
    const c = await takeCheckpoint(h.db, key);
    if (!c) {
      console.log("the audit chain is empty: nothing to checkpoint");
      return 0;
    }
    console.log(`checkpoint ${c.id}: ${c.count} events, head ${c.headId} ${c.headHash}, signed ${c.at} with key ${c.keyId}`);
    console.log(JSON.stringify(c));
    return 0;
  } finally {
    await h.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
