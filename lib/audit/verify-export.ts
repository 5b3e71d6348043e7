import type { KeyObject } from "node:crypto";
import { checkSignature, type Checkpoint } from "./checkpoint";
import { canonicalJson, eventHash, GENESIS_HASH, type HashedFields } from "./hash";
import type { AuditEventView } from "./event-view";
import { operationSummary } from "./operation-summary";
import { resolutionOf } from "./resolution";

export interface FileProblem {
  line: number;
  id?: number;
  reason: string;
}

export interface ExportVerifyResult {
  ok: boolean;
  operations: number;
  events: number;
  /** Events whose stored content matches their hash. */
  contentOk: number;
  /** Events whose previous hash is genesis or the hash of another event in the file. */
  linked: number;
  /** Events that chain back from the signed checkpoint through events in the file. */
  anchored: number;
  checkpoint:
    | { status: "verified"; checkpoint: Checkpoint; complete: boolean }
    | { status: "absent" | "no-key" | "other-key" | "bad-signature"; checkpoint: Checkpoint | null; reason: string };
  problems: FileProblem[];
}

const MAX_PROBLEMS = 1000;

/**
 * Lines of several operations (a report's line, e.g. the access report's `access_interval`): each
 * kind names what the console derives from the line's operations, to compare with the line.
 */
export type LineKinds = Record<
  string,
  (
    ops: { requested: AuditEventView | null; completed: AuditEventView | null; resolved: AuditEventView | null }[],
  ) => Record<string, unknown>
>;

type Trailer = { checkpoint: Checkpoint | null; unanchored?: string; export?: { filtered?: boolean } };

function hashedFields(e: AuditEventView): HashedFields {
  return {
    id: Number(e.id),
    operationId: e.operation_id,
    at: new Date(e.at),
    actorId: e.actor_id,
    actorEmail: e.actor_email,
    actorRole: e.actor_role,
    action: e.action,
    targetType: e.target_type,
    targetId: e.target_id,
    params: e.params,
    phase: e.phase,
    outcome: e.outcome,
    errorCode: e.error_code,
    errorMessage: e.error_message,
    ensRequestId: e.ens_request_id,
    durationMs: e.duration_ms,
    sourceIp: e.source_ip,
    userAgent: e.user_agent,
    bulkId: e.bulk_id,
    result: e.result,
  };
}

const isEvent = (v: unknown): v is AuditEventView =>
  !!v &&
  typeof v === "object" &&
  typeof (v as AuditEventView).hash === "string" &&
  typeof (v as AuditEventView).prev_hash === "string" &&
  (v as AuditEventView).id !== undefined;

/**
 * Checks a JSON Lines export offline: each event against its own hash, each operation line's
 * summary against its events, the links between events present in the file, and (with the public
 * key) the signed checkpoint on the last line and the events that chain back to it.
 */
