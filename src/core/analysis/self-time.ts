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

  // Children usually come in start order already; merge them without allocating and sort
  // a copy only when they do not.
  let sorted = true;
  for (let i = 1; i < kids.length; i++) {
    if (kids[i].span.startTime < kids[i - 1].span.startTime) {
      sorted = false;
      break;
    }
  }
  const list = sorted ? kids : kids.slice().sort((a, b) => a.span.startTime - b.span.startTime);

  let covered = 0;
  let curStart = start;
  let curEnd = start;
  for (const c of list) {
    const s = Math.max(start, c.span.startTime);
    const e = Math.min(end, c.span.startTime + c.duration);
    if (e <= s) continue;
    if (s > curEnd) {
      covered += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) {
      curEnd = e;
    }
  }
  covered += curEnd - curStart;
  return Math.max(0, node.duration - covered);
}
