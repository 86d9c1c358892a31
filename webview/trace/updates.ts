/** Applying the host's positional row patches to the rows the view holds. */
import type { RowPatch, ViewRow } from '../../src/protocol/trace-view';

/** A new rows array: `rows` cut or grown to `length`, with each patch written at its index. */
export function applyPatches(rows: readonly ViewRow[], patches: readonly RowPatch[], length: number): ViewRow[] | undefined {
  const next = rows.slice(0, Math.min(rows.length, length));
  for (const p of patches) {
    if (p.index < 0 || p.index >= length) return undefined;
    next[p.index] = p.row;
  }
  // Every grown position must have been filled, or the view is out of step with the host.
  if (next.length !== length) return undefined;
  for (let i = 0; i < length; i++) if (next[i] === undefined) return undefined;
  return next;
}
