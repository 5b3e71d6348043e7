import type { ExampleInputs } from "@/lib/action-spec";
import type { ActionName } from "@/lib/audit/vocabulary";
import { exampleInputs as history } from "@/lib/history/schema";
import { exampleInputs as accessReport } from "@/lib/access-report/schema";
import { exampleInputs as images } from "@/lib/images/schema";
import { exampleInputs as instances } from "@/lib/instances/schema";
import { exampleInputs as keys } from "@/lib/keys/schema";
import { exampleInputs as logins } from "@/lib/logins/schema";
import { exampleInputs as operations } from "@/lib/jobs/schema";
import { exampleInputs as users } from "@/lib/users/schema";
import { exampleInputs as requests } from "@/lib/requests/schema";
import { exampleInputs as inbox } from "@/lib/inbox/schema";
import { exampleInputs as personalKeys } from "@/lib/personal-keys/schema";
import { exampleInputs as schedules } from "@/lib/schedules/schema";
import { exampleInputs as views } from "@/lib/views/schema";
import { exampleInputs as destinations } from "@/lib/outbound/schema";

const EXAMPLES: ExampleInputs = {
  ...history,
  ...accessReport,
  ...images,
  ...instances,
  ...keys,
  ...logins,
  ...operations,
  ...users,
  ...requests,
  ...inbox,
  ...personalKeys,
  ...schedules,
  ...views,
  ...destinations,
};
/**
 * Malformed inputs for every server action, generated systematically from one valid input per
 * action. Every case must be refused by validation (`Console.InvalidInput`) before any ENS call.
 */

/** The server actions the corpus attacks, by name: every action a browser can call, and the exports. */
export type ActionKey = keyof typeof REQUIRED;

export interface HostileCase {
  action: ActionKey;
  label: string;
  input: unknown;
}

type Obj = Record<string, unknown>;

const UID = "1234567890123456";
const IMG = "m-1f2561e52a9e0854487599d9408c519";

/** Which fields of each action's input must be present (its valid example comes from the feature's schema.ts). */
const REQUIRED = {
  "login.set": ["instanceId", "action"],
  "key.upload": ["keyName", "keyType", "content"],
  "key.delete": ["keyName"],
  "image.share": ["imageId", "users"],
  "history.export": [],
  "report.access_export": [],
  "instances.export": [],
  "user.set_role": ["email", "role"],
  "user.set_disabled": ["email", "disabled"],
  "user.create": ["email", "role"],
  "user.set_language": ["locale"],
  "user.set_password": ["email"],
  "user.offboard": ["email"],
  "operation.start_login": ["action", "selection"],
  "operation.start_power": ["action", "selection"],
  "operation.cancel": ["operationId"],
  "operation.retry_failed": ["operationId"],
  "operation.revert": ["operationId"],
  "login.extend": ["instanceId"],
  "login.adopt": ["instanceId", "reason"],
  "request.create": ["kind", "selection", "durationMinutes", "reason"],
  "request.approve": ["requestId"],
  "request.deny": ["requestId", "comment"],
  "request.cancel": ["requestId"],
  "login.break_glass": ["instanceId", "durationMinutes", "reason"],
  "login.review_break_glass": ["operationId", "comment"],
  "policy.update": ["loginMode", "loginApprovals", "loginApprovers", "loginMaxMinutes", "requestWaitMinutes", "shareMode", "breakGlass"],
  "notification.mark_read": ["ids"],
  "key.upload_personal": ["name", "content"],
  "key.delete_personal": ["keyName"],
  "view.save": ["name", "query"],
  "view.rename": ["viewId", "name"],
  "view.delete": ["viewId"],
  "schedule.create": ["name", "viewId", "action", "timeZone", "reason", "maxInstances", "maxConcurrent", "maxPerSecond"],
  "schedule.update": ["scheduleId", "name", "viewId", "action", "timeZone", "reason", "maxInstances", "maxConcurrent", "maxPerSecond"],
  "schedule.set_paused": ["scheduleId", "paused"],
  "schedule.delete": ["scheduleId"],
  "destination.create": ["name", "kind", "url", "auditStream", "notifications"],
  "destination.set_paused": ["destinationId", "paused"],
  "destination.delete": ["destinationId"],
  "destination.test": ["destinationId"],
  "destination.replay": ["destinationId"],
} as const satisfies Partial<Record<ActionName, readonly string[]>>;

/**
 * A valid input per action: the `exampleInputs` each feature's schema.ts exports (lib/<feature>/schema.ts),
 * and which of its fields must be present.
 */
