import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { sharedExportLimiter, type ExportSlot } from "../abuse/export-limiter";
import { sharedRefusalLimiter } from "../abuse/refusals";
import { localizeError } from "../actions/localize-error";
import { appendEvent } from "../audit/append";
import type { AuditAction } from "../audit/actions";
import { can, type Permission } from "../auth/permissions";
import { clientIp } from "../auth/request-info";
import { getActiveUser } from "../auth/session";
import { getDb } from "../db/client";
import { ConsoleError, toActionError } from "../errors";
import { localeFor } from "../i18n/locale-for";

export type Admission = { ok: true; slot: ExportSlot | null } | { ok: false; response: Response };

/**
 * An export's place among the running ones (lib/abuse/export-limiter.ts), taken before the export
 * starts. A caller who may not export gets no slot and is refused by the export's own action. A
 * refusal answers 429 in the caller's language and is audited like other refusals: one by one up
 * to the per-client limit, then counted for a summary (lib/abuse), with the path and never the
 * query string.
 */
export async function admitExport(
  req: Request,
  action: AuditAction,
  permission: Permission,
  opts: { perMinute?: number } = {},
): Promise<Admission> {
  const user = await getActiveUser();
  if (!user || !can(user.role, permission)) return { ok: true, slot: null };
  try {
    return { ok: true, slot: sharedExportLimiter().start(user.id, opts) };
  } catch (e) {
    if (!(e instanceof ConsoleError)) throw e;
    const h = await headers();
    const db = await getDb();
    const actor = { id: user.id, email: user.email, role: user.role };
    const sourceIp = clientIp(h);
    if (sharedRefusalLimiter().admit({ ip: sourceIp, actor, action, code: e.code }, (ev) => appendEvent(db, ev))) {
      await appendEvent(db, {
        operationId: randomUUID(),
        actor,
        action,
        target: null,
        params: { url: new URL(req.url).pathname },
        phase: "completed",
        outcome: "denied",
        errorCode: e.code,
        errorMessage: e.message,
        sourceIp,
        userAgent: h.get("user-agent"),
      });
    }
    const error = localizeError(toActionError(e), localeFor(user, req.headers.get("accept-language")));
    const wait = e.words?.values?.wait;
    const response = Response.json(
      { error },
      { status: 429, headers: { "retry-after": String(typeof wait === "number" ? wait : 10), "cache-control": "no-store" } },
    );
    return { ok: false, response };
  }
}

/** The export's bytes as they are, its slot released when they end, fail or are cancelled. */
export function releasedWhenDone(stream: ReadableStream<Uint8Array>, slot: ExportSlot | null): ReadableStream<Uint8Array> {
  if (!slot) return stream;
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await reader.read();
          if (done) {
            slot.release();
            controller.close();
          } else controller.enqueue(value);
        } catch (e) {
          slot.release();
          controller.error(e);
        }
      },
      async cancel(reason) {
        slot.release();
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
