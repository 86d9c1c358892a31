/** One span's column values, filled by the fast decoder, from a Span or from another table, then stored. */
import type { Span, SpanError } from '../../core/model';

/** token columns: input, output, total, cache read, reasoning (USAGE_KEYS of spanTable.ts) */
const TOKEN_COUNT = 5;
const NO_TOKENS = -1;

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
}

