import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit/vocabulary";
import { LOCALES } from "@/lib/i18n/locales";
import { translator } from "@/lib/i18n/translator";
import { actionKey } from "../action-key";

const names = Object.keys(AUDIT_ACTIONS) as AuditAction[];

describe("audit action labels", () => {
  it.each(LOCALES)("every action in AUDIT_ACTIONS has a label in %s", (locale) => {
    const t = translator(locale);
    expect(names.filter((n) => !t.has(`history.${actionKey(n)}`))).toEqual([]);
  });

  it("the English label is the registry's own", () => {
    const t = translator("en");
    expect(names.filter((n) => t(`history.${actionKey(n)}`) !== AUDIT_ACTIONS[n].label)).toEqual([]);
  });

  it("no two actions share a key", () => {
    expect(new Set(names.map(actionKey)).size).toBe(names.length);
  });
});
