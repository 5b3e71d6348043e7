import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/**
 * A receiver on 127.0.0.1 for the outbox's tests: it checks every Standard Webhooks signature with
 * the `standardwebhooks` package (Webhook.verify) and every DingTalk signature as DingTalk does
 * (timestamp within an hour, sign = base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`))), and
 * keeps what it accepted. `answer` decides each reply (default 200).
 */

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The webhook's JSON, verified (null for DingTalk and Slack bodies: see `json`). */
  verified: Record<string, unknown> | null;
  json: Record<string, unknown>;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Requests answered with a failure (bad signature, or `answer` said so). */
  refused: number;
  /** The answer to one request: status and body (default 200 "ok"). */
  answer: (r: Received) => { status: number; body?: string } | Promise<{ status: number; body?: string }>;
  close(): Promise<void>;
}

export async function startReceiver(secrets: { webhook?: string; dingtalk?: string } = {}, port = 0): Promise<Receiver> {
  const receiver: Receiver = {
    url: "",
    port: 0,
    received: [],
    refused: 0,
    answer: () => ({ status: 200, body: "ok" }),
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const r: Received = { path: url.pathname, headers: req.headers, body, verified: null, json: {} };
      try {
        r.json = JSON.parse(body) as Record<string, unknown>;
        if (req.headers["webhook-id"]) {
          if (!secrets.webhook) throw new Error("no webhook secret to verify with");
          r.verified = new Webhook(secrets.webhook).verify(body, {
            "webhook-id": String(req.headers["webhook-id"]),
            "webhook-timestamp": String(req.headers["webhook-timestamp"]),
            "webhook-signature": String(req.headers["webhook-signature"]),
          }) as Record<string, unknown>;
        } else if (url.searchParams.has("sign")) {
          const timestamp = Number(url.searchParams.get("timestamp"));
          const expected = createHmac("sha256", secrets.dingtalk ?? "")
            .update(`${timestamp}\n${secrets.dingtalk ?? ""}`)
            .digest("base64");
          if (Math.abs(Date.now() - timestamp) > 3600_000 || url.searchParams.get("sign") !== expected) {
            receiver.refused++;
            res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ errcode: 310000, errmsg: "sign not match" }));
            return;
          }
        }
      } catch (e) {
        receiver.refused++;
        res.writeHead(400).end(`refused: ${e instanceof Error ? e.message : e}`);
        return;
      }
      const a = await receiver.answer(r);
      if (a.status >= 200 && a.status < 300) receiver.received.push(r);
      else receiver.refused++;
      res.writeHead(a.status, { "content-type": "text/plain" }).end(a.body ?? "");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  return receiver;
}
