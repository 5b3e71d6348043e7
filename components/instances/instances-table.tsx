"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import type { InstanceView } from "@/lib/instances/view";
import type { SortKey, ViewParams } from "@/lib/instances/list-params";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyRow, Table, Tbody, Td, Th, THead, Tr } from "@/components/ui/table";
import { LoginSwitch } from "./login-switch";
import { RowActions, type LeaseAction, type PowerAction } from "./row-actions";
import { StateBadge } from "./state-badge";

const ROW_HEIGHT = 44;
const OVERSCAN = 12;
type Column = "select" | "instance" | "name" | "server" | "node" | "spec" | "image" | "ip" | "state" | "status" | "login" | "actions";
const COLUMNS: { key?: SortKey; label: Column; className?: string }[] = [
  { label: "select" },
  { key: "id", label: "instance", className: "w-64" },
  { key: "name", label: "name" },
  { key: "server", label: "server" },
  { key: "node", label: "node" },
  { key: "spec", label: "spec" },
  { label: "image" },
  { label: "ip" },
  { key: "state", label: "state" },
  { label: "status" },
  { key: "login", label: "login", className: "w-60" },
  { label: "actions", className: "w-20" },
];

interface Props {
  /** Rows matching the view; only those on screen are loaded. */
  count: number;
  /** The row at a position, or undefined while its page loads. */
  rowAt: (i: number) => InstanceView | undefined;
  /** The positions on screen (with overscan) changed: their pages are loaded. */
  onRange: (start: number, end: number) => void;
  /** Every matching row is selected ("Select all N matching"). */
  allSelected: boolean;
  /** Nothing loaded yet, not even the first page. */
  loading: boolean;
  view: ViewParams;
  onSort: (k: SortKey) => void;
  selected: Set<string>;
  onSelect: (s: Set<string>) => void;
  canToggle: boolean;
  deniedReason: string;
  canPower: boolean;
  powerDeniedReason: string;
  onPower: (id: string, action: PowerAction) => void;
  onLease: (id: string, action: LeaseAction) => void;
}

