/**
 * The index of one file's spans in columns: typed arrays for numbers, pooled-string
 * references for the repeated text, span ids as bytes in one arena, sparse maps for what few
 * spans carry (errors, replaced records). A span costs ~150 bytes here instead of ~600 as an
 * object graph, which is what keeps a large file's index well under half its size. Heavy
 * fields are never held: spans come back `partial`, with their `origin` for a lazy full load.
 */
import { SPAN_TYPES, type SourceLocation, type Span, type SpanError, type SpanOrigin } from '../../core/model';
import { ByteKeys } from './byteKeys';
import { NO_TOKENS, RowValues, STATUS_RUNNING, STATUSES, TYPE_CODE, USAGE_KEYS } from './rowValues';
import { StringPool } from './stringPool';
import type { TableRows } from './tableTransfer';

export { NO_TOKENS, RowValues, STATUS_RUNNING, STATUSES, TYPE_CODE, USAGE_KEYS };

export class SpanTable {
  readonly pool = new StringPool();
  private cap: number;
  length = 0;
  /** span id bytes, entry number = row */
  private readonly ids = new ByteKeys();
  private readonly collisions = new Map<string, number>();
  /** @internal read by columnSummary.ts */
  traceRef: Uint32Array;
  /** @internal read by columnSummary.ts */
  parentRef: Uint32Array;
  /** @internal read by columnSummary.ts */
  nameRef: Uint32Array;
  private modelRef: Uint32Array;
  private providerRef: Uint32Array;
  private serviceRef: Uint32Array;
  private kindRef: Uint32Array;
  private sourceRef: Uint32Array;
  private typeCode: Uint8Array;
  /** @internal read by columnSummary.ts */
  statusCode: Uint8Array;
  /** @internal read by columnSummary.ts */
  start: Float64Array;
  /** @internal read by columnSummary.ts */
  end: Float64Array;
  /** @internal read by columnSummary.ts */
  cost: Float64Array;
  private offset: Float64Array;
  private byteLength: Uint32Array;
  private lineNo: Uint32Array;
  /** @internal read by columnSummary.ts */
  tokens: Int32Array;
  private readonly errors = new Map<number, SpanError>();
  /** each row's tag list as an index into tagLists; 0: none */
  private tagRef: Uint32Array;
  /** distinct tag lists, shared by the rows that carry them; entry 0 unused */
  private readonly tagLists: string[][] = [[]];
  /** @internal */
  readonly extras = new Map<number, Partial<Span>>();
  private readonly earlierOrigins = new Map<number, SpanOrigin[]>();
  private readonly rowsOfTrace = new Map<number, number[]>();
  private lastTraceRef = 0;
  private lastTraceRows: number[] | undefined;
  /** interned source locations; 0 = none */
  private readonly sources: (SourceLocation | undefined)[] = [undefined];
  private readonly sourceIndex = new Map<string, number>();
  private readonly tagSets = new Map<string, number>();
  private lastTags: string[] | undefined;
  private lastTagRef = 0;
  /** raw `source` JSON bytes -> source ref, for the fast decoder */
  readonly sourceBytes = new ByteKeys();
  readonly sourceOfBytes: number[] = [];
  private readonly scratch = new RowValues();
  private idBuf = Buffer.alloc(64);

  constructor(capacity = 1024) {
    this.cap = Math.max(16, capacity);
    const n = this.cap;
    this.traceRef = new Uint32Array(n); this.parentRef = new Uint32Array(n);
    this.nameRef = new Uint32Array(n); this.modelRef = new Uint32Array(n);
    this.providerRef = new Uint32Array(n); this.serviceRef = new Uint32Array(n);
    this.kindRef = new Uint32Array(n); this.sourceRef = new Uint32Array(n);
    this.typeCode = new Uint8Array(n); this.statusCode = new Uint8Array(n);
    this.start = new Float64Array(n); this.end = new Float64Array(n);
    this.cost = new Float64Array(n); this.offset = new Float64Array(n);
    this.byteLength = new Uint32Array(n); this.lineNo = new Uint32Array(n);
    this.tagRef = new Uint32Array(n);
    this.tokens = new Int32Array(n * USAGE_KEYS.length);
  }

