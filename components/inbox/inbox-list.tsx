"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useTransition } from "react";
import clsx from "clsx";
import { markNotificationsRead } from "@/lib/actions/inbox";
import type { ActionResult } from "@/lib/actions/result";
import type { InboxView } from "@/lib/inbox/view";
import { inboxUnreadQuery } from "@/lib/queries/inbox";
import { queryKeys } from "@/lib/queries/query-keys";
import { showErrorToast, showSuccessToast } from "@/components/error-toast";
import { LocalTime } from "@/components/operations/local-time";
import { Table, TableMessage, Tbody, Td, Th, THead, ThHidden, Tr } from "@/components/ui/table";
import { useNotificationText } from "./notification-text";

/** Where the inbox's links lead: the filter kept, `before` for the next page. */
export function inboxHref(unread: boolean, before?: number | null): string {
  const sp = new URLSearchParams();
  if (unread) sp.set("unread", "1");
  if (before) sp.set("before", String(before));
  const qs = sp.toString();
  return qs ? `/inbox?${qs}` : "/inbox";
}

/**
 * One page of the viewer's notifications, newest first, rendered by the server. When the unread
 * count (a live query, the header's) moves away from the page's, the page is read again, so a new
 * notification shows here without a reload.
 */
export function InboxList({ view, unreadOnly, paged }: { view: InboxView; unreadOnly: boolean; paged: boolean }) {
  const t = useTranslations("inbox");
  const text = useNotificationText();
  const router = useRouter();
  const qc = useQueryClient();
  const [pending, start] = useTransition();
  const live = useQuery(inboxUnreadQuery).data?.unread;

  useEffect(() => {
    if (live !== undefined && live !== view.unread) router.refresh();
  }, [live, view.unread, router]);

  const mark = (input: { ids: number[] } | { all: true }) =>
    start(async () => {
      const res: ActionResult<{ marked: number }> = await markNotificationsRead(input);
      if (!res.ok) return showErrorToast(t("markFailed"), res.error);
      if ("all" in input) showSuccessToast(t("marked", { count: res.data.marked }));
      void qc.invalidateQueries({ queryKey: queryKeys.inbox });
      router.refresh();
    });

  const filterLink = (unread: boolean) => (
    <Link
      href={inboxHref(unread)}
      aria-current={unread === unreadOnly ? "page" : undefined}
      className={clsx(
        "rounded-md px-3 py-1.5 text-sm font-medium",
        unread === unreadOnly
          ? "bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-white"
          : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white",
      )}
    >
      {t(unread ? "filter.unread" : "filter.all")}
    </Link>
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">{t("page.title")}</h1>
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          {t("page.unreadCount", { count: view.unread })}
        </p>
        <nav aria-label={t("filter.label")} className="flex items-center gap-1">
          {filterLink(false)}
          {filterLink(true)}
        </nav>
        <button type="button" className="btn-secondary ml-auto" disabled={pending || view.unread === 0} onClick={() => mark({ all: true })}>
          {t("markAllRead")}
        </button>
      </div>
      <div className="card overflow-x-auto p-2">
        {view.rows.length === 0 ? (
          <TableMessage>{t(unreadOnly ? "table.emptyUnread" : "table.empty")}</TableMessage>
        ) : (
          <Table caption={t("table.caption")} container="none">
            <THead>
              <Th>{t("table.what")}</Th>
              <Th>{t("table.when")}</Th>
              <ThHidden label={t("table.actions")} />
            </THead>
            <Tbody>
              {view.rows.map((n) => {
                const sentence = text(n);
                return (
                  <Tr
                    key={n.id}
                    align="middle"
                    data-unread={n.read ? undefined : "true"}
                    className={clsx(!n.read && "bg-sky-50/60 dark:bg-sky-950/30")}
                  >
                    <Td>
                      <span className="flex items-center gap-2">
                        {!n.read && <span aria-hidden className="inline-block h-2 w-2 shrink-0 rounded-full bg-sky-600 dark:bg-sky-400" />}
                        {!n.read && <span className="sr-only">{t("table.unread")} </span>}
                        {n.href ? (
                          <Link
                            href={n.href}
                            className={clsx("text-sky-700 hover:underline dark:text-sky-400", !n.read && "font-semibold")}
                          >
                            {sentence}
                          </Link>
                        ) : (
                          <span className={clsx(!n.read && "font-semibold")}>{sentence}</span>
                        )}
                      </span>
                    </Td>
                    <Td className="text-xs">
                      <LocalTime iso={n.createdAt} />
                    </Td>
                    <Td className="text-right">
                      {!n.read && (
                        <button type="button" className="btn-secondary" disabled={pending} onClick={() => mark({ ids: [n.id] })}>
                          {t("markRead")}
                        </button>
                      )}
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        )}
      </div>
      {(paged || view.nextBefore !== null) && (
        <nav aria-label={t("page.title")} className="flex gap-2">
          {paged && (
            <Link href={inboxHref(unreadOnly)} className="btn-secondary">
              {t("newest")}
            </Link>
          )}
          {view.nextBefore !== null && (
            <Link href={inboxHref(unreadOnly, view.nextBefore)} className="btn-secondary">
              {t("older")}
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
