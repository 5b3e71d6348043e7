import { readRoute } from "@/lib/http/read-route";
import { readUnreadCount } from "@/lib/inbox/read";

export const dynamic = "force-dynamic";

/** The header's count: how many of the caller's own notifications are unread. */
export const GET = readRoute("inbox.read", async (_req, user) => Response.json({ unread: await readUnreadCount(user.id) }));
