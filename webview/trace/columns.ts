/** Reading the snapshot's columns back, and writing the host's row patches into them. */
import { SPAN_TYPES, type SpanStatus, type SpanType } from '../../src/core/model';
import { COLUMN_SEPARATOR, ROW_CRITICAL, ROW_HAS_SOURCE, ROW_ORPHAN, ROW_STATUSES, type RowColumns, type RowPatch, type ViewRow } from '../../src/protocol/trace-view';

export function splitColumn(v: string | string[], length: number): string[] {
  if (Array.isArray(v)) return v;
  return length === 0 ? [] : v.split(COLUMN_SEPARATOR);
}

export function typeOf(c: RowColumns, i: number): SpanType {
  return SPAN_TYPES[c.types[i]] ?? 'custom';
}

export function statusOf(c: RowColumns, i: number): SpanStatus {
  return ROW_STATUSES[c.status[i]] ?? 'ok';
}

/** Row `i` as an object, for the details pane and tooltips. */
export function rowAt(c: RowColumns, ids: string[], names: string[], i: number, sparse: { models: Map<number, string>; errors: Map<number, string> }): ViewRow {
  const r: ViewRow = {
    id: ids[i], name: names[i], type: typeOf(c, i), status: statusOf(c, i),
    start: c.start[i], duration: c.duration[i], selfTime: c.selfTime[i],
    depth: c.depth[i], parent: c.parent[i], childCount: c.childCount[i],
  };
  const f = c.flags[i];
  if (f & ROW_CRITICAL) r.critical = true;
  if (f & ROW_ORPHAN) r.orphan = true;
  if (f & ROW_HAS_SOURCE) r.hasSource = true;
  if (c.tokens[i] > 0) r.tokens = c.tokens[i];
  if (!Number.isNaN(c.costUsd[i])) r.costUsd = c.costUsd[i];
  const model = sparse.models.get(i);
  if (model !== undefined) r.model = model;
  const error = sparse.errors.get(i);
  if (error !== undefined) r.error = error;
  return r;
}

const TYPE_INDEX = new Map<string, number>(SPAN_TYPES.map((t, i) => [t, i]));
const STATUS_INDEX = new Map<string, number>(ROW_STATUSES.map((t, i) => [t, i]));

/**
 * New columns: the first `length` rows of `c`, with each patch written at its index. Undefined
 * when the patches leave a hole or point outside, i.e. the view is out of step with the host.
 */
export function patchColumns(c: RowColumns, ids: string[], names: string[], patches: readonly RowPatch[], length: number): { cols: RowColumns; ids: string[]; names: string[] } | undefined {
  const keep = Math.min(c.length, length);
  const filled = new Uint8Array(length);
  filled.fill(1, 0, keep);
  for (const p of patches) {
    if (p.index < 0 || p.index >= length) return undefined;
    filled[p.index] = 1;
  }
  if (filled.indexOf(0) !== -1) return undefined;
  const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
    const b = make(length);
    b.set(a.subarray(0, keep));
    return b;
  };
  const patched = new Set(patches.map((p) => p.index));
  const next: RowColumns = {
    length,
    ids: [],
    names: [],
    types: grow(c.types, (n) => new Uint8Array(n)),
    status: grow(c.status, (n) => new Uint8Array(n)),
    flags: grow(c.flags, (n) => new Uint8Array(n)),
    start: grow(c.start, (n) => new Float64Array(n)),
    duration: grow(c.duration, (n) => new Float64Array(n)),
    selfTime: grow(c.selfTime, (n) => new Float64Array(n)),
    depth: grow(c.depth, (n) => new Int32Array(n)),
    parent: grow(c.parent, (n) => new Int32Array(n)),
    childCount: grow(c.childCount, (n) => new Int32Array(n)),
    tokens: grow(c.tokens, (n) => new Float64Array(n)),
    costUsd: grow(c.costUsd, (n) => new Float64Array(n)),
    models: c.models.filter(([i]) => i < keep && !patched.has(i)),
    errors: c.errors.filter(([i]) => i < keep && !patched.has(i)),
  };
  const nextIds = ids.slice(0, keep);
  const nextNames = names.slice(0, keep);
  for (const { index: i, row: r } of patches) {
    nextIds[i] = r.id;
    nextNames[i] = r.name;
    next.types[i] = TYPE_INDEX.get(r.type) ?? TYPE_INDEX.get('custom')!;
    next.status[i] = STATUS_INDEX.get(r.status) ?? 0;
    next.flags[i] = (r.critical ? ROW_CRITICAL : 0) | (r.orphan ? ROW_ORPHAN : 0) | (r.hasSource ? ROW_HAS_SOURCE : 0);
    next.start[i] = r.start;
    next.duration[i] = r.duration;
    next.selfTime[i] = r.selfTime;
    next.depth[i] = r.depth;
    next.parent[i] = r.parent;
    next.childCount[i] = r.childCount;
    next.tokens[i] = r.tokens ?? 0;
    next.costUsd[i] = r.costUsd ?? Number.NaN;
    if (r.model !== undefined) next.models.push([i, r.model]);
    if (r.error !== undefined) next.errors.push([i, r.error]);
  }
  next.ids = nextIds;
  next.names = nextNames;
  return { cols: next, ids: nextIds, names: nextNames };
}
