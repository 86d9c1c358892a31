/** Terse span builders for the core tests. Times are given in ms after a fixed epoch. */
import type { Span, SpanType, Usage } from '../../../src/core/model';

export const T0 = Date.UTC(2026, 10, 21, 14, 0, 0) * 1000;
export const ms = (n: number): number => n * 1000;

export interface SpanOpts extends Partial<Omit<Span, 'id' | 'parentId' | 'startTime' | 'endTime'>> {
  type?: SpanType;
  usage?: Usage;
}

/** A span `id` under `parent`, from `start` to `end` ms after T0 (no end: running). */
export function sp(id: string, parent: string | null, start: number, end?: number, opts: SpanOpts = {}): Span {
  const { type, ...rest } = opts;
  return {
    traceId: 't1',
    name: id,
    spanType: type ?? 'chain',
    status: end === undefined ? 'running' : 'ok',
    ...rest,
    id,
    parentId: parent,
    startTime: T0 + ms(start),
    endTime: end === undefined ? undefined : T0 + ms(end),
  };
}

/** LangSmith-style `<YYYYMMDDTHHMMSSffffffZ><id>` segment for a start time in µs. */
export function segment(startUs: number, id: string): string {
  const d = new Date(Math.floor(startUs / 1000));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const micros = pad(d.getUTCMilliseconds() * 1000 + Math.floor(startUs % 1000), 6);
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${micros}Z${id}`
  );
}

/**
 * Fills `dottedOrder` from the parent links. Meant for well-formed trees; on a parent cycle
 * it stops where the cycle closes, which yields a lineage the tree builder must reject.
 */
export function withDotted(spans: Span[]): Span[] {
  const byId = new Map(spans.map((s) => [s.id, s]));
  const memo = new Map<string, string>();
  const visiting = new Set<string>();
  const dotted = (s: Span): string => {
    const known = memo.get(s.id);
    if (known) return known;
    const parent = s.parentId ? byId.get(s.parentId) : undefined;
    const own = segment(s.startTime, s.id);
    visiting.add(s.id);
    const value = parent && !visiting.has(parent.id) ? `${dotted(parent)}.${own}` : own;
    visiting.delete(s.id);
    memo.set(s.id, value);
    return value;
  };
  return spans.map((s) => ({ ...s, dottedOrder: dotted(s) }));
}

/** Deterministic PRNG (mulberry32) for property tests. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ids = (nodes: { span: Span }[]): string[] => nodes.map((n) => n.span.id);
