import { describe, expect, it } from 'vitest';
import { clampViewport, fitViewport, focusRange, MIN_SPAN_US, panBy, ticks, timeToX, xToTime, zoomAt } from '../../webview/trace/scale';

describe('time scale', () => {
  const vp = { start: 1000, end: 3000 };

  it('maps time to pixels and back', () => {
    expect(timeToX(1000, vp, 800)).toBe(0);
    expect(timeToX(3000, vp, 800)).toBe(800);
    expect(timeToX(2000, vp, 800)).toBe(400);
    for (const x of [0, 13, 400, 799.5]) expect(timeToX(xToTime(x, vp, 800), vp, 800)).toBeCloseTo(x, 9);
  });

  it('fits the whole trace with some room for labels', () => {
    const f = fitViewport(10_000);
    expect(f.start).toBe(0);
    expect(f.end).toBeGreaterThan(10_000);
    expect(fitViewport(0).end).toBeGreaterThan(0);
  });

  it('zooms around the anchor: the time under the pointer stays under it', () => {
    const max = 100_000;
    const z = zoomAt(vp, 1500, 2, max);
    expect(z.end - z.start).toBeCloseTo(1000);
    expect(timeToX(1500, z, 800)).toBeCloseTo(timeToX(1500, vp, 800));
    const out = zoomAt(z, 1500, 0.5, max);
    expect(out.end - out.start).toBeCloseTo(2000);
    expect(timeToX(1500, out, 800)).toBeCloseTo(timeToX(1500, vp, 800));
  });

  it('never zooms out past the trace nor in past 1 µs', () => {
    const max = 5000;
    const far = zoomAt(vp, 2000, 1e-6, max);
    expect(far).toEqual({ start: 0, end: max });
    const deep = zoomAt(vp, 2000, 1e9, max);
    expect(deep.end - deep.start).toBe(MIN_SPAN_US);
    expect(deep.start).toBeGreaterThanOrEqual(1999);
  });

  it('pans by pixels and stops at both ends', () => {
    const max = 10_000;
    const right = panBy(vp, 400, 800, max);
    expect(right).toEqual({ start: 2000, end: 4000 });
    expect(panBy(vp, -1e6, 800, max)).toEqual({ start: 0, end: 2000 });
    expect(panBy(vp, 1e6, 800, max)).toEqual({ start: 8000, end: 10_000 });
    expect(clampViewport({ start: Number.NaN, end: Number.NaN }, max).start).toBe(0);
  });

  it('focuses a span with a margin', () => {
    const f = focusRange(1000, 2000, 10_000);
    expect(f.start).toBeLessThan(1000);
    expect(f.end).toBeGreaterThan(2000);
  });

  it('puts ruler ticks at 1-2-5 steps, at least the minimum spacing apart', () => {
    const t = ticks({ start: 0, end: 60e6 }, 900, 90);
    expect(t.step).toBe(10e6);
    expect(t.times).toEqual([0, 10e6, 20e6, 30e6, 40e6, 50e6, 60e6]);
    const u = ticks({ start: 1234, end: 1334 }, 1000, 90);
    expect([1, 2, 5].some((m) => u.step / 10 ** Math.floor(Math.log10(u.step)) === m)).toBe(true);
    expect((u.step / 100) * 1000).toBeGreaterThanOrEqual(90);
    expect(u.times[0]).toBeGreaterThanOrEqual(1234);
    expect(ticks({ start: 0, end: 0 }, 100).times).toEqual([]);
  });
});
