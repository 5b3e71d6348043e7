"use client";

import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import type { SavedViewItem, SavedViewsMenu } from "@/lib/views/view";

// Loaded when one is opened: most visits never save, rename or delete a view.
const SaveViewDialog = dynamic(() => import("./view-dialogs").then((m) => m.SaveViewDialog), { ssr: false });
const RenameViewDialog = dynamic(() => import("./view-dialogs").then((m) => m.RenameViewDialog), { ssr: false });
const DeleteViewDialog = dynamic(() => import("./view-dialogs").then((m) => m.DeleteViewDialog), { ssr: false });

const itemClass = "rounded px-2 py-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800";

/** The instance list's `Save view` button and `Views` menu; `query` is the list's URL parameters now. */
export function SavedViews({ menu, query }: { menu: SavedViewsMenu; query: string }) {
  const t = useTranslations("views");
  const [saving, setSaving] = useState(false);
  const [renaming, setRenaming] = useState<SavedViewItem | null>(null);
  const [deleting, setDeleting] = useState<SavedViewItem | null>(null);
  return (
    <>
      <button type="button" className="btn-secondary" onClick={() => setSaving(true)}>
        {t("save.button")}
      </button>
      <ViewsMenu menu={menu} onRename={setRenaming} onDelete={setDeleting} />
      {saving && <SaveViewDialog query={query} onClose={() => setSaving(false)} />}
      {renaming && <RenameViewDialog view={renaming} onClose={() => setRenaming(null)} />}
      {deleting && <DeleteViewDialog view={deleting} onClose={() => setDeleting(null)} />}
    </>
  );
}

function ViewsMenu({
  menu,
  onRename,
  onDelete,
}: {
  menu: SavedViewsMenu;
  onRename: (v: SavedViewItem) => void;
  onDelete: (v: SavedViewItem) => void;
}) {
  const t = useTranslations("views.menu");
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const panelId = useId();
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);
  const act = (fn: (v: SavedViewItem) => void) => (v: SavedViewItem) => {
    setOpen(false);
    fn(v);
  };
  return (
    <div ref={ref} className="relative">
      <button type="button" className="btn-secondary" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        {t("button")} <span aria-hidden>▾</span>
      </button>
      {open && (
        <nav id={panelId} aria-label={t("label")} className="card absolute right-0 z-30 mt-1 max-h-96 w-80 overflow-y-auto p-2">
          <ViewList
            title={t("mine")}
            empty={t("noneMine")}
            views={menu.mine}
            onRename={act(onRename)}
            onDelete={act(onDelete)}
            onPick={() => setOpen(false)}
          />
          <ViewList
            title={t("shared")}
            empty={t("noneShared")}
            views={menu.shared}
            onRename={act(onRename)}
            onDelete={act(onDelete)}
            onPick={() => setOpen(false)}
            className="mt-2 border-t border-slate-200 pt-2 dark:border-slate-700"
          />
        </nav>
      )}
    </div>
  );
}

function ViewList({
  title,
  empty,
  views,
  onRename,
  onDelete,
  onPick,
  className,
}: {
  title: string;
  empty: string;
  views: SavedViewItem[];
  onRename: (v: SavedViewItem) => void;
  onDelete: (v: SavedViewItem) => void;
  /** A view was chosen: the menu closes as the list shows it. */
  onPick: () => void;
  className?: string;
}) {
  const t = useTranslations("views.menu");
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={className}>
      <h2 id={headingId} className="px-2 py-1 text-xs font-medium text-slate-500">
        {title}
      </h2>
      {views.length === 0 ? (
        <p className="px-2 py-1 text-xs text-slate-500">{empty}</p>
      ) : (
        <ul className="space-y-0.5">
          {views.map((v) => (
            <li key={v.id} className="flex items-center gap-1">
              <Link
                href={`/instances?view=${v.id}`}
                className={`${itemClass} min-w-0 flex-1 truncate`}
                title={v.query || undefined}
                onClick={onPick}
              >
                {v.name}
                {!v.mine && <span className="ml-1 text-xs text-slate-500">{t("by", { email: v.ownerEmail })}</span>}
                {v.mine && v.shared && <span className="ml-1 rounded bg-slate-200 px-1 text-xs dark:bg-slate-700">{t("sharedBadge")}</span>}
              </Link>
              {v.manageable && (
                <>
                  <button
                    type="button"
                    className={`${itemClass} text-xs`}
                    aria-label={t("renameLabel", { name: v.name })}
                    onClick={() => onRename(v)}
                  >
                    {t("rename")}
                  </button>
                  <button
                    type="button"
                    className={`${itemClass} text-xs text-red-700 dark:text-red-300`}
                    aria-label={t("deleteLabel", { name: v.name })}
                    onClick={() => onDelete(v)}
                  >
                    {t("delete")}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Above the list while `/instances?view=<id>` applies a saved view, or names one the user cannot see. */
export function AppliedViewNotice({ name, missing }: { name?: string; missing?: boolean }) {
  const t = useTranslations("views.applied");
  if (missing)
    return (
      <p role="status" className="text-sm text-amber-900 dark:text-amber-200">
        {t("missing")}
      </p>
    );
  return (
    <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
      {t("showing", { name: name ?? "" })}
    </p>
  );
}
