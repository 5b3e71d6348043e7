/**
 * A destination's filter (outbound_destinations.filter): one list of action names (`login.open`),
 * a feature's actions (`login.*`) and notification kinds (`request_waiting`, `request_*`). Action
 * names hold a dot and kinds never do, so each stream reads its own entries: the audit stream the
 * dotted ones, notifications the others; a stream none of whose entries are given receives
 * everything. `*` alone matches everything in both. Client-safe.
 */

function matches(entry: string, name: string): boolean {
  if (entry === "*") return true;
  if (entry.endsWith("*")) return name.startsWith(entry.slice(0, -1));
  return entry === name;
}

/** Whether an event (its action name, or a notification's kind) passes the destination's filter. */
export function passesFilter(filter: readonly string[] | null | undefined, stream: "audit" | "notification", name: string): boolean {
  const entries = (filter ?? []).map((e) => e.trim()).filter((e) => e && (e === "*" || e.includes(".") === (stream === "audit")));
  return entries.length === 0 || entries.some((e) => matches(e, name));
}
