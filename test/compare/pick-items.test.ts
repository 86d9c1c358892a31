import { describe, expect, it } from 'vitest';
import type { TraceSummary } from '../../src/ingest/types';
import { firstPickItems, previousRun, secondPickItems, traceItem, uniqueTraces } from '../../src/extension/compare/pick-items';

const MIN = 60e6;
function t(id: string, name: string, minute: number, extra: Partial<TraceSummary> = {}): TraceSummary {
  return {
    traceId: id, name, files: ['/ws/traces.jsonl'], startTime: 1_800_000_000e6 + minute * MIN, duration: 2_500_000,
    spanCount: 7, errorCount: 0, running: false, inputTokens: 1200, outputTokens: 300, costUsd: 0.0123, ...extra,
  };
}
const o = { relPath: (f: string) => f.replace('/ws/', ''), formatTime: (ms: number) => `T${ms}` };

describe('compare quick picks', () => {
  const traces = uniqueTraces([
    [t('a1', 'answer', 1), t('s1', 'summarize', 2), t('a2', 'answer', 3)],
    // the same trace listed again by another file, and a later answer run
    [t('a2', 'answer', 3), t('a3', 'answer', 5)],
  ]);

  it('lists every trace once, newest first', () => {
    expect(traces.map((x) => x.traceId)).toEqual(['a3', 'a2', 's1', 'a1']);
    expect(firstPickItems(traces, o).map((i) => i.trace!.traceId)).toEqual(['a3', 'a2', 's1', 'a1']);
  });

  it('shows name, time, duration, tokens, cost and file', () => {
    const i = traceItem(t('x', 'answer', 0, { errorCount: 1 }), o);
    expect(i.label).toBe('$(error) answer');
    expect(i.description).toBe(`T${1_800_000_000_000} · 2.5 s · 1.5k tokens · $0.012 · 7 spans`);
    expect(i.detail).toBe('traces.jsonl');
  });

  it('offers the previous run of the first trace on top of the second pick, without the first trace', () => {
    const items = secondPickItems(traces, traces[1] /* a2 */, o);
    const picks = items.filter((i) => !i.separator);
    expect(picks[0].trace!.traceId).toBe('a1');
    expect(picks[0].description).toMatch(/^\$\(history\) previous run · /);
    expect(picks.map((i) => i.trace!.traceId)).toEqual(['a1', 'a3', 's1']);
    expect(items[0].separator).toBe(true);
  });

  it('the previous run is the latest earlier one of the same name; none for the oldest', () => {
    expect(previousRun(traces, traces[0])!.traceId).toBe('a2');
    expect(previousRun(traces, traces[3])).toBeUndefined();
    const items = secondPickItems(traces, traces[3] /* a1 */, o);
    expect(items.some((i) => i.separator)).toBe(false);
    expect(items.map((i) => i.trace!.traceId)).toEqual(['a3', 'a2', 's1']);
  });
});
