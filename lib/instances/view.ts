/** "Closing soon" in the list's login filter: within the next hour. */
export const CLOSING_SOON_MS = 60 * 60 * 1000;

/**
 * `active`: open, closes at `expiresAt` (or never); `closing`: its expiry close is running on the
 * engine; `failed`: every expiry close failed: the login is still open until someone acts.
 */
export const LEASE_STATES = ["active", "closing", "failed"] as const;
export type LeaseState = (typeof LEASE_STATES)[number];

/** A login the console opened (or adopted): when it closes, who opened it and why. */
export interface LoginLeaseView {
  /** ISO time the console closes it; null: no expiry. */
  expiresAt: string | null;
  /** ISO time it was opened (or adopted). */
  openedAt: string;
  /** Who opened it: a user's email, or `system:…`. */
  openedBy: string | null;
  reason: string;
  state: LeaseState;
  /** Why the last expiry close failed (state `failed`, or `active` between retries). */
  lastError: string | null;
  /** The audited operation that opened (or adopted) it: `/history/<id>`. */
  auditOperationId: string | null;
  /** True when an operator adopted a login that was opened outside the console. */
  adopted: boolean;
}

/** What the instance row and page show about a login beyond ENS's own state. */
export interface LoginOverlay {
  lease: LoginLeaseView | null;
  /** Open on ENS, but no console operation opened it (found by the drift pass). */
  outside: boolean;
  /** The key group the console opened it with (its lease), when it was a group. */
  keyGroup?: string | null;
}

/**
 * Who can log in while a login is open: the owner of the personal key it was opened with, or the
 * shared key (or key group) it was opened with. Filled on the server (lib/instances/read.ts).
 */
export type LoginAccess = { kind: "personal"; owner: string; keyName: string } | { kind: "shared"; keyName?: string; keyGroup?: string };

/** What the browser gets per instance: compact, and only the fields the list shows or filters on. */
export interface LoginState {
  open: boolean;
  keys: string[];
  /** When the console closes it, who opened it and why; null (or absent) when the console holds no record. */
  lease?: LoginLeaseView | null;
  /** Open on ENS, but opened outside the console (the drift pass found it). */
  outside?: boolean;
  /** Who can log in (open logins only); absent where the read did not ask (a change's own answer). */
  access?: LoginAccess | null;
}

export interface InstanceView {
  id: string;
  name: string;
  serverId: string;
  serverName: string;
  node: string;
  spec: string;
  imageId: string;
  ip: string;
  state: string;
  status: string;
  /** The server's ENS tags, as `key=value`. */
  tags: string[];
  login: LoginState;
}

export interface FleetSnapshot {
  rows: InstanceView[];
  /** ISO time the data was read from ENS. */
  asOf: string;
}

export const TRANSITORY_STATES = new Set(["creating", "rebooting", "reseting", "releasing", "upgrading"]);
