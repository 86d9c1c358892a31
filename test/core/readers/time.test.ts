import { describe, expect, it } from 'vitest';
import { microsToIso, microsToNanosString, nanosToMicros, toMicros } from '../../../src/core/time';

const T = Date.UTC(2026, 10, 21, 14, 45, 0) * 1000; // 2026-11-21T14:45:00Z in µs

describe('toMicros', () => {
  it('reads ISO-8601 with µs, ns, Z, offsets and no zone', () => {
    expect(toMicros('2026-11-21T14:45:00.123456Z')).toBe(T + 123456);
    expect(toMicros('2026-11-21T14:45:00Z')).toBe(T);
    expect(toMicros('2026-11-21T14:45:00.5Z')).toBe(T + 500000);
    expect(toMicros('2026-11-21T16:45:00.000001+02:00')).toBe(T + 1);
    expect(toMicros('2026-11-21T09:15:00-0530')).toBe(T);
    expect(toMicros('2026-11-21 14:45:00.123456')).toBe(T + 123456);
    expect(toMicros('2026-11-21T14:45:00.123456789Z')).toBeCloseTo(T + 123456.789, 1);
    expect(toMicros('Sat, 21 Nov 2026 14:45:00 GMT')).toBe(T);
  });

  it('tells s, ms, µs and ns epoch numbers apart by magnitude', () => {
    expect(toMicros(T / 1e6)).toBe(T);
    expect(toMicros(T / 1e3)).toBe(T);
    expect(toMicros(T)).toBe(T);
    expect(toMicros(T * 1e3)).toBe(T);
    expect(toMicros(1795272493.5)).toBe(1795272493.5e6);
  });

  it('keeps the order of ns strings beyond 2^53', () => {
    const a = toMicros('1795272511519888640')!;
    const b = toMicros('1795272511519888900')!;
    const c = toMicros('1795272511519889300')!;
    expect(a).toBeLessThan(b);
    expect(b).toBeLessThan(c);
    expect(Math.floor(a)).toBe(1795272511519888);
    expect(Math.abs(a - Math.floor(a) - 0.64)).toBeLessThanOrEqual(0.125); // the double's resolution here is 0.25 µs
  });

  it('reads decimal strings in seconds with a fraction', () => {
    expect(toMicros('1795272493.123456')).toBe(1795272493123456);
  });

  it('rejects what is not a time', () => {
    expect(toMicros('soon')).toBeUndefined();
    expect(toMicros(null)).toBeUndefined();
    expect(toMicros(-5)).toBeUndefined();
    expect(toMicros('')).toBeUndefined();
    expect(toMicros('2026-13-01T00:00:00Z')).toBeUndefined();
    expect(toMicros('1.7e9')).toBeUndefined();
    expect(toMicros('-5')).toBeUndefined();
    expect(toMicros('12 34')).toBeUndefined();
    expect(toMicros('2026-11-21')).toBe(Date.UTC(2026, 10, 21) * 1000);
  });
});

describe('nanosToMicros', () => {
  it('reads ns whatever the magnitude (perf_counter ns stay relative)', () => {
    expect(nanosToMicros(270910553777)).toBeCloseTo(270910553.777, 3);
    expect(nanosToMicros('270910553777')).toBeCloseTo(270910553.777, 3);
    expect(nanosToMicros('1795272511519888640')).toBeCloseTo(1795272511519888.64, 0);
    expect(nanosToMicros('x')).toBeUndefined();
  });
});

describe('microsToIso / microsToNanosString', () => {
  it('writes µs precision', () => {
    expect(microsToIso(T + 123456)).toBe('2026-11-21T14:45:00.123456Z');
    expect(microsToIso(T + 7.75)).toBe('2026-11-21T14:45:00.000007Z');
  });
  it('round-trips ns strings through µs within the double resolution', () => {
    const ns = '1795272511519888640';
    const back = microsToNanosString(nanosToMicros(ns)!);
    expect(Math.abs(Number(BigInt(back) - BigInt(ns)))).toBeLessThanOrEqual(250);
    expect(microsToNanosString(T)).toBe(String(BigInt(T) * 1000n));
  });
});

describe('ISO dates across centuries', () => {
  it('agrees with Date for every kind of year (leap, century, 400-year)', () => {
    const wrong: string[] = [];
    for (let t = Date.UTC(1600, 0, 1); t < Date.UTC(2400, 0, 1); t += 86_400_000 * 7 + 3_600_123) {
      const iso = new Date(t).toISOString();
      if (toMicros(iso) !== t * 1000) wrong.push(iso);
    }
    expect(wrong).toEqual([]);
    expect(toMicros('2000-02-29T23:59:59.999999Z')).toBe(Date.UTC(2000, 1, 29, 23, 59, 59) * 1000 + 999999);
  });
});
