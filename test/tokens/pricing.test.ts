import { describe, expect, it } from 'vitest';
import { BUNDLED_PRICING, estimateCost } from '../../src/core/pricing';
import type { Span } from '../../src/core/model';
import { layerPricing } from '../../src/extension/tokens/pricing';

const span = (model: string, input: number, output: number, costUsd?: number): Span => ({
  id: 's', traceId: 't', parentId: null, name: 'call', spanType: 'llm', startTime: 0, endTime: 1, status: 'ok',
  model, usage: { input_tokens: input, output_tokens: output }, ...(costUsd !== undefined ? { costUsd } : {}),
});

describe('price layers', () => {
  it('is the bundled table when the user sets nothing', () => {
    const p = layerPricing({ setting: {} });
    expect(p.table).toBe(BUNDLED_PRICING);
    expect(p.user).toBe(false);
    expect(p.warnings).toEqual([]);
  });

  it('puts the file over the bundled table and the setting over the file, per model', () => {
    const p = layerPricing({
      file: { path: 'prices.json', text: JSON.stringify({ date: '2026-01-15', models: { 'gpt-4o': { input: 1, output: 2 }, 'my-llama': { input: 0.5, output: 0.5 } } }) },
      setting: { 'openai/gpt-4o': { input: 3, output: 4 } },
    });
    expect(p.user).toBe(true);
    expect(p.table.date).toBe('2026-01-15');
    // setting wins over the file for gpt-4o (spelled differently, same model)
    expect(estimateCost(span('gpt-4o-2024-08-06', 1e6, 1e6), p.table)).toMatchObject({ costUsd: 7, estimated: true });
    // the file's own model
    expect(estimateCost(span('my-llama', 2e6, 0), p.table)!.costUsd).toBe(1);
    // bundled entries stay
    expect(estimateCost(span('gpt-4o-mini', 1e6, 0), p.table)!.costUsd).toBeCloseTo(0.15, 12);
  });

  it('never replaces a cost the file states', () => {
    const p = layerPricing({ setting: { 'gpt-4o': { input: 100, output: 100 } } });
    expect(estimateCost(span('gpt-4o', 1e6, 1e6, 0), p.table)).toEqual({ costUsd: 0, estimated: false });
  });

  it('reports bad entries by source and model, and keeps the good ones', () => {
    const p = layerPricing({
      setting: { good: { input: 1, output: 1 }, bad: { input: 'cheap', output: 1 } },
      file: { path: 'prices.json', text: '{ "models": ' },
    });
    expect(p.warnings).toHaveLength(2);
    expect(p.warnings[0]).toMatch(/^prices\.json: not valid JSON/);
    expect(p.warnings[1]).toBe('setting spanscope.pricing: model "bad": "input" must be a non-negative number (USD per million tokens)');
    expect(estimateCost(span('good', 1e6, 0), p.table)!.costUsd).toBe(1);
    expect(p.table.date).toBe(BUNDLED_PRICING.date);
  });

  it('says why a price file could not be read', () => {
    const p = layerPricing({ file: { path: 'missing.json', error: 'cannot read /ws/missing.json (ENOENT)' } });
    expect(p.warnings).toEqual(['missing.json: cannot read /ws/missing.json (ENOENT)']);
    expect(p.user).toBe(false);
  });
});
