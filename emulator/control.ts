// Control endpoints under /__emulator/ (loopback callers only; never part of the API path "/").
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallStats } from "./calls";
import { type Faults, parseFaultConfig } from "./faults";
import type { EmulatorState } from "./state";
import type { Throttle } from "./throttle";
import { isLoopback } from "./util";

export interface ControlTarget {
  state: EmulatorState;
  stats: CallStats;
  faults: Faults;
  throttle: Throttle;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json;charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function handleControl(req: IncomingMessage, res: ServerResponse, pathname: string, body: Buffer, t: ControlTarget): void {
  if (!isLoopback(req.socket.remoteAddress)) return json(res, 403, { error: "control endpoints answer loopback callers only" });
  const route = `${req.method} ${pathname.replace(/\/+$/, "")}`;
  switch (route) {
    case "GET /__emulator/calls":
      return json(res, 200, t.stats.toJSON());
    case "GET /__emulator/state": {
      const shares: Record<string, string[]> = {};
      for (const [imageId, users] of t.state.shares) shares[imageId] = [...users];
      return json(res, 200, { shares, deliveries: t.state.deliveries.length, keys: t.state.keys.length });
    }
    case "GET /__emulator/faults":
      return json(res, 200, t.faults.current);
    case "POST /__emulator/faults": {
      let parsed: unknown = {};
      try {
        const text = body.toString("utf8").trim();
        parsed = text === "" ? {} : JSON.parse(text);
        t.faults.set(parseFaultConfig(parsed));
      } catch (e) {
        return json(res, 400, { error: e instanceof Error ? e.message : String(e) });
      }
      return json(res, 200, { ok: true, faults: t.faults.current });
    }
    case "POST /__emulator/reset":
      t.state.reset();
      t.stats.reset();
      t.faults.clear();
      t.throttle.clear();
      return json(res, 200, { ok: true });
    case "GET /__emulator/health":
      return json(res, 200, { ok: true });
    default:
      return json(res, 404, { error: `no control route ${route}` });
  }
}
