/**
 * Property tests over generated trees (seeded PRNG, so a failure replays): self-diffs are
 * empty, swapping sides mirrors the result, and single random edits are recovered exactly.
 */
import { describe, expect, it } from 'vitest';
import { buildTraces } from '../../../src/core/tree';
import { diffTraces, type TraceDiff } from '../../../src/core/diff';
import type { Trace } from '../../../src/core/trace';
import { prng } from '../tree/helpers';
import { Gen, clone, subtreeIds, toSpans, walk, type GenNode } from './generate';

const ITERATIONS = 400;
const trace = (roots: GenNode[]): Trace => buildTraces(toSpans(roots))[0];

interface Found {
  added: Set<string>;
  removed: Set<string>;
  changed: Set<string>;
  /** pairs whose two sides are different generated nodes */
  mismatched: string[];
}

function found(d: TraceDiff): Found {
  const f: Found = { added: new Set(), removed: new Set(), changed: new Set(), mismatched: [] };
  for (const r of d.rows) {
    if (r.kind === 'added') f.added.add(r.rightId!);
    else if (r.kind === 'removed') f.removed.add(r.leftId!);
    else {
      if (r.leftId !== r.rightId) f.mismatched.push(`${r.leftId}≠${r.rightId}`);
      if (r.kind === 'changed') f.changed.add(r.rightId!);
    }
  }
  return f;
}

function sorted(s: Set<string>): string[] {
  return [...s].sort();
}

type Edit = 'insert' | 'delete' | 'rename' | 'reorder';

/** Applies one edit in place; returns what the diff must report, or undefined if impossible here. */
function edit(g: Gen, roots: GenNode[], kind: Edit): { added: string[]; removed: string[]; changed: string[] } | undefined {
  const all: { n: GenNode; siblings: GenNode[] }[] = [];
  walk(roots, (n, siblings) => all.push({ n, siblings }));
  const none = { added: [], removed: [], changed: [] };
  if (kind === 'insert') {
    const sub = g.subtree(1 + g.int(4), true);
    const target = g.int(all.length + 1);
    const siblings = target === all.length ? roots : all[target].n.children;
    siblings.splice(g.int(siblings.length + 1), 0, sub);
    return { ...none, added: subtreeIds(sub) };
  }
  if (kind === 'delete') {
    const candidates = all.filter((x) => x.siblings !== roots || roots.length > 1);
    if (candidates.length === 0) return undefined;
    const { n, siblings } = candidates[g.int(candidates.length)];
    siblings.splice(siblings.indexOf(n), 1);
    return { ...none, removed: subtreeIds(n) };
  }
  if (kind === 'rename') {
    const { n } = all[g.int(all.length)];
    n.name = g.freshName();
    return { ...none, changed: [n.id] };
  }
  // Reorder: move a sibling whose name is unique among its siblings by two places or more.
  // (Among same-named siblings a move cannot be told from changed inputs, and a move by one
  // place is equally a move of the neighbour.)
  const groups = [roots, ...all.map((x) => x.n.children)].filter((s) => s.length >= 3);
  if (groups.length === 0) return undefined;
  const siblings = groups[g.int(groups.length)];
  const unique = siblings.filter((s) => siblings.filter((t) => t.name === s.name).length === 1);
  if (unique.length === 0) return undefined;
  const n = unique[g.int(unique.length)];
  const from = siblings.indexOf(n);
  const targets = siblings.map((_, k) => k).filter((k) => Math.abs(k - from) >= 2);
  if (targets.length === 0) return undefined;
  siblings.splice(from, 1);
  siblings.splice(targets[g.int(targets.length)], 0, n);
  return { ...none, changed: [n.id] };
}

