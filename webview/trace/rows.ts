/**
 * The trace as the waterfall sees it: rows in tree pre-order plus the derived arrays that make
 * collapse, navigation and drawing O(visible rows) instead of O(spans).
 */
import type { SpanStatus, SpanType } from '../../src/core/model';
import { ROW_CRITICAL, ROW_ORPHAN, type RowColumns, type ViewRow } from '../../src/protocol/trace-view';
import { rowAt, splitColumn, statusOf, typeOf } from './columns';

export class TraceModel {
  readonly n: number;
  readonly ids: string[];
  readonly names: string[];
  /** exclusive end of each row's subtree in pre-order: descendants are i+1 … subtreeEnd[i]-1 */
  readonly subtreeEnd: Int32Array;
  /** µs from the trace start to the latest end among rows */
  readonly extent: number;
  private index: Map<string, number> | undefined;
  private sparse: { models: Map<number, string>; errors: Map<number, string> } | undefined;

  constructor(readonly cols: RowColumns, ids?: string[], names?: string[]) {
    this.n = cols.length;
    this.ids = ids ?? splitColumn(cols.ids, cols.length);
    this.names = names ?? splitColumn(cols.names, cols.length);
    if (this.ids.length !== this.n || this.names.length !== this.n) throw new Error(`trace rows disagree: ${this.n} rows, ${this.ids.length} ids, ${this.names.length} names`);
    this.subtreeEnd = subtreeEnds(cols.parent);
    let extent = 0;
    for (let i = 0; i < this.n; i++) {
      const end = cols.start[i] + cols.duration[i];
      if (end > extent) extent = end;
    }
    this.extent = extent;
  }

  static empty(): TraceModel {
    const z8 = new Uint8Array(0);
    const z32 = new Int32Array(0);
    const z64 = new Float64Array(0);
    return new TraceModel({ length: 0, ids: '', names: '', types: z8, status: z8, flags: z8, start: z64, duration: z64, selfTime: z64, depth: z32, parent: z32, childCount: z32, tokens: z64, costUsd: z64, models: [], errors: [] });
  }

  /** Built on first use: a 100k-entry map is tens of ms the first paint does not need. */
  get indexById(): Map<string, number> {
    if (!this.index) {
      this.index = new Map();
      for (let i = 0; i < this.n; i++) this.index.set(this.ids[i], i);
    }
    return this.index;
  }

  hasChildren(i: number): boolean {
    return this.subtreeEnd[i] > i + 1;
  }

  type(i: number): SpanType { return typeOf(this.cols, i); }
  status(i: number): SpanStatus { return statusOf(this.cols, i); }
  critical(i: number): boolean { return (this.cols.flags[i] & ROW_CRITICAL) !== 0; }
  orphan(i: number): boolean { return (this.cols.flags[i] & ROW_ORPHAN) !== 0; }
  depth(i: number): number { return this.cols.depth[i]; }
  parent(i: number): number { return this.cols.parent[i]; }
  start(i: number): number { return this.cols.start[i]; }
  duration(i: number): number { return this.cols.duration[i]; }
  tokens(i: number): number { return this.cols.tokens[i]; }

  /** Row `i` as an object (details pane, tooltips). */
  row(i: number): ViewRow {
    if (!this.sparse) this.sparse = { models: new Map(this.cols.models), errors: new Map(this.cols.errors) };
    return rowAt(this.cols, this.ids, this.names, i, this.sparse);
  }
}

/**
 * Subtree ends from parent indexes. Rows are pre-order, so a subtree is contiguous and its end
 * is the largest end among its children: one reverse pass.
 */
export function subtreeEnds(parents: ArrayLike<number>): Int32Array {
  const n = parents.length;
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) end[i] = i + 1;
  for (let i = n - 1; i >= 0; i--) {
    const p = parents[i];
    if (p >= 0 && p < i && end[i] > end[p]) end[p] = end[i];
  }
  return end;
}

/** Row indexes shown with the given rows collapsed (their descendants hidden). */
export function visibleRows(subtreeEnd: Int32Array, collapsed: Uint8Array): Int32Array {
  const n = subtreeEnd.length;
  const out = new Int32Array(n);
  let k = 0;
  let i = 0;
  while (i < n) {
    out[k++] = i;
    i = collapsed[i] ? subtreeEnd[i] : i + 1;
  }
  return out.subarray(0, k);
}

/** Position of each row in `visible`, -1 for hidden rows. */
export function positions(n: number, visible: Int32Array): Int32Array {
  const pos = new Int32Array(n).fill(-1);
  for (let k = 0; k < visible.length; k++) pos[visible[k]] = k;
  return pos;
}

/** Indexes of `i`'s ancestors, nearest first. */
export function ancestors(parents: ArrayLike<number>, i: number): number[] {
  const out: number[] = [];
  let p = i >= 0 && i < parents.length ? parents[i] : -1;
  // Bounded by the row count so a malformed parent chain cannot loop.
  for (let guard = 0; p >= 0 && guard < parents.length; guard++) {
    out.push(p);
    p = parents[p];
  }
  return out;
}
