/** `spanscope stats`: latency statistics per span name across every trace given. */
import { buildTraces } from '../../core/tree';
import { latencyStats, type LatencyStats } from '../../core/analysis/stats';
import { colours, formatDuration, pad } from '../format';
import { loadLight, printWarnings } from '../load';

export async function stats(files: string[], o: { json: boolean; color: boolean }, out: NodeJS.WritableStream): Promise<number> {
  const { traces: flat, warnings } = await loadLight(files);
  // Light spans carry everything latency needs; rebuilding Trace objects reuses the tree code.
  const traces = buildTraces(flat.flatMap((t) => t.rows.map((r) => r.span)));
  const rows = latencyStats(traces);
  if (o.json) {
    out.write(JSON.stringify({ traces: traces.length, names: rows.map(statJson), warnings }, null, 2) + '\n');
    return 0;
  }
  printWarnings(warnings);
  const c = colours(o.color);
  const w = Math.min(40, Math.max(4, ...rows.map((r) => [...r.name].length)));
  out.write(c.bold(`${pad('name', w)} ${pad('type', 10)} ${pad('count', 6, true)} ${pad('err', 4, true)} ${pad('p50', 8, true)} ${pad('p90', 8, true)} ${pad('p95', 8, true)} ${pad('p99', 8, true)} ${pad('max', 8, true)}  histogram`) + '\n');
  for (const r of rows) {
    out.write([
      pad(r.name.length > w ? r.name.slice(0, w - 1) + '…' : r.name, w),
      pad(r.spanType, 10),
      pad(String(r.count), 6, true),
      r.errors ? c.red(pad(String(r.errors), 4, true)) : pad('0', 4, true),
      ...[r.p50, r.p90, r.p95, r.p99, r.max].map((v) => pad(formatDuration(v), 8, true)),
      ' ' + sparkline(r),
    ].join(' ') + '\n');
  }
  out.write(c.dim(`${traces.length} traces; percentiles are nearest-rank over finished spans`) + '\n');
  return 0;
}

const BARS = '▁▂▃▄▅▆▇█';
function sparkline(r: LatencyStats): string {
  const max = Math.max(1, ...r.histogram.map((b) => b.count));
  return r.histogram.map((b) => (b.count === 0 ? ' ' : BARS[Math.min(7, Math.floor((b.count / max) * 7.999))])).join('');
}

function statJson(r: LatencyStats) {
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    name: r.name, span_type: r.spanType, count: r.count, errors: r.errors, running: r.running, traces: r.traces,
    mean_ms: ms(r.mean), min_ms: ms(r.min), max_ms: ms(r.max),
    p50_ms: ms(r.p50), p90_ms: ms(r.p90), p95_ms: ms(r.p95), p99_ms: ms(r.p99),
    histogram: r.histogram.map((b) => ({ lower_ms: ms(b.lower), upper_ms: ms(b.upper), count: b.count })),
  };
}