describe('diff properties', () => {
  it('finds no change between a trace and itself', () => {
    const g = new Gen(prng(11));
    for (let i = 0; i < ITERATIONS; i++) {
      const t = trace(g.forest(1 + g.int(60)));
      const d = diffTraces(t, t);
      expect(d.counts).toEqual({ same: t.spanCount, changed: 0, added: 0, removed: 0 });
      expect(d.rows.every((r) => r.left === r.right)).toBe(true);
      expect(d.delta).toEqual({ duration: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, spanCount: 0 });
    }
  });

  it('mirrors the result when the sides are swapped', () => {
    const g = new Gen(prng(12));
    const kinds: Edit[] = ['insert', 'delete', 'rename', 'reorder'];
    for (let i = 0; i < ITERATIONS; i++) {
      const a = g.forest(1 + g.int(40));
      const b = clone(a);
      // several edits, and unrelated random trees now and then, to stress the tie-breaking
      for (let e = g.int(5); e >= 0; e--) edit(g, b, kinds[g.int(kinds.length)]);
      const ta = trace(a);
      const tb = g.int(5) === 0 ? trace(g.forest(1 + g.int(40))) : trace(b);
      const ab = diffTraces(ta, tb);
      const ba = diffTraces(tb, ta);
      // every span of each side shows up in exactly one row
      expect(ab.rows.filter((r) => r.left !== undefined).map((r) => r.left).sort((x, y) => x! - y!)).toEqual(ta.nodes.map((_, k) => k));
      expect(ab.rows.filter((r) => r.right !== undefined).map((r) => r.right).sort((x, y) => x! - y!)).toEqual(tb.nodes.map((_, k) => k));
      expect(ba.counts).toEqual({ ...ab.counts, added: ab.counts.removed, removed: ab.counts.added });
      const key = (l?: number, r?: number) => `${l ?? '-'}|${r ?? '-'}`;
      const mirrored = new Map(ba.rows.map((r) => [key(r.right, r.left), r]));
      expect(mirrored.size).toBe(ab.rows.length);
      for (const r of ab.rows) {
        const m = mirrored.get(key(r.left, r.right));
        expect(m, `row ${key(r.left, r.right)} of seed iteration ${i}`).toBeDefined();
        const expectedKind = r.kind === 'added' ? 'removed' : r.kind === 'removed' ? 'added' : r.kind;
        expect(m!.kind).toBe(expectedKind);
        if (r.delta) {
          const d = m!.delta!;
          expect(d.duration + r.delta.duration).toBe(0);
          expect(d.inputTokens + r.delta.inputTokens).toBe(0);
          expect(d.outputTokens + r.delta.outputTokens).toBe(0);
          expect(d.costUsd + r.delta.costUsd).toBe(0);
          expect([d.leftStatus, d.rightStatus]).toEqual([r.delta.rightStatus, r.delta.leftStatus]);
          expect([d.renamed, d.moved, d.inputsDiffer, d.outputsDiffer]).toEqual([r.delta.renamed, r.delta.moved, r.delta.inputsDiffer, r.delta.outputsDiffer]);
        }
      }
      expect(ba.delta.duration + ab.delta.duration).toBe(0);
      expect(ba.delta.inputTokens + ab.delta.inputTokens).toBe(0);
      expect(ba.delta.costUsd + ab.delta.costUsd).toBe(0);
    }
  });

  for (const kind of ['insert', 'delete', 'rename', 'reorder'] as Edit[]) {
    it(`recovers a random ${kind} exactly`, () => {
      const g = new Gen(prng(100 + kind.length));
      let applied = 0;
      for (let i = 0; applied < ITERATIONS && i < ITERATIONS * 4; i++) {
        const before = g.forest(2 + g.int(50));
        const after = clone(before);
        const expected = edit(g, after, kind);
        if (!expected) continue;
        applied++;
        const f = found(diffTraces(trace(before), trace(after)));
        expect({ added: sorted(f.added), removed: sorted(f.removed), changed: sorted(f.changed), mismatched: f.mismatched }, `iteration ${i}`).toEqual({
          added: expected.added.slice().sort(),
          removed: expected.removed.slice().sort(),
          changed: expected.changed.slice().sort(),
          mismatched: [],
        });
      }
      expect(applied).toBe(ITERATIONS);
    });
  }
});
