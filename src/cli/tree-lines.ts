/**
 * Box-drawing prefixes for a tree given in pre-order with parent indexes: one pass, using the
 * fact that a row's last child is the last row naming it as parent.
 */
import type { TraceRow } from '../ingest/types';

export function treePrefixes(rows: readonly TraceRow[]): string[] {
  const lastChild = new Int32Array(rows.length).fill(-1);
  let lastRoot = -1;
  rows.forEach((r, i) => {
    if (r.parentIndex < 0) lastRoot = i;
    else lastChild[r.parentIndex] = i;
  });
  const prefixes: string[] = new Array(rows.length);
  // what a row's children put before their connector
  const childIndent: string[] = new Array(rows.length);
  rows.forEach((r, i) => {
    if (r.parentIndex < 0) {
      prefixes[i] = '';
      childIndent[i] = '';
      return;
    }
    const last = lastChild[r.parentIndex] === i;
    const base = childIndent[r.parentIndex];
    prefixes[i] = base + (last ? '└─ ' : '├─ ');
    childIndent[i] = base + (last ? '   ' : '│  ');
  });
  void lastRoot;
  return prefixes;
}
