import { describe, expect, it } from 'vitest';
import { buildTraces } from '../../../src/core/tree';
import type { Span } from '../../../src/core/model';
import type { SpanNode, Trace } from '../../../src/core/trace';
import { T0, ids, ms, prng, segment, sp, withDotted } from './helpers';

function only(spans: Span[]): Trace {
  const traces = buildTraces(spans);
  expect(traces).toHaveLength(1);
  return traces[0];
}

function shape(t: Trace): string[] {
  return t.nodes.map((n) => `${'  '.repeat(n.depth)}${n.span.id}${n.orphan ? '*' : ''}`);
}

/** Every invariant a tree must keep, whatever the input (collected, then asserted once). */
function checkInvariants(t: Trace, input: Span[]): void {
  const distinct = new Set(input.filter((s) => s.traceId === t.traceId).map((s) => s.id));
  const problems: string[] = [];
  if (t.nodes.length !== distinct.size) problems.push(`${t.nodes.length} nodes for ${distinct.size} spans`);
  const listed = new Set(ids(t.nodes));
  for (const id of distinct) if (!listed.has(id)) problems.push(`${id} missing`);
  const roots = new Set(t.roots);
  const seen = new Set<SpanNode>();
  for (const n of t.nodes) {
    const id = n.span.id;
    if (n.parent) {
      if (!seen.has(n.parent)) problems.push(`${id} comes before its parent`);
      if (!n.parent.children.includes(n)) problems.push(`${id} not among its parent's children`);
      if (n.depth !== n.parent.depth + 1) problems.push(`${id} depth ${n.depth}`);
    } else {
      if (!roots.has(n)) problems.push(`${id} has no parent but is not a root`);
      if (n.depth !== 0) problems.push(`root ${id} depth ${n.depth}`);
    }
    seen.add(n);
    if (!(n.selfTime >= 0 && n.selfTime <= n.duration)) problems.push(`${id} self time ${n.selfTime}`);
  }
  const childCount = t.nodes.reduce((a, n) => a + n.children.length, 0);
  if (childCount + t.roots.length !== t.nodes.length) problems.push('children and roots do not add up');
  expect(problems).toEqual([]);
}

describe('buildTraces by parent id', () => {
  const spans = [
    sp('c', 'a', 30, 60),
    sp('a', null, 0, 100),
    sp('b', 'a', 10, 40),
    sp('d', 'b', 12, 20),
  ];

  it('rebuilds pre-order, depth, roots and children by start time', () => {
    const t = only(spans);
    expect(shape(t)).toEqual(['a', '  b', '    d', '  c']);
    expect(ids(t.roots)).toEqual(['a']);
    expect(t.name).toBe('a');
    checkInvariants(t, spans);
  });

  it('computes duration and self time from the union of child intervals', () => {
    const t = only(spans);
    const a = t.nodes[0];
    expect(a.duration).toBe(ms(100));
    // b and c overlap (10-40, 30-60): union 10-60 = 50ms covered
    expect(a.selfTime).toBe(ms(50));
    expect(t.nodes[1].selfTime).toBe(ms(30 - 8));
    expect(t.nodes[2].selfTime).toBe(ms(8));
  });

  it('fills the trace fields', () => {
    const withUsage = spans.map((s) =>
      s.id === 'd' ? { ...s, usage: { input_tokens: 10, output_tokens: 4 }, costUsd: 0.5, origin: { file: '/x/b.jsonl' } } : { ...s, origin: { file: '/x/a.jsonl' } },
    );
    withUsage[0] = { ...withUsage[0], status: 'error' };
    const t = only(withUsage);
    expect(t.traceId).toBe('t1');
    expect(t.startTime).toBe(T0);
    expect(t.endTime).toBe(T0 + ms(100));
    expect(t.duration).toBe(ms(100));
    expect(t.spanCount).toBe(4);
    expect(t.errorCount).toBe(1);
    expect(t.running).toBe(false);
    expect(t.inputTokens).toBe(10);
    expect(t.outputTokens).toBe(4);
    expect(t.costUsd).toBe(0.5);
    expect(t.files).toEqual(['/x/a.jsonl', '/x/b.jsonl']);
  });
});

