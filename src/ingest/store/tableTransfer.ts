/**
 * One table's rows carried into another: the second half of a large file is indexed on another
 * thread (rangeIndex.ts) and its rows are put into the first half's table in file order, through
 * the same putValues a line goes through, so records replaced across the halves merge as they
 * would have in one pass.
 */
import type { SourceLocation, Span, SpanError, SpanOrigin } from '../../core/model';
import { RowValues } from './rowValues';
import { USAGE_KEYS, type SpanTable } from './spanTable';

/** A table's rows as plain data for another thread: columns hold at least `length` rows. */
export interface TableRows {
  length: number;
  strings: readonly string[];
  sources: readonly (SourceLocation | undefined)[];
  ids: { arena: Uint8Array; offs: Uint32Array };
  traceRef: Uint32Array; parentRef: Uint32Array; nameRef: Uint32Array; modelRef: Uint32Array;
  providerRef: Uint32Array; serviceRef: Uint32Array; kindRef: Uint32Array; sourceRef: Uint32Array;
  typeCode: Uint8Array; statusCode: Uint8Array;
  start: Float64Array; end: Float64Array; cost: Float64Array; offset: Float64Array;
  byteLength: Uint32Array; lineNo: Uint32Array; tokens: Int32Array;
  errors: [number, SpanError][]; tags: [number, string[]][]; extras: [number, Partial<Span>][];
  earlierOrigins: [number, SpanOrigin[]][];
}

/**
 * Puts `rows` into `into` after what it holds; `lineBase` lines came before the first of them.
 * Returns the trace ids the rows touched.
 */
export function importRows(
  into: SpanTable, rows: TableRows, lineBase: number, replay: (records: SpanOrigin[]) => void,
): Set<string> {
  const pool = into.pool;
  const refs = new Int32Array(rows.strings.length).fill(-1);
  refs[0] = 0;
  const ref = (r: number): number => {
    let m = refs[r];
    if (m < 0) refs[r] = m = pool.add(rows.strings[r]);
    return m;
  };
  const sourceRefs = new Int32Array(rows.sources.length).fill(-1);
  const sourceRef = (r: number): number => {
    let m = sourceRefs[r];
    if (m < 0) sourceRefs[r] = m = into.sourceRefOf(rows.sources[r]);
    return m;
  };
  const errors = new Map(rows.errors);
  const tags = new Map(rows.tags);
  const extras = new Map(rows.extras);
  const earlier = new Map(rows.earlierOrigins);
  const touched = new Set<number>();
  const v = new RowValues();
  const k = USAGE_KEYS.length;
  for (let r = 0; r < rows.length; r++) {
    v.clear();
    v.traceRef = ref(rows.traceRef[r]);
    v.parentRef = ref(rows.parentRef[r]);
    v.nameRef = ref(rows.nameRef[r]);
    v.modelRef = ref(rows.modelRef[r]);
    v.providerRef = ref(rows.providerRef[r]);
    v.serviceRef = ref(rows.serviceRef[r]);
    v.kindRef = ref(rows.kindRef[r]);
    v.sourceRef = sourceRef(rows.sourceRef[r]);
    v.typeCode = rows.typeCode[r];
    v.statusCode = rows.statusCode[r];
    v.start = rows.start[r];
    v.end = rows.end[r];
    v.cost = rows.cost[r];
    v.offset = rows.offset[r];
    v.length = rows.byteLength[r];
    v.line = rows.lineNo[r] > 0 ? rows.lineNo[r] + lineBase : 0;
    for (let t = 0; t < k; t++) v.tokens[t] = rows.tokens[r * k + t];
    v.error = errors.get(r);
    v.tags = tags.get(r);
    v.extra = extras.get(r);
    const ids = rows.ids;
    const before = earlier.get(r)?.map((o) => ({ ...o, line: o.line === undefined ? undefined : o.line + lineBase }));
    if (before && into.find(pool.get(v.traceRef)!, Buffer.from(ids.arena.subarray(ids.offs[r], ids.offs[r + 1])).toString('utf8')) !== undefined) {
      // Several records of a span this table already holds: which of them replace it depends
      // on what it holds (a running record never replaces a finished one), so they are read
      // again here, in order.
      replay([...before, { file: '', line: v.line || undefined, offset: v.offset, length: v.length }]);
      touched.add(v.traceRef);
      continue;
    }
    const row = into.putRow(v, ids.arena, ids.offs[r], ids.offs[r + 1]);
    if (row < 0) continue;
    touched.add(v.traceRef);
    if (before) into.addEarlierOrigins(row, before);
  }
  const ids = new Set<string>();
  for (const t of touched) ids.add(pool.get(t)!);
  return ids;
}
