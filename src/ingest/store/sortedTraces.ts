/**
 * One file's trace summaries kept newest first, updated in place for the few traces a refresh
 * touches, so appending a span to a file of ten thousand traces costs a binary search and a
 * splice, not a rebuild and a sort.
 */
import type { TraceSummary } from '../types';

/** Newest first; ties by trace id, as buildTraces orders traces. */
function before(a: TraceSummary, b: TraceSummary): boolean {
  return a.startTime > b.startTime || (a.startTime === b.startTime && a.traceId < b.traceId);
}

export class SortedTraces {
  private readonly list: TraceSummary[];
  private readonly byId = new Map<string, TraceSummary>();
  private readonly pending = new Set<string>();

  constructor(summaries: TraceSummary[]) {
    this.list = summaries.slice().sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    for (const s of this.list) this.byId.set(s.traceId, s);
  }

  /** These traces' summaries may have changed (or the traces left the file). */
  invalidate(traceIds: Iterable<string>): void {
    for (const t of traceIds) this.pending.add(t);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Applies pending changes; `summaryOf` gives a trace's current summary, undefined when it is gone. */
  current(summaryOf: (traceId: string) => TraceSummary | undefined): TraceSummary[] {
    for (const t of this.pending) {
      const old = this.byId.get(t);
      if (old) {
        this.list.splice(this.position(old), 1);
        this.byId.delete(t);
      }
      const now = summaryOf(t);
      if (now) {
        this.list.splice(this.position(now), 0, now);
        this.byId.set(t, now);
      }
    }
    this.pending.clear();
    return this.list.slice();
  }

  /** Index of `s` if present, else where it goes. */
  private position(s: TraceSummary): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.list[mid];
      if (m === s || m.traceId === s.traceId && m.startTime === s.startTime) return mid;
      if (before(m, s)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