export const VALID = Object.fromEntries(
  (Object.keys(REQUIRED) as ActionKey[]).map((name) => {
    const input = EXAMPLES[name];
    if (!input) throw new Error(`no example input for ${name} in any lib/<feature>/schema.ts`);
    return [name, { input: input as Obj, required: [...REQUIRED[name]] as string[] }];
  }),
) as Record<ActionKey, { input: Obj; required: string[] }>;

/** Fields whose values have a fixed shape (ids, enums, emails, dates): any payload there is malformed. */
const STRICT_FIELDS: Partial<Record<ActionKey, string[]>> = {
  "login.set": ["instanceId", "action"],
  "image.share": ["imageId"],
  "history.export": ["format"],
  "report.access_export": ["format"],
  "instances.export": ["format"],
  "user.set_role": ["email", "role"],
  "user.set_disabled": ["email"],
  "user.create": ["email", "role"],
  "user.set_language": ["locale"],
  "user.set_password": ["email"],
  "user.offboard": ["email"],
  "operation.start_login": ["action"],
  "operation.start_power": ["action"],
  "operation.cancel": ["operationId"],
  "operation.retry_failed": ["operationId"],
  "operation.revert": ["operationId"],
  "login.extend": ["instanceId"],
  "login.adopt": ["instanceId"],
  "request.create": ["kind"],
  "request.approve": ["requestId"],
  "request.deny": ["requestId"],
  "request.cancel": ["requestId"],
  "login.break_glass": ["instanceId"],
  "login.review_break_glass": ["operationId"],
  "policy.update": ["loginMode", "loginApprovers", "shareMode"],
  "key.upload_personal": ["name"],
  "key.delete_personal": ["keyName"],
  "view.rename": ["viewId"],
  "view.delete": ["viewId"],
  "schedule.create": ["viewId", "action", "timeZone", "repeat"],
  "schedule.update": ["scheduleId", "viewId", "action", "timeZone", "repeat"],
  "schedule.set_paused": ["scheduleId"],
  "schedule.delete": ["scheduleId"],
  "destination.create": ["kind", "url", "language"],
  "destination.set_paused": ["destinationId"],
  "destination.delete": ["destinationId"],
  "destination.test": ["destinationId"],
  "destination.replay": ["destinationId", "fromTime"],
};

/** Free-text fields: refused when too long or not plain text (control and format characters). */
const TEXT_FIELDS: Partial<Record<ActionKey, Record<string, number>>> = {
  "login.set": { keyName: 128, keyGroup: 128, reason: 256 },
  "key.upload": { keyName: 128, keyType: 32, content: 1024, description: 128 },
  "key.delete": { keyName: 128 },
  "history.export": { actor: 320, action: 64, target: 200, q: 200 },
  "report.access_export": { instance: 200, prefix: 200, user: 320 },
  "instances.export": { view: 2000 },
  "operation.start_login": { keyName: 128, keyGroup: 128, reason: 256 },
  "login.adopt": { reason: 256 },
  "operation.revert": { reason: 256 },
  "request.create": { keyName: 128, keyGroup: 128, reason: 256 },
  "request.approve": { comment: 512 },
  "request.deny": { comment: 512 },
  "login.break_glass": { keyName: 128, keyGroup: 128, reason: 256 },
  "login.review_break_glass": { comment: 512 },
  "key.upload_personal": { content: 1024 },
  "view.save": { name: 80, query: 2000 },
  "view.rename": { name: 80 },
  "schedule.create": { name: 80, reason: 256 },
  "schedule.update": { name: 80, reason: 256 },
  "destination.create": { name: 80, url: 2000, secret: 200 },
};

export const PAYLOADS = {
  sql: ["' OR '1'='1", "1; DROP TABLE audit_events;--", "admin@e2e.test' --", "\\'; SELECT pg_sleep(5);--"],
  html: ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", '"><svg onload=alert(1)>'],
  unicode: ["ａｉｃ－１", "aic-\u202Ecba", "aic-😀", "aic-\u200B1", "ＡＤＭＩＮ"],
};
const CONTROL = ["\u0000", "ok\u0000ok", "\u0007bell", "\u001b[31mred", "del\u007f", "line\r\nbreak"];
/**
 * Not plain text (lib/validation/plain-text.ts) beyond the C0 controls: C1 controls, bidi overrides
 * and isolates, zero-width and other format characters, line and paragraph separators, lone
 * surrogates. Each inside a word, where trimming cannot remove it.
 */
