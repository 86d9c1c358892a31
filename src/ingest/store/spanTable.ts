/**
 * The index of one file's spans in columns: typed arrays for numbers, pooled-string
 * references for the repeated text, sparse maps for what few spans carry (errors, tags).
 * A span costs ~100 bytes here instead of ~600 as an object graph, which is what keeps a
 * 250 MB file's index well under half its size. Heavy fields are never held: spans come back
 * `partial`, with their `origin` for a lazy full load.
 */
import { SPAN_TYPES, type Span, type SpanError, type SpanOrigin, type SpanStatus, type SpanType, type Usage } from '../../core/model';
import { StringPool } from './stringPool';

const STATUSES: readonly SpanStatus[] = ['ok', 'error', 'running'];
const TYPE_CODE = new Map<SpanType, number>(SPAN_TYPES.map((t, i) => [t, i]));
const USAGE_KEYS = ['input_tokens', 'output_tokens', 'total_tokens', 'cache_read_input_tokens', 'reasoning_tokens'] as const;
const NO_TOKENS = -1;

export class SpanTable {
  readonly pool: StringPool;
  private cap: number;
  length = 0;
  private readonly ids: string[] = [];
  private readonly rowOfId = new Map<string, number>();
  private readonly collisions = new Map<string, number>();
  private readonly earlierOrigins = new Map<number, SpanOrigin[]>();
  private traceRef: Uint32Array;
  private parentRef: Uint32Array;
  private nameRef: Uint32Array;
  private modelRef: Uint32Array;
  private providerRef: Uint32Array;
  private serviceRef: Uint32Array;
  private kindRef: Uint32Array;
  private srcFileRef: Uint32Array;
  private srcFnRef: Uint32Array;
  private srcLine: Float64Array;
  private typeCode: Uint8Array;
  private statusCode: Uint8Array;
  private start: Float64Array;
  private end: Float64Array;
  private cost: Float64Array;
  private offset: Float64Array;
  private byteLength: Uint32Array;
  private lineNo: Uint32Array;
  private tokens: Int32Array;
  private readonly errors = new Map<number, SpanError>();
  private readonly tags = new Map<number, string[]>();
  private readonly tagSets = new Map<string, string[]>();
  /** spans whose fields do not fit the columns (dotted order, exotic usage) keep a light copy */
  private readonly extras = new Map<number, Partial<Span>>();
  private readonly rowsOfTrace = new Map<number, number[]>();

  constructor(capacity = 1024, pool = new StringPool()) {
    this.pool = pool;
    this.cap = Math.max(16, capacity);
    const n = this.cap;
    this.traceRef = new Uint32Array(n); this.parentRef = new Uint32Array(n);
    this.nameRef = new Uint32Array(n); this.modelRef = new Uint32Array(n);
    this.providerRef = new Uint32Array(n); this.serviceRef = new Uint32Array(n);
    this.kindRef = new Uint32Array(n); this.srcFileRef = new Uint32Array(n);
    this.srcFnRef = new Uint32Array(n); this.srcLine = new Float64Array(n);
    this.typeCode = new Uint8Array(n); this.statusCode = new Uint8Array(n);
    this.start = new Float64Array(n); this.end = new Float64Array(n);
    this.cost = new Float64Array(n); this.offset = new Float64Array(n);
    this.byteLength = new Uint32Array(n); this.lineNo = new Uint32Array(n);
    this.tokens = new Int32Array(n * USAGE_KEYS.length);
  }

  /** Makes room for `rows` spans in one step (the caller's estimate from the file size). */
  reserve(rows: number): void {
    if (rows > this.cap) this.grow(rows);
  }

  private grow(size?: number): void {
    // 1.5x rather than 2x: the table is most of the store's memory.
    const n = size ?? Math.ceil(this.cap * 1.5);
    const g = <T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(a: T, size = n): T => {
      const b = new (a.constructor as new (k: number) => T)(size);
      b.set(a);
      return b;
    };
    this.traceRef = g(this.traceRef); this.parentRef = g(this.parentRef);
    this.nameRef = g(this.nameRef); this.modelRef = g(this.modelRef);
    this.providerRef = g(this.providerRef); this.serviceRef = g(this.serviceRef);
    this.kindRef = g(this.kindRef); this.srcFileRef = g(this.srcFileRef);
    this.srcFnRef = g(this.srcFnRef); this.srcLine = g(this.srcLine);
    this.typeCode = g(this.typeCode); this.statusCode = g(this.statusCode);
    this.start = g(this.start); this.end = g(this.end);
    this.cost = g(this.cost); this.offset = g(this.offset);
    this.byteLength = g(this.byteLength); this.lineNo = g(this.lineNo);
    this.tokens = g(this.tokens, n * USAGE_KEYS.length);
    this.cap = n;
  }

