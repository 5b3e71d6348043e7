// The embedded database's thread. PGlite runs PostgreSQL's code synchronously on the thread that
// owns it: on the console's event loop, one long query would hold every other request of the
// process. Here it holds only this thread. lib/db/pglite-worker-client.ts is the other end; it
// opens this file with workerData { dataDir, loadDataDir? } after locking the data folder.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

const ROLLBACK = Symbol("rollback");

/** A result's rows with the given types left as PostgreSQL's text: the client parses those itself. */
function options(message) {
  if (!message.keepText?.length) return { rowMode: message.rowMode ?? "object" };
  const parsers = {};
  for (const oid of message.keepText) parsers[oid] = (value) => value;
  return { rowMode: message.rowMode ?? "object", parsers };
}

/** Errors cross threads as plain objects: PostgreSQL's fields (code, constraint, detail…) must survive. */
function plainError(e) {
  if (!(e instanceof Error)) return { message: String(e) };
  const out = { name: e.name, message: e.message, stack: e.stack };
  for (const [k, v] of Object.entries(e)) if (v === null || ["string", "number", "boolean"].includes(typeof v)) out[k] = v;
  return out;
}

const pg = await PGlite.create(workerData.dataDir, {
  extensions: { pg_trgm },
  ...(workerData.loadDataDir ? { loadDataDir: new Blob([workerData.loadDataDir]) } : {}),
});
/** Open transactions by the id of their `begin`: the transaction's handle and how to end it. */
const open = new Map();
const listening = new Map();

function reply(id, run) {
  run().then(
    (value) => parentPort.postMessage({ id, ok: true, value }),
    (e) => parentPort.postMessage({ id, ok: false, error: plainError(e) }),
  );
}

function target(message) {
  if (message.tx === undefined) return pg;
  const t = open.get(message.tx);
  if (!t) throw new Error(`transaction ${message.tx} is not open`);
  return t.tx;
}

function begin(id) {
  let started;
  const ready = new Promise((resolve) => (started = resolve));
  const outcome = pg
    .transaction(
      (tx) =>
        new Promise((resolve, reject) => {
          open.set(id, { tx, end: (commit) => (commit ? resolve() : reject(ROLLBACK)), outcome: null });
          started();
        }),
    )
    .catch((e) => {
      if (e !== ROLLBACK) throw e;
    })
    .finally(() => open.delete(id));
  // A transaction that cannot begin answers its error; one that began answers when it ends.
  return Promise.race([ready.then(() => ((open.get(id).outcome = outcome), undefined)), outcome]);
}

async function end(message, commit) {
  const t = open.get(message.tx);
  if (!t) throw new Error(`transaction ${message.tx} is not open`);
  t.end(commit);
  await t.outcome;
}

parentPort.on("message", (message) => {
  const { id, op } = message;
  switch (op) {
    case "query":
      return reply(id, () => target(message).query(message.text, message.params, options(message)));
    case "exec":
      return reply(id, () => target(message).exec(message.text));
    case "begin":
      return reply(id, () => begin(id));
    case "commit":
      return reply(id, () => end(message, true));
    case "rollback":
      return reply(id, () => end(message, false));
    case "listen":
      return reply(id, async () => {
        const stop = await pg.listen(message.channel, (payload) => parentPort.postMessage({ notify: id, payload }));
        listening.set(id, stop);
      });
    case "unlisten":
      return reply(id, async () => {
        const stop = listening.get(message.subscription);
        listening.delete(message.subscription);
        await stop?.();
      });
    case "snapshot":
      return reply(id, async () => new Uint8Array(await (await pg.dumpDataDir("none")).arrayBuffer()));
    case "close":
      return reply(id, () => pg.close());
    default:
      return reply(id, async () => {
        throw new Error(`unknown operation ${op}`);
      });
  }
});
parentPort.postMessage({ ready: true });
