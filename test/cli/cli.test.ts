import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../src/core/load';
import { buildCli, nativeTrace, runCli, sharedFixtures, tmpDir, type SpanSpec } from './cli-harness';

const T0 = Date.UTC(2026, 10, 21, 14, 45) * 1000;

const agent: SpanSpec = {
  name: 'agent', type: 'agent', dur: 1_000_000, children: [
    { name: 'retrieve', type: 'retriever', at: 0, dur: 200_000 },
    { name: 'tool-a', type: 'tool', at: 200_000, dur: 300_000 },
    // parallel with tool-a and finishing last: the critical path goes through it
    { name: 'tool-b', type: 'tool', at: 200_000, dur: 500_000, status: 'error' },
    { name: 'answer', type: 'llm', at: 700_000, dur: 300_000, model: 'gpt-4o-mini', tokens: [120, 30], cost: 0.0004, source: { file: '/app/agent.py', line: 42 } },
  ],
};

let dir: string;
let file: string;

beforeAll(async () => {
  await buildCli();
  dir = tmpDir();
  file = path.join(dir, 'traces.jsonl');
  const lines = [...nativeTrace(agent, T0), '{"id": "broken", oops', ...nativeTrace({ name: 'second', dur: 5000 }, T0 + 5_000_000)];
  fs.writeFileSync(file, lines.join('\n') + '\n');
});

