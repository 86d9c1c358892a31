/**
 * Mouse input on the waterfall: click to select, chevron or double click to collapse, drag
 * the bars to pan, drag the column edge to resize, ctrl+wheel to zoom, shift+wheel or a
 * sideways swipe to pan. Plain wheel stays native vertical scrolling.
 */
import type { TraceModel } from './rows';
import { hitsTwisty } from './waterfall-draw';

export interface PointerTarget {
  scroller: HTMLElement;
  nameWidth(): number;
  resizeNames(dx: number): void;
  /** row index under a y offset in the scroller, -1 for none */
  rowAt(y: number): number;
  model(): TraceModel;
  isCollapsed(i: number): boolean;
  setCollapsed(i: number, collapsed: boolean): void;
  select(i: number): void;
  pan(dx: number): void;
  zoom(factor: number, x: number): void;
  hover(i: number): void;
}

/** Pixels the pointer may move before a press becomes a drag. */
const DRAG_SLOP = 3;
/** Half-width of the grab zone on the name column's edge. */
const EDGE = 4;

export function attachPointer(t: PointerTarget): void {
  const s = t.scroller;
  const local = (e: MouseEvent) => {
    const rect = s.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };
  let drag: { x: number; moved: boolean; resize: boolean } | undefined;
  s.addEventListener('mousedown', (e) => {
    if (e.button !== 0) return;
    const { x, y } = local(e);
    if (x > s.clientWidth || y > s.clientHeight) return; // the scrollbar
    drag = { x: e.clientX, moved: false, resize: Math.abs(x - t.nameWidth()) <= EDGE };
  });
  window.addEventListener('mousemove', (e) => {
    if (!drag || (!drag.moved && Math.abs(e.clientX - drag.x) <= DRAG_SLOP)) return;
    const dx = e.clientX - drag.x;
    drag.moved = true;
    drag.x = e.clientX;
    if (drag.resize) t.resizeNames(dx);
    else t.pan(-dx);
  });
  window.addEventListener('mouseup', (e) => {
    const d = drag;
    drag = undefined;
    if (!d || d.moved || d.resize) return;
    const { x, y } = local(e);
    const i = t.rowAt(y);
    if (i < 0) return;
    const m = t.model();
    if (x < t.nameWidth() && m.hasChildren(i) && hitsTwisty(x, m.depth(i), t.nameWidth())) t.setCollapsed(i, !t.isCollapsed(i));
    else t.select(i);
  });
  s.addEventListener('dblclick', (e) => {
    const { x, y } = local(e);
    const i = t.rowAt(y);
    if (i >= 0 && x < t.nameWidth() && t.model().hasChildren(i)) t.setCollapsed(i, !t.isCollapsed(i));
  });
  s.addEventListener('mousemove', (e) => {
    const { x, y } = local(e);
    s.style.cursor = Math.abs(x - t.nameWidth()) <= EDGE ? 'col-resize' : x > t.nameWidth() ? 'grab' : 'default';
    t.hover(t.rowAt(y));
  });
  s.addEventListener('mouseleave', () => t.hover(-1));
  s.addEventListener('wheel', (e) => {
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      t.zoom(Math.exp(-e.deltaY * 0.0025), local(e).x);
    } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      e.preventDefault();
      t.pan(e.shiftKey ? e.deltaY : e.deltaX);
    }
  }, { passive: false });
}
