/**
 * Trees as plain data: no parent pointers, so a trace crosses a worker boundary or a webview
 * postMessage as it is (structured clone of a linked tree would copy every node's parent
 * chain and could not be rebuilt without a walk on the other side).
 */
import type { FlatTrace, TraceRow, TraceSummary } from '../ingest/types';
import type { Trace } from './trace';
import { parentIndexes } from './analysis/pre-order';

export function summarizeTrace(trace: Trace): TraceSummary {
  return {
    traceId: trace.traceId,
    name: trace.name,
    files: trace.files.slice(),
    startTime: trace.startTime,
    duration: trace.duration,
    spanCount: trace.spanCount,
    errorCount: trace.errorCount,
    running: trace.running,
    inputTokens: trace.inputTokens,
    outputTokens: trace.outputTokens,
    costUsd: trace.costUsd,
  };
}

export function flattenTrace(trace: Trace): FlatTrace {
  const parents = parentIndexes(trace.nodes);
  const rows: TraceRow[] = new Array(trace.nodes.length);
  for (let i = 0; i < trace.nodes.length; i++) {
    const node = trace.nodes[i];
    rows[i] = {
      span: node.span,
      depth: node.depth,
      parentIndex: parents[i],
      childCount: node.children.length,
      orphan: node.orphan,
      duration: node.duration,
      selfTime: node.selfTime,
      critical: node.onCriticalPath,
    };
  }
  return { summary: summarizeTrace(trace), rows };
}
