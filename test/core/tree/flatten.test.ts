import { describe, expect, it } from 'vitest';
import { buildTraces } from '../../../src/core/tree';
import { flattenTrace, summarizeTrace } from '../../../src/core/flatten';
import { sp } from './helpers';

describe('flattenTrace', () => {
  const [trace] = buildTraces([
    sp('a', null, 0, 100, { origin: { file: '/t/a.jsonl', line: 1 } }),
    sp('b', 'a', 10, 40, { usage: { input_tokens: 5, output_tokens: 2 }, costUsd: 0.01 }),
    sp('c', 'b', 12, 20),
    sp('d', 'a', 50, 100, { status: 'error' }),
    sp('o', 'elsewhere', 60, 70),
  ]);

  it('keeps pre-order with parent indexes instead of pointers', () => {
    const flat = flattenTrace(trace);
    expect(flat.rows.map((r) => [r.span.id, r.depth, r.parentIndex, r.childCount, r.orphan])).toEqual([
      ['a', 0, -1, 2, false],
      ['b', 1, 0, 1, false],
      ['c', 2, 1, 0, false],
      ['d', 1, 0, 0, false],
      ['o', 0, -1, 0, true],
    ]);
    expect(flat.rows.map((r) => r.critical)).toEqual(trace.nodes.map((n) => n.onCriticalPath));
    expect(flat.rows[0].selfTime).toBe(trace.nodes[0].selfTime);
  });

  it('is plain data that survives structured cloning and JSON', () => {
    const flat = flattenTrace(trace);
    expect(structuredClone(flat)).toEqual(flat);
    expect(JSON.parse(JSON.stringify(flat))).toEqual(flat);
  });

  it('summarizes the trace', () => {
    expect(summarizeTrace(trace)).toEqual({
      traceId: 't1',
      name: 'a',
      files: ['/t/a.jsonl'],
      startTime: trace.startTime,
      duration: 100_000,
      spanCount: 5,
      errorCount: 1,
      running: false,
      inputTokens: 5,
      outputTokens: 2,
      costUsd: 0.01,
    });
  });

  it('gives parent indexes that agree with the tree for cut cycles and orphans too', () => {
    const [t] = buildTraces([sp('a', 'b', 0, 50), sp('b', 'a', 5, 40), sp('c', 'b', 10, 20), sp('o', 'gone', 1, 2), sp('r', null, 3, 90)]);
    const flat = flattenTrace(t);
    flat.rows.forEach((row, i) => {
      const parent = t.nodes[i].parent;
      expect(row.parentIndex).toBe(parent ? t.nodes.indexOf(parent) : -1);
      expect(row.childCount).toBe(t.nodes[i].children.length);
    });
  });
});
