// Checks the audit log. Exit 0 when intact, 1 when anything is broken (every broken event is
// named, with the reason), 2 on error.
// Usage:
//   npm run audit:verify [-- --public-key pub.pem]              the database (PGlite in .data/, or DATABASE_URL)
//   npm run audit:verify -- --file export.jsonl [--public-key pub.pem]   an exported excerpt, offline
// The public key checks the signed checkpoints; without --public-key it is derived from
// AUDIT_SIGNING_KEY_FILE when that is set.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { verifyingKey } from "../lib/audit/checkpoint-key";
import { describeAnchor, verifyChain } from "../lib/audit/verify";
import { verifyExport } from "../lib/audit/verify-export";
import { REPORT_LINE_KINDS } from "../lib/access-report/verify";

function verifyFile(file: string, keyFile: string | undefined): number {
  const r = verifyExport(fs.readFileSync(file, "utf8"), verifyingKey(process.env, keyFile), REPORT_LINE_KINDS);
  console.log(`${file}: ${r.operations} operations, ${r.events} events`);
  console.log(`content: ${r.contentOk} of ${r.events} events match their hash`);
  console.log(`links: ${r.linked} of ${r.events} events link to genesis or to another event in this file`);
  const c = r.checkpoint;
  if (c.status === "verified") {
    const cp = c.checkpoint;
    console.log(
      `anchored: ${r.anchored} events chain back to checkpoint ${cp.id ?? "?"} (${cp.count} events, head ${cp.headId}, signed ${cp.at}), signature verified`,
    );
    console.log(
      c.complete
        ? "complete: the file holds the whole chain up to the checkpoint"
        : `${r.events - r.anchored} events are only self-consistent (not linked to the checkpoint in this excerpt)`,
    );
  } else {
    console.log(`unanchored: ${c.reason}; the events are only self-consistent`);
  }
  for (const p of r.problems) console.log(`BROKEN at line ${p.line}${p.id !== undefined ? ` (event ${p.id})` : ""}: ${p.reason}`);
  if (r.ok) console.log("intact");
  return r.ok ? 0 : 1;
}

async function verifyDatabase(keyFile: string | undefined): Promise<number> {
  const publicKey = verifyingKey(process.env, keyFile);
  const { openCliDb } = await import("./open-db");
  const h = await openCliDb();
  try {
    const r = await verifyChain(h.db, { publicKey });
    if (r.intact) {
      console.log(`intact: ${r.count} events, head ${r.headHash}`);
      console.log(describeAnchor(r.anchor));
      return 0;
    }
    for (const b of r.broken) console.log(`BROKEN at event ${b.id}: ${b.reason}`);
    if (r.brokenTotal > r.broken.length) console.log(`… and ${r.brokenTotal - r.broken.length} more`);
    console.log(`${r.brokenTotal} broken of ${r.count} events; ${describeAnchor(r.anchor)}`);
    return 1;
  } finally {
    await h.close();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { file: { type: "string" }, "public-key": { type: "string" } } });
  return values.file ? verifyFile(values.file, values["public-key"]) : verifyDatabase(values["public-key"]);
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
