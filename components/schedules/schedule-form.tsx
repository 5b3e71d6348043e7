"use client";

import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { showErrorToast, showSuccessToast } from "@/components/error-toast";
import { invalidInput, UNREACHABLE } from "@/components/form-errors";
import { KeyPicker, parseChoice } from "@/components/instances/key-picker";
import { LoginPolicyProvider, type MyKeyChoice } from "@/components/instances/login-policy";
import { Field } from "@/components/ui/field";
import { createSchedule, updateSchedule } from "@/lib/actions/schedules";
import { COMMON_TIME_ZONES } from "@/lib/schedules/occurrences";
import { createScheduleInput, SCHEDULE_ACTIONS, updateScheduleInput, type ScheduleAction } from "@/lib/schedules/schema";
import type { ScheduleView } from "@/lib/schedules/view";
import type { SavedViewsMenu } from "@/lib/views/view";
import { safeParseIn } from "@/lib/validation/localize";
import { NextRunsPreview } from "./next-runs";
import { actionKey } from "./words";
import { instantOf, parseStopFailures, stopFailuresText, wallTimeOf } from "./zone-time";

type When = "repeat" | "once";

/** The form's fields as typed (strings), before they become the action's input. */
interface Draft {
  name: string;
  viewId: string;
  action: ScheduleAction;
  key: string;
  duration: string;
  when: When;
  repeat: string;
  runAt: string;
  timeZone: string;
  reason: string;
  maxInstances: string;
  maxConcurrent: string;
  maxPerSecond: string;
  stopFailures: string;
}

function draftOf(s: ScheduleView | undefined): Draft {
  if (!s)
    return {
      name: "",
      viewId: "",
      action: "login.close",
      key: "",
      duration: "60",
      when: "repeat",
      repeat: "0 2 * * *",
      runAt: "",
      timeZone: "Asia/Shanghai",
      reason: "",
      maxInstances: "100",
      maxConcurrent: "5",
      maxPerSecond: "2",
      stopFailures: "",
    };
  return {
    name: s.name,
    viewId: s.viewId,
    action: s.action,
    key: s.keyName ? `key:${s.keyName}` : s.keyGroup ? `group:${s.keyGroup}` : "",
    duration: String(s.durationMinutes ?? 60),
    when: s.repeat ? "repeat" : "once",
    repeat: s.repeat ?? "0 2 * * *",
    runAt: s.runAt ? wallTimeOf(s.runAt, s.timeZone) : "",
    timeZone: s.timeZone,
    reason: s.reason,
    maxInstances: String(s.maxInstances),
    maxConcurrent: String(s.maxConcurrent),
    maxPerSecond: String(s.maxPerSecond),
    stopFailures: stopFailuresText(s),
  };
}

const num = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));

/** Which field of the form shows an error on the input's `path`. */
function fieldOf(path: string): string {
  if (path === "keyName" || path === "keyGroup") return "key";
  if (path === "durationMinutes") return "duration";
  if (path === "stopFailuresCount" || path === "stopFailuresPercent") return "stopFailures";
  return path;
}

/**
 * The schedule form, to create one (`Create schedule`) or edit `initial` (`Save schedule`): what
 * (`Action` on the instances of the `Target view`, with a key and a duration for `Open login`),
 * when (`Repeat`, a cron rule, or `Run at` one time, in the `Time zone`, the next five runs
 * previewed), how fast (`At most N instances`, `At most at once`, `At most per second`, `Stop when
 * failures exceed`) and why (`Reason`). Parsed with the action's own schema before it is sent.
 */