  get spanCount(): number {
    return this.length;
  }

  traceIds(): string[] {
    return [...this.rowsOfTrace.keys()].map((ref) => this.pool.get(ref)!);
  }

  /** Rows of one trace's spans, in file order. */
  rowsOf(traceId: string): readonly number[] {
    const ref = this.pool.find(traceId);
    return (ref !== 0 && this.rowsOfTrace.get(ref)) || [];
  }

  hasTrace(traceId: string): boolean {
    return this.rowsOf(traceId).length > 0;
  }

  traceIdOf(row: number): string {
    return this.pool.get(this.traceRef[row]) ?? '';
  }

  isRunning(row: number): boolean {
    return STATUSES[this.statusCode[row]] === 'running' || Number.isNaN(this.end[row]);
  }

  /**
   * Adds a span or replaces the earlier record of the same span (same id in the same trace).
   * Returns false when the record was ignored: a running record never replaces a finished
   * one, the same rule tree building applies across files.
   */
  put(span: Span): boolean {
    let existing = this.rowOfId.get(span.id);
    let collisionKey: string | undefined;
    if (existing !== undefined && this.traceIdOf(existing) !== span.traceId) {
      // Ids are unique per trace only in some formats (tracelm's `__root__`).
      collisionKey = `${span.traceId}\u0000${span.id}`;
      existing = this.collisions.get(collisionKey);
    }
    let row: number;
    if (existing !== undefined) {
      if (span.status === 'running' && STATUSES[this.statusCode[existing]] !== 'running') return false;
      row = existing;
      this.keepEarlier(row, span);
    } else {
      if (this.length === this.cap) this.grow();
      row = this.length++;
      this.ids[row] = span.id;
      if (collisionKey) this.collisions.set(collisionKey, row);
      else this.rowOfId.set(span.id, row);
      this.addToTrace(span.traceId, row);
    }
    this.write(row, span);
    return true;
  }

  /**
   * What `mergeReplacement` (core/readers/jsonl.ts) keeps of an earlier record: light fields
   * the later one lacks are carried over here, and the earlier record's byte range is kept so
   * a lazy full load can merge its heavy fields too.
   */
  private keepEarlier(row: number, later: Span): void {
    const earlier = this.span(row, '');
    if (later.model === undefined && earlier.model !== undefined) later.model = earlier.model;
    if (later.provider === undefined && earlier.provider !== undefined) later.provider = earlier.provider;
    if (later.service === undefined && earlier.service !== undefined) later.service = earlier.service;
    if (later.source === undefined && earlier.source !== undefined) later.source = earlier.source;
    if (later.tags === undefined && earlier.tags !== undefined) later.tags = earlier.tags;
    const extra = this.extras.get(row);
    if (extra) for (const key of ['inputs', 'metadata'] as const) {
      if (later[key] === undefined && extra[key] !== undefined) (later as unknown as Record<string, unknown>)[key] = extra[key];
    }
    if (earlier.origin?.offset !== undefined) {
      const list = this.earlierOrigins.get(row) ?? [];
      list.push({ file: earlier.origin.file, line: earlier.origin.line, offset: earlier.origin.offset, length: earlier.origin.length });
      this.earlierOrigins.set(row, list);
    }
    this.errors.delete(row);
    this.tags.delete(row);
    this.extras.delete(row);
  }

  /** Byte ranges of records this span's current one replaced, oldest first (file left blank). */
  earlierOriginsOf(row: number): readonly SpanOrigin[] {
    return this.earlierOrigins.get(row) ?? [];
  }

  /** The row of span `id` in trace `traceId`. */
  find(traceId: string, id: string): number | undefined {
    const row = this.rowOfId.get(id);
    if (row !== undefined && this.traceIdOf(row) === traceId) return row;
    return this.collisions.get(`${traceId}\u0000${id}`);
  }

  private addToTrace(traceId: string, row: number): void {
    const ref = this.pool.add(traceId);
    const list = this.rowsOfTrace.get(ref);
    if (list) list.push(row);
    else this.rowsOfTrace.set(ref, [row]);
  }

