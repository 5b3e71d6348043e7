import { useTranslations } from "next-intl";
import type { HourBar } from "@/lib/overview/view";
import { Table, Tbody, Td, Th, THead } from "@/components/ui/table";

type T = ReturnType<typeof useTranslations<"overview.chart">>;

const W = 10;
const H = 64;
const GAP = 2;

/** "24–23 h ago" … "in the last hour": relative, so server and browser render the same text in any timezone. */
export function hourLabel(t: T, i: number, hours: number): string {
  const ago = hours - i;
  return ago === 1 ? t("lastHour") : t("hoursAgo", { from: String(ago), to: String(ago - 1) });
}

function summary(t: T, hours: HourBar[]): string {
  const operations = hours.reduce((n, h) => n + h.operations, 0);
  const failures = hours.reduce((n, h) => n + h.failures, 0);
  if (!operations) return t("summaryNone");
  const busiest = hours.reduce((b, h, i) => (h.operations > hours[b].operations ? i : b), 0);
  return t("summary", {
    operations,
    failures: String(failures),
    hour: hourLabel(t, busiest, hours.length),
    busiest: String(hours[busiest].operations),
  });
}

/** Operations and failures per hour as inline SVG bars, with the same numbers in a table for screen readers. */
export function HourlyChart({ hours }: { hours: HourBar[] }) {
  const t = useTranslations("overview.chart");
  const max = Math.max(1, ...hours.map((h) => h.operations));
  const y = (n: number) => (n / max) * H;
  return (
    <figure>
      <svg
        role="img"
        aria-label={summary(t, hours)}
        viewBox={`0 0 ${hours.length * W} ${H}`}
        preserveAspectRatio="none"
        className="h-24 w-full text-sky-600 dark:text-sky-500"
      >
        <line
          x1={0}
          x2={hours.length * W}
          y1={H}
          y2={H}
          vectorEffect="non-scaling-stroke"
          className="stroke-slate-300 dark:stroke-slate-700"
        />
        {hours.map((h, i) => (
          <g key={h.start}>
            <rect x={i * W + GAP / 2} y={H - y(h.operations)} width={W - GAP} height={y(h.operations)} className="fill-current" />
            <rect
              x={i * W + GAP / 2}
              y={H - y(h.failures)}
              width={W - GAP}
              height={y(h.failures)}
              className="fill-red-600 dark:fill-red-400"
            />
          </g>
        ))}
      </svg>
      <div aria-hidden="true" className="mt-1 flex justify-between text-xs text-slate-500">
        <span>{t("ago24")}</span>
        <span>{t("ago12")}</span>
        <span>{t("now")}</span>
      </div>
      <figcaption className="mt-2 flex gap-4 text-xs text-slate-600 dark:text-slate-400">
        <span className="flex items-center gap-1.5">
          <span aria-hidden="true" className="inline-block size-2.5 rounded-sm bg-sky-600 dark:bg-sky-500" />
          {t("operations")}
        </span>
        <span className="flex items-center gap-1.5">
          <span aria-hidden="true" className="inline-block size-2.5 rounded-sm bg-red-600 dark:bg-red-400" />
          {t("failures")}
        </span>
      </figcaption>
      <Table container="none" className="sr-only" caption={t("caption")}>
        <THead>
          <Th>{t("hour")}</Th>
          <Th>{t("operations")}</Th>
          <Th>{t("failures")}</Th>
        </THead>
        <Tbody>
          {hours.map((h, i) => (
            <tr key={h.start}>
              <Th row>{hourLabel(t, i, hours.length)}</Th>
              <Td>{h.operations}</Td>
              <Td>{h.failures}</Td>
            </tr>
          ))}
        </Tbody>
      </Table>
    </figure>
  );
}
