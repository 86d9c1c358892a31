import { describe, expect, it } from 'vitest';
import { childPage, describe as describeValue, displayString, kindOf, PAGE_SIZE, startsExpanded, STRING_CUT } from '../../webview/shared/json-tree';

describe('JSON tree model', () => {
  it('tells kinds and one-line previews', () => {
    expect(kindOf(null)).toBe('null');
    expect(kindOf([])).toBe('array');
    expect(kindOf({})).toBe('object');
    expect(describeValue({ a: 1, b: [1] })).toMatchObject({ kind: 'object', preview: '{a, b}', expandable: true, size: 2 });
    expect(describeValue([1, 'x', { y: 1 }])).toMatchObject({ kind: 'array', preview: '[1, "x", {…}] 3 items', expandable: true });
    expect(describeValue([])).toMatchObject({ preview: '[]', expandable: false });
    expect(describeValue('a'.repeat(500)).preview.length).toBeLessThan(100);
    expect(describeValue(true)).toMatchObject({ kind: 'boolean', preview: 'true', expandable: false });
  });

  it('pages the children of big containers', () => {
    const big = Array.from({ length: 250 }, (_, i) => i);
    const p1 = childPage(big);
    expect(p1.entries).toHaveLength(PAGE_SIZE);
    expect(p1.entries[0]).toEqual({ key: '0', value: 0 });
    expect(p1.next).toBe(PAGE_SIZE);
    const p3 = childPage(big, 200);
    expect(p3.entries.map((e) => e.value)).toEqual(big.slice(200));
    expect(p3.next).toBeUndefined();
    const obj = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`k${i}`, i]));
    expect(childPage(obj, 100).entries.map((e) => e.key)).toEqual(Array.from({ length: 20 }, (_, i) => `k${100 + i}`));
    expect(childPage('leaf')).toEqual({ entries: [], total: 0 });
  });

  it('cuts huge strings until asked for all of them', () => {
    const s = 'x'.repeat(STRING_CUT + 123);
    expect(displayString(s)).toEqual({ text: 'x'.repeat(STRING_CUT), hidden: 123 });
    expect(displayString(s, true).hidden).toBe(0);
    expect(displayString('short')).toEqual({ text: 'short', hidden: 0 });
  });

  it('opens small containers near the top only', () => {
    expect(startsExpanded({ a: 1 }, 0)).toBe(true);
    expect(startsExpanded({ a: 1 }, 1)).toBe(true);
    expect(startsExpanded({ a: 1 }, 2)).toBe(false);
    expect(startsExpanded(Array.from({ length: 20 }), 1)).toBe(false);
    expect(startsExpanded(Array.from({ length: 1000 }), 0)).toBe(false);
    expect(startsExpanded('s', 0)).toBe(false);
  });
});
