"use client";

import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import Link from "next/link";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { parseView, viewToSearch, type SortKey, type ViewParams } from "@/lib/instances/list-params";
import type { Selection } from "@/lib/jobs/schema";
import type { AccessMode } from "@/lib/policy/access-mode";
import { withSavedQuery, type AppliedView, type SavedViewsMenu } from "@/lib/views/view";
import { AppliedViewNotice, SavedViews } from "@/components/views/saved-views";
import { ErrorPanel } from "@/components/ui/error-panel";
import { useUrlText } from "../use-url-text";
import { FilterBar } from "./filter-bar";
import { InstancesTable } from "./instances-table";
import { fetchFleetPage, fleetFacetsQuery, fleetPageQuery, PAGE_ROWS, type FleetPage } from "@/lib/queries/fleet";
import { queryKeys } from "@/lib/queries/query-keys";
import type { BulkAction } from "./bulk-dialog";
import { cachedRow } from "./login-cache";
import { LoginPolicyProvider, type MyKeyChoice } from "./login-policy";
import { bulkSelection, selectionCount } from "./request-selection";
import type { LeaseAction } from "./row-actions";

const NO_FACETS = { node: [], server: [], state: [], spec: [], tag: [], tooMany: [] };

/** The pages holding positions [start, end). */
function pagesOf(start: number, end: number): number[] {
  const first = Math.floor(start / PAGE_ROWS);
  const last = Math.max(first, Math.floor(Math.max(start, end - 1) / PAGE_ROWS));
  return Array.from({ length: last - first + 1 }, (_, k) => first + k);
}

// Loaded when a bulk action is started: most visits never open it.
const BulkDialog = dynamic(() => import("./bulk-dialog").then((m) => m.BulkDialog), { ssr: false });
// Loaded from a row's menu: Extend login… and Adopt login….
const ExtendLoginDialog = dynamic(() => import("./extend-login-dialog").then((m) => m.ExtendLoginDialog), { ssr: false });
const AdoptLoginDialog = dynamic(() => import("./adopt-login-dialog").then((m) => m.AdoptLoginDialog), { ssr: false });
// Loaded from the toolbar's Request login on N, where logins are asked for.
const RequestLoginDialog = dynamic(() => import("./request-login-dialog").then((m) => m.RequestLoginDialog), { ssr: false });

interface Props {
  canToggle: boolean;
  deniedReason: string;
  canPower: boolean;
  powerDeniedReason: string;
  /** CONSOLE_LOGIN_ALLOW_NO_EXPIRY: the open dialogs offer "No expiry". */
  allowNoExpiry: boolean;
  /** How this user gets a login under the access policy: open at once, request, or neither. */
  loginMode?: AccessMode;
  /** Break glass… is offered (one instance, from the request dialog). */
  breakGlass?: boolean;
  /** The longest login a request may ask for. */
  requestMaxMinutes?: number;
  /** The Views menu (saved views); absent, no Save view or Views. */
  savedViews?: SavedViewsMenu;
  /** The saved view `?view=<id>` names, as the server read it. */
  appliedView?: AppliedView | null;
  /** The user's own personal keys: the key pickers offer them first and choose the first. */
  myKeys?: readonly MyKeyChoice[];
  /** The policy's `personal keys only`: no shared key or group is offered. */
  personalKeysOnly?: boolean;
}

