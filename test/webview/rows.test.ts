import { describe, expect, it } from 'vitest';
import { ancestors, positions, subtreeEnds, TraceModel, visibleRows } from '../../webview/trace/rows';
import { syntheticTrace } from './synthetic-trace';
import { toColumns } from '../../src/extension/panels/trace-rows';

// root(0) ─ a(1) ─ a1(2)
//                └ a2(3) ─ a2x(4)
//        └ b(5)
// orphan(6)
const parents = [-1, 0, 1, 1, 3, 0, -1];

describe('subtree ends and visible rows', () => {
  it('finds where each pre-order subtree ends', () => {
    expect([...subtreeEnds(parents)]).toEqual([6, 5, 3, 5, 5, 6, 7]);
  });

  it('shows every row when nothing is collapsed', () => {
    const ends = subtreeEnds(parents);
    expect([...visibleRows(ends, new Uint8Array(7))]).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('hides the descendants of collapsed rows, however deep', () => {
    const ends = subtreeEnds(parents);
    const collapsed = new Uint8Array(7);
    collapsed[3] = 1;
    expect([...visibleRows(ends, collapsed)]).toEqual([0, 1, 2, 3, 5, 6]);
    collapsed[1] = 1;
    expect([...visibleRows(ends, collapsed)]).toEqual([0, 1, 5, 6]);
    collapsed[0] = 1;
    expect([...visibleRows(ends, collapsed)]).toEqual([0, 6]);
    // a collapsed leaf hides nothing
    const leaf = new Uint8Array(7);
    leaf[2] = 1;
    expect([...visibleRows(ends, leaf)]).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('maps rows to visible positions and walks ancestors', () => {
    const ends = subtreeEnds(parents);
    const collapsed = new Uint8Array(7);
    collapsed[1] = 1;
    const pos = positions(7, visibleRows(ends, collapsed));
    expect([...pos]).toEqual([0, 1, -1, -1, -1, 2, 3]);
    expect(ancestors(parents, 4)).toEqual([3, 1, 0]);
    expect(ancestors(parents, 6)).toEqual([]);
  });

  it('agrees with childCount on a 10k-span synthetic trace', () => {
    const { rows } = syntheticTrace(10_000);
    const m = new TraceModel(toColumns(rows));
    const wrong: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      // children of i are exactly the rows in its subtree whose parent is i
      let children = 0;
      for (let j = i + 1; j < m.subtreeEnd[i]; j++) {
        if (rows[j].parent === i) children++;
        if (rows[j].depth <= rows[i].depth) wrong.push(j);
      }
      if (children !== rows[i].childCount) wrong.push(i);
      // the row after the subtree is not a descendant
      const after = m.subtreeEnd[i];
      if (after < rows.length && rows[after].depth > rows[i].depth) wrong.push(after);
    }
    expect(wrong).toEqual([]);
    expect(m.indexById.get(rows[1234].id)).toBe(1234);
    // every row reads back from the columns as it was sent
    for (const i of [0, 1, 777, 1234, rows.length - 1]) expect(m.row(i)).toEqual(rows[i]);
    expect(m.names).toEqual(rows.map((r) => r.name));
    expect(m.extent).toBeGreaterThanOrEqual(rows[0].duration);
  });
});
