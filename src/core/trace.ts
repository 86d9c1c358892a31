/**
 * Rebuilt trees. `buildTraces` (src/core/tree.ts) turns any bag of spans, from one file or
 * many, into these.
 */
import type { Span } from './model';

export interface SpanNode {
  span: Span;
  parent: SpanNode | null;
  children: SpanNode[];
  depth: number;
  /** the parent id names a span that is not present (remote parent, lost record) */
  orphan: boolean;
  /** endTime - startTime in µs (for running spans: up to the trace's latest known time) */
  duration: number;
  /** duration not covered by any child (union of child intervals removed) */
  selfTime: number;
  onCriticalPath: boolean;
}

export interface Trace {
  traceId: string;
  /** the root's name, or the earliest span's name when there are several roots */
  name: string;
  roots: SpanNode[];
  /** every node in tree pre-order (roots by start time, children by dotted_order/start) */
  nodes: SpanNode[];
  /** epoch µs */
  startTime: number;
  /** epoch µs; the latest end (or start, for running spans) */
  endTime: number;
  /** µs */
  duration: number;
  spanCount: number;
  errorCount: number;
  running: boolean;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** files this trace's spans came from */
  files: string[];
}
