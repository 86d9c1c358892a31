import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeTrace } from '../../../src/core/flatten';
import { buildTraces } from '../../../src/core/tree';
import { summarizeFromColumns } from '../../../src/ingest/store/columnSummary';
import { JsonlIndex } from '../../../src/ingest/store/jsonlIndex';
import { NativeTraceWriter } from '../../../bench/gen-native-jsonl';
import { tmpDir } from './helpers';

const dir = tmpDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function indexOf(name: string, lines: string[]): Promise<{ index: JsonlIndex; file: string }> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const index = new JsonlIndex(file);
  await index.read({ final: true });
  return { index, file };
}

/** Every trace: the column summary, where it gives one, equals the core's. */
function compareAll(index: JsonlIndex, file: string): number {
  let covered = 0;
  for (const traceId of index.table.traceIds()) {
    const spans = index.table.rowsOf(traceId).map((r) => index.table.span(r, file));
    const expected = summarizeTrace(buildTraces(spans)[0]);
    const got = summarizeFromColumns(index.table, traceId, file);
    if (got) {
      covered++;
      expect(got, traceId).toEqual(expected);
    }
  }
  return covered;
}

const t0 = Date.UTC(2026, 10, 21, 14) * 1000;
function span(id: string, trace: string, parent: string | null, startUs: number, extra: Record<string, unknown> = {}): string {
  const iso = (us: number) => `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 19)}.${String(us % 1e6).padStart(6, '0')}Z`;
  return JSON.stringify({ id, trace_id: trace, parent_id: parent, name: `n-${id}`, span_type: 'llm', start_time: iso(t0 + startUs), end_time: iso(t0 + startUs + 100), status: 'ok', ...extra });
}

describe('trace summaries from the columns', () => {
  it('equal the core tree summaries on generated agent traces (aggregating roots, running roots)', async () => {
    const w = new NativeTraceWriter(11);
    const lines: string[] = [];
    while (lines.length < 3000) lines.push(...w.trace(60));
    const { index, file } = await indexOf('gen.jsonl', lines);
    const traces = index.table.traceIds().length;
    expect(compareAll(index, file)).toBe(traces);
  });

  it('equal them on odd shapes: orphans, several roots, ties, aggregate usage and cost, zero tokens', async () => {
    const u = (i: number, o: number) => ({ usage: { input_tokens: i, output_tokens: o } });
    const lines = [
      // orphan + root with the same start: name of the earliest by id
      span('b', 'T1', 'missing', 0), span('a', 'T1', null, 0),
      // aggregating parent: its stated usage is its children's sum
      span('p', 'T2', null, 0, { ...u(30, 3), cost_usd: 0.3 }),
      span('c1', 'T2', 'p', 10, { ...u(10, 1), cost_usd: 0.1 }), span('c2', 'T2', 'p', 10, { ...u(20, 2), cost_usd: 0.2 }),
      // parent with its own usage on top of a child's
      span('q', 'T3', null, 0, u(5, 5)), span('q1', 'T3', 'q', 1, u(5, 0)), span('q2', 'T3', 'q1', 2, { usage: { input_tokens: 0, output_tokens: 0 } }),
      // self parent and an empty parent id: roots
      span('s', 'T4', 's', 5), span('e', 'T4', '', 6, { status: 'error', error: { message: 'x' } }),
      // running span (no end)
      JSON.stringify({ id: 'r', trace_id: 'T5', parent_id: null, name: 'run', span_type: 'agent', start_time: '2026-11-21T14:00:00.000000Z', status: 'running' }),
      span('r1', 'T5', 'r', 50, { cost_usd: 0 }),
    ];
    const { index, file } = await indexOf('odd.jsonl', lines);
    expect(compareAll(index, file)).toBe(5);
  });

  it('leaves a parent cycle to the core tree', async () => {
    const { index, file } = await indexOf('cycle.jsonl', [span('x', 'C', 'y', 0), span('y', 'C', 'x', 1), span('z', 'C', null, 2)]);
    expect(summarizeFromColumns(index.table, 'C', file)).toBeUndefined();
  });
});
