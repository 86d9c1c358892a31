import { describe, expect, it } from 'vitest';
import { buildTraces } from '../../../src/core/tree';
import { rankSpans, rollupTrace, rollupTraces } from '../../../src/core/analysis/rollup';
import type { Span } from '../../../src/core/model';
import { sp } from '../tree/helpers';

const llm = (id: string, parent: string | null, input: number, output: number, extra: Partial<Span> = {}) =>
  sp(id, parent, 1, 2, { type: 'llm', model: 'gpt-4o', usage: { input_tokens: input, output_tokens: output }, ...extra });

function rollup(spans: Span[], options = {}) {
  const [trace] = buildTraces(spans, options);
  const r = rollupTrace(trace, options);
  const byId = Object.fromEntries(r.spans.map((s) => [s.spanId, s]));
  return { trace, r, byId };
}

describe('token and cost rollup', () => {
  it('sums self numbers into inclusive ones up the tree', () => {
    const { r, byId, trace } = rollup([
      sp('root', null, 0, 10),
      sp('agent', 'root', 0, 9, { type: 'agent' }),
      llm('l1', 'agent', 100, 20, { costUsd: 0.01, usage: { input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 50, reasoning_tokens: 7 } }),
      llm('l2', 'agent', 200, 30, { costUsd: 0.02, model: 'claude-sonnet-4-5' }),
      llm('l3', 'root', 1, 1, { costUsd: 0.005 }),
    ]);
    expect(byId.l1.self).toMatchObject({ inputTokens: 100, outputTokens: 20, cacheReadTokens: 50, reasoningTokens: 7, costUsd: 0.01 });
    expect(byId.agent.self.inputTokens).toBe(0);
    expect(byId.agent.inclusive).toMatchObject({ inputTokens: 300, outputTokens: 50, cacheReadTokens: 50, reasoningTokens: 7 });
    expect(byId.agent.inclusive.costUsd).toBeCloseTo(0.03, 12);
    expect(byId.root.inclusive.inputTokens).toBe(301);
    expect(r.total.inputTokens).toBe(301);
    expect(r.total.costUsd).toBeCloseTo(0.035, 12);
    expect(trace.inputTokens).toBe(301);
    expect(trace.outputTokens).toBe(51);
    // aligned with the tree's pre-order
    expect(r.spans.map((s) => s.spanId)).toEqual(trace.nodes.map((n) => n.span.id));
  });

  it('groups by model and by span type, most expensive first', () => {
    const { r } = rollup([
      sp('root', null, 0, 10),
      llm('a', 'root', 10, 1, { costUsd: 0.001 }),
      llm('b', 'root', 10, 1, { costUsd: 0.001 }),
      llm('c', 'root', 500, 100, { model: 'claude-opus-4-1', costUsd: 0.05 }),
      sp('t', 'root', 3, 4, { type: 'tool' }),
    ]);
    expect(r.byModel.map((g) => [g.key, g.spanCount, g.inputTokens])).toEqual([
      ['claude-opus-4-1', 1, 500],
      ['gpt-4o', 2, 20],
      ['', 2, 0],
    ]);
    expect(r.bySpanType.map((g) => [g.key, g.spanCount])).toEqual([
      ['llm', 3],
      ['chain', 1],
      ['tool', 1],
    ]);
  });

  it('reads a parent whose usage equals its children’s sum as an aggregate (TraceForge)', () => {
    const { r, byId, trace } = rollup([
      sp('summarize', null, 0, 10, { usage: { input_tokens: 91, output_tokens: 74 }, costUsd: 0.003 }),
      llm('draft', 'summarize', 40, 30, { costUsd: 0.001 }),
      llm('refine', 'summarize', 51, 44, { costUsd: 0.002 }),
    ]);
    expect(byId.summarize.usageIsAggregate).toBe(true);
    expect(byId.summarize.costIsAggregate).toBe(true);
    expect(byId.summarize.self.inputTokens).toBe(0);
    expect(byId.summarize.self.costUsd).toBe(0);
    expect(byId.summarize.inclusive.inputTokens).toBe(91);
    expect(r.total).toMatchObject({ inputTokens: 91, outputTokens: 74 });
    expect(r.total.costUsd).toBeCloseTo(0.003, 12);
    expect(trace.inputTokens).toBe(91);
  });

  it('reads nested aggregates level by level', () => {
    const { r } = rollup([
      sp('run', null, 0, 10, { usage: { input_tokens: 30, output_tokens: 3 } }),
      sp('step', 'run', 0, 5, { usage: { input_tokens: 20, output_tokens: 2 } }),
      llm('a', 'step', 10, 1),
      llm('b', 'step', 10, 1),
      llm('c', 'run', 10, 1),
    ]);
    expect(r.total).toMatchObject({ inputTokens: 30, outputTokens: 3 });
  });

  it('counts a parent’s own usage when it differs from its children’s sum', () => {
    const { r, byId } = rollup([
      llm('planner', null, 500, 50, { costUsd: 0.01 }),
      llm('tool-call', 'planner', 100, 10, { costUsd: 0.002 }),
    ]);
    expect(byId.planner.usageIsAggregate).toBe(false);
    expect(byId.planner.costIsAggregate).toBe(false);
    expect(r.total.inputTokens).toBe(600);
    expect(r.total.costUsd).toBeCloseTo(0.012, 12);
  });

  it('does not take a childless span or zero usage for an aggregate', () => {
    const { byId } = rollup([sp('p', null, 0, 10, { usage: { input_tokens: 0, output_tokens: 0 }, costUsd: 0 }), sp('c', 'p', 1, 2)]);
    expect(byId.p.usageIsAggregate).toBe(false);
    expect(byId.p.costIsAggregate).toBe(false);
    const alone = rollup([llm('x', null, 5, 5)]);
    expect(alone.byId.x.usageIsAggregate).toBe(false);
    expect(alone.byId.x.self.inputTokens).toBe(5);
  });

  it('estimates cost only for spans with tokens and no stated cost, and says so', () => {
    const estimateCost = (s: Span) => (s.usage?.input_tokens ?? 0) * 1e-6;
    const { r, byId, trace } = rollup(
      [
        sp('root', null, 0, 10),
        llm('stated', 'root', 1000, 0, { costUsd: 0 }),
        llm('unpriced', 'root', 2000, 0),
        sp('tool', 'root', 1, 2, { type: 'tool' }),
      ],
      { estimateCost },
    );
    expect(byId.stated.self.costUsd).toBe(0);
    expect(byId.stated.costEstimated).toBe(false);
    expect(byId.unpriced.self.costUsd).toBeCloseTo(0.002, 12);
    expect(byId.unpriced.costEstimated).toBe(true);
    expect(byId.tool.costEstimated).toBe(false);
    expect(r.total.estimatedCostUsd).toBeCloseTo(0.002, 12);
    expect(trace.costUsd).toBeCloseTo(0.002, 12);
  });

  it('never estimates an aggregate parent', () => {
    let calls = 0;
    const estimateCost = () => {
      calls++;
      return 1;
    };
    const { r } = rollup([sp('p', null, 0, 10, { usage: { input_tokens: 2, output_tokens: 2 } }), llm('a', 'p', 1, 1), llm('b', 'p', 1, 1)], { estimateCost });
    expect(r.total.costUsd).toBe(2);
    expect(calls).toBe(2 * 2); // buildTraces and rollupTrace each priced the two children
  });

  it('totals a whole file across traces', () => {
    const traces = buildTraces([
      llm('a', null, 10, 1, { traceId: 'x', costUsd: 0.1 }),
      llm('b', null, 20, 2, { traceId: 'y', model: 'gemini-2.5-pro', costUsd: 0.2 }),
    ]);
    const all = rollupTraces(traces);
    expect(all.total.inputTokens).toBe(30);
    expect(all.byModel.map((g) => g.key)).toEqual(['gemini-2.5-pro', 'gpt-4o']);
  });

  it('ranks spans by cost, then tokens, leaving out spans with nothing', () => {
    const { r, trace } = rollup([
      sp('root', null, 0, 10),
      llm('cheap', 'root', 10, 1, { costUsd: 0.001 }),
      llm('dear', 'root', 10, 1, { costUsd: 0.5 }),
      llm('free-big', 'root', 5000, 100),
      llm('free-small', 'root', 5, 1),
      sp('tool', 'root', 2, 3, { type: 'tool' }),
    ]);
    const names = (idx: number[]) => idx.map((i) => trace.nodes[i].span.id);
    expect(names(rankSpans(r))).toEqual(['dear', 'cheap', 'free-big', 'free-small']);
    expect(names(rankSpans(r, 'inclusive'))[0]).toBe('root');
  });
});
