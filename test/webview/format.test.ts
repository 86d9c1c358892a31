import { describe, expect, it } from 'vitest';
import { formatCost, formatDuration, formatTokens } from '../../webview/shared/format';

describe('labels', () => {
  it('formats durations from µs to hours', () => {
    expect(formatDuration(0)).toBe('0 µs');
    expect(formatDuration(850)).toBe('850 µs');
    expect(formatDuration(1500)).toBe('1.5 ms');
    expect(formatDuration(12_345)).toBe('12.3 ms');
    expect(formatDuration(1_240_000)).toBe('1.24 s');
    expect(formatDuration(125e6)).toBe('2m 05s');
    expect(formatDuration(3720e6)).toBe('1h 02m');
    expect(formatDuration(Number.NaN)).toBe('—');
  });

  it('formats tokens and costs', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(12_345)).toBe('12k');
    expect(formatTokens(1_234)).toBe('1.2k');
    expect(formatTokens(2_500_000)).toBe('2.5M');
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.00042)).toBe('$0.00042');
    expect(formatCost(0.0134)).toBe('$0.013');
    expect(formatCost(1.267)).toBe('$1.27');
  });
});
