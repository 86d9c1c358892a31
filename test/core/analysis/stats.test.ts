import { describe, expect, it } from 'vitest';
import { buildTraces } from '../../../src/core/tree';
import { histogram, latencyStats, percentile } from '../../../src/core/analysis/stats';
import type { Span } from '../../../src/core/model';
import { prng, sp } from '../tree/helpers';

describe('percentile (nearest rank)', () => {
  it('returns observed values by rank ceil(p·n)', () => {
    const d = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentile(d, 50)).toBe(50);
    expect(percentile(d, 90)).toBe(90);
    expect(percentile(d, 95)).toBe(100);
    expect(percentile(d, 99)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
    expect(percentile([1, 2, 3], 0)).toBe(1);
  });
});

describe('histogram', () => {
  it('puts every value in the log-spaced bucket that holds it', () => {
    const rand = prng(3);
    const values = Array.from({ length: 2000 }, () => Math.floor(Math.pow(10, rand() * 7))).sort((a, b) => a - b);
    const h = histogram(values, 4);
    expect(h.reduce((a, b) => a + b.count, 0)).toBe(values.length);
    for (let i = 1; i < h.length; i++) {
      expect(h[i].lower).toBeCloseTo(h[i - 1].upper, 6);
      expect(h[i].upper / h[i].lower).toBeCloseTo(Math.pow(10, 1 / 4), 9);
    }
    expect(h[0].lower).toBeLessThanOrEqual(values[0]);
    expect(h[h.length - 1].upper).toBeGreaterThan(values[values.length - 1]);
  });

  it('uses decade edges and a [0, 1) bucket', () => {
    expect(histogram([0, 0.5, 1, 9, 10, 99, 100], 1)).toEqual([
      { lower: 0, upper: 1, count: 2 },
      { lower: 1, upper: 10, count: 2 },
      { lower: 10, upper: 100, count: 2 },
      { lower: 100, upper: 1000, count: 1 },
    ]);
    expect(histogram([], 4)).toEqual([]);
  });
});

describe('latencyStats', () => {
  const spans: Span[] = [];
  for (let t = 0; t < 10; t++) {
    const traceId = `t${t}`;
    spans.push(sp(`root${t}`, null, 0, 1000, { traceId, name: 'pipeline' }));
    spans.push(sp(`llm${t}`, `root${t}`, 0, 10 * (t + 1), { traceId, name: 'call', type: 'llm', status: t === 3 ? 'error' : 'ok' }));
    spans.push(sp(`llm${t}b`, `root${t}`, 500, 500 + 10 * (t + 1), { traceId, name: 'call', type: 'llm' }));
  }
  spans.push(sp('stuck', 'root0', 900, undefined, { traceId: 't0', name: 'call' }));

  it('aggregates per span name across traces', () => {
    const stats = latencyStats(buildTraces(spans));
    expect(stats.map((s) => s.name)).toEqual(['pipeline', 'call']);
    const call = stats.find((s) => s.name === 'call')!;
    expect(call).toMatchObject({ count: 21, errors: 1, running: 1, traces: 10, spanType: 'llm' });
    // finished durations: 10..100 ms, twice each
    expect(call.min).toBe(10_000);
    expect(call.max).toBe(100_000);
    expect(call.mean).toBe(55_000);
    expect(call.p50).toBe(50_000);
    expect(call.p90).toBe(90_000);
    expect(call.p95).toBe(100_000);
    expect(call.p99).toBe(100_000);
    expect(call.histogram.reduce((a, b) => a + b.count, 0)).toBe(20);
    const pipeline = stats[0];
    expect(pipeline).toMatchObject({ count: 10, errors: 0, running: 0, p50: 1_000_000, min: 1_000_000, max: 1_000_000 });
  });

  it('reports a name whose spans are all running with zero durations', () => {
    const [s] = latencyStats(buildTraces([sp('a', null, 0, undefined)]));
    expect(s).toMatchObject({ count: 1, running: 1, mean: 0, p99: 0, histogram: [] });
  });
});