export const NOT_PLAIN = [
  "c1\u0085next",
  "c1\u009bcsi",
  "rlo\u202Egpj.exe",
  "lro\u202Dtext",
  "rli\u2067isolate\u2069",
  "zw\u200Bspace",
  "zwj\u200Djoin",
  "bom\uFEFFinside",
  "shy\u00ADhyphen",
  "tag\u{E0041}char",
  "line\u2028sep",
  "para\u2029sep",
  "lone\uD800high",
  "lone\uDC00low",
  "swapped\uDC00\uD800pair",
];
/** Plain text the rule must keep: other scripts, emoji (surrogate pairs), accents, punctuation. */
export const PLAIN = ["TICKET-1", "重启实例 #42", "émile's key", "aic 😀 ok", "Ünïcödé ok", "a\u00A0b", "עברית", "العربية"];
const CURSOR_ID = "0b8f3f5e-6f0a-4c1e-9d55-2a1f3c4d5e6f";
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");

/** Paging cursors (the operations list's) an attacker writes by hand: base64url unless said otherwise. */
export const TAMPERED_CURSORS = [
  b64(`2026-02-31T10:00:00.000Z|${CURSOR_ID}`), // no such day (Date rolls it over; PostgreSQL refuses it)
  b64(`2026-01-01T25:00:00.000Z|${CURSOR_ID}`),
  b64(`+275760-09-13T00:00:00.000Z|${CURSOR_ID}`), // the largest Date, far past PostgreSQL's
  b64(`0000-01-01T00:00:00.000Z|${CURSOR_ID}`),
  b64(`1|${CURSOR_ID}`), // Date.parse("1") is a number
  b64(`2026-01-01|${CURSOR_ID}`),
  b64(`2026-01-01T00:00:00.000Z|------------------------------------`), // 36 characters, not a uuid
  b64(`2026-01-01T00:00:00.000Z|${CURSOR_ID}|extra`),
  b64(`2026-01-01T00:00:00.000Z'); DROP TABLE operations;--|${CURSOR_ID}`),
  b64(`2026-01-01T00:00:00.000Z|${CURSOR_ID}' OR '1'='1`),
  b64("\u0000|\u0000"),
  "not base64 at all!",
  "%%%",
  "a",
  "=".repeat(8),
  b64(`2026-01-01T00:00:00.000Z|${CURSOR_ID}`).repeat(5),
];

const WRONG_TYPES: unknown[] = [42, true, null, [], {}, 1.5e308];

const JSON_KEYS = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":{"isAdmin":true},"constructor":"x"}',
];

