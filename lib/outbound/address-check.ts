import "server-only";
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { config } from "../config";
import { ConsoleError } from "../errors";
import { checkDestinationUrl, isAllowListed, OutboundError } from "./guard";

/** How long a save waits for DNS before it refuses the host. */
const LOOKUP_TIMEOUT_MS = 3000;

/** Whether an address is one the console never sends to: anything but a public unicast address. */
export function isForbiddenAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  let ip = ipaddr.parse(address);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() !== "unicast";
}

const refused = (url: string, reason: string) =>
  new ConsoleError("Console.DestinationRefused", `The console does not send to ${url}: ${reason}.`, undefined, {
    words: { key: "server.destinationRefused", values: { url, reason } },
  });

/** The URL as a refusal names it: scheme, host and path, never the query (a token, a signature). */
export function shownUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return raw.slice(0, 80);
  }
}

/**
 * Refuses, when the destination is saved, what the sending would refuse anyway (lib/outbound/guard.ts
 * checks each connection again, so a host that changes its DNS later does not pass): a scheme other
 * than https (http only to allow-listed hosts), credentials in the URL, and a host that is or
 * resolves to a loopback, private, link-local, metadata or other non-public address, unless it is
 * named in CONSOLE_OUTBOUND_ALLOW.
 */
export async function checkDestinationAddress(raw: string, allow: readonly string[] = config().CONSOLE_OUTBOUND_ALLOW): Promise<void> {
  const shown = shownUrl(raw);
  let url: URL;
  try {
    url = checkDestinationUrl(raw, allow);
  } catch (e) {
    throw refused(shown, e instanceof OutboundError ? e.message : "not a URL");
  }
  if (isAllowListed(url, allow)) return;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(host)) {
    if (isForbiddenAddress(host)) throw refused(shown, `${host} is not a public address`);
    return;
  }
  const addresses = await Promise.race([
    lookup(host, { all: true, verbatim: true }).catch(() => null),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), LOOKUP_TIMEOUT_MS).unref()),
  ]);
  if (!addresses?.length) throw refused(shown, `${host} does not resolve`);
  const bad = addresses.find((a) => isForbiddenAddress(a.address));
  if (bad) throw refused(shown, `${host} resolves to ${bad.address}, not a public address`);
}