describe('buildTraces by dotted order', () => {
  it('uses the dotted order for the pre-order when it is consistent', () => {
    // The dotted orders put c before b although b starts first: the fast path follows them,
    // which shows it was taken (the parent-id fallback orders siblings by start time).
    const base = withDotted([sp('a', null, 0, 100), sp('b', 'a', 10, 20), sp('c', 'a', 30, 40), sp('e', 'c', 31, 32)]);
    const root = base[0].dottedOrder!;
    base[1].dottedOrder = `${root}.${segment(T0 + ms(50), 'b')}`;
    const t = only(base);
    expect(shape(t)).toEqual(['a', '  c', '    e', '  b']);
    checkInvariants(t, base);
  });

  it('agrees with the parent-id build on a consistent trace', () => {
    const spans = [sp('r', null, 0, 100), sp('x', 'r', 5, 50), sp('y', 'x', 6, 9), sp('z', 'r', 60, 90), sp('w', 'z', 61, 62)];
    const plain = only(spans);
    const dotted = only(withDotted(spans));
    expect(shape(dotted)).toEqual(shape(plain));
    expect(dotted.nodes.map((n) => n.selfTime)).toEqual(plain.nodes.map((n) => n.selfTime));
  });

  it('builds the same trees as the parent-id path on random consistent traces', () => {
    const rand = prng(21);
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(rand() * 80);
      const spans: Span[] = [];
      for (let i = 0; i < n; i++) {
        const parent = i === 0 || rand() < 0.05 ? null : `s${Math.floor(rand() * i)}`;
        const start = Math.floor(rand() * 20); // many equal start times: ties broken the same way
        spans.push(sp(`s${i}`, parent, start, start + Math.floor(rand() * 30)));
      }
      const dotted = withDotted(spans);
      const a = buildTraces(dotted)[0];
      const b = buildTraces(dotted.map((s) => ({ ...s, dottedOrder: undefined })))[0];
      expect(shape(a)).toEqual(shape(b));
      expect(a.nodes.map((x) => [x.selfTime, x.onCriticalPath])).toEqual(b.nodes.map((x) => [x.selfTime, x.onCriticalPath]));
    }
  });

  it('falls back to parent ids when the lineage disagrees with them', () => {
    const spans = withDotted([sp('a', null, 0, 100), sp('b', 'a', 10, 20), sp('c', 'a', 30, 40)]);
    spans[2] = { ...spans[2], parentId: 'b' }; // the parent id is authoritative
    const t = only(spans);
    expect(shape(t)).toEqual(['a', '  b', '    c']);
  });

  it('falls back when some spans lack a dotted order', () => {
    const spans = withDotted([sp('a', null, 0, 100), sp('b', 'a', 10, 20), sp('c', 'b', 12, 14)]);
    delete spans[1].dottedOrder;
    expect(shape(only(spans))).toEqual(['a', '  b', '    c']);
  });

  it('falls back to an orphan root when an ancestor lives in another file', () => {
    const all = withDotted([sp('a', null, 0, 100), sp('b', 'a', 10, 20), sp('c', 'b', 12, 14)]);
    const t = only(all.slice(1));
    expect(shape(t)).toEqual(['b*', '  c']);
    expect(t.roots[0].orphan).toBe(true);
  });
});

