import { describe, expect, it } from 'vitest';
import { findMatches, matchOrdinal, stepMatch } from '../../webview/trace/search';

const names = ['research agent', 'Web_Search', 'plan', 'vector search', 'summarize', 'search'];

describe('search by name', () => {
  it('matches case-insensitive substrings, in row order', () => {
    expect([...findMatches(names, 'SEARCH')]).toEqual([0, 1, 3, 5]);
    expect([...findMatches(names, '  plan ')]).toEqual([2]);
    expect([...findMatches(names, '')]).toEqual([]);
    expect([...findMatches(names, 'nothing')]).toEqual([]);
  });

  it('steps to the next and previous hit from any row, wrapping', () => {
    const m = findMatches(names, 'search');
    expect(stepMatch(m, -1, 1)).toBe(0);
    expect(stepMatch(m, 0, 1)).toBe(1);
    expect(stepMatch(m, 2, 1)).toBe(3);
    expect(stepMatch(m, 5, 1)).toBe(0);
    expect(stepMatch(m, 3, -1)).toBe(1);
    expect(stepMatch(m, 2, -1)).toBe(1);
    expect(stepMatch(m, 0, -1)).toBe(5);
    expect(stepMatch(new Int32Array(0), 0, 1)).toBe(-1);
  });

  it('tells the ordinal of the selected hit', () => {
    const m = findMatches(names, 'search');
    expect(matchOrdinal(m, 3)).toBe(3);
    expect(matchOrdinal(m, 2)).toBe(0);
  });
});
