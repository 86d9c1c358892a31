/**
 * Lanes (Chrome trace `tid`s) for one trace, so that on each lane every event nests inside
 * the event above it only when that event is its ancestor: a child goes on its parent's lane
 * when that lane is free from its start on, otherwise on the first free lane, so children
 * running in parallel sit side by side. Displayed intervals are clamped into the parent's
 * (clock skew can put a child outside it), which keeps every subtree within its root.
 */
import type { Span } from '../model';

export interface Placed {
  span: Span;
  /** displayed start/end in µs, inside the parent's */
  start: number;
  end: number;
  lane: number;
  depth: number;
  clamped: boolean;
}

export function placeTrace(spans: Span[]): Placed[] {
  const children = childrenOf(spans);
  const latest = spans.reduce((m, s) => Math.max(m, s.endTime ?? s.startTime), -Infinity);
  const busyUntil: number[] = [];
  const out: Placed[] = [];
  const visited = new Set<Span>();

  const freeLane = (preferred: number, start: number): number => {
    if (preferred >= 0 && (busyUntil[preferred] ?? -Infinity) <= start) return preferred;
    for (let l = 0; l < busyUntil.length; l++) if (busyUntil[l]! <= start) return l;
    busyUntil.push(-Infinity);
    return busyUntil.length - 1;
  };

  // Iterative DFS: deep traces must not overflow the stack.
  type Frame = { span: Span; parent: Placed | undefined; exit?: Placed };
  const stack: Frame[] = [];
  const pushChildren = (list: Span[], parent: Placed | undefined) => {
    for (let i = list.length - 1; i >= 0; i--) stack.push({ span: list[i]!, parent });
  };
  pushChildren(roots(spans), undefined);
  const visit = (frame: Frame) => {
    if (frame.exit) {
      const lane = frame.exit.lane;
      busyUntil[lane] = Math.max(busyUntil[lane]!, frame.exit.end);
      return;
    }
    if (visited.has(frame.span)) return;
    visited.add(frame.span);
    const p = place(frame.span, frame.parent, latest);
    p.lane = freeLane(frame.parent ? frame.parent.lane : -1, p.start);
    // An ancestor open on this lane does not block its descendants; completed events do.
    out.push(p);
    stack.push({ span: frame.span, parent: frame.parent, exit: p });
    pushChildren(children.get(frame.span.id) ?? [], p);
  };
  while (stack.length > 0) visit(stack.pop()!);
  // Spans left out by a parent cycle are shown as roots.
  for (const s of spans) {
    if (visited.has(s)) continue;
    stack.push({ span: s, parent: undefined });
    while (stack.length > 0) visit(stack.pop()!);
  }
  return out;
}

function place(span: Span, parent: Placed | undefined, latest: number): Placed {
  let start = span.startTime;
  let end = span.endTime ?? Math.max(latest, span.startTime);
  let clamped = false;
  if (parent) {
    if (start < parent.start) { start = parent.start; clamped = true; }
    if (end > parent.end) { end = parent.end; clamped = true; }
    if (start > end) { start = end; clamped = true; }
  }
  return { span, start, end, lane: 0, depth: parent ? parent.depth + 1 : 0, clamped };
}

function childrenOf(spans: Span[]): Map<string, Span[]> {
  const ids = new Set(spans.map((s) => s.id));
  const map = new Map<string, Span[]>();
  for (const s of spans) {
    if (!s.parentId || s.parentId === s.id || !ids.has(s.parentId)) continue;
    let list = map.get(s.parentId);
    if (!list) map.set(s.parentId, (list = []));
    list.push(s);
  }
  for (const list of map.values()) list.sort((a, b) => a.startTime - b.startTime);
  return map;
}

function roots(spans: Span[]): Span[] {
  const ids = new Set(spans.map((s) => s.id));
  return spans.filter((s) => !s.parentId || s.parentId === s.id || !ids.has(s.parentId)).sort((a, b) => a.startTime - b.startTime);
}
