/**
 * Benchmark output: one `name value unit` line per metric on stdout, nothing else there.
 * Anything a person might want to read along the way goes to stderr.
 */
export type Metric = { name: string; value: number; unit: string };

export function report(metric: Metric): void {
  const value = Number.isInteger(metric.value) ? String(metric.value) : metric.value.toPrecision(4);
  process.stdout.write(`${metric.name} ${value} ${metric.unit}\n`);
}

export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Wall-clock seconds taken by `work`. */
export function seconds(work: () => void): number {
  const started = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The value `p` percent of `values` are at or below (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
