/** Spanscope: tracing for LLM programs, written as native JSONL (see sdk/format). */
export { observe, type ObserveOptions } from './observe';
export { span, startSpan, currentSpan, configure, flush, shutdown, type SpanOptions } from './api';
export { inject, extract } from './propagation';
export { wrapHttpHandler, type ServerWrapOptions } from './http/server';
export { wrapFetch } from './http/fetch';
export { wrapOpenAI } from './llm/openai';
export { wrapAnthropic } from './llm/anthropic';
export { BUNDLED_PRICES, costOf } from './llm/pricing';
export { FileExporter } from './export/file';
export { OtlpHttpExporter, toOtlpRequest } from './export/otlp';
export type { Exporter } from './export/exporter';
export type { Span } from './span';
export type { SpanscopeConfig, RedactHook, ModelPrice } from './config';
export { SPAN_TYPES } from './types';
export type { SpanType, SpanRecord, Usage, SourceLocation, RemoteParent } from './types';
