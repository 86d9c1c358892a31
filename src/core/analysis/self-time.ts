/**
 * Self time: the part of a span's duration that no child covers. Children may overlap
 * (parallel tool calls) or stick out of the parent (clock skew between services), so the
 * union of their intervals, clipped to the parent's, is what gets removed.
 */
import type { SpanNode } from '../trace';

export function selfTimeOf(node: SpanNode): number {
  const start = node.span.startTime;
  const end = start + node.duration;
  const kids = node.children;
  if (kids.length === 0) return node.duration;

  const intervals: [number, number][] = [];
  for (const c of kids) {
    const s = Math.max(start, c.span.startTime);
    const e = Math.min(end, c.span.startTime + c.duration);
    if (e > s) intervals.push([s, e]);
  }
  intervals.sort((a, b) => a[0] - b[0]);

  let covered = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const [s, e] of intervals) {
    if (s > curEnd) {
      if (curEnd > curStart) covered += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) {
      curEnd = e;
    }
  }
  if (curEnd > curStart) covered += curEnd - curStart;
  return Math.max(0, node.duration - covered);
}
