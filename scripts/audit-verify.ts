// Walks the audit hash chain. Exit 0 when intact, 1 naming the first broken event, 2 on error.
// Usage: npm run audit:verify  (PGlite in .data/, or DATABASE_URL)
import { verifyChain } from "../lib/audit/verify";
import { openCliDb } from "./open-db";

async function main(): Promise<number> {
  const h = await openCliDb();
  try {
    const r = await verifyChain(h.db);
    if (r.intact) {
      console.log(`intact: ${r.count} events, head ${r.headHash}`);
      return 0;
    }
    console.log(`BROKEN at event ${r.brokenAt}: ${r.reason} (${r.count} events before it verified)`);
    return 1;
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