/** Renders only the rows on screen, loaded a page at a time, so 100,000 instances scroll like 50. */
export function InstancesTable({
  count,
  rowAt,
  onRange,
  allSelected,
  loading,
  view,
  onSort,
  selected,
  onSelect,
  canToggle,
  deniedReason,
  canPower,
  powerDeniedReason,
  onPower,
  onLease,
}: Props) {
  const t = useTranslations("instances.table");
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  // Rows have a fixed height, so the visible window is plain arithmetic: no measuring per row.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setViewport({ top: el.scrollTop, height: el.clientHeight }));
    };
    update();
    el.addEventListener("scroll", update, { passive: true });
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener("scroll", update);
      ro.disconnect();
    };
  }, []);
  const first = Math.min(count, Math.max(0, Math.floor(viewport.top / ROW_HEIGHT)));
  const start = Math.max(0, first - OVERSCAN);
  const end = Math.min(count, Math.ceil((viewport.top + viewport.height) / ROW_HEIGHT) + OVERSCAN);
  useEffect(() => onRange(start, end), [start, end, onRange]);

  // The first visible row goes into the URL (`at`), so a copied link lands on the same spot.
  useEffect(() => {
    const at = Number(new URLSearchParams(location.search).get("at") ?? 0);
    if (at > 0 && at < count && scrollRef.current) scrollRef.current.scrollTop = at * ROW_HEIGHT;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- restore the scroll once, when the first rows arrive
  }, [count > 0]);
  useEffect(() => {
    const t = setTimeout(() => {
      const url = new URL(location.href);
      if (first > 0) url.searchParams.set("at", String(first));
      else url.searchParams.delete("at");
      if (url.href !== location.href) window.history.replaceState(window.history.state, "", url);
    }, 400);
    return () => clearTimeout(t);
  }, [first]);

  const toggleRow = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };
  const top = start * ROW_HEIGHT;
  const bottom = (count - end) * ROW_HEIGHT;
  const positions = Array.from({ length: Math.max(0, end - start) }, (_, k) => start + k);

  return (
    <div ref={scrollRef} className="card max-h-[calc(100vh-250px)] min-h-64 overflow-auto" data-testid="instances-scroll">
      <Table container="none" className="min-w-[1200px] table-fixed" aria-rowcount={count + 1} aria-busy={loading}>
        <THead sticky>
          {COLUMNS.map((c, i) => (
            <Th
              key={i}
              className={`${i === 0 ? "w-8" : ""} ${c.className ?? ""}`}
              aria-sort={c.key && view.sort === c.key ? (view.dir === "asc" ? "ascending" : "descending") : undefined}
            >
              {c.key ? (
                <button type="button" className="uppercase hover:text-slate-900 dark:hover:text-white" onClick={() => onSort(c.key!)}>
                  {t(`columns.${c.label}`)} {view.sort === c.key ? (view.dir === "asc" ? "▲" : "▼") : ""}
                </button>
              ) : c.label === "select" ? (
                <span className="sr-only">{t("columns.select")}</span>
              ) : (
                t(`columns.${c.label}`)
              )}
            </Th>
          ))}
        </THead>
        <Tbody>
          {top > 0 && <tr aria-hidden style={{ height: top }} />}
          {positions.map((pos) => {
            const r = rowAt(pos);
            if (!r)
              return (
                <Tr key={`pending-${pos}`} aria-rowindex={pos + 2} style={{ height: ROW_HEIGHT }} align="middle">
                  <Td tight colSpan={COLUMNS.length} className="text-xs text-slate-500">
                    {t("loading")}
                  </Td>
                </Tr>
              );
            return (
              <Tr key={r.id} aria-rowindex={pos + 2} hover align="middle" style={{ height: ROW_HEIGHT }}>
                <Td tight>
                  <input
                    type="checkbox"
                    aria-label={t("selectRow", { id: r.id })}
                    checked={allSelected || selected.has(r.id)}
                    onChange={() => toggleRow(r.id)}
                  />
                </Td>
                <Td tight className="truncate font-mono text-xs">
                  <Link href={`/instances/${r.id}`} className="text-sky-700 hover:underline dark:text-sky-400">
                    {r.id}
                  </Link>
                  <CopyButton value={r.id} label={t("copy", { id: r.id })} />
                </Td>
                <Td tight className="truncate" title={r.name}>
                  {r.name}
                </Td>
                <Td tight className="truncate font-mono text-xs" title={r.serverName}>
                  {r.serverId}
                </Td>
                <Td tight className="truncate text-xs">
                  {r.node}
                </Td>
                <Td tight className="truncate text-xs">
                  {r.spec}
                </Td>
                <Td tight className="truncate font-mono text-xs" title={r.imageId}>
                  {r.imageId}
                </Td>
                <Td tight className="truncate font-mono text-xs">
                  {r.ip}
                </Td>
                <Td tight>
                  <StateBadge value={r.state} />
                </Td>
                <Td tight>
                  <StateBadge value={r.status} />
                </Td>
                <Td tight>
                  <LoginSwitch instanceId={r.id} login={r.login} canToggle={canToggle} deniedReason={deniedReason} />
                </Td>
                <Td tight>
                  <RowActions
                    instanceId={r.id}
                    login={r.login}
                    canToggle={canToggle}
                    loginDeniedReason={deniedReason}
                    canPower={canPower}
                    powerDeniedReason={powerDeniedReason}
                    onPower={onPower}
                    onLease={onLease}
                  />
                </Td>
              </Tr>
            );
          })}
          {bottom > 0 && <tr aria-hidden style={{ height: bottom }} />}
          {count === 0 && !loading && <EmptyRow columns={COLUMNS.length}>{t("empty")}</EmptyRow>}
        </Tbody>
      </Table>
    </div>
  );
}
