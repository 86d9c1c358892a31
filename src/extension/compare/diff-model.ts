/** A `TraceDiff` and its two traces as the plain data the diff view draws. */
import type { Span } from '../../core/model';
import type { Trace } from '../../core/trace';
import type { TraceDiff } from '../../core/diff/types';
import { rollupTrace, type RollupOptions, type SpanRollup } from '../../core/analysis/rollup';
import type { DiffViewData, DiffViewRow, DiffViewSide, DiffViewSpan } from '../../protocol/diff-view';

export interface DiffModelOptions extends RollupOptions {
  relPath: (file: string) => string;
  pricingDate: string;
}

export function diffViewData(diff: TraceDiff, left: Trace, right: Trace, o: DiffModelOptions): DiffViewData {
  const lr = rollupTrace(left, o);
  const rr = rollupTrace(right, o);
  const rows: DiffViewRow[] = diff.rows.map((r) => {
    const row: DiffViewRow = { kind: r.kind, depth: r.depth };
    if (r.left !== undefined) row.left = viewSpan(left.nodes[r.left].span, left.nodes[r.left].duration, lr.spans[r.left]);
    if (r.right !== undefined) row.right = viewSpan(right.nodes[r.right].span, right.nodes[r.right].duration, rr.spans[r.right]);
    if (r.delta) row.delta = r.delta;
    if (r.delta?.renamed && row.left) row.renamedFrom = row.left.name;
    return row;
  });
  return {
    left: side(diff.left, left, lr.total.estimatedCostUsd, o),
    right: side(diff.right, right, rr.total.estimatedCostUsd, o),
    delta: diff.delta,
    counts: diff.counts,
    rows,
    pricingDate: o.pricingDate,
  };
}

function side(t: TraceDiff['left'], trace: Trace, estimatedCostUsd: number, o: DiffModelOptions): DiffViewSide {
  return {
    traceId: t.traceId,
    name: t.name,
    files: trace.files.map(o.relPath),
    startTime: trace.startTime,
    duration: t.duration,
    spanCount: t.spanCount,
    errorCount: t.errorCount,
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    costUsd: t.costUsd,
    estimatedCostUsd,
  };
}

function viewSpan(span: Span, duration: number, r: SpanRollup): DiffViewSpan {
  const s: DiffViewSpan = {
    id: span.id,
    name: span.name,
    type: span.spanType,
    status: span.status,
    duration,
    inputTokens: r.self.inputTokens,
    outputTokens: r.self.outputTokens,
    // A partial span's values are still in its file: offer them, they load on demand.
    hasInputs: span.inputs !== undefined || span.partial === true,
    hasOutputs: span.outputs !== undefined || span.partial === true,
  };
  if (r.self.costUsd > 0 || typeof span.costUsd === 'number') s.costUsd = r.self.costUsd;
  if (r.costEstimated) s.costEstimated = true;
  if (span.model) s.model = span.model;
  return s;
}
