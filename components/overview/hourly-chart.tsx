import type { HourBar } from "@/lib/overview/view";

const W = 10;
const H = 64;
const GAP = 2;

/** "24–23 h ago" … "in the last hour": relative, so server and browser render the same text in any timezone. */
export function hourLabel(i: number, hours: number): string {
  const ago = hours - i;
  return ago === 1 ? "in the last hour" : `${ago}–${ago - 1} h ago`;
}

function summary(hours: HourBar[]): string {
  const ops = hours.reduce((n, h) => n + h.operations, 0);
  const failures = hours.reduce((n, h) => n + h.failures, 0);
  if (!ops) return "Operations per hour over the last 24 hours: none.";
  const busiest = hours.reduce((b, h, i) => (h.operations > hours[b].operations ? i : b), 0);
  return (
    `Operations per hour over the last 24 hours: ${ops} operation${ops === 1 ? "" : "s"}, ${failures} failed. ` +
    `The busiest hour, ${hourLabel(busiest, hours.length)}, had ${hours[busiest].operations}.`
  );
}

/** Operations and failures per hour as inline SVG bars, with the same numbers in a table for screen readers. */
export function HourlyChart({ hours }: { hours: HourBar[] }) {
  const max = Math.max(1, ...hours.map((h) => h.operations));
  const y = (n: number) => (n / max) * H;
  return (
    <figure>
      <svg
        role="img"
        aria-label={summary(hours)}
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
        <span>24 h ago</span>
        <span>12 h ago</span>
        <span>now</span>
      </div>
      <figcaption className="mt-2 flex gap-4 text-xs text-slate-600 dark:text-slate-400">
        <span className="flex items-center gap-1.5">
          <span aria-hidden="true" className="inline-block size-2.5 rounded-sm bg-sky-600 dark:bg-sky-500" />
          Operations
        </span>
        <span className="flex items-center gap-1.5">
          <span aria-hidden="true" className="inline-block size-2.5 rounded-sm bg-red-600 dark:bg-red-400" />
          Failures
        </span>
      </figcaption>
      <table className="sr-only">
        <caption>Operations and failures per hour, last 24 hours</caption>
        <thead>
          <tr>
            <th scope="col">Hour</th>
            <th scope="col">Operations</th>
            <th scope="col">Failures</th>
          </tr>
        </thead>
        <tbody>
          {hours.map((h, i) => (
            <tr key={h.start}>
              <th scope="row">{hourLabel(i, hours.length)}</th>
              <td>{h.operations}</td>
              <td>{h.failures}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