export function ScheduleForm({
  initial,
  views,
  isAdmin,
  myKeys,
  personalKeysOnly,
}: {
  initial?: ScheduleView;
  views: SavedViewsMenu;
  isAdmin: boolean;
  myKeys: readonly MyKeyChoice[];
  personalKeysOnly: boolean;
}) {
  const t = useTranslations("schedules");
  const locale = useLocale();
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, start] = useTransition();
  const set =
    <K extends keyof Draft>(k: K) =>
    (v: Draft[K]) =>
      setDraft((d) => ({ ...d, [k]: v }));
  const opens = draft.action === "login.open";
  // The schedule's own view stays offered on edit even when it is no longer visible to the editor.
  const known = [...views.mine, ...views.shared].some((v) => v.id === draft.viewId);

  const submit = (form: HTMLFormElement) => {
    const stop = parseStopFailures(draft.stopFailures);
    const runAt = draft.when === "once" ? instantOf(draft.runAt, draft.timeZone) : undefined;
    const input = {
      name: draft.name,
      viewId: draft.viewId,
      action: draft.action,
      ...(opens ? { ...parseChoice(draft.key), durationMinutes: num(draft.duration) } : {}),
      ...(draft.when === "repeat" ? { repeat: draft.repeat } : runAt ? { runAt } : {}),
      timeZone: draft.timeZone,
      reason: draft.reason,
      maxInstances: num(draft.maxInstances),
      maxConcurrent: num(draft.maxConcurrent),
      maxPerSecond: num(draft.maxPerSecond),
      ...(stop ?? {}),
      ...(initial ? { graceMinutes: initial.graceMinutes } : {}),
    };
    const checked = initial
      ? safeParseIn(updateScheduleInput, { scheduleId: initial.id, ...input }, locale)
      : safeParseIn(createScheduleInput, input, locale);
    const found: Record<string, string> = {};
    if (!checked.success)
      for (const [path, message] of Object.entries(invalidInput(checked.error, locale).fieldErrors ?? {})) found[fieldOf(path)] ??= message;
    if (!stop) found.stopFailures = t("form.stopFailuresInvalid");
    if (draft.when === "once" && !runAt) found.runAt = t("form.runAtInvalid");
    if (Object.keys(found).length) {
      setErrors(found);
      form.querySelector<HTMLElement>(`[name="${Object.keys(found)[0]}"]`)?.focus();
      return;
    }
    setErrors({});
    start(async () => {
      // The raw input, not the parsed one: the action parses it again (and gives a new schedule its id).
      const res = await (initial ? updateSchedule({ scheduleId: initial.id, ...input }) : createSchedule(input)).catch(() => ({
        ok: false as const,
        error: UNREACHABLE,
      }));
      if (!res.ok) {
        const fields: Record<string, string> = {};
        for (const [path, message] of Object.entries(res.error.fieldErrors ?? {})) fields[fieldOf(path)] ??= message;
        setErrors(fields);
        return showErrorToast(t(initial ? "form.saveFailed" : "form.createFailed"), res.error);
      }
      showSuccessToast(
        t(initial ? "form.saved" : "form.created", { name: draft.name.trim() }),
        res.data.approved ? undefined : t("form.awaitingApproval"),
      );
      router.push(`/schedules/${res.data.scheduleId}`);
      router.refresh();
    });
  };

  return (
    <LoginPolicyProvider policy={{ allowNoExpiry: false, myKeys, personalKeysOnly }}>
      <form
        noValidate
        aria-labelledby="schedule-form-title"
        className="card max-w-3xl space-y-5 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          submit(e.currentTarget);
        }}
      >
        <h1 id="schedule-form-title" className="text-xl font-semibold">
          {initial ? t("form.editTitle", { name: initial.name }) : t("form.createTitle")}
        </h1>
        <div className="grid gap-4 md:grid-cols-2">
          <Field label={t("form.name")} error={errors.name}>
            {(c) => (
              <input {...c} name="name" className="input" maxLength={80} value={draft.name} onChange={(e) => set("name")(e.target.value)} />
            )}
          </Field>
          <Field
            label={t("form.target")}
            error={errors.viewId}
            hint={views.mine.length + views.shared.length === 0 ? t("form.noViews") : undefined}
          >
            {(c) => (
              <select {...c} name="viewId" className="input" value={draft.viewId} onChange={(e) => set("viewId")(e.target.value)}>
                <option value="">{t("form.chooseView")}</option>
                {initial && !known && <option value={initial.viewId}>{initial.viewName ?? t("list.viewDeleted")}</option>}
                {views.mine.length > 0 && (
                  <optgroup label={t("form.myViews")}>
                    {views.mine.map((v) => (
                      <option key={v.id} value={v.id}>
                        {v.name}
                      </option>
                    ))}
                  </optgroup>
                )}
                {views.shared.length > 0 && (
                  <optgroup label={t("form.sharedViews")}>
                    {views.shared.map((v) => (
                      <option key={v.id} value={v.id}>
                        {v.name} ({v.ownerEmail})
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            )}
          </Field>
          <Field label={t("form.action")} error={errors.action} hint={isAdmin ? undefined : t("form.resetAdminsOnly")}>
            {(c) => (
              <select
                {...c}
                name="action"
                className="input"
                value={draft.action}
                onChange={(e) => set("action")(e.target.value as ScheduleAction)}
              >
                {SCHEDULE_ACTIONS.map((a) => (
                  <option key={a} value={a} disabled={a === "instance.reset" && !isAdmin && initial?.action !== a}>
                    {t(`actions.${actionKey(a)}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {opens && (
            <>
              <KeyPicker value={draft.key} onChange={set("key")} error={errors.key} />
              <Field label={t("form.duration")} error={errors.duration}>
                {(c) => (
                  <input
                    {...c}
                    name="duration"
                    type="number"
                    min={1}
                    max={1440}
                    className="input"
                    value={draft.duration}
                    onChange={(e) => set("duration")(e.target.value)}
                  />
                )}
              </Field>
            </>
          )}
        </div>

        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold">{t("form.when")}</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            {(["repeat", "once"] as const).map((w) => (
              <label key={w} className="flex items-center gap-1.5">
                <input type="radio" name="when" value={w} checked={draft.when === w} onChange={() => set("when")(w)} />
                {t(w === "repeat" ? "form.recurring" : "form.once")}
              </label>
            ))}
          </div>
          <div className="grid gap-4 md:grid-cols-2">
            {draft.when === "repeat" ? (
              <Field label={t("form.repeat")} hint={t("form.repeatHint")} error={errors.repeat}>
                {(c) => (
                  <input
                    {...c}
                    name="repeat"
                    className="input font-mono"
                    translate="no"
                    spellCheck={false}
                    value={draft.repeat}
                    onChange={(e) => set("repeat")(e.target.value)}
                  />
                )}
              </Field>
            ) : (
              <Field label={t("form.runAt")} hint={t("form.runAtHint")} error={errors.runAt}>
                {(c) => (
                  <input
                    {...c}
                    name="runAt"
                    type="datetime-local"
                    className="input"
                    value={draft.runAt}
                    onChange={(e) => set("runAt")(e.target.value)}
                  />
                )}
              </Field>
            )}
            <Field label={t("form.timeZone")} error={errors.timeZone}>
              {(c) => (
                <select {...c} name="timeZone" className="input" value={draft.timeZone} onChange={(e) => set("timeZone")(e.target.value)}>
                  {(COMMON_TIME_ZONES as readonly string[]).includes(draft.timeZone) ? null : (
                    <option value={draft.timeZone}>{draft.timeZone}</option>
                  )}
                  {COMMON_TIME_ZONES.map((z) => (
                    <option key={z} value={z}>
                      {z}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <NextRunsPreview
            repeat={draft.when === "repeat" ? draft.repeat : null}
            runAt={draft.when === "once" ? instantOf(draft.runAt, draft.timeZone) : null}
            timeZone={draft.timeZone}
          />
        </fieldset>

        <Field label={t("form.reason")} error={errors.reason}>
          {(c) => <input {...c} name="reason" className="input" value={draft.reason} onChange={(e) => set("reason")(e.target.value)} />}
        </Field>

        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold">{t("form.limits")}</legend>
          <div className="grid gap-4 md:grid-cols-2">
            <Field label={t("form.maxInstances")} hint={t("form.maxInstancesHint")} error={errors.maxInstances}>
              {(c) => (
                <input
                  {...c}
                  name="maxInstances"
                  type="number"
                  min={1}
                  className="input"
                  value={draft.maxInstances}
                  onChange={(e) => set("maxInstances")(e.target.value)}
                />
              )}
            </Field>
            <Field label={t("form.maxConcurrent")} error={errors.maxConcurrent}>
              {(c) => (
                <input
                  {...c}
                  name="maxConcurrent"
                  type="number"
                  min={1}
                  className="input"
                  value={draft.maxConcurrent}
                  onChange={(e) => set("maxConcurrent")(e.target.value)}
                />
              )}
            </Field>
            <Field label={t("form.maxPerSecond")} error={errors.maxPerSecond}>
              {(c) => (
                <input
                  {...c}
                  name="maxPerSecond"
                  type="number"
                  min={0.1}
                  step={0.1}
                  className="input"
                  value={draft.maxPerSecond}
                  onChange={(e) => set("maxPerSecond")(e.target.value)}
                />
              )}
            </Field>
            <Field label={t("form.stopFailures")} hint={t("form.stopFailuresHint")} error={errors.stopFailures}>
              {(c) => (
                <input
                  {...c}
                  name="stopFailures"
                  className="input"
                  placeholder="10%"
                  value={draft.stopFailures}
                  onChange={(e) => set("stopFailures")(e.target.value)}
                />
              )}
            </Field>
          </div>
        </fieldset>

        {opens && <p className="text-sm text-slate-600 dark:text-slate-400">{t("form.approvalNote")}</p>}

        <div className="flex justify-end gap-2">
          <Link href={initial ? `/schedules/${initial.id}` : "/schedules"} className="btn-secondary">
            {t("form.cancel")}
          </Link>
          <button type="submit" className="btn-primary" disabled={pending || undefined} aria-busy={pending || undefined}>
            {t(initial ? "form.save" : "form.create")}
          </button>
        </div>
      </form>
    </LoginPolicyProvider>
  );
}