  private write(row: number, s: Span): void {
    const p = this.pool;
    this.traceRef[row] = p.add(s.traceId);
    this.parentRef[row] = p.add(s.parentId);
    this.nameRef[row] = p.add(s.name);
    this.modelRef[row] = p.add(s.model);
    this.providerRef[row] = p.add(s.provider);
    this.serviceRef[row] = p.add(s.service);
    this.kindRef[row] = p.add(s.kind);
    this.srcFileRef[row] = p.add(s.source?.file);
    this.srcFnRef[row] = p.add(s.source?.function);
    this.srcLine[row] = s.source?.line ?? NaN;
    this.typeCode[row] = TYPE_CODE.get(s.spanType) ?? TYPE_CODE.get('custom')!;
    this.statusCode[row] = STATUSES.indexOf(s.status);
    this.start[row] = s.startTime;
    this.end[row] = s.endTime ?? NaN;
    this.cost[row] = s.costUsd ?? NaN;
    this.offset[row] = s.origin?.offset ?? NaN;
    this.byteLength[row] = s.origin?.length ?? 0;
    this.lineNo[row] = s.origin?.line ?? 0;
    const base = row * USAGE_KEYS.length;
    const u = s.usage;
    let extraUsage = false;
    for (let k = 0; k < USAGE_KEYS.length; k++) {
      const v = u?.[USAGE_KEYS[k]];
      if (v === undefined) this.tokens[base + k] = NO_TOKENS;
      else if (Number.isInteger(v) && v >= 0 && v < 0x7fffffff) this.tokens[base + k] = v;
      else { this.tokens[base + k] = NO_TOKENS; extraUsage = true; }
    }
    if (s.error) this.errors.set(row, s.error);
    if (s.tags) {
      const key = s.tags.join('\u0000');
      let shared = this.tagSets.get(key);
      if (!shared) this.tagSets.set(key, (shared = s.tags));
      this.tags.set(row, shared);
    }
    const extra: Partial<Span> = {};
    let hasExtra = false;
    if (extraUsage) { extra.usage = u; hasExtra = true; }
    // Spans that carry heavy fields here came from a format the fast path does not cover;
    // they too are reloaded from their origin, so nothing heavy is kept.
    if (s.origin?.offset === undefined) {
      // No byte range to reload from: keep what the record had.
      if (s.inputs !== undefined) { extra.inputs = s.inputs; hasExtra = true; }
      if (s.outputs !== undefined) { extra.outputs = s.outputs; hasExtra = true; }
      if (s.metadata !== undefined) { extra.metadata = s.metadata; hasExtra = true; }
      if (s.events !== undefined) { extra.events = s.events; hasExtra = true; }
    }
    if (hasExtra) this.extras.set(row, extra);
  }

  /** The span at `row`, without heavy fields, `partial` when it has an origin to reload from. */
  span(row: number, file: string): Span {
    const p = this.pool;
    const id = this.ids[row];
    const s: Span = {
      id,
      traceId: p.get(this.traceRef[row]) ?? '',
      parentId: p.get(this.parentRef[row]) ?? null,
      name: p.get(this.nameRef[row]) ?? '',
      spanType: SPAN_TYPES[this.typeCode[row]],
      startTime: this.start[row],
      status: STATUSES[this.statusCode[row]],
    };
    const end = this.end[row];
    if (!Number.isNaN(end)) s.endTime = end;
    const err = this.errors.get(row);
    if (err) s.error = err;
    const model = p.get(this.modelRef[row]);
    if (model !== undefined) s.model = model;
    const provider = p.get(this.providerRef[row]);
    if (provider !== undefined) s.provider = provider;
    const base = row * USAGE_KEYS.length;
    let usage: Usage | undefined;
    for (let k = 0; k < USAGE_KEYS.length; k++) {
      const v = this.tokens[base + k];
      if (v !== NO_TOKENS) (usage ??= {})[USAGE_KEYS[k]] = v;
    }
    if (usage) s.usage = usage;
    const cost = this.cost[row];
    if (!Number.isNaN(cost)) s.costUsd = cost;
    const tags = this.tags.get(row);
    if (tags) s.tags = tags.slice();
    const srcFile = p.get(this.srcFileRef[row]);
    if (srcFile !== undefined) {
      s.source = { file: srcFile };
      const line = this.srcLine[row];
      if (!Number.isNaN(line)) s.source.line = line;
      const fn = p.get(this.srcFnRef[row]);
      if (fn !== undefined) s.source.function = fn;
    }
    const service = p.get(this.serviceRef[row]);
    if (service !== undefined) s.service = service;
    const kind = p.get(this.kindRef[row]);
    if (kind !== undefined) s.kind = kind;
    const offset = this.offset[row];
    s.origin = { file };
    const line = this.lineNo[row];
    if (line > 0) s.origin.line = line;
    if (!Number.isNaN(offset)) {
      s.origin.offset = offset;
      s.origin.length = this.byteLength[row];
      s.partial = true;
    }
    const extra = this.extras.get(row);
    if (extra) Object.assign(s, extra);
    return s;
  }
}
