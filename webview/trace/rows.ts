/**
 * The trace as the waterfall sees it: rows in tree pre-order plus the derived arrays that make
 * collapse, navigation and drawing O(visible rows) instead of O(spans).
 */
import type { ViewRow } from '../../src/protocol/trace-view';

export class TraceModel {
  readonly n: number;
  /** exclusive end of each row's subtree in pre-order: descendants are i+1 … subtreeEnd[i]-1 */
  readonly subtreeEnd: Int32Array;
  readonly indexById: Map<string, number>;
  /** µs from the trace start to the latest end among rows */
  readonly extent: number;

  constructor(readonly rows: ViewRow[]) {
    this.n = rows.length;
    this.subtreeEnd = subtreeEnds(rows.map((r) => r.parent));
    this.indexById = new Map();
    let extent = 0;
    for (let i = 0; i < rows.length; i++) {
      this.indexById.set(rows[i].id, i);
      const end = rows[i].start + rows[i].duration;
      if (end > extent) extent = end;
    }
    this.extent = extent;
  }

  hasChildren(i: number): boolean {
    return this.subtreeEnd[i] > i + 1;
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
export function ancestors(rows: readonly { parent: number }[], i: number): number[] {
  const out: number[] = [];
  let p = rows[i]?.parent ?? -1;
  // Bounded by the row count so a malformed parent chain cannot loop.
  for (let guard = 0; p >= 0 && guard < rows.length; guard++) {
    out.push(p);
    p = rows[p].parent;
  }
  return out;
}
