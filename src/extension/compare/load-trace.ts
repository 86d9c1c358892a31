/**
 * A trace from the repository as a `Trace` for `diffTraces` and the rollups. Spans the store
 * keeps partial (inputs and outputs left in the file) are loaded in full for traces of up to
 * FULL_SPAN_LIMIT spans, so the diff can say whether inputs and outputs differ; larger traces
 * keep them partial (the diff then leaves `inputsDiffer` undefined and the values are loaded
 * when the user opens them).
 */
import type { Span } from '../../core/model';
import type { Trace } from '../../core/trace';
import { buildTraces } from '../../core/tree';
import type { RollupOptions } from '../../core/analysis/rollup';
import type { TraceRepository } from '../../ingest/types';

export const FULL_SPAN_LIMIT = 5000;
const CONCURRENCY = 16;

export async function loadTrace(repo: TraceRepository, traceId: string, options: RollupOptions = {}, full = true): Promise<Trace | undefined> {
  const flat = await repo.getTrace(traceId);
  if (!flat) return undefined;
  let spans: Span[] = flat.rows.map((r) => r.span);
  if (full && spans.length <= FULL_SPAN_LIMIT) spans = await fullSpans(repo, traceId, spans);
  const traces = buildTraces(spans, options);
  return traces.find((t) => t.traceId === traceId) ?? traces[0];
}

async function fullSpans(repo: TraceRepository, traceId: string, spans: Span[]): Promise<Span[]> {
  const out = spans.slice();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < out.length; i = next++) {
      if (!out[i].partial) continue;
      // A span that cannot be re-read (its file changed meanwhile) stays partial: the diff
      // then says nothing about its inputs rather than failing as a whole.
      const full = await repo.getSpan(traceId, out[i].id).catch(() => undefined);
      if (full) out[i] = full;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, out.length) }, worker));
  return out;
}
