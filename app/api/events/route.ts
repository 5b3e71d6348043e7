import { readRoute } from "@/lib/http/read-route";
import { requestSession, sessionStillActive } from "@/lib/auth/request-session";
import { subscribe } from "@/lib/live/bus";
import { openStreams } from "@/lib/live/open-streams";

export const dynamic = "force-dynamic";

/** A stream lasts this long; the browser reconnects at once, and the session is checked again. */
const STREAM_MS = 5 * 60_000;
const PING_MS = 15_000;

// Server-sent events: one `data:` line per coalesced change ({"kinds":["logins"]}), pings to keep
// proxies from closing an idle stream. The proxy does not count this request as activity, so an
// open tab does not keep an idle session alive; every reconnect passes the session check again.
// A stream ends at once when its session ends (sign-out, disable, new password, on any replica)
// and a session keeps at most STREAMS_PER_SESSION of them (lib/live/open-streams.ts).
export const GET = readRoute("events.read", async (req) => {
  const session = await requestSession(req);
  if (!session) return new Response(null, { status: 401 });
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let ended = false;
      const send = (text: string) => {
        if (ended) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          end();
        }
      };
      const end = (why?: string) => {
        if (why) send(`: ${why}\n\n`);
        ended = true;
        cleanup();
        try {
          controller.close();
        } catch {}
      };
      send("retry: 1000\n: connected\n\n");
      const unsubscribe = subscribe((c) => send(`data: ${JSON.stringify(c)}\n\n`));
      const ping = setInterval(() => send(": ping\n\n"), PING_MS);
      const timeout = setTimeout(() => end(), STREAM_MS);
      const unregister = openStreams(sessionStillActive).add({ session, end });
      cleanup = () => {
        unsubscribe();
        unregister();
        clearInterval(ping);
        clearTimeout(timeout);
      };
      req.signal.addEventListener("abort", () => cleanup(), { once: true });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: compression would hold events back until its buffer fills.
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
});
