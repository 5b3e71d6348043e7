"use client";

import { useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import Link from "next/link";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { applyView, facets as facetsOf, parseView, viewToSearch, type SortKey, type ViewParams } from "@/lib/instances/view";
import type { FleetSnapshot } from "@/lib/instances/types";
import type { Selection } from "@/lib/operations/schema";
import { useUrlText } from "../use-url-text";
import { FilterBar } from "./filter-bar";
import { InstancesTable } from "./instances-table";
import { fetchFleet } from "@/lib/queries/fleet";
import { queryKeys } from "@/lib/queries/query-keys";
import { useFleet } from "./use-fleet";
import type { BulkAction } from "./bulk-dialog";
import { LoginPolicyProvider } from "./login-policy";
import type { LeaseAction } from "./row-actions";

// One empty list for "not loaded yet", so the memos below keep their value across renders.
const NO_ROWS: FleetSnapshot["rows"] = [];

// Loaded when a bulk action is started: most visits never open it.
const BulkDialog = dynamic(() => import("./bulk-dialog").then((m) => m.BulkDialog), { ssr: false });
// Loaded from a row's menu: Extend login… and Adopt login….
const ExtendLoginDialog = dynamic(() => import("./extend-login-dialog").then((m) => m.ExtendLoginDialog), { ssr: false });
const AdoptLoginDialog = dynamic(() => import("./adopt-login-dialog").then((m) => m.AdoptLoginDialog), { ssr: false });

interface Props {
  canToggle: boolean;
  deniedReason: string;
  canPower: boolean;
  powerDeniedReason: string;
  /** CONSOLE_LOGIN_ALLOW_NO_EXPIRY: the open dialogs offer "No expiry". */
  allowNoExpiry: boolean;
}

export function InstancesView({ canToggle, deniedReason, canPower, powerDeniedReason, allowNoExpiry }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const qc = useQueryClient();
  const fleet = useFleet();
  const view = useMemo(() => parseView(new URLSearchParams(sp.toString())), [sp]);
  const [q, setQ, markSent] = useUrlText(view.q);
  const deferredQ = useDeferredValue(q);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // Set by "Select all N matching": the server resolves that filter again instead of taking N ids.
  const [allMatching, setAllMatching] = useState<{ filter: string; expected: number } | null>(null);
  const [bulk, setBulk] = useState<{ selection: Selection; action: BulkAction } | null>(null);
  const [lease, setLease] = useState<{ id: string; action: LeaseAction } | null>(null);
  const policy = useMemo(() => ({ allowNoExpiry }), [allowNoExpiry]);
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

  const rows = fleet.data?.rows ?? NO_ROWS;
  const facets = useMemo(() => facetsOf(rows), [rows]);
  const outside = useMemo(() => rows.reduce((n, r) => (r.login.open && r.login.outside ? n + 1 : n), 0), [rows]);
  const visible = useMemo(() => applyView(rows, { ...view, q: deferredQ }), [rows, view, deferredQ]);

  const onSort = (key: SortKey) =>
    navigate({ ...latest.current, q, sort: key, dir: latest.current.sort === key && latest.current.dir === "asc" ? "desc" : "asc" });
  const refresh = async () => {
    setRefreshing(true);
    try {
      qc.setQueryData(queryKeys.fleet, await fetchFleet(true));
    } finally {
      setRefreshing(false);
    }
  };
  const allMatchingSelected = visible.length > 0 && visible.every((r) => selected.has(r.id));
  const select = (next: Set<string>) => {
    setSelected(next);
    setAllMatching(null);
  };
  const selectAllMatching = () => {
    setSelected(new Set(visible.map((r) => r.id)));
    setAllMatching({ filter: viewToSearch({ ...view, q: deferredQ }).replace(/^\?/, ""), expected: visible.length });
  };
  const startBulk = (action: BulkAction) =>
    setBulk({ action, selection: allMatching ? { filter: allMatching.filter, expected: allMatching.expected } : { ids: [...selected] } });

  return (
    <LoginPolicyProvider policy={policy}>
      <div className="space-y-4">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold">Instances</h1>
          <span className="text-sm text-slate-500" aria-live="polite">
            {fleet.isLoading ? "Loading…" : `${visible.length.toLocaleString()} of ${rows.length.toLocaleString()} instances`}
          </span>
          <span className="ml-auto text-xs text-slate-500">
            {fleet.data && (
              <>
                Data as of <time dateTime={fleet.data.asOf}>{new Date(fleet.data.asOf).toLocaleTimeString()}</time>
              </>
            )}
          </span>
          <button type="button" className="btn-secondary" onClick={refresh} disabled={refreshing}>
            {refreshing ? "Refreshing…" : "Refresh"}
          </button>
          <ExportLinks search={viewToSearch(view)} />
        </div>
        <FilterBar view={view} facets={facets} q={q} onQ={setQ} onChange={(patch) => navigate({ ...latest.current, q, ...patch })} />
        {outside > 0 && <OutsideLine count={outside} search={sp.toString()} />}
        {fleet.isError && (
          <p role="alert" className="text-sm text-red-700">
            {(fleet.error as Error).message}
          </p>
        )}
        {(selected.size > 0 || visible.length > 0) && (
          <div role="toolbar" aria-label="Bulk actions" className="card flex flex-wrap items-center gap-2 p-2 text-sm">
            <span>
              <strong>{selected.size}</strong> selected{allMatching ? " (all matching)" : ""}
            </span>
            {!allMatchingSelected && visible.length > 0 && (
              <button type="button" className="btn-secondary" onClick={selectAllMatching}>
                Select all {visible.length} matching
              </button>
            )}
            <button type="button" className="btn-secondary" onClick={() => select(new Set())}>
              Clear selection
            </button>
            <span className="ml-auto" />
            {(
              [
                ["open", "Open login…", canToggle, deniedReason],
                ["close", "Close login…", canToggle, deniedReason],
                ["reboot", "Reboot…", canPower, powerDeniedReason],
                ["reset", "Reset…", canPower, powerDeniedReason],
              ] as const
            ).map(([action, label, allowed, reason]) => (
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
          rows={visible}
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
        {lease?.action === "extend" && (
          <ExtendLoginDialog instanceId={lease.id} lease={rows.find((r) => r.id === lease.id)?.login.lease ?? null} onClose={closeLease} />
        )}
        {lease?.action === "adopt" && <AdoptLoginDialog instanceId={lease.id} onClose={closeLease} />}
      </div>
    </LoginPolicyProvider>
  );
}

/** The current view's matching rows as a file (streamed by the server, audited as instances.export). */
function ExportLinks({ search }: { search: string }) {
  const href = (format: "csv" | "jsonl") => `/api/instances/export${search ? `${search}&` : "?"}format=${format}`;
  return (
    <span className="flex gap-2 text-sm">
      <a className="btn-secondary" href={href("csv")} download>
        Export CSV
      </a>
      <a className="btn-secondary" href={href("jsonl")} download>
        Export JSON Lines
      </a>
    </span>
  );
}

/** "N opened outside the console", linking to the same view filtered on them. */
function OutsideLine({ count, search }: { count: number; search: string }) {
  const sp = new URLSearchParams(search);
  sp.set("login", "outside");
  sp.delete("at");
  return (
    <p className="text-sm text-amber-900 dark:text-amber-200">
      <span aria-hidden>⚠ </span>
      <Link href={`/instances?${sp}`} className="underline hover:no-underline">
        {count.toLocaleString()} opened outside the console
      </Link>
    </p>
  );
}
