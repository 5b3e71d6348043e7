// Open live streams and ended sessions, below HTTP: the registry's cap and checks, and the
// notification that sessions ended, sent only when the transaction that ends them commits.
import { afterEach, describe, expect, it } from "vitest";
import { createUser, revokeSession, updateUser } from "@/lib/auth/users";
import { LIVE_CHANNEL, SESSIONS_ENDED_MESSAGE } from "@/lib/live/sessions-ended";
import { OpenStreams, STREAMS_PER_SESSION, type OpenStream } from "@/lib/live/open-streams";
import { freshDb, postgresReachable } from "@/test/support/db";

const session = (uid: string, loginAt = 1) => ({ uid, loginAt });

function stream(s: { uid: string; loginAt: number }, streams: OpenStreams) {
  const ended: string[] = [];
  const st: OpenStream = { session: s, end: (why) => (ended.push(why), remove()) };
  const remove = streams.add(st);
  return { ended, remove };
}

describe("open streams per session", () => {
  it(`keeps at most ${STREAMS_PER_SESSION} per session, ending the oldest`, () => {
    const streams = new OpenStreams(async () => true);
    const a = Array.from({ length: STREAMS_PER_SESSION + 2 }, () => stream(session("u1"), streams));
    const other = stream(session("u2"), streams);
    expect(streams.count(session("u1"))).toBe(STREAMS_PER_SESSION);
    expect(a[0].ended).toEqual([`more than ${STREAMS_PER_SESSION} streams for this session`]);
    expect(a[1].ended).toHaveLength(1);
    expect(a.slice(2).every((s) => s.ended.length === 0)).toBe(true);
    expect(other.ended).toEqual([]);
    for (const s of [...a, other]) s.remove();
    expect(streams.count()).toBe(0);
  });

  it("ends the streams of sessions that ended, and only those, checking each session once", async () => {
    const checked: string[] = [];
    const streams = new OpenStreams(async (s) => (checked.push(s.uid), s.uid !== "gone"));
    const gone = [stream(session("gone"), streams), stream(session("gone"), streams)];
    const kept = stream(session("kept"), streams);
    await streams.recheck();
    expect(gone.map((s) => s.ended)).toEqual([["session ended"], ["session ended"]]);
    expect(kept.ended).toEqual([]);
    expect(checked.sort()).toEqual(["gone", "kept"]);
    expect(streams.count()).toBe(1);
    kept.remove();
  });

  it("a check that fails leaves the stream open for the next check", async () => {
    const streams = new OpenStreams(async () => {
      throw new Error("database down");
    });
    const s = stream(session("u"), streams);
    await streams.recheck();
    expect(s.ended).toEqual([]);
    s.remove();
  });
});

const kinds = ["pglite", ...((await postgresReachable()) ? (["postgres"] as const) : [])] as const;

describe.each(kinds)("sessions ended are announced when they commit (%s)", (kind) => {
  let handle: Awaited<ReturnType<typeof freshDb>> | undefined;
  afterEach(async () => {
    await handle?.drop();
    handle = undefined;
  });

  it("a sign-out, a disable and a new password each notify once committed; a rolled-back one does not", async () => {
    handle = await freshDb(kind);
    const h = handle;
    const heard: string[] = [];
    const stop = await h.listen(LIVE_CHANNEL, (p) => heard.push(p));
    const wait = async (n: number) => {
      for (let i = 0; i < 50 && heard.length < n; i++) await new Promise((r) => setTimeout(r, 20));
      return heard.length;
    };
    const user = await createUser(h.db, { email: "s@streams.test", role: "operator", password: "a-long-password-1" });
    await h.db
      .transaction(async (tx) => {
        await revokeSession(tx as never, user.id, Date.now(), 3_600_000);
        throw new Error("rolled back");
      })
      .catch(() => {});
    expect(await wait(1)).toBe(0);
    await revokeSession(h.db, user.id, Date.now(), 3_600_000);
    expect(await wait(1)).toBe(1);
    await updateUser(h.db, "s@streams.test", { disabled: true });
    expect(await wait(2)).toBe(2);
    await updateUser(h.db, "s@streams.test", { password: "another-password-2" });
    expect(await wait(3)).toBe(3);
    await updateUser(h.db, "s@streams.test", { disabled: false });
    expect(await wait(4)).toBe(3);
    expect(heard.every((p) => p === SESSIONS_ENDED_MESSAGE)).toBe(true);
    await stop();
  });
});
