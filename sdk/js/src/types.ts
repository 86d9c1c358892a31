/** Public types of the SDK: the record written per span is the native format (sdk/format). */
export const SPAN_TYPES = [
  'chain', 'llm', 'retriever', 'tool', 'embedding', 'agent',
  'reranker', 'guardrail', 'evaluator', 'custom',
] as const;
export type SpanType = (typeof SPAN_TYPES)[number];
export type SpanStatus = 'ok' | 'error' | 'running';

export interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
  reasoning_tokens?: number;
}

export interface SourceLocation { file: string; line?: number; function?: string }
export interface SpanErrorInfo { type?: string; message: string; stack?: string }
export interface SpanEventRecord { name: string; time: string; attributes?: Record<string, unknown> }

/** One line of the native format, as handed to the redaction hook and the exporters. */
export interface SpanRecord {
  id: string;
  trace_id: string;
  parent_id: string | null;
  dotted_order: string;
  name: string;
  span_type: SpanType;
  start_time: string;
  end_time?: string;
  status: SpanStatus;
  error?: SpanErrorInfo | null;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  model?: string;
  provider?: string;
  usage?: Usage;
  cost_usd?: number;
  metadata?: Record<string, unknown>;
  tags?: string[];
  source?: SourceLocation;
  events?: SpanEventRecord[];
  service?: string;
}

/** A parent that lives in another process, read from W3C headers. */
export interface RemoteParent {
  traceId: string;
  /** the parent's span id: a UUID when the caller was a Spanscope SDK, else 16 hex digits */
  parentId: string;
  sampled: boolean;
  tracestate?: string;
}
