import "server-only";
import { sharedExportLimiter, type ExportSlot } from "../abuse/export-limiter";
import { ACTION_META, type SafeAction } from "../actions/safe-action";
import { localizeError } from "../actions/localize-error";
import { ConsoleError, toActionError } from "../errors";
import { resolveCaller } from "../request/caller";
import { refusalOf } from "../request/authorize";
import { recordRefusal } from "../request/record-refusal";
import { routeCallerSources } from "../request/next-sources";
import { READ_ROUTE, type ReadRouteMeta } from "./read-route";

export type Admission = { ok: true; slot: ExportSlot | null } | { ok: false; response: Response };

/**
 * An export's place among the running ones (lib/abuse/export-limiter.ts), taken before the export
 * starts. A caller who may not export gets no slot and is refused by the export's own action. A
 * refusal answers 429 in the caller's language and is audited like other refusals: one by one up
 * to the per-client limit, then counted for a summary (lib/abuse), with the path and never the
 * query string.
 */
export async function admitExport(req: Request, act: SafeAction<unknown>, opts: { perMinute?: number } = {}): Promise<Admission> {
  const { name, permission } = act[ACTION_META];
  const caller = await resolveCaller(routeCallerSources(req));
  if (!caller.user || refusalOf(caller.user, permission)) return { ok: true, slot: null };
  try {
    return { ok: true, slot: sharedExportLimiter().start(caller.user.id, opts) };
  } catch (e) {
    if (!(e instanceof ConsoleError)) throw e;
    const error = toActionError(e);
    await recordRefusal(caller, { action: name, target: null, params: { url: new URL(req.url).pathname }, outcome: "denied", error });
    const wait = e.words?.values?.wait;
    const response = Response.json(
      { error: localizeError(error, caller.locale) },
      { status: 429, headers: { "retry-after": String(typeof wait === "number" ? wait : 10), "cache-control": "no-store" } },
    );
    return { ok: false, response };
  }
}

const STATUS: Record<string, number> = { "Console.Unauthenticated": 401, "Console.Forbidden": 403, "Console.InvalidInput": 400 };

/**
 * The GET handler of an export: a slot among the running exports, then the export's own action
 * (session, role, input, audit), then its bytes with the slot released when they end. `input`
 * reads the action's input from the request, or refuses the request itself.
 */
export function exportRoute<T>(
  act: SafeAction<T>,
  opts: { perMinute?: number },
  input: (req: Request) => unknown | Response,
  respond: (data: T, body: (stream: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>) => Response,
) {
  const GET = async (req: Request): Promise<Response> => {
    const raw = input(req);
    if (raw instanceof Response) return raw;
    const admitted = await admitExport(req, act as SafeAction<unknown>, opts);
    if (!admitted.ok) return admitted.response;
    const result = await act(raw).catch((e: unknown) => {
      admitted.slot?.release();
      throw e;
    });
    if (!result.ok) {
      admitted.slot?.release();
      return Response.json({ error: result.error }, { status: STATUS[result.error.code] ?? 500 });
    }
    return respond(result.data, (stream) => releasedWhenDone(stream, admitted.slot));
  };
  const meta: ReadRouteMeta = act[ACTION_META];
  return Object.assign(GET, { [READ_ROUTE]: meta });
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