  /** Makes room for `rows` spans in one step (the caller's estimate from the file size). */
  reserve(rows: number, idBytes = 40): void {
    if (rows > this.cap) this.grow(rows);
    this.ids.reserve(rows, idBytes);
  }

  private grow(size?: number): void {
    // 1.5x rather than 2x: the table is most of the store's memory.
    const n = size ?? Math.ceil(this.cap * 1.5);
    const g = <T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(a: T, len = n): T => {
      const b = new (a.constructor as new (k: number) => T)(len);
      b.set(a);
      return b;
    };
    this.traceRef = g(this.traceRef); this.parentRef = g(this.parentRef);
    this.nameRef = g(this.nameRef); this.modelRef = g(this.modelRef);
    this.providerRef = g(this.providerRef); this.serviceRef = g(this.serviceRef);
    this.kindRef = g(this.kindRef); this.sourceRef = g(this.sourceRef);
    this.typeCode = g(this.typeCode); this.statusCode = g(this.statusCode);
    this.start = g(this.start); this.end = g(this.end);
    this.cost = g(this.cost); this.offset = g(this.offset);
    this.byteLength = g(this.byteLength); this.lineNo = g(this.lineNo);
    this.tagRef = g(this.tagRef);
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

  /** The span id at `row`. */
  idOf(row: number): string {
    return this.ids.text(row);
  }

  /** The row of the span whose id is the pooled string `ref` in the trace of `traceRef`, or -1. */
  rowOfPooled(ref: number, traceRef: number): number {
    if (ref === 0) return -1;
    // Looked up by the pool's own bytes: no string or buffer per lookup.
    const row = this.pool.findIn(this.ids, ref);
    if (row >= 0 && this.traceRef[row] === traceRef) return row;
    if (this.collisions.size === 0) return -1;
    return this.collisions.get(`${this.pool.get(traceRef)}\u0000${this.pool.get(ref)}`) ?? -1;
  }

  /** The model of the span at `row`, if it names one. */
  modelOf(row: number): string | undefined {
    return this.pool.get(this.modelRef[row]);
  }

  traceIdOf(row: number): string {
    return this.pool.get(this.traceRef[row]) ?? '';
  }

  /** The row of span `id` in trace `traceId`. */
  find(traceId: string, id: string): number | undefined {
    const b = Buffer.from(id, 'utf8');
    const row = this.ids.find(b, 0, b.length);
    if (row >= 0 && this.traceIdOf(row) === traceId) return row;
    return this.collisions.get(`${traceId}\u0000${id}`);
  }

  /** A span from any reader: its fields go through the same columns as the fast decoder's. */
  put(span: Span): boolean {
    const v = this.scratch;
    v.fill(span, this.pool, this);
    let b = this.idBuf;
    const n = Buffer.byteLength(span.id, 'utf8');
    if (n > b.length) b = this.idBuf = Buffer.alloc(n * 2);
    b.write(span.id, 0, 'utf8');
    return this.putValues(v, b, 0, n);
  }

  sourceRefOf(s: SourceLocation | undefined): number {
    if (!s) return 0;
    const key = `${s.file}\u0000${s.line ?? ''}\u0000${s.function ?? ''}`;
    let ref = this.sourceIndex.get(key);
    if (ref === undefined) {
      ref = this.sources.length;
      this.sources.push(s);
      this.sourceIndex.set(key, ref);
    }
    return ref;
  }

  /**
   * Stores a span whose id is `idBuf[s, e)`, or replaces the earlier record of the same span
   * (same id in the same trace). Returns false when the record was ignored: a running record
   * never replaces a finished one, the rule core/readers/jsonl.ts applies.
   */
  putValues(v: RowValues, idBuf: Uint8Array, s: number, e: number): boolean {
    return this.putRow(v, idBuf, s, e) >= 0;
  }

  /** putValues, giving the row written or -1. */
  putRow(v: RowValues, idBuf: Uint8Array, s: number, e: number): number {
    const h = ByteKeys.hash(idBuf, s, e);
    let existing = this.ids.find(idBuf, s, e, h);
    let collisionKey: string | undefined;
    if (existing >= 0 && this.traceRef[existing] !== v.traceRef) {
      // Ids are unique per trace only in some formats (tracelm's `__root__`).
      collisionKey = `${this.pool.get(v.traceRef)}\u0000${Buffer.from(idBuf.buffer, idBuf.byteOffset + s, e - s).toString('utf8')}`;
      existing = this.collisions.get(collisionKey) ?? -1;
    }
    let row: number;
    if (existing >= 0) {
      if (v.statusCode === STATUS_RUNNING && this.statusCode[existing] !== STATUS_RUNNING) return -1;
      row = existing;
      this.keepEarlier(row, v);
    } else {
      if (this.length === this.cap) this.grow();
      row = this.ids.insert(idBuf, s, e, collisionKey === undefined, h);
      this.length++;
      if (collisionKey) this.collisions.set(collisionKey, row);
      // Consecutive records mostly share a trace: its list is remembered.
      let list = v.traceRef === this.lastTraceRef ? this.lastTraceRows : this.rowsOfTrace.get(v.traceRef);
      if (list) list.push(row);
      else this.rowsOfTrace.set(v.traceRef, (list = [row]));
      this.lastTraceRef = v.traceRef;
      this.lastTraceRows = list;
    }
    this.write(row, v);
    return row;
  }

  /** Rows with tags and their lists, for exportRows. */
  private taggedRows(): [number, string[]][] {
    const out: [number, string[]][] = [];
    for (let r = 0; r < this.length; r++) if (this.tagRef[r] !== 0) out.push([r, this.tagLists[this.tagRef[r]]]);
    return out;
  }

  /** Byte ranges of records that an imported row had already replaced, after the ones kept here. */
  addEarlierOrigins(row: number, origins: readonly SpanOrigin[]): void {
    const list = this.earlierOrigins.get(row) ?? [];
    list.push(...origins);
    this.earlierOrigins.set(row, list);
  }

  /**
   * The rows as plain data for another thread. The columns are the table's own arrays (longer
   * than `length`), to be moved, not copied: the table is unusable afterwards.
   */
  exportRows(): TableRows {
    return {
      length: this.length,
      strings: this.pool.all(),
      sources: this.sources,
      ids: this.ids.exportEntries(),
      traceRef: this.traceRef, parentRef: this.parentRef, nameRef: this.nameRef, modelRef: this.modelRef,
      providerRef: this.providerRef, serviceRef: this.serviceRef, kindRef: this.kindRef, sourceRef: this.sourceRef,
      typeCode: this.typeCode, statusCode: this.statusCode, start: this.start, end: this.end, cost: this.cost,
      offset: this.offset, byteLength: this.byteLength, lineNo: this.lineNo, tokens: this.tokens,
      errors: [...this.errors], tags: this.taggedRows(), extras: [...this.extras], earlierOrigins: [...this.earlierOrigins],
    };
  }

  /**
   * What `mergeReplacement` (core/readers/jsonl.ts) keeps of an earlier record: light fields
   * the later one lacks are carried over, and the earlier record's byte range is kept so a
   * lazy full load can merge its heavy fields too.
   */
  private keepEarlier(row: number, later: RowValues): void {
    if (later.modelRef === 0) later.modelRef = this.modelRef[row];
    if (later.providerRef === 0) later.providerRef = this.providerRef[row];
    if (later.serviceRef === 0) later.serviceRef = this.serviceRef[row];
    if (later.sourceRef === 0) later.sourceRef = this.sourceRef[row];
    if (later.tags === undefined && this.tagRef[row] !== 0) later.tags = this.tagLists[this.tagRef[row]];
    const extra = this.extras.get(row);
    if (extra) {
      for (const key of ['inputs', 'metadata'] as const) {
        if (extra[key] !== undefined && later.extra?.[key] === undefined) (later.extra ??= {})[key] = extra[key] as never;
      }
    }
    const offset = this.offset[row];
    if (!Number.isNaN(offset)) {
      const list = this.earlierOrigins.get(row) ?? [];
      list.push({ file: '', line: this.lineNo[row] || undefined, offset, length: this.byteLength[row] });
      this.earlierOrigins.set(row, list);
    }
    this.errors.delete(row);
    this.extras.delete(row);
  }

  /** Byte ranges of records this span's current one replaced, oldest first (file left blank). */
  earlierOriginsOf(row: number): readonly SpanOrigin[] {
    return this.earlierOrigins.get(row) ?? [];
  }

  private write(row: number, v: RowValues): void {
    this.traceRef[row] = v.traceRef;
    this.parentRef[row] = v.parentRef;
    this.nameRef[row] = v.nameRef;
    this.modelRef[row] = v.modelRef;
    this.providerRef[row] = v.providerRef;
    this.serviceRef[row] = v.serviceRef;
    this.kindRef[row] = v.kindRef;
    this.sourceRef[row] = v.sourceRef;
    this.typeCode[row] = v.typeCode;
    this.statusCode[row] = v.statusCode;
    this.start[row] = v.start;
    this.end[row] = v.end;
    this.cost[row] = v.cost;
    this.offset[row] = v.offset;
    this.byteLength[row] = v.length;
    this.lineNo[row] = v.line;
    // A loop, not set(): five values do not pay for a native call.
    const t = this.tokens;
    const base = row * USAGE_KEYS.length;
    for (let k = 0; k < USAGE_KEYS.length; k++) t[base + k] = v.tokens[k];
    if (v.error) this.errors.set(row, v.error);
    if (v.tags) {
      // The decoder hands the same list for the same bytes: the last one's entry is reused.
      let ref = v.tags === this.lastTags ? this.lastTagRef : 0;
      if (ref === 0) {
        const key = v.tags.join('\u0000');
        ref = this.tagSets.get(key) ?? 0;
        if (ref === 0) {
          ref = this.tagLists.push(v.tags) - 1;
          this.tagSets.set(key, ref);
        }
        this.lastTags = v.tags;
        this.lastTagRef = ref;
      }
      this.tagRef[row] = ref;
    } else this.tagRef[row] = 0;
    if (v.extra) this.extras.set(row, v.extra);
  }

  /** The span at `row`, without heavy fields, `partial` when it has a byte range to reload from. */
  span(row: number, file: string): Span {
    const p = this.pool;
    const s: Span = {
      id: this.ids.text(row),
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
    if (err) s.error = { ...err };
    const model = p.get(this.modelRef[row]);
    if (model !== undefined) s.model = model;
    const provider = p.get(this.providerRef[row]);
    if (provider !== undefined) s.provider = provider;
    const base = row * USAGE_KEYS.length;
    for (let k = 0; k < USAGE_KEYS.length; k++) {
      const x = this.tokens[base + k];
      if (x !== NO_TOKENS) (s.usage ??= {})[USAGE_KEYS[k]] = x;
    }
    const cost = this.cost[row];
    if (!Number.isNaN(cost)) s.costUsd = cost;
    const tags = this.tagRef[row];
    if (tags !== 0) s.tags = this.tagLists[tags].slice();
    const src = this.sources[this.sourceRef[row]];
    if (src) s.source = { ...src };
    const service = p.get(this.serviceRef[row]);
    if (service !== undefined) s.service = service;
    const kind = p.get(this.kindRef[row]);
    if (kind !== undefined) s.kind = kind;
    s.origin = { file };
    const line = this.lineNo[row];
    if (line > 0) s.origin.line = line;
    const offset = this.offset[row];
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