export function buildCorpus(): HostileCase[] {
  const out: HostileCase[] = [];
  const add = (action: ActionKey, label: string, input: unknown) => out.push({ action, label: `${action}: ${label}`, input });

  for (const [action, { input: base, required }] of Object.entries(VALID) as [ActionKey, (typeof VALID)[ActionKey]][]) {
    // Not an object at all.
    for (const v of [null, undefined, "a string", 7, true, [base]]) add(action, `non-object ${JSON.stringify(v) ?? "undefined"}`, v);
    // Wrong types in every field.
    for (const field of Object.keys(base)) {
      const same = (v: unknown) => typeof v === typeof base[field] && !Array.isArray(base[field]);
      for (const v of WRONG_TYPES.filter((v) => !same(v))) add(action, `${field} as ${JSON.stringify(v)}`, { ...base, [field]: v });
      add(action, `${field} as a huge array`, { ...base, [field]: Array.from({ length: 50_000 }, (_, i) => i) });
    }
    // Missing required fields.
    for (const field of required) {
      const { [field]: _drop, ...rest } = base;
      add(action, `missing ${field}`, rest);
    }
    // Extra fields and prototype keys (parsed from JSON, as a request body would be).
    add(action, "extra field", { ...base, isAdmin: true });
    add(action, "extra field with script", { ...base, "<script>": "alert(1)" });
    for (const json of JSON_KEYS) add(action, `prototype keys ${json}`, { ...base, ...JSON.parse(json) });
    // Payloads in shaped fields.
    for (const field of STRICT_FIELDS[action] ?? []) {
      for (const p of [...PAYLOADS.sql, ...PAYLOADS.html]) add(action, `${field} = ${p}`, { ...base, [field]: p });
      for (const p of PAYLOADS.unicode) add(action, `${field} = unicode ${p}`, { ...base, [field]: p });
      add(action, `${field} over-long`, { ...base, [field]: "a".repeat(100_000) });
      add(action, `${field} empty`, { ...base, [field]: "" });
    }
    // Free text: one past the limit, and control characters.
    for (const [field, max] of Object.entries(TEXT_FIELDS[action] ?? {})) {
      add(action, `${field} of ${max + 1} chars`, { ...base, [field]: "k".repeat(max + 1) });
      add(action, `${field} of 1 MB`, { ...base, [field]: "k".repeat(1 << 20) });
      for (const c of CONTROL) {
        if (field === "content" && c === "line\r\nbreak") continue; // key material may span lines
        add(action, `${field} with control ${JSON.stringify(c)}`, { ...base, [field]: `key-${c}-name` });
      }
      for (const c of NOT_PLAIN) add(action, `${field} with ${JSON.stringify(c)}`, { ...base, [field]: `key-${c}-name` });
    }
  }

  // setLogin: unknown ActionName, invalid and boundary-length instance ids, bad bulk ids.
  const setLogin = VALID["login.set"].input;
  for (const a of ["reboot", "OPEN", "Open", "", "delete", "open ", "open\u0000", "__proto__", "constructor", "toString"]) {
    add("login.set", `unknown action ${JSON.stringify(a)}`, { ...setLogin, action: a });
  }
  add("login.set", "open with no key", { instanceId: "aic-hostile-0", action: "open" });
  for (const id of [
    "aic-",
    `aic-${"a".repeat(121)}`,
    "AIC-xxx-1",
    "aic_xxx",
    "aic-x/../y",
    "aic-x y",
    "aic-x;rm -rf",
    "i-notaic",
    "aic-%00",
    "aic-x\u0000",
  ]) {
    add("login.set", `instance id ${JSON.stringify(id.slice(0, 40))} (${id.length})`, {
      ...setLogin,
      instanceId: id,
    });
  }
  for (const b of ["not-a-uuid", "00000000-0000-0000-0000-00000000000", "' OR 1=1--", 123])
    add("login.set", `bulkId ${b}`, { ...setLogin, bulkId: b });

  // uploadKey: one under the minimum name length; deleteKey: empty name.
  const upload = VALID["key.upload"].input;
  add("key.upload", "keyName of 7 chars", { ...upload, keyName: "k".repeat(7) });
  add("key.upload", "blank content", { ...upload, content: "   " });
  add("key.delete", "blank keyName", { keyName: "  " });

  // shareImage: UIDs of 15 and 17 digits, non-numeric, too many, duplicates, bad image ids.
  const share = (users: unknown, imageId: unknown = IMG) => ({ imageId, users });
  const uids: [string, unknown][] = [
    ["15 digits", ["123456789012345"]],
    ["17 digits", ["12345678901234567"]],
    ["non-numeric", ["123456789012345a"]],
    ["negative", ["-123456789012345"]],
    ["exponent", ["1.23456789012e15"]],
    ["hex", ["0x12345678901234"]],
    ["full-width digits", ["１２３４５６７８９０１２３４５６"]],
    ["number, not string", [1234567890123456]],
    ["SQL", ["1234567890123456' OR '1'='1"]],
    ["script", ["<script>alert(1)</script>"]],
    ["NUL inside", ["12345678\u00009012345"]],
    ["none", []],
    ["101", Array.from({ length: 101 }, (_, i) => String(1_000_000_000_000_000 + i))],
    ["10 000", Array.from({ length: 10_000 }, (_, i) => String(1_000_000_000_000_000 + i))],
    ["duplicates", [UID, UID]],
    ["nested arrays", [[UID]]],
    ["objects", [{ uid: UID }]],
    ["one good, one 15-digit", [UID, "123456789012345"]],
    ["one good, one 17-digit", [UID, "12345678901234567"]],
    ["a comma-separated string", `${UID},${UID}`],
  ];
  for (const [label, users] of uids) add("image.share", `users ${label}`, share(users));
  for (const id of ["m-", "M-ABC", `m-${"a".repeat(127)}`, "m-../../etc/passwd", "m-abc def"])
    add("image.share", `imageId ${id.slice(0, 30)} (${id.length})`, share([UID], id));

  // exportHistory: unknown enum values and dates.
  const exp = VALID["history.export"].input;
  for (const [field, v] of [
    ["format", "xml"],
    ["outcome", "pwned"],
    ["range", "forever"],
    ["from", "yesterday"],
    ["to", "2026-13-45"],
    ["from", "2026-01-01'; DROP TABLE x;--"],
  ] as const) {
    add("history.export", `${field} = ${v}`, { ...exp, [field]: v });
  }
  add("history.export", "from after to", { ...exp, from: "2026-02-01", to: "2026-01-01" });

  // Users: bad roles and emails.
  for (const role of ["superadmin", "ADMIN", "__proto__", "constructor", "root"]) {
    add("user.create", `role ${role}`, { email: "someone@hostile.test", role });
    add("user.set_role", `role ${role}`, { email: "someone@hostile.test", role });
  }
  for (const email of ["not-an-email", "a@", "@b.test", `${"a".repeat(320)}@x.test`, "a b@x.test", "admin@e2e.test\u0000"]) {
    add("user.create", `email ${JSON.stringify(email.slice(0, 30))}`, { email, role: "viewer" });
  }
  for (const locale of ["fr", "zh", "ZH-CN", "en-US", "__proto__", "../../etc/passwd", ""])
    add("user.set_language", `locale ${JSON.stringify(locale)}`, { locale });
  for (const d of ["true", "false", 1, 0])
    add("user.set_disabled", `disabled ${JSON.stringify(d)}`, { email: "someone@hostile.test", disabled: d });

  // Operations: selections that name nothing, too much, or something else; resets not confirmed.
  const login = VALID["operation.start_login"].input;
  const badSelections: [string, unknown][] = [
    ["no ids", { ids: [] }],
    ["100,001 ids", { ids: Array.from({ length: 100_001 }, (_, i) => `aic-hostile-${i}`) }],
    ["a bad instance id", { ids: ["aic-hostile-0", "i-notaic"] }],
    ["an id with SQL", { ids: ["aic-x' OR '1'='1"] }],
    ["ids and a filter", { ids: ["aic-hostile-0"], filter: "", expected: 1 }],
    ["a filter expecting 0", { filter: "state=running", expected: 0 }],
    ["a filter expecting 1e9", { filter: "state=running", expected: 1e9 }],
    ["a filter of 1 MB", { filter: "q=".padEnd(1 << 20, "x"), expected: 1 }],
    ["a filter with a bidi override", { filter: "q=a\u202Eb", expected: 1 }],
    ["a filter with a lone surrogate", { filter: "q=\uD800", expected: 1 }],
    ["a string", "all"],
  ];
  for (const [label, selection] of badSelections) {
    add("operation.start_login", `selection: ${label}`, { ...login, selection });
    add("operation.start_power", `selection: ${label}`, { action: "reboot", selection });
  }
  add("operation.start_login", "open with no key", { action: "open", selection: { ids: ["aic-hostile-0"] } });
  for (const a of ["reboot", "OPEN", "__proto__"]) add("operation.start_login", `action ${a}`, { ...login, action: a });
  const one = { ids: ["aic-hostile-0"] };
  add("operation.start_power", "reset not confirmed", { action: "reset", selection: one });
  add("operation.start_power", "reset confirmed with another id", {
    action: "reset",
    selection: one,
    confirm: "aic-hostile-1",
  });
  add("operation.start_power", "reset of 2 confirmed with 1", {
    action: "reset",
    selection: { ids: ["aic-hostile-0", "aic-hostile-1"] },
    confirm: "1",
  });
  for (const a of ["shutdown", "Reboot", "open"]) add("operation.start_power", `action ${a}`, { action: a, selection: one });
  for (const id of ["not-a-uuid", "' OR 1=1--", "00000000-0000-0000-0000-00000000000"])
    add("operation.cancel", `operationId ${id}`, { operationId: id });

  // Schedules: cron rules that are not five fields or never run, zones that are not zones, N out of bounds.
  const schedule = VALID["schedule.create"].input;
  for (const repeat of [
    "* * * * * *",
    "@reboot",
    "*/0 * * * *",
    "61 * * * *",
    "0 0 31 2 *",
    "0 2 * * *; rm -rf /",
    "$(reboot) * * * *",
    "0 2 * * MON-FRI-SUN",
    `${"1,".repeat(60)}1 * * * *`,
  ])
    add("schedule.create", `repeat ${JSON.stringify(repeat.slice(0, 30))}`, { ...schedule, repeat });
  add("schedule.create", "both repeat and runAt", { ...schedule, runAt: "2099-01-01T00:00:00Z" });
  add("schedule.create", "runAt without an offset", { ...schedule, repeat: undefined, runAt: "2099-01-01T00:00:00" });
  for (const timeZone of ["Mars/Olympus", "../../etc/passwd", "UTC+99", "Asia/Shanghai\u0000", "", "__proto__"])
    add("schedule.create", `timeZone ${JSON.stringify(timeZone)}`, { ...schedule, timeZone });
  for (const [field, v] of [
    ["maxInstances", 1e12],
    ["maxInstances", 100_001],
    ["maxInstances", 0],
    ["maxInstances", -1],
    ["maxInstances", 2.5],
    ["maxConcurrent", 51],
    ["maxPerSecond", 1e9],
    ["maxPerSecond", 0],
    ["stopFailuresPercent", 101],
    ["stopFailuresCount", 0],
    ["graceMinutes", 1e6],
  ] as const)
    add("schedule.create", `${field} ${v}`, { ...schedule, [field]: v });
  add("schedule.create", "an open with no key", { ...schedule, action: "login.open", durationMinutes: 30 });
  add("schedule.create", "a reboot with a duration", { ...schedule, durationMinutes: 30 });

  // Destinations: addresses the console must never send to are refused before anything is stored
  // (the refusal for private, loopback and metadata hosts is the service's, after the schema).
  const destination = VALID["destination.create"].input;
  for (const url of [
    "ftp://siem.example.com/",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "https://user:pw@siem.example.com/",
    "siem.example.com",
    "//siem.example.com",
  ])
    add("destination.create", `url ${JSON.stringify(url)}`, { ...destination, url });
  add("destination.create", "neither stream", { ...destination, auditStream: false, notifications: false });
  add("destination.create", "DingTalk without its secret", { ...destination, kind: "dingtalk" });
  add("destination.create", "a webhook with a typed secret", { ...destination, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" });
  for (const entry of ["LOGIN.OPEN", "login.open;drop", "*", "a".repeat(65), "login..open"])
    add("destination.create", `filter entry ${JSON.stringify(entry.slice(0, 20))}`, { ...destination, filter: [entry] });
  add("destination.create", "51 filter entries", { ...destination, filter: Array.from({ length: 51 }, (_, i) => `kind_${i}`) });
  const replay = VALID["destination.replay"].input;
  for (const fromSeq of [0, -1, 1.5, 1e300]) add("destination.replay", `fromSeq ${fromSeq}`, { ...replay, fromSeq });
  add("destination.replay", "both a sequence and a time", { ...replay, fromTime: "2026-12-01T00:00:00Z" });
  add("destination.replay", "neither a sequence nor a time", { destinationId: replay.destinationId });

  // Expiring logins: durations outside 1 minute–24 hours, no reason, both a duration and "no expiry".
  const badDurations: [string, unknown][] = [
    ["0", 0],
    ["-5", -5],
    ["1441", 1441],
    ["1.5", 1.5],
    ["NaN as text", "NaN"],
    ["Infinity", 1e308],
    ["a string", "60"],
  ];
  for (const [label, d] of badDurations) {
    add("login.set", `duration ${label}`, { ...setLogin, durationMinutes: d });
    add("operation.start_login", `duration ${label}`, { ...login, durationMinutes: d });
    add("login.adopt", `duration ${label}`, { instanceId: "aic-hostile-0", reason: "TICKET-1", durationMinutes: d });
    add("login.extend", `by ${label}`, { instanceId: "aic-hostile-0", byMinutes: d });
  }
  const { reason: _r, ...noReason } = setLogin;
  add("login.set", "open with no reason", noReason);
  add("login.set", "open with a 2-character reason", { ...setLogin, reason: "ab" });
  add("login.set", "open with a blank reason", { ...setLogin, reason: "    " });
  const { durationMinutes: _d, ...noDuration } = setLogin;
  add("login.set", "open with no duration", noDuration);
  add("login.set", "open with a duration and no expiry", { ...setLogin, noExpiry: true });
  add("login.set", "noExpiry false", { ...noDuration, noExpiry: false });
  add("login.set", "close with a duration", { instanceId: "aic-hostile-0", action: "close", durationMinutes: 5 });
  add("operation.start_login", "open with no reason", { ...login, reason: undefined });
  add("login.extend", "both by and until", {
    instanceId: "aic-hostile-0",
    byMinutes: 5,
    until: "2099-01-01T00:00:00Z",
  });
  add("login.extend", "neither by nor until", { instanceId: "aic-hostile-0" });
  for (const u of ["tomorrow", "2026-13-01T00:00:00Z", "2026-12-02 10:00", "' OR 1=1--"])
    add("login.extend", `until ${u}`, { instanceId: "aic-hostile-0", until: u });

  return out;
}
