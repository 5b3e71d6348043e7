"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionLabel } from "@/components/history/action-label";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Detail, DetailList } from "@/components/ui/field";
import type { ItemState, JobDetailView } from "@/lib/jobs/types";
import { operationQuery } from "@/lib/queries/operations";
import { CancelOperationButton } from "./cancel-operation-button";
import { FollowUpActions } from "./follow-up-actions";
import { LocalTime } from "./local-time";
import { OperationItems } from "./operation-items";
import { OperationStateBadge } from "./state-badges";
import { selectionText } from "./selection-text";
import { statusText } from "./status-text";

// The order of the item filter: what usually needs a look first.
const ITEM_FILTERS: (ItemState | undefined)[] = [undefined, "failed", "unknown", "ok", "cancelled", "pending", "running"];

/** One operation, polled while it runs (lib/queries/operations). */
export function OperationView({
  id,
  items,
  canCancel,
  canFollowUp,
}: {
  id: string;
  items?: ItemState;
  canCancel: boolean;
  /** The viewer may retry or revert it once it ended (operations.follow_up). */
  canFollowUp: boolean;
}) {
  const t = useTranslations("operations");
  const actionLabel = useActionLabel();
  const query = useQuery(operationQuery(id, items));
  const op = query.data;
  const keyText = (op: JobDetailView) => (op.keyName ? op.keyName : op.keyGroup ? t("detail.keyGroup", { group: op.keyGroup }) : null);
  return (
    <div className="space-y-6">
      <Breadcrumb
        label={t("detail.breadcrumb")}
        items={[
          { label: t("title"), href: "/operations" },
          { label: id, mono: true },
        ]}
      />
      {query.isError && <ErrorPanel>{query.error.message}</ErrorPanel>}
      {op && (
        <>
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-xl font-semibold">{actionLabel(op.kind)}</h1>
            <OperationStateBadge state={op.state} />
            {canFollowUp && (
              <span className="ml-auto flex flex-wrap gap-2">
                <FollowUpActions op={op} />
              </span>
            )}
          </div>
          <FollowUpLinks op={op} />
          <section aria-labelledby="op-details" className="card p-4">
            <h2 id="op-details" className="sr-only">
              {t("detail.details")}
            </h2>
            <DetailList columns={4}>
              <Detail label={t("detail.kind")}>{actionLabel(op.kind)}</Detail>
              <Detail label={t("detail.startedBy")}>{op.actorEmail}</Detail>
              <Detail label={t("detail.created")}>
                <LocalTime iso={op.createdAt} />
              </Detail>
              <Detail label={t("detail.finished")}>{op.finishedAt && <LocalTime iso={op.finishedAt} />}</Detail>
              <Detail label={t("detail.selection")}>{selectionText(t, op.selection)}</Detail>
              {op.scheduleId && (
                <Detail label={t("detail.schedule")}>
                  <Link href={`/schedules/${op.scheduleId}`} className="text-sky-700 hover:underline dark:text-sky-400">
                    {t("list.schedule", { name: op.scheduleName ?? op.scheduleId })}
                  </Link>
                </Detail>
              )}
              {op.kind === "login.open" && <Detail label={t("detail.key")}>{keyText(op)}</Detail>}
              <Detail label={t("detail.state")}>{t(`states.${op.state}`)}</Detail>
              <Detail label={t("detail.operationId")}>
                <span className="font-mono" translate="no">
                  {op.id}
                </span>
              </Detail>
            </DetailList>
          </section>
          <section aria-labelledby="op-progress" className="card space-y-3 p-4">
            <h2 id="op-progress" className="font-semibold">
              {t("detail.progress")}
            </h2>
            <div
              role="progressbar"
              aria-label={t("detail.progressBar")}
              aria-valuemin={0}
              aria-valuemax={op.total}
              aria-valuenow={op.done}
              className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
            >
              <div className="h-full bg-sky-600 transition-all" style={{ width: `${(op.done / Math.max(op.total, 1)) * 100}%` }} />
            </div>
            <div className="flex flex-wrap items-center gap-3">
              <p role="status" className="text-sm">
                {statusText(t, op)}
              </p>
              {op.cancellable && canCancel && (
                <span className="ml-auto">
                  <CancelOperationButton operationId={op.id} />
                </span>
              )}
            </div>
          </section>
          <section aria-labelledby="op-items" className="card space-y-3 p-4">
            <div className="flex flex-wrap items-center gap-3">
              <h2 id="op-items" className="font-semibold">
                {t("detail.items")}
              </h2>
              <nav aria-label={t("detail.filterItems")} className="flex flex-wrap gap-1 text-sm">
                {ITEM_FILTERS.map((s) => {
                  const current = s === items;
                  return (
                    <Link
                      key={s ?? "all"}
                      href={s ? `/operations/${op.id}?items=${s}` : `/operations/${op.id}`}
                      aria-current={current ? "true" : undefined}
                      scroll={false}
                      className={
                        current
                          ? "rounded-md bg-slate-100 px-2 py-1 font-medium text-slate-900 dark:bg-slate-800 dark:text-white"
                          : "rounded-md px-2 py-1 text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
                      }
                    >
                      {s ? t(`itemStates.${s}`) : t("detail.all")}
                    </Link>
                  );
                })}
              </nav>
              <span className="ml-auto text-sm text-slate-500">
                {t("detail.showing", { shown: String(op.items.length), matching: String(op.itemsMatching) })}
              </span>
            </div>
            <OperationItems items={op.items} />
          </section>
        </>
      )}
    </div>
  );
}

const linkClass = "font-mono text-sky-700 hover:underline dark:text-sky-400";

/** Links both ways: the operation this one retries or reverts, and those that retried or reverted it. */
function FollowUpLinks({ op }: { op: JobDetailView }) {
  const t = useTranslations("operations.followUp");
  const lines: { key: string; text: "retryOf" | "revertOf" | "retriedAs" | "revertedBy"; id: string }[] = [];
  if (op.retryOf) lines.push({ key: `of:${op.retryOf}`, text: "retryOf", id: op.retryOf });
  if (op.revertOf) lines.push({ key: `of:${op.revertOf}`, text: "revertOf", id: op.revertOf });
  for (const f of op.followUps) lines.push({ key: f.id, text: f.kind === "retry" ? "retriedAs" : "revertedBy", id: f.id });
  if (!lines.length) return null;
  return (
    <nav aria-label={t("label")}>
      <ul className="space-y-1 text-sm">
        {lines.map((l) => (
          <li key={l.key}>
            {t.rich(l.text, {
              id: l.id,
              link: (c) => (
                <Link href={`/operations/${l.id}`} className={linkClass} translate="no">
                  {c}
                </Link>
              ),
            })}
          </li>
        ))}
      </ul>
    </nav>
  );
}
