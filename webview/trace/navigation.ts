/** What a navigation key does to the selection in the waterfall, as a pure decision. */

export type NavAction =
  | { kind: 'select'; index: number }
  | { kind: 'collapse'; index: number }
  | { kind: 'expand'; index: number }
  | { kind: 'none' };

export interface NavContext {
  subtreeEnd: Int32Array;
  parents: (i: number) => number;
  collapsed: Uint8Array;
  visible: Int32Array;
  /** visible position of each row, -1 when hidden */
  pos: Int32Array;
  /** selected row index, -1 for none */
  selected: number;
  /** rows per page, for PageUp/PageDown */
  page: number;
}

export function navigate(key: string, c: NavContext): NavAction {
  const last = c.visible.length - 1;
  if (last < 0) return { kind: 'none' };
  const at = c.selected >= 0 ? c.pos[c.selected] : -1;
  const pick = (k: number): NavAction => ({ kind: 'select', index: c.visible[Math.max(0, Math.min(last, k))] });
  if (at < 0) {
    // Nothing (visible) selected: any navigation key starts at the top, End at the bottom.
    return key === 'End' ? pick(last) : pick(0);
  }
  const i = c.selected;
  const hasChildren = c.subtreeEnd[i] > i + 1;
  switch (key) {
    case 'ArrowDown': return pick(at + 1);
    case 'ArrowUp': return pick(at - 1);
    case 'PageDown': return pick(at + c.page);
    case 'PageUp': return pick(at - c.page);
    case 'Home': return pick(0);
    case 'End': return pick(last);
    case 'ArrowLeft':
      if (hasChildren && !c.collapsed[i]) return { kind: 'collapse', index: i };
      return c.parents(i) >= 0 ? { kind: 'select', index: c.parents(i) } : { kind: 'none' };
    case 'ArrowRight':
      if (hasChildren && c.collapsed[i]) return { kind: 'expand', index: i };
      return hasChildren ? { kind: 'select', index: i + 1 } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}
