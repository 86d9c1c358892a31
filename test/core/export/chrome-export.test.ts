import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toChromeTrace, type ChromeTraceEvent } from '../../../src/core/export/chrome';
import { loadFile } from '../../../src/core/load';
import type { Span } from '../../../src/core/model';

const root = path.resolve(__dirname, '../../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'spanscope-chrome-export-'));
const files = [
  'sdk/format/fixtures/rag-trace.jsonl',
  'sdk/format/fixtures/llm-tool-calls.jsonl',
  'test/fixtures/formats/otlp-genai-chat.json',
  'test/fixtures/formats/langsmith-runs.jsonl',
].map((f) => path.join(root, f));

const complete = (events: ChromeTraceEvent[]) => events.filter((e) => e.ph === 'X');
const inside = (a: ChromeTraceEvent, b: ChromeTraceEvent) => a.ts! >= b.ts! && a.ts! + a.dur! <= b.ts! + b.dur!;
const disjoint = (a: ChromeTraceEvent, b: ChromeTraceEvent) => a.ts! + a.dur! <= b.ts! || b.ts! + b.dur! <= a.ts!;

/** On one lane two events are disjoint or nested, and nested only under an ancestor. */
function checkLanes(events: ChromeTraceEvent[]): void {
  const x = complete(events);
  const byId = new Map(x.map((e) => [e.args!.span_id as string, e]));
  const isAncestor = (anc: ChromeTraceEvent, e: ChromeTraceEvent): boolean => {
    let p = e.args!.parent_id as string | null;
    for (let guard = 0; p && guard < 1000; guard++) {
      if (p === anc.args!.span_id) return true;
      p = (byId.get(p)?.args!.parent_id as string | null) ?? null;
    }
    return false;
  };
  for (const a of x) {
    expect(a.dur!).toBeGreaterThanOrEqual(0);
    const parent = byId.get(a.args!.parent_id as string);
    if (parent && parent.pid === a.pid) expect(inside(a, parent), `${a.name} inside ${parent.name}`).toBe(true);
    for (const b of x) {
      if (a === b || a.pid !== b.pid || a.tid !== b.tid || disjoint(a, b)) continue;
      const nestedOk = (inside(a, b) && isAncestor(b, a)) || (inside(b, a) && isAncestor(a, b));
      expect(nestedOk, `${a.name} and ${b.name} share lane ${a.tid}`).toBe(true);
    }
  }
}

const allFixtures = readdirSync(path.join(root, 'test/fixtures/formats'))
  .filter((f) => /\.jsonl?$/.test(f))
  .map((f) => path.join(root, 'test/fixtures/formats', f));

describe('toChromeTrace', () => {
  it.each([...files, ...allFixtures])('keeps the tree through lanes: %s', async (file) => {
    const { spans } = await loadFile(file);
    const out = toChromeTrace(spans);
    expect(complete(out.traceEvents)).toHaveLength(spans.length);
    checkLanes(out.traceEvents);
    expect(out.traceEvents.filter((e) => e.name === 'process_name').length).toBe(new Set(spans.map((s) => s.traceId)).size);
  });

  it('puts parallel tool calls on separate lanes, sequential calls on the parent lane', async () => {
    const { spans } = await loadFile(files[1]!);
    const x = complete(toChromeTrace(spans).traceEvents);
    const tools = x.filter((e) => e.name === 'get_weather');
    expect(tools).toHaveLength(2);
    expect(tools[0]!.tid).not.toBe(tools[1]!.tid);
    const agent = x.find((e) => e.args!.parent_id === null)!;
    const llms = x.filter((e) => e.args!.span_type === 'llm');
    for (const l of llms) expect(l.tid).toBe(agent.tid);
  });

  it('carries ids, tokens, cost, model and error in args, and reads back the same spans', async () => {
    const { spans } = await loadFile(files[1]!);
    const out = toChromeTrace(spans);
    const llm = complete(out.traceEvents).find((e) => e.args!.span_type === 'llm')!;
    expect(llm.args).toMatchObject({ model: 'claude-sonnet-4-5', input_tokens: 412, output_tokens: 58, cache_read_input_tokens: 300 });
    expect(llm.args!.cost_usd).toBeCloseTo(0.002226, 9);

    const file = path.join(dir, 'tools.chrome.json');
    writeFileSync(file, JSON.stringify(out));
    const back = await loadFile(file);
    expect(back.format).toBe('chrome');
    const byId = new Map(back.spans.map((s) => [s.id, s]));
    for (const s of spans) {
      const b = byId.get(s.id)!;
      expect(b, s.name).toBeDefined();
      expect([b.traceId, b.parentId, b.name, b.spanType, b.status, b.model, b.costUsd])
        .toEqual([s.traceId, s.parentId, s.name, s.spanType, s.status, s.model, s.costUsd]);
      expect(b.usage).toEqual(s.usage);
      expect(b.startTime).toBe(s.startTime);
      expect(b.endTime).toBe(s.endTime);
      expect(b.error).toEqual(s.error);
    }
  });

  it('fits a child that starts before its parent (clock skew) and keeps its real times in args', () => {
    const base = 1795272500000000;
    const spans: Span[] = [
      { id: 'p', traceId: 't', parentId: null, name: 'parent', spanType: 'chain', startTime: base, endTime: base + 1000, status: 'ok' },
      { id: 'c', traceId: 't', parentId: 'p', name: 'child', spanType: 'tool', startTime: base - 50, endTime: base + 500, status: 'ok' },
      { id: 'r', traceId: 't', parentId: null, name: 'running', spanType: 'agent', startTime: base + 10, status: 'running' },
    ];
    const out = toChromeTrace(spans);
    checkLanes(out.traceEvents);
    const child = complete(out.traceEvents).find((e) => e.name === 'child')!;
    expect(child.ts).toBe(base);
    expect(child.args).toMatchObject({ start_time_us: base - 50, end_time_us: base + 500 });
    const running = complete(out.traceEvents).find((e) => e.name === 'running')!;
    expect(running.args!.running).toBe(true);
    expect(running.ts! + running.dur!).toBe(base + 1000);
  });

  it('shows every span of a parent cycle, without hanging', () => {
    const spans: Span[] = [
      { id: 'a', traceId: 't', parentId: 'b', name: 'a', spanType: 'custom', startTime: 10, endTime: 20, status: 'ok' },
      { id: 'b', traceId: 't', parentId: 'a', name: 'b', spanType: 'custom', startTime: 12, endTime: 18, status: 'ok' },
    ];
    expect(complete(toChromeTrace(spans).traceEvents).map((e) => e.name).sort()).toEqual(['a', 'b']);
  });

  it('names each trace process after the trace', async () => {
    const { spans } = await loadFile(files[0]!);
    const out = toChromeTrace(spans, [{ traceId: spans[0]!.traceId, name: 'RAG run' } as never]);
    const proc = out.traceEvents.find((e) => e.name === 'process_name')!;
    expect(String(proc.args!.name)).toMatch(/^RAG run/);
  });
});