export function InstancesView({
  canToggle,
  deniedReason,
  canPower,
  powerDeniedReason,
  allowNoExpiry,
  loginMode = "direct",
  breakGlass = false,
  requestMaxMinutes,
  savedViews,
  appliedView = null,
  myKeys,
  personalKeysOnly = false,
}: Props) {
  const t = useTranslations("instances.list");
  const tb = useTranslations("instances.bulk");
  const locale = useLocale();
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const qc = useQueryClient();
  // `?view=<id>` reads as the saved view's parameters (the server found it visible to this user).
  const applied = appliedView && !("missing" in appliedView) && sp.get("view") === appliedView.id ? appliedView : null;
  const view = useMemo(() => {
    const url = new URLSearchParams(sp.toString());
    return parseView(applied ? withSavedQuery(applied.query, url) : url);
  }, [sp, applied]);
  const [q, setQ, markSent] = useUrlText(view.q);
  const deferredQ = useDeferredValue(q);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // Set by "Select all N matching": the server resolves that filter again instead of taking N ids.
  const [allMatching, setAllMatching] = useState<{ filter: string; expected: number } | null>(null);
  const [bulk, setBulk] = useState<{ selection: Selection; action: BulkAction } | null>(null);
  const [lease, setLease] = useState<{ id: string; action: LeaseAction } | null>(null);
  const [requesting, setRequesting] = useState<Selection | null>(null);
  const policy = useMemo(
    () => ({ allowNoExpiry, loginMode, breakGlass, requestMaxMinutes, myKeys, personalKeysOnly }),
    [allowNoExpiry, loginMode, breakGlass, requestMaxMinutes, myKeys, personalKeysOnly],
  );
  const closeLease = useCallback(() => setLease(null), []);
  const [refreshing, setRefreshing] = useState(false);

  // Two quick filter changes must both stick, though the URL (and so `view`) updates a beat later.
  // A render of an older URL while our own replace is still pending (seen in CI: the node chosen
  // first was lost when the login filter followed) must not roll `latest` back; any other URL
  // change (Back, a link) is taken as the new view.
  const latest = useRef(view);
  const pending = useRef<string | null>(null);
  useEffect(() => {
    const search = viewToSearch(view);
    if (pending.current !== null && search !== pending.current) return;
    pending.current = null;
    latest.current = view;
  }, [view]);
  const navigate = (next: ViewParams) => {
    latest.current = next;
    // Normalised the way the URL will be read back, so the awaited render is recognised.
    pending.current = viewToSearch(parseView(new URLSearchParams(viewToSearch(next))));
    markSent(next.q);
    router.replace(`${pathname}${viewToSearch(next)}`, { scroll: false });
  };
  // Typing filters at once; the URL follows after a pause, as one replaced entry, not one per key.
  useEffect(() => {
    if (q === view.q) return;
    const t = setTimeout(() => navigate({ ...latest.current, q }), 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only typing starts the timer; navigate and view are read fresh through latest
  }, [q]);

  // The server filters, searches, sorts and counts; this page asks for the rows on screen.
  const search = viewToSearch({ ...view, q: deferredQ });
  const [range, setRange] = useState({ start: 0, end: PAGE_ROWS });
  const onRange = useCallback(
    (start: number, end: number) => setRange((r) => (r.start === start && r.end === end ? r : { start, end })),
    [],
  );
  const pages = pagesOf(range.start, range.end);
  const results = useQueries({ queries: [0, ...pages.filter((p) => p !== 0)].map((p) => fleetPageQuery(search, p)) });
  const byPage = new Map<number, FleetPage>();
  [0, ...pages.filter((p) => p !== 0)].forEach((p, k) => results[k].data && byPage.set(p, results[k].data));
  const head = results[0];
  const fleet = head.data;
  const facets = useQuery(fleetFacetsQuery).data ?? NO_FACETS;
  const matching = fleet?.matching ?? 0;
  const rowAt = (i: number) => byPage.get(Math.floor(i / PAGE_ROWS))?.rows[i % PAGE_ROWS];

  const onSort = (key: SortKey) =>
    navigate({ ...latest.current, q, sort: key, dir: latest.current.sort === key && latest.current.dir === "asc" ? "desc" : "asc" });
  const refresh = async () => {
    setRefreshing(true);
    try {
      await fetchFleetPage(search, 0, true);
      await qc.invalidateQueries({ queryKey: queryKeys.fleet });
      await qc.invalidateQueries({ queryKey: queryKeys.fleetFacets });
    } finally {
      setRefreshing(false);
    }
  };
  const allMatchingSelected = allMatching !== null;
  const select = (next: Set<string>) => {
    setSelected(next);
    setAllMatching(null);
  };
  const selectAllMatching = () => {
    setSelected(new Set([...byPage.values()].flatMap((p) => p.rows.map((r) => r.id))));
    setAllMatching({ filter: search.replace(/^\?/, ""), expected: matching });
  };
  const startBulk = (action: BulkAction) => setBulk({ action, selection: bulkSelection(allMatching, selected) });
  const requestCount = selectionCount(bulkSelection(allMatching, selected));

  return (
    <LoginPolicyProvider policy={policy}>
      <div className="space-y-4">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold">{t("heading")}</h1>
          <span className="text-sm text-slate-500" aria-live="polite">
            {!fleet ? t("loading") : t("count", { matching, total: fleet.total })}
          </span>
          <span className="ml-auto text-xs text-slate-500">
            {fleet &&
              t.rich("asOf", {
                time: new Date(fleet.asOf).toLocaleTimeString(locale),
                when: (c) => <time dateTime={fleet.asOf}>{c}</time>,
              })}
          </span>
          <button type="button" className="btn-secondary" onClick={refresh} disabled={refreshing}>
            {refreshing ? t("refreshing") : t("refresh")}
          </button>
          <ExportLinks search={viewToSearch(view)} />
          {savedViews && <SavedViews menu={savedViews} query={viewToSearch(view).replace(/^\?/, "")} />}
        </div>
        {appliedView && sp.get("view") === appliedView.id && <AppliedViewNotice name={applied?.name} missing={"missing" in appliedView} />}
        <FilterBar
          view={view}
          facets={facets}
          loginCounts={fleet?.loginCounts}
          q={q}
          onQ={setQ}
          onChange={(patch) => navigate({ ...latest.current, q, ...patch })}
        />
        {(fleet?.outside ?? 0) > 0 && <OutsideLine count={fleet!.outside} search={sp.toString()} />}
        {head.isError && <ErrorPanel>{(head.error as Error).message}</ErrorPanel>}
        {(selected.size > 0 || matching > 0) && (
          <div role="toolbar" aria-label={tb("toolbar")} className="card flex flex-wrap items-center gap-2 p-2 text-sm">
            <span>
              {allMatching
                ? tb.rich("selectedAll", { count: allMatching.expected, strong: (c) => <strong>{c}</strong> })
                : tb.rich("selected", { count: selected.size, strong: (c) => <strong>{c}</strong> })}
            </span>
            {!allMatchingSelected && matching > 0 && (
              <button type="button" className="btn-secondary" onClick={selectAllMatching}>
                {tb("selectAll", { count: matching })}
              </button>
            )}
            <button type="button" className="btn-secondary" onClick={() => select(new Set())}>
              {tb("clear")}
            </button>
            <span className="ml-auto" />
            {loginMode === "request" && (
              // Hidden while its dialog is open: the dialog's own button then reads the same.
              <button
                type="button"
                className={requesting ? "btn-primary invisible" : "btn-primary"}
                disabled={requestCount === 0}
                onClick={() => setRequesting(bulkSelection(allMatching, selected))}
              >
                {tb("request", { count: requestCount })}
              </button>
            )}
            {(
              [
                ["open", tb("open"), canToggle, deniedReason],
                ["close", tb("close"), canToggle, deniedReason],
                ["reboot", tb("reboot"), canPower, powerDeniedReason],
                ["reset", tb("reset"), canPower, powerDeniedReason],
              ] as const
            )
              // Where logins are requested, Request login on N stands in for Open login….
              .filter(([action]) => !(action === "open" && loginMode === "request"))
              .map(([action, label, allowed, reason]) => (
                <button
                  key={action}
                  type="button"
                  className={action === "open" ? "btn-primary" : "btn-secondary"}
                  disabled={!allowed}
                  title={allowed ? undefined : reason}
                  onClick={() => startBulk(action)}
                >
                  {label}
                </button>
              ))}
          </div>
        )}
        <InstancesTable
          count={matching}
          rowAt={rowAt}
          onRange={onRange}
          allSelected={allMatchingSelected}
          loading={!fleet}
          view={view}
          onSort={onSort}
          selected={selected}
          onSelect={select}
          canToggle={canToggle}
          deniedReason={deniedReason}
          canPower={canPower}
          powerDeniedReason={powerDeniedReason}
          onPower={(id, action) => setBulk({ action, selection: { ids: [id] } })}
          onLease={(id, action) => setLease({ id, action })}
        />
        {/* A started operation navigates to its page; closing here means the user cancelled, so the selection stays. */}
        {bulk && <BulkDialog selection={bulk.selection} action={bulk.action} onClose={() => setBulk(null)} />}
        {/* A sent request keeps the selection too: the toast links to the request. */}
        {requesting && <RequestLoginDialog selection={requesting} onClose={() => setRequesting(null)} />}
        {lease?.action === "extend" && (
          <ExtendLoginDialog instanceId={lease.id} lease={cachedRow(qc, lease.id)?.login.lease ?? null} onClose={closeLease} />
        )}
        {lease?.action === "adopt" && <AdoptLoginDialog instanceId={lease.id} onClose={closeLease} />}
      </div>
    </LoginPolicyProvider>
  );
}

/** The current view's matching rows as a file (streamed by the server, audited as instances.export). */
function ExportLinks({ search }: { search: string }) {
  const t = useTranslations("instances.list");
  const href = (format: "csv" | "jsonl") => `/api/instances/export${search ? `${search}&` : "?"}format=${format}`;
  return (
    <span className="flex gap-2 text-sm">
      <a className="btn-secondary" href={href("csv")} download>
        {t("exportCsv")}
      </a>
      <a className="btn-secondary" href={href("jsonl")} download>
        {t("exportJsonl")}
      </a>
    </span>
  );
}

/** "N opened outside the console", linking to the same view filtered on them. */
function OutsideLine({ count, search }: { count: number; search: string }) {
  const t = useTranslations("instances.list");
  const sp = new URLSearchParams(search);
  sp.set("login", "outside");
  sp.delete("at");
  return (
    <p className="text-sm text-amber-900 dark:text-amber-200">
      <span aria-hidden>⚠ </span>
      <Link href={`/instances?${sp}`} className="underline hover:no-underline">
        {t("outside", { count })}
      </Link>
    </p>
  );
}
