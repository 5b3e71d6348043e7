import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { OperationDetail } from "@/components/history/operation-detail";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { ErrorPanel } from "@/components/ui/error-panel";
import { formatUtc } from "@/components/history/format";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readHistoryOperation } from "@/lib/history/read";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("history.meta"))("operation") };
}
export const dynamic = "force-dynamic";

/** One operation with its stored values (bounded for values written before the write-time cap). */
export default async function OperationPage({ params }: { params: Promise<{ operationId: string }> }) {
  const user = await requireUser();
  if (!can(user.role, "history.read")) return <ErrorPanel>{deniedReason(user.role, "history.read", await getLocale())}</ErrorPanel>;
  const [t, history, operations] = await Promise.all([
    getTranslations("history.operation"),
    getTranslations("history"),
    // The breadcrumb's name ("Breadcrumb"), as the operations page says it.
    getTranslations("operations.detail"),
  ]);
  const { operationId } = await params;
  const row = await readHistoryOperation(user, operationId);
  return (
    <div className="space-y-4">
      <Breadcrumb
        label={operations("breadcrumb")}
        items={[
          { label: history("title"), href: "/history" },
          { label: operationId, mono: true },
        ]}
      />
      {row ? (
        <>
          <h1 className="text-xl font-semibold">
            {t.rich("heading", {
              action: row.action,
              at: formatUtc(row.at),
              code: (c) => <span className="font-mono">{c}</span>,
            })}
          </h1>
          <div className="card p-3">
            <OperationDetail row={row} />
          </div>
        </>
      ) : (
        <ErrorPanel>{t("notFound")}</ErrorPanel>
      )}
    </div>
  );
}
