import { readRoute } from "@/lib/http/read-route";
import { subscribe } from "@/lib/live/bus";

export const dynamic = "force-dynamic";

/** A stream lasts this long; the browser reconnects at once, and the session is checked again. */
const STREAM_MS = 5 * 60_000;
const PING_MS = 15_000;

// Server-sent events: one `data:` line per coalesced change ({"kinds":["logins"]}), pings to keep
// proxies from closing an idle stream. The proxy does not count this request as activity, so an
// open tab does not keep an idle session alive; every reconnect passes the session check again.
export const GET = readRoute("events.read", "fleet.read", async (req) => {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send("retry: 1000\n: connected\n\n");
      const unsubscribe = subscribe((c) => send(`data: ${JSON.stringify(c)}\n\n`));
      const ping = setInterval(() => send(": ping\n\n"), PING_MS);
      const end = setTimeout(() => {
        cleanup();
        try {
          controller.close();
        } catch {}
      }, STREAM_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(ping);
        clearTimeout(end);
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
