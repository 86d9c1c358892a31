/** Helpers over a trace's pre-order `nodes`, where every parent precedes its children. */
import type { SpanNode } from '../trace';

/** Index of each node's parent in pre-order `nodes` (-1 for roots), without a Map. */
export function parentIndexes(nodes: readonly SpanNode[]): Int32Array {
  const out = new Int32Array(nodes.length);
  // In pre-order the parent of a node at depth d is the latest node seen at depth d - 1.
  const lastAtDepth: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const d = nodes[i].depth;
    out[i] = d > 0 ? lastAtDepth[d - 1] ?? -1 : -1;
    lastAtDepth[d] = i;
  }
  return out;
}
