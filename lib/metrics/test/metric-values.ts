import { consoleMetrics } from "../registry";

/**
 * One series of a metric in this process's registry (0 while it has none): a counter's or gauge's
 * value, or a histogram's `_count` (pass `sample`: "_sum", "_count").
 */
export async function metricValue(name: string, labels: Record<string, string> = {}, sample = ""): Promise<number> {
  const metric = consoleMetrics().registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const series = values.find(
    (v) =>
      (!sample || (v as { metricName?: string }).metricName === name + sample) &&
      Object.entries(labels).every(([k, l]) => String((v.labels as Record<string, unknown>)[k]) === l),
  );
  return series?.value ?? 0;
}
