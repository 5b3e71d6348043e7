import "server-only";
import { processSingleton } from "../singleton";
import { logger } from "../log/logger";
import { onSessionsEnded } from "./bus";

const log = logger("live");

/** Open /api/events streams per session; a new one past this ends the session's oldest. */
export const STREAMS_PER_SESSION = 4;
/** Sessions are checked again this often anyway: a notification lost while a LISTEN connection was down. */
export const SESSION_RECHECK_MS = 15_000;

/** The session a stream belongs to: its user and when that session signed in. */
export interface SessionId {
  uid: string;
  loginAt: number;
}

export interface OpenStream {
  session: SessionId;
  /** Ends the stream (idempotent); `why` is written to it as a comment before it closes. */
  end(why: string): void;
}

/** Whether a session may still receive events: not signed out, its user enabled, not past its age. */
export type SessionCheck = (s: SessionId) => Promise<boolean>;

const keyOf = (s: SessionId) => `${s.uid}:${s.loginAt}`;

/**
 * The process's open live streams by session. A session that ends (sign-out, disable, new
 * password: announced on the live bus by the transaction that ends it, from any process) ends its
 * streams as soon as the change commits; every session is also checked every SESSION_RECHECK_MS.
 * A session holds at most STREAMS_PER_SESSION streams: the oldest ends when another opens, so a
 * browser that lost its streams without the server noticing can always reconnect.
 */
export class OpenStreams {
  private readonly bySession = new Map<string, OpenStream[]>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private again = false;

  constructor(private readonly check: SessionCheck) {}

  /** Registers a stream; returns its removal (call it when the stream ends for any reason). */
  add(stream: OpenStream): () => void {
    const key = keyOf(stream.session);
    const list = this.bySession.get(key) ?? [];
    this.bySession.set(key, list);
    list.push(stream);
    while (list.length > STREAMS_PER_SESSION) list.shift()!.end(`more than ${STREAMS_PER_SESSION} streams for this session`);
    this.timer ??= setInterval(() => void this.recheck(), SESSION_RECHECK_MS);
    this.timer.unref?.();
    return () => this.remove(key, stream);
  }

  count(session?: SessionId): number {
    if (session) return this.bySession.get(keyOf(session))?.length ?? 0;
    let n = 0;
    for (const list of this.bySession.values()) n += list.length;
    return n;
  }

  /** Checks every session with an open stream (once per session) and ends the streams of those that ended. */
  recheck(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return this.checking;
    }
    this.checking = (async () => {
      do {
        this.again = false;
        await this.checkAll();
      } while (this.again);
    })().finally(() => (this.checking = null));
    return this.checking;
  }

  private async checkAll(): Promise<void> {
    for (const [key, list] of [...this.bySession]) {
      if (!list.length) continue;
      let valid: boolean;
      try {
        valid = await this.check(list[0].session);
      } catch (e) {
        log.warn({ err: e }, "could not check a live stream's session; checked again later");
        continue;
      }
      if (!valid) for (const s of [...(this.bySession.get(key) ?? [])]) s.end("session ended");
    }
  }

  private remove(key: string, stream: OpenStream): void {
    const list = this.bySession.get(key);
    if (!list) return;
    const i = list.indexOf(stream);
    if (i >= 0) list.splice(i, 1);
    if (!list.length) this.bySession.delete(key);
    if (!this.bySession.size && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}

/** The process's registry, checking sessions with `check`; it listens to the bus for ended sessions. */
export function openStreams(check: SessionCheck): OpenStreams {
  return processSingleton("live-open-streams", () => {
    const streams = new OpenStreams(check);
    onSessionsEnded(() => void streams.recheck());
    return streams;
  });
}
