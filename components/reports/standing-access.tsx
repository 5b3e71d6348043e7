import { useTranslations } from "next-intl";
import type { StandingAccess } from "@/lib/access-report/view";

const utc = (iso: string) => `${iso.slice(0, 19).replace("T", " ")}Z`;

function Section({ title, empty, items }: { title: string; empty: string; items: React.ReactNode[] }) {
  return (
    <section className="card space-y-2 p-3">
      <h3 className="text-sm font-semibold">{title}</h3>
      {items.length ? <ul className="space-y-1 text-xs">{items}</ul> : <p className="text-xs text-slate-500">{empty}</p>}
    </section>
  );
}

/** Standing access: stale personal keys, disabled users' keys, logins with no expiry, shared groups in use. */
export function StandingAccessPanel({ standing }: { standing: StandingAccess }) {
  const t = useTranslations("reports.standing");
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <Section
        title={t("staleKeys", { days: standing.days })}
        empty={t("none")}
        items={standing.staleKeys.map((k) => (
          <li key={k.keyName}>
            <span className="font-mono">{k.keyName}</span> · {k.email} ·{" "}
            {k.lastUsedAt ? t("lastUsed", { at: utc(k.lastUsedAt) }) : t("neverUsed")}
          </li>
        ))}
      />
      <Section
        title={t("disabledKeys")}
        empty={t("none")}
        items={standing.disabledUsersKeys.map((k) => (
          <li key={k.keyName}>
            <span className="font-mono">{k.keyName}</span> · {k.email} · {t("created", { at: utc(k.createdAt) })}
          </li>
        ))}
      />
      <Section
        title={t("noExpiry")}
        empty={t("none")}
        items={standing.noExpiry.map((l) => (
          <li key={l.instanceId}>
            <span className="font-mono">{l.instanceId}</span> · {t("since", { at: utc(l.since) })}
            {l.outside ? ` · ${t("outside")}` : ` · ${l.openedBy ?? ""} ${l.keyName ?? l.keyGroup ?? ""}`}
          </li>
        ))}
      />
      <Section
        title={t("sharedGroups")}
        empty={t("none")}
        items={standing.sharedGroups.map((g) => (
          <li key={g.keyGroup}>
            <span className="font-mono">{g.keyGroup}</span> · {t("instances", { count: g.instances })}
          </li>
        ))}
      />
    </div>
  );
}
