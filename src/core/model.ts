/**
 * The one span model every reader produces and every view consumes.
 *
 * Times are epoch microseconds as JS numbers. A µs epoch (~1.8e15) is an exact integer in a
 * double, so µs inputs round-trip; nanosecond inputs keep a fractional part (resolution
 * 0.25 µs at today's epoch), and because rounding is monotonic they never change order.
 */

export const SPAN_TYPES = [
  'chain', 'llm', 'retriever', 'tool', 'embedding', 'agent',
  'reranker', 'guardrail', 'evaluator', 'custom',
] as const;
export type SpanType = (typeof SPAN_TYPES)[number];

export type SpanStatus = 'ok' | 'error' | 'running';

export interface SpanError {
  type?: string;
  message: string;
  stack?: string;
}

export interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  cache_read_input_tokens?: number;
  reasoning_tokens?: number;
}

export interface SourceLocation {
  /** As the writer saw it: may be absolute on another machine. */
  file: string;
  line?: number;
  function?: string;
}

export interface SpanEvent {
  name: string;
  /** epoch µs */
  time: number;
  attributes?: Record<string, unknown>;
}

/** Where a span's record lives, so heavy fields can be loaded lazily by byte range. */
export interface SpanOrigin {
  file: string;
  /** 1-based line number for line formats; row id for SQLite. */
  line?: number;
  /** byte offset and length of the record's line, for lazy loading */
  offset?: number;
  length?: number;
}

export interface Span {
  id: string;
  traceId: string;
  parentId: string | null;
  /** LangSmith lineage `<ts><uuid>.<ts><uuid>...`, root first; absent in most foreign formats */
  dottedOrder?: string;
  name: string;
  spanType: SpanType;
  /** epoch µs */
  startTime: number;
  /** epoch µs; absent while running */
  endTime?: number;
  status: SpanStatus;
  error?: SpanError;
  inputs?: unknown;
  outputs?: unknown;
  model?: string;
  provider?: string;
  usage?: Usage;
  /** This span's own cost in USD, never its children's. */
  costUsd?: number;
  metadata?: Record<string, unknown>;
  tags?: string[];
  source?: SourceLocation;
  events?: SpanEvent[];
  service?: string;
  /** OTel span kind or similar, when the source format has one */
  kind?: string;
  origin?: SpanOrigin;
  /**
   * True when the reader left out inputs/outputs/metadata/events for speed;
   * `loadFullSpan` (src/core/load.ts) re-reads them from `origin`.
   */
  partial?: boolean;
}

export interface ReadWarning {
  file: string;
  line?: number;
  message: string;
}

/** Format ids, as shown to users (CLI, tree tooltips). */
export type FormatId =
  | 'native'
  | 'otlp'
  | 'tracelm-sqlite'
  | 'tracelm-chrome'
  | 'tracelm-json'
  | 'traceforge-sqlite'
  | 'traceforge-jsonl'
  | 'tracelite-jsonl'
  | 'tracelite-sqlite'
  | 'chrome';

export interface ReadResult {
  format: FormatId;
  spans: Span[];
  warnings: ReadWarning[];
}