describe('buildTraces on awkward input', () => {
  it('merges one trace spread over several files and services', () => {
    const spans = [
      { ...sp('a', null, 0, 100, { service: 'web' }), origin: { file: '/f/web.jsonl' } },
      { ...sp('b', 'a', 10, 90, { service: 'api' }), origin: { file: '/f/api.jsonl' } },
      { ...sp('c', 'b', 20, 30, { service: 'db' }), origin: { file: '/f/db.jsonl' } },
    ];
    const t = only(spans);
    expect(shape(t)).toEqual(['a', '  b', '    c']);
    expect(t.files).toEqual(['/f/api.jsonl', '/f/db.jsonl', '/f/web.jsonl']);
  });

  it('replaces a running record by its later end record, never two nodes', () => {
    const t = only([sp('a', null, 0, 100), sp('b', 'a', 10), sp('b', 'a', 10, 50, { outputs: { text: 'done' } })]);
    expect(t.nodes).toHaveLength(2);
    expect(t.nodes[1].span.status).toBe('ok');
    expect(t.nodes[1].span.outputs).toEqual({ text: 'done' });
    expect(t.running).toBe(false);
  });

  it('keeps the finished record when a running one comes after it (merged files)', () => {
    const t = only([sp('a', null, 0, 100), sp('b', 'a', 10, 50), sp('b', 'a', 10)]);
    expect(t.nodes).toHaveLength(2);
    expect(t.nodes[1].span.endTime).toBe(T0 + ms(50));
  });

  it('takes the later of two finished records', () => {
    const t = only([sp('a', null, 0, 100, { name: 'old' }), sp('a', null, 0, 120, { name: 'new' })]);
    expect(t.name).toBe('new');
    expect(t.duration).toBe(ms(120));
  });

  it('keeps orphans as extra roots, marked, and names the trace after the earliest span', () => {
    const spans = [sp('a', null, 10, 100), sp('o', 'gone', 5, 30), sp('k', 'o', 6, 8)];
    const t = only(spans);
    expect(shape(t)).toEqual(['o*', '  k', 'a']);
    expect(t.name).toBe('o');
    checkInvariants(t, spans);
  });

  it('survives a two-span cycle with a child hanging off it', () => {
    const spans = [sp('a', 'b', 0, 50), sp('b', 'a', 5, 40), sp('c', 'b', 10, 20), sp('r', null, 0, 100)];
    const t = only(spans);
    checkInvariants(t, spans);
    // the cycle is cut at its earliest member, which becomes an orphan root
    expect(shape(t)).toEqual(['a*', '  b', '    c', 'r']);
  });

  it('survives self-parenting', () => {
    const spans = [sp('a', 'a', 0, 50), sp('b', 'a', 5, 40)];
    const t = only(spans);
    expect(shape(t)).toEqual(['a*', '  b']);
  });

  it('handles a child that starts before its parent (clock skew)', () => {
    const spans = [sp('p', null, 100, 200), sp('c', 'p', 50, 150), sp('d', 'p', 180, 260)];
    const t = only(spans);
    expect(shape(t)).toEqual(['p', '  c', '  d']);
    const p = t.nodes[0];
    // covered: 100-150 (c clipped) and 180-200 (d clipped)
    expect(p.selfTime).toBe(ms(30));
    expect(t.startTime).toBe(T0 + ms(50));
    expect(t.endTime).toBe(T0 + ms(260));
  });

  it('never gives a negative duration for an end before the start', () => {
    const t = only([sp('a', null, 100, 90)]);
    expect(t.nodes[0].duration).toBe(0);
  });

  it('measures running spans up to the latest known time of the trace', () => {
    const t = only([sp('a', null, 0), sp('b', 'a', 10, 70), sp('c', 'a', 80)]);
    expect(t.running).toBe(true);
    expect(t.endTime).toBe(T0 + ms(80));
    expect(t.nodes[0].duration).toBe(ms(80));
    expect(t.nodes[2].duration).toBe(0);
  });

  it('sorts traces newest first', () => {
    const traces = buildTraces([
      sp('a', null, 0, 10, { traceId: 'old' }),
      sp('b', null, 50, 60, { traceId: 'new' }),
      sp('c', null, 20, 30, { traceId: 'mid' }),
    ]);
    expect(traces.map((t) => t.traceId)).toEqual(['new', 'mid', 'old']);
  });

  it('builds a 20k-deep chain without overflowing the stack', () => {
    const spans: Span[] = [];
    for (let i = 0; i < 20_000; i++) spans.push(sp(`s${i}`, i ? `s${i - 1}` : null, i, 40_000 - i));
    const t = only(spans);
    expect(t.nodes[t.nodes.length - 1].depth).toBe(19_999);
    const withCycle = spans.slice();
    withCycle[0] = { ...withCycle[0], parentId: 's19999' };
    checkInvariants(only(withCycle), withCycle);
  });

  it('keeps every span exactly once under random parent links (cycles, orphans, duplicates)', () => {
    const rand = prng(7);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(rand() * 30);
      const spans: Span[] = [];
      for (let i = 0; i < n; i++) {
        const r = rand();
        const parent = r < 0.15 ? null : r < 0.25 ? 'missing' : r < 0.3 ? `s${i}` : `s${Math.floor(rand() * n)}`;
        const start = Math.floor(rand() * 100);
        spans.push(sp(`s${i}`, parent, start, rand() < 0.1 ? undefined : start + Math.floor(rand() * 50)));
        if (rand() < 0.1) spans.push(sp(`s${i}`, parent, start, start + 5));
      }
      const input = rand() < 0.5 ? withDotted(spans.filter((s) => s.parentId !== 'missing' && s.parentId !== s.id)) : spans;
      const traces = buildTraces(input);
      for (const t of traces) checkInvariants(t, input);
    }
  });
});
