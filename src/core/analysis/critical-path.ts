/**
 * The critical path: the chain of spans that decided when the trace finished.
 *
 * From a span's end we walk back through the child that finished last, then from that
 * child's start through the child that finished last before it, and so on; each chosen child
 * is expanded the same way. With parallel children the longest child is often not on the
 * path (a long call that finished early waited on nobody), which is why "the longest child at
 * each level" is wrong.
 */
import type { SpanNode, Trace } from '../trace';

/** Marks `onCriticalPath` on the trace's nodes and returns the path in start-time order. */
export function markCriticalPath(trace: Trace): SpanNode[] {
  for (const n of trace.nodes) n.onCriticalPath = false;
  const path: SpanNode[] = [];
  // The roots are treated as children of a virtual span covering the whole trace.
  const pending: SpanNode[] = chain(trace.roots);
  while (pending.length > 0) {
    const node = pending.pop()!;
    node.onCriticalPath = true;
    path.push(node);
    pending.push(...chain(node.children));
  }
  path.sort((a, b) => a.span.startTime - b.span.startTime || a.depth - b.depth);
  return path;
}

/** Children on the path, last-finishing first. */
function chain(children: readonly SpanNode[]): SpanNode[] {
  if (children.length === 0) return [];
  // On equal ends a running child goes first: it has not finished, so it is what the trace
  // is still waiting on.
  const byEnd = children.slice().sort((a, b) => endOf(b) - endOf(a) || running(b) - running(a) || a.span.startTime - b.span.startTime);
  const picked: SpanNode[] = [];
  // The first pick ignores the parent's end: a child that, by a skewed clock, ends after
  // its parent still finished last.
  let cursor = Infinity;
  for (const c of byEnd) {
    if (endOf(c) <= cursor) {
      picked.push(c);
      cursor = c.span.startTime;
    }
  }
  return picked;
}

function running(n: SpanNode): number {
  return n.span.endTime === undefined ? 1 : 0;
}

function endOf(n: SpanNode): number {
  return n.span.startTime + n.duration;
}
