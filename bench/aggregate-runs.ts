// `npm run bench -- --runs=N`: N whole runs in sequence, each writing bench/results-run<i>.json;
// bench/results.json then holds, for each figure, the entry of its median run (value, ratio, the
// details its goal reads, and `met` as that run computed it), with `acrossRuns` added.
/** One figure of bench/results.json, as bench/run.ts writes it. */
export interface Entry {
  value: number | null;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  goal: string;
  met: boolean;
  [detail: string]: unknown;
}

/** What `--runs` adds to each figure of results.json (not `runs`: fleet_load has its own samples there). */
export interface AcrossRuns {
  /** How many runs there were. */
  of: number;
  /** How many of them measured the figure (a finite value). */
  measured: number;
  min: number | null;
  /** The median run's value: the middle one of the measured runs; of an even count, the upper middle (as bench's median()). */
  median: number | null;
  max: number | null;
  /** Each run's value in run order; null where that run did not measure it or did not write it. */
  values: (number | null)[];
  /** Each run's `met`, in run order; null where that run did not write the figure. */
  metByRun: (boolean | null)[];
  /** Which run (1-based) the entry's value, details and `met` come from. */
  medianRun: number | null;
}

export type MultiEntry = Entry & { acrossRuns: AcrossRuns };

const measured = (e: Entry | undefined): e is Entry & { value: number } => typeof e?.value === "number" && Number.isFinite(e.value);

/**
 * One entry per figure from the figures of several runs (`runs[i]` is run i + 1's results; a run
 * that wrote nothing is `undefined`). Each figure takes the whole entry of its median run by value,
 * so its ratio, details and `met` are that run's; of an even count of measured runs (a figure one
 * run missed), the upper middle run, and `met` only if both middle runs met the goal. A figure no
 * run measured keeps the last run's entry (its error), not met.
 */
export function aggregateRuns(runs: (Record<string, Entry> | undefined)[]): Record<string, MultiEntry> {
  const names: string[] = [];
  for (const r of runs) for (const name of Object.keys(r ?? {})) if (!names.includes(name)) names.push(name);
  const out: Record<string, MultiEntry> = {};
  for (const name of names) {
    const entries = runs.map((r) => r?.[name]);
    const values = entries.map((e) => (measured(e) ? e.value : null));
    const metByRun = entries.map((e) => (e ? e.met : null));
    // Run indexes with a value, by value (ties: the earlier run first).
    const order = entries
      .map((e, i) => [e, i] as const)
      .filter((x): x is readonly [Entry & { value: number }, number] => measured(x[0]))
      .sort((a, b) => a[0].value - b[0].value || a[1] - b[1])
      .map(([, i]) => i);
    const across = (medianRun: number | null, median: number | null): AcrossRuns => ({
      of: runs.length,
      measured: order.length,
      min: order.length ? values[order[0]] : null,
      median,
      max: order.length ? values[order[order.length - 1]] : null,
      values,
      metByRun,
      medianRun,
    });
    if (!order.length) {
      const last = entries.findLast((e) => e !== undefined)!;
      out[name] = { ...last, met: false, acrossRuns: across(null, null) };
      continue;
    }
    const mid = order[Math.floor(order.length / 2)];
    // Of an even count, the goal must hold in both middle runs (whichever way the figure improves).
    const met = order.length % 2 === 0 ? entries[mid]!.met && entries[order[order.length / 2 - 1]]!.met : entries[mid]!.met;
    out[name] = { ...entries[mid]!, met, acrossRuns: across(mid + 1, values[mid]) };
  }
  return out;
}

/** The median of numbers (of an even count, the upper middle, as bench's median()); null if none. */
export function medianOf(xs: number[]): number | null {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
}
