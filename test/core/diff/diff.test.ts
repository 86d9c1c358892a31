import { describe, expect, it } from 'vitest';
import { buildTraces } from '../../../src/core/tree';
import { diffTraces } from '../../../src/core/diff';
import type { Span } from '../../../src/core/model';
import type { Trace } from '../../../src/core/trace';
import { sp } from '../tree/helpers';

const trace = (spans: Span[]): Trace => buildTraces(spans)[0];

/** Rows as `kind name` lines, indented by depth. */
function view(left: Span[], right: Span[]): string[] {
  return diffTraces(trace(left), trace(right)).rows.map((r) => `${'  '.repeat(r.depth)}${r.kind} ${r.name}`);
}

const step = (id: string, parent: string | null, start: number, name: string, inputs: unknown, extra = {}) =>
  sp(id, parent, start, start + 1, { name, inputs, outputs: { ok: true }, ...extra });

describe('diffTraces', () => {
  it('aligns by path and marks added and removed subtrees', () => {
    const left = [step('r', null, 0, 'agent', 1), step('a', 'r', 1, 'plan', 1), step('b', 'r', 2, 'search', 1), step('b1', 'b', 3, 'fetch', 1, { type: 'tool' })];
    const right = [
      step('r', null, 0, 'agent', 1),
      step('a', 'r', 1, 'plan', 1),
      step('c', 'r', 2, 'rerank', 1),
      step('c1', 'c', 3, 'score', 1, { type: 'llm' }),
    ];
    expect(view(left, right)).toEqual([
      'same agent',
      '  same plan',
      '  changed rerank', // search → rerank at the same place: one renamed step
      '    removed fetch',
      '    added score',
    ]);
  });

  it('reports an inserted loop step once, not every later step as changed', () => {
    const calls = (ids: number[]) => ids.map((q, k) => step(`c${q}`, 'r', 1 + k, 'call', { q }));
    const left = [step('r', null, 0, 'agent', 0), ...calls([1, 2, 3, 4, 5])];
    const right = [step('r', null, 0, 'agent', 0), ...calls([1, 2, 9, 3, 4, 5])];
    const d = diffTraces(trace(left), trace(right));
    expect(d.counts).toEqual({ same: 6, changed: 0, added: 1, removed: 0 });
    const added = d.rows.find((r) => r.kind === 'added')!;
    expect(added.rightId).toBe('c9');
    expect(view(left, right)).toEqual(['same agent', '  same call', '  same call', '  added call', '  same call', '  same call', '  same call']);
  });

  it('matches repeated steps by position when every input changed', () => {
    const left = [step('r', null, 0, 'agent', 0), step('a', 'r', 1, 'call', 'a'), step('b', 'r', 2, 'call', 'b')];
    const right = [step('r', null, 0, 'agent', 0), step('x', 'r', 1, 'call', 'x'), step('y', 'r', 2, 'call', 'y')];
    const d = diffTraces(trace(left), trace(right));
    expect(d.rows.filter((r) => r.left !== undefined && r.right !== undefined).map((r) => `${r.leftId}=${r.rightId}`)).toEqual(['r=r', 'a=x', 'b=y']);
    expect(d.rows[1].delta!.inputsDiffer).toBe(true);
    expect(d.rows[1].delta!.outputsDiffer).toBe(false);
    expect(d.counts.changed).toBe(2);
  });

  it('pairs a retry with the earlier successful call and reports the failed attempt added', () => {
    const left = [step('r', null, 0, 'agent', 0), step('c', 'r', 1, 'call', 'q', { outputs: 'answer' })];
    const right = [
      step('r', null, 0, 'agent', 0),
      step('c1', 'r', 1, 'call', 'q', { status: 'error', outputs: undefined }),
      step('c2', 'r', 2, 'call', 'q', { outputs: 'answer' }),
    ];
    const d = diffTraces(trace(left), trace(right));
    expect(d.rows.map((r) => [r.kind, r.leftId, r.rightId])).toEqual([
      ['same', 'r', 'r'],
      ['added', undefined, 'c1'],
      ['same', 'c', 'c2'],
    ]);
  });

  it('computes deltas for a pair: duration, tokens, cost, status, model, inputs, outputs', () => {
    const left = [sp('l', null, 0, 100, { name: 'answer', type: 'llm', model: 'gpt-4o', usage: { input_tokens: 100, output_tokens: 10 }, costUsd: 0.01, inputs: { q: 1 }, outputs: { a: 1 } })];
    const right = [
      sp('l', null, 0, 250, { name: 'answer', type: 'llm', model: 'gpt-4o-mini', usage: { input_tokens: 120, output_tokens: 5 }, costUsd: 0.002, inputs: { q: 1 }, outputs: { a: 2 }, status: 'error' }),
    ];
    const d = diffTraces(trace(left), trace(right));
    expect(d.rows).toHaveLength(1);
    const delta = d.rows[0].delta!;
    expect(d.rows[0].kind).toBe('changed');
    expect(delta).toMatchObject({
      duration: 150_000,
      inputTokens: 20,
      outputTokens: -5,
      statusChanged: true,
      leftStatus: 'ok',
      rightStatus: 'error',
      modelChanged: true,
      leftModel: 'gpt-4o',
      rightModel: 'gpt-4o-mini',
      inputsDiffer: false,
      outputsDiffer: true,
      renamed: false,
      moved: false,
    });
    expect(delta.costUsd).toBeCloseTo(-0.008, 12);
    expect(d.delta).toMatchObject({ duration: 150_000, inputTokens: 20, outputTokens: -5, spanCount: 0 });
    expect(d.left).toMatchObject({ name: 'answer', inputTokens: 100, spanCount: 1, errorCount: 0 });
    expect(d.right).toMatchObject({ errorCount: 1, outputTokens: 5 });
  });

  it('treats a slower but otherwise equal span as same, with its duration delta', () => {
    const d = diffTraces(trace([step('a', null, 0, 'x', 1)]), trace([sp('a', null, 0, 50, { name: 'x', inputs: 1, outputs: { ok: true } })]));
    expect(d.rows[0].kind).toBe('same');
    expect(d.rows[0].delta!.duration).toBe(49_000);
  });

  it('compares inputs by content, whatever the key order', () => {
    const d = diffTraces(trace([step('a', null, 0, 'x', { a: 1, b: [1, { c: 2, d: 3 }] })]), trace([step('a', null, 0, 'x', { b: [1, { d: 3, c: 2 }], a: 1 })]));
    expect(d.rows[0].kind).toBe('same');
  });

  it('leaves inputs/outputs undecided for spans whose heavy fields are not loaded', () => {
    const d = diffTraces(trace([sp('a', null, 0, 1, { name: 'x', partial: true })]), trace([step('a', null, 0, 'x', 1)]));
    expect(d.rows[0].delta!.inputsDiffer).toBeUndefined();
    expect(d.rows[0].delta!.outputsDiffer).toBeUndefined();
  });

  it('does not count an aggregating parent’s tokens as a change of its own', () => {
    const left = [sp('p', null, 0, 10, { name: 'run', usage: { input_tokens: 10, output_tokens: 1 } }), sp('c', 'p', 1, 2, { name: 'llm', usage: { input_tokens: 10, output_tokens: 1 } })];
    const right = [sp('p', null, 0, 10, { name: 'run', usage: { input_tokens: 30, output_tokens: 3 } }), sp('c', 'p', 1, 2, { name: 'llm', usage: { input_tokens: 30, output_tokens: 3 } })];
    const d = diffTraces(trace(left), trace(right));
    expect(d.rows.map((r) => r.kind)).toEqual(['same', 'changed']);
    expect(d.delta.inputTokens).toBe(20);
  });

  it('reports a moved sibling as changed, the others as same', () => {
    const names = ['a', 'b', 'c', 'd'];
    const left = [step('r', null, 0, 'root', 0), ...names.map((n, k) => step(n, 'r', 1 + k, n, n))];
    const order = ['b', 'c', 'a', 'd'];
    const right = [step('r', null, 0, 'root', 0), ...order.map((n, k) => step(n, 'r', 1 + k, n, n))];
    const d = diffTraces(trace(left), trace(right));
    const moved = d.rows.filter((r) => r.delta?.moved);
    expect(moved.map((r) => r.leftId)).toEqual(['a']);
    expect(d.counts).toEqual({ same: 4, changed: 1, added: 0, removed: 0 });
    // the rows follow the right trace's order
    expect(d.rows.map((r) => r.rightId)).toEqual(['r', 'b', 'c', 'a', 'd']);
  });

  it('aligns two different root names as one renamed root', () => {
    const d = diffTraces(trace([step('r', null, 0, 'run_v1', 0), step('a', 'r', 1, 'x', 1)]), trace([step('r', null, 0, 'run_v2', 0), step('a', 'r', 1, 'x', 1)]));
    expect(d.rows.map((r) => r.kind)).toEqual(['changed', 'same']);
    expect(d.rows[0].delta!.renamed).toBe(true);
  });

  it('keeps large sibling groups linear by pairing names by occurrence', () => {
    const n = 3000;
    const left = [step('r', null, 0, 'loop', 0)];
    const right = [step('r', null, 0, 'loop', 0)];
    for (let k = 0; k < n; k++) {
      left.push(step(`l${k}`, 'r', 1 + k, 'iter', { k }));
      right.push(step(`r${k}`, 'r', 1 + k, 'iter', { k: k + 0.5 }));
    }
    right.push(step('extra', 'r', n + 5, 'iter', { k: -1 }));
    const d = diffTraces(trace(left), trace(right));
    expect(d.counts).toEqual({ same: 1, changed: n, added: 1, removed: 0 });
  });
});
