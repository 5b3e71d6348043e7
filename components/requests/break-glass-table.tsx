"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { showSuccessToast } from "@/components/error-toast";
import { LocalTime } from "@/components/operations/local-time";
import { Table, TableMessage, Tbody, Td, Th, THead, ThHidden, Tr } from "@/components/ui/table";
import { reviewBreakGlass } from "@/lib/actions/requests";
import type { BreakGlassView } from "@/lib/requests/view";
import { CommentDialog } from "./comment-dialog";

/** Break-glass opens awaiting an admin's review: each row's `Mark reviewed` asks for a `Comment`. */
export function BreakGlassTable({ rows }: { rows: BreakGlassView[] }) {
  const t = useTranslations("requests.review");
  const router = useRouter();
  const [open, setOpen] = useState<BreakGlassView | null>(null);
  if (rows.length === 0) return <TableMessage>{t("empty")}</TableMessage>;
  return (
    <>
      <Table caption={t("caption")} container="none">
        <THead>
          <Th>{t("instance")}</Th>
          <Th>{t("openedBy")}</Th>
          <Th>{t("reason")}</Th>
          <Th>{t("opened")}</Th>
          <ThHidden label={t("actions")} />
        </THead>
        <Tbody>
          {rows.map((r) => (
            <Tr key={r.operationId} hover align="middle">
              <Td>
                <Link
                  href={`/instances/${encodeURIComponent(r.instanceId)}`}
                  translate="no"
                  className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400"
                >
                  {r.instanceId}
                </Link>
              </Td>
              <Td className="max-w-48 truncate text-xs" title={r.actorEmail}>
                {r.actorEmail}
              </Td>
              <Td className="max-w-80 text-xs">{r.reason}</Td>
              <Td className="text-xs">
                <Link href={`/history/${encodeURIComponent(r.operationId)}`} className="hover:underline">
                  <LocalTime iso={r.openedAt} />
                </Link>
              </Td>
              <Td className="text-right">
                <button type="button" className="btn-secondary" onClick={() => setOpen(r)}>
                  {t("button")}
                </button>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <CommentDialog
        open={!!open}
        words={{
          title: t("title", { instanceId: open?.instanceId ?? "" }),
          body: open ? t("body", { actor: open.actorEmail, instanceId: open.instanceId, reason: open.reason }) : undefined,
          comment: t("comment"),
          hint: t("commentHint"),
          required: t("commentRequired"),
          cancel: t("cancel"),
          confirm: t("confirm"),
        }}
        submit={(comment) => reviewBreakGlass({ operationId: open?.operationId ?? "", comment })}
        onClose={() => setOpen(null)}
        onDone={() => {
          showSuccessToast(t("done", { instanceId: open?.instanceId ?? "" }));
          setOpen(null);
          router.refresh();
        }}
      />
    </>
  );
}