describe('spanscope inspect', () => {
  it('prints every trace with its tree in pre-order as the documented JSON', () => {
    const r = runCli(['inspect', file, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.traces.map((t: { name: string }) => t.name)).toEqual(['second', 'agent']); // newest first
    const t = out.traces[1];
    expect(t).toMatchObject({ span_count: 5, error_count: 1, input_tokens: 120, output_tokens: 30, duration_ms: 1000 });
    expect(t.cost_usd).toBeCloseTo(0.0004);
    expect(t.start_time).toBe('2026-11-21T14:45:00.000000Z');
    expect(t.spans.map((s: { name: string }) => s.name)).toEqual(['agent', 'retrieve', 'tool-a', 'tool-b', 'answer']);
    const byName = Object.fromEntries(t.spans.map((s: { name: string }) => [s.name, s]));
    expect(byName.agent).toMatchObject({ depth: 0, parent_id: null, span_type: 'agent', status: 'ok' });
    expect(byName.answer).toMatchObject({ depth: 1, parent_id: byName.agent.id, model: 'gpt-4o-mini', input_tokens: 120, output_tokens: 30, source: { file: '/app/agent.py', line: 42 } });
    expect(byName['tool-b']).toMatchObject({ status: 'error', duration_ms: 500 });
    for (const key of ['id', 'parent_id', 'name', 'span_type', 'depth', 'start_time', 'duration_ms', 'status', 'model', 'input_tokens', 'output_tokens', 'cost_usd', 'source']) {
      expect(byName.retrieve).toHaveProperty(key);
    }
    // parallel children: tool-b finishes after tool-a, so the path goes through tool-b, not tool-a
    expect(byName['tool-b'].critical_path).toBe(true);
    expect(byName['tool-a'].critical_path).toBe(false);
    expect(byName.answer.critical_path).toBe(true);
    expect(out.warnings).toEqual([{ file, line: 6, message: expect.any(String) }]);
  });

  it('--summary leaves the spans out, in JSON and text', () => {
    const j = JSON.parse(runCli(['inspect', file, '--json', '--summary']).stdout);
    expect(j.traces).toHaveLength(2);
    expect(j.traces[0].spans).toBeUndefined();
    const text = runCli(['inspect', file, '--summary']);
    expect(text.stdout).toContain('agent');
    expect(text.stdout).not.toContain('retrieve');
  });

  it('draws the tree in text, marks the critical path and errors, and warns with file and line on stderr', () => {
    const r = runCli(['inspect', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\* ├─ tool-b .*✗ ValueError: bad thing/);
    expect(r.stdout).toMatch(/ {3}├─ tool-a/);
    expect(r.stdout).toMatch(/└─ answer .*120→30 tok .*gpt-4o-mini/);
    expect(r.stderr).toContain(`warning: ${file}:6:`);
  });

  it.each([
    [['inspect', '/no/such/file.jsonl'], /no such file/],
    [['inspect', '.'], /is a directory/],
    [['inspect'], /no trace file given/],
    [['inspect', 'x', '--bogus'], /unknown option --bogus/],
    [['frobnicate'], /unknown command/],
    [['export', 'x.jsonl', '--format', 'xml'], /--format must be otlp or chrome/],
  ])('%j fails with one clear line and exit code 2', (args, message) => {
    const r = runCli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('an unknown format is an error naming the file', () => {
    const odd = path.join(dir, 'notes.txt');
    fs.writeFileSync(odd, 'just some words\nnot a trace\n');
    const r = runCli(['inspect', odd]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(odd);
  });
});

describe('costs', () => {
  it('estimates the cost of a span with tokens but no stated cost from the bundled prices, in inspect and diff alike', () => {
    const f = path.join(dir, 'unpriced.jsonl');
    const llm: SpanSpec = { name: 'ask', dur: 1000, children: [{ name: 'call', type: 'llm', dur: 500, model: 'gpt-4o-mini', tokens: [1_000_000, 0] }] };
    fs.writeFileSync(f, nativeTrace(llm, T0).join('\n') + '\n');
    const t = JSON.parse(runCli(['inspect', f, '--json']).stdout).traces[0];
    expect(t.cost_usd).toBeGreaterThan(0);
    // the span's own stated cost stays as the file has it: none
    expect(t.spans.find((s: { name: string }) => s.name === 'call').cost_usd).toBe(0);
    const d = JSON.parse(runCli(['diff', f, f, '--json']).stdout);
    expect(d.left.costUsd).toBeCloseTo(t.cost_usd, 9);
  });
});

describe('spanscope stats', () => {
  it('gives count, errors and percentiles per span name across traces', () => {
    const many = path.join(dir, 'many.jsonl');
    const lines: string[] = [];
    for (let i = 1; i <= 100; i++) lines.push(...nativeTrace({ name: 'step', dur: i * 1000, status: i % 10 === 0 ? 'error' : 'ok' }, T0 + i * 10_000_000));
    fs.writeFileSync(many, lines.join('\n') + '\n');
    const r = runCli(['stats', many, '--json']);
    expect(r.code).toBe(0);
    const step = JSON.parse(r.stdout).names.find((n: { name: string }) => n.name === 'step');
    expect(step).toMatchObject({ count: 100, errors: 10, p50_ms: 50, p90_ms: 90, p95_ms: 95, p99_ms: 99, max_ms: 100 });
    expect(step.histogram.reduce((a: number, b: { count: number }) => a + b.count, 0)).toBe(100);
    expect(runCli(['stats', many]).stdout).toMatch(/step\s+chain\s+100\s+10\s+50ms\s+90ms\s+95ms\s+99ms\s+100ms/);
  });
});

describe('spanscope export', () => {
  it('writes OTLP JSON that reads back with the same tree', async () => {
    const out = path.join(dir, 'out.otlp.json');
    const r = runCli(['export', file, '--format', 'otlp', '-o', out]);
    expect(r.code).toBe(0);
    const back = await loadFile(out);
    expect(back.format).toBe('otlp');
    expect(back.spans).toHaveLength(6);
    const answer = back.spans.find((s) => s.name === 'answer')!;
    const parent = back.spans.find((s) => s.id === answer.parentId)!;
    expect(parent.name).toBe('agent');
    expect(answer.usage).toMatchObject({ input_tokens: 120, output_tokens: 30 });
    expect(answer.model).toBe('gpt-4o-mini');
  });

  it('writes a Chrome trace whose events nest like the tree, for one trace', () => {
    const r = runCli(['export', file, '--format', 'chrome', '--trace', 'latest']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const events = doc.traceEvents.filter((e: { ph: string }) => e.ph === 'X');
    expect(events.map((e: { name: string }) => e.name)).toEqual(['second']);
    const all = JSON.parse(runCli(['export', file, '--format', 'chrome']).stdout).traceEvents.filter((e: { ph: string }) => e.ph === 'X');
    const agentEv = all.find((e: { name: string }) => e.name === 'agent');
    const answerEv = all.find((e: { name: string }) => e.name === 'answer');
    expect(answerEv.ts).toBeGreaterThanOrEqual(agentEv.ts);
    expect(answerEv.ts + answerEv.dur).toBeLessThanOrEqual(agentEv.ts + agentEv.dur);
  });

  it('names a missing trace id clearly', () => {
    const r = runCli(['export', file, '--format', 'otlp', '--trace', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no trace nope/);
  });
});

const haveShared = fs.existsSync(sharedFixtures);
if (!haveShared) console.warn(`\n!!! SKIPPED: ${sharedFixtures} is absent: the CLI was not run on the seed tracers' files\n`);

describe.skipIf(!haveShared)('spanscope on every seed-tracer file', () => {
  const files: string[] = [];
  if (haveShared) {
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
    walk(sharedFixtures);
  }
  // -wal/-shm/-journal are a database's companions, read with it; analyze_*.json are tracelm analyses, not traces
  const traceFiles = files.filter((f) => !/\.md$|-(wal|shm|journal)$/.test(f) && !path.basename(f).startsWith('analyze_'));

  it.each(traceFiles)('inspects %s', (f) => {
    const r = runCli(['inspect', f, '--json']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.traces.length).toBeGreaterThan(0);
    for (const t of out.traces) expect(t.spans.length).toBe(t.span_count);
  });
});
