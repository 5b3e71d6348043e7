// DescribeARMServerInstances (ens-api.md §3).
import { errors } from "../errors";
import type { ArmServer } from "../fleet";
import { paginate } from "../params";
import type { EmulatorState } from "../state";
import { type ActionHandler, RawJson, paging } from "./types";

// Serialized pages by query, for the current fleet version: the console re-lists the whole fleet
// every few seconds, and serializing 200 KB pages again would make the emulator, not the client
// under test, the bottleneck of the fleet benchmarks (both share 2 cores).
const pageCache = new WeakMap<EmulatorState, { version: number; pages: Map<string, string>; chars: number }>();
const MAX_CACHED_CHARS = 32 * 1024 * 1024;

function cachedPage(state: EmulatorState, key: string, build: () => Record<string, unknown>): RawJson {
  let entry = pageCache.get(state);
  if (!entry || entry.version !== state.fleetVersion || entry.chars > MAX_CACHED_CHARS) {
    pageCache.set(state, (entry = { version: state.fleetVersion, pages: new Map(), chars: 0 }));
  }
  let text = entry.pages.get(key);
  if (text === undefined) {
    text = JSON.stringify(build()).slice(1, -1);
    entry.pages.set(key, text);
    entry.chars += text.length;
  }
  return new RawJson(text);
}

const ORDER_FIELDS: Record<string, keyof ArmServer> = {
  ServerIdSort: "ServerId",
  ServerNameSort: "Name",
  ExpireTimeSort: "ExpiredTime",
  CreationTimeSort: "CreationTime",
  EnsRegionIdSort: "EnsRegionId",
};

function parseOrder(text: string | undefined): Array<[keyof ArmServer, 1 | -1]> {
  if (text === undefined) return [];
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw errors.invalidParameter("OrderByParams");
  }
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) throw errors.invalidParameter("OrderByParams");
  const out: Array<[keyof ArmServer, 1 | -1]> = [];
  // Keys apply in the object's own order: the first key is the primary sort.
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const field = ORDER_FIELDS[k];
    const dir = typeof v === "string" ? v.toLowerCase() : "";
    if (!field || (dir !== "asc" && dir !== "desc")) throw errors.invalidParameter("OrderByParams");
    out.push([field, dir === "asc" ? 1 : -1]);
  }
  return out;
}

function parseTags(raw: unknown[] | undefined): Array<{ Key: string; Value?: string }> | undefined {
  if (!raw) return undefined;
  return raw.map((t) => {
    const tag = t as { Key?: unknown; Value?: unknown };
    if (!tag || typeof tag !== "object" || typeof tag.Key !== "string" || tag.Key === "") throw errors.invalidParameter("Tags");
    if (tag.Value !== undefined && typeof tag.Value !== "string") throw errors.invalidParameter("Tags");
    return { Key: tag.Key, Value: tag.Value as string | undefined };
  });
}

const asSet = (xs: string[] | undefined) => (xs && xs.length > 0 ? new Set(xs) : undefined);

export const describeArmServerInstances: ActionHandler = (p, { state }) => {
  const { pageNumber, pageSize } = paging(p);
  const serverIds = asSet(p.stringArray("ServerIds", { maxItems: 20 }));
  const regions = asSet(p.stringArray("EnsRegionIds", { maxItems: 20 }));
  const states = asSet(p.stringArray("States", { maxItems: 20 }));
  const aicSpecs = asSet(p.stringArray("AICSpecs", { maxItems: 20 }));
  const serverSpecs = asSet(p.stringArray("ServerSpecs", { maxItems: 20 }));
  const tags = parseTags(p.jsonArray("Tags", { maxItems: 20 }));
  const minDate = p.date("MinDate");
  const maxDate = p.date("MaxDate");
  const name = p.str("Name");
  const namespace = p.str("Namespace");
  const order = parseOrder(p.str("OrderByParams"));
  // Default true (M24). Choice (UNCONFIRMED): with false, the AICInstances field is omitted.
  const withAics = p.bool("DescribeAICInstances", true);

  const key = JSON.stringify([
    pageNumber,
    pageSize,
    serverIds && [...serverIds],
    regions && [...regions],
    states && [...states],
    aicSpecs && [...aicSpecs],
    serverSpecs && [...serverSpecs],
    tags,
    minDate,
    maxDate,
    name,
    namespace,
    order,
    withAics,
  ]);
  return cachedPage(state, key, () => listServers());
  function listServers(): Record<string, unknown> {
    const { servers, aicSpecs: specSets } = state.fleet;
    let matched: ArmServer[] = [];
    for (let i = 0; i < servers.length; i++) {
      const s = servers[i];
      if (serverIds && !serverIds.has(s.ServerId)) continue;
      if (regions && !regions.has(s.EnsRegionId)) continue;
      if (states && !states.has(s.State)) continue;
      if (serverSpecs && !serverSpecs.has(s.SpecName)) continue;
      // Choice: a server matches AICSpecs if any of its AICs has a listed spec; all its AICs are returned.
      if (aicSpecs && ![...specSets[i]].some((x) => aicSpecs.has(x))) continue;
      // Choice (UNCONFIRMED): Name is a case-sensitive substring match; Namespace is exact.
      if (name !== undefined && !s.Name.includes(name)) continue;
      if (namespace !== undefined && s.Namespace !== namespace) continue;
      // MinDate/MaxDate bound the creation date (inclusive, date part of CreationTime).
      const day = s.CreationTime.slice(0, 10);
      if (minDate && day < minDate) continue;
      if (maxDate && day > maxDate) continue;
      if (
        tags &&
        !tags.every((t) => s.Tags.some((x) => x.Key === t.Key && (t.Value === undefined || t.Value === "" || x.Value === t.Value)))
      )
        continue;
      matched.push(s);
    }
    if (order.length > 0) {
      matched = matched.slice().sort((a, b) => {
        for (const [field, dir] of order) {
          const x = a[field] as string;
          const y = b[field] as string;
          if (x !== y) return x < y ? -dir : dir;
        }
        return 0;
      });
    }
    const page = paginate(matched, pageNumber, pageSize);
    return {
      PageNumber: pageNumber,
      PageSize: pageSize,
      // Choice (UNCONFIRMED): TotalCount counts matching servers, not AIC instances.
      TotalCount: matched.length,
      Servers: withAics
        ? page
        : page.map((s) => {
            const { AICInstances: _omit, ...rest } = s;
            return rest;
          }),
    };
  }
};
