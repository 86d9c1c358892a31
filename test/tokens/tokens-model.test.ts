/** The tokens view's data for a trace and for a whole file, read through the real repository. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_PRICING, costEstimator } from '../../src/core/pricing';
import { tokensViewData } from '../../src/extension/tokens/tokens-model';
import { loadTwoRuns, type TwoRuns } from '../compare/load-runs';
import { EXPECTED, HOSTILE_NAME } from '../compare/two-runs';

let runs: TwoRuns;
beforeAll(async () => { runs = await loadTwoRuns(); });
afterAll(async () => { await runs?.repo.dispose(); });

const opts = (scope: 'trace' | 'file') => ({
  scope, title: 't', subtitle: 's', pricingDate: BUNDLED_PRICING.date, userPricing: false, estimateCost: costEstimator(BUNDLED_PRICING),
});

describe('tokens view data', () => {
  it('totals one trace: input, output, cache-read and reasoning apart, estimated cost flagged', () => {
    const d = tokensViewData([runs.a], opts('trace'));
    const { costUsd, estimatedCostUsd, ...tokens } = EXPECTED.a;
    expect(d.total).toMatchObject(tokens);
    expect(d.total.costUsd).toBeCloseTo(costUsd, 12);
    expect(d.total.estimatedCostUsd).toBeCloseTo(estimatedCostUsd, 12);
    expect(d.spanCount).toBe(7);
  });

  it('lists the most expensive spans first, estimated ones marked', () => {
    const d = tokensViewData([runs.a], opts('trace'));
    // spans with nothing of their own follow, by what is below them
    expect(d.spans.map((s) => s.name)).toEqual([HOSTILE_NAME, 'plan', 'embed', 'answer_question', 'retrieve']);
    expect(d.spans.map((s) => s.costEstimated)).toEqual([true, false, true, false, false]);
    expect(d.rankedCount).toBe(5);
    // inclusive numbers include children: the root holds everything
    const root = d.spans.find((s) => s.spanId === runs.a.nodes[0].span.id)!;
    expect(root.self.costUsd).toBe(0);
    expect(root.inclusive.costUsd).toBeCloseTo(EXPECTED.a.costUsd, 12);
    expect(root.inclusive.cacheReadTokens).toBe(1024);
  });

  it('groups by model and by span type, dropping groups with nothing', () => {
    const d = tokensViewData([runs.a], opts('trace'));
    expect(d.byModel.map((g) => g.key)).toEqual(['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small']);
    expect(d.bySpanType.map((g) => [g.key, g.spanCount])).toEqual([['llm', 2], ['embedding', 1]]);
  });

  it('adds up a whole file, and caps the span list', () => {
    const d = tokensViewData([runs.b, runs.a], { ...opts('file'), spanLimit: 4 });
    expect(d.traceCount).toBe(2);
    expect(d.total.inputTokens).toBe(EXPECTED.a.inputTokens + EXPECTED.b.inputTokens);
    expect(d.total.reasoningTokens).toBe(200);
    expect(d.total.costUsd).toBeCloseTo(EXPECTED.a.costUsd + EXPECTED.b.costUsd, 12);
    expect(d.rankedCount).toBe(10);
    expect(d.spans).toHaveLength(4);
    expect(d.spans[0]).toMatchObject({ name: HOSTILE_NAME, model: 'gpt-4.1', traceName: 'answer_question' });
    for (let i = 1; i < d.spans.length; i++) expect(d.spans[i - 1].self.costUsd).toBeGreaterThanOrEqual(d.spans[i].self.costUsd);
  });
});
