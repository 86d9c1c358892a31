import { describe, expect, it } from 'vitest';
import { navigate, type NavContext } from '../../webview/trace/navigation';
import { positions, subtreeEnds, visibleRows } from '../../webview/trace/rows';

const parents = [-1, 0, 1, 1, 3, 0, -1];

function ctx(selected: number, collapsedRows: number[] = []): NavContext {
  const subtreeEnd = subtreeEnds(parents);
  const collapsed = new Uint8Array(parents.length);
  for (const c of collapsedRows) collapsed[c] = 1;
  const visible = visibleRows(subtreeEnd, collapsed);
  return { subtreeEnd, parents: (i) => parents[i], collapsed, visible, pos: positions(parents.length, visible), selected, page: 3 };
}

describe('keyboard navigation', () => {
  it('moves up and down through visible rows only', () => {
    expect(navigate('ArrowDown', ctx(1, [1]))).toEqual({ kind: 'select', index: 5 });
    expect(navigate('ArrowUp', ctx(5, [1]))).toEqual({ kind: 'select', index: 1 });
    expect(navigate('ArrowUp', ctx(0))).toEqual({ kind: 'select', index: 0 });
    expect(navigate('ArrowDown', ctx(6))).toEqual({ kind: 'select', index: 6 });
  });

  it('Home, End and pages', () => {
    expect(navigate('End', ctx(2))).toEqual({ kind: 'select', index: 6 });
    expect(navigate('Home', ctx(4))).toEqual({ kind: 'select', index: 0 });
    expect(navigate('PageDown', ctx(0))).toEqual({ kind: 'select', index: 3 });
    expect(navigate('PageUp', ctx(2))).toEqual({ kind: 'select', index: 0 });
  });

  it('left collapses an open parent, then goes to its parent', () => {
    expect(navigate('ArrowLeft', ctx(3))).toEqual({ kind: 'collapse', index: 3 });
    expect(navigate('ArrowLeft', ctx(3, [3]))).toEqual({ kind: 'select', index: 1 });
    expect(navigate('ArrowLeft', ctx(2))).toEqual({ kind: 'select', index: 1 });
    expect(navigate('ArrowLeft', ctx(6))).toEqual({ kind: 'none' });
  });

  it('right expands a closed parent, then goes to its first child', () => {
    expect(navigate('ArrowRight', ctx(1, [1]))).toEqual({ kind: 'expand', index: 1 });
    expect(navigate('ArrowRight', ctx(1))).toEqual({ kind: 'select', index: 2 });
    expect(navigate('ArrowRight', ctx(2))).toEqual({ kind: 'none' });
  });

  it('starts from the top when nothing is selected', () => {
    expect(navigate('ArrowDown', ctx(-1))).toEqual({ kind: 'select', index: 0 });
    expect(navigate('End', ctx(-1))).toEqual({ kind: 'select', index: 6 });
    // a selection hidden inside a collapsed parent counts as none
    expect(navigate('ArrowDown', ctx(4, [1]))).toEqual({ kind: 'select', index: 0 });
  });
});
