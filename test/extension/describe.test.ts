import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/core/model';
import type { FileSummary, TraceRow, TraceSummary } from '../../src/ingest/types';
import {
  describeFile, describeSpan, describeTrace, filterMessage, formatAge, formatCost, formatDuration, formatTokens,
  mdText, sortTraces, spanIcon, traceMatches,
} from '../../src/extension/tree/describe';

const NOW = Date.UTC(2026, 10, 21, 15, 0, 0);
const trace = (over: Partial<TraceSummary> = {}): TraceSummary => ({
  traceId: 't1', name: 'answer_question', files: ['/w/traces.jsonl'], startTime: (NOW - 120_000) * 1000,
  duration: 3_050_000, spanCount: 7, errorCount: 0, running: false, inputTokens: 2254, outputTokens: 498,
  costUsd: 0.0087, ...over,
});
const row = (span: Partial<Span>, over: Partial<TraceRow> = {}): TraceRow => ({
  span: { id: 's1', traceId: 't1', parentId: null, name: 'plan', spanType: 'llm', startTime: 0, endTime: 760_000, status: 'ok', ...span },
  depth: 1, parentIndex: 0, childCount: 0, orphan: false, duration: 760_000, selfTime: 760_000, critical: false, ...over,
});

describe('tree item descriptions', () => {
  it('formats durations, tokens, costs and ages', () => {
    expect(formatDuration(850)).toBe('850 µs');
    expect(formatDuration(12_345)).toBe('12 ms');
    expect(formatDuration(1_240_000)).toBe('1.24 s');
    expect(formatDuration(125_000_000)).toBe('2 min 5 s');
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(2752)).toBe('2.8k');
    expect(formatCost(0.0087)).toBe('$0.0087');
    expect(formatCost(1.5)).toBe('$1.50');
    expect(formatAge((NOW - 10_000) * 1000, NOW)).toBe('just now');
    expect(formatAge((NOW - 120_000) * 1000, NOW)).toBe('2 min ago');
    expect(formatAge((NOW - 3 * 3600_000) * 1000, NOW)).toBe('3 h ago');
    expect(formatAge((NOW - 5 * 86400_000) * 1000, NOW)).toBe('5 days ago');
  });

  it('describes a trace with duration, tokens, cost and age', () => {
    const look = describeTrace(trace(), NOW);
    expect(look.label).toBe('answer_question');
    expect(look.description).toBe('3.05 s · 2.8k tok · $0.0087 · 2 min ago');
    expect(look.icon).toBe('pass');
    expect(look.tooltip).toContain('7 spans');
  });

  it('marks failed and running traces', () => {
    expect(describeTrace(trace({ errorCount: 2 }), NOW)).toMatchObject({ icon: 'error', iconColor: 'errorForeground' });
    const running = describeTrace(trace({ running: true }), NOW);
    expect(running.icon).toBe('loading~spin');
    expect(running.description.startsWith('running')).toBe(true);
  });

  it('gives each span type its codicon and marks running and failed spans', () => {
    expect(['llm', 'tool', 'retriever', 'chain', 'agent', 'embedding'].map(spanIcon))
      .toEqual(['sparkle', 'tools', 'search', 'link', 'robot', 'symbol-array']);
    expect(spanIcon('something-new')).toBe('circle-outline');
    expect(describeSpan(row({ usage: { input_tokens: 412, output_tokens: 96 }, model: 'gpt-4o-mini' })))
      .toMatchObject({ icon: 'sparkle', description: '760 ms · 508 tok · gpt-4o-mini' });
    expect(describeSpan(row({ status: 'running', endTime: undefined })).icon).toBe('loading~spin');
    expect(describeSpan(row({ status: 'error', error: { message: 'boom' } }))).toMatchObject({ icon: 'error', iconColor: 'errorForeground' });
  });

  it('escapes span content in tooltips: LLM output is never markup', () => {
    const look = describeSpan(row({ name: '<img src=x onerror=alert(1)>', error: { message: '**[click](command:x)**' } }));
    expect(look.tooltip).toMatch(/\\<img/);
    expect(look.tooltip).not.toMatch(/[^\\]</);
    expect(look.tooltip).not.toContain('[click](');
    expect(mdText('a_b')).toBe('a\\_b');
  });

  it('describes a file by name, folder, trace count and warnings', () => {
    const f: FileSummary = { file: '/w/runs/a.traces.jsonl', format: 'native', traces: [trace()], spanCount: 7, size: 10,
      warnings: [{ file: '/w/runs/a.traces.jsonl', line: 3, message: 'not JSON' }] };
    const look = describeFile(f, 'runs/a.traces.jsonl');
    expect(look).toMatchObject({ label: 'a.traces.jsonl', description: 'runs · 1 trace · 1 warning', icon: 'warning' });
    expect(look.tooltip).toContain('line 3: not JSON');
  });

  it('says which filter is on', () => {
    expect(filterMessage({ errorsOnly: false, name: '' })).toBeUndefined();
    expect(filterMessage({ errorsOnly: true, name: 'rag' })).toBe('Showing only traces with errors and names containing "rag"');
  });

  it('filters by errors and name, newest first', () => {
    const a = trace({ traceId: 'a', name: 'Alpha', startTime: 1 });
    const b = trace({ traceId: 'b', name: 'beta', startTime: 3, errorCount: 1 });
    const c = trace({ traceId: 'c', name: 'gamma', startTime: 2 });
    expect(sortTraces([a, b, c]).map((t) => t.traceId)).toEqual(['b', 'c', 'a']);
    expect([a, b, c].filter((t) => traceMatches(t, { errorsOnly: true, name: '' })).map((t) => t.traceId)).toEqual(['b']);
    expect([a, b, c].filter((t) => traceMatches(t, { errorsOnly: false, name: 'ALP' })).map((t) => t.traceId)).toEqual(['a']);
  });
});