export function verifyExport(text: string, publicKey: KeyObject | null, kinds: LineKinds = {}): ExportVerifyResult {
  const problems: FileProblem[] = [];
  let problemTotal = 0;
  const problem = (p: FileProblem) => {
    problemTotal++;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const byId = new Map<number, { e: AuditEventView; line: number }>();
  const byHash = new Map<string, AuditEventView>();
  let operations = 0;
  let contentOk = 0;
  let trailer = null as Trailer | null;
  let trailerLine = 0;

  const lines = text.split("\n");
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    if (!raw.trim()) continue;
    if (trailer) {
      problem({ line, reason: "a line after the checkpoint line: the checkpoint must close the file" });
      continue;
    }
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(raw);
    } catch {
      problem({ line, reason: "not valid JSON" });
      continue;
    }
    if (v && typeof v === "object" && "checkpoint" in v) {
      trailer = v as unknown as Trailer;
      trailerLine = line;
      continue;
    }
    if (Array.isArray(v.operations)) {
      // A line of several operations: each operation's events checked as below, then the line's
      // fields against what its kind derives from them.
      const derive = typeof v.kind === "string" && Object.hasOwn(kinds, v.kind) ? kinds[v.kind] : null;
      if (!derive) {
        problem({ line, reason: `a line of kind ${JSON.stringify(String(v.kind).slice(0, 40))} this check does not know` });
        continue;
      }
      const ops: { requested: AuditEventView | null; completed: AuditEventView | null; resolved: AuditEventView | null }[] = [];
      for (const raw of v.operations as unknown[]) {
        const o = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
        const op = {
          requested: isEvent(o.requested) ? o.requested : null,
          completed: isEvent(o.completed) ? o.completed : null,
          resolved: isEvent(o.resolved) ? o.resolved : null,
        };
        const anchor = op.requested ?? op.completed;
        if (!anchor) {
          problem({ line, reason: "an operation without its events (requested/completed with their hashes)" });
          continue;
        }
        operations++;
        for (const e of [op.requested, op.completed, op.resolved]) {
          if (!e) continue;
          const id = Number(e.id);
          if (e.operation_id !== anchor.operation_id) problem({ line, id, reason: "an event of another operation in this operation" });
          if (eventHash(e.prev_hash, hashedFields(e)) === e.hash) contentOk++;
          else problem({ line, id, reason: "content does not match its hash: the event was altered" });
          const seen = byId.get(id);
          if (seen && seen.e.hash !== e.hash)
            problem({ line, id, reason: `event ${id} appears again (line ${seen.line}) with another hash` });
          byId.set(id, { e, line });
          byHash.set(e.hash, e);
        }
        ops.push(op);
      }
      if (!ops.length) {
        problem({ line, reason: "a line without operations" });
        continue;
      }
      let derived: Record<string, unknown>;
      try {
        derived = derive(ops);
      } catch {
        problem({ line, reason: "its operations do not make a line of its kind" });
        continue;
      }
      for (const [k, want] of Object.entries(derived)) {
        if (canonicalJson(v[k]) !== canonicalJson(want))
          problem({ line, id: Number((ops[0].requested ?? ops[0].completed)!.id), reason: `"${k}" on the line does not match its events` });
      }
      continue;
    }
    operations++;
    const requested = isEvent(v.requested) ? v.requested : null;
    const completed = isEvent(v.completed) ? v.completed : null;
    const resolved = isEvent(v.resolved) ? v.resolved : null;
    const anchor = requested ?? completed;
    if (!anchor) {
      problem({ line, reason: "an operation line without its events (requested/completed with their hashes)" });
      continue;
    }
    for (const e of [requested, completed, resolved]) {
      if (!e) continue;
      const id = Number(e.id);
      if (e.operation_id !== anchor.operation_id) problem({ line, id, reason: "an event of another operation on this line" });
      if (eventHash(e.prev_hash, hashedFields(e)) === e.hash) contentOk++;
      else problem({ line, id, reason: "content does not match its hash: the event was altered" });
      const seen = byId.get(id);
      if (seen && seen.e.hash !== e.hash) problem({ line, id, reason: `event ${id} appears again (line ${seen.line}) with another hash` });
      byId.set(id, { e, line });
      byHash.set(e.hash, e);
    }
    const summary = { ...operationSummary(anchor, requested ? completed : anchor), resolution: resolutionOf(resolved) };
    for (const [k, want] of Object.entries(summary)) {
      if (k in v && canonicalJson(v[k]) !== canonicalJson(want))
        problem({ line, id: Number(anchor.id), reason: `"${k}" on the line does not match its events` });
    }
  }

  const events = [...byId.values()].map((x) => x.e);
  const linked = events.filter((e) => e.prev_hash === GENESIS_HASH || byHash.has(e.prev_hash)).length;

  let anchored = 0;
  let checkpoint: ExportVerifyResult["checkpoint"];
  const cp = trailer?.checkpoint ?? null;
  if (!trailer)
    checkpoint = { status: "absent", checkpoint: null, reason: "the file has no checkpoint line (cut short, or not a JSON Lines export)" };
  else if (!cp) checkpoint = { status: "absent", checkpoint: null, reason: trailer.unanchored ?? "the export carries no checkpoint" };
  else if (!publicKey)
    checkpoint = {
      status: "no-key",
      checkpoint: cp,
      reason: "no public key given (--public-key): the checkpoint's signature is not checked",
    };
  else {
    const sig = checkSignature(cp, publicKey);
    if (sig !== "ok") {
      const reason =
        sig === "other-key"
          ? `signed by key ${String(cp.keyId).slice(0, 16)}…, not by the given public key`
          : "its signature does not verify: the checkpoint was forged or altered";
      checkpoint = { status: sig, checkpoint: cp, reason };
      if (sig === "bad-signature") problem({ line: trailerLine, reason: `checkpoint: ${reason}` });
    } else {
      const head = byId.get(cp.headId);
      let atGenesis = false;
      if (head && head.e.hash !== cp.headHash)
        problem({ line: head.line, id: cp.headId, reason: "the checkpoint signed another hash for this event: the chain was rewritten" });
      else if (head) {
        const seen = new Set<string>();
        for (let e: AuditEventView | undefined = head.e; e && !seen.has(e.hash); e = byHash.get(e.prev_hash)) {
          seen.add(e.hash);
          anchored++;
          if (e.prev_hash === GENESIS_HASH) atGenesis = true;
        }
      }
      const complete = atGenesis && anchored === cp.count;
      if (trailer.export?.filtered === false && !complete) {
        problem({
          line: trailerLine,
          reason: `an unfiltered export, but only ${anchored} of the checkpoint's ${cp.count} events chain back to it: lines were removed or altered`,
        });
      }
      checkpoint = { status: "verified", checkpoint: cp, complete };
    }
  }
  if (problemTotal > problems.length) problems.push({ line: 0, reason: `${problemTotal - problems.length} more problem(s) not listed` });
  return { ok: problemTotal === 0, operations, events: events.length, contentOk, linked, anchored, checkpoint, problems };
}
