"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

type Theme = "system" | "light" | "dark";
const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };

function apply(theme: Theme) {
  const dark = theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

export function ThemeToggle() {
  const t = useTranslations("common.theme");
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only after hydration; the server renders "system"
    setTheme((localStorage.getItem("theme") as Theme | null) ?? "system");
    const mq = matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => apply((localStorage.getItem("theme") as Theme | null) ?? "system");
    mq.addEventListener("change", onChange);
    return () => mq.removeEventListener("change", onChange);
  }, []);
  const choose = () => {
    const next = NEXT[theme];
    if (next === "system") localStorage.removeItem("theme");
    else localStorage.setItem("theme", next);
    setTheme(next);
    apply(next);
  };
  return (
    <button
      type="button"
      className="btn-secondary"
      onClick={choose}
      aria-label={t("switch", { current: t(`names.${theme}`), next: t(`names.${NEXT[theme]}`) })}
      title={t("label")}
    >
      {theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"} <span className="text-xs capitalize">{t(`names.${theme}`)}</span>
    </button>
  );
}
