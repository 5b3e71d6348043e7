// What the browser gets about one's notifications. Client-safe: no server imports.

export const NOTIFICATION_KINDS = [
  "request_waiting",
  "request_approved",
  "request_denied",
  "request_expired",
  "request_failed",
  "login_closing",
  "expiry_failed",
  "drift_found",
  "operation_failed",
  "break_glass",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  /**
   * The values its sentence names (messages inbox.kinds.<kind>): requester, instance, count,
   * by (who decided), comment… Plain strings and numbers only.
   */
  values: Record<string, string | number>;
  /** Where it leads: /requests/<id>, /instances/<id>, /operations/<id>. */
  href: string | null;
  /** ISO. */
  createdAt: string;
  read: boolean;
}

export interface InboxView {
  rows: NotificationView[];
  unread: number;
  nextBefore: number | null;
}
