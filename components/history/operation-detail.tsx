import Link from "next/link";
import { useTranslations } from "next-intl";
import { CopyButton } from "@/components/ui/copy-button";
import { formatUtc } from "./format";
import { ResolutionNote } from "./resolution-note";
import type { EventPreview, HistoryRow, Preview } from "@/lib/history/row";

/** The words of the fields `hidden` names (lib/history/view.ts). */
const FIELD_KEY = { actor: "actor", target: "target", "source address": "sourceAddress", "user agent": "userAgent" } as const;
const isField = (f: string): f is keyof typeof FIELD_KEY => Object.hasOwn(FIELD_KEY, f);

function Value({ value, more }: { value: Preview; more?: string }) {
  const t = useTranslations("history.detail");
  return (
    <>
      <pre className="max-h-60 overflow-auto rounded bg-white p-2 text-xs dark:bg-slate-950" translate="no">
        {value.text}
      </pre>
      {value.truncated && (
        <p className="mt-1 text-xs text-slate-500">
          {t("cutShort")}{" "}
          {more && (
            <Link href={more} className="text-sky-700 underline dark:text-sky-400">
              {t("showStored")}
            </Link>
          )}
        </p>
      )}
    </>
  );
}

const NONE = { requested: "none", completed: "noneCompleted", resolved: "noneResolved" } as const;

function EventBlock({ kind, event, more }: { kind: "requested" | "completed" | "resolved"; event: EventPreview | null; more?: string }) {
  const t = useTranslations("history.detail");
  const title = t(kind);
  return (
    <section aria-label={title} className="min-w-0 flex-1">
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {event ? (
        <>
          <p className="mb-1 text-xs">{t("eventAt", { id: String(event.id), at: formatUtc(event.at) })}</p>
          <Value value={event.json} more={more} />
        </>
      ) : (
        <p className="text-xs text-slate-500">{t(NONE[kind])}</p>
      )}
    </section>
  );
}

/** The params, result and both events of one operation; `more` links to the full stored values. */
export function OperationDetail({ row, more }: { row: HistoryRow; more?: string }) {
  const t = useTranslations("history.detail");
  const resolution = row.resolution;
  const note = () =>
    resolution && <ResolutionNote found={resolution.found} reason={resolution.found === "unknown" ? resolution.reason : null} />;
  const mono = (c: React.ReactNode) => <span className="font-mono">{c}</span>;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span>{t("operation")}</span>
        <span className="font-mono" translate="no">
          {row.operationId}
        </span>
        <CopyButton value={row.operationId} label={t("copyId")} />
        {more && (
          <Link href={more} className="text-sky-700 underline dark:text-sky-400">
            {t("openPage")}
          </Link>
        )}
      </div>
      {row.hidden.length > 0 && (
        <p className="text-xs text-slate-500">
          {t("hiddenFields", {
            fields: row.hidden.map((f) => (isField(f) ? t(`fields.${FIELD_KEY[f]}`) : f)).join(t("fieldSeparator")),
          })}
        </p>
      )}
      {row.errorMessage && (
        <p className="text-sm">
          <span className="font-mono font-semibold" translate="no">
            {row.errorCode}
          </span>
          : {row.errorMessage}
        </p>
      )}
      <section aria-label={t("params")}>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t("params")}</h3>
        {row.params ? (
          <Value value={row.params} more={more} />
        ) : (
          <pre className="rounded bg-white p-2 text-xs dark:bg-slate-950" translate="no">
            null
          </pre>
        )}
      </section>
      {row.result && (
        <section aria-label={t("result")}>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t("result")}</h3>
          <Value value={row.result} more={more} />
        </section>
      )}
      {resolution && (
        <p className="text-sm">
          {resolution.found !== "unknown" && resolution.reason
            ? t.rich("resolutionReason", { code: mono, note, reason: resolution.reason, at: formatUtc(resolution.at) })
            : t.rich("resolution", { code: mono, note, at: formatUtc(resolution.at) })}
        </p>
      )}
      <div className="flex flex-col gap-3 lg:flex-row">
        <EventBlock kind="requested" event={row.requested} more={more} />
        <EventBlock kind="completed" event={row.completed} more={more} />
        {(row.resolved || row.outcome === "unknown") && <EventBlock kind="resolved" event={row.resolved} more={more} />}
      </div>
    </div>
  );
}
