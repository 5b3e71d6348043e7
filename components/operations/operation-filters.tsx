"use client";

import { useRouter } from "next/navigation";
import { operationListSearch } from "@/lib/queries/operations";
import type { OperationListFilter } from "@/lib/operations/schema";
import { OPERATION_KINDS, OPERATION_STATES } from "@/lib/operations/types";
import { KIND_LABEL } from "./state-badges";

const label = "flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400";

/** Every filter lives in the URL: applying one navigates (back to the newest page), so a copied URL reproduces the view. */
export function OperationFilters({ initial }: { initial: OperationListFilter }) {
  const router = useRouter();
  return (
    <form
      role="search"
      aria-label="Filter operations"
      className="card flex flex-wrap items-end gap-3 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const text = (k: string) => String(data.get(k) ?? "").trim() || undefined;
        const qs = operationListSearch({
          kind: text("kind") as OperationListFilter["kind"],
          state: text("state") as OperationListFilter["state"],
          actor: text("actor"),
        }).toString();
        router.push(qs ? `/operations?${qs}` : "/operations");
      }}
    >
      <label className={label}>
        Kind
        <select name="kind" defaultValue={initial.kind ?? ""} className="input">
          <option value="">Any</option>
          {OPERATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      <label className={label}>
        State
        <select name="state" defaultValue={initial.state ?? ""} className="input">
          <option value="">Any</option>
          {OPERATION_STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className={label}>
        Actor
        <input name="actor" defaultValue={initial.actor} placeholder="email" className="input w-56" />
      </label>
      <div className="flex gap-2">
        <button type="submit" className="btn-primary">
          Apply filters
        </button>
        <button type="button" className="btn-secondary" onClick={() => router.push("/operations")}>
          Clear
        </button>
      </div>
    </form>
  );
}
