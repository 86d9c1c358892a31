/** One span's column values, filled by the fast decoder, from a Span or from another table, then stored. */
import { SPAN_TYPES, type SourceLocation, type Span, type SpanError, type SpanStatus, type SpanType } from '../../core/model';
import type { StringPool } from './stringPool';

export const STATUSES: readonly SpanStatus[] = ['ok', 'error', 'running'];
export const STATUS_RUNNING = 2;
export const TYPE_CODE = new Map<SpanType, number>(SPAN_TYPES.map((t, i) => [t, i]));
/** the token columns, in order */
export const USAGE_KEYS = ['input_tokens', 'output_tokens', 'total_tokens', 'cache_read_input_tokens', 'reasoning_tokens'] as const;
export const NO_TOKENS = -1;
const TOKEN_COUNT = USAGE_KEYS.length;

export class RowValues {
  traceRef = 0;
  parentRef = 0;
  nameRef = 0;
  modelRef = 0;
  providerRef = 0;
  serviceRef = 0;
  kindRef = 0;
  sourceRef = 0;
  typeCode = 0;
  statusCode = 0;
  start = 0;
  end = NaN;
  cost = NaN;
  offset = NaN;
  length = 0;
  line = 0;
  readonly tokens = new Int32Array(TOKEN_COUNT).fill(NO_TOKENS);
  error: SpanError | undefined;
  tags: string[] | undefined;
  /** fields that do not fit the columns (heavy fields of a span with no byte range, odd usage) */
  extra: Partial<Span> | undefined;

  clear(): void {
    this.traceRef = this.parentRef = this.nameRef = this.modelRef = this.providerRef = 0;
    this.serviceRef = this.kindRef = this.sourceRef = this.typeCode = this.statusCode = 0;
    this.start = 0;
    this.end = this.cost = this.offset = NaN;
    this.length = this.line = 0;
    const t = this.tokens;
    for (let k = 0; k < t.length; k++) t[k] = NO_TOKENS;
    this.error = this.tags = this.extra = undefined;
  }

  /** The values of a span from any reader (the table's `put`). */
  fill(span: Span, pool: StringPool, sources: { sourceRefOf(s: SourceLocation | undefined): number }): void {
    this.clear();
    this.traceRef = pool.add(span.traceId);
    this.parentRef = pool.add(span.parentId);
    this.nameRef = pool.add(span.name);
    this.modelRef = pool.add(span.model);
    this.providerRef = pool.add(span.provider);
    this.serviceRef = pool.add(span.service);
    this.kindRef = pool.add(span.kind);
    this.sourceRef = sources.sourceRefOf(span.source);
    this.typeCode = TYPE_CODE.get(span.spanType) ?? TYPE_CODE.get('custom')!;
    this.statusCode = STATUSES.indexOf(span.status);
    this.start = span.startTime;
    this.end = span.endTime ?? NaN;
    this.cost = span.costUsd ?? NaN;
    this.offset = span.origin?.offset ?? NaN;
    this.length = span.origin?.length ?? 0;
    this.line = span.origin?.line ?? 0;
    const u = span.usage;
    let oddUsage = false;
    for (let k = 0; k < USAGE_KEYS.length; k++) {
      const x = u?.[USAGE_KEYS[k]];
      if (x === undefined) continue;
      if (Number.isInteger(x) && x >= 0 && x < 0x7fffffff) this.tokens[k] = x;
      else oddUsage = true;
    }
    this.error = span.error;
    this.tags = span.tags;
    const extra: Partial<Span> = {};
    let hasExtra = false;
    if (oddUsage) { extra.usage = u; hasExtra = true; }
    // Without a byte range to reload from, what the record had is kept.
    if (span.origin?.offset === undefined) {
      for (const k of ['inputs', 'outputs', 'metadata', 'events'] as const) {
        if (span[k] !== undefined) { (extra as Record<string, unknown>)[k] = span[k]; hasExtra = true; }
      }
    }
    this.extra = hasExtra ? extra : undefined;
  }
}

