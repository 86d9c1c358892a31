/**
 * Latency statistics per span name across traces.
 *
 * Percentiles use the nearest-rank definition: p-th percentile = the ceil(p/100 · n)-th
 * smallest duration. It always returns an observed duration (no interpolation between two
 * runs that never happened), which is what a "p95 of this tool call" should mean.
 *
 * Running spans are counted but left out of the durations: theirs is not known yet.
 */
import type { SpanType } from '../model';
import type { Trace } from '../trace';

export interface HistogramBucket {
  /** µs, inclusive */
  lower: number;
  /** µs, exclusive */
  upper: number;
  count: number;
}

export interface LatencyStats {
  name: string;
  /** the type of the first span seen with this name */
  spanType: SpanType;
  /** every span with this name, running ones included */
  count: number;
  errors: number;
  running: number;
  /** number of traces holding at least one span with this name */
  traces: number;
  /** the rest are over finished spans, in µs; 0 when none has finished */
  total: number;
  mean: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  /** log-spaced buckets from the one holding `min` to the one holding `max` */
  histogram: HistogramBucket[];
}

export interface StatsOptions {
  /** histogram resolution; bucket edges are 10^(k / bucketsPerDecade) µs */
  bucketsPerDecade?: number;
}

interface Acc {
  name: string;
  spanType: SpanType;
  durations: number[];
  count: number;
  errors: number;
  running: number;
  traces: number;
  lastTrace: Trace | null;
}

/** Sorted by total time spent, largest first. */
export function latencyStats(traces: readonly Trace[], options: StatsOptions = {}): LatencyStats[] {
  const perDecade = options.bucketsPerDecade ?? 4;
  const byName = new Map<string, Acc>();
  for (const trace of traces) {
    for (const node of trace.nodes) {
      const s = node.span;
      let acc = byName.get(s.name);
      if (!acc) {
        acc = { name: s.name, spanType: s.spanType, durations: [], count: 0, errors: 0, running: 0, traces: 0, lastTrace: null };
        byName.set(s.name, acc);
      }
      acc.count++;
      if (acc.lastTrace !== trace) {
        acc.traces++;
        acc.lastTrace = trace;
      }
      if (s.status === 'error') acc.errors++;
      if (s.endTime === undefined || s.status === 'running') acc.running++;
      else acc.durations.push(node.duration);
    }
  }
  const out: LatencyStats[] = [];
  for (const acc of byName.values()) out.push(summarize(acc, perDecade));
  out.sort((a, b) => b.total - a.total || b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

function summarize(acc: Acc, perDecade: number): LatencyStats {
  const d = Float64Array.from(acc.durations).sort();
  let total = 0;
  for (const v of d) total += v;
  const n = d.length;
  return {
    name: acc.name,
    spanType: acc.spanType,
    count: acc.count,
    errors: acc.errors,
    running: acc.running,
    traces: acc.traces,
    total,
    mean: n ? total / n : 0,
    min: n ? d[0] : 0,
    max: n ? d[n - 1] : 0,
    p50: percentile(d, 50),
    p90: percentile(d, 90),
    p95: percentile(d, 95),
    p99: percentile(d, 99),
    histogram: histogram(d, perDecade),
  };
}

/** Nearest rank over ascending `sorted`; 0 for an empty list. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  return sorted[rank - 1];
}

/**
 * Buckets on a fixed log grid, so histograms of different span names (and of two runs)
 * line up. Durations under 1 µs share the first bucket [0, 1).
 */
export function histogram(sorted: ArrayLike<number>, perDecade: number): HistogramBucket[] {
  const n = sorted.length;
  if (n === 0) return [];
  const indexOf = (v: number) => (v < 1 ? -1 : Math.floor(Math.log10(v) * perDecade + 1e-9));
  const edge = (k: number) => (k < 0 ? 0 : Math.pow(10, k / perDecade));
  const first = indexOf(sorted[0]);
  const last = indexOf(sorted[n - 1]);
  const buckets: HistogramBucket[] = [];
  for (let k = first; k <= last; k++) buckets.push({ lower: edge(k), upper: edge(k + 1), count: 0 });
  for (let i = 0; i < n; i++) buckets[indexOf(sorted[i]) - first].count++;
  return buckets;
}
