import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/core/model';
import type { FlatTrace, TraceRow } from '../../src/ingest/types';
import type { ViewRow } from '../../src/protocol/trace-view';
import { diffRows, toColumns, toViewRows, toViewSummary } from '../../src/extension/panels/trace-rows';
import type { RowPatch } from '../../src/protocol/trace-view';
import { patchColumns } from '../../webview/trace/columns';
import { TraceModel } from '../../webview/trace/rows';

/** What the view holds after applying `patches` to the columns of `rows`, read back as rows. */
function applyPatches(rows: ViewRow[], patches: RowPatch[], length: number): ViewRow[] | undefined {
  const m = new TraceModel(toColumns(rows));
  const next = patchColumns(m.cols, m.ids, m.names, patches, length);
  if (!next) return undefined;
  const model = new TraceModel(next.cols, next.ids, next.names);
  return Array.from({ length: model.n }, (_, i) => model.row(i));
}
import { syntheticTrace } from './synthetic-trace';

const T0 = 1_795_272_493_000_000;

function span(id: string, over: Partial<Span> = {}): Span {
  return { id, traceId: 't1', parentId: null, name: id, spanType: 'chain', startTime: T0, endTime: T0 + 1000, status: 'ok', ...over };
}

function flat(rows: TraceRow[]): FlatTrace {
  return {
    summary: { traceId: 't1', name: 'agent', files: ['/tmp/traces.jsonl'], startTime: T0, duration: 5000, spanCount: rows.length, errorCount: 1, running: false, inputTokens: 10, outputTokens: 5, costUsd: 0.01 },
    rows,
  };
}

describe('rows sent to the trace view', () => {
  it('keeps what the waterfall needs and drops inputs and outputs', () => {
    const huge = 'x'.repeat(100_000);
    const t = flat([
      { span: span('root', { inputs: { prompt: huge }, outputs: huge, metadata: { a: huge } }), depth: 0, parentIndex: -1, childCount: 1, orphan: false, duration: 5000, selfTime: 4000, critical: true },
      { span: span('llm', { parentId: 'root', spanType: 'llm', startTime: T0 + 200, status: 'error', error: { message: 'rate limited\nretry later', stack: 'at x' }, model: 'gpt-4o', usage: { input_tokens: 10, output_tokens: 5 }, costUsd: 0.01, source: { file: '/a.py', line: 3 } }), depth: 1, parentIndex: 0, childCount: 0, orphan: false, duration: 1000, selfTime: 1000, critical: false },
    ]);
    const rows = toViewRows(t);
    expect(rows[0]).toEqual({ id: 'root', name: 'root', type: 'chain', status: 'ok', start: 0, duration: 5000, selfTime: 4000, depth: 0, parent: -1, childCount: 1, critical: true });
    expect(rows[1]).toEqual({ id: 'llm', name: 'llm', type: 'llm', status: 'error', start: 200, duration: 1000, selfTime: 1000, depth: 1, parent: 0, childCount: 0, tokens: 15, costUsd: 0.01, model: 'gpt-4o', error: 'rate limited', hasSource: true });
    expect(JSON.stringify(rows).length).toBeLessThan(1000);
    expect(toViewSummary(t.summary)).not.toHaveProperty('files');
  });

  it('sends an appended span as one patch plus the rows that changed', () => {
    const { rows } = syntheticTrace(2000);
    const next = rows.map((r) => ({ ...r }));
    next[0] = { ...next[0], duration: next[0].duration + 10 };
    next.push({ ...rows[rows.length - 1], id: 'new', name: 'new span', parent: 0, depth: 1, status: 'running' });
    const patches = diffRows(rows, next);
    expect(patches.map((p) => p.index)).toEqual([0, 2000]);
    expect(applyPatches(rows, patches, next.length)).toEqual(next);
    expect(diffRows(rows, rows.map((r) => ({ ...r })))).toEqual([]);
  });

  it('round-trips any change through patches: inserted, removed, replaced rows', () => {
    const { rows } = syntheticTrace(500, 3);
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let round = 0; round < 50; round++) {
      const next: ViewRow[] = rows.map((r) => ({ ...r }));
      const at = Math.floor(rand() * next.length);
      const op = round % 3;
      if (op === 0) next.splice(at, 0, { ...next[at], id: `ins-${round}` });
      else if (op === 1) next.splice(at, 1 + Math.floor(rand() * 20));
      else next[at] = { ...next[at], status: 'error', error: 'boom' };
      expect(applyPatches(rows, diffRows(rows, next), next.length)).toEqual(next);
    }
  });

  it('encodes ids and names that hold the separator as arrays, and reads them back', () => {
    const { rows } = syntheticTrace(5);
    rows[2] = { ...rows[2], id: 'a\u0000b', name: 'x\u0000y', model: 'm', error: 'e', costUsd: 0 };
    const cols = toColumns(rows);
    expect(Array.isArray(cols.ids)).toBe(true);
    const m = new TraceModel(cols);
    expect(m.row(2)).toEqual(rows[2]);
    expect(typeof toColumns(syntheticTrace(5).rows).ids).toBe('string');
  });

  it('refuses patches that leave holes or point outside the trace', () => {
    const { rows } = syntheticTrace(10);
    expect(applyPatches(rows, [], 12)).toBeUndefined();
    expect(applyPatches(rows, [{ index: 20, row: rows[0] }], 11)).toBeUndefined();
    expect(applyPatches(rows, [], 5)).toEqual(rows.slice(0, 5));
  });
});
