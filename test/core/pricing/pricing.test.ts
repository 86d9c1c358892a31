import { describe, expect, it } from 'vitest';
import {
  BUNDLED_PRICING,
  PriceIndex,
  costEstimator,
  estimateCost,
  normalizeModel,
  parsePricingTable,
  pricingWithOverrides,
} from '../../../src/core/pricing';
import { buildTraces } from '../../../src/core/tree';
import { sp } from '../tree/helpers';

const llm = (model: string, input: number, output: number, extra = {}) =>
  sp('l', null, 0, 1, { type: 'llm', model, usage: { input_tokens: input, output_tokens: output }, ...extra });

describe('model name normalization', () => {
  const index = new PriceIndex(BUNDLED_PRICING);
  const cases: [string, string][] = [
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['openai/gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['GPT-4.1', 'gpt-4.1'],
    ['gpt-3.5-turbo-0125', 'gpt-3.5-turbo'],
    ['gpt-4-0613', 'gpt-4'],
    ['gpt-4-turbo-2024-04-09', 'gpt-4-turbo'],
    ['o3-pro-2025-06-10', 'o3-pro'],
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['anthropic/claude-3.5-sonnet', 'claude-3-5-sonnet'],
    ['anthropic.claude-3-haiku-20240307-v1:0', 'claude-3-haiku'],
    ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet'],
    ['claude-sonnet-4@20250514', 'claude-sonnet-4'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
    ['models/gemini-2.5-flash-preview-05-20', 'gemini-2.5-flash'],
    ['gemini-2.5-flash-lite-preview-06-17', 'gemini-2.5-flash-lite'],
    ['google/gemini-2.0-flash-001', 'gemini-2.0-flash'],
    ['mistral-large-2411', 'mistral-large'],
    ['mistral-large-latest', 'mistral-large'],
    ['mistralai/mistral-small-2503', 'mistral-small'],
    ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'llama-3.3-70b'],
    ['us.meta.llama3-2-3b-instruct-v1:0', 'llama-3.2-3b'],
    ['deepseek-ai/DeepSeek-V3', 'deepseek-v3'],
    ['deepseek-chat', 'deepseek-chat'],
    ['Qwen/Qwen2.5-72B-Instruct-Turbo', 'qwen2.5-72b'],
    ['qwen/qwen3-235b-a22b-2507', 'qwen3-235b-a22b'],
  ];
  for (const [name, key] of cases) {
    it(`${name} → ${key}`, () => expect(index.lookup(name)?.key).toBe(key));
  }

  it('does not match unknown models or fine-tunes', () => {
    expect(index.lookup('my-local-model')).toBeUndefined();
    expect(index.lookup('ft:gpt-4o-mini-2024-07-18:org::abc')).toBeUndefined();
    expect(index.lookup('')).toBeUndefined();
    // a prefix must end at a segment boundary
    expect(index.lookup('o30')).toBeUndefined();
  });

  it('gives every bundled entry its own normalized name', () => {
    const keys = Object.keys(BUNDLED_PRICING.models);
    expect(new Set(keys.map(normalizeModel)).size).toBe(keys.length);
    for (const k of keys) expect(index.lookup(k)?.key).toBe(k);
  });

  it('dates the bundled table and prices every entry', () => {
    expect(BUNDLED_PRICING.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [k, p] of Object.entries(BUNDLED_PRICING.models)) {
      expect(p.input, k).toBeGreaterThanOrEqual(0);
      expect(p.output, k).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('estimateCost', () => {
  it('prices input and output per million tokens', () => {
    const e = estimateCost(llm('gpt-4o-2024-08-06', 1_000_000, 100_000), BUNDLED_PRICING)!;
    expect(e.estimated).toBe(true);
    expect(e.priceKey).toBe('gpt-4o');
    expect(e.costUsd).toBeCloseTo(2.5 + 1.0, 10);
  });

  it('never overrides a stated cost, not even 0', () => {
    expect(estimateCost(llm('gpt-4o', 1000, 1000, { costUsd: 0.42 }), BUNDLED_PRICING)).toEqual({ costUsd: 0.42, estimated: false });
    expect(estimateCost(llm('gpt-4o', 1000, 1000, { costUsd: 0 }), BUNDLED_PRICING)).toEqual({ costUsd: 0, estimated: false });
  });

  it('gives up without tokens or a known model', () => {
    expect(estimateCost(sp('t', null, 0, 1, { model: 'gpt-4o' }), BUNDLED_PRICING)).toBeUndefined();
    expect(estimateCost(llm('gpt-4o', 0, 0), BUNDLED_PRICING)).toBeUndefined();
    expect(estimateCost(llm('mystery-1', 10, 10), BUNDLED_PRICING)).toBeUndefined();
  });

  it('prices cache reads inside input for OpenAI and beside it for Anthropic', () => {
    const openai = estimateCost(
      llm('gpt-4o', 1_000_000, 0, { usage: { input_tokens: 1_000_000, output_tokens: 0, cache_read_input_tokens: 400_000 } }),
      BUNDLED_PRICING,
    )!;
    expect(openai.costUsd).toBeCloseTo(0.6 * 2.5 + 0.4 * 1.25, 10);
    const claude = estimateCost(
      llm('claude-sonnet-4-5', 1_000_000, 0, { usage: { input_tokens: 1_000_000, output_tokens: 0, cache_read_input_tokens: 400_000 } }),
      BUNDLED_PRICING,
    )!;
    expect(claude.costUsd).toBeCloseTo(1 * 3 + 0.4 * 0.3, 10);
  });

  it('feeds trace totals through buildTraces, stated costs kept', () => {
    const [trace] = buildTraces(
      [
        sp('root', null, 0, 10),
        sp('a', 'root', 1, 2, { type: 'llm', model: 'gpt-4o-mini', usage: { input_tokens: 1_000_000, output_tokens: 0 } }),
        sp('b', 'root', 3, 4, { type: 'llm', model: 'gpt-4o-mini', usage: { input_tokens: 1_000_000, output_tokens: 0 }, costUsd: 1 }),
      ],
      { estimateCost: costEstimator(BUNDLED_PRICING) },
    );
    expect(trace.costUsd).toBeCloseTo(1.15, 10);
  });
});

describe('user price tables', () => {
  it('overrides bundled prices, whatever the spelling, and adds new models', () => {
    const { table: user, warnings } = parsePricingTable(
      { date: '2026-11-01', models: { 'openai/gpt-4o': { input: 1, output: 2 }, 'my-llama': { input: 0.01, output: 0.02 } } },
      'spanscope.pricing',
    );
    expect(warnings).toEqual([]);
    const table = pricingWithOverrides(user);
    expect(table.date).toBe('2026-11-01');
    expect(estimateCost(llm('gpt-4o-2024-11-20', 1_000_000, 1_000_000), table)!.costUsd).toBeCloseTo(3, 10);
    expect(estimateCost(llm('my-llama', 1_000_000, 0), table)!.costUsd).toBeCloseTo(0.01, 10);
    expect(estimateCost(llm('claude-3-haiku', 1_000_000, 0), table)!.costUsd).toBeCloseTo(0.25, 10);
  });

  it('accepts a bare map of models', () => {
    const { table } = parsePricingTable({ 'x-model': { input: 1, output: 1, cacheRead: 0.1, cacheReadInInput: false } }, 'prices.json');
    expect(table.models['x-model']).toEqual({ input: 1, output: 1, cacheRead: 0.1, cacheReadInInput: false });
  });

  it('reports bad entries by name and keeps the good ones', () => {
    const { table, warnings } = parsePricingTable(
      { models: { good: { input: 1, output: 2 }, bad: { input: -1, output: 2 }, worse: 'cheap', cache: { input: 1, output: 1, cacheRead: 'x' } } },
      '.vscode/spanscope-pricing.json',
    );
    expect(Object.keys(table.models)).toEqual(['good']);
    expect(warnings).toEqual([
      '.vscode/spanscope-pricing.json: model "bad": "input" must be a non-negative number (USD per million tokens)',
      '.vscode/spanscope-pricing.json: model "worse": expected an object like {"input": 2.5, "output": 10}',
      '.vscode/spanscope-pricing.json: model "cache": "cacheRead" must be a non-negative number (USD per million tokens)',
    ]);
    expect(parsePricingTable([1, 2], 'x').warnings).toEqual(['x: expected an object of model prices']);
  });
});
